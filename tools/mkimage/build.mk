# tools/mkimage: packs user programs into the ROMFS the kernel links (docs/user-programs.md).
# Built for the host with the sanitizers like every tool; it shares kernel/romfs.c (CRC and the
# reader the tests check it against).
MKIMAGE_SRCS := tools/mkimage/mkimage.c tools/mkimage/romfs_build.c kernel/romfs.c tools/common/file.c
MKIMAGE_OBJS := $(patsubst %.c,$(BUILD)/tools/mkimage-obj/%.o,$(MKIMAGE_SRCS))

$(BUILD)/tools/mkimage: $(MKIMAGE_OBJS)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

$(BUILD)/tools/mkimage-obj/%.o: %.c
	@mkdir -p $(@D)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -D_DEFAULT_SOURCE -I. -Ilib/include -c -o $@ $<
-include $(MKIMAGE_OBJS:.o=.d)

# Host tests of the format: builder and reader round trip, corrupt and truncated blobs.
TEST_ROMFS_SRCS := tests/mkimage/test_romfs.c tools/mkimage/romfs_build.c kernel/romfs.c lib/rc_name.c
TEST_ROMFS_OBJS := $(patsubst %.c,$(BUILD)/tests/mkimage/obj/%.o,$(TEST_ROMFS_SRCS))
$(BUILD)/tests/mkimage/test_romfs: $(TEST_ROMFS_OBJS)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^
$(BUILD)/tests/mkimage/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -D_DEFAULT_SOURCE -I. -Ilib/include -Itests/host -c -o $@ $<
-include $(TEST_ROMFS_OBJS:.o=.d)

TEST_PREREQS += $(BUILD)/tools/mkimage $(BUILD)/tests/mkimage/test_romfs

# Host tests of the reader of user symbol tables (kernel/usyms.c; tables from tools/mkusyms.sh).
TEST_USYMS_SRCS := tests/mkimage/test_usyms.c kernel/usyms.c tools/common/file.c
TEST_USYMS_OBJS := $(patsubst %.c,$(BUILD)/tests/mkimage/obj/%.o,$(TEST_USYMS_SRCS))
$(BUILD)/tests/mkimage/test_usyms: $(TEST_USYMS_OBJS)
	$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^
-include $(TEST_USYMS_OBJS:.o=.d)
TEST_PREREQS += $(BUILD)/tests/mkimage/test_usyms
