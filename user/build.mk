# User programs: build/user/<name>.elf from user/<name>/*.c, linked statically against libvigil and
# picolibc with linker/user.ld (docs/user-programs.md). A new directory under user/ is a new program.
USER_PROGRAMS := $(sort $(patsubst user/%/,%,$(dir $(wildcard user/*/*.c))))

define user_program
USER_OBJS_$(1) := $$(patsubst %.c,$(BUILD)/%.o,$$(wildcard user/$(1)/*.c))
$(BUILD)/user/$(1).elf: $$(USER_OBJS_$(1)) $(BUILD)/lib/libvigil.a linker/user.ld
	$$(CC) $$(USER_CFLAGS) $$(USER_LDFLAGS) -o $$@ $$(USER_OBJS_$(1)) $$(USER_LIBS)
$$(USER_OBJS_$(1)): $(BUILD)/user/$(1)/%.o: user/$(1)/%.c
	@mkdir -p $$(@D)
	$$(CC) $$(USER_CFLAGS) -c -o $$@ $$<
-include $$(USER_OBJS_$(1):.o=.d)
endef
$(foreach p,$(USER_PROGRAMS),$(eval $(call user_program,$(p))))

.PHONY: user-programs
user-programs: $(foreach p,$(USER_PROGRAMS),$(BUILD)/user/$(p).elf)
TEST_PREREQS += user-programs
