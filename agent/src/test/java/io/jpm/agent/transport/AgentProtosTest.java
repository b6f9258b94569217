package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.supervision.AppSpec;
import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.InstanceDetail;
import io.jpm.agent.supervision.InstanceEvent;
import io.jpm.agent.supervision.InstancePolicy;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessLauncher.LogFiles;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.RestartPolicy;
import io.jpm.agent.testing.TestApp;
import io.jpm.messages.v1.DescribeReply;
import io.jpm.messages.v1.ProcessDetail;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.StateChanged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round-trips every domain/wire pair of AgentProtos and checks the defaults of process.proto. */
class AgentProtosTest {
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");

  private static InstanceSnapshot snapshot(long pid, Integer exitCode) {
    return new InstanceSnapshot(
        7,
        "api",
        "web",
        2,
        pid,
        ProcessState.RUNNING,
        true,
        3,
        1,
        4500,
        12.5,
        1 << 20,
        exitCode,
        CREATED);
  }

  @Test
  void snapshot_roundTrip_isEqual() {
    InstanceSnapshot s = snapshot(4242, 1);

    ProcessInfo p = AgentProtos.toProto(s, "host-a");

    assertThat(p.getHost()).isEqualTo("host-a");
    assertThat(p.getPid()).isEqualTo(4242);
    assertThat(p.getExitCode()).isEqualTo(1);
    assertThat(AgentProtos.fromProto(p)).isEqualTo(s);
  }

  @Test
  void snapshot_noPidNoExit_leavesOptionalFieldsAbsent() {
    InstanceSnapshot s = snapshot(0, null);

    ProcessInfo p = AgentProtos.toProto(s, "h");

    assertThat(p.hasPid()).isFalse();
    assertThat(p.hasExitCode()).isFalse();
    assertThat(AgentProtos.fromProto(p)).isEqualTo(s);
  }

  @ParameterizedTest
  @EnumSource(ProcessState.class)
  void processState_roundTrip_isEqual(ProcessState state) {
    assertThat(AgentProtos.fromProto(AgentProtos.toProto(state))).isEqualTo(state);
  }

  @Test
  void processState_unspecified_isRejected() {
    assertThatThrownBy(
            () -> AgentProtos.fromProto(io.jpm.messages.v1.ProcessState.PROCESS_STATE_UNSPECIFIED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void instanceEvent_roundTrip_isEqual() {
    InstanceEvent e =
        new InstanceEvent(CREATED, ProcessState.RUNNING, ProcessState.BACKOFF, "exited with 1");

    assertThat(AgentProtos.fromProto(AgentProtos.toProto(e))).isEqualTo(e);
  }

  @Test
  void appSpec_fullSpecRoundTrip_isEqual() {
    AppSpec spec =
        new AppSpec(
            "api",
            "web",
            "/srv/api.js",
            List.of("--port", "8080"),
            "node",
            List.of(),
            Path.of("/srv"),
            Map.of("A", "1", "B", "2"),
            3,
            new InstancePolicy(
                new RestartPolicy(
                    false,
                    5,
                    Duration.ofMillis(250),
                    Duration.ofMillis(100),
                    Duration.ofMillis(300),
                    Set.of(0, 3)),
                Duration.ofSeconds(5),
                "INT",
                null),
            1L << 30);

    assertThat(AgentProtos.fromProto(AgentProtos.toProto(spec))).isEqualTo(spec);
  }

  @Test
  void appSpec_commandSpecRoundTrip_isEqual() {
    AppSpec spec = TestApp.named("worker").shell("sleep 5").instances(2).build();

    assertThat(AgentProtos.fromProto(AgentProtos.toProto(spec))).isEqualTo(spec);
  }

  @Test
  void appSpecFromProto_onlyScriptAndCwd_appliesProcessProtoDefaults() {
    AppSpec spec =
        AgentProtos.fromProto(
            io.jpm.messages.v1.AppSpec.newBuilder()
                .setScript("/srv/app/api.server.js")
                .setCwd("/srv/app")
                .build());

    assertThat(spec.name()).isEqualTo("api.server");
    assertThat(spec.namespace()).isEqualTo("default");
    assertThat(spec.instances()).isEqualTo(1);
    assertThat(spec.script()).isEqualTo("/srv/app/api.server.js");
    assertThat(spec.interpreter()).isNull();
    assertThat(spec.cwd()).isEqualTo(Path.of("/srv/app"));
    assertThat(spec.policy().restart())
        .isEqualTo(
            new RestartPolicy(true, 16, Duration.ofSeconds(1), Duration.ZERO, null, Set.of()));
    assertThat(spec.policy().killTimeout()).isEqualTo(Duration.ofMillis(1600));
    assertThat(spec.policy().stopSignal()).isEqualTo("TERM");
    assertThat(spec.maxMemoryBytes()).isZero();
  }

  @Test
  void appSpecFromProto_explicitZeroes_areKeptNotDefaulted() {
    AppSpec spec =
        AgentProtos.fromProto(
            io.jpm.messages.v1.AppSpec.newBuilder()
                .setName("x")
                .setScript("/bin/true")
                .setAutorestart(false)
                .setMaxRestarts(0)
                .setMinUptimeMs(0)
                .setKillTimeoutMs(0)
                .build());

    RestartPolicy r = spec.policy().restart();
    assertThat(r.autorestart()).isFalse();
    assertThat(r.maxRestarts()).isZero();
    assertThat(r.minUptime()).isZero();
    assertThat(spec.policy().killTimeout()).isZero();
  }

  @Test
  void appSpecFromProto_instancesMax_usesAvailableProcessors() {
    AppSpec spec =
        AgentProtos.fromProto(
            io.jpm.messages.v1.AppSpec.newBuilder()
                .setScript("/bin/true")
                .setInstancesMax(true)
                .build());

    assertThat(spec.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void appSpec_portReadyAndListenTimeout_roundTrip() {
    AppSpec spec =
        TestApp.named("web")
            .port(8080)
            .ready("log:listening on \\d+", Duration.ofSeconds(9))
            .build();

    io.jpm.messages.v1.AppSpec p = AgentProtos.toProto(spec);

    assertThat(p.getPort()).isEqualTo(8080);
    assertThat(p.getReady()).isEqualTo("log:listening on \\d+");
    assertThat(p.getListenTimeoutMs()).isEqualTo(9000);
    assertThat(AgentProtos.fromProto(p)).isEqualTo(spec);
  }

  @Test
  void appSpec_balance_roundTripsAndDefaultsToRoundRobin() {
    AppSpec spec = TestApp.named("web").port(8080).balance(Balance.LEAST_CONNECTIONS).build();

    io.jpm.messages.v1.AppSpec p = AgentProtos.toProto(spec);

    assertThat(p.getBalance()).isEqualTo("least-conn");
    assertThat(AgentProtos.fromProto(p)).isEqualTo(spec);
    assertThat(AgentProtos.fromProto(p.toBuilder().clearBalance().build()).balance())
        .isEqualTo(Balance.ROUND_ROBIN);
  }

  @Test
  void appSpecFromProto_unknownBalance_isInvalidArgumentNamingTheKey() {
    io.jpm.messages.v1.AppSpec p =
        io.jpm.messages.v1.AppSpec.newBuilder().setName("web").setBalance("random").build();

    assertThatThrownBy(() -> AgentProtos.fromProto(p))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'web': balance: 'random' is not round-robin or least-conn");
  }

  @Test
  void appSpecFromProto_portWithoutReady_isCheckedWithTcpWithinPm2sListenTimeout() {
    AppSpec spec =
        AgentProtos.fromProto(
            io.jpm.messages.v1.AppSpec.newBuilder()
                .setScript("/srv/app.py")
                .setCwd("/srv")
                .setPort(8080)
                .build());

    assertThat(spec.port()).isEqualTo(8080);
    assertThat(spec.ready()).isEqualTo(ReadyCheck.TCP);
    assertThat(spec.policy().readyTimeout()).isEqualTo(Duration.ofMillis(3000));
    assertThat(spec.problems()).isEmpty();
  }

  @Test
  void appSpecFromProto_noPortNoReady_hasNoCheckAndIgnoresListenTimeout() {
    AppSpec spec =
        AgentProtos.fromProto(
            io.jpm.messages.v1.AppSpec.newBuilder()
                .setScript("/srv/app.py")
                .setCwd("/srv")
                .setListenTimeoutMs(500)
                .build());

    assertThat(spec.ready()).isNull();
    assertThat(spec.policy().readyTimeout()).isNull();
    assertThat(spec.problems()).isEmpty();
  }

  @Test
  void appSpecFromProto_malformedReady_isInvalidArgumentNamingTheKey() {
    io.jpm.messages.v1.AppSpec p =
        io.jpm.messages.v1.AppSpec.newBuilder().setName("web").setReady("http:health").build();

    assertThatThrownBy(() -> AgentProtos.fromProto(p))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'web': ready: http check needs a path starting with /");
  }

  @Test
  void snapshot_withPort_fillsProcessInfoPort() {
    InstanceSnapshot s =
        new InstanceSnapshot(
            1,
            "web",
            "default",
            0,
            7,
            ProcessState.RUNNING,
            true,
            0,
            0,
            5,
            0,
            0,
            null,
            CREATED,
            8080);

    assertThat(AgentProtos.toProto(s, "h").getPort()).isEqualTo(8080);
    assertThat(AgentProtos.fromProto(AgentProtos.toProto(s, "h"))).isEqualTo(s);
  }

  @Test
  void appSpecFromProto_commandWithoutName_namesAfterProgram() {
    AppSpec spec =
        AgentProtos.fromProto(
            io.jpm.messages.v1.AppSpec.newBuilder()
                .addAllCommand(List.of("/usr/bin/python3", "-m", "http.server"))
                .build());

    assertThat(spec.name()).isEqualTo("python3");
    assertThat(spec.command()).containsExactly("/usr/bin/python3", "-m", "http.server");
  }

  @Test
  void appSpecFromProto_signalNumberOrPrefix_isCanonical() {
    io.jpm.messages.v1.AppSpec.Builder b =
        io.jpm.messages.v1.AppSpec.newBuilder().setName("x").setScript("/bin/true");

    assertThat(AgentProtos.fromProto(b.setKillSignal("SIGINT").build()).policy().stopSignal())
        .isEqualTo("INT");
    assertThat(AgentProtos.fromProto(b.setKillSignal("2").build()).policy().stopSignal())
        .isEqualTo("INT");
  }

  @Test
  void appSpecFromProto_unknownSignal_isInvalidArgumentNamingTheKey() {
    io.jpm.messages.v1.AppSpec p =
        io.jpm.messages.v1.AppSpec.newBuilder()
            .setName("x")
            .setScript("/bin/true")
            .setKillSignal("SIGBOGUS")
            .build();

    assertThatThrownBy(() -> AgentProtos.fromProto(p))
        .isInstanceOfSatisfying(
            CommandException.class,
            e -> assertThat(e.failure()).isEqualTo(CommandException.Failure.INVALID_ARGUMENT))
        .hasMessageContaining("kill_signal")
        .hasMessageContaining("SIGBOGUS");
  }

  @Test
  void detail_roundTrip_keepsEverythingButEnvValues() {
    InstanceDetail d = detail(Map.of("ZED", "z-value", "ALPHA", "a-value"));

    InstanceDetail back = AgentProtos.fromProto(AgentProtos.toProto(d, "h"));

    assertThat(back.snapshot()).isEqualTo(d.snapshot());
    assertThat(back.argv()).isEqualTo(d.argv());
    assertThat(back.logs()).isEqualTo(d.logs());
    assertThat(back.events()).isEqualTo(d.events());
    assertThat(back.spec())
        .isEqualTo(TestApp.named("api").env(Map.of("ZED", "", "ALPHA", "")).build());
  }

  @Test
  void detailToProto_env_sendsSortedNamesAndNoValues() {
    ProcessDetail p = AgentProtos.toProto(detail(Map.of("ZED", "z", "ALPHA", "a")), "h");

    assertThat(p.getEnvNamesList()).containsExactly("ALPHA", "ZED");
    assertThat(p.getSpec().getEnvMap()).isEmpty();
  }

  @Test
  void describeReply_bytes_containNoEnvValue() {
    String secret = "s3cr3t-token-value-6f1c";
    InstanceDetail d = detail(Map.of("API_TOKEN", secret, "OTHER", secret + "-2"));
    Reply reply =
        Reply.newBuilder()
            .setDescribe(DescribeReply.newBuilder().addDetails(AgentProtos.toProto(d, "h")))
            .build();

    String bytes = new String(reply.toByteArray(), StandardCharsets.ISO_8859_1);

    assertThat(bytes).contains("API_TOKEN").doesNotContain(secret);
  }

  @Test
  void spec_baseEnv_travelsInBothDirections() {
    io.jpm.messages.v1.AppSpec p =
        AgentProtos.toProto(TestApp.named("api").build()).toBuilder()
            .putBaseEnv("PATH", "/usr/bin")
            .putBaseEnv("HOME", "/home/u")
            .build();

    AppSpec spec = AgentProtos.fromProto(p);

    assertThat(spec.baseEnv()).isEqualTo(Map.of("PATH", "/usr/bin", "HOME", "/home/u"));
    assertThat(AgentProtos.toProto(spec).getBaseEnvMap()).isEqualTo(spec.baseEnv());
  }

  @Test
  void detailToProto_baseEnv_keepsNamesWithoutValues() {
    String secret = "base-env-secret-93b1";
    AppSpec spec =
        AgentProtos.fromProto(
            AgentProtos.toProto(TestApp.named("api").build()).toBuilder()
                .putBaseEnv("SHELL_TOKEN", secret)
                .build());
    InstanceDetail d =
        new InstanceDetail(
            snapshot(1, null),
            spec,
            spec.argv(),
            new LogFiles(Path.of("/l/o"), Path.of("/l/e")),
            List.of());

    ProcessDetail p = AgentProtos.toProto(d, "h");

    assertThat(p.getSpec().getBaseEnvMap()).isEqualTo(Map.of("SHELL_TOKEN", ""));
    assertThat(new String(p.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
  }

  @Test
  void stateChangedToProto_carriesInstancePreviousReasonAndDeletion() {
    StateChanged p =
        AgentProtos.toProto(snapshot(9, null), ProcessState.STARTING, "spawned", true, "h");

    assertThat(AgentProtos.fromProto(p.getProcess())).isEqualTo(snapshot(9, null));
    assertThat(p.getPrevious()).isEqualTo(io.jpm.messages.v1.ProcessState.PROCESS_STATE_STARTING);
    assertThat(p.getReason()).isEqualTo("spawned");
    assertThat(p.getDeleted()).isTrue();
  }

  private static InstanceDetail detail(Map<String, String> env) {
    AppSpec spec = TestApp.named("api").env(env).build();
    return new InstanceDetail(
        snapshot(4242, null),
        spec,
        spec.argv(),
        new LogFiles(Path.of("/l/api-out-0.log"), Path.of("/l/api-error-0.log")),
        List.of(
            new InstanceEvent(CREATED, ProcessState.STOPPED, ProcessState.STARTING, "start"),
            new InstanceEvent(CREATED, ProcessState.STARTING, ProcessState.RUNNING, "spawned")));
  }
}
