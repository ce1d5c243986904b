# In-guest test images: the kernel linked with KTEST files and the test runner, or with a negative test's
# own kernel_run. Each image is booted by tests/suites/20-guest.sh.
$(BUILD)/k/tests/guest/%.o: tests/guest/%.c | $(BUILD)/include/libfdt/libfdt.h
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -fno-toplevel-reorder -c $< -o $@

KT_FOUNDATION := $(BUILD)/k/kernel/ktest_runner.o $(BUILD)/k/tests/guest/kt_memory.o \
    $(BUILD)/k/tests/guest/kt_time.o $(BUILD)/k/tests/guest/kt_threads.o
$(eval $(call kernel_image,tests/kt-foundation,$(KT_FOUNDATION),))
$(eval $(call kernel_image,tests/null-deref,$(BUILD)/k/tests/guest/null_deref.o,))

-include $(wildcard $(BUILD)/k/tests/guest/*.d)

TEST_PREREQS += $(BUILD)/tests/kt-foundation.elf $(BUILD)/tests/null-deref.elf

# User-space test programs run as init (kernel/run_init.c with VIGIL_EXIT_STATUS).
$(eval $(call kernel_image,tests/user-libtest,$(BUILD)/k/kernel/run_init_test.o,init=libtest))
$(eval $(call kernel_image,tests/user-hello,$(BUILD)/k/kernel/run_init_test.o,init=hello))
TEST_PREREQS += $(BUILD)/tests/user-libtest.elf $(BUILD)/tests/user-hello.elf

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
