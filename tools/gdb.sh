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
exec gdb-multiarch -q -nx -ex "set pagination off" -ex "file $image" -ex "source $here/vigil-gdb.py" \
    "${programs[@]}" -ex "target remote 127.0.0.1:$port" "$@"
