#!/usr/bin/env bash
# The PAL tests of the policy compiler's example policies, in-guest against the kernel-linked KSM: each
# image prints one line per test and "pal: 0 of N tests failed", and exits 0.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
for dir in tests/pslc/examples/*/; do
    e=$(basename "$dir")
    bash tests/guest/run-image.sh pal-$e "$B/tests/pal-$e.elf" 0 '^pal: 0 of [0-9]+ tests failed$'
done
