# The goals that build and boot one solution, SOLUTION (tools/einit/solution-key.mk: any directory; its
# outputs are $(BUILD)/$(SOLUTION_KEY)...). Shared by the tree's Makefile and the installed SDK's
# (docs/sdk.md), which sets GOAL_DEPS empty: an installed SDK does not install packages.
#   run     boot $(BUILD)/K.elf (tools/run.sh): 0 iff Einit reported that every process exited with 0
#   check   boot $(BUILD)/K-test.elf and compare the console with SOLUTION/expected (tools/check.sh)
#   pal     the policy's PAL tests on the host and in-guest (tools/pal.sh)
#   debug   QEMU halted, waiting for gdb; gdb: gdb-multiarch attached with every program's symbols
#   images  build K.elf, K-test.elf, K-pal.elf and K/pal-host; print-image: the absolute $(BUILD)/K
# Each builds its images with a sub-make first: the solution's rules exist only when a goal names one of
# its files (solution.mk), and after GOAL_DEPS, which may install the compilers.
SOL_GOALS := run check pal debug gdb images print-image
SOL_IMAGE := $(BUILD)/$(SOLUTION_KEY)
sub_make = $(MAKE) --no-print-directory

# make debug/gdb SOLUTION=dir: that solution's image, and in gdb every program's symbols and the helper
# (tools/vigil-gdb.py); without SOLUTION on the command line (or in the environment): the bare kernel.
# GDB_PORT picks the port, GDB_ARGS adds gdb arguments (e.g. -batch -x FILE).
GDB_PORT ?= 1234
DEBUG_SOLUTION := $(if $(filter command line environment,$(origin SOLUTION)),$(SOLUTION_KEY))
DEBUG_IMAGE := $(BUILD)/$(if $(DEBUG_SOLUTION),$(DEBUG_SOLUTION),vigil).elf

# Refuse a SOLUTION that is not one before anything is built (debug and gdb only use one given; `make test
# SOLUTION=dir` is check and pal: Makefile).
ifneq ($(filter run check pal images print-image,\
    $(MAKECMDGOALS))$(if $(filter command line environment,$(origin SOLUTION)),$(filter debug gdb,$(MAKECMDGOALS)))$(if \
    $(filter command line,$(origin SOLUTION)),$(filter test,$(MAKECMDGOALS))),)
$(sol_check)
endif

.PHONY: $(SOL_GOALS)
run: $(GOAL_DEPS)
	@$(sub_make) $(SOL_IMAGE).elf
	@bash tools/run.sh --gic $(GIC) --el $(EL) --mem $(MEM) --solution $(SOLUTION_SRC) $(SOL_IMAGE).elf

# check and pal build different images; given together (make check pal, or make test SOLUTION=dir) pal
# waits for check, so two sub-makes never write the same solution's files at once.
check: $(GOAL_DEPS)
	@$(sub_make) $(SOL_IMAGE)-test.elf
	@bash tools/check.sh --gic $(GIC) --el $(EL) --mem $(MEM) --solution $(SOLUTION_SRC) --log $(SOL_IMAGE)-check.log \
	    $(if $(wildcard $(SOLUTION_SRC)/expected),--expected $(SOLUTION_SRC)/expected) $(SOL_IMAGE)-test.elf

pal: $(GOAL_DEPS) $(if $(filter check test,$(MAKECMDGOALS)),check)
	@$(sub_make) $(SOL_IMAGE)-pal.elf $(SOL_IMAGE)/pal-host
	@bash tools/pal.sh --gic $(GIC) --el $(EL) --mem $(MEM) $(SOL_IMAGE)/pal-host $(SOL_IMAGE)-pal.elf

debug: $(GOAL_DEPS)
	@$(sub_make) $(if $(DEBUG_SOLUTION),$(DEBUG_IMAGE),all)
	@bash tools/qemu.sh --gic $(GIC) --el $(EL) --mem $(MEM) $(if $(DEBUG_SOLUTION),--solution $(SOLUTION_SRC)) --debug \
	    --gdb-port $(GDB_PORT) $(DEBUG_IMAGE)

gdb:
	@bash tools/gdb.sh $(DEBUG_IMAGE) --port $(GDB_PORT) $(if $(DEBUG_SOLUTION),--solution $(DEBUG_SOLUTION)) \
	    $(GDB_ARGS)

images: $(GOAL_DEPS)
	@$(sub_make) $(SOL_IMAGE).elf $(SOL_IMAGE)-test.elf $(SOL_IMAGE)-pal.elf $(SOL_IMAGE)/pal-host

print-image:
	@echo $(abspath $(SOL_IMAGE))
