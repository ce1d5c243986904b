#!/usr/bin/env bash
# make pal: a solution's PAL tests (the assert blocks of its security.psl) on the host, with the runner
# pslc generated (ASan/UBSan), and in-guest, against the security module the image links (K-pal.elf).
# usage: tools/pal.sh [--timeout SECONDS] [tools/qemu.sh options] PAL-HOST PAL-IMAGE
# Shows both outputs, then one line each: `ok pal/host` (status 0 and at least one test ran) and
# `ok pal/guest` (status 0 and `pal: 0 of N tests failed`), or FAIL; exits 0 iff both passed.
set -euo pipefail
here=$(dirname "$0")
tmo=${CHECK_TIMEOUT:-60} qemu=() args=()
while [ $# -gt 0 ]; do
    case "$1" in
    --timeout) tmo=$2; shift 2 ;;
    --gic|--el|--mem|--cpu) qemu+=("$1" "$2"); shift 2 ;;
    -*) echo "pal.sh: unknown option $1" >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
    esac
done
[ ${#args[@]} -eq 2 ] || { echo "usage: tools/pal.sh [options] PAL-HOST PAL-IMAGE" >&2; exit 2; }
host=${args[0]} image=${args[1]}
for f in "$host" "$image"; do
    [ -f "$f" ] || { echo "pal.sh: no $f (build it first)" >&2; exit 2; }
done
log=$(mktemp "${TMPDIR:-/tmp}/vigil-pal.XXXXXX")
trap 'rm -f "$log"' EXIT
fail=0
# judge LABEL REGEX COMMAND...: runs COMMAND with its output shown, then `ok LABEL` when it exited 0 and
# printed a line matching REGEX.
judge() {
    local label=$1 re=$2 rc
    shift 2
    set +e
    "$@" </dev/null 2>&1 | tr -d '\r' | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -eq 0 ] && grep -qE "$re" "$log"; then
        echo "ok $label"
    else
        echo "FAIL $label: exit status $rc or no line matching '$re'"; fail=1
    fi
}
judge pal/host '^ok ' "$host"
judge pal/guest '^pal: 0 of [1-9][0-9]* tests failed$' bash "$here/qemu.sh" --timeout "$tmo" "${qemu[@]}" "$image"
exit $fail
