#!/usr/bin/env python3
"""A tiny long-running app: prints a numbered tick every second, then sleeps.

Run it under jpm with `./jpm start examples/ticker.py -i 2`; each instance reads its index from
JPM_INSTANCE, and `jpm stop`/`jpm delete` end it with SIGTERM. The word it prints comes from
GREETING (see examples/ecosystem.yaml), so a restart with a new environment shows at once.
"""
import os
import signal
import sys
import time

instance = os.environ.get("JPM_INSTANCE", "?")
greeting = os.environ.get("GREETING", "tick")


def stop(signum, _frame):
    print(f"instance {instance}: got signal {signum}, bye", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
n = 0
while True:
    n += 1
    print(f"{greeting} {n} from instance {instance} (pid {os.getpid()})", flush=True)
    time.sleep(1)
