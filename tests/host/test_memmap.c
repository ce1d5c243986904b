/* kernel/memmap: usable = RAM - reserved, sorted, page-aligned, disjoint, bounded. */
#include <stdint.h>
#include "check.h"
#include "kernel/memmap.h"

#define MiB (1024ull * 1024)
#define R(b, s) { (b), (s) }

static int ranges_are(const struct memmap *m, const struct mem_range *want, unsigned n)
{
    if (m->count != n)
        return 0;
    for (unsigned i = 0; i < n; i++)
        if (m->range[i].base != want[i].base || m->range[i].size != want[i].size)
            return 0;
    return 1;
}

static int well_formed(const struct memmap *m)
{
    for (unsigned i = 0; i < m->count; i++) {
        if (m->range[i].size == 0 || (m->range[i].base | m->range[i].size) % MEMMAP_PAGE_SIZE)
            return 0;
        if (i && m->range[i - 1].base + m->range[i - 1].size >= m->range[i].base)
            return 0; /* touching ranges must have been merged */
    }
    return 1;
}

TEST(memmap_qemu_virt_layout)
{
    /* 128 MiB at 1 GiB; DTB at the RAM base, kernel image at +2 MiB. */
    struct mem_range ram[] = { R(0x40000000, 128 * MiB) };
    struct mem_range res[] = { R(0x40000000, 0x100000), R(0x40200000, 0x123456) };
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 1, res, 2), rcOk);
    struct mem_range want[] = { R(0x40100000, 0x100000), R(0x40324000, 0x48000000 - 0x40324000) };
    CHECK(ranges_are(&m, want, 2));
    CHECK(well_formed(&m));
    CHECK_EQ(memmap_total(&m), 128 * MiB - 0x100000 - 0x124000);
}

TEST(memmap_unaligned_ram_shrinks_reserved_grows)
{
    struct mem_range ram[] = { R(0x1001, 0x5000) };          /* whole pages: 0x2000..0x6000 */
    struct mem_range res[] = { R(0x3fff, 2) };               /* touches pages 0x3000 and 0x4000 */
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 1, res, 1), rcOk);
    struct mem_range want[] = { R(0x2000, 0x1000), R(0x5000, 0x1000) };
    CHECK(ranges_are(&m, want, 2));
}

TEST(memmap_sorts_and_merges_ram)
{
    struct mem_range ram[] = { R(0x80000, 0x10000), R(0x10000, 0x10000), R(0x20000, 0x8000),
                               R(0x18000, 0x4000), R(0x50000, 0), R(0x70000, 0x10000) };
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 6, NULL, 0), rcOk);
    struct mem_range want[] = { R(0x10000, 0x18000), R(0x70000, 0x20000) };
    CHECK(ranges_are(&m, want, 2));
}

TEST(memmap_reserved_cases)
{
    struct mem_range ram[] = { R(0x100000, 0x100000), R(0x300000, 0x100000) };
    struct mem_range res[] = {
        R(0x0, 0x101000),        /* overlaps the start of range 1 */
        R(0x1ff000, 0x102000),   /* end of range 1, the hole, and the start of range 2 */
        R(0x380000, 0x1000),     /* splits range 2 */
        R(0x500000, 0x1000),     /* outside RAM: no effect */
        R(0x390000, 0),          /* empty: no effect */
    };
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 2, res, 5), rcOk);
    struct mem_range want[] = { R(0x101000, 0xfe000), R(0x301000, 0x7f000), R(0x381000, 0x7f000) };
    CHECK(ranges_are(&m, want, 3));
    CHECK(well_formed(&m));
}

TEST(memmap_everything_reserved)
{
    struct mem_range ram[] = { R(0x40000000, 0x1000000) };
    struct mem_range res[] = { R(0x3fffffff, 0x1000002) };
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 1, res, 1), rcOk);
    CHECK_EQ(m.count, 0);
    uint64_t pa;
    CHECK_EQ(memmap_take(&m, 4096, &pa), rcOutOfMemory);
}

TEST(memmap_wrapping_ranges_rejected)
{
    struct mem_range bad_ram[] = { R(UINT64_MAX - 0xfff, 0x2000) };
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, bad_ram, 1, NULL, 0), rcInvalidArgument);
    CHECK_EQ(m.count, 0);
    struct mem_range ram[] = { R(0x1000, 0x1000) };
    struct mem_range bad_res[] = { R(0x1000, UINT64_MAX) };
    CHECK_EQ(memmap_compute(&m, ram, 1, bad_res, 1), rcInvalidArgument);
    CHECK_EQ(m.count, 0);
}

TEST(memmap_top_of_address_space)
{
    /* The last RAM page before 2^64 is usable; a reservation reaching the top removes it. */
    struct mem_range ram[] = { R(UINT64_MAX - 0x2fff, 0x2fff) }; /* ends at the last byte */
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 1, NULL, 0), rcOk);
    CHECK_EQ(m.count, 1);
    CHECK_EQ(m.range[0].base, UINT64_MAX - 0x2fff);
    CHECK_EQ(m.range[0].size, 0x2000); /* the partial top "page" ending at 2^64-1 is dropped */
    CHECK_EQ(memmap_remove(&m, UINT64_MAX - 0x1000, 0x1000), rcOk);
    CHECK_EQ(m.count, 1);
    CHECK_EQ(m.range[0].size, 0x1000);
}

TEST(memmap_ram_capacity_overflow)
{
    struct mem_range ram[MEMMAP_MAX_RANGES + 1];
    for (unsigned i = 0; i <= MEMMAP_MAX_RANGES; i++)
        ram[i] = (struct mem_range)R(0x100000ull * (i + 1), 0x1000);
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, MEMMAP_MAX_RANGES, NULL, 0), rcOk);
    CHECK_EQ(m.count, MEMMAP_MAX_RANGES);
    CHECK_EQ(memmap_compute(&m, ram, MEMMAP_MAX_RANGES + 1, NULL, 0), rcOutOfMemory);
    CHECK_EQ(m.count, 0);
}

TEST(memmap_split_capacity_overflow)
{
    /* One RAM range split by MAX reservations needs MAX+1 pieces. */
    struct mem_range ram[] = { R(0, 0x1000000) };
    struct mem_range res[MEMMAP_MAX_RANGES];
    for (unsigned i = 0; i < MEMMAP_MAX_RANGES; i++)
        res[i] = (struct mem_range)R(0x10000ull * (i + 1), 0x1000);
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 1, res, MEMMAP_MAX_RANGES - 1), rcOk);
    CHECK_EQ(m.count, MEMMAP_MAX_RANGES);
    CHECK(well_formed(&m));
    CHECK_EQ(memmap_compute(&m, ram, 1, res, MEMMAP_MAX_RANGES), rcOutOfMemory);
    CHECK_EQ(m.count, 0);
}

TEST(memmap_take_first_fit)
{
    struct mem_range ram[] = { R(0x10000, 0x2000), R(0x20000, 0x10000) };
    struct memmap m;
    CHECK_EQ(memmap_compute(&m, ram, 2, NULL, 0), rcOk);
    uint64_t pa = 0;
    CHECK_EQ(memmap_take(&m, 0x2001, &pa), rcOk);    /* rounds to 3 pages: only range 2 fits */
    CHECK_EQ(pa, 0x20000);
    CHECK_EQ(m.range[1].base, 0x23000);
    CHECK_EQ(memmap_take(&m, 0x2000, &pa), rcOk);    /* exactly range 1: removed */
    CHECK_EQ(pa, 0x10000);
    CHECK_EQ(m.count, 1);
    CHECK_EQ(memmap_take(&m, 0x100000, &pa), rcOutOfMemory);
    CHECK_EQ(memmap_take(&m, 0, &pa), rcInvalidArgument);
    CHECK_EQ(m.count, 1);
    CHECK_EQ(memmap_total(&m), 0xd000);
}

int main(void)
{
    RUN(memmap_qemu_virt_layout);
    RUN(memmap_unaligned_ram_shrinks_reserved_grows);
    RUN(memmap_sorts_and_merges_ram);
    RUN(memmap_reserved_cases);
    RUN(memmap_everything_reserved);
    RUN(memmap_wrapping_ranges_rejected);
    RUN(memmap_top_of_address_space);
    RUN(memmap_ram_capacity_overflow);
    RUN(memmap_split_capacity_overflow);
    RUN(memmap_take_first_fit);
    return check_summary();
}
