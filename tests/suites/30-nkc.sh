#!/usr/bin/env bash
# tools/nkc: golden outputs, exact diagnostics for malformed inputs, the reference's echo example,
# generated code compiling cleanly, round trips through proxies/verifier/dispatchers, short fuzz runs.
# Needs `make test` to have built build/tools/nkc and build/nkc-test/*.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
NKC=$BUILD/tools/nkc
T=$BUILD/nkc-test
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CFLAGS="-std=c11 -Wall -Wextra -Werror -Wpedantic -O1 -fsanitize=address,undefined -Ilib/include -I."

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

if [ ! -x "$NKC" ]; then fail nkc_built "$NKC missing (run make test)"; exit 1; fi

# --help documents the command line.
if "$NKC" --help | grep -q 'usage: nkc \[-I DIR\]... \[-o DIR\]'; then ok nkc_help; else fail nkc_help "no usage line"; fi
"$NKC" >/dev/null 2>&1; [ $? -eq 2 ] && ok nkc_no_input_is_usage_error || fail nkc_no_input_is_usage_error "status not 2"

# nk-gen-c's command line (docs/kos-compat.md): its selections are accepted and change nothing (the one
# header holds every part); its tracing options are refused by name with status 2.
kos=$(mktemp -d)
if "$NKC" -o "$kos/plain" tests/nkc/golden/src/echo/Ping.idl &&
   "$NKC" --types --interface --endpoints --client --server --extended-errors -o "$kos/kos" \
       tests/nkc/golden/src/echo/Ping.idl && diff -r "$kos/plain" "$kos/kos" >/dev/null; then
    ok nkc_kos_selections_accepted
else
    fail nkc_kos_selections_accepted "nk-gen-c's --types ... --server refused or changed the output"
fi
for opt in --trace-client-ipc --trace-server-ipc --ipc-trace-method-filter --enforce-alignment-check; do
    err=$("$NKC" "$opt" x -o "$kos/t" tests/nkc/golden/src/echo/Ping.idl 2>&1); rc=$?
    if [ $rc -eq 2 ] && grep -q "^nkc: $opt (nk-gen-c) is not supported" <<<"$err" && [ ! -e "$kos/t" ]; then
        ok "nkc_kos_unsupported$opt"
    else
        fail "nkc_kos_unsupported$opt" "status $rc: $err"
    fi
done
"$NKC" --version | grep -q '^nkc (Vigil) [0-9]' && ok nkc_version || fail nkc_version "no version line"
# --extended-errors: a lone UInt16 error parameter is the extended form (no folding in the proxy).
if "$NKC" -o "$kos/ext" --extended-errors tests/nkc/golden/src/iface/Many.idl &&
   ! grep -q nk_error_unfold "$kos/ext/iface/Many.idl.h" &&
   grep -q nk_error_unfold tests/nkc/golden/expected/iface/Many.idl.h; then
    ok nkc_extended_errors_turns_off_folding
else
    fail nkc_extended_errors_turns_off_folding "Many.All still folded with --extended-errors"
fi
rm -rf "$kos"

# Golden corpus: every generated file equals the checked-in one.
src=tests/nkc/golden/src
exp=$PWD/tests/nkc/golden/expected
if "$NKC" --layout -I $src -o "$tmp/golden" $(find $src -name '*.?dl' | sort) 2>"$tmp/golden.err"; then
    ok golden_compiles_without_errors
else
    fail golden_compiles_without_errors "$(head -3 "$tmp/golden.err")"
fi
for e in $(cd $exp && find . -type f | sort); do
    name=golden_${e#./}
    if [ ! -f "$tmp/golden/$e" ]; then fail "$name" "not generated"
    elif diff -u "$exp/$e" "$tmp/golden/$e" >"$tmp/diff"; then ok "$name"
    else fail "$name" "differs: $(sed -n 3,8p "$tmp/diff" | tr '\n' ' ')"; fi
done
extra=$(cd "$tmp/golden" && find . -type f | sort | while read -r f; do [ -f "$exp/$f" ] || echo "$f"; done)
[ -z "$extra" ] && ok golden_no_unexpected_outputs || fail golden_no_unexpected_outputs "$extra"

# The generated code compiles without warnings with gcc and clang (headers and layout tables).
(cd "$tmp/golden" && find . -name '*.h' | sort | sed 's|^\./|#include <|; s|$|>|') >"$tmp/all.c"
echo 'int main(void) { return 0; }' >>"$tmp/all.c"
for cc in gcc clang; do
    if $cc $CFLAGS -I"$tmp/golden" -c "$tmp/all.c" -o "$tmp/all.o" 2>"$tmp/cc.err" &&
       for f in $(find "$tmp/golden" -name '*.layout.c'); do $cc $CFLAGS -c "$f" -o "$tmp/l.o" || exit 1; done 2>>"$tmp/cc.err"; then
        ok "generated_code_builds_with_$cc"
    else
        fail "generated_code_builds_with_$cc" "$(head -3 "$tmp/cc.err" | tr '\n' ' ')"
    fi
done

# The reference's echo example, as its documentation shows it.
ex=tests/nkc/examples/echo
if "$NKC" --layout -o "$tmp/echo" $ex/Ping.idl $ex/Ping.cdl $ex/Server.edl $ex/Client.edl 2>"$tmp/echo.err" &&
   printf '#include <echo/Server.edl.h>\n#include <echo/Client.edl.h>\nint main(void) { return 0; }\n' >"$tmp/echo.c" &&
   gcc $CFLAGS -I"$tmp/echo" -c "$tmp/echo.c" -o "$tmp/echo.o" 2>>"$tmp/echo.err" &&
   gcc $CFLAGS -c "$tmp/echo/echo/Server.layout.c" -o "$tmp/echol.o" 2>>"$tmp/echo.err"; then
    ok echo_example_compiles
else
    fail echo_example_compiles "$(head -3 "$tmp/echo.err" | tr '\n' ' ')"
fi

# Malformed inputs: exit status 1, exactly the expected diagnostics, and no output file left behind.
for want in tests/nkc/malformed/*.expected; do
    base=${want%.expected}
    input=$(ls "$base".?dl)
    name=malformed_$(basename "$input")
    out="$tmp/bad/$(basename "$base")"
    mkdir -p "$out"
    "$NKC" --layout -I tests/nkc/malformed -o "$out" "$input" 2>"$tmp/err"
    status=$?
    if [ $status -ne 1 ]; then fail "$name" "exit status $status, expected 1"
    elif ! diff -u "$want" "$tmp/err" >"$tmp/diff"; then fail "$name" "diagnostics differ: $(sed -n 4,7p "$tmp/diff" | tr '\n' ' ')"
    elif [ -n "$(find "$out" -type f)" ]; then fail "$name" "left output files: $(find "$out" -type f)"
    else ok "$name"; fi
done

# An unreadable input and an unknown extension are clean errors too.
"$NKC" -o "$tmp/x" does/not/Exist.idl 2>"$tmp/err"; st=$?
[ $st -eq 1 ] && grep -q 'cannot read does/not/Exist.idl' "$tmp/err" && ok missing_file_error || fail missing_file_error "status $st: $(cat "$tmp/err")"
"$NKC" -o "$tmp/x" README.txt 2>"$tmp/err"; st=$?
[ $st -eq 1 ] && grep -q 'unknown file type' "$tmp/err" && ok unknown_extension_error || fail unknown_extension_error "status $st"

# Large and hostile inputs do not crash the compiler.
python3 - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
open(f"{d}/Deep.idl", "w").write("package x.Deep\nconst UInt32 X = " + "(" * 100000 + "1" + ")" * 100000 + ";\n")
open(f"{d}/Long.idl", "w").write("package x.Long\n" + "".join(f"const UInt32 C{i} = {i};\n" for i in range(50000)))
open(f"{d}/Types.idl", "w").write("package x.Types\n" + "typedef UInt8 T0;\n" + "".join(f"typedef array<T{i}, 2> T{i+1};\n" for i in range(40)))
open(f"{d}/Bin.idl", "wb").write(bytes(range(256)) * 64)
EOF
for f in Deep Long Types Bin; do
    "$NKC" --check "$tmp/$f.idl" >/dev/null 2>"$tmp/err"; st=$?
    if [ $st -le 1 ] && ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; then ok "hostile_input_$f"; else fail "hostile_input_$f" "status $st"; fi
done

# A unit-test binary's own ok/FAIL lines; one that stops without a FAIL line (a crash, a sanitizer
# report) fails as a whole, or the tests after the crash would silently not count.
unit() {
    if [ ! -x "$T/$1" ]; then fail "$1" "$T/$1 missing"; return; fi
    local out rc
    out=$("$T/$1" 2>&1); rc=$?
    printf '%s\n' "$out"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then
        fail "$1" "exited with status $rc: $(grep -m1 -E 'ERROR|SUMMARY|runtime error' <<<"$out")"
    fi
}

# The transport runtime and verifier edge cases.
unit test_runtime

# Unions with variable-size members through the generated structs and layout table.
unit test_union

# The error path through generated proxies and dispatchers.
unit test_errors

# Round trips and mutations for every method of the corpus (one line per method).
if [ -x "$T/roundtrip" ]; then "$T/roundtrip"; else fail roundtrip "$T/roundtrip missing"; fi

# Short fuzz runs; `make fuzz` runs longer.
for fz in fuzz_parse fuzz_verify; do
    if [ ! -x "$T/$fz" ]; then fail "$fz" "$T/$fz missing"; continue; fi
    seeds=""
    [ $fz = fuzz_parse ] && seeds="$src/app $src/comp $src/iface $src/imp $src/types tests/nkc/malformed"
    mkdir -p "$tmp/corpus-$fz"
    if "$T/$fz" -max_total_time=3 -print_final_stats=0 "$tmp/corpus-$fz" $seeds >"$tmp/$fz.log" 2>&1; then
        ok "$fz"
    else
        fail "$fz" "$(grep -m1 -E 'ERROR|SUMMARY' "$tmp/$fz.log")"
    fi
done
exit 0
