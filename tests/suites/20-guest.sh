#!/usr/bin/env bash
# In-guest tests: boots each test image (several machine variants) and the default image, and the
# negative test that must panic with a usable report.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
run() { bash tests/guest/run-image.sh "$@"; }

# The foundation KTESTs on every supported machine variant.
run foundation           $B/tests/kt-foundation.elf 0 '^summary: '
run foundation-gic3      $B/tests/kt-foundation.elf 0 '^summary: ' --gic 3
run foundation-el2       $B/tests/kt-foundation.elf 0 '^summary: ' --el 2
run foundation-el2-gic3  $B/tests/kt-foundation.elf 0 '^summary: ' --el 2 --gic 3
run foundation-256M      $B/tests/kt-foundation.elf 0 '^summary: ' --mem 256M
run foundation-2G        $B/tests/kt-foundation.elf 0 '^summary: ' --mem 2G --gic 3

# The default image boots to the banner, which reports what the DTB and the CPU say, and powers off.
run boot-default  $B/vigil.elf 0 '^Vigil [0-9.]+: entered at EL1, GICv2, RAM 128 MiB .* timer 62500000 Hz$'
run boot-gic3     $B/vigil.elf 0 '^Vigil .*: entered at EL1, GICv3, RAM 128 MiB' --gic 3
run boot-el2      $B/vigil.elf 0 '^Vigil .*: entered at EL2, GICv2, RAM 128 MiB' --el 2
run boot-mem1G    $B/vigil.elf 0 '^Vigil .*: entered at EL1, GICv2, RAM 1024 MiB' --mem 1G
run boot-mem2G    $B/vigil.elf 0 '^Vigil .*: entered at EL1, GICv2, RAM 2048 MiB' --mem 2G
# A normal shutdown is PSCI SYSTEM_OFF through the DTB's conduit (hvc at EL1, smc with virtualization=on):
# without semihosting nothing else could end the run (the semihosting exit would fault and time out).
run poweroff-psci-hvc $B/vigil.elf 0 '^vigil: powering off' --no-semihosting
run poweroff-psci-smc $B/vigil.elf 0 '^vigil: powering off' --no-semihosting --el 2

# Negative: a kernel NULL dereference must give the report and exit status 2.
run null-deref $B/tests/null-deref.elf 2 'translation fault'
log=$B/test-logs/null-deref.log
if grep -q 'ELR .*<ktest_null_deref_victim+0x' "$log" && grep -q 'data abort' "$log" \
    && grep -q '#1 .*<kernel_run+0x' "$log"; then
    echo "ok null-deref-report-names-function"
else
    echo "FAIL null-deref-report-names-function: report lacks the symbolised ELR or backtrace (log: $log)"
fi
