#!/usr/bin/env bash
# make bench: boots the benchmark image under -icount (exact, deterministic instruction counts), prints
# the table and writes build/bench.json. Not a test: no thresholds.
set -euo pipefail
B=${BUILD:-build}
log=$B/bench.log
bash tools/qemu.sh --icount --timeout 120 "$B/bench.elf" >"$log" 2>&1 || { cat "$log"; exit 1; }
grep '^bench ' "$log" | awk '
    BEGIN { printf "%-28s %14s\n", "path", "instructions"; json = "{" }
    { printf "%-28s %14s\n", $2, $3; json = json (NR > 1 ? ", " : "") "\"" $2 "\": " $3 }
    END { print json "}" > "'"$B"'/bench.json" }'
echo "(written to $B/bench.json)"
