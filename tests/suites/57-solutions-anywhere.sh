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
B=${BUILD:-build}
LOGS=$B/test-logs
mkdir -p "$LOGS"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-anywhere.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# goal LABEL STATUS REGEX... -- MAKE ARGS: runs make ARGS; ok when its exit status is STATUS (0, or
# "nonzero") and its output has a line matching each REGEX.
goal() {
    local label=$1 want=$2 log=$LOGS/anywhere-$1.log res=() rc re
    shift 2
    while [ "$1" != -- ]; do res+=("$1"); shift; done
    shift
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 300 make --no-print-directory -s "$@" </dev/null 2>&1 |
        tr -d '\r' >"$log"
    rc=${PIPESTATUS[0]}
    if [ "$want" = nonzero ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; }; then
        echo "FAIL anywhere/$label: exit status $rc, want non-zero (log: $log)"; return
    elif [ "$want" != nonzero ] && [ "$rc" -ne "$want" ]; then
        echo "FAIL anywhere/$label: exit status $rc, want $want (log: $log)"; return
    fi
    for re in "${res[@]}"; do
        grep -qE -- "$re" "$log" || { echo "FAIL anywhere/$label: no line matching '$re' (log: $log)"; return; }
    done
    echo "ok anywhere/$label"
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
goal pal-absolute 0 '^ok pal/host$' '^ok pal/guest$' '^pal: 0 of [1-9][0-9]* tests failed$' -- pal SOLUTION="$tmp/echo"
goal symlink-out-of-tree 0 '^ok check/run$' '^ok check/output$' -- check SOLUTION="$tmp/echo-link"
goal symlink-shares-build 0 "^$PWD/$B/$key\$" -- print-image SOLUTION="$tmp/echo-link/"
goal symlink-in-tree-key 0 "^$PWD/$B/examples/ping\$" -- print-image SOLUTION="$tmp/ping-link"
goal symlink-in-tree-check 0 '^ok check/run$' '^ok check/output$' -- check SOLUTION="$tmp/ping-link"
goal relative-to-tree 0 "^$PWD/$B/examples/echo\$" -- -C "$PWD" print-image SOLUTION=examples/echo/
goal run-absolute 0 '^vigil: Einit exited with code 0$' -- run SOLUTION="$tmp/echo"
goal test-is-check-and-pal 0 '^ok check/output$' '^ok pal/host$' '^ok pal/guest$' -- test SOLUTION="$tmp/echo"
goal gdb-uses-key 0 "tools/gdb.sh $B/$key.elf --port 1234 --solution $key" -- -n gdb SOLUTION="$tmp/echo"

goal missing-dir 2 "SOLUTION=$tmp/nope: no such directory" -- check SOLUTION="$tmp/nope"
goal no-init-yaml 2 "SOLUTION=$tmp: not a solution directory \\(no init.yaml" -- pal SOLUTION="$tmp"
goal failing-process nonzero '^FAIL check/run: exit status 1' -- check SOLUTION=tests/solutions/failing

# A copy whose expected file wants a line the solution does not print, and one whose PAL test is wrong.
cp -r "$tmp/echo" "$tmp/echo-wrong"
sed -i "s#^\\^einit: $real: #^einit: $real-wrong: #" "$tmp/echo-wrong/expected"
echo '^echo.Client: Ping\(1\) = 2$' >>"$tmp/echo-wrong/expected"
sed -i 's/deny "Einit cannot call the server"/grant "Einit cannot call the server"/' "$tmp/echo-wrong/security.psl"
goal wrong-expected nonzero '^ok check/run$' "^FAIL check/output: no line matching '\\^echo.Client: Ping" -- \
    check SOLUTION="$tmp/echo-wrong"
goal wrong-pal nonzero '^FAIL pal/host' -- pal SOLUTION="$tmp/echo-wrong"
