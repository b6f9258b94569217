#!/usr/bin/env python3
"""Prints a jpm agent's live metrics: a subscriber written against the .proto files alone.

It proves the wire contract is public: nothing here comes from jpm's Java code. At start it
runs protoc on messages/src/main/proto (jpm/v1/process.proto and events.proto) into a temporary
directory and imports the generated events_pb2, so it always matches the checkout it runs from.

    ./jpm start examples/ticker.py -i 2
    python3 examples/metrics-subscriber/subscriber.py            # every app, until Ctrl-C
    python3 examples/metrics-subscriber/subscriber.py --app ticker --count 4

Needs pyzmq, the protobuf runtime and protoc (Debian: python3-zmq python3-protobuf
protobuf-compiler). The agent's event endpoint comes from `jpm ping --json` (endpoints.events),
or from --endpoint (for another JPM_HOME: set JPM_HOME, or pass its ipc:// path).
"""
import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
PROTO_DIR = os.path.join(REPO, "messages", "src", "main", "proto")
PROTO_FILES = ["jpm/v1/process.proto", "jpm/v1/events.proto"]


def generate(proto_dir, out_dir):
    """Runs protoc --python_out for the files the Event message needs."""
    protoc = shutil.which("protoc")
    if protoc is None:
        sys.exit("subscriber: protoc not found (Debian: apt-get install protobuf-compiler)")
    subprocess.run([protoc, "-I", proto_dir, "--python_out=" + out_dir, *PROTO_FILES], check=True)
    sys.path.insert(0, out_dir)
    return importlib.import_module("jpm.v1.events_pb2"), importlib.import_module("jpm.v1.process_pb2")


def events_endpoint(jpm):
    """Asks the running agent for its PUB endpoint, as any client may."""
    try:
        out = subprocess.run([jpm, "ping", "--json"], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"subscriber: `{jpm} ping --json` failed ({e}); is an agent running? "
                 "Or pass --endpoint ipc:///path/to/JPM_HOME/pub.sock")
    return json.loads(out.stdout)["endpoints"]["events"]


def describe(event, process_pb2):
    """One line per sample, like `jpm metrics`."""
    m = event.metrics
    state = process_pb2.ProcessState.Name(m.state).removeprefix("PROCESS_STATE_").lower()
    pid = str(m.pid) if m.HasField("pid") else "-"
    return (f"{event.host} seq {event.seq} {m.app}#{m.instance} (id {m.id}) {state} pid {pid} "
            f"cpu {m.cpu_percent:.1f}% mem {m.memory_bytes / 1048576:.1f}MiB "
            f"restarts {m.restarts} uptime {m.uptime_ms // 1000}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="the agent's PUB endpoint (default: from jpm ping)")
    parser.add_argument("--jpm", default=os.path.join(REPO, "jpm"), help="the jpm command")
    parser.add_argument("--app", help="only this app (filtered by the agent: metrics.<app>.)")
    parser.add_argument("--count", type=int, default=0, help="exit after N samples (0: never)")
    parser.add_argument("--proto-dir", default=PROTO_DIR, help="where jpm/v1/*.proto live")
    args = parser.parse_args()

    import zmq  # after argument parsing, so --help works without pyzmq

    with tempfile.TemporaryDirectory(prefix="jpm-proto-") as out_dir:
        events_pb2, process_pb2 = generate(args.proto_dir, out_dir)
        endpoint = args.endpoint or events_endpoint(args.jpm)
        socket = zmq.Context.instance().socket(zmq.SUB)
        socket.setsockopt(zmq.LINGER, 0)
        # The trailing dot keeps --app web from also matching web2.
        socket.setsockopt(zmq.SUBSCRIBE, f"metrics.{args.app}.".encode() if args.app
                          else b"metrics.")
        socket.connect(endpoint)
        seen = 0
        try:
            while args.count == 0 or seen < args.count:
                frames = socket.recv_multipart()  # [topic][Event]
                if len(frames) != 2:
                    continue
                event = events_pb2.Event()
                event.ParseFromString(frames[1])
                if event.WhichOneof("payload") != "metrics":
                    continue
                print(describe(event, process_pb2), flush=True)
                seen += 1
        except KeyboardInterrupt:
            pass
        finally:
            socket.close()


if __name__ == "__main__":
    main()
