# tools/nkc: the EDL/CDL/IDL compiler (build/tools/nkc) and its library (build/tools/libnkc.a, used by
# tools/pslc). The transport runtime (lib/nk) and the verifier (ksm/verify.c) are built here for the
# host tests; their guest builds belong to lib/ and ksm/.
NKC_LIB_SRCS := $(filter-out tools/nkc/main.c,$(wildcard tools/nkc/*.c))
NKC_LIB_OBJS := $(NKC_LIB_SRCS:%.c=$(BUILD)/host/%.o)
NKC_CFLAGS   := $(HOST_CFLAGS) -Ilib/include -Itools/nkc -I.

$(BUILD)/host/tools/nkc/%.o: tools/nkc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(NKC_CFLAGS) -c $< -o $@

$(BUILD)/tools/libnkc.a: $(NKC_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tools/nkc: $(BUILD)/host/tools/nkc/main.o $(BUILD)/tools/libnkc.a
	$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

TEST_PREREQS += $(BUILD)/tools/nkc $(BUILD)/tools/libnkc.a

-include $(NKC_LIB_OBJS:.o=.d) $(BUILD)/host/tools/nkc/main.d
