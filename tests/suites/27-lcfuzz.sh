#!/usr/bin/env bash
# IPC and object lifecycles under random interleavings (user/lcfuzz): Einit, LcA and LcB run worker
# threads at varied priorities that Call with short timeouts and interrupt objects, Recv/Reply with
# delays, exit while holding requests; Einit also starts, kills and double-waits LcC children and
# creates and closes channels. Every return code is checked; kernel counts must come back. GICv2 and
# GICv3 at EL2. The image's exit status is Einit's verdict; a kernel panic exits 2.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-60}
run() { bash tests/guest/run-image.sh "$@"; }

run user-lcfuzz          $B/tests/user-lcfuzz.elf 0 '^lcfuzz: 0 failed$'
run user-lcfuzz-gic3-el2 $B/tests/user-lcfuzz.elf 0 '^lcfuzz: 0 failed$' --gic 3 --el 2
run user-lcfuzz-nofast   $B/tests/user-lcfuzz.elf 0 '^lcfuzz: 0 failed$' --boot fastpath=off
for log in $B/test-logs/user-lcfuzz.log $B/test-logs/user-lcfuzz-gic3-el2.log $B/test-logs/user-lcfuzz-nofast.log; do
    l=$(basename "$log" .log)
    for p in Einit LcA LcB; do
        if grep -qE "^lcfuzz $p: [1-9][0-9]* steps, [1-9][0-9]* calls, 0 violations" "$log"; then
            echo "ok $l/${p}_summary"
        else
            echo "FAIL $l/${p}_summary: no summary line with steps, calls and 0 violations"
        fi
    done
done
