#!/usr/bin/env bash
# The build's own output (Makefile, Q and msg): by default a step prints one line, its kind and its file
# (`  HOSTCC  tools/common/file.c`), not the compiler's command line; `make V=1` prints the command
# line; `make -s` prints nothing. One object, built in a scratch BUILD directory each time (a second of
# compiling), so the tree's build is not touched.
set -u
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES V
work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-build-output.XXXXXX")
trap 'rm -rf "$work"' EXIT
obj=tools/mkimage-obj/tools/common/file.o

# build LABEL [MAKE ARGS...]: builds the object afresh, its output in $work/LABEL.out; fails the test
# when make does.
build() {
    local label=$1; shift
    rm -rf "$work/b"
    if make --no-print-directory BUILD="$work/b" "$@" "$work/b/$obj" >"$work/$label.out" 2>&1; then
        return 0
    fi
    echo "FAIL build-output/$label: make failed:"; sed 's/^/    /' "$work/$label.out"
    return 1
}

if build quiet; then
    if grep -qx '  HOSTCC  tools/common/file.c' "$work/quiet.out" && ! grep -q -- '-std=c11' "$work/quiet.out"; then
        echo "ok build-output/quiet"
    else
        echo "FAIL build-output/quiet: want only '  HOSTCC  tools/common/file.c', got:"; sed 's/^/    /' "$work/quiet.out"
    fi
fi
if build verbose V=1; then
    if grep -q -- "-std=c11 .*-c -o $work/b/$obj tools/common/file.c\$" "$work/verbose.out" &&
        ! grep -q '^  HOSTCC  ' "$work/verbose.out"; then
        echo "ok build-output/verbose"
    else
        echo "FAIL build-output/verbose: want the compiler's command line, got:"; sed 's/^/    /' "$work/verbose.out"
    fi
fi
if build silent -s; then
    if [ ! -s "$work/silent.out" ]; then echo "ok build-output/silent"; else
        echo "FAIL build-output/silent: make -s printed:"; sed 's/^/    /' "$work/silent.out"
    fi
fi
