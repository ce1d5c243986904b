# tools/pslc: the PSL compiler (build/tools/pslc), the audit dump decoder (build/tools/ksm-audit-decode),
# and the host build of the ksm/ runtime that the policy tests and fuzzers link.
PSLC_SRCS := $(filter-out tools/pslc/audit_decode.c tools/pslc/fuzz_%.c,$(wildcard tools/pslc/*.c))
PSLC_OBJS := $(PSLC_SRCS:%.c=$(BUILD)/host/%.o)
PSLC_CFLAGS := $(HOST_CFLAGS) -D_POSIX_C_SOURCE=200809L -Ilib/include -I.

$(BUILD)/host/tools/pslc/%.o: tools/pslc/%.c
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(PSLC_CFLAGS) -c $< -o $@

$(BUILD)/tools/pslc: $(PSLC_OBJS) $(BUILD)/tools/libnkc.a
	@mkdir -p $(dir $@)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

TEST_PREREQS += $(BUILD)/tools/pslc

-include $(PSLC_OBJS:.o=.d)

$(BUILD)/tools/ksm-audit-decode: tools/pslc/audit_decode.c tools/common/file.c ksm/audit.h
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(PSLC_CFLAGS) $(HOST_LDFLAGS) -o $@ $(filter %.c,$^)

TEST_PREREQS += $(BUILD)/tools/ksm-audit-decode

# ---- host tests: the examples' PAL tests, the runtime's unit tests, malformed policies, fuzzers ----
PSLC_TEST := $(BUILD)/pslc-test
KSM_HOST_OBJS := $(patsubst ksm/%.c,$(PSLC_TEST)/ksm/%.o,$(wildcard ksm/*.c))
KSM_HOST_CFLAGS := $(HOST_CFLAGS) -I. -Ilib/include
PSLC_FIXTURES := $(shell find tests/pslc/common -type f)

$(PSLC_TEST)/ksm/%.o: ksm/%.c
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) -c $< -o $@

# A policy compiled with its PAL tests and run on the host: $(PSLC_TEST)/<example>/run
define pslc_example
$(PSLC_TEST)/$(1)/run: $(wildcard tests/pslc/examples/$(1)/*) $(PSLC_FIXTURES) $(BUILD)/tools/pslc $(KSM_HOST_OBJS)
	@rm -rf $(PSLC_TEST)/$(1)/gen && mkdir -p $(PSLC_TEST)/$(1)/gen
	$(call msg,PSLC,tests/pslc/examples/$(1)/security.psl)
	$(Q)$(BUILD)/tools/pslc -w -I tests/pslc/common -I tests/pslc/examples/$(1) --tests run \
	    --layouts-dir $(PSLC_TEST)/$(1)/gen -o $(PSLC_TEST)/$(1)/gen/policy.c tests/pslc/examples/$(1)/security.psl
	$(call msg,HOSTCC,$$@)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) $(HOST_LDFLAGS) -o $$@ $$$$(find $(PSLC_TEST)/$(1)/gen -name '*.c') $(KSM_HOST_OBJS)
TEST_PREREQS += $(PSLC_TEST)/$(1)/run
endef
PSLC_EXAMPLES := $(notdir $(wildcard tests/pslc/examples/*))
$(foreach e,$(PSLC_EXAMPLES),$(eval $(call pslc_example,$(e))))

-include $(KSM_HOST_OBJS:.o=.d)

# PAL tests written to fail: the suite checks that the runner reports them.
$(PSLC_TEST)/wrong/run: tests/pslc/wrong/security.psl $(PSLC_FIXTURES) $(BUILD)/tools/pslc $(KSM_HOST_OBJS)
	@rm -rf $(PSLC_TEST)/wrong/gen && mkdir -p $(PSLC_TEST)/wrong/gen
	$(call msg,PSLC,$<)
	$(Q)$(BUILD)/tools/pslc -w -I tests/pslc/common --tests generate --out-tests $(PSLC_TEST)/wrong/gen/tests.c \
	    --layouts-dir $(PSLC_TEST)/wrong/gen -o $(PSLC_TEST)/wrong/gen/policy.c $<
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ tests/pslc/pal_main.c \
	    $$(find $(PSLC_TEST)/wrong/gen -name '*.c') $(KSM_HOST_OBJS)

TEST_PREREQS += $(PSLC_TEST)/wrong/run

$(PSLC_TEST)/test_ksm_units: tests/pslc/test_ksm_units.c $(PSLC_TEST)/ksm/value.o $(PSLC_TEST)/ksm/sidmap.o
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $^

$(PSLC_TEST)/test_audit: tests/pslc/test_audit.c tests/pslc/audit/security.psl $(PSLC_FIXTURES) $(BUILD)/tools/pslc $(KSM_HOST_OBJS)
	@rm -rf $(PSLC_TEST)/audit/gen && mkdir -p $(PSLC_TEST)/audit/gen
	$(call msg,PSLC,$(filter %.psl,$^))
	$(Q)$(BUILD)/tools/pslc -w -I tests/pslc/common --layouts-dir $(PSLC_TEST)/audit/gen \
	    -o $(PSLC_TEST)/audit/gen/policy.c tests/pslc/audit/security.psl
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $$(find $(PSLC_TEST)/audit/gen -name '*.c') $(KSM_HOST_OBJS)

$(PSLC_TEST)/test_memo: tests/pslc/test_memo.c tests/pslc/memo/security.psl $(PSLC_FIXTURES) $(BUILD)/tools/pslc $(KSM_HOST_OBJS)
	@rm -rf $(PSLC_TEST)/memo/gen && mkdir -p $(PSLC_TEST)/memo/gen
	$(call msg,PSLC,$(filter %.psl,$^))
	$(Q)$(BUILD)/tools/pslc -w -I tests/pslc/common --layouts-dir $(PSLC_TEST)/memo/gen \
	    -o $(PSLC_TEST)/memo/gen/policy.c tests/pslc/memo/security.psl
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $$(find $(PSLC_TEST)/memo/gen -name '*.c') $(KSM_HOST_OBJS)

# The fast decision tables against the KSM (tests/pslc/test_fast.c): the object the suite links with every
# policy of the tree, and the run with tests/pslc/fast/security.psl's known entries.
$(PSLC_TEST)/test_fast.o: tests/pslc/test_fast.c $(wildcard ksm/*.h)
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) -c $< -o $@

# Rule programs compiled to C against the interpreter (tests/pslc/test_native.c): linked with every policy.
$(PSLC_TEST)/test_native.o: tests/pslc/test_native.c $(wildcard ksm/*.h)
	@mkdir -p $(dir $@)
	$(call msg,HOSTCC,$<)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) -c $< -o $@

$(PSLC_TEST)/test_fast: tests/pslc/test_fast.c tests/pslc/fast/security.psl $(wildcard ksm/*.h) $(PSLC_FIXTURES) \
    $(BUILD)/tools/pslc $(KSM_HOST_OBJS)
	@rm -rf $(PSLC_TEST)/fast/gen && mkdir -p $(PSLC_TEST)/fast/gen
	$(call msg,PSLC,$(filter %.psl,$^))
	$(Q)$(BUILD)/tools/pslc -w -I tests/pslc/common --layouts-dir $(PSLC_TEST)/fast/gen \
	    -o $(PSLC_TEST)/fast/gen/policy.c tests/pslc/fast/security.psl
	$(call msg,HOSTCC,$@)
	$(Q)$(HOSTCC) $(KSM_HOST_CFLAGS) $(HOST_LDFLAGS) -DFAST_CASES -o $@ $< $$(find $(PSLC_TEST)/fast/gen -name '*.c') \
	    $(KSM_HOST_OBJS)

# pslc's regex compiler against the host's regcomp/regexec, through the KSM's matcher.
$(PSLC_TEST)/test_regex: tests/pslc/test_regex.c $(BUILD)/host/tools/pslc/regex.o $(BUILD)/host/tools/pslc/util.o \
    $(BUILD)/host/tools/common/file.o $(PSLC_TEST)/ksm/model_regex.o
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(PSLC_CFLAGS) $(HOST_LDFLAGS) -o $@ $^

TEST_PREREQS += $(PSLC_TEST)/test_ksm_units $(PSLC_TEST)/test_audit $(PSLC_TEST)/test_memo \
    $(PSLC_TEST)/test_regex $(PSLC_TEST)/test_fast $(PSLC_TEST)/test_fast.o $(PSLC_TEST)/test_native.o

# ---- fuzzers (clang's libFuzzer): a few seconds each in the suite, PSLC_FUZZ_TIME with `make fuzz` ----
FUZZ_CC ?= clang
PSLC_FUZZ_FLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I. -Ilib/include
PSLC_FUZZ_TIME ?= 120
PSLC_PARSE_SRCS := tools/pslc/util.c tools/pslc/lex.c tools/pslc/parse.c tools/pslc/parse_expr.c \
    tools/pslc/template.c tools/common/file.c

$(PSLC_TEST)/fuzz_psl: tests/pslc/fuzz/fuzz_psl.c $(PSLC_PARSE_SRCS) $(wildcard tools/pslc/*.h)
	@mkdir -p $(dir $@)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(PSLC_FUZZ_FLAGS) -o $@ $(filter %.c,$^)

# The decision path against the basic example's policy (its generated C comes from the example rule).
$(PSLC_TEST)/fuzz_decide: tests/pslc/fuzz/fuzz_decide.c $(PSLC_TEST)/basic/run $(wildcard ksm/*.c ksm/*.h)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(PSLC_FUZZ_FLAGS) -DKSM_PAL_NO_MAIN -o $@ $< $$(find $(PSLC_TEST)/basic/gen -name '*.c') \
	    $(wildcard ksm/*.c)

TEST_PREREQS += $(PSLC_TEST)/fuzz_psl $(PSLC_TEST)/fuzz_decide

.PHONY: fuzz-pslc
fuzz: fuzz-pslc
fuzz-pslc: $(PSLC_TEST)/fuzz_psl $(PSLC_TEST)/fuzz_decide
	@mkdir -p $(PSLC_TEST)/corpus-psl $(PSLC_TEST)/corpus-decide
	$(PSLC_TEST)/fuzz_psl -max_total_time=$(PSLC_FUZZ_TIME) $(PSLC_TEST)/corpus-psl tests/pslc/examples/*/ tests/pslc/malformed
	$(PSLC_TEST)/fuzz_decide -max_total_time=$(PSLC_FUZZ_TIME) $(PSLC_TEST)/corpus-decide

# ---- benchmark (not a test): instructions per decision for 10 / 1,000 / 10,000 bindings ----
.PHONY: bench-ksm
bench-ksm: $(BUILD)/tools/pslc
	@BUILD=$(BUILD) HOSTCC=$(HOSTCC) bash tools/pslc/bench-ksm.sh
