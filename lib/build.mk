# libvigil.a: the user-space runtime (crt0, the three system calls, kernel-method wrappers, the nk
# transport runtime that nkc-generated code uses, threads
# with TLS, the sync library and picolibc glue). Built for EL0 with picolibc's headers; user programs
# link it with linker/user.ld (user/build.mk). Other fragments may reuse USER_CFLAGS, USER_LDFLAGS
# and USER_LIBS to build programs of their own.
PICOLIBC := /usr/lib/picolibc/aarch64-linux-gnu
USER_AR  := $(CROSS_COMPILE)ar

USER_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g --specs=picolibc.specs -mcpu=cortex-a72 \
    -mno-outline-atomics -fno-pie -fno-pic -fno-omit-frame-pointer -ffunction-sections \
    -fdata-sections -fno-stack-protector -Ilib/include -MMD -MP
USER_LDFLAGS := -nostdlib -static -no-pie -T linker/user.ld -Wl,--gc-sections -Wl,--build-id=none \
    -Wl,-z,max-page-size=4096
USER_LIBS := -Wl,--start-group $(BUILD)/lib/libvigil.a $(PICOLIBC)/lib/libc.a -lgcc -Wl,--end-group

LIB_SRCS := $(sort $(wildcard lib/*.c lib/*.S lib/libc/*.c lib/nk/*.c))
LIB_OBJS := $(patsubst %,$(BUILD)/%.o,$(LIB_SRCS))

$(BUILD)/lib/libvigil.a: $(LIB_OBJS)
	@rm -f $@
	$(call msg,AR,$@)
	$(Q)$(USER_AR) rcs $@ $^

$(filter %.c.o,$(LIB_OBJS)): $(BUILD)/%.c.o: %.c
	@mkdir -p $(@D)
	$(call msg,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c -o $@ $<

$(filter %.S.o,$(LIB_OBJS)): $(BUILD)/%.S.o: %.S
	@mkdir -p $(@D)
	$(call msg,AS,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c -o $@ $<

-include $(LIB_OBJS:.o=.d)

.PHONY: libvigil
libvigil: $(BUILD)/lib/libvigil.a
