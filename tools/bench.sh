#!/usr/bin/env bash
# make bench: boots the benchmark image under -icount (exact, deterministic instruction counts), prints
# the table and writes build/bench.json. Not a test: no thresholds. The variant images bench-1000.elf
# and bench-10000.elf (the same programs under a policy with 1,000 and 10,000 extra bindings) print
# every row too; only their ipc_assert_binding is kept, as ipc_assert_binding_N_extra. The base image
# booted again with the fastpath off (`fastpath=off`) gives the cost of a rule: the register round trip
# and the assert row both on the general path, ipc_round_trip_8B_reg_general and
# ipc_assert_binding_general, and their difference, ksm_rule_check (a remembered grant against the
# KSM's full decision with the rule, on the same path).
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
for image in bench bench-1000 bench-10000 general; do
    log=$B/$name${image#bench}.log boot=()
    elf=$B/$image.elf
    if [ "$image" = general ]; then log=$B/$name-general.log boot=(--boot fastpath=off) elf=$B/bench.elf; fi
    bash tools/qemu.sh "${qemu[@]}" "${boot[@]}" --timeout 120 "$elf" >"$log" 2>&1 || { cat "$log"; exit 1; }
    case $image in
    bench) grep -a '^bench ' "$log" >"$rows" ;;
    general)
        reg=$(awk '$1 == "bench" && $2 == "ipc_round_trip_8B_reg" {sub(/\r$/, "", $3); print $3}' "$log")
        chk=$(awk '$1 == "bench" && $2 == "ipc_assert_binding" {sub(/\r$/, "", $3); print $3}' "$log")
        [ -n "$reg" ] && [ -n "$chk" ] || { echo "bench.sh: no general-path rows (see $log)" >&2; exit 1; }
        printf 'bench ipc_round_trip_8B_reg_general %s\nbench ipc_assert_binding_general %s\nbench ksm_rule_check %s\n' \
            "$reg" "$chk" "$((chk - reg))" >>"$extra" ;;
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
