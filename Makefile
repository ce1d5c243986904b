# Vigil top-level build. Each part of the tree adds its own rules in a build.mk next to its sources;
# this file holds the shared settings and the user-facing targets (see README.md).
#   make            build build/vigil.elf
#   make run        build and boot a solution in QEMU (SOLUTION=examples/ping or any directory; default: the
#                   demo examples/secure_logger; GIC=2|3 EL=1|2 MEM=128M..2G); exits non-zero when a process
#                   failed (tools/run.sh)
#   make check/pal  a solution's test image against its `expected` file / its PAL tests, host and guest
#   make test       host and in-guest tests; ends with "N passed, N failed" (SOLUTION=dir: check and pal)
#   make install PREFIX=dir   the SDK: tools, headers, libraries, kernel objects, CMake package (docs/sdk.md)
#   make debug/gdb  QEMU waiting for gdb / gdb-multiarch attached with symbols
#   make V=1 ...    every command in full (by default a step prints one line: `  CC      kernel/ipc.c`)
.DEFAULT_GOAL := all

include tools/settings.mk

# Fragments append here: things `make test` needs built before the suites run.
TEST_PREREQS :=

include $(sort $(wildcard */build.mk */*/build.mk))

.PHONY: all deps test test-prereqs bench fuzz clean
all: $(BUILD)/vigil.elf

deps:
	@bash tools/deps.sh

# run, check, pal, debug, gdb: one solution (tools/goals.mk, docs/solutions.md).
GOAL_DEPS := deps
include tools/goals.mk

# Everything the suites need, without running them.
test-prereqs: all $(TEST_PREREQS)

# make test runs the project's suites; make test SOLUTION=dir (on the command line) tests that solution
# instead: check, then pal.
ifeq ($(origin SOLUTION),command line)
test: check pal
else
test: deps
	@$(MAKE) --no-print-directory all $(TEST_PREREQS)
	@bash tests/run.sh
endif

# make bench [PEER=1]: the benchmark images under -icount, a table and build/bench.json (docs/benchmarks.md);
# PEER=1 boots them with the peer comparison's QEMU flags and writes build/bench-peer.json instead.
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench.elf $(BUILD)/bench-1000.elf $(BUILD)/bench-10000.elf
	@bash tools/bench.sh $(if $(filter 1,$(PEER)),--peer)

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)
