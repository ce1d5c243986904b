/* kernel/pmem: exhaustion and back, double free, alignment, contiguity, holes, bad input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel/pmem.h"

#define PG 4096ull

static uint64_t meta[4096];

/* Two ranges with a hole: 0x100000 (20 frames) and 0x200000 (100 frames). */
static void setup_two(void)
{
    static struct memmap m;
    m.count = 2;
    m.range[0] = (struct mem_range){ 0x100000, 20 * PG };
    m.range[1] = (struct mem_range){ 0x200000, 100 * PG };
    if (pmem_init(&m, meta, sizeof meta) != rcOk)
        abort();
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

TEST(pmem_meta_size_and_init_checks)
{
    struct memmap m = { .count = 2 };
    m.range[0] = (struct mem_range){ 0x100000, 64 * PG };   /* 1 word */
    m.range[1] = (struct mem_range){ 0x800000, 65 * PG };   /* 2 words */
    CHECK_EQ(pmem_meta_size(&m), 24);
    CHECK_EQ(pmem_init(&m, meta, 16), rcInvalidArgument);
    CHECK_EQ(pmem_init(&m, (char *)meta + 4, 100), rcInvalidArgument);
    m.range[1].base += 1;
    CHECK_EQ(pmem_init(&m, meta, sizeof meta), rcInvalidArgument);
    m.range[1].base -= 1;
    CHECK_EQ(pmem_init(&m, meta, 24), rcOk);
    CHECK_EQ(pmem_total_frames(), 129);
    CHECK_EQ(pmem_free_frames(), 129);
}

TEST(pmem_exhaustion_and_back)
{
    setup_two();
    uint64_t got[120], pa = 0xdead;
    for (int i = 0; i < 120; i++) {
        CHECK_EQ(pmem_alloc(&got[i]), rcOk);
        CHECK_EQ(got[i] % PG, 0);
        int in0 = got[i] >= 0x100000 && got[i] < 0x100000 + 20 * PG;
        int in1 = got[i] >= 0x200000 && got[i] < 0x200000 + 100 * PG;
        CHECK(in0 || in1);
    }
    CHECK_EQ(pmem_free_frames(), 0);
    CHECK_EQ(pmem_alloc(&pa), rcOutOfMemory);
    CHECK_EQ(pa, 0xdead);
    qsort(got, 120, sizeof got[0], cmp_u64);
    for (int i = 1; i < 120; i++)
        CHECK(got[i] != got[i - 1]); /* every frame handed out once */
    for (int i = 0; i < 120; i++)
        CHECK_EQ(pmem_free(got[i]), rcOk);
    CHECK_EQ(pmem_free_frames(), 120);
    /* And the whole set is available again. */
    for (int i = 0; i < 120; i++)
        CHECK_EQ(pmem_alloc(&got[i]), rcOk);
    CHECK_EQ(pmem_alloc(&pa), rcOutOfMemory);
}

TEST(pmem_double_free_and_foreign_frames)
{
    setup_two();
    uint64_t pa;
    CHECK_EQ(pmem_alloc(&pa), rcOk);
    CHECK_EQ(pmem_free(pa), rcOk);
    CHECK_EQ(pmem_free(pa), rcInvalidArgument);        /* double free */
    CHECK_EQ(pmem_free(0x100000 + 5 * PG), rcInvalidArgument); /* never allocated */
    CHECK_EQ(pmem_free(0x0ff000), rcInvalidArgument);  /* below RAM */
    CHECK_EQ(pmem_free(0x150000), rcInvalidArgument);  /* in the hole */
    CHECK_EQ(pmem_free(0x200000 + 100 * PG), rcInvalidArgument); /* just past the end */
    CHECK_EQ(pmem_alloc(&pa), rcOk);
    CHECK_EQ(pmem_free(pa + 8), rcInvalidArgument);    /* unaligned */
    CHECK_EQ(pmem_free_frames(), 119);
}

TEST(pmem_contiguous_and_aligned)
{
    setup_two();
    uint64_t pa;
    /* 30 frames cannot come from the 20-frame range: they come from the second. */
    CHECK_EQ(pmem_alloc_contig(30, 0, &pa), rcOk);
    CHECK_EQ(pa, 0x200000);
    CHECK_EQ(pmem_free_frames(), 90);
    /* 64 KiB-aligned run of 16 frames: next boundary after 0x21e000 is 0x220000. */
    uint64_t pb;
    CHECK_EQ(pmem_alloc_contig(16, 0x10000, &pb), rcOk);
    CHECK_EQ(pb % 0x10000, 0);
    CHECK(pb >= 0x100000);
    /* A run longer than any free stretch fails and changes nothing. */
    uint64_t before = pmem_free_frames();
    CHECK_EQ(pmem_alloc_contig(101, 0, &pa), rcOutOfMemory);
    CHECK_EQ(pmem_alloc_contig(3, 3 * PG, &pa), rcInvalidArgument);
    CHECK_EQ(pmem_alloc_contig(0, 0, &pa), rcInvalidArgument);
    CHECK_EQ(pmem_free_frames(), before);
    CHECK_EQ(pmem_free_contig(pb, 16), rcOk);
    CHECK_EQ(pmem_free_contig(pb, 16), rcInvalidArgument);
}

TEST(pmem_contig_skips_used_frames)
{
    setup_two();
    uint64_t f[20];
    for (int i = 0; i < 20; i++)
        CHECK_EQ(pmem_alloc_contig(1, 0, &f[i]), rcOk);  /* first range, in order */
    CHECK_EQ(f[0], 0x100000);
    CHECK_EQ(f[19], 0x100000 + 19 * PG);
    CHECK_EQ(pmem_free(f[3]), rcOk);
    CHECK_EQ(pmem_free(f[4]), rcOk);
    CHECK_EQ(pmem_free(f[10]), rcOk);
    CHECK_EQ(pmem_free(f[11]), rcOk);
    CHECK_EQ(pmem_free(f[12]), rcOk);
    uint64_t pa;
    CHECK_EQ(pmem_alloc_contig(3, 0, &pa), rcOk);
    CHECK_EQ(pa, f[10]);
    CHECK_EQ(pmem_alloc_contig(2, 0, &pa), rcOk);
    CHECK_EQ(pa, f[3]);
    /* Partly allocated run: free_contig refuses without freeing any of it. */
    CHECK_EQ(pmem_free_contig(f[0], 3), rcOk);
    CHECK_EQ(pmem_free_contig(f[0], 4), rcInvalidArgument);
    CHECK_EQ(pmem_free(f[3]), rcOk);
    /* Runs never cross the hole between the ranges. */
    CHECK_EQ(pmem_free_contig(f[0] + 4 * PG, 17), rcInvalidArgument);
    CHECK_EQ(pmem_free_contig(f[0] + 4 * PG, 16), rcOk);
    CHECK_EQ(pmem_free_frames(), 120);
}

TEST(pmem_large_region_words)
{
    /* 1000 frames: words are scanned, and trailing bits of the last word never leak out. */
    static struct memmap m;
    m.count = 1;
    m.range[0] = (struct mem_range){ 0x40000000, 1000 * PG };
    CHECK_EQ(pmem_init(&m, meta, sizeof meta), rcOk);
    uint64_t pa, last = 0;
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ(pmem_alloc(&pa), rcOk);
        CHECK(pa < 0x40000000 + 1000 * PG);
        if (pa > last)
            last = pa;
    }
    CHECK_EQ(last, 0x40000000 + 999 * PG);
    CHECK_EQ(pmem_alloc(&pa), rcOutOfMemory);
    CHECK_EQ(pmem_alloc_contig(1, 0, &pa), rcOutOfMemory);
    CHECK_EQ(pmem_free(0x40000000 + 500 * PG), rcOk);
    CHECK_EQ(pmem_alloc(&pa), rcOk);
    CHECK_EQ(pa, 0x40000000 + 500 * PG);
}

TEST(pmem_empty_map)
{
    struct memmap m = { .count = 0 };
    CHECK_EQ(pmem_meta_size(&m), 0);
    CHECK_EQ(pmem_init(&m, meta, 0), rcOk);
    uint64_t pa;
    CHECK_EQ(pmem_alloc(&pa), rcOutOfMemory);
    CHECK_EQ(pmem_free(0x1000), rcInvalidArgument);
}

int main(void)
{
    RUN(pmem_meta_size_and_init_checks);
    RUN(pmem_exhaustion_and_back);
    RUN(pmem_double_free_and_foreign_frames);
    RUN(pmem_contiguous_and_aligned);
    RUN(pmem_contig_skips_used_frames);
    RUN(pmem_large_region_words);
    RUN(pmem_empty_map);
    return check_summary();
}
