#!/usr/bin/env bash
# gdb test: QEMU waits for gdb; gdb-multiarch in batch mode breaks on the kernel's C entry (kmain),
# continues, and must stop there with the MMU on (a TTBR1 address).
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
log=$B/test-logs/gdb.log
port=$((20000 + RANDOM % 20000))
bash tools/qemu.sh --debug --gdb-port $port --timeout 60 --serial $B/test-logs/gdb-serial.log \
    $B/vigil.elf 2>/dev/null &
qemu=$!
for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.1
done
timeout 60 gdb-multiarch -q -nx -batch \
    -ex "file $B/vigil.elf" -ex "target remote 127.0.0.1:$port" \
    -ex "break kmain" -ex "continue" \
    -ex 'printf "stopped-at pc=%lx\n", $pc' -ex 'info symbol $pc' -ex 'p/x $TTBR1_EL1' -ex "kill" >"$log" 2>&1
gdb_status=$?
wait $qemu 2>/dev/null
if [ $gdb_status -eq 0 ] && grep -q 'Breakpoint 1, kmain' "$log" && grep -q '^kmain in section .text' "$log" \
    && grep -q 'stopped-at pc=ffffff80' "$log"; then
    echo "ok gdb-break-in-kmain"
else
    echo "FAIL gdb-break-in-kmain: gdb did not stop in kmain (status $gdb_status; log: $log)"
fi

# `make gdb` with no `make debug` running: a message that says to start it, status 2, no gdb session.
idle=$((40000 + RANDOM % 20000))
out=$(bash tools/gdb.sh $B/vigil.elf --port $idle 2>&1 </dev/null); rc=$?
if [ $rc -eq 2 ] && grep -q "nothing listens on port $idle: start the image with 'make debug' first" <<<"$out"; then
    echo "ok gdb-without-debug-says-why"
else
    echo "FAIL gdb-without-debug-says-why: status $rc: $out"
fi
