package io.jpm.agent.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jpm.agent.testing.FakeClock;
import io.jpm.messages.v1.AgentState;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.SavedApp;
import io.jpm.messages.v1.SavedInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes, crash leftovers and corrupt files of one state file. */
class StateStoreTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();

  private StateStore store() {
    return new StateStore(dir.resolve("state.pb"), clock);
  }

  private static AgentState state(int nextId) {
    return AgentState.newBuilder()
        .setFormat(StateStore.FORMAT)
        .setNextId(nextId)
        .addApps(
            SavedApp.newBuilder()
                .setSpec(AppSpec.newBuilder().setName("web").putEnv("SECRET", "s3cr3t"))
                .addInstances(SavedInstance.newBuilder().setId(0).setPid(4242).setWantUp(true)))
        .addApps(SavedApp.newBuilder().setSpec(AppSpec.newBuilder().setName("worker")))
        .setWrittenAtMs(1_767_225_600_000L)
        .build();
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void write_thenRead_roundTripsAndIsOwnerOnly() throws IOException {
    StateStore store = store();

    store.write(state(7));

    assertThat(store.read()).contains(state(7));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
        .isEqualTo("rw-------");
    assertThat(files()).containsExactly("state.pb");
  }

  @Test
  void write_overAnOlderState_replacesIt() throws IOException {
    StateStore store = store();
    store.write(state(1));

    store.write(state(2));

    assertThat(store.read()).contains(state(2));
    assertThat(files()).containsExactly("state.pb");
  }

  @Test
  void read_noFile_isEmpty() throws IOException {
    assertThat(store().read()).isEmpty();
  }

  @Test
  void write_crashBeforeTheRename_leavesTheOldStateWholeAndNoTempFile() throws IOException {
    store().write(state(1));
    StateStore crashing =
        new StateStore(
            dir.resolve("state.pb"),
            clock,
            (from, to) -> {
              // The new bytes are complete and synced in the temp file at this point.
              assertThat(AgentState.parseFrom(Files.readAllBytes(from))).isEqualTo(state(2));
              throw new IOException("simulated crash before rename");
            });

    assertThatThrownBy(() -> crashing.write(state(2))).hasMessageContaining("simulated crash");

    assertThat(store().read()).contains(state(1));
    assertThat(files()).containsExactly("state.pb");
  }

  @Test
  void read_afterACrashLeftAHalfWrittenTempFile_returnsTheLastCompleteState() throws IOException {
    StateStore store = store();
    store.write(state(1));
    byte[] next = state(2).toByteArray();
    Path half = dir.resolve("state.pb.8723461.tmp");
    Files.write(half, Arrays.copyOf(next, next.length / 2));

    assertThat(store.read()).contains(state(1));
    assertThat(store.discardUnfinishedWrites()).isEqualTo(1);
    assertThat(files()).containsExactly("state.pb");
  }

  @Test
  void discardUnfinishedWrites_leavesOtherFilesAlone() throws IOException {
    Files.writeString(dir.resolve("dump.pb.1.tmp"), "other store's");
    Files.writeString(dir.resolve("state.pb.corrupt-x"), "kept for inspection");

    assertThat(store().discardUnfinishedWrites()).isZero();
    assertThat(files()).containsExactly("dump.pb.1.tmp", "state.pb.corrupt-x");
  }

  @Test
  void read_fileTruncatedAtAnyLength_isReportedAndSetAsideNeverTakenAsAShorterState()
      throws IOException {
    byte[] whole = state(3).toByteArray();
    StateStore store = store();
    for (int length = 0; length < whole.length; length++) {
      byte[] prefix = Arrays.copyOf(whole, length);
      Files.write(store.file(), prefix);

      CorruptStateException e = catchThrowableOfType(CorruptStateException.class, store::read);

      assertThat(e).as("prefix of %d bytes", length).isNotNull();
      assertThat(store.file()).doesNotExist();
      assertThat(Files.readAllBytes(e.setAside())).isEqualTo(prefix);
      Files.delete(e.setAside());
    }
  }

  @Test
  void read_garbage_isSetAsideUnderATimeStampedNameAndReported() throws IOException {
    StateStore store = store();
    Files.write(store.file(), new byte[] {(byte) 0xff, (byte) 0xff, 0x01});

    assertThatThrownBy(store::read)
        .isInstanceOf(CorruptStateException.class)
        .hasMessageContaining("state.pb is unreadable: it does not parse")
        .hasMessageContaining("state.pb.corrupt-20260101T000000.000Z");
    assertThat(files()).containsExactly("state.pb.corrupt-20260101T000000.000Z");
  }

  @Test
  void read_twoCorruptFilesAtTheSameInstant_bothKept() throws IOException {
    StateStore store = store();
    Files.writeString(store.file(), "first");
    assertThatThrownBy(store::read).isInstanceOf(CorruptStateException.class);
    Files.writeString(store.file(), "second");

    assertThatThrownBy(store::read).isInstanceOf(CorruptStateException.class);

    assertThat(files())
        .containsExactly(
            "state.pb.corrupt-20260101T000000.000Z", "state.pb.corrupt-20260101T000000.000Z-1");
  }

  @Test
  void read_aNewerFormat_isReportedWithBothVersions() throws IOException {
    StateStore store = store();
    Files.write(store.file(), state(1).toBuilder().setFormat(2).build().toByteArray());

    assertThatThrownBy(store::read).hasMessageContaining("it has format 2, this jpm reads 1");
  }

  @Test
  void delete_removesTheFile() throws IOException {
    StateStore store = store();
    store.write(state(1));

    store.delete();

    assertThat(store.read()).isEmpty();
  }
}
