# User programs: build/user/<name>.elf from user/<name>/*.c (and *.S), linked statically against libvigil and
# picolibc with linker/user.ld (docs/user-programs.md). A new directory under user/ is a new program.
USER_PROGRAMS := $(sort $(patsubst user/%/,%,$(dir $(wildcard user/*/*.c))))

# user_symbols(IN, OUT): OUT is the linked program IN with its symbol table (tools/mkusyms.sh) in a
# section .vigil.usyms, which the kernel's process fault report reads (kernel/usyms.h). The section
# is not loaded: it costs the ROMFS space, not the process memory.
user_symbols = sh tools/mkusyms.sh $(NM) $(OBJDUMP) $(1) > $(1).usyms && \
    $(OBJCOPY) --add-section .vigil.usyms=$(1).usyms --set-section-flags .vigil.usyms=readonly $(1) $(2)

# A program's own IDL/CDL/EDL descriptions (user/<name>/*.idl ...) are compiled by tools/nkc into
# $(BUILD)/user/<name>/gen, which is on the program's include path (e.g. #include "ipctest/Echo.idl.h").
define user_program
USER_OBJS_$(1) := $$(patsubst %.c,$(BUILD)/%.o,$$(wildcard user/$(1)/*.c)) \
                  $$(patsubst %.S,$(BUILD)/%.S.o,$$(wildcard user/$(1)/*.S))
USER_DESC_$(1) := $$(wildcard user/$(1)/*.idl user/$(1)/*.cdl user/$(1)/*.edl)
$(BUILD)/user/$(1).elf: $$(USER_OBJS_$(1)) $(BUILD)/lib/libvigil.a linker/user.ld tools/mkusyms.sh
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(USER_CFLAGS) $$(USER_LDFLAGS) -o $$@.nosyms $$(USER_OBJS_$(1)) $$(USER_LIBS)
	$$(Q)$$(call user_symbols,$$@.nosyms,$$@)
$(BUILD)/user/$(1)/gen/.stamp: $$(USER_DESC_$(1)) $(BUILD)/tools/nkc
	@rm -rf $(BUILD)/user/$(1)/gen && mkdir -p $(BUILD)/user/$(1)/gen
	$$(if $$(USER_DESC_$(1)),$$(call msg,NKC,$$(USER_DESC_$(1))))
	$$(if $$(USER_DESC_$(1)),$$(Q)$(BUILD)/tools/nkc -I user/$(1) -I kernel/idl -o $(BUILD)/user/$(1)/gen $$(USER_DESC_$(1)))
	@touch $$@
$$(filter-out %.S.o,$$(USER_OBJS_$(1))): $(BUILD)/user/$(1)/%.o: user/$(1)/%.c $(BUILD)/user/$(1)/gen/.stamp
	@mkdir -p $$(@D)
	$$(call msg,CC,$$<)
	$$(Q)$$(CC) $$(USER_CFLAGS) -I$(BUILD)/user/$(1)/gen -c -o $$@ $$<
$$(filter %.S.o,$$(USER_OBJS_$(1))): $(BUILD)/user/$(1)/%.S.o: user/$(1)/%.S
	@mkdir -p $$(@D)
	$$(call msg,AS,$$<)
	$$(Q)$$(CC) $$(USER_CFLAGS) -c -o $$@ $$<
-include $$(USER_OBJS_$(1):.o=.d)
endef
$(foreach p,$(USER_PROGRAMS),$(eval $(call user_program,$(p))))

.PHONY: user-programs
user-programs: $(foreach p,$(USER_PROGRAMS),$(BUILD)/user/$(p).elf)
TEST_PREREQS += user-programs
