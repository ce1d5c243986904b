# tools/pslc: the PSL compiler (build/tools/pslc), the audit dump decoder (build/tools/ksm-audit-decode),
# and the host build of the ksm/ runtime that the policy tests and fuzzers link.
PSLC_SRCS := $(filter-out tools/pslc/audit_decode.c tools/pslc/fuzz_%.c,$(wildcard tools/pslc/*.c))
PSLC_OBJS := $(PSLC_SRCS:%.c=$(BUILD)/host/%.o)
PSLC_CFLAGS := $(HOST_CFLAGS) -D_POSIX_C_SOURCE=200809L -Ilib/include -I.

$(BUILD)/host/tools/pslc/%.o: tools/pslc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(PSLC_CFLAGS) -c $< -o $@

$(BUILD)/tools/pslc: $(PSLC_OBJS) $(BUILD)/tools/libnkc.a
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

TEST_PREREQS += $(BUILD)/tools/pslc

-include $(PSLC_OBJS:.o=.d)
