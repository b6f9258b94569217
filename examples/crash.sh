#!/bin/sh
# Crashes right after starting: under jpm it is restarted until max_restarts unstable exits in
# a row, then shown as errored. Try: ./jpm start examples/crash.sh --max-restarts 5
echo "crash.sh: starting, and failing at once"
exit 3
