/* The first link's table (tools/mksyms.sh with no input): every lookup misses. */
#include "check.h"
#include "kernel/ksyms.h"

TEST(ksyms_empty_table_finds_nothing)
{
    uint64_t off = 5;
    CHECK_EQ(ksyms_count, 0);
    CHECK(ksyms_lookup(0, &off) == NULL);
    CHECK(ksyms_lookup(0xffffff8040200000ull, &off) == NULL);
    CHECK_EQ(off, 5);
}

int main(void)
{
    RUN(ksyms_empty_table_finds_nothing);
    return check_summary();
}
