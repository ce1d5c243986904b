#!/usr/bin/env bash
# gdb on a solution: `make debug SOLUTION=examples/echo` halts QEMU, `make gdb SOLUTION=examples/echo`
# attaches gdb-multiarch in batch mode with the helper (tools/vigil-gdb.py) and every program's symbols.
# The script lists processes and threads in the kernel (EL1) and in user code (EL0, where the helper
# reads kernel memory physically), breaks on _start of echo.Server only (every program starts at that
# same address; Einit resumes the client first, whose pass there must be ignored), then on the server's Ping
# handler, and reads the client's argument from the request struct twice (777, then 778).
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
logs=$B/test-logs
log=$logs/gdb-solution.log script=$logs/gdb-solution.gdb serial=$logs/gdb-solution-serial.log
mkdir -p "$logs"
port=$((20000 + RANDOM % 20000))

cat >"$script" <<'GDB'
python
try:
    gdb.execute("vigil break echo.Nope main")
except gdb.error as e:
    print("unknown-class-error: %s" % e)
end
break process_resume
continue
printf "== in the kernel\n"
vigil ps
vigil threads
delete
vigil break echo.Server _start
continue
printf "== at _start of echo.Server\n"
vigil ps
printf "ttbr0-asid=%d\n", $TTBR0_EL1 >> 48
vigil breakpoints
delete
vigil break echo.Server ping
continue
printf "== at ping 1\n"
printf "value=%u\n", req->value
vigil threads
continue
printf "== at ping 2\n"
printf "value=%u\n", req->value
kill
GDB

timeout -k 5 120 make --no-print-directory -s debug SOLUTION=examples/echo GDB_PORT=$port >"$serial" 2>&1 &
qemu=$!
for _ in $(seq 300); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.1
done
timeout 120 make --no-print-directory -s gdb SOLUTION=examples/echo GDB_PORT=$port GDB_ARGS="-batch -x $script" \
    >"$log" 2>&1
gdb_status=$?
wait $qemu 2>/dev/null

# section NAME: the log's lines from "== NAME" to the next "== " line.
section() { sed -n "/^== $1\$/,/^== /p" "$log"; }
check() { # check NAME REASON COMMAND...: ok when the command succeeds
    local name=$1 reason=$2; shift 2
    if "$@" >/dev/null 2>&1; then echo "ok $name"; else echo "FAIL $name: $reason (log: $log)"; fi
}

check gdb-solution-session "gdb exited with status $gdb_status" test $gdb_status -eq 0
check gdb-solution-unknown-class "no error naming the unknown class" \
    grep -q '^unknown-class-error: vigil: no program known for class echo.Nope' "$log"

kernel=$(section "in the kernel")
check gdb-solution-ps-in-kernel "vigil ps in the kernel does not list Einit, echo.Client and echo.Server" \
    bash -c '[ $(grep -cE "^[ *] +[0-9]+  (Einit|echo.Client|echo.Server) +running +[0-9]+ +1$" <<<"$1") = 3 ]' _ "$kernel"
check gdb-solution-threads-in-kernel "vigil threads does not show echo.Server's thread suspended" \
    grep -qE '^[ *] +[0-9]+  echo\.Server\([0-9]+\) +suspended +15  idle$' <<<"$kernel"

start=$(section "at _start of echo.Server")
running=$(grep -E '^\* ' <<<"$start")
check gdb-solution-break-in-one-process "the breakpoint on _start did not stop in echo.Server" \
    grep -qE '^\* +[0-9]+  echo\.Server ' <<<"$running"
check gdb-solution-other-processes-ignored "the client's pass through _start was not seen and ignored" \
    grep -qE '_start in .*/server\.elf  only in echo\.Server: 1 hits, [1-9][0-9]* hits elsewhere ignored' <<<"$start"
asid=$(awk '{print $5}' <<<"$running")
ttbr=$(sed -n 's/^ttbr0-asid=//p' <<<"$start")
check gdb-solution-asid "the running process's ASID ($asid) is not TTBR0_EL1's ($ttbr)" \
    test -n "$asid" -a "$asid" = "$ttbr"

ping1=$(section "at ping 1") ping2=$(section "at ping 2")
check gdb-solution-ping-argument "the server's Ping handler did not see 777 then 778" \
    bash -c 'grep -q "^value=777$" <<<"$1" && grep -q "^value=778$" <<<"$2"' _ "$ping1" "$ping2"
check gdb-solution-ping-frame "the stop was not reported in ping with the server's symbols" \
    grep -qE '^Breakpoint [0-9]+, ping \(.*\) at examples/echo/server/server\.c:[0-9]+$' "$log"
server_tid=$(sed -nE 's/^\* +([0-9]+)  echo\.Server\([0-9]+\) +running .*/\1/p' <<<"$ping1")
check gdb-solution-ipc-states "the client is not shown waiting for the reply of the server's thread" \
    grep -qE "^  +[0-9]+  echo\.Client\([0-9]+\) +blocked +15  wait_reply, served by thread ${server_tid:-none}$" \
    <<<"$ping1"
check gdb-bare-kernel-targets "make debug/gdb without SOLUTION do not use build/vigil.elf" \
    bash -c 'env -u SOLUTION make -s -n gdb | grep -q "tools/gdb.sh build/vigil.elf --port 1234 *\\\\\?$"'
