#!/usr/bin/env bash
# tools/pslc and ksm/: the documented examples' PAL tests, PAL tests that must fail, malformed and
# ill-typed policies with their exact diagnostics, the runtime's unit and audit tests, short fuzz runs.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
T=$BUILD/pslc-test
PSLC=$BUILD/tools/pslc
status=0
fail() { echo "FAIL $1: $2"; status=1; }

if "$PSLC" --help | grep -q '^usage: pslc \[-I DIR\]'; then echo "ok pslc-help"; else fail pslc-help "no usage line"; fi
"$PSLC" 2>/dev/null; [ $? -eq 2 ] && echo "ok pslc-usage-error" || fail pslc-usage-error "exit status is not 2"

# nk-psl-gen-c's command line (docs/kos-compat.md): --include-dir and --output are -I and -o; --audit
# and --platform are refused by name with status 2 and no output.
kos=$(mktemp -d)
if "$PSLC" -I tests/pslc/common -o "$kos/a.c" tests/pslc/accepted/size.psl &&
   "$PSLC" --include-dir tests/pslc/common --output "$kos/b.c" tests/pslc/accepted/size.psl &&
   cmp -s "$kos/a.c" "$kos/b.c"; then
    echo "ok pslc-kos-long-options"
else
    fail pslc-kos-long-options "--include-dir/--output refused or not the same as -I/-o"
fi
for opt in --audit -a --platform; do
    err=$("$PSLC" "$opt" x -I tests/pslc/common -o "$kos/c.c" tests/pslc/accepted/size.psl 2>&1); rc=$?
    if [ $rc -eq 2 ] && grep -q "^pslc: $opt (nk-psl-gen-c) is not supported" <<<"$err" && [ ! -e "$kos/c.c" ]; then
        echo "ok pslc-kos-unsupported$opt"
    else
        fail "pslc-kos-unsupported$opt" "status $rc: $err"
    fi
done
"$PSLC" --version | grep -q '^pslc (Vigil) [0-9]' && echo "ok pslc-version" || fail pslc-version "no version line"
rm -rf "$kos"

# Each example's PAL tests print their own ok/FAIL lines.
for dir in tests/pslc/examples/*/; do
    ex=$(basename "$dir")
    bin=$T/$ex/run
    if [ ! -x "$bin" ]; then fail "pal-$ex" "$bin not built"; continue; fi
    out=$("$bin" 2>&1); rc=$?
    printf '%s\n' "$out"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then fail "pal-$ex" "exited with status $rc"; fi
    grep -q '^ok ' <<<"$out" || fail "pal-$ex" "ran no test"
done

# A suite with wrong expectations must report exactly its failures.
if [ -x "$T/wrong/run" ]; then
    out=$("$T/wrong/run" 2>&1); rc=$?
    if [ $rc -eq 1 ] && [ "$out" == "$(cat tests/pslc/wrong/expected.txt)" ]; then echo "ok pal-wrong-expectations-reported"
    else fail pal-wrong-expectations-reported "rc=$rc, got: $(head -c 300 <<<"$out")"; fi
else
    fail pal-wrong-expectations-reported "$T/wrong/run not built"
fi

# A test policy's own arguments: NAME.args beside NAME.psl, one a line (the templates' --enable-preprocessor
# and --preprocessor-definition=NAME=VALUE), into the array extra.
args_of() { extra=(); if [ -f "${1%.psl}.args" ]; then mapfile -t extra < "${1%.psl}.args"; fi; }

# Malformed and ill-typed policies: the first diagnostic, exactly, and exit status 1, no output (warnings,
# -w, are tests/pslc/warnings').
# (tests/pslc/malformed is on the search path for its broken EDL fixtures.)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mal() { args_of "tests/pslc/malformed/$1"
        "$PSLC" -w -I tests/pslc/common -I tests/pslc/malformed -o "$tmp/p.c" --tests generate \
        --out-tests "$tmp/t.c" "${extra[@]}" "tests/pslc/malformed/$1"; }
while IFS=$'\t' read -r file want; do
    name=mal-${file%.psl}
    got=$(mal "$file" 2>&1 >/dev/null | head -1)
    mal "$file" >/dev/null 2>&1; rc=$?
    if [ "$got" != "$want" ]; then fail "$name" "expected '$want', got '$got'"
    elif [ $rc -ne 1 ]; then fail "$name" "exit status $rc"
    elif [ -e "$tmp/p.c" ] || [ -e "$tmp/t.c" ]; then fail "$name" "wrote output despite errors"
    else echo "ok $name"; fi
    rm -f "$tmp/p.c" "$tmp/t.c"
done < tests/pslc/malformed/expected.tsv

# Valid policies pslc warns about (tests/pslc/warnings): the first diagnostic, exactly, a warning with its
# file:line:col, exit status 0 and the policy written; -Werror makes it an error (status 1, no output);
# -w silences it.
while IFS=$'\t' read -r file want; do
    name=warn-${file%.psl} src=tests/pslc/warnings/$file
    got=$("$PSLC" -I tests/pslc/common -o "$tmp/p.c" "$src" 2>&1 >/dev/null | head -1)
    "$PSLC" -I tests/pslc/common -o "$tmp/p.c" "$src" >/dev/null 2>&1; rc=$?
    if [ "$got" != "$want" ]; then fail "$name" "expected '$want', got '$got'"
    elif [ $rc -ne 0 ] || [ ! -s "$tmp/p.c" ]; then fail "$name" "exit status $rc or no output"
    else echo "ok $name"; fi
    rm -f "$tmp/p.c"
    got=$("$PSLC" -Werror -I tests/pslc/common -o "$tmp/p.c" "$src" 2>&1 >/dev/null | head -1)
    "$PSLC" -Werror -I tests/pslc/common -o "$tmp/p.c" "$src" >/dev/null 2>&1; rc=$?
    if [ "$got" != "${want/: warning: /: error: }" ] || [ $rc -ne 1 ] || [ -e "$tmp/p.c" ]; then
        fail "$name-werror" "status $rc, got '$got'"
    else echo "ok $name-werror"; fi
    rm -f "$tmp/p.c"
    got=$("$PSLC" -w -I tests/pslc/common -o "$tmp/p.c" "$src" 2>&1 >/dev/null)
    [ -z "$got" ] && echo "ok $name-w" || fail "$name-w" "printed '$got'"
    rm -f "$tmp/p.c"
done < tests/pslc/warnings/expected.tsv
got=$("$PSLC" -I tests/pslc/common -o "$tmp/p.c" tests/pslc/warnings/quiet.psl 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$got" ] && echo "ok warn-none-when-answered-and-initialised" ||
    fail warn-none-when-answered-and-initialised "status $rc, printed '$got'"
rm -f "$tmp/p.c"

# Policies at the edges of what pslc accepts (tests/pslc/accepted), compiled here rather than at build
# time so that a compiler refusing one fails this test instead of the build: no diagnostic, and their PAL
# tests, built as the examples' are (the host KSM objects, sanitizers on), pass.
for f in tests/pslc/accepted/*.psl; do
    name=accept-$(basename "$f" .psl)
    gen=$tmp/$name
    mkdir -p "$gen"
    args_of "$f"
    if ! err=$("$PSLC" -w -I tests/pslc/common --tests run --layouts-dir "$gen" -o "$gen/policy.c" "${extra[@]}" \
               "$f" 2>&1) ||
       [ -n "$err" ]; then
        fail "$name" "refused: $(head -1 <<<"$err")"; continue
    fi
    if ! err=$(${HOSTCC:-cc} -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
               -fno-sanitize-recover=all -I. -Ilib/include -o "$gen/run" $(find "$gen" -name '*.c') \
               "$T"/ksm/*.o 2>&1); then
        fail "$name" "does not build: $(head -1 <<<"$err")"; continue
    fi
    out=$("$gen/run" 2>&1); rc=$?
    printf '%s\n' "$out"
    if [ $rc -ne 0 ]; then grep -q '^FAIL ' <<<"$out" || fail "$name" "exited with status $rc"
    elif ! grep -q '^ok ' <<<"$out"; then fail "$name" "ran no test"
    else echo "ok $name"; fi
done

# A class that fails to load is reported once, where it fails, with a note at its `use EDL` line; the
# bindings naming it add no "unknown process class (add 'use EDL ...')" as if the line were missing.
edl_failure() {
    local name=edl-failure-${1%.psl} got
    got=$(mal "$1" 2>&1 >/dev/null); rm -f "$tmp/p.c" "$tmp/t.c"
    if grep -q 'unknown process class' <<<"$got"; then fail "$name" "also: $(grep -m1 'unknown process class' <<<"$got")"
    elif [ "$(grep -c ': error: ' <<<"$got")" -ne 1 ]; then fail "$name" "not exactly one error: $got"
    elif [ -n "${2:-}" ] && ! grep -qxF "$2" <<<"$got"; then fail "$name" "no line '$2'"
    else echo "ok $name"; fi
}
edl_failure edl-missing-idl.psl \
    "tests/pslc/malformed/edl-missing-idl.psl:5:9: note: process class 'NoIdl' named here failed to load"
edl_failure edl-rejected.psl \
    "tests/pslc/malformed/edl-rejected.psl:5:9: note: process class 'Garbled' named here failed to load"
edl_failure missing-edl-used.psl   # named by two lines and a binding

# Template definitions that are not NAME[=VALUE] are usage errors (status 2), before any file is read.
for d in =QEMU 1BOARD=QEMU BO-ARD=QEMU; do
    got=$("$PSLC" --enable-preprocessor --preprocessor-definition="$d" -o "$tmp/p.c" \
          tests/pslc/accepted/templates.psl 2>&1 >/dev/null); rc=$?
    if [ $rc -ne 2 ]; then fail "tmpl-bad-definition-$d" "exit status $rc"
    elif [[ $got != "pslc: malformed --preprocessor-definition '$d': "* ]]; then fail "tmpl-bad-definition-$d" "got '$got'"
    elif [ -e "$tmp/p.c" ]; then fail "tmpl-bad-definition-$d" "wrote output"
    else echo "ok tmpl-bad-definition-$d"; fi
    rm -f "$tmp/p.c"
done
# --preprocessor-dump-dir writes each file of the tree as expanded: the loop's three bindings, one a line.
mkdir -p "$tmp/dump"
args_of tests/pslc/accepted/templates.psl
if "$PSLC" -I tests/pslc/common -o "$tmp/p.c" "${extra[@]}" --preprocessor-dump-dir "$tmp/dump" \
       tests/pslc/accepted/templates.psl && [ -f "$tmp/dump/execute.psl" ] &&
   [ "$(grep -c 'match endpoint=calc, method=V[123] { grant () }' "$tmp/dump/templates.psl")" -eq 3 ] &&
   ! grep -q '{[%#{]' "$tmp/dump/templates.psl"; then echo "ok tmpl-dump-dir"
else fail tmpl-dump-dir "no expansion in $tmp/dump"; fi
rm -f "$tmp/p.c"

# Fast decision tables (tests/pslc/test_fast.c): for every policy of the tree, compiled here as the build
# compiles it (the same search path) so that every policy added is covered, ksm_fast_size agrees with
# the KSM at every route, point and level, and the rule programs pslc compiled to C decide as the
# interpreter does (tests/pslc/test_native.c). The cases policy with its known entries is built by make.
fast_policy() {   # NAME FILE -I DIR...
    local name=$1 file=$2 gen=$tmp/fast-$1 err out rc c objs=()
    shift 2
    mkdir -p "$gen"
    if ! err=$("$PSLC" "$@" --layouts-dir "$gen" -o "$gen/policy.c" "$file" 2>&1); then
        fail "fast-$name" "pslc refused $file: $(head -1 <<<"$err")"; return
    fi
    for c in $(find "$gen" -name '*.c'); do
        if ! err=$(${HOSTCC:-cc} -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
                   -fno-sanitize-recover=all -I. -Ilib/include -c -o "${c%.c}.o" "$c" 2>&1); then
            fail "fast-$name" "does not build: $(head -1 <<<"$err")"; return
        fi
        objs+=("${c%.c}.o")
    done
    # The fast tables (test_fast.o) and the compiled rules (test_native.o) against the KSM.
    for t in fast native; do
        if ! err=$(${HOSTCC:-cc} -fsanitize=address,undefined -o "$gen/run-$t" "${objs[@]}" "$T/test_$t.o" \
                   "$T"/ksm/*.o 2>&1); then
            fail "$t-$name" "does not link: $(head -1 <<<"$err")"; continue
        fi
        out=$("$gen/run-$t" "$name" 2>&1); rc=$?
        printf '%s\n' "$out"
        if [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then fail "$t-$name" "exited with status $rc"; fi
        grep -q '^ok ' <<<"$out" || fail "$t-$name" "ran no test"
    done
}
if [ -f "$T/test_fast.o" ] && [ -f "$T/test_native.o" ]; then
    for f in tests/pslc/examples/*/security.psl; do
        d=$(dirname "$f"); fast_policy "pslc-$(basename "$d")" "$f" -I tests/pslc/common -I "$d"
    done
    for f in tests/pslc/accepted/*.psl; do
        args_of "$f"; fast_policy "accepted-$(basename "$f" .psl)" "$f" -I tests/pslc/common "${extra[@]}"
    done
    for d in audit memo wrong; do fast_policy "pslc-$d" "tests/pslc/$d/security.psl" -I tests/pslc/common; done
    for f in kernel/policy/*.psl; do fast_policy "kernel-$(basename "$f" .psl)" "$f" -I kernel/idl; done
    for f in user/*/security.psl; do
        d=$(dirname "$f"); fast_policy "user-$(basename "$d")" "$f" -I kernel/idl -I "$d"
    done
    # A solution without its own Einit.edl gets the one tools/einit writes (tools/einit/solution.mk).
    for f in examples/*/security.psl; do
        d=$(dirname "$f"); x=$(basename "$d"); mkdir -p "$tmp/edl-$x"
        [ -f "$d/Einit.edl" ] || printf 'entity Einit\n' > "$tmp/edl-$x/Einit.edl"
        # a templated policy gets the definitions its build gives it (examples/build.mk)
        read -ra targs <<<"$(make -s --no-print-directory print-pslc-args SOLUTION="$d" 2>/dev/null)"
        fast_policy "example-$x" "$f" "${targs[@]}" -I kernel/idl -I "$d" -I "$tmp/edl-$x"
    done
    # The user test images' allow-everything policies and the benchmark's variants (make bench: the
    # benchmark's own EDL and IDL are in user/bench), where the build generated them.
    for f in "$BUILD"/policy-src/*/security.psl; do
        [ -f "$f" ] || continue
        d=$(dirname "$f"); extra=()
        case $(basename "$d") in bench-*) extra=(-I user/bench) ;; esac
        fast_policy "allow-$(basename "$d")" "$f" -I kernel/idl "${extra[@]}" -I "$d"
    done
else
    fail fast-policies "$T/test_fast.o or $T/test_native.o not built"
fi
if [ -x "$T/test_fast" ]; then
    out=$("$T/test_fast" cases 2>&1); rc=$?
    printf '%s\n' "$out"
    [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out" && fail fast-cases "exited with status $rc"
else
    fail fast-cases "$T/test_fast not built"
fi

for t in test_ksm_units test_audit test_memo test_regex; do
    bin=$T/$t
    if [ ! -x "$bin" ]; then fail "$t" "$bin not built"; continue; fi
    out=$("$bin" "$tmp/audit.dump" 2>&1); rc=$?
    printf '%s\n' "$out"
    [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out" && fail "$t" "exited with status $rc"
done
# The audit dump written by test_audit, decoded to text.
got=$("$BUILD/tools/ksm-audit-decode" "$tmp/audit.dump" 2>&1)
if [ "$got" == "$(cat tests/pslc/audit/expected.txt)" ]; then echo "ok audit-decode"
else fail audit-decode "got: $(head -c 300 <<<"$got")"; fi
"$BUILD/tools/ksm-audit-decode" /dev/null >/dev/null 2>&1
[ $? -eq 1 ] && echo "ok audit-decode-rejects-garbage" || fail audit-decode-rejects-garbage "exit status"

# Short fuzz runs; `make fuzz` runs longer.
for fz in fuzz_psl fuzz_decide; do
    bin=$T/$fz
    if [ ! -x "$bin" ]; then fail "$fz" "$bin not built"; continue; fi
    seeds=""
    [ $fz = fuzz_psl ] && seeds="tests/pslc/examples/ping tests/pslc/malformed"
    mkdir -p "$tmp/corpus-$fz"
    if out=$("$bin" -max_total_time=3 -artifact_prefix="$tmp/" "$tmp/corpus-$fz" $seeds 2>&1); then
        echo "ok $fz"
    else
        fail "$fz" "$(grep -m1 -E 'ERROR|runtime error|deadly' <<<"$out")"
    fi
done

exit $status
