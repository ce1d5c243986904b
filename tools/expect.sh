#!/usr/bin/env bash
# Compares a console log with a solution's `expected` file: every regex of EXPECTED (blank lines and
# # comments skipped) must match a line of LOG, each after the line the previous one matched, so the
# file lists what must happen in order and ignores the rest (addresses, timings, other processes).
# usage: tools/expect.sh LABEL LOG EXPECTED
# Prints `ok LABEL` and exits 0, or `FAIL LABEL: ...` naming the first regex not matched and exits 1.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: tools/expect.sh LABEL LOG EXPECTED" >&2; exit 2; }
label=$1 log=$2 want=$3
[ -r "$want" ] || { echo "FAIL $label: cannot read $want"; exit 1; }
[ -r "$log" ] || { echo "FAIL $label: cannot read $log"; exit 1; }
missing=$(awk -v want="$want" '
    BEGIN { n = 0; while ((getline l < want) > 0) if (l !~ /^[ \t]*(#|$)/) re[n++] = l; i = 0 }
    i < n && $0 ~ re[i] { i++ }
    END { if (i < n) print re[i]; if (n == 0) print "(no expected lines)" }' "$log")
if [ -z "$missing" ]; then
    echo "ok $label"
else
    echo "FAIL $label: no line matching '$missing' in order (log: $log)"
    exit 1
fi
