#!/usr/bin/env bash
# Host unit tests (sanitizers on) of the freestanding kernel/arch code and tools/common. Each binary prints its own
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

for t in memmap pmem kcache esr pgtable gic ksyms ksyms_empty handle file; do
    run "$HT/test_$t"
done

# Real device trees from QEMU for every GIC version x entry EL x RAM size the kernel supports.
dtbdir=$HT/qemu-dtb
mkdir -p "$dtbdir"
dump() {  # dump <file> <machine options> <memory> [extra qemu args]
    local file=$1 machine=$2 mem=$3; shift 3
    if ! qemu-system-aarch64 -M "$machine,dumpdtb=$dtbdir/$file" -cpu cortex-a72 -m "$mem" \
            -nographic -nic none "$@" >"$dtbdir/$file.log" 2>&1; then
        echo "qemu could not dump $file:"; cat "$dtbdir/$file.log"
    fi
}
for gic in 2 3; do
    for el in 1 2; do
        machine="virt,gic-version=$gic"
        [ $el = 2 ] && machine="$machine,virtualization=on"
        for mem in 128M 1G 2G; do
            dump "virt-gic$gic-el$el-$mem.dtb" "$machine" "$mem"
        done
    done
done
dump virt-gic3-el1-1G-smp4.dtb virt,gic-version=3 1G -smp 4
run "$HT/test_platform" "$dtbdir" "$HT/dtb"

exit $status
