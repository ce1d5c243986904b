#!/usr/bin/env bash
# Runs every suite in tests/suites/ in name order. A suite prints one line per test:
#   ok <name>                or   FAIL <name>: <reason>
# (other lines pass through). A suite that exits non-zero without printing a FAIL line counts as one
# failure. Ends with "N distinct checks (+M runs of them on machine variants)" and, last,
# "N passed, N failed" (after the FAIL lines repeated); exits non-zero on any failure. A run on a machine variant is a test whose label
# (the name up to the first "/") ends in variant suffixes: -gic3, -el2, -256M, -2G, -mem1G, -default,
# -nofast (the IPC fastpath off)...
# (tests/guest/run-image.sh labels; e.g. foundation-el2-gic3/clock_is_monotonic is a run of
# foundation/clock_is_monotonic).
set -u
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
mkdir -p "$BUILD/test-logs"
pass=0; fail=0
names="$BUILD/test-logs/.names"   # suite<TAB>test name, one line per ok/FAIL
: >"$names"
failed="$BUILD/test-logs/.failed"   # every FAIL line, with its suite
: >"$failed"
only=${SUITES:-}
for suite in tests/suites/*.sh; do
    name=$(basename "$suite" .sh)
    [ -n "$only" ] && ! [[ " $only " == *" $name "* ]] && continue
    log="$BUILD/test-logs/$name.out"
    bash "$suite" >"$log" 2>&1
    rc=$?
    cat "$log" | grep -E '^(ok|FAIL) ' | sed "s/^/[$name] /"
    grep -E '^FAIL ' "$log" | sed "s/^/[$name] /" >>"$failed"
    p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
    sed -nE -e "s/^ok (.*)$/$name\t\1/p" -e "s/^FAIL ([^:]*(:[^ ][^:]*)*)(: .*|:)?$/$name\t\1/p" "$log" >>"$names"
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "[$name] FAIL $name: suite exited with status $rc (see $log)" | tee -a "$failed"; f=1
        printf '%s\t%s\n' "$name" "$name" >>"$names"
    fi
    pass=$((pass + p)); fail=$((fail + f))
done
awk -F'\t' '
    { label = $2; rest = ""; i = index(label, "/"); if (i) { rest = substr(label, i); label = substr(label, 1, i - 1) }
      while (label ~ /.-(gic[23]|el[12]|mem[0-9]+[MG]|[0-9]+[MG]|default|nofast)$/) sub(/-[^-]*$/, "", label)
      runs++; if (!seen[$1 "\t" label rest]++) distinct++ }
    END { printf "%d distinct checks (+%d runs of them on machine variants)\n", distinct, runs - distinct }' "$names"
# The failures again, last, so a log that keeps only its tail (CI) still says what failed.
if [ $fail -gt 0 ]; then echo "failed:"; sed 's/^/  /' "$failed"; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
