#!/usr/bin/env bash
# In-guest tests of user space: programs run as init (kernel/run_init.c) and print ok/FAIL lines;
# the image's exit status is init's verdict.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
run() { bash tests/guest/run-image.sh "$@"; }

run user-hello     $B/tests/user-hello.elf   0 '^malloc ok: vigil, strlen 5, pi ~ 3.142$'
run user-libtest   $B/tests/user-libtest.elf 0 '^libtest: 0 failed$'
run user-libtest-gic3-el2 $B/tests/user-libtest.elf 0 '^libtest: 0 failed$' --gic 3 --el 2

# Handles and IPC: echo across processes, a listener with four clients, the KSM's decisions, malformed
# messages, handle transfer and revocation, timeouts, interruption, peers dying.
run user-ipc             $B/tests/user-ipc.elf 0 '^ipctest: 0 failed$'
run user-ipc-gic3-el2    $B/tests/user-ipc.elf 0 '^ipctest: 0 failed$' --gic 3 --el 2
run user-regabi          $B/tests/user-regabi.elf 0 '^regabi: 0 failed$'
run user-regabi-gic3-el2 $B/tests/user-regabi.elf 0 '^regabi: 0 failed$' --gic 3 --el 2
run user-fastpath          $B/tests/user-fastpath.elf 0 '^fastpath: 0 failed$'
run user-fastpath-gic3-el2 $B/tests/user-fastpath.elf 0 '^fastpath: 0 failed$' --gic 3 --el 2
# The differential runs: the same programs with the IPC fastpath off (boot option fastpath=off) must
# pass the same checks and print the same audit records.
run user-ipc-nofast        $B/tests/user-ipc.elf 0 '^ipctest: 0 failed$' --boot fastpath=off
run user-regabi-nofast     $B/tests/user-regabi.elf 0 '^regabi: 0 failed$' --boot fastpath=off
for l in user-ipc user-regabi; do
    if ! grep -q 'IPC fastpath off' "$B/test-logs/$l-nofast.log"; then
        echo "FAIL $l-nofast/fastpath_was_off: the kernel did not report the boot option"
    elif diff <(grep '^audit:' "$B/test-logs/$l.log") <(grep '^audit:' "$B/test-logs/$l-nofast.log") >/dev/null; then
        echo "ok $l-nofast/same_audit_records"
    else
        echo "FAIL $l-nofast/same_audit_records: the audit lines differ with the fastpath off"
    fi
done

# Devices for user-space drivers (docs/drivers.md): MMIO regions and interrupts, every refusal, release
# on close and on death, on both GICs.
run user-io          $B/tests/user-io.elf 0 '^t_io: 0 failed$'
run user-io-gic3-el2 $B/tests/user-io.elf 0 '^t_io: 0 failed$' --gic 3 --el 2
