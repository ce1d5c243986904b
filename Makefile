# Vigil top-level build. Each part of the tree adds its own rules in a build.mk next to its sources;
# this file holds the shared settings and the user-facing targets (see README.md).
#   make            build build/vigil.elf
#   make run        build and boot a solution in QEMU (SOLUTION=examples/ping; default: the demo below;
#                   GIC=2|3 EL=1|2 MEM=128M..2G); exits non-zero when a process failed (tools/run.sh)
#   make test       host and in-guest tests; ends with "N passed, N failed"
#   make debug/gdb  QEMU waiting for gdb / gdb-multiarch attached with symbols
#   make V=1 ...    every command in full (by default a step prints one line: `  CC      kernel/ipc.c`)
.DEFAULT_GOAL := all
.SUFFIXES:
SHELL := /bin/bash
.DELETE_ON_ERROR:

CROSS_COMPILE ?= aarch64-linux-gnu-
CC      := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm
OBJDUMP := $(CROSS_COMPILE)objdump
HOSTCC  ?= cc
BUILD   := build
VERSION := 0.1.0

GIC ?= 2
EL  ?= 1
MEM ?= 128M
# The solution `make run` boots (a directory with init.yaml, security.psl, descriptions and programs;
# docs/solutions.md). The default demo shows granted and denied calls and the audit lines of the denials.
SOLUTION ?= examples/secure_logger

# Quiet build: each step prints its kind and its file (msg, or say inside a shell loop) and runs its
# command behind $(Q), so the log shows what is built and, always, the compilers' errors and warnings.
# V=1 prints the commands instead (as they were before, and what a bug report wants); -s prints nothing.
ifeq ($(V),1)
Q :=
else
Q := @
endif
ifneq ($(or $(filter 1,$(V)),$(findstring s,$(firstword -$(MAKEFLAGS)))),)
say =
else
say = printf '  %-8s%s\n' '$(1)' "$(2)";
endif
msg = $(if $(say),@$(call say,$(1),$(2)))

# Freestanding flags shared by the kernel and ksm/ when built for the guest.
TARGET_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -fno-builtin -nostdlib \
    -fno-pie -fno-pic -mcpu=cortex-a72 -mno-outline-atomics -fno-omit-frame-pointer \
    -mno-omit-leaf-frame-pointer -fno-delete-null-pointer-checks \
    -fno-isolate-erroneous-paths-dereference -fno-stack-protector -MMD -MP
# Host builds of freestanding code and tools: sanitizers on, as the standards ask.
HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer \
    -fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP -DVIGIL_VERSION='"$(VERSION)"'
HOST_LDFLAGS := -fsanitize=address,undefined

# Fragments append here: things `make test` needs built before the suites run.
TEST_PREREQS :=

include $(sort $(wildcard */build.mk */*/build.mk))

.PHONY: all deps run test test-prereqs debug gdb bench fuzz clean
all: $(BUILD)/vigil.elf

deps:
	@bash tools/deps.sh

run: deps
	@$(MAKE) --no-print-directory $(BUILD)/$(SOLUTION_DIR).elf
	@bash tools/run.sh --gic $(GIC) --el $(EL) --mem $(MEM) --solution $(SOLUTION_DIR) $(BUILD)/$(SOLUTION_DIR).elf

# make debug/gdb SOLUTION=dir: that solution's image, and in gdb every program's symbols and the helper
# (tools/vigil-gdb.py); without SOLUTION on the command line (or in the environment): the bare kernel.
# GDB_PORT picks the port, GDB_ARGS adds gdb arguments (e.g. -batch -x FILE).
GDB_PORT ?= 1234
DEBUG_SOLUTION := $(if $(filter command line environment,$(origin SOLUTION)),$(SOLUTION_DIR))
DEBUG_IMAGE := $(BUILD)/$(if $(DEBUG_SOLUTION),$(DEBUG_SOLUTION),vigil).elf
debug: deps
	@$(MAKE) --no-print-directory $(if $(DEBUG_SOLUTION),$(DEBUG_IMAGE),all)
	@bash tools/qemu.sh --gic $(GIC) --el $(EL) --mem $(MEM) $(if $(DEBUG_SOLUTION),--solution $(DEBUG_SOLUTION)) --debug --gdb-port $(GDB_PORT) $(DEBUG_IMAGE)

gdb:
	@bash tools/gdb.sh $(DEBUG_IMAGE) --port $(GDB_PORT) $(if $(DEBUG_SOLUTION),--solution $(DEBUG_SOLUTION)) \
	    $(GDB_ARGS)

# Everything the suites need, without running them.
test-prereqs: all $(TEST_PREREQS)

test: deps
	@$(MAKE) --no-print-directory all $(TEST_PREREQS)
	@bash tests/run.sh

# make bench [PEER=1]: the benchmark images under -icount, a table and build/bench.json (docs/benchmarks.md);
# PEER=1 boots them with the peer comparison's QEMU flags and writes build/bench-peer.json instead.
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench.elf $(BUILD)/bench-1000.elf $(BUILD)/bench-10000.elf
	@bash tools/bench.sh $(if $(filter 1,$(PEER)),--peer)

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)
