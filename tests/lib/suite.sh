# Sourced by suites run from the tree's top: B (the build directory), LOGS (its test-logs, created), tmp (a
# scratch directory outside the tree, removed on exit) and
# step LABEL STATUS REGEX... -- COMMAND...
# Runs COMMAND (stdin closed, a 600 s timeout, the log in $LOGS/<LABEL with / as ->.log) and prints
# `ok LABEL` when it exited with STATUS (a number, or "nonzero": any failure but a timeout) and its
# output has a line matching each extended REGEX, else `FAIL LABEL: <why> (log: ...)`.
B=${BUILD:-build}
LOGS=$B/test-logs
mkdir -p "$LOGS"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-suite.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The tree's make variables must not reach the makes the suites run.
unset MAKEFLAGS MFLAGS MAKELEVEL

step() {
    local label=$1 want=$2 log=$LOGS/${1//\//-}.log res=() rc re
    shift 2
    while [ "$1" != -- ]; do res+=("$1"); shift; done
    shift
    timeout 600 "$@" </dev/null 2>&1 | tr -d '\r' >"$log"
    rc=${PIPESTATUS[0]}
    if [ "$want" = nonzero ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; }; then
        echo "FAIL $label: exit status $rc, want non-zero (log: $log)"; return
    elif [ "$want" != nonzero ] && [ "$rc" -ne "$want" ]; then
        echo "FAIL $label: exit status $rc, want $want (log: $log)"; return
    fi
    for re in "${res[@]}"; do
        grep -qE -- "$re" "$log" || { echo "FAIL $label: no line matching '$re' (log: $log)"; return; }
    done
    echo "ok $label"
}
