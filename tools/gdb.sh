#!/usr/bin/env bash
# Attaches gdb-multiarch to a QEMU started with `make debug` (tools/qemu.sh --debug), with the kernel's
# symbols and Vigil's helper (tools/vigil-gdb.py: vigil ps, vigil threads, vigil break; docs/debugging.md).
# usage: tools/gdb.sh IMAGE.elf [--port N] [--solution DIR] [extra gdb arguments...]
#   --solution DIR  IMAGE is DIR's image: tell the helper each program's ELF with symbols (Einit's
#                   and one per class of DIR/init.yaml, as $BUILD/DIR/solution.mk lists them)
set -euo pipefail
here=$(dirname "$0")
B=${BUILD:-build}
image=${1:?usage: tools/gdb.sh IMAGE.elf [--port N] [--solution DIR] [gdb arguments...]}; shift
port=1234 solution=
while [ $# -gt 0 ]; do
    case "$1" in
    --port) port=$2; shift 2 ;;
    --solution) solution=${2%/}; shift 2 ;;
    *) break ;;
    esac
done
[ -f "$image" ] || { echo "gdb.sh: no image $image (build it first)" >&2; exit 2; }
programs=()
if [ -n "$solution" ]; then
    mk=$B/$solution/solution.mk
    [ -f "$mk" ] || { echo "gdb.sh: no $mk: build $B/$solution.elf first" >&2; exit 2; }
    # The line `SOL.<dir>_ROMFS := CLASS=PATH ...` that tools/einit writes (einit --make).
    romfs=$(sed -n 's/^SOL\.[^ ]*_ROMFS := //p' "$mk")
    programs+=(-ex "vigil program Einit $B/user/$solution/.einit.elf")
    for entry in $romfs; do
        elf=$B/user/$solution/${entry#*=}.elf
        [ -f "$elf" ] || { echo "gdb.sh: no $elf: build $B/$solution.elf first" >&2; exit 2; }
        programs+=(-ex "vigil program ${entry%%=*} $elf")
    done
fi
# Nothing to attach to (no `make debug` running) would end in gdb's bare "Connection timed out": say
# what to do instead. The listening sockets are read from /proc/net/tcp{,6}, so no connection is made
# to the stub (it serves one debugger at a time).
listening() {
    local hex
    hex=$(printf ':%04X' "$1")
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
        awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }'
}
# The stub listens again a moment after a client leaves: wait up to 3 s before saying so.
waited=0
while [ -r /proc/net/tcp ] && ! listening "$port" && [ $waited -lt 30 ]; do
    sleep 0.1
    waited=$((waited + 1))
done
if [ -r /proc/net/tcp ] && ! listening "$port"; then
    echo "gdb.sh: nothing listens on port $port: start the image with 'make debug' first (GDB_PORT=$port," >&2
    echo "gdb.sh: the same SOLUTION), then run 'make gdb' in another terminal" >&2
    exit 2
fi
exec gdb-multiarch -q -nx -ex "set pagination off" -ex "file $image" -ex "source $here/vigil-gdb.py" \
    "${programs[@]}" -ex "target remote 127.0.0.1:$port" "$@"
