#!/usr/bin/env bash
# Solutions end to end (tools/einit, tools/einit/solution.mk, examples/):
#   einit's host tests (the YAML subset, every init.yaml error, the generated C, the KOS forms) and its
#   exit status on malformed input;
#   for every example: its PAL tests on the host and in-guest against the kernel-linked KSM, and its
#   in-guest run, whose console must hold the lines of examples/<name>/expected in that order;
#   the name server's tests (tests/solutions/nameserver);
#   `make run` (the default demo, examples/secure_logger) and `make run SOLUTION=examples/ping` exit 0
#   with their expected lines, and `make run SOLUTION=tests/solutions/failing` (a process exits 1) does
#   not (the suite runs after `make test` built their images: make only boots).
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
LOGS=$B/test-logs
mkdir -p "$LOGS"

# expect LABEL LOG EXPECTED: EXPECTED's lines in LOG in order (tools/expect.sh, which make check uses too).
expect() { bash tools/expect.sh "$@"; }

out=$("$B/tools/einit-test" 2>&1)
rc=$?
echo "$out" | sed -E 's#^(ok|FAIL) #\1 einit/#'
[ $rc -eq 0 ] || echo "FAIL einit-test: exit status $rc"

# einit itself on what KOS users write: an error is file:line:col and exit status 1, never 0 (the
# forms einit accepts and every message are einit-test's; this is the command's contract).
einit_fails() {
    local label=$1 where=$2 text=$3 dir out rc
    dir=$(mktemp -d)
    printf '%s' "$text" >"$dir/init.yaml"
    out=$("$B/tools/einit" -I kernel/idl "$dir/init.yaml" 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && echo "$out" | grep -q "^$dir/init.yaml:$where: error: "; then
        echo "ok einit-cli/$label"
    else
        echo "FAIL einit-cli/$label: exit status $rc, output: $out"
    fi
    rm -rf "$dir"
}
einit_fails target_is_a_class 4:13 $'entities:\n- name: Client\n  connections:\n  - target: Server\n    id: s\n- task: UserServer\n  name: Server\n'
einit_fails missing_header 5:28 $'entities:\n- name: Client\n  connections:\n  - target: Client\n    id: {var: ID, include: vfs/defs.h}\n'
einit_fails two_unnamed_servers 3:9 $'entities:\n- name: Server\n- name: Server\n'

# guest LABEL S [qemu.sh options]: boots S's test image with its qemu.args; when S has a file
# `monitor` (one QEMU monitor command, e.g. system_powerdown), tools/monitor.py types it into
# the monitor every half second while the guest runs.
guest() {
    local label=$1 s=$2 sock= pid=
    shift 2
    if [ -f "$s/monitor" ]; then
        sock=$(mktemp -u "${TMPDIR:-/tmp}/vigil-monitor.XXXXXX")
        python3 tools/monitor.py "$sock" "$(head -n1 "$s/monitor")" &
        pid=$!
        set -- "$@" --monitor "$sock"
    fi
    bash tests/guest/run-image.sh "$label" "$B/$s-test.elf" 0 '^einit: all [0-9]+ process(es)? ended well$' \
        --solution "$s" "$@"
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        rm -f "$sock"
    fi
}

for dir in examples/*/; do
    s=${dir%/} name=$(basename "$dir")
    out=$("$B/$s/pal-host" 2>&1)
    rc=$?
    echo "$out" | grep -E '^(ok|FAIL) ' | sed -E "s#^(ok|FAIL) #\1 $name/host/#"
    if [ $rc -eq 0 ] && echo "$out" | grep -q '^ok '; then
        echo "ok $name/pal-host"
    else
        echo "FAIL $name/pal-host: exit status $rc or no test ran"
    fi
    bash tests/guest/run-image.sh "$name-pal" "$B/$s-pal.elf" 0 '^pal: 0 of [1-9][0-9]* tests failed$'
    guest "$name" "$s"
    expect "$name/output" "$LOGS/$name.log" "$s/expected"
    # The differential run: with the IPC fastpath off (boot option fastpath=off) the solution must end
    # as well and print the same audit records (same decisions, same order).
    guest "$name-nofast" "$s" --boot fastpath=off
    if diff <(grep '^audit: ' "$LOGS/$name.log") <(grep '^audit: ' "$LOGS/$name-nofast.log") >/dev/null; then
        echo "ok $name-nofast/same_audit_records"
    else
        echo "FAIL $name-nofast/same_audit_records: the audit lines differ with the fastpath off"
    fi
done

# The name server's in-guest tests (tests/solutions/nameserver, docs/dynamic-channels.md): t.Tester's
# ok/FAIL lines, with the fastpath on and off, and their policy's PAL tests on the host.
out=$("$B/tests/solutions/nameserver/pal-host" 2>&1)
rc=$?
echo "$out" | grep -E '^(ok|FAIL) ' | sed -E "s#^(ok|FAIL) #\1 nameserver/host/#"
if [ $rc -eq 0 ] && echo "$out" | grep -q '^ok '; then echo "ok nameserver/pal-host"; else echo "FAIL nameserver/pal-host: exit status $rc"; fi
for variant in "" -nofast; do
    bash tests/guest/run-image.sh "nameserver$variant" "$B/tests/solutions/nameserver-test.elf" 0 \
        '^t\.Tester: all tests passed$' ${variant:+--boot fastpath=off}
done

# make run LABEL [VAR=value...]: the user's command, with a timeout; its exit status must be 0.
make_run() {
    local label=$1 log=$LOGS/$1.log rc
    shift
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 300 make --no-print-directory run "$@" </dev/null 2>&1 |
        tr -d '\r' >"$log"
    rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 0 ]; then echo "ok $label"; else echo "FAIL $label: exit status $rc (log: $log)"; fi
    if grep -q '^vigil: powering off$' "$log"; then
        echo "ok $label/powered-off"
    else
        echo "FAIL $label/powered-off: no 'vigil: powering off' (log: $log)"
    fi
}
make_run make-run
expect make-run/output "$LOGS/make-run.log" examples/secure_logger/expected
make_run make-run-ping SOLUTION=examples/ping
expect make-run-ping/output "$LOGS/make-run-ping.log" examples/ping/expected

# make run's exit status is the solution's (tools/run.sh): a process that exits 1 fails the run, though
# the machine powers off normally (the two runs above are the good ones, with status 0).
log=$LOGS/make-run-failing.log
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 300 make --no-print-directory run SOLUTION=tests/solutions/failing \
    </dev/null 2>&1 | tr -d '\r' >"$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q '^einit: Failing exited with code 1$' "$log" &&
    grep -q '^vigil: powering off$' "$log"; then
    echo "ok make-run-failing/exit_status"
else
    echo "FAIL make-run-failing/exit_status: exit status $rc, want non-zero after Failing exited with 1 (log: $log)"
fi
