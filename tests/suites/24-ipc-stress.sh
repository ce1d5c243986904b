#!/usr/bin/env bash
# IPC under random input and under load (issue 4): the EL0 fuzzer (user/ipcfuzz: 2 processes x 2
# threads x 25,000 random Call/Recv/Reply/kernel calls, every return code checked against the
# documentation, kernel memory and object counts back at the end) under GICv2 and GICv3 at EL2, and
# the stress test (user/ipcstress). The image's exit status is Einit's verdict; a kernel panic exits 2.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
run() { bash tests/guest/run-image.sh "$@"; }

run user-ipcfuzz            $B/tests/user-ipcfuzz.elf 0 '^ipcfuzz: 0 failed$'
run user-ipcfuzz-gic3-el2   $B/tests/user-ipcfuzz.elf 0 '^ipcfuzz: 0 failed$' --gic 3 --el 2
run user-ipcfuzz-nofast     $B/tests/user-ipcfuzz.elf 0 '^ipcfuzz: 0 failed$' --boot fastpath=off
for p in FuzzA FuzzB; do
    for log in $B/test-logs/user-ipcfuzz.log $B/test-logs/user-ipcfuzz-gic3-el2.log $B/test-logs/user-ipcfuzz-nofast.log; do
        l=$(basename "$log" .log)
        # 50,000 fuzzing calls, plus the final replies that leave no client waiting.
        if grep -E "^fuzz $p: [0-9]+ calls, [0-9]+ requests received, [0-9]+ answered, 0 violations$" "$log" |
            awk '{ exit !($3 >= 50000 && $3 <= 50002) }'; then
            echo "ok $l/${p}_all_calls_returned"
        else
            echo "FAIL $l/${p}_all_calls_returned: no summary line with 50000 calls (+ final replies) and 0 violations"
        fi
    done
done

# Stress: 8 client threads in 3 processes x 10,000 calls on 2 servers, random short timeouts, server A
# killed and restarted mid-run; every call returned (counted per client), counts back.
# Half the client threads and one of each server's two threads use the register ABI (the fastpath's
# case); the -nofast runs (boot option fastpath=off) must pass the same checks on the general path alone.
run user-ipcstress          $B/tests/user-ipcstress.elf 0 '^ipcstress: 0 failed$'
run user-ipcstress-nofast   $B/tests/user-ipcstress.elf 0 '^ipcstress: 0 failed$' --boot fastpath=off
if grep -qE '^ipcstress: fastpath calls [1-9][0-9]*, replies [1-9][0-9]*$' $B/test-logs/user-ipcstress.log; then
    echo "ok user-ipcstress/fastpath_taken"
else
    echo "FAIL user-ipcstress/fastpath_taken: no fastpath calls and replies counted"
fi
if grep -qE '^ipcstress: fastpath calls 0, replies 0$' $B/test-logs/user-ipcstress-nofast.log; then
    echo "ok user-ipcstress-nofast/fastpath_not_taken"
else
    echo "FAIL user-ipcstress-nofast/fastpath_not_taken: fastpath calls counted with fastpath=off"
fi
for l in user-ipcstress user-ipcstress-nofast; do
    for c in 1 2 3; do
        n=$([ $c = 3 ] && echo 20000 || echo 30000)
        if grep -qE "^stress client $c: [0-9]+ threads, $n calls returned of $n: .* other 0, wrong answers 0, reconnects [1-9]" \
            $B/test-logs/$l.log; then
            echo "ok $l/client${c}_every_call_returned"
        else
            echo "FAIL $l/client${c}_every_call_returned: no count line with $n of $n returned"
        fi
    done
done

# Regression: a server thread that makes a Call while it holds a request, then replies (found by the
# fuzzer; user/ipcfuzz/known_bugs.c).
run user-ipc-nested-call $B/tests/user-ipcfuzz-bugs.elf 0 '^ok known_bugs_process$'
run user-ipc-nested-call-gic3-el2 $B/tests/user-ipcfuzz-bugs.elf 0 '^ok known_bugs_process$' --gic 3 --el 2
