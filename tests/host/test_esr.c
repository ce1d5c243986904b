/* arch/aarch64/esr: real ESR values (measured in QEMU or from the Arm ARM) to words. */
#include <string.h>
#include "check.h"
#include "arch/aarch64/esr.h"

static const struct {
    uint64_t esr;
    const char *want;
} cases[] = {
    { 0x96000045, "data abort from EL1, translation fault at level 1, write" },
    { 0x96000007, "data abort from EL1, translation fault at level 3, read" },
    { 0x9600004f, "data abort from EL1, permission fault at level 3, write" },
    { 0x9200004f, "data abort from EL0, permission fault at level 3, write" },
    { 0x92000007, "data abort from EL0, translation fault at level 3, read" },
    { 0x9200000d, "data abort from EL0, permission fault at level 1, read" },
    { 0x96000050, "data abort from EL1, synchronous external abort, write" },
    { 0x96000010, "data abort from EL1, synchronous external abort, read" },
    { 0x96000021, "data abort from EL1, alignment fault, read" },
    { 0x9600000b, "data abort from EL1, access flag fault at level 3, read" },
    { 0x96000146, "data abort from EL1, translation fault at level 2, cache maintenance" },
    { 0x93c08047, "data abort from EL0, translation fault at level 3, write of 8 bytes, register x0" },
    { 0x96000445, "data abort from EL1, translation fault at level 1, write, FAR not valid" },
    { 0x96000086, "data abort from EL1, translation fault at level 2, read, during stage-1 table walk" },
    { 0x8200000f, "instruction abort from EL0, permission fault at level 3" },
    { 0x86000006, "instruction abort from EL1, translation fault at level 2" },
    { 0x8600003f, "instruction abort from EL1, fault status 0x3f" },
    { 0x1fe00000, "FP/SIMD access trapped" },
    { 0x56000000, "SVC #0x0 from AArch64" },
    { 0x5600002a, "SVC #0x2a from AArch64" },
    { 0x5a000000, "HVC #0x0 from AArch64" },
    { 0x5e000000, "SMC #0x0 from AArch64" },
    { 0x02000000, "undefined instruction" },
    { 0x00000000, "undefined instruction" },
    { 0xf20003e8, "BRK #0x3e8 instruction" },
    { 0x9a000000, "SP alignment fault" },
    { 0x8a000000, "PC alignment fault" },
    { 0x3a000000, "illegal execution state" },
    { 0xbe000000, "SError interrupt" },
    { 0x06000001, "trapped WFE" },
    { 0x06000000, "trapped WFI" },
    { 0xca000000, "software step from EL0" },
    { 0xd2000000, "watchpoint from EL0" },
    { 0xc6000000, "breakpoint from EL1" },
    /* mrs x0, cntfrq_el0 trapped = S3_3_C14_C0_0 */
    { 0x6230f801, "trapped MRS x0, S3_3_C14_C0_0" },
    { 0x6230f821, "trapped MRS x1, S3_3_C14_C0_0" },
    { 0x6230f820, "trapped MSR/system instruction, x1, S3_3_C14_C0_0" },
    { 0xfe000000, "exception class 0x3f (ESR 0xfe000000)" },
    { 0x0000000100000000ull | (0x3bull << 26), "exception class 0x3b (ESR 0x1ec000000)" },
};

TEST(esr_table_of_real_values)
{
    char buf[160];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        esr_describe(cases[i].esr, buf, sizeof buf);
        CHECK_MSG(strcmp(buf, cases[i].want) == 0, "ESR %#llx: got \"%s\", want \"%s\"",
                  (unsigned long long)cases[i].esr, buf, cases[i].want);
    }
}

TEST(esr_every_class_and_status_has_text)
{
    char buf[160];
    for (unsigned ec = 0; ec < 64; ec++) {
        esr_describe((uint64_t)ec << 26 | 0x1ffffff, buf, sizeof buf);
        CHECK_MSG(buf[0] != '\0' && strlen(buf) < sizeof buf - 1, "EC %#x gave \"%s\"", ec, buf);
    }
    unsigned named = 0;
    for (unsigned fsc = 0; fsc < 64; fsc++)
        named += esr_fault_status(fsc) != NULL;
    CHECK_EQ(named, 16 + 4 + 4 + 13);
    CHECK(esr_fault_status(0x12) == NULL);
}

TEST(esr_truncates_safely)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    esr_describe(0x96000045, buf, sizeof buf);
    CHECK(strcmp(buf, "data ab") == 0);
    char one[1] = { 'x' };
    esr_describe(0x96000045, one, 1);
    CHECK_EQ(one[0], '\0');
    esr_describe(0x96000045, NULL, 0); /* nothing written, nothing read */
}

int main(void)
{
    RUN(esr_table_of_real_values);
    RUN(esr_every_class_and_status_has_text);
    RUN(esr_truncates_safely);
    return check_summary();
}
