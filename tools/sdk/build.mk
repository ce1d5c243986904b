# make install PREFIX=dir: the SDK (docs/sdk.md) — the tools, headers, libvigil.a, the kernel's objects,
# the linker scripts, the solution builder (tools/sdk/Makefile, bin/vigil-make) and the CMake package
# (lib/cmake/Vigil). Everything is built first; tools/sdk/install.sh copies it.
PREFIX ?= /usr/local
SDK_TOOLS := $(addprefix $(BUILD)/tools/,nkc pslc einit mkimage ksm-audit-decode)
# The images' entry points are linked one at a time (kernel_image's EXTRA_OBJS), so they are listed apart.
SDK_KERNEL_ENTRIES := $(addprefix $(BUILD)/k/kernel/,run_init.o run_init_test.o run_pal.o)

.PHONY: install
install: $(SDK_TOOLS) $(KERNEL_OBJS) $(SDK_KERNEL_ENTRIES) $(BUILD)/lib/libvigil.a $(EINIT_KSM_HOST_OBJS) $(EINIT_RUNTIME_OBJ)
	$(call msg,INSTALL,$(PREFIX))
	$(Q)SDK_TOOLS="$(SDK_TOOLS)" SDK_KERNEL_OBJS="$(KERNEL_OBJS)" SDK_KERNEL_ENTRIES="$(SDK_KERNEL_ENTRIES)" SDK_KSM_HOST_OBJS="$(EINIT_KSM_HOST_OBJS)" \
	    SDK_EINIT_RUNTIME="$(EINIT_RUNTIME_OBJ)" bash tools/sdk/install.sh "$(PREFIX)" "$(BUILD)" "$(VERSION)"
