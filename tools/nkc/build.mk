# tools/nkc: the EDL/CDL/IDL compiler (build/tools/nkc) and its library (build/tools/libnkc.a, used by
# tools/pslc). The transport runtime (lib/nk) and the verifier (ksm/verify.c) are built here for the
# host tests; their guest builds belong to lib/ and ksm/.
# tools/common (file reading) goes into libnkc.a too: pslc and einit link the library.
NKC_LIB_SRCS := $(filter-out tools/nkc/main.c,$(wildcard tools/nkc/*.c)) tools/common/file.c
NKC_LIB_OBJS := $(NKC_LIB_SRCS:%.c=$(BUILD)/host/%.o)
NKC_CFLAGS   := $(HOST_CFLAGS) -Ilib/include -Itools/nkc -I.

$(BUILD)/host/tools/nkc/%.o: tools/nkc/%.c
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(NKC_CFLAGS) -c $< -o $@

$(BUILD)/host/tools/common/%.o: tools/common/%.c
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -I. -c $< -o $@

$(BUILD)/tools/libnkc.a: $(NKC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/tools/nkc: $(BUILD)/host/tools/nkc/main.o $(BUILD)/tools/libnkc.a
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

TEST_PREREQS += $(BUILD)/tools/nkc $(BUILD)/tools/libnkc.a

-include $(NKC_LIB_OBJS:.o=.d) $(BUILD)/host/tools/nkc/main.d

# ---- host tests: golden corpus -> generated code -> round trips through the verifier ----
NKC_TEST       := $(BUILD)/nkc-test
NKC_GOLDEN_SRC := $(sort $(shell find tests/nkc/golden/src -name '*.idl' -o -name '*.cdl' -o -name '*.edl'))
NKC_GOLDEN_EDL := $(filter %.edl,$(NKC_GOLDEN_SRC))
NKC_RUNTIME    := lib/nk/arena.c lib/nk/transport.c ksm/verify.c
NKC_LAYOUTS    := $(patsubst tests/nkc/golden/src/%.edl,$(NKC_TEST)/gen/%.layout.c,$(NKC_GOLDEN_EDL))

$(NKC_TEST)/gen.stamp: $(BUILD)/tools/nkc $(NKC_GOLDEN_SRC)
	@rm -rf $(NKC_TEST)/gen && mkdir -p $(NKC_TEST)/gen
	$(call msg,NKC,tests/nkc/golden/src)
	$(Q)$(BUILD)/tools/nkc --layout -I tests/nkc/golden/src -o $(NKC_TEST)/gen $(NKC_GOLDEN_SRC)
	@touch $@

$(NKC_LAYOUTS): $(NKC_TEST)/gen.stamp

$(NKC_TEST)/rtgen: tests/nkc/rtgen.c $(BUILD)/tools/libnkc.a
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(NKC_CFLAGS) $(HOST_LDFLAGS) -o $@ $^

$(NKC_TEST)/rt_classes.c: $(NKC_TEST)/rtgen $(NKC_TEST)/gen.stamp
	$(call msg,GEN,$@)
	$(Q)$(NKC_TEST)/rtgen -I tests/nkc/golden/src -o $@ $(NKC_GOLDEN_EDL)

$(NKC_TEST)/roundtrip: tests/nkc/roundtrip.c $(NKC_TEST)/rt_classes.c $(NKC_LAYOUTS) $(NKC_RUNTIME) tests/nkc/roundtrip.h
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Ilib/include -I. -Itests/nkc -I$(NKC_TEST)/gen $(HOST_LDFLAGS) -o $@ \
	    $(filter %.c,$^)

TEST_PREREQS += $(NKC_TEST)/roundtrip

# ---- fuzzers (clang's libFuzzer); a few seconds each in the suite, longer with `make fuzz` ----
FUZZ_CC      ?= clang
NKC_FUZZ_FLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ilib/include -Itools/nkc -I.
NKC_FUZZ_TIME ?= 60

$(NKC_TEST)/fuzz_parse: tests/nkc/fuzz/fuzz_parse.c $(NKC_LIB_SRCS) $(wildcard tools/nkc/*.h)
	@mkdir -p $(dir $@)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(NKC_FUZZ_FLAGS) -o $@ $(filter %.c,$^)

$(NKC_TEST)/fuzz_verify: tests/nkc/fuzz/fuzz_verify.c ksm/verify.c ksm/verify.h ksm/layout.h $(NKC_LAYOUTS)
	@mkdir -p $(dir $@)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(NKC_FUZZ_FLAGS) -o $@ $(filter %.c,$^)

TEST_PREREQS += $(NKC_TEST)/fuzz_parse $(NKC_TEST)/fuzz_verify

.PHONY: fuzz-nkc
fuzz: fuzz-nkc
fuzz-nkc: $(NKC_TEST)/fuzz_parse $(NKC_TEST)/fuzz_verify
	@mkdir -p $(NKC_TEST)/corpus-parse $(NKC_TEST)/corpus-verify
	$(NKC_TEST)/fuzz_parse -max_total_time=$(NKC_FUZZ_TIME) $(NKC_TEST)/corpus-parse tests/nkc/golden/src/*/ tests/nkc/malformed
	$(NKC_TEST)/fuzz_verify -max_total_time=$(NKC_FUZZ_TIME) $(NKC_TEST)/corpus-verify

$(NKC_TEST)/test_runtime: tests/nkc/test_runtime.c $(NKC_RUNTIME) tests/host/check.h
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Ilib/include -I. $(HOST_LDFLAGS) -o $@ $(filter %.c,$^)

TEST_PREREQS += $(NKC_TEST)/test_runtime

# Unions with variable-size members: the generated structs and layout table of app.Variants.
NKC_UNION_LAYOUT := $(NKC_TEST)/gen/app/Variants.layout.c

$(NKC_TEST)/test_union: tests/nkc/test_union.c $(NKC_UNION_LAYOUT) $(NKC_RUNTIME) tests/host/check.h
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Ilib/include -I. -I$(NKC_TEST)/gen $(HOST_LDFLAGS) -o $@ $(filter %.c,$^)

TEST_PREREQS += $(NKC_TEST)/test_union

# The error path through generated proxies and dispatchers (simplified and extended forms).
$(NKC_TEST)/test_errors: tests/nkc/test_errors.c $(NKC_TEST)/gen.stamp $(NKC_RUNTIME) lib/rc_name.c tests/host/check.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Ilib/include -I. -I$(NKC_TEST)/gen $(HOST_LDFLAGS) -o $@ $(filter %.c,$^)

TEST_PREREQS += $(NKC_TEST)/test_errors
