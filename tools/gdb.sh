#!/usr/bin/env bash
# Attaches gdb-multiarch to a QEMU started with `make debug` (tools/qemu.sh --debug), with the kernel's
# symbols. usage: tools/gdb.sh IMAGE.elf [--port N] [extra gdb arguments...]
set -euo pipefail
image=$1; shift
port=1234
if [ "${1:-}" = --port ]; then port=$2; shift 2; fi
exec gdb-multiarch -q -nx -ex "set pagination off" -ex "file $image" \
    -ex "target remote 127.0.0.1:$port" "$@"
