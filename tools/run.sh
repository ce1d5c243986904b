#!/usr/bin/env bash
# make run's boot: tools/qemu.sh with the console shown as it comes, and an exit status that says how the
# solution ended. A solution image powers the machine off after Einit (kernel/run_init.c), so QEMU exits 0
# whatever Einit reported; the verdict is on the console, in the kernel's last line about Einit:
#   0   "vigil: Einit exited with code 0": Einit started every process and each exited with 0
#   1   Einit exited with another code (a process failed or could not start: its "einit: ..." lines say
#       which), faulted or was killed, or the kernel could not start it
#   N   QEMU's own non-zero status (tools/qemu.sh: 2 a kernel panic, 124 a timeout)
# usage: tools/run.sh [tools/qemu.sh options] IMAGE.elf
set -uo pipefail
log=$(mktemp "${TMPDIR:-/tmp}/vigil-run.XXXXXX")
trap 'rm -f "$log"' EXIT
bash "$(dirname "$0")/qemu.sh" "$@" | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || exit "$rc"
# Not anchored at the start: the console is shared, and a line may follow another's unfinished output.
tr -d '\r' <"$log" | grep -q 'vigil: Einit exited with code 0$' && exit 0
echo "run: the solution did not end well (no 'vigil: Einit exited with code 0' on the console)" >&2
exit 1
