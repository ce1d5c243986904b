#!/usr/bin/env bash
# tools/mkimage and the ROMFS format: the host unit tests of builder and reader (sanitizers on) and of
# the reader of the user symbol tables that the build adds to the programs it packs, then
# the CLI: a round trip checked by the reader, the .S it writes assembled for the guest, and clear
# errors (status 1, one "mkimage: ..." line, no output file) for duplicate names, bad names, missing
# files and bad arguments.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
MKIMAGE=$BUILD/tools/mkimage
TEST=$BUILD/tests/mkimage/test_romfs
status=0

if [ ! -x "$TEST" ] || [ ! -x "$MKIMAGE" ]; then
    echo "FAIL mkimage_built: $TEST or $MKIMAGE missing (make $TEST $MKIMAGE)"
    exit 1
fi

out=$("$TEST" 2>&1); rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ]; then
    printf '%s\n' "$out" | grep -q '^FAIL ' || echo "FAIL test_romfs: exited with status $rc"
    status=1
fi

# The reader of user symbol tables (kernel/usyms.c), on its own tables and on a built program's.
USYMS=$BUILD/tests/mkimage/test_usyms
if [ -x "$USYMS" ] && [ -f "$BUILD/user/t_child.elf" ]; then
    out=$("$USYMS" "$BUILD/user/t_child.elf" 2>&1); rc=$?
    printf '%s\n' "$out"
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$out" | grep -q '^FAIL ' || echo "FAIL test_usyms: exited with status $rc"
        status=1
    fi
else
    echo "FAIL usyms_built: $USYMS or $BUILD/user/t_child.elf missing (make test-prereqs)"
    status=1
fi

dir=$BUILD/tests/mkimage/cli
rm -rf "$dir"; mkdir -p "$dir"
head -c 10000 /dev/urandom >"$dir/prog1"
: >"$dir/empty"
printf 'hello\n' >"$dir/small"

check() {   # check <name> <command...>: ok if the command succeeds
    local name=$1; shift
    if "$@"; then echo "ok $name"; else echo "FAIL $name: $*"; status=1; fi
}

# Round trip through the CLI, verified by the kernel's reader.
if "$MKIMAGE" -o "$dir/romfs.bin" -S "$dir/romfs.S" prog1="$dir/prog1" empty="$dir/empty" \
        small.txt="$dir/small" 2>"$dir/err"; then
    "$TEST" --verify "$dir/romfs.bin" prog1="$dir/prog1" empty="$dir/empty" small.txt="$dir/small" || status=1
else
    echo "FAIL mkimage_cli_blob: mkimage failed: $(cat "$dir/err")"; status=1
fi

# The .S assembles for the guest into a 4 KiB aligned .romfs section holding exactly the blob.
asm_ok() {
    aarch64-linux-gnu-gcc -c -o "$dir/romfs.o" "$dir/romfs.S" || return 1
    local syms; syms=$(aarch64-linux-gnu-nm "$dir/romfs.o")
    grep -q ' R _romfs_start$' <<<"$syms" && grep -q ' R _romfs_end$' <<<"$syms" || return 1
    local start end; start=$(awk '/_romfs_start$/{print $1}' <<<"$syms"); end=$(awk '/_romfs_end$/{print $1}' <<<"$syms")
    [ $((16#$end - 16#$start)) -eq "$(stat -c %s "$dir/romfs.bin")" ] || return 1
    aarch64-linux-gnu-readelf -SW "$dir/romfs.o" | grep -E '\.romfs +PROGBITS' | grep -qE ' 4096$'
}
check mkimage_cli_asm asm_ok

# fails <name> <expected message> <mkimage args...>: must exit 1 with that message and write nothing.
fails() {
    local name=$1 want=$2; shift 2
    rm -f "$dir/bad.bin" "$dir/bad.bin.tmp"
    local err rc
    err=$("$MKIMAGE" "$@" 2>&1 >/dev/null); rc=$?
    if [ $rc -ne 1 ]; then echo "FAIL $name: status $rc, expected 1 ($err)"; status=1
    elif ! grep -qF -- "$want" <<<"$err"; then echo "FAIL $name: message '$err' lacks '$want'"; status=1
    elif ! grep -q '^mkimage: ' <<<"$err"; then echo "FAIL $name: message '$err' not prefixed"; status=1
    elif [ -e "$dir/bad.bin" ] || [ -e "$dir/bad.bin.tmp" ]; then echo "FAIL $name: left an output file"; status=1
    else echo "ok $name"; fi
}
fails mkimage_duplicate_name "duplicate name 'a' (files 1 and 3)" \
    -o "$dir/bad.bin" a="$dir/small" b="$dir/small" a="$dir/prog1"
fails mkimage_bad_name "name 'x/y'" -o "$dir/bad.bin" x/y="$dir/small"
fails mkimage_long_name "at most 127" -o "$dir/bad.bin" "$(printf 'n%.0s' {1..128})=$dir/small"
fails mkimage_missing_file "cannot open $dir/nope" -o "$dir/bad.bin" a="$dir/nope"
fails mkimage_not_name_eq_path "is not NAME=PATH" -o "$dir/bad.bin" justaname
fails mkimage_usage "usage: mkimage" "$dir/small"
exit $status
