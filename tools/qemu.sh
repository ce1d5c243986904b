#!/usr/bin/env bash
# The one place that holds Vigil's QEMU command line (make run/test/debug/bench all come here).
# usage: tools/qemu.sh [--gic 2|3] [--el 1|2] [--mem SIZE] [--debug] [--gdb-port N] [--icount]
#                      [--cpu NAME] [--peer] [--timeout SECONDS] [--serial FILE] [--no-semihosting]
#                      [--boot OPTIONS] [--solution DIR] [--monitor SOCKET] IMAGE.elf
#   --el 2     enter the kernel at EL2 (virtualization=on); it configures EL2 and drops to EL1
#   --debug    start halted and wait for gdb on --gdb-port (default 1234)
#   --icount   deterministic instruction counting (-icount shift=0,sleep=off), for benchmarks
#   --cpu NAME the emulated CPU (default cortex-a72)
#   --peer     the flags of the peer comparison (make bench PEER=1, docs/benchmarks.md): -M virt
#              -cpu cortex-a57 -smp 1 -icount shift=0,sleep=off -seed 1 -rtc clock=vm
#   --no-semihosting  only PSCI can end the run (tests that a normal shutdown uses it)
#   --boot OPTIONS    the kernel's boot options (/chosen/bootargs), e.g. "fastpath=off"
#   --solution DIR    the solution's extra QEMU arguments: DIR/qemu.args when it exists, words split by
#                     blanks and newlines (no quoting), lines starting with # skipped; e.g.
#                     "-rtc base=2024-02-29T12:00:00" (examples/rtc)
#   --monitor SOCKET  QEMU's monitor on the Unix socket SOCKET (server, not waiting for a client)
#                     instead of none: a test types commands into it (system_powerdown presses the
#                     power key, examples/gpio_key)
# The exit status is the guest's: semihosting exit code (0 passed, 1 a test failed, 2 panic; PSCI
# power-off exits 0), or 124 when --timeout expired.
set -euo pipefail
gic=2 el=1 mem=128M debug=0 port=1234 icount=0 tmo=0 serial=stdio semihosting=on boot= image=
cpu=cortex-a72 peer=0 solution= monitor=none
while [ $# -gt 0 ]; do
    case "$1" in
    --gic) gic=$2; shift 2 ;;
    --el) el=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --debug) debug=1; shift ;;
    --gdb-port) port=$2; shift 2 ;;
    --icount) icount=1; shift ;;
    --cpu) cpu=$2; shift 2 ;;
    --peer) peer=1 icount=1 cpu=cortex-a57; shift ;;
    --timeout) tmo=$2; shift 2 ;;
    --serial) serial=file:$2; shift 2 ;;
    --no-semihosting) semihosting=off; shift ;;
    --boot) boot=$2; shift 2 ;;
    --solution) solution=$2; shift 2 ;;
    --monitor) monitor=unix:$2,server=on,wait=off; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
    *) image=$1; shift ;;
    esac
done
[ -n "$image" ] || { echo "qemu.sh: no image given" >&2; exit 2; }
case "$gic" in 2|3) ;; *) echo "qemu.sh: GIC must be 2 or 3" >&2; exit 2 ;; esac
case "$el" in 1|2) ;; *) echo "qemu.sh: EL must be 1 or 2" >&2; exit 2 ;; esac

machine="virt,gic-version=$gic"
[ "$el" = 2 ] && machine="$machine,virtualization=on"
# The peer's flags name the machine plainly (its GIC is version 2 by default, as here).
[ $peer = 1 ] && [ "$machine" = virt,gic-version=2 ] && machine=virt
args=(-M "$machine" -cpu "$cpu" -m "$mem" -display none -serial "$serial" -monitor "$monitor" -nic none
      -no-reboot -semihosting-config enable=$semihosting,target=native -kernel "$image")
[ $peer = 1 ] && args+=(-smp 1)
[ $icount = 1 ] && args+=(-icount shift=0,sleep=off)
[ $peer = 1 ] && args+=(-seed 1 -rtc clock=vm)
[ -n "$boot" ] && args+=(-append "$boot")
if [ -n "$solution" ] && [ -f "$solution/qemu.args" ]; then
    # shellcheck disable=SC2207 # word splitting is the file's format
    args+=($(grep -v '^[[:space:]]*#' "$solution/qemu.args"))
fi
if [ $debug = 1 ]; then
    args+=(-S -gdb "tcp:127.0.0.1:$port")
    echo "qemu.sh: waiting for gdb on 127.0.0.1:$port (make gdb)" >&2
fi
if [ "$tmo" != 0 ]; then
    exec timeout --foreground -k 5 "$tmo" qemu-system-aarch64 "${args[@]}"
fi
exec qemu-system-aarch64 "${args[@]}"
