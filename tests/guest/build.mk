# In-guest test images: the kernel linked with KTEST files and the test runner, or with a negative test's
# own kernel_run. Each image is booted by tests/suites/20-guest.sh.
$(BUILD)/k/tests/guest/%.o: tests/guest/%.c | $(BUILD)/include/libfdt/libfdt.h
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -fno-toplevel-reorder -c $< -o $@

KT_FOUNDATION := $(BUILD)/k/kernel/ktest_runner.o $(BUILD)/k/tests/guest/kt_memory.o \
    $(BUILD)/k/tests/guest/kt_time.o $(BUILD)/k/tests/guest/kt_threads.o
$(eval $(call kernel_image,tests/kt-foundation,$(KT_FOUNDATION),,kernel/policy/default.psl,))
$(eval $(call kernel_image,tests/null-deref,$(BUILD)/k/tests/guest/null_deref.o,,kernel/policy/default.psl,))

-include $(wildcard $(BUILD)/k/tests/guest/*.d)

TEST_PREREQS += $(BUILD)/tests/kt-foundation.elf $(BUILD)/tests/null-deref.elf

# user_test_image(NAME, PROGRAMS): a test image whose ROMFS holds PROGRAMS (CLASS=PROGRAM, the first
# CLASS being Einit, which the kernel starts) under a policy that allows everything between them
# (tests/guest/allow-policy.sh); the image's exit status is Einit's verdict (kernel/run_init.c).
define user_test_image
$(BUILD)/policy-src/$(1)/security.psl: tests/guest/allow-policy.sh FORCE
	@bash tests/guest/allow-policy.sh $(BUILD)/policy-src/$(1) $(foreach p,$(2),$(firstword $(subst =, ,$(p))))
$(eval $(call kernel_image,tests/$(1),$(BUILD)/k/kernel/run_init_test.o,$(2),$(BUILD)/policy-src/$(1)/security.psl,$(BUILD)/policy-src/$(1)))
TEST_PREREQS += $(BUILD)/tests/$(1).elf
endef

# User-space test programs run as init (kernel/run_init.c with VIGIL_EXIT_STATUS).
$(eval $(call user_test_image,user-libtest,Einit=libtest))
$(eval $(call user_test_image,user-hello,Einit=hello))

# Process tests of issue 3 (tests/suites/23-user-process.sh): each init spawns t_child processes.
$(eval $(call user_test_image,user-faults,Einit=t_faults TChild=t_child))
$(eval $(call user_test_image,user-isolation,Einit=t_isolation TChild=t_child))
# The -bugs images also hold t_child as "known-bugs": their programs then run the checks that fail on
# the current kernel (KNOWN_BUGS=1 bash tests/suites/23-user-process.sh).
$(eval $(call user_test_image,user-faults-bugs,Einit=t_faults TChild=t_child KnownBugs=t_child))
$(eval $(call user_test_image,user-isolation-bugs,Einit=t_isolation TChild=t_child KnownBugs=t_child))
$(eval $(call user_test_image,user-sched,Einit=t_sched TChild=t_child))
$(eval $(call user_test_image,user-sched-bugs,Einit=t_sched TChild=t_child KnownBugs=t_child))
$(eval $(call user_test_image,user-fpsimd,Einit=t_fpsimd))
$(eval $(call user_test_image,user-fpsimd-bugs,Einit=t_fpsimd KnownBugs=t_child))
$(eval $(call user_test_image,user-badinput,Einit=t_badinput TChild=t_child))
$(eval $(call user_test_image,user-badinput-bugs,Einit=t_badinput TChild=t_child KnownBugs=t_child))

# IPC (handles and IPC issue): one program as Einit, IpcServer and IpcClient under its own policy.
$(eval $(call kernel_image,tests/user-ipc,$(BUILD)/k/kernel/run_init_test.o,Einit=ipctest IpcServer=ipctest IpcClient=ipctest,user/ipctest/security.psl,user/ipctest))
TEST_PREREQS += $(BUILD)/tests/user-ipc.elf
# The register ABI (tests/suites/22-user.sh): user/t_regabi, one client and three servers.
$(eval $(call kernel_image,tests/user-regabi,$(BUILD)/k/kernel/run_init_test.o,Einit=t_regabi RegServer=t_regabi RegNoFb=t_regabi MemServer=t_regabi,user/t_regabi/security.psl,user/t_regabi))
TEST_PREREQS += $(BUILD)/tests/user-regabi.elf
# The IPC fastpath (tests/suites/22-user.sh): user/t_fastpath, which path each call takes.
$(eval $(call kernel_image,tests/user-fastpath,$(BUILD)/k/kernel/run_init_test.o,Einit=t_fastpath FastServer=t_fastpath FastB=t_fastpath,user/t_fastpath/security.psl,user/t_fastpath))
TEST_PREREQS += $(BUILD)/tests/user-fastpath.elf
$(eval $(call user_test_image,user-quota,Einit=t_quota TChild=t_child))
$(eval $(call user_test_image,user-quota-bugs,Einit=t_quota TChild=t_child KnownBugs=t_child))

# The benchmark image (make bench, not a test): user/bench under its own policy.
$(eval $(call kernel_image,bench,$(BUILD)/k/kernel/run_init_bench.o,Einit=bench BenchServer=bench,user/bench/security.psl,user/bench))

# IPC fuzzer and stress test (tests/suites/24-ipc-stress.sh): one program as Einit and its classes,
# each under its own policy. `make fuzz` runs a longer fuzzer image (FUZZ_LONG_CALLS calls per thread).
$(eval $(call kernel_image,tests/user-ipcfuzz,$(BUILD)/k/kernel/run_init_test.o,Einit=ipcfuzz FuzzA=ipcfuzz FuzzB=ipcfuzz,user/ipcfuzz/security.psl,user/ipcfuzz))
TEST_PREREQS += $(BUILD)/tests/user-ipcfuzz.elf
FUZZ_LONG_CALLS ?= 500000
$(BUILD)/user/ipcfuzz-long/einit.o: user/ipcfuzz/einit.c $(BUILD)/user/ipcfuzz/gen/.stamp
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -DFUZZ_CALLS=$(FUZZ_LONG_CALLS) -I$(BUILD)/user/ipcfuzz/gen -c -o $@ $<
$(BUILD)/user/ipcfuzz-long.elf: $(patsubst %.c,$(BUILD)/%.o,$(filter-out %/einit.c,$(wildcard user/ipcfuzz/*.c))) \
    $(BUILD)/user/ipcfuzz-long/einit.o $(BUILD)/lib/libvigil.a linker/user.ld
	$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) $(USER_LIBS)
$(eval $(call kernel_image,tests/user-ipcfuzz-long,$(BUILD)/k/kernel/run_init_test.o,Einit=ipcfuzz-long FuzzA=ipcfuzz FuzzB=ipcfuzz,user/ipcfuzz/security.psl,user/ipcfuzz))
.PHONY: fuzz-guest
fuzz-guest: $(BUILD)/tests/user-ipcfuzz-long.elf
	GUEST_TIMEOUT=3600 bash tests/guest/run-image.sh user-ipcfuzz-long $< 0 '^ipcfuzz: 0 failed$$'
	GUEST_TIMEOUT=3600 bash tests/guest/run-image.sh user-ipcfuzz-long-gic3-el2 $< 0 '^ipcfuzz: 0 failed$$' --gic 3 --el 2
fuzz: fuzz-guest
# The fuzzer image with KnownBugs in its ROMFS: Einit then also runs the reproducers of the kernel
# bugs the fuzzer found (user/ipcfuzz/known_bugs.c); run with KNOWN_BUGS=1 bash tests/suites/24-ipc-stress.sh.
$(eval $(call kernel_image,tests/user-ipcfuzz-bugs,$(BUILD)/k/kernel/run_init_test.o,Einit=ipcfuzz FuzzA=ipcfuzz FuzzB=ipcfuzz KnownBugs=ipcfuzz,user/ipcfuzz/security.psl,user/ipcfuzz))
TEST_PREREQS += $(BUILD)/tests/user-ipcfuzz-bugs.elf
$(eval $(call kernel_image,tests/user-ipcstress,$(BUILD)/k/kernel/run_init_test.o,Einit=ipcstress SClient=ipcstress SServer=ipcstress,user/ipcstress/security.psl,user/ipcstress))
TEST_PREREQS += $(BUILD)/tests/user-ipcstress.elf

# The PAL tests of the policy compiler's example policies, run in-guest against the kernel-linked KSM
# (kernel/run_pal.c); the same tests run on the host in suite 40-pslc (tests/suites/45-pal-guest.sh).
PAL_GUEST_EXAMPLES := $(notdir $(wildcard tests/pslc/examples/*))
define pal_guest_image
$(BUILD)/pal-guest/$(1)/tests.o: tests/pslc/examples/$(1)/security.psl $(wildcard tests/pslc/examples/$(1)/*) \
        $(BUILD)/tools/pslc $(PSLC_FIXTURES)
	@rm -rf $(BUILD)/pal-guest/$(1) && mkdir -p $(BUILD)/pal-guest/$(1)/gen
	$(BUILD)/tools/pslc -I kernel/idl -I tests/pslc/common -I tests/pslc/examples/$(1) --tests generate \
	    --out-tests $(BUILD)/pal-guest/$(1)/tests.c --layouts-dir $(BUILD)/pal-guest/$(1)/gen \
	    -o $(BUILD)/pal-guest/$(1)/gen/policy.c $$<
	$(CC) $(KERNEL_CFLAGS) -c $(BUILD)/pal-guest/$(1)/tests.c -o $$@
$(eval $(call kernel_image,tests/pal-$(1),$(BUILD)/k/kernel/run_pal.o $(BUILD)/pal-guest/$(1)/tests.o,,tests/pslc/examples/$(1)/security.psl,tests/pslc/common tests/pslc/examples/$(1)))
TEST_PREREQS += $(BUILD)/tests/pal-$(1).elf
endef
$(foreach e,$(PAL_GUEST_EXAMPLES),$(eval $(call pal_guest_image,$(e))))

# The reproducers of the reference-monitor integrity issue (tests/suites/26-integrity.sh): user/t_integrity
# as Einit, IntServer and IntB under its own policy.
$(eval $(call kernel_image,tests/user-integrity,$(BUILD)/k/kernel/run_init_test.o,Einit=t_integrity IntServer=t_integrity IntB=t_integrity,user/t_integrity/security.psl,user/t_integrity))
TEST_PREREQS += $(BUILD)/tests/user-integrity.elf

# Lifecycle fuzzer (tests/suites/27-lcfuzz.sh): Einit, LcA and LcB fuzz Call/Recv/Reply under timeouts,
# interrupts, threads exiting, processes killed and channels closed (user/lcfuzz). `make fuzz` runs a
# longer image (LCFUZZ_LONG_STEPS worker steps per process).
$(eval $(call kernel_image,tests/user-lcfuzz,$(BUILD)/k/kernel/run_init_test.o,Einit=lcfuzz LcA=lcfuzz LcB=lcfuzz LcC=lcfuzz,user/lcfuzz/security.psl,user/lcfuzz))
TEST_PREREQS += $(BUILD)/tests/user-lcfuzz.elf
LCFUZZ_LONG_STEPS ?= 200000
$(BUILD)/user/lcfuzz-long/lcfuzz.o: user/lcfuzz/lcfuzz.c $(BUILD)/user/lcfuzz/gen/.stamp
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -DLCFUZZ_STEPS=$(LCFUZZ_LONG_STEPS) -I$(BUILD)/user/lcfuzz/gen -c -o $@ $<
$(BUILD)/user/lcfuzz-long.elf: $(BUILD)/user/lcfuzz-long/lcfuzz.o $(BUILD)/lib/libvigil.a linker/user.ld
	$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) $(USER_LIBS)
$(eval $(call kernel_image,tests/user-lcfuzz-long,$(BUILD)/k/kernel/run_init_test.o,Einit=lcfuzz-long LcA=lcfuzz-long LcB=lcfuzz-long LcC=lcfuzz-long,user/lcfuzz/security.psl,user/lcfuzz))
.PHONY: fuzz-lcfuzz
fuzz-lcfuzz: $(BUILD)/tests/user-lcfuzz-long.elf
	GUEST_TIMEOUT=3600 bash tests/guest/run-image.sh user-lcfuzz-long $< 0 '^lcfuzz: 0 failed$$'
	GUEST_TIMEOUT=3600 bash tests/guest/run-image.sh user-lcfuzz-long-gic3-el2 $< 0 '^lcfuzz: 0 failed$$' --gic 3 --el 2
fuzz: fuzz-lcfuzz
