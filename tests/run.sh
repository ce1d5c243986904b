#!/usr/bin/env bash
# Runs every suite in tests/suites/ in name order. A suite prints one line per test:
#   ok <name>                or   FAIL <name>: <reason>
# (other lines pass through). A suite that exits non-zero without printing a FAIL line counts as one
# failure. Ends with "N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
mkdir -p "$BUILD/test-logs"
pass=0; fail=0
only=${SUITES:-}
for suite in tests/suites/*.sh; do
    name=$(basename "$suite" .sh)
    [ -n "$only" ] && ! [[ " $only " == *" $name "* ]] && continue
    log="$BUILD/test-logs/$name.out"
    bash "$suite" >"$log" 2>&1
    rc=$?
    cat "$log" | grep -E '^(ok|FAIL) ' | sed "s/^/[$name] /"
    p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "[$name] FAIL $name: suite exited with status $rc (see $log)"; f=1
    fi
    pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
