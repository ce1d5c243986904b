# The kernel: kernel/ (portable), arch/aarch64/ and the shared lib/rc_name.c, built freestanding for the
# guest and linked twice per image so the fault report has an embedded symbol table (tools/mksyms.sh).

KERNEL_CFLAGS := $(TARGET_CFLAGS) -mgeneral-regs-only -I. -Ikernel -Ilib/include -Iarch/aarch64 \
    -I$(BUILD)/include/libfdt -DVIGIL_VERSION='"$(VERSION)"'
KERNEL_ASFLAGS := -mcpu=cortex-a72 -Iarch/aarch64 -MMD -MP -g
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wl,-T,linker/kernel.ld -Wl,--gc-sections
LIBFDT_A := /usr/lib/aarch64-linux-gnu/libfdt.a

# Image-specific entry points are excluded from the common object list.
KERNEL_IMAGE_MAINS := kernel/run_init.c kernel/ktest_runner.c
KERNEL_C := $(filter-out $(KERNEL_IMAGE_MAINS), $(wildcard kernel/*.c kernel/core/*.c)) \
    $(wildcard arch/aarch64/*.c) lib/rc_name.c
KERNEL_S := $(wildcard arch/aarch64/*.S)
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/k/%.o,$(KERNEL_C)) $(patsubst %.S,$(BUILD)/k/%.S.o,$(KERNEL_S))

# libfdt's headers, on their own include path (the rest of /usr/include is the host's).
$(BUILD)/include/libfdt/libfdt.h:
	@mkdir -p $(dir $@)
	@for h in libfdt.h fdt.h libfdt_env.h; do ln -sf /usr/include/$$h $(dir $@)$$h; done

$(BUILD)/k/%.o: %.c | $(BUILD)/include/libfdt/libfdt.h
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

-include $(KERNEL_OBJS:.o=.d)

# kernel_image(NAME, EXTRA_OBJS, PROGRAMS): build/NAME.elf from the kernel objects plus EXTRA_OBJS, with a
# ROMFS of PROGRAMS, each ROMNAME=PROGRAM for build/user/PROGRAM.elf (packed by tools/mkimage).
# Pass 1 links without symbols; its symbols become .ksyms for pass 2, which only appends at the end.
define kernel_image
$(BUILD)/romfs/$(1).S: $(BUILD)/tools/mkimage $(foreach p,$(3),$(BUILD)/user/$(lastword $(subst =, ,$(p))).elf)
	@mkdir -p $$(@D)
	$(BUILD)/tools/mkimage -o $(BUILD)/romfs/$(1).bin -S $$@ \
	    $(foreach p,$(3),$(firstword $(subst =, ,$(p)))=$(BUILD)/user/$(lastword $(subst =, ,$(p))).elf)
$(BUILD)/romfs/$(1).o: $(BUILD)/romfs/$(1).S
	$(CC) $(KERNEL_ASFLAGS) -I$(BUILD)/romfs -c $$< -o $$@
$(BUILD)/$(1).elf: $(KERNEL_OBJS) $(2) $(BUILD)/romfs/$(1).o $(BUILD)/ksyms/empty.o linker/kernel.ld tools/mksyms.sh
	@mkdir -p $(dir $(BUILD)/ksyms/$(1)) $$(dir $$@)
	$(CC) $(KERNEL_LDFLAGS) -o $(BUILD)/ksyms/$(1).pass1.elf $(KERNEL_OBJS) $(2) $(BUILD)/romfs/$(1).o $(BUILD)/ksyms/empty.o $(LIBFDT_A) -lgcc
	$(NM) -n -S --defined-only $(BUILD)/ksyms/$(1).pass1.elf | sh tools/mksyms.sh > $(BUILD)/ksyms/$(1).c
	$(CC) $(KERNEL_CFLAGS) -c $(BUILD)/ksyms/$(1).c -o $(BUILD)/ksyms/$(1).o
	$(CC) $(KERNEL_LDFLAGS) -o $$@ $(KERNEL_OBJS) $(2) $(BUILD)/romfs/$(1).o $(BUILD)/ksyms/$(1).o $(LIBFDT_A) -lgcc
	@cmp -s <($(NM) -n $(BUILD)/ksyms/$(1).pass1.elf | grep -i ' t ') <($(NM) -n $$@ | grep -i ' t ') || \
	    { echo "$(1): code moved between link passes"; rm -f $$@; exit 1; }
endef

$(BUILD)/ksyms/empty.o: tools/mksyms.sh
	@mkdir -p $(dir $@)
	sh tools/mksyms.sh </dev/null > $(BUILD)/ksyms/empty.c
	$(CC) $(KERNEL_CFLAGS) -c $(BUILD)/ksyms/empty.c -o $@

$(eval $(call kernel_image,vigil,$(BUILD)/k/kernel/run_init.o,))
$(BUILD)/k/kernel/run_init.o $(BUILD)/k/kernel/ktest_runner.o: $(BUILD)/k/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
# Test images with programs leave QEMU with init's verdict as the exit status.
$(BUILD)/k/kernel/run_init_test.o: kernel/run_init.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -DVIGIL_EXIT_STATUS -c $< -o $@
