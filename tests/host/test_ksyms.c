/* kernel/ksyms + tools/mksyms.sh: a table generated from tests/host/ksyms_fixture.nm (nm -n -S
 * format with aliases, sizeless asm symbols, mapping symbols, data, and unsorted input). */
#include <string.h>
#include "check.h"
#include "kernel/ksyms.h"

#define K(off) (0xffffff8040200000ull + (off))

static int is(uint64_t addr, const char *name, uint64_t want_off)
{
    uint64_t off = 12345;
    const char *got = ksyms_lookup(addr, &off);
    return got && strcmp(got, name) == 0 && off == want_off;
}

TEST(ksyms_table_generated_from_nm)
{
    CHECK_EQ(ksyms_count, 6);   /* _start, early_helper, kmain, weak_fn, vectors, last_fn */
    for (uint32_t i = 1; i < ksyms_count; i++)
        CHECK(ksyms_table[i - 1].addr < ksyms_table[i].addr);
}

TEST(ksyms_lookup_exact_and_offsets)
{
    CHECK(is(K(0), "_start", 0));               /* alias _text_start dropped */
    CHECK(is(K(0x3c), "_start", 0x3c));         /* sizeless: runs to the next symbol */
    CHECK(is(K(0x40), "early_helper", 0));      /* $x mapping symbol dropped */
    CHECK(is(K(0x5f), "early_helper", 0x1f));
    CHECK(is(K(0x60), "kmain", 0));             /* the sized symbol wins over a sizeless alias */
    CHECK(is(K(0x15f), "kmain", 0xff));
    CHECK(is(K(0x200), "weak_fn", 0));
    CHECK(is(K(0x800), "vectors", 0));
    CHECK(is(K(0xa00), "vectors", 0x200));      /* asm symbol, no size: up to last_fn */
    CHECK(is(K(0x100f), "last_fn", 0xf));
    CHECK(ksyms_lookup(K(0x1010), NULL) == NULL);   /* past the end of the last function */
}

TEST(ksyms_lookup_outside_functions)
{
    uint64_t off = 777;
    CHECK(ksyms_lookup(K(0) - 1, &off) == NULL);
    CHECK_EQ(off, 777);                         /* untouched on a miss */
    CHECK(ksyms_lookup(0, &off) == NULL);
    CHECK(ksyms_lookup(K(0x160), &off) == NULL);    /* gap after kmain's 0x100 bytes */
    CHECK(ksyms_lookup(K(0x400), &off) == NULL);    /* .Llocal is not a symbol */
    CHECK(ksyms_lookup(0xffffff8040300000ull, &off) == NULL); /* data is not in the table */
    CHECK(ksyms_lookup(~0ull, &off) == NULL);
    CHECK(ksyms_lookup(K(0x5f), NULL) != NULL);     /* offset pointer optional */
}

int main(void)
{
    RUN(ksyms_table_generated_from_nm);
    RUN(ksyms_lookup_exact_and_offsets);
    RUN(ksyms_lookup_outside_functions);
    return check_summary();
}
