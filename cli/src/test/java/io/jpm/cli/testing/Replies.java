package io.jpm.cli.testing;

import io.jpm.messages.v1.Error;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessList;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import java.util.List;

/** Canned agent replies and process rows for tests. */
public final class Replies {
  /** 2026-01-02T03:04:05.678Z. */
  public static final long CREATED_AT_MS = 1_767_323_045_678L;

  private Replies() {}

  /** A row for instance 0 of {@code name}; running states get pid 1000 + id and usage figures. */
  public static ProcessInfo process(int id, String name, ProcessState state) {
    ProcessInfo.Builder p =
        ProcessInfo.newBuilder()
            .setHost("h1")
            .setId(id)
            .setName(name)
            .setNamespace("default")
            .setInstance(0)
            .setState(state)
            .setCreatedAtMs(CREATED_AT_MS);
    boolean running =
        state == ProcessState.PROCESS_STATE_RUNNING
            || state == ProcessState.PROCESS_STATE_STARTING
            || state == ProcessState.PROCESS_STATE_STOPPING;
    if (running) {
      p.setPid(1000 + id).setUptimeMs(125_000).setCpuPercent(3.6).setMemoryBytes(12_897_485);
    }
    return p.build();
  }

  /** A ProcessList reply. */
  public static Reply processes(ProcessInfo... rows) {
    return Reply.newBuilder()
        .setProcesses(ProcessList.newBuilder().addAllProcesses(List.of(rows)))
        .build();
  }

  /** An error reply. */
  public static Reply error(ErrorCode code, String message) {
    return Reply.newBuilder()
        .setError(Error.newBuilder().setCode(code).setMessage(message))
        .build();
  }

  /** A ping reply from an agent with the given pid. */
  public static Reply ping(long pid) {
    return Reply.newBuilder()
        .setPing(
            PingReply.newBuilder()
                .setHost("h1")
                .setPid(pid)
                .setVersion("0.1.0-SNAPSHOT")
                .setControlEndpoint("ipc:///fake/home/rpc.sock")
                .setEventsEndpoint("ipc:///fake/home/pub.sock")
                .setStartedAtMs(CREATED_AT_MS))
        .build();
  }
}
