# Mutation testing (tools/mutate.py, tests/mutants.txt, docs/testing.md): not part of `make test`.
#   make mutate                      every mutant of tests/mutants.txt (exit 1 if one survives or is invalid)
#   make mutate MUTANTS="id1 id2"    only those
# MUTATE_ARGS passes more options (--no-baseline, --keep-going, --jobs N).
.PHONY: mutate mutate-needs
mutate:
	@python3 tools/mutate.py $(if $(MUTANTS),--only "$(MUTANTS)") $(MUTATE_ARGS)

# What each suite needs built, a part of `make test`'s goals, so that a mutant rebuilds only that
# (the tool asks `make mutate-needs MUTATE_SUITES="..."` in its scratch tree). A suite not listed here
# gets everything `make test` builds.
MUTATE_NEEDS.10-host-unit = host-tests
MUTATE_NEEDS.15-mkimage = $(filter $(BUILD)/tools/mkimage $(BUILD)/tests/mkimage/%,$(TEST_PREREQS))
MUTATE_NEEDS.20-guest = $(BUILD)/vigil.elf $(BUILD)/tests/kt-foundation.elf $(BUILD)/tests/null-deref.elf
MUTATE_NEEDS.22-user = $(addprefix $(BUILD)/tests/,user-hello.elf user-libtest.elf user-ipc.elf user-regabi.elf \
    user-fastpath.elf user-io.elf)
MUTATE_NEEDS.23-user-process = $(addprefix $(BUILD)/tests/user-,$(addsuffix .elf,faults isolation sched \
    fpsimd badinput quota))
MUTATE_NEEDS.24-ipc-stress = $(addprefix $(BUILD)/tests/,user-ipcfuzz.elf user-ipcfuzz-bugs.elf user-ipcstress.elf)
MUTATE_NEEDS.25-gdb = $(BUILD)/vigil.elf
# 05-build-output builds in a scratch directory of its own: it needs nothing, but an empty list means all.
MUTATE_NEEDS.05-build-output = $(BUILD)/vigil.elf
MUTATE_NEEDS.30-nkc = $(filter $(BUILD)/tools/nkc $(BUILD)/tools/libnkc.a $(BUILD)/nkc-test/%,$(TEST_PREREQS))
MUTATE_NEEDS.40-pslc = $(filter $(BUILD)/tools/pslc $(BUILD)/tools/ksm-audit-decode $(BUILD)/pslc-test/%,\
    $(TEST_PREREQS))
MUTATE_NEEDS.45-pal-guest = $(filter $(BUILD)/tests/pal-%,$(TEST_PREREQS))
MUTATE_NEEDS.50-examples = $(BUILD)/vigil.elf $(filter $(BUILD)/tools/einit% $(BUILD)/examples/% \
    $(BUILD)/tests/solutions/%,$(TEST_PREREQS))

mutate-needs:
	@echo $(sort $(foreach s,$(MUTATE_SUITES),$(or $(MUTATE_NEEDS.$(s)),all $(TEST_PREREQS))))
