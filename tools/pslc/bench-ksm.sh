#!/usr/bin/env bash
# make bench-ksm: instructions per KSM decision (callgrind, host build at -O2) for policies of 10,
# 1,000 and 10,000 bindings. Prints a table; the figures are recorded in docs/ksm.md.
set -euo pipefail
BUILD=${BUILD:-build}
B=$BUILD/bench-ksm
mkdir -p "$B"
CC=${HOSTCC:-cc}
printf '%-10s %14s %14s\n' bindings request execute
for n in 10 1000 10000; do
    d=$B/n$n
    rm -rf "$d" && mkdir -p "$d/gen"
    python3 tests/pslc/bench/gen.py "$n" "$d/src"
    "$BUILD/tools/pslc" -I tests/pslc/common -I "$d/src" --layouts-dir "$d/gen" -o "$d/gen/policy.c" "$d/src/security.psl"
    $CC -std=c11 -O2 -g -I. -Ilib/include -o "$d/bench" tests/pslc/bench/bench_ksm.c \
        $(find "$d/gen" -name '*.c') ksm/*.c
    "$d/bench" >/dev/null
    for fn in decide_request decide_execute; do
        valgrind --tool=callgrind --callgrind-out-file="$d/cg.$fn" --toggle-collect=$fn "$d/bench" >/dev/null 2>&1
        # three calls were collected (the warm-up loop); report one
        total=$(sed -n 's/^summary: //p; s/^totals: //p' "$d/cg.$fn" | head -1)
        eval "$fn=$((total / 3))"
    done
    printf '%-10s %14s %14s\n' "$n" "$decide_request" "$decide_execute"
done
