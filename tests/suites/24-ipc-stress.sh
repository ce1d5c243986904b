#!/usr/bin/env bash
# IPC under random input and under load (issue 4): the EL0 fuzzer (user/ipcfuzz: 2 processes x 2
# threads x 25,000 random Call/Recv/Reply/kernel calls, every return code checked against the
# documentation, kernel memory and object counts back at the end) under GICv2 and GICv3 at EL2, and
# the stress test (user/ipcstress). The image's exit status is Einit's verdict; a kernel panic exits 2.
# KNOWN_BUGS=1 also runs the reproducers of known kernel bugs (expected to fail until fixed).
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
run() { bash tests/guest/run-image.sh "$@"; }

run user-ipcfuzz            $B/tests/user-ipcfuzz.elf 0 '^ipcfuzz: 0 failed$'
run user-ipcfuzz-gic3-el2   $B/tests/user-ipcfuzz.elf 0 '^ipcfuzz: 0 failed$' --gic 3 --el 2
for p in FuzzA FuzzB; do
    for log in $B/test-logs/user-ipcfuzz.log $B/test-logs/user-ipcfuzz-gic3-el2.log; do
        l=$(basename "$log" .log)
        if grep -qE "^fuzz $p: 50000 calls, [0-9]+ requests received, [0-9]+ answered, 0 violations$" "$log"; then
            echo "ok $l/${p}_all_calls_returned"
        else
            echo "FAIL $l/${p}_all_calls_returned: no summary line with 50000 calls and 0 violations"
        fi
    done
done

if [ "${KNOWN_BUGS:-0}" = 1 ]; then
    run user-ipcfuzz-bugs $B/tests/user-ipcfuzz-bugs.elf 0 '^ok known_bugs_process$'
fi
