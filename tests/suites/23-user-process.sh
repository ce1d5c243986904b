#!/usr/bin/env bash
# In-guest tests of processes (issue 3): fault containment, isolation, scheduling from user space,
# FP/SIMD, bad input to every kernel method, quotas. Each image's init is a user/t_* program that
# starts t_child processes and prints ok/FAIL lines; this script also checks the kernel's one-line
# fault reports on the console.
# KNOWN_BUGS=1 runs the "-bugs" images instead: the same programs with the checks that fail on the
# current kernel enabled (user/t_common/ut.h UT_BUG), plus the report checks that fail today.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
KB=${KNOWN_BUGS:-0}
sfx=; [ "$KB" = 1 ] && sfx=-bugs
run() { bash tests/guest/run-image.sh "$@"; }
LOG=$B/test-logs

# report LABEL MODE REGEX: the line after "t_child: fault MODE" is the kernel's report and matches REGEX.
report() {
    local label=$1 mode=$2 want=$3 line
    line=$(grep -m1 -x -A1 "t_child: fault $mode" "$LOG/$label.log" | sed -n 2p)
    if ! [[ $line =~ ^vigil:\ process\ TChild\ \(pid\ [0-9]+\),\ thread\ [0-9]+:\ .+\;\ FAR\ (0x[0-9a-f]+|-),\ ELR\ 0x[0-9a-f]+\;\ process\ ended$ ]]; then
        echo "FAIL $label/report_$mode: no one-line report after the fault (got: ${line:-nothing})"
    elif ! [[ $line =~ $want ]]; then
        echo "FAIL $label/report_$mode: '$line' does not match '$want'"
    else
        echo "ok $label/report_$mode"
    fi
}

# frames LABEL MODE: the backtrace lines ("  #N ...") the kernel printed after the report of MODE.
frames() {
    awk -v start="t_child: fault $2" '$0 == start { on = 1; n = 0; next }
        on && n == 0 { n = 1; next }                 # the one-line report
        on && /^  #[0-9]+ / { print; next }
        on { exit }' "$LOG/$1.log"
}

# backtrace LABEL MODE N REGEX: frame #N of MODE's backtrace matches REGEX.
backtrace() {
    local line
    line=$(frames "$1" "$2" | grep -m1 "^  #$3 ")
    if [[ $line =~ $4 ]]; then
        echo "ok $1/backtrace_$2_$3"
    else
        echo "FAIL $1/backtrace_$2_$3: '${line:-no frame #$3}' does not match '$4'"
    fi
}

# The lines of t_child's null fault and of its call, as the kernel must name them from the program's
# line table.
src=user/t_child/main.c
null_line=$(grep -n "the null fault's line" $src | cut -d: -f1)
call_line=$(grep -n '^        null_deref();' $src | cut -d: -f1)

for cfg in "" "-gic3-el2"; do
    opts=(); [ -n "$cfg" ] && opts=(--gic 3 --el 2)
    label=user-faults$sfx$cfg
    run $label $B/tests/user-faults$sfx.elf 0 '^t_faults: 0 failed$' "${opts[@]}"
    report $label null 'data abort from EL0, translation fault.*read; FAR 0x0,'
    report $label unmapped 'data abort from EL0, translation fault.*; FAR 0x7000000000,'
    report $label kernel-read 'data abort from EL0, .*read; FAR 0xffffff8040200000,'
    report $label kernel-write 'data abort from EL0, .*write; FAR 0xffffff8040200000,'
    report $label write-text 'data abort from EL0, permission fault.*write'
    report $label write-rodata 'data abort from EL0, permission fault.*write'
    report $label exec-data 'instruction abort from EL0, permission fault'
    report $label exec-heap 'instruction abort from EL0, permission fault'
    report $label exec-stack 'instruction abort from EL0, permission fault'
    report $label udf 'undefined instruction'
    report $label align 'alignment fault'
    report $label stack 'translation fault at level 3, write'
    report $label thread-stack 'translation fault at level 3, write'
    report $label svc1 'SVC #0x1 from AArch64'
    report $label hvc 'undefined instruction'
    report $label smc 'undefined instruction'
    report $label brk 'BRK #0x0 instruction'
    report $label sysreg 'undefined instruction'
    report $label use-after-unmap 'translation fault.*read'
    report $label write-after-protect 'permission fault.*write'
    report $label thread-fault 'instruction abort from EL0, .*FAR 0x8,'
    # The ELR of an svc #0 with an unknown number in x8 is the svc's address; it records no FAR.
    report $label badsys 'unknown number.*FAR -, ELR 0x4[0-9a-f]{5};'
    report $label udf 'undefined instruction; FAR -,'
    # Symbolised: the faulting function with its file:line, its caller (a leaf's: from lr) and the
    # frame-pointer chain up to _start.
    backtrace $label null 0 "^  #0 0x[0-9a-f]+ null_deref\+0x[0-9a-f]+ \($src:$null_line\)\$"
    backtrace $label null 1 "^  #1 0x[0-9a-f]+ commit_fault\+0x[0-9a-f]+ \($src:$call_line\)\$"
    backtrace $label null 2 '^  #2 0x[0-9a-f]+ main\+0x[0-9a-f]+ \(user/t_child/main.c:[0-9]+\)$'
    backtrace $label unmapped 0 '^  #0 0x[0-9a-f]+ commit_fault\+0x[0-9a-f]+ \(user/t_child/main.c:[0-9]+\)$'
    backtrace $label unmapped 1 '^  #1 0x[0-9a-f]+ main\+'
    # A frame pointer the program corrupted (into kernel memory, unmapped, misaligned, a loop) still
    # gives a report with the faulting function, ends the backtrace within 16 frames, and the kernel
    # goes on (the later faults are reported too).
    for mode in fp-kernel fp-unmapped fp-odd fp-loop; do
        report $label $mode 'data abort from EL0, translation fault.*read; FAR 0x0,'
        backtrace $label $mode 0 '^  #0 0x[0-9a-f]+ hostile_fp\+0x[0-9a-f]+ \(user/t_child/main.c:[0-9]+\)$'
        backtrace $label $mode 1 '^  #1 0x[0-9a-f]+ commit_fault\+'
        n=$(frames $label $mode | wc -l)
        [ "$n" -le 16 ] && echo "ok $label/backtrace_${mode}_bounded" ||
            echo "FAIL $label/backtrace_${mode}_bounded: $n frames"
    done

    label=user-isolation$sfx$cfg
    run $label $B/tests/user-isolation$sfx.elf 0 '^t_isolation: 0 failed$' "${opts[@]}"
    n=$(grep -cE '^vigil: process TChild .*FAR 0x2000000000, ELR 0x[0-9a-f]+; process ended$' "$LOG/$label.log")
    [ "$n" = 1 ] && echo "ok $label/report_read_other" || echo "FAIL $label/report_read_other: $n reports of FAR 0x2000000000"
    n=$(grep -cE '^t_child: same-va g_word at 0x[0-9a-f]+, page at 0x3000000000$' "$LOG/$label.log")
    m=$(grep -E '^t_child: same-va g_word at' "$LOG/$label.log" | sort -u | wc -l)
    [ "$n" = 2 ] && [ "$m" = 1 ] && echo "ok $label/same_va_addresses" ||
        echo "FAIL $label/same_va_addresses: the two processes did not report the same addresses"

    run user-sched$sfx$cfg $B/tests/user-sched$sfx.elf 0 '^t_sched: 0 failed$' "${opts[@]}"
    run user-fpsimd$sfx$cfg $B/tests/user-fpsimd$sfx.elf 0 '^t_fpsimd: 0 failed$' "${opts[@]}"
    run user-badinput$sfx$cfg $B/tests/user-badinput$sfx.elf 0 '^t_badinput: 0 failed$' "${opts[@]}"
    run user-quota$sfx$cfg $B/tests/user-quota$sfx.elf 0 '^t_quota: 0 failed$' "${opts[@]}"
done
