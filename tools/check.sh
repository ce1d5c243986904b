#!/usr/bin/env bash
# make check: boots a solution's test image (K-test.elf, which leaves QEMU with Einit's verdict) with a
# timeout, shows its console, and checks that it ended well and, with --expected, that the console holds
# the expected lines in order (tools/expect.sh).
# usage: tools/check.sh [--expected FILE] [--log FILE] [--timeout SECONDS] [tools/qemu.sh options] IMAGE
# With --solution DIR, QEMU gets DIR/qemu.args (tools/qemu.sh), and when DIR has a file `monitor` (one
# QEMU monitor command, e.g. system_powerdown), tools/monitor.py types it into QEMU's monitor while the
# guest runs, as the examples suite does.
# Prints one `ok`/`FAIL` line per check (check/run, check/output) and exits 0 iff all passed; a timeout
# (default 60 s, CHECK_TIMEOUT) or a panic is a failure.
set -euo pipefail
here=$(dirname "$0")
expected= log= tmo=${CHECK_TIMEOUT:-60} qemu=() image= solution=
while [ $# -gt 0 ]; do
    case "$1" in
    --expected) expected=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --timeout) tmo=$2; shift 2 ;;
    --gic|--el|--mem|--boot|--cpu) qemu+=("$1" "$2"); shift 2 ;;
    --solution) solution=$2; qemu+=("$1" "$2"); shift 2 ;;
    -*) echo "check.sh: unknown option $1" >&2; exit 2 ;;
    *) image=$1; shift ;;
    esac
done
[ -n "$image" ] || { echo "check.sh: no image given" >&2; exit 2; }
[ -f "$image" ] || { echo "check.sh: no image $image (build it first)" >&2; exit 2; }
if [ -z "$log" ]; then
    log=$(mktemp "${TMPDIR:-/tmp}/vigil-check.XXXXXX")
    trap 'rm -f "$log"' EXIT
fi
mon_pid=
if [ -n "$solution" ] && [ -f "$solution/monitor" ]; then
    sock=$(mktemp -u "${TMPDIR:-/tmp}/vigil-monitor.XXXXXX")
    python3 "$here/monitor.py" "$sock" "$(head -n1 "$solution/monitor")" &
    mon_pid=$!
    qemu+=(--monitor "$sock")
fi
set +e
bash "$here/qemu.sh" --timeout "$tmo" "${qemu[@]}" "$image" </dev/null 2>&1 | tr -d '\r' | tee "$log"
rc=${PIPESTATUS[0]}
if [ -n "$mon_pid" ]; then
    kill "$mon_pid" 2>/dev/null
    wait "$mon_pid" 2>/dev/null
    rm -f "$sock"
fi
set -e
fail=0
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "FAIL check/run: timed out after ${tmo}s"; fail=1
elif [ "$rc" -ne 0 ]; then
    echo "FAIL check/run: exit status $rc (1: a process failed, 2: kernel panic)"; fail=1
elif ! grep -qE '^einit: all [0-9]+ process(es)? ended well$' "$log"; then
    echo "FAIL check/run: no 'einit: all N processes ended well'"; fail=1
else
    echo "ok check/run"
fi
if [ -n "$expected" ]; then
    bash "$here/expect.sh" check/output "$log" "$expected" || fail=1
fi
exit $fail
