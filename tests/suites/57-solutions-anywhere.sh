#!/usr/bin/env bash
# make run|check|pal|test|debug|gdb SOLUTION=dir for a solution anywhere (tools/einit/solution-key.mk,
# tools/goals.mk): a copy of examples/echo outside the tree, given by absolute path, passes make check
# (its console matches its expected lines) and make pal (host and in-guest) and is built under
# build/ext/echo-<hash>; a symlink to it shares that build, a symlink to an in-tree example shares the
# example's; relative paths are taken from the tree; make test SOLUTION=dir is check then pal; a missing
# directory or one without init.yaml is refused with a message; a process that fails, an expected line
# that is not printed and a PAL test that does not hold each make the goal exit non-zero.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/suite.sh

# goal LABEL STATUS REGEX... -- MAKE ARGS: step on `make -s ARGS`, as a user types it.
goal() {
    local label=$1 want=$2 res=()
    shift 2
    while [ "$1" != -- ]; do res+=("$1"); shift; done
    shift
    step "anywhere/$label" "$want" "${res[@]}" -- make --no-print-directory -s "$@"
}

# The copy prints its own path in Einit's first line; the rest of examples/echo/expected holds.
cp -r examples/echo "$tmp/echo"
real=$(realpath "$tmp/echo")
sed -i "s#^\\^einit: examples/echo: #^einit: $real: #" "$tmp/echo/expected"
key=ext/echo-$(printf '%s' "$real" | sha256sum | cut -c1-8)
ln -s "$tmp/echo" "$tmp/echo-link"
ln -s "$PWD/examples/ping" "$tmp/ping-link"

goal check-absolute 0 '^ok check/run$' '^ok check/output$' -- check SOLUTION="$tmp/echo"
goal check-built-under-key 0 "^$PWD/$B/$key\$" -- print-image SOLUTION="$tmp/echo"
[ -f "$B/$key-test.elf" ] && echo "ok anywhere/test-image-under-key" ||
    echo "FAIL anywhere/test-image-under-key: no $B/$key-test.elf"
[ -s "$B/$key-check.log" ] && grep -q '^einit: all 2 processes ended well$' "$B/$key-check.log" &&
    echo "ok anywhere/check-log-kept" || echo "FAIL anywhere/check-log-kept: no console in $B/$key-check.log"
goal pal-absolute 0 '^ok pal/host$' '^ok pal/guest$' '^pal: 0 of [1-9][0-9]* tests failed$' -- pal SOLUTION="$tmp/echo"
goal symlink-out-of-tree 0 '^ok check/run$' '^ok check/output$' -- check SOLUTION="$tmp/echo-link"
goal symlink-shares-build 0 "^$PWD/$B/$key\$" -- print-image SOLUTION="$tmp/echo-link/"
goal symlink-in-tree-key 0 "^$PWD/$B/examples/ping\$" -- print-image SOLUTION="$tmp/ping-link"
goal symlink-in-tree-check 0 '^ok check/run$' '^ok check/output$' -- check SOLUTION="$tmp/ping-link"
# From another directory, with make -C: a relative SOLUTION is still the tree's.
step anywhere/relative-to-tree 0 "^$PWD/$B/examples/echo\$" -- \
    env -C "$tmp" make --no-print-directory -s -C "$PWD" print-image SOLUTION=examples/echo/
goal run-absolute 0 '^vigil: Einit exited with code 0$' -- run SOLUTION="$tmp/echo"
goal test-is-check-and-pal 0 '^ok check/output$' '^ok pal/host$' '^ok pal/guest$' -- test SOLUTION="$tmp/echo"
goal gdb-uses-key 0 "tools/gdb.sh $B/$key.elf --port 1234 --solution $key" -- -n gdb SOLUTION="$tmp/echo"

goal images 0 -- images SOLUTION="$tmp/echo"
missing=
for f in "$key.elf" "$key-test.elf" "$key-pal.elf" "$key/pal-host"; do [ -f "$B/$f" ] || missing="$missing $f"; done
[ -z "$missing" ] && echo "ok anywhere/images-built" || echo "FAIL anywhere/images-built: missing:$missing"
mkdir -p "$tmp/a b"
goal spaces-refused 2 "may not hold spaces" -- check SOLUTION="$tmp/a b"
goal debug-missing-dir 2 "SOLUTION=$tmp/nope: no such directory" -- -n debug SOLUTION="$tmp/nope"
goal missing-dir 2 "SOLUTION=$tmp/nope: no such directory" -- check SOLUTION="$tmp/nope"
goal no-init-yaml 2 "SOLUTION=$tmp: not a solution directory \\(no init.yaml" -- pal SOLUTION="$tmp"
goal failing-process 2 '^FAIL check/run: exit status 1' -- check SOLUTION=tests/solutions/failing

# A copy whose expected file wants a line the solution does not print, and one whose PAL test is wrong.
cp -r "$tmp/echo" "$tmp/echo-wrong"
sed -i "s#^\\^einit: $real: #^einit: $real-wrong: #" "$tmp/echo-wrong/expected"
echo '^echo.Client: Ping\(1\) = 2$' >>"$tmp/echo-wrong/expected"
sed -i 's/deny "Einit cannot call the server"/grant "Einit cannot call the server"/' "$tmp/echo-wrong/security.psl"
goal wrong-expected 2 '^ok check/run$' "^FAIL check/output: no line matching '\\^echo.Client: Ping" -- \
    check SOLUTION="$tmp/echo-wrong"
goal wrong-pal 2 '^FAIL pal/host' -- pal SOLUTION="$tmp/echo-wrong"
