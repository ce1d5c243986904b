# tools/einit: init.yaml -> Einit (build/tools/einit), its host tests, and the solution rule
# (tools/einit/solution.mk) that turns a solution directory into bootable images.
EINIT_SRCS := tools/einit/diag.c tools/einit/yaml.c tools/einit/cmacro.c tools/einit/lookup.c tools/einit/init.c \
    tools/einit/gen.c
EINIT_OBJS := $(EINIT_SRCS:%.c=$(BUILD)/host/%.o)
EINIT_CFLAGS := $(HOST_CFLAGS) -D_POSIX_C_SOURCE=200809L -I. -Ilib/include

$(BUILD)/host/tools/einit/%.o: tools/einit/%.c
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(EINIT_CFLAGS) -c $< -o $@

$(BUILD)/tools/einit: $(BUILD)/host/tools/einit/main.o $(EINIT_OBJS) $(BUILD)/tools/libnkc.a
	@mkdir -p $(dir $@)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

# Host tests of the parser, the checks and the generators (run by tests/suites/50-examples.sh).
$(BUILD)/tools/einit-test: tools/einit/tests/test_einit.c $(EINIT_OBJS) $(BUILD)/tools/libnkc.a
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(EINIT_CFLAGS) -Itests/host $(HOST_LDFLAGS) -o $@ $^

TEST_PREREQS += $(BUILD)/tools/einit $(BUILD)/tools/einit-test

-include $(EINIT_OBJS:.o=.d) $(BUILD)/host/tools/einit/main.d

include tools/einit/solution.mk
