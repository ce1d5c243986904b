# Host unit tests of the freestanding kernel and arch code, built with the host compiler and sanitizers.
# Each test is build/tests/host/test_<name>, linked from its own objects (so per-test flags such as the
# fake-MMIO hooks never leak into another test). tests/suites/10-host-unit.sh runs them.
HT     := $(BUILD)/tests/host
HT_INC := -I. -Ilib/include -Itests/host
HT_MULTIARCH := $(shell $(HOSTCC) -print-multiarch 2>/dev/null)
# The host libfdt has no unversioned .so symlink (the amd64 -dev package conflicts with the arm64 one).
HT_LIBFDT := /usr/lib/$(HT_MULTIARCH)/libfdt.so.1

HOST_TESTS := memmap pmem kcache esr pgtable platform gic ksyms ksyms_empty handle file

HT_SRCS_memmap := tests/host/test_memmap.c kernel/memmap.c lib/rc_name.c
HT_SRCS_pmem   := tests/host/test_pmem.c kernel/pmem.c lib/rc_name.c
HT_SRCS_kcache := tests/host/test_kcache.c kernel/kcache.c lib/rc_name.c
HT_SRCS_handle := tests/host/test_handle.c kernel/handle.c kernel/kobject.c kernel/sid.c kernel/kcache.c
HT_SRCS_file   := tests/host/test_file.c tools/common/file.c
HT_SRCS_esr    := tests/host/test_esr.c arch/aarch64/esr.c
HT_SRCS_pgtable := tests/host/test_pgtable.c arch/aarch64/pgtable.c
HT_SRCS_platform := tests/host/test_platform.c kernel/platform.c
HT_LIBS_platform := $(HT_LIBFDT)
HT_SRCS_gic    := tests/host/test_gic.c arch/aarch64/gic.c arch/aarch64/gicv2.c arch/aarch64/gicv3.c
HT_CFLAGS_gic  := -DVIGIL_MMIO_HOOKS
HT_SRCS_ksyms  := tests/host/test_ksyms.c kernel/ksyms.c $(HT)/gen/ksyms_fixture.c
HT_SRCS_ksyms_empty := tests/host/test_ksyms_empty.c kernel/ksyms.c $(HT)/gen/ksyms_empty.c

$(HT)/gen/ksyms_fixture.c: tests/host/ksyms_fixture.nm tools/mksyms.sh
	@mkdir -p $(@D)
	$(call msg,KSYMS,$@)
	$(Q)sh tools/mksyms.sh < $< > $@
$(HT)/gen/ksyms_empty.c: tools/mksyms.sh
	@mkdir -p $(@D)
	$(call msg,KSYMS,$@)
	$(Q)sh tools/mksyms.sh < /dev/null > $@

define host_test
$(HT)/test_$(1): $$(patsubst %.c,$(HT)/obj-$(1)/%.o,$$(HT_SRCS_$(1)))
	$$(call msg,HOSTLD,$$@)
	$$(Q)$$(HOSTCC) $$(HOST_LDFLAGS) -o $$@ $$^ $$(HT_LIBS_$(1))
$(HT)/obj-$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(call msg,HOSTCC,$$<)
	$$(Q)$$(HOSTCC) $$(HOST_CFLAGS) $$(HT_INC) $$(HT_CFLAGS_$(1)) -c -o $$@ $$<
-include $$(patsubst %.c,$(HT)/obj-$(1)/%.d,$$(HT_SRCS_$(1)))
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test,$(t))))

# Hand-written device trees for the platform test (the QEMU ones are dumped by the suite at test time).
HT_DTBS := $(patsubst tests/host/dts/%.dts,$(HT)/dtb/%.dtb,$(wildcard tests/host/dts/*.dts))
$(HT)/dtb/%.dtb: tests/host/dts/%.dts
	@mkdir -p $(@D)
	$(call msg,DTC,$<)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

.PHONY: host-tests
host-tests: $(foreach t,$(HOST_TESTS),$(HT)/test_$(t)) $(HT_DTBS)
TEST_PREREQS += host-tests
