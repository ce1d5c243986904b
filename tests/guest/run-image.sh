#!/usr/bin/env bash
# Boots one image under QEMU with a timeout and turns its console into test lines.
# usage: run-image.sh LABEL IMAGE EXPECTED_STATUS REQUIRED_REGEX [qemu.sh options...]
# Prints the guest's own "ok"/"FAIL" lines prefixed with LABEL/, then one line for the run itself:
#   ok LABEL             the exit status was EXPECTED_STATUS and the console matched REQUIRED_REGEX
#                        (for test images: "^summary: "), with no timeout
#   FAIL LABEL: <why>    timeout, panic, wrong status or missing line
# The console log stays in $BUILD/test-logs/LABEL.log for further checks.
set -u
label=$1 image=$2 expect=$3 required=$4; shift 4
log="${BUILD:-build}/test-logs/$label.log"
mkdir -p "$(dirname "$log")"
bash tools/qemu.sh --timeout "${GUEST_TIMEOUT:-30}" "$@" "$image" 2>&1 </dev/null | tr -d '\r' >"$log"
status=${PIPESTATUS[0]}
grep -E '^(ok|FAIL) ' "$log" | sed -E "s#^(ok|FAIL) #\1 $label/#"
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "FAIL $label: timed out after ${GUEST_TIMEOUT:-30}s (log: $log)"
elif [ "$status" != "$expect" ]; then
    why="exit status $status, expected $expect"
    panic=$(grep -m1 '^\*\*\* ' "$log")
    [ -n "$panic" ] && why="$why; $panic"
    echo "FAIL $label: $why (log: $log)"
elif ! grep -qE "$required" "$log"; then
    echo "FAIL $label: no line matching '$required' (log: $log)"
else
    echo "ok $label"
fi
