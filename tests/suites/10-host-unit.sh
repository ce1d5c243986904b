#!/usr/bin/env bash
# Host unit tests (sanitizers on) of the freestanding kernel/arch code. Each binary prints its own
# ok/FAIL lines. Real DTBs for the platform test are dumped from QEMU here, at test time.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
HT=$BUILD/tests/host
status=0

run() {   # run <binary> [args...]: a binary that is missing or dies without FAIL lines is a failure
    local bin=$1; shift
    local name; name=$(basename "$bin")
    if [ ! -x "$bin" ]; then echo "FAIL $name: $bin not built (make host-tests)"; status=1; return; fi
    local out rc
    out=$("$bin" "$@" 2>&1); rc=$?
    printf '%s\n' "$out"
    if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL '; then
        echo "FAIL $name: exited with status $rc"
    fi
    [ $rc -ne 0 ] && status=1
}

for t in memmap pmem kcache esr pgtable; do
    run "$HT/test_$t"
done
exit $status
