#!/usr/bin/env bash
# make bench: boots the benchmark image under -icount (exact, deterministic instruction counts), prints
# the table and writes build/bench.json. Not a test: no thresholds. The variant images bench-1000.elf
# and bench-10000.elf (the same programs under a policy with 1,000 and 10,000 extra bindings) print
# every row too; only their ipc_assert_binding is kept, as ipc_assert_binding_N_extra.
# usage: tools/bench.sh [--peer]
#   --peer  the peer comparison's QEMU flags (tools/qemu.sh --peer: -M virt -cpu cortex-a57 -smp 1
#           -icount shift=0,sleep=off -seed 1 -rtc clock=vm); writes build/bench-peer.json instead
set -euo pipefail
B=${BUILD:-build}
qemu=(--icount) name=bench
case "${1:-}" in
--peer) qemu=(--peer) name=bench-peer ;;
"") ;;
*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
esac
rows=$B/$name.rows extra=$B/$name.extra
: >"$extra"
for image in bench bench-1000 bench-10000; do
    log=$B/$name${image#bench}.log
    bash tools/qemu.sh "${qemu[@]}" --timeout 120 "$B/$image.elf" >"$log" 2>&1 || { cat "$log"; exit 1; }
    case $image in
    bench) grep -a '^bench ' "$log" >"$rows" ;;
    *) n=${image#bench-}
       grep -a '^bench ipc_assert_binding ' "$log" | sed "s/ ipc_assert_binding / ipc_assert_binding_${n}_extra /" \
           >>"$extra" ;;
    esac
done
for r in ipc_assert_binding ipc_assert_binding_1000_extra ipc_assert_binding_10000_extra; do
    grep -q " $r " "$rows" "$extra" || { echo "bench.sh: no $r row (see $B/$name*.log)" >&2; exit 1; }
done
# The variants' rows go right after the base image's ipc_assert_binding.
awk '
    function row(k, v) { printf "%-32s %14s\n", k, v; json = json (json == "{" ? "" : ", ") "\"" k "\": " v }
    BEGIN { printf "%-32s %14s\n", "path", "instructions"; json = "{" }
    NR == FNR { xk[++nx] = $2; xv[nx] = $3; next }
    { row($2, $3) }
    $2 == "ipc_assert_binding" { for (i = 1; i <= nx; i++) row(xk[i], xv[i]) }
    END { print json "}" > "'"$B/$name.json"'" }' "$extra" "$rows"
rm -f "$rows" "$extra"
echo "(QEMU flags: $([ $name = bench-peer ] && echo "the peer comparison's, tools/qemu.sh --peer" || echo "tools/qemu.sh --icount"); written to $B/$name.json)"
