# Where one measured path's instructions go (docs/benchmarks.md, "Where the instructions go"): run in
# gdb-multiarch attached to the benchmark image started halted under -icount; it stops at START (a user
# address: the instruction after the first counter read of a measured loop), lets SKIP more iterations
# pass (steady state), then single-steps, across both processes and the kernel, until END (the second
# counter read) and prints the instructions per function, in order of execution and in total.
#   bash tools/qemu.sh --icount --debug --gdb-port 1234 build/bench.elf &
#   START=0x... END=0x... [SKIP=10] gdb-multiarch -q -nx -batch -ex 'file build/bench.elf' \
#       -ex 'add-symbol-file build/user/bench.elf' -ex 'target remote 127.0.0.1:1234' \
#       -x user/bench/trace-gdb.py
# START and END: `aarch64-linux-gnu-objdump -d build/user/bench.elf`, the `mrs ..., pmevcntr0_el0` pair
# around the loop's call in main. The step count includes the second read (one more than the row).
import collections
import os

import gdb

start, end = int(os.environ["START"], 16), int(os.environ["END"], 16)
skip = int(os.environ.get("SKIP", "10"))


def function_of(pc):
    block = gdb.block_for_pc(pc)
    while block is not None and block.function is None:
        block = block.superblock
    if block is not None:
        return block.function.name  # the innermost function, inlined ones included
    words = gdb.execute("info symbol 0x%x" % pc, to_string=True).split()
    return words[0] if words and words[0] != "No" else "0x%x" % pc


gdb.execute("set pagination off")
gdb.execute("hbreak *0x%x" % start)
for _ in range(skip + 1):
    gdb.execute("continue", to_string=True)
gdb.execute("delete")
runs = []
steps = 0
while steps < 100000:
    gdb.execute("stepi", to_string=True)
    steps += 1
    pc = int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF
    name = function_of(pc)
    if runs and runs[-1][0] == name:
        runs[-1][1] += 1
    else:
        runs.append([name, 1])
    if pc == end:
        break
print("steps %d" % steps)
for name, n in runs:
    print("%6d %s" % (n, name))
print("--- by function")
total = collections.Counter()
for name, n in runs:
    total[name] += n
for name, n in total.most_common():
    print("%6d %s" % (n, name))
gdb.execute("kill")
