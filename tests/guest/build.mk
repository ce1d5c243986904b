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
.PHONY: FORCE
FORCE:

# User-space test programs run as init (kernel/run_init.c with VIGIL_EXIT_STATUS).
$(eval $(call user_test_image,user-libtest,Einit=libtest))
$(eval $(call user_test_image,user-hello,Einit=hello))

# Process tests of issue 3 (tests/suites/23-user-process.sh): each init spawns t_child processes.
$(eval $(call kernel_image,tests/user-faults,$(BUILD)/k/kernel/run_init_test.o,init=t_faults t_child=t_child))
TEST_PREREQS += $(BUILD)/tests/user-faults.elf
$(eval $(call kernel_image,tests/user-isolation,$(BUILD)/k/kernel/run_init_test.o,init=t_isolation t_child=t_child))
TEST_PREREQS += $(BUILD)/tests/user-isolation.elf
# The -bugs images also hold t_child as "known-bugs": their programs then run the checks that fail on
# the current kernel (KNOWN_BUGS=1 bash tests/suites/23-user-process.sh).
$(eval $(call kernel_image,tests/user-faults-bugs,$(BUILD)/k/kernel/run_init_test.o,init=t_faults t_child=t_child known-bugs=t_child))
$(eval $(call kernel_image,tests/user-isolation-bugs,$(BUILD)/k/kernel/run_init_test.o,init=t_isolation t_child=t_child known-bugs=t_child))
TEST_PREREQS += $(BUILD)/tests/user-faults-bugs.elf $(BUILD)/tests/user-isolation-bugs.elf
$(eval $(call kernel_image,tests/user-sched,$(BUILD)/k/kernel/run_init_test.o,init=t_sched t_child=t_child))
TEST_PREREQS += $(BUILD)/tests/user-sched.elf
$(eval $(call kernel_image,tests/user-sched-bugs,$(BUILD)/k/kernel/run_init_test.o,init=t_sched t_child=t_child known-bugs=t_child))
TEST_PREREQS += $(BUILD)/tests/user-sched-bugs.elf
$(eval $(call kernel_image,tests/user-fpsimd,$(BUILD)/k/kernel/run_init_test.o,init=t_fpsimd))
$(eval $(call kernel_image,tests/user-fpsimd-bugs,$(BUILD)/k/kernel/run_init_test.o,init=t_fpsimd known-bugs=t_child))
TEST_PREREQS += $(BUILD)/tests/user-fpsimd.elf $(BUILD)/tests/user-fpsimd-bugs.elf
$(eval $(call kernel_image,tests/user-badinput,$(BUILD)/k/kernel/run_init_test.o,init=t_badinput t_child=t_child))
$(eval $(call kernel_image,tests/user-badinput-bugs,$(BUILD)/k/kernel/run_init_test.o,init=t_badinput t_child=t_child known-bugs=t_child))
TEST_PREREQS += $(BUILD)/tests/user-badinput.elf $(BUILD)/tests/user-badinput-bugs.elf
