# The solution rule. A solution is a directory holding init.yaml, security.psl, its IDL/CDL/EDL
# descriptions (Einit.edl optional) and one directory per program (docs/solutions.md). It is built under a
# key K: its path when it lies inside the tree (examples/echo), else ext/<name>-<hash> (tools/einit/
# solution-key.mk). For every S in SOLUTIONS (examples/build.mk) and $(SOLUTION):
#   $(BUILD)/K.elf          the boot image: Einit runs the solution, the machine powers off after it
#   $(BUILD)/K-test.elf     the same, leaving QEMU with Einit's verdict (0 iff all processes exited 0)
#   $(BUILD)/K-pal.elf      the policy's PAL tests, run in-guest against the kernel-linked KSM
#   $(BUILD)/K/pal-host     the PAL tests on the host (pslc --tests run, ksm/ built for the host)
# tools/einit turns S/init.yaml into Einit's C ($(BUILD)/K/einit.c) and a make fragment with the program
# list ($(BUILD)/K/solution.mk), which is included (make restarts once when it changes). A program is a
# directory of S (S/client, or S/client/src as KOS projects lay them out: tools/einit/lookup.h). It is included
# only when a goal names one of K's outputs (or `solutions`, `run`, `check`, `pal`...), so no other build
# needs einit.

include tools/einit/solution-key.mk
SOL_BUILD_REAL = $(or $(realpath $(BUILD)),$(abspath $(BUILD)))
# The host build of ksm/ that PAL runners link (the installed SDK gives its prebuilt objects).
EINIT_KSM_HOST_OBJS ?= $(patsubst ksm/%.c,$(BUILD)/pslc-test/ksm/%.o,$(wildcard ksm/*.c))
EINIT_RUNTIME_OBJ := $(BUILD)/einit/einit_run.o

$(EINIT_RUNTIME_OBJ): tools/einit/runtime/einit_run.c
	@mkdir -p $(@D)
	$(call msg,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c -o $@ $<
-include $(EINIT_RUNTIME_OBJ:.o=.d)

# solution_program(K, S, PROGRAM): $(BUILD)/user/K/PROGRAM.elf from S/PROGRAM/*.c, with the solution's
# nkc-generated headers ($(BUILD)/K/gen) and the solution directory S on the include path.
define solution_program
SOL_OBJS.$(1)/$(3) := $$(patsubst $(2)/$(3)/%.c,$(BUILD)/user/$(1)/$(3)/%.o,$$(wildcard $(2)/$(3)/*.c))
$(BUILD)/user/$(1)/$(3).elf: $$(SOL_OBJS.$(1)/$(3)) $(BUILD)/lib/libvigil.a linker/user.ld tools/mkusyms.sh
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(USER_CFLAGS) $$(USER_LDFLAGS) -o $$@.nosyms $$(SOL_OBJS.$(1)/$(3)) $$(USER_LIBS)
	$$(Q)$$(call user_symbols,$$@.nosyms,$$@)
$$(SOL_OBJS.$(1)/$(3)): $(BUILD)/user/$(1)/$(3)/%.o: $(2)/$(3)/%.c $(BUILD)/$(1)/gen/.stamp
	@mkdir -p $$(@D)
	$$(call msg,CC,$$<)
	$$(Q)$$(CC) $$(USER_CFLAGS) -I$(BUILD)/$(1)/gen -I$(2) -c -o $$@ $$<
-include $$(SOL_OBJS.$(1)/$(3):.o=.d)
endef

sol_prog_path = $(if $(filter @%,$(2)),$(patsubst @%,%,$(2)),$(1)/$(2))

# solution(K, S): the rules of solution directory S, built under the key K (S itself for one of the tree).
define solution
-include $(BUILD)/$(1)/solution.mk
# The build directory may lie inside the solution (cmake -B build in an SDK project): its generated EDL
# would count as the solution's own and make the fragment ever out of date, so it is skipped.
SOL_DESC.$(1) := $$(sort $$(shell find -L $(2) -path $(SOL_BUILD_REAL) -prune -o \( -name '*.idl' -o -name '*.cdl' \
    -o -name '*.edl' \) -print))
# A program "@name" is Vigil's own build/user/name.elf (the name server, user/nameserver).
SOL_PROGS.$(1) := Einit=$(1)/.einit $$(foreach r,$$(SOL.$(1)_ROMFS),$$(firstword $$(subst =, ,$$(r)))=$$(call sol_prog_path,$(1),$$(lastword $$(subst =, ,$$(r)))))
SOL_EDL.$(1) := $(2) $(BUILD)/$(1)/edl
# PSLC_DEFINES.S: the template definitions of S's policy (with PSLC_DEFINES, kernel/build.mk).
SOL_PSLC.$(1) = $(BUILD)/tools/pslc -I kernel/idl -I $(2) -I $(BUILD)/$(1)/edl \
    $$(call pslc_template_args,$$(PSLC_DEFINES) $$(PSLC_DEFINES.$(1)))

# SOL.S_HEADERS, from the fragment itself: the headers channel ids were read from (id: {var, include}).
$(BUILD)/$(1)/solution.mk $(BUILD)/$(1)/einit.c &: $(2)/init.yaml $(BUILD)/tools/einit $$(SOL_DESC.$(1)) \
        $$(SOL.$(1)_HEADERS)
	@mkdir -p $(BUILD)/$(1)/edl
	$$(call msg,EINIT,$(2)/init.yaml)
	$$(Q)$(BUILD)/tools/einit -I kernel/idl -o $(BUILD)/$(1)/einit.c --make $(BUILD)/$(1)/solution.mk \
	    --make-var SOL.$(1) $(2)/init.yaml
	@[ -f $(2)/Einit.edl ] || printf '// generated: the class of Einit (tools/einit)\nentity Einit\n' \
	    > $(BUILD)/$(1)/edl/Einit.edl

$(BUILD)/$(1)/gen/.stamp: $$(SOL_DESC.$(1)) $(BUILD)/tools/nkc
	@rm -rf $(BUILD)/$(1)/gen && mkdir -p $(BUILD)/$(1)/gen
	$$(if $$(SOL_DESC.$(1)),$$(call msg,NKC,$$(SOL_DESC.$(1))))
	$$(if $$(SOL_DESC.$(1)),$$(Q)$(BUILD)/tools/nkc -I $(2) -I kernel/idl -o $(BUILD)/$(1)/gen $$(SOL_DESC.$(1)))
	@touch $$@

$(BUILD)/user/$(1)/.einit.o: $(BUILD)/$(1)/einit.c
	@mkdir -p $$(@D)
	$$(call msg,CC,$$<)
	$$(Q)$$(CC) $$(USER_CFLAGS) -Itools/einit/runtime -c -o $$@ $$<
$(BUILD)/user/$(1)/.einit.elf: $(BUILD)/user/$(1)/.einit.o $(EINIT_RUNTIME_OBJ) $(BUILD)/lib/libvigil.a linker/user.ld tools/mkusyms.sh
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(USER_CFLAGS) $$(USER_LDFLAGS) -o $$@.nosyms $(BUILD)/user/$(1)/.einit.o $(EINIT_RUNTIME_OBJ) $$(USER_LIBS)
	$$(Q)$$(call user_symbols,$$@.nosyms,$$@)
$$(foreach p,$$(SOL.$(1)_PROGRAMS),$$(eval $$(call solution_program,$(1),$(2),$$(p))))

# The PAL tests as C tables for the in-guest run (the policy itself is compiled by kernel_image); the
# -pal image's .args (kernel_image) changes with the template definitions.
$(BUILD)/$(1)/pal/tests.o: $(2)/security.psl $(BUILD)/$(1)/solution.mk $$(SOL_DESC.$(1)) $$(wildcard $(2)/*.psl) \
        $(BUILD)/tools/pslc $(BUILD)/policy/$(1)-pal.args
	@rm -rf $(BUILD)/$(1)/pal && mkdir -p $(BUILD)/$(1)/pal
	$$(call msg,PSLC,$(2)/security.psl)
	$$(Q)$$(SOL_PSLC.$(1)) --tests generate --out-tests $(BUILD)/$(1)/pal/tests.c --layouts-dir $(BUILD)/$(1)/pal \
	    -o $(BUILD)/$(1)/pal/policy.c $(2)/security.psl
	$$(call msg,CC,$(BUILD)/$(1)/pal/tests.c)
	$$(Q)$$(CC) $$(KERNEL_CFLAGS) -c $(BUILD)/$(1)/pal/tests.c -o $$@
$(BUILD)/$(1)/pal-host: $(2)/security.psl $(BUILD)/$(1)/solution.mk $$(SOL_DESC.$(1)) $$(wildcard $(2)/*.psl) \
        $(BUILD)/tools/pslc $(BUILD)/policy/$(1)-pal.args $(EINIT_KSM_HOST_OBJS)
	@rm -rf $(BUILD)/$(1)/pal-host-gen && mkdir -p $(BUILD)/$(1)/pal-host-gen
	$$(call msg,PSLC,$(2)/security.psl)
	$$(Q)$$(SOL_PSLC.$(1)) --tests run --layouts-dir $(BUILD)/$(1)/pal-host-gen -o $(BUILD)/$(1)/pal-host-gen/policy.c \
	    $(2)/security.psl
	$$(call msg,HOSTCC,$$@)
	$$(Q)$$(HOSTCC) $$(KSM_HOST_CFLAGS) $$(HOST_LDFLAGS) -o $$@ $$$$(find $(BUILD)/$(1)/pal-host-gen -name '*.c') \
	    $(EINIT_KSM_HOST_OBJS)

$$(eval $$(call kernel_image,$(1),$(BUILD)/k/kernel/run_init.o,$$(SOL_PROGS.$(1)),$(2)/security.psl,$$(SOL_EDL.$(1)),$$(PSLC_DEFINES.$(1))))
$$(eval $$(call kernel_image,$(1)-test,$(BUILD)/k/kernel/run_init_test.o,$$(SOL_PROGS.$(1)),$(2)/security.psl,$$(SOL_EDL.$(1)),$$(PSLC_DEFINES.$(1))))
$$(eval $$(call kernel_image,$(1)-pal,$(BUILD)/k/kernel/run_pal.o $(BUILD)/$(1)/pal/tests.o,,$(2)/security.psl,$$(SOL_EDL.$(1)),$$(PSLC_DEFINES.$(1))))
$(BUILD)/policy/$(1).o $(BUILD)/policy/$(1)-test.o $(BUILD)/policy/$(1)-pal.o: $(BUILD)/$(1)/solution.mk $$(SOL_DESC.$(1))
endef

# RUN_SOLUTIONS (tests/solutions/build.mk): solutions whose rules are wanted, though no `solutions` output.
# The tree's own solutions are their own keys; SOLUTION's key may differ from its path (solution-key.mk).
SOLUTIONS_ALL := $(sort $(SOLUTIONS) $(RUN_SOLUTIONS) $(SOLUTION_KEY))
sol_src = $(if $(filter $(1),$(SOLUTION_KEY)),$(SOLUTION_SRC),$(1))
sol_wanted = $(filter $(BUILD)/$(1).elf $(BUILD)/$(1)-test.elf $(BUILD)/$(1)-pal.elf $(BUILD)/$(1)/% solutions test-prereqs,\
    $(MAKECMDGOALS))
$(foreach s,$(SOLUTIONS_ALL),$(if $(call sol_wanted,$(s)),$(if $(wildcard $(call sol_src,$(s))/init.yaml),,\
    $(error $(call sol_src,$(s)): not a solution directory (no init.yaml; see docs/solutions.md)))$(eval $(call solution,$(s),$(call sol_src,$(s))))))

.PHONY: solutions
solutions: $(foreach s,$(filter-out $(RUN_SOLUTIONS),$(SOLUTIONS_ALL)),$(BUILD)/$(s).elf $(BUILD)/$(s)-test.elf $(BUILD)/$(s)-pal.elf $(BUILD)/$(s)/pal-host)
TEST_PREREQS += $(foreach s,$(SOLUTIONS),$(BUILD)/$(s).elf $(BUILD)/$(s)-test.elf $(BUILD)/$(s)-pal.elf $(BUILD)/$(s)/pal-host)
