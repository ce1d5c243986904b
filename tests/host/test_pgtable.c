/* arch/aarch64/pgtable: descriptor bits, map/unmap/protect with blocks and splits, W^X, TLB callbacks,
 * table-page exhaustion, and a randomized comparison against a simple page-by-page model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "arch/aarch64/pgtable.h"

/* Table pages are malloc'd; their "PA" is their host address (below 2^48 on x86-64 and arm64). */
struct env {
    int budget;       /* table pages still available; -1 = unlimited */
    int out;          /* table pages handed out and not freed */
    int inval_calls;
    uint64_t inval_lo, inval_hi; /* union of invalidated ranges [lo, hi) since the last reset */
};

static rc_t alloc_table(void *ctx, uint64_t *pa)
{
    struct env *e = ctx;
    if (e->budget == 0)
        return rcOutOfMemory;
    void *p = aligned_alloc(4096, 4096);
    if (!p)
        return rcOutOfMemory;
    memset(p, 0x5a, 4096); /* garbage: pgtable must clear it */
    if (e->budget > 0)
        e->budget--;
    e->out++;
    *pa = (uint64_t)(uintptr_t)p;
    return rcOk;
}

static void free_table(void *ctx, uint64_t pa)
{
    struct env *e = ctx;
    e->out--;
    if (e->budget >= 0)
        e->budget++;
    free((void *)(uintptr_t)pa);
}

static void *p2v(void *ctx, uint64_t pa) { (void)ctx; return (void *)(uintptr_t)pa; }

static void inval(void *ctx, const struct pt *pt, uint64_t va, uint64_t size)
{
    (void)pt;
    struct env *e = ctx;
    if (e->inval_calls++ == 0 || va < e->inval_lo)
        e->inval_lo = va;
    if (e->inval_calls == 1 || va + size > e->inval_hi || va + size == 0)
        e->inval_hi = va + size;
}

static void reset_inval(struct env *e) { e->inval_calls = 0; e->inval_lo = e->inval_hi = 0; }

#define ENV(name, budget)                                                              \
    struct env name##_env = { (budget), 0, 0, 0, 0 };                                 \
    struct pt_ops name##_ops = { alloc_table, free_table, p2v, inval, &name##_env }

/* The raw descriptor that maps va at `level`, or 0. */
static uint64_t leaf_desc(const struct pt *pt, uint64_t va, int *level)
{
    uint64_t tpa = pt->root_pa;
    for (int l = 1; l <= 3; l++) {
        uint64_t e = ((uint64_t *)(uintptr_t)tpa)[(va >> (39 - 9 * l)) & 511];
        if (!(e & 1))
            return 0;
        if (l == 3 || (e & 3) == 1) {
            *level = l;
            return e;
        }
        tpa = e & PT_DESC_OA_MASK;
    }
    return 0;
}

#define K(off) (PT_KERNEL_BASE + (off))
#define RW (PT_READ | PT_WRITE)
#define RX (PT_READ | PT_EXEC)

TEST(pgtable_attr_bits)
{
    uint64_t b;
    CHECK_EQ(pt_attr_bits(RW | PT_GLOBAL, PT_HALF_KERNEL, &b), rcOk);
    CHECK_EQ(b, 0x0060000000000704ull);           /* UXN|PXN, SH inner, AF, AttrIndx 1, AP 00 */
    CHECK_EQ(pt_attr_bits(RX | PT_GLOBAL, PT_HALF_KERNEL, &b), rcOk);
    CHECK_EQ(b, 0x0040000000000784ull);           /* UXN only, AP RO */
    CHECK_EQ(pt_attr_bits(PT_READ | PT_GLOBAL, PT_HALF_KERNEL, &b), rcOk);
    CHECK_EQ(b, 0x0060000000000784ull);
    CHECK_EQ(pt_attr_bits(RW | PT_DEVICE | PT_GLOBAL, PT_HALF_KERNEL, &b), rcOk);
    CHECK_EQ(b, 0x0060000000000408ull);           /* AttrIndx 2, no SH */
    CHECK_EQ(pt_attr_bits(RW, PT_HALF_KERNEL, &b), rcOk);
    CHECK_EQ(b, 0x0060000000000f04ull);           /* nG set */
    CHECK_EQ(pt_attr_bits(RX | PT_USER, PT_HALF_USER, &b), rcOk);
    CHECK_EQ(b, 0x0020000000000fc4ull);           /* PXN, AP 11, nG */
    CHECK_EQ(pt_attr_bits(RW | PT_USER, PT_HALF_USER, &b), rcOk);
    CHECK_EQ(b, 0x0060000000000f44ull);           /* PXN|UXN, AP 01, nG */
    CHECK_EQ(pt_attr_bits(PT_READ | PT_WRITE | PT_EXEC, PT_HALF_KERNEL, &b), rcInvalidArgument);
    CHECK_EQ(pt_attr_bits(PT_READ | PT_WRITE | PT_EXEC | PT_USER, PT_HALF_USER, &b), rcInvalidArgument);
    CHECK_EQ(pt_attr_bits(PT_WRITE, PT_HALF_KERNEL, &b), rcInvalidArgument);
    CHECK_EQ(pt_attr_bits(RX | PT_DEVICE, PT_HALF_KERNEL, &b), rcInvalidArgument);
    CHECK_EQ(pt_attr_bits(RW | PT_USER | PT_GLOBAL, PT_HALF_USER, &b), rcInvalidArgument);
    CHECK_EQ(pt_attr_bits(RW | PT_USER, PT_HALF_KERNEL, &b), rcInvalidArgument);
    CHECK_EQ(pt_attr_bits(RW | 0x100, PT_HALF_KERNEL, &b), rcInvalidArgument);
}

TEST(pgtable_map_pages_lookup_and_descriptors)
{
    ENV(t, -1);
    struct pt pt;
    CHECK_EQ(pt_init(&pt, PT_HALF_USER, 7, &t_ops), rcOk);
    CHECK_EQ(pt.tables, 1);
    CHECK_EQ(pt_map(&pt, 0x400000, 0x40801000, 0x3000, RX | PT_USER), rcOk);
    CHECK_EQ(pt.tables, 3);
    CHECK_EQ(t_env.inval_calls, 0); /* new mappings need no invalidation */
    uint64_t pa;
    unsigned attrs;
    CHECK_EQ(pt_lookup(&pt, 0x401234, &pa, &attrs), rcOk);
    CHECK_EQ(pa, 0x40802234);
    CHECK_EQ(attrs, RX | PT_USER);
    int level;
    uint64_t d = leaf_desc(&pt, 0x402000, &level);
    CHECK_EQ(level, 3);
    CHECK_EQ(d, 0x40803000ull | 0x0020000000000fc4ull | 3);
    CHECK_EQ(pt_lookup(&pt, 0x403000, &pa, &attrs), rcResourceNotFound);
    CHECK_EQ(pt_lookup(&pt, 0x3ff000, NULL, NULL), rcResourceNotFound);
    CHECK_EQ(pt_lookup(&pt, PT_USER_TOP, NULL, NULL), rcResourceNotFound);
    pt_destroy(&pt);
    CHECK_EQ(t_env.out, 0);
}

TEST(pgtable_blocks_when_aligned)
{
    ENV(t, -1);
    struct pt k;
    CHECK_EQ(pt_init(&k, PT_HALF_KERNEL, 0, &t_ops), rcOk);
    /* 1 GiB + 2 MiB + 4 KiB: one L1 block, one L2 block, one page. */
    CHECK_EQ(pt_map(&k, K(0x40000000), 0x40000000, 0x40201000, RW | PT_GLOBAL), rcOk);
    int level;
    uint64_t d = leaf_desc(&k, K(0x40000000), &level);
    CHECK_EQ(level, 1);
    CHECK_EQ(d & 3, 1);
    CHECK_EQ(d & PT_DESC_OA_MASK, 0x40000000);
    d = leaf_desc(&k, K(0x80100000), &level);
    CHECK_EQ(level, 2);
    CHECK_EQ(d & PT_DESC_OA_MASK, 0x80000000);
    d = leaf_desc(&k, K(0x80200000), &level);
    CHECK_EQ(level, 3);
    uint64_t pa;
    CHECK_EQ(pt_lookup(&k, K(0x7fffffff), &pa, NULL), rcOk);
    CHECK_EQ(pa, 0x7fffffff);
    CHECK_EQ(k.tables, 3);
    /* PT_PAGES: same range with pages only. */
    CHECK_EQ(pt_map(&k, K(0x100000000), 0x100000000, 0x200000, RW | PT_GLOBAL | PT_PAGES), rcOk);
    leaf_desc(&k, K(0x100000000), &level);
    CHECK_EQ(level, 3);
    pt_destroy(&k);
    CHECK_EQ(t_env.out, 0);
}

TEST(pgtable_bad_arguments_refused)
{
    ENV(t, -1);
    struct pt u, k;
    CHECK_EQ(pt_init(&u, PT_HALF_USER, 1, &t_ops), rcOk);
    CHECK_EQ(pt_init(&k, PT_HALF_KERNEL, 0, &t_ops), rcOk);
    CHECK_EQ(pt_map(&u, 0x1000, 0x2000, 0x1000, PT_READ | PT_WRITE | PT_EXEC | PT_USER), rcInvalidArgument);
    CHECK_EQ(pt_map(&k, K(0x1000), 0x2000, 0x1000, PT_READ | PT_WRITE | PT_EXEC), rcInvalidArgument);
    CHECK_EQ(pt_map(&u, 0x1800, 0x2000, 0x1000, RW), rcInvalidArgument);
    CHECK_EQ(pt_map(&u, 0x1000, 0x2800, 0x1000, RW), rcInvalidArgument);
    CHECK_EQ(pt_map(&u, 0x1000, 0x2000, 0x800, RW), rcInvalidArgument);
    CHECK_EQ(pt_map(&u, 0x1000, 0x2000, 0, RW), rcInvalidArgument);
    CHECK_EQ(pt_map(&u, PT_USER_TOP - 0x1000, 0x2000, 0x2000, RW), rcInvalidArgument);
    CHECK_EQ(pt_map(&k, 0x1000, 0x2000, 0x1000, RW), rcInvalidArgument);       /* not a kernel VA */
    CHECK_EQ(pt_map(&u, K(0x1000), 0x2000, 0x1000, RW), rcInvalidArgument);    /* not a user VA */
    CHECK_EQ(pt_map(&u, 0x1000, PT_PA_LIMIT - 0x1000, 0x2000, RW), rcInvalidArgument);
    CHECK_EQ(pt_map(&k, K(0x1000), 0x2000, 0x1000, RW | PT_USER), rcInvalidArgument);
    CHECK_EQ(u.tables + k.tables, 2); /* nothing allocated by refused calls */
    /* The very top page of the kernel half works (range ends at 2^64). */
    CHECK_EQ(pt_map(&k, 0xfffffffffffff000ull, 0x5000, 0x1000, PT_READ | PT_GLOBAL), rcOk);
    uint64_t pa;
    CHECK_EQ(pt_lookup(&k, 0xffffffffffffffffull, &pa, NULL), rcOk);
    CHECK_EQ(pa, 0x5fff);
    CHECK_EQ(pt_unmap(&k, 0xfffffffffffff000ull, 0x1000), rcOk);
    CHECK_EQ(k.tables, 1);
    CHECK_EQ(pt_map(&k, 0xffffffffffe00000ull, 0x200000, 0x200000, PT_READ | PT_GLOBAL), rcOk);
    CHECK_EQ(pt_protect(&k, 0xffffffffffe00000ull, 0x200000, RW | PT_GLOBAL), rcOk);
    pt_destroy(&u);
    pt_destroy(&k);
    CHECK_EQ(t_env.out, 0);
}

TEST(pgtable_overlap_refused_and_unchanged)
{
    ENV(t, -1);
    struct pt u;
    CHECK_EQ(pt_init(&u, PT_HALF_USER, 1, &t_ops), rcOk);
    CHECK_EQ(pt_map(&u, 0x600000, 0x10000000, 0x200000, RW | PT_USER), rcOk); /* one L2 block */
    size_t tables = u.tables;
    CHECK_EQ(pt_map(&u, 0x5ff000, 0x20000000, 0x2000, RW | PT_USER), rcAlreadyExists);
    CHECK_EQ(pt_map(&u, 0x700000, 0x20000000, 0x1000, RW | PT_USER), rcAlreadyExists);
    CHECK_EQ(u.tables, tables);
    CHECK_EQ(pt_lookup(&u, 0x5ff000, NULL, NULL), rcResourceNotFound);
    uint64_t pa;
    CHECK_EQ(pt_lookup(&u, 0x700000, &pa, NULL), rcOk);
    CHECK_EQ(pa, 0x10100000);
    pt_destroy(&u);
}

TEST(pgtable_unmap_splits_blocks_and_frees_tables)
{
    ENV(t, -1);
    struct pt k;
    CHECK_EQ(pt_init(&k, PT_HALF_KERNEL, 0, &t_ops), rcOk);
    CHECK_EQ(pt_map(&k, K(0x40000000), 0x40000000, 0x40000000, RX | PT_GLOBAL), rcOk);
    CHECK_EQ(k.tables, 1);
    reset_inval(&t_env);
    /* A guard page in the middle of the 1 GiB block: L1 -> L2 table -> L3 table. */
    CHECK_EQ(pt_unmap(&k, K(0x40345000), 0x1000), rcOk);
    CHECK_EQ(k.tables, 3);
    CHECK(t_env.inval_calls >= 1);
    CHECK(t_env.inval_lo <= K(0x40345000) && t_env.inval_hi >= K(0x40346000));
    CHECK_EQ(pt_lookup(&k, K(0x40345000), NULL, NULL), rcResourceNotFound);
    uint64_t pa;
    unsigned attrs;
    CHECK_EQ(pt_lookup(&k, K(0x40344fff), &pa, &attrs), rcOk);
    CHECK_EQ(pa, 0x40344fff);
    CHECK_EQ(attrs, RX | PT_GLOBAL);
    CHECK_EQ(pt_lookup(&k, K(0x40346000), &pa, &attrs), rcOk);
    CHECK_EQ(pa, 0x40346000);
    CHECK_EQ(pt_lookup(&k, K(0x7fe00000), &pa, &attrs), rcOk);  /* still a 2 MiB block */
    int level;
    leaf_desc(&k, K(0x7fe00000), &level);
    CHECK_EQ(level, 2);
    CHECK_EQ(attrs, RX | PT_GLOBAL);
    /* Unmapping holes is fine; unmapping all frees every table but the root. */
    CHECK_EQ(pt_unmap(&k, K(0), 0x100000000ull), rcOk);
    CHECK_EQ(k.tables, 1);
    CHECK_EQ(t_env.out, 1);
    CHECK_EQ(pt_lookup(&k, K(0x40000000), NULL, NULL), rcResourceNotFound);
    CHECK_EQ(pt_unmap(&k, K(0x1000), 0x1000), rcOk);
    pt_destroy(&k);
    CHECK_EQ(t_env.out, 0);
}

TEST(pgtable_protect)
{
    ENV(t, -1);
    struct pt u;
    CHECK_EQ(pt_init(&u, PT_HALF_USER, 3, &t_ops), rcOk);
    CHECK_EQ(pt_map(&u, 0x200000, 0x40200000, 0x400000, RW | PT_USER), rcOk); /* two L2 blocks */
    reset_inval(&t_env);
    CHECK_EQ(pt_protect(&u, 0x3ff000, 0x2000, PT_READ | PT_USER), rcOk); /* spans both blocks */
    CHECK(t_env.inval_lo <= 0x3ff000 && t_env.inval_hi >= 0x401000);
    unsigned attrs;
    uint64_t pa;
    CHECK_EQ(pt_lookup(&u, 0x3ff000, &pa, &attrs), rcOk);
    CHECK_EQ(attrs, PT_READ | PT_USER);
    CHECK_EQ(pa, 0x403ff000);
    CHECK_EQ(pt_lookup(&u, 0x400fff, &pa, &attrs), rcOk);
    CHECK_EQ(attrs, PT_READ | PT_USER);
    CHECK_EQ(pt_lookup(&u, 0x3fe000, &pa, &attrs), rcOk);
    CHECK_EQ(attrs, RW | PT_USER);
    CHECK_EQ(pt_lookup(&u, 0x401000, &pa, &attrs), rcOk);
    CHECK_EQ(attrs, RW | PT_USER);
    CHECK_EQ(pa, 0x40401000);
    int level;
    uint64_t d = leaf_desc(&u, 0x3ff000, &level);
    CHECK_EQ(level, 3);
    CHECK_EQ(d, 0x403ff000ull | 0x0060000000000fc4ull | 3); /* AP 11, PXN|UXN, nG */
    /* Code: RX for EL0 is fine, W|X is not, and nothing changes on refusal. */
    CHECK_EQ(pt_protect(&u, 0x200000, 0x1000, RX | PT_USER), rcOk);
    CHECK_EQ(pt_protect(&u, 0x200000, 0x1000, PT_READ | PT_WRITE | PT_EXEC | PT_USER), rcInvalidArgument);
    CHECK_EQ(pt_protect(&u, 0x200000, 0x1000, RW | PT_USER | PT_DEVICE), rcInvalidArgument);
    CHECK_EQ(pt_protect(&u, 0x200000, 0x1000, RW), rcInvalidArgument);         /* drops PT_USER */
    CHECK_EQ(pt_lookup(&u, 0x200000, &pa, &attrs), rcOk);
    CHECK_EQ(attrs, RX | PT_USER);
    /* A range with a hole is refused as a whole. */
    CHECK_EQ(pt_protect(&u, 0x5ff000, 0x2000, PT_READ | PT_USER), rcResourceNotFound);
    CHECK_EQ(pt_lookup(&u, 0x5ff000, &pa, &attrs), rcOk);
    CHECK_EQ(attrs, RW | PT_USER);
    pt_destroy(&u);
    CHECK_EQ(t_env.out, 0);
}

/* Every page of [va, va+size) maps pa + offset with attrs, or (pa == ~0) none is mapped. */
static int range_is(const struct pt *pt, uint64_t va, uint64_t size, uint64_t pa, unsigned attrs)
{
    for (uint64_t off = 0; off < size; off += PT_PAGE_SIZE) {
        uint64_t got;
        unsigned a;
        rc_t rc = pt_lookup(pt, va + off, &got, &a);
        if (pa == ~0ull ? rc != rcResourceNotFound : (rc != rcOk || got != pa + off || a != attrs))
            return 0;
    }
    return 1;
}

TEST(pgtable_table_exhaustion_leaves_tables_consistent)
{
    /* Map a range needing several tables, with every possible shortfall of table pages. */
    for (int budget = 0; budget <= 6; budget++) {
        ENV(t, -1);
        struct pt u;
        CHECK_EQ(pt_init(&u, PT_HALF_USER, 1, &t_ops), rcOk);
        CHECK_EQ(pt_map(&u, 0x1000, 0x90000000, 0x2000, RW | PT_USER), rcOk);
        t_env.budget = budget;
        /* 0x3ff000..0x40000000+0x3000 crosses an L2 table boundary and an L1 boundary. */
        rc_t rc = pt_map(&u, 0x3fe00000, 0x80000000, 0x200000 + 0x3000 + 0x1000, RW | PT_USER | PT_PAGES);
        CHECK_MSG(rc == rcOk || rc == rcOutOfMemory, "budget %d: rc %d", budget, rc);
        if (rc == rcOutOfMemory)
            CHECK_MSG(range_is(&u, 0x3fe00000, 0x204000, ~0ull, 0), "budget %d: partial map left", budget);
        else
            CHECK(range_is(&u, 0x3fe00000, 0x204000, 0x80000000, RW | PT_USER));
        CHECK(range_is(&u, 0x1000, 0x2000, 0x90000000, RW | PT_USER));
        CHECK_EQ((size_t)t_env.out, u.tables);
        CHECK_EQ(u.tables, rc == rcOk ? 6u : 3u); /* failed attempts give every new table back */
        pt_destroy(&u);
        CHECK_EQ(t_env.out, 0);
    }
    /* Splits that cannot get a table page: unmap and protect fail and change nothing. */
    ENV(s, -1);
    struct pt k;
    CHECK_EQ(pt_init(&k, PT_HALF_KERNEL, 0, &s_ops), rcOk);
    CHECK_EQ(pt_map(&k, K(0x40000000), 0x40000000, 0x40000000, RW | PT_GLOBAL), rcOk);
    for (int budget = 0; budget < 2; budget++) {
        s_env.budget = budget;
        CHECK_EQ(pt_unmap(&k, K(0x40001000), 0x1000), rcOutOfMemory);
        CHECK_EQ(pt_protect(&k, K(0x40001000), 0x1000, PT_READ | PT_GLOBAL), rcOutOfMemory);
        CHECK(range_is(&k, K(0x40000000), 0x400000, 0x40000000, RW | PT_GLOBAL));
        CHECK_EQ((size_t)s_env.out, k.tables);
    }
    s_env.budget = 2;
    CHECK_EQ(pt_unmap(&k, K(0x40001000), 0x1000), rcOk);
    CHECK(range_is(&k, K(0x40001000), 0x1000, ~0ull, 0));
    CHECK(range_is(&k, K(0x40002000), 0x1000, 0x40002000, RW | PT_GLOBAL));
    pt_destroy(&k);
    CHECK_EQ(s_env.out, 0);
}

/* Randomized: a 16 MiB user window, compared page by page with a flat model after every call. */
TEST(pgtable_random_against_model)
{
    enum { PAGES = 4096 };
    static uint64_t model_pa[PAGES];
    static unsigned model_attrs[PAGES];
    const uint64_t base = 0x7fc00000;      /* crosses a 1 GiB boundary at page 1024 */
    const unsigned perms[] = { PT_READ | PT_USER, RW | PT_USER, RX | PT_USER, RW };
    ENV(t, -1);
    struct pt u;
    CHECK_EQ(pt_init(&u, PT_HALF_USER, 9, &t_ops), rcOk);
    memset(model_attrs, 0, sizeof model_attrs);
    srand(12345);
    for (int step = 0; step < 400; step++) {
        int op = rand() % 3;
        int big = rand() % 4 == 0;
        uint64_t first = big ? (uint64_t)(rand() % 8) * 512 : (uint64_t)(rand() % PAGES);
        uint64_t n = big ? 512 * (1 + (uint64_t)(rand() % 2)) : 1 + (uint64_t)(rand() % 40);
        if (first + n > PAGES)
            n = PAGES - first;
        unsigned attrs = perms[rand() % 4];
        uint64_t va = base + first * 4096, size = n * 4096;
        if (op == 0) {
            uint64_t pa = 0x100000000ull + (big ? first * 4096 : (uint64_t)(rand() % 100000) * 4096);
            int any = 0;
            for (uint64_t i = first; i < first + n; i++)
                any |= model_attrs[i] != 0;
            rc_t rc = pt_map(&u, va, pa, size, attrs);
            CHECK_MSG(rc == (any ? rcAlreadyExists : rcOk), "step %d map rc %d", step, rc);
            if (rc == rcOk)
                for (uint64_t i = 0; i < n; i++) {
                    model_pa[first + i] = pa + i * 4096;
                    model_attrs[first + i] = attrs;
                }
        } else if (op == 1) {
            CHECK_EQ(pt_unmap(&u, va, size), rcOk);
            for (uint64_t i = first; i < first + n; i++)
                model_attrs[i] = 0;
        } else {
            int all = 1, same = 1;
            for (uint64_t i = first; i < first + n; i++) {
                all &= model_attrs[i] != 0;
                if (model_attrs[i] && (model_attrs[i] & PT_USER) != (attrs & PT_USER))
                    same = 0;
            }
            rc_t rc = pt_protect(&u, va, size, attrs);
            rc_t want = !all ? rcResourceNotFound : !same ? rcInvalidArgument : rcOk;
            CHECK_MSG(rc == want, "step %d protect rc %d want %d", step, rc, want);
            if (rc == rcOk)
                for (uint64_t i = first; i < first + n; i++)
                    model_attrs[i] = attrs;
        }
        for (uint64_t i = 0; i < PAGES; i++) {
            uint64_t pa;
            unsigned a;
            rc_t rc = pt_lookup(&u, base + i * 4096, &pa, &a);
            if (model_attrs[i])
                CHECK_MSG(rc == rcOk && pa == model_pa[i] && a == model_attrs[i],
                          "step %d page %llu: rc %d pa %#llx attrs %#x", step, (unsigned long long)i, rc,
                          (unsigned long long)pa, a);
            else
                CHECK_MSG(rc == rcResourceNotFound, "step %d page %llu mapped", step, (unsigned long long)i);
        }
        CHECK_EQ((size_t)t_env.out, u.tables);
    }
    CHECK_EQ(pt_unmap(&u, 0, PT_USER_TOP), rcOk);
    CHECK_EQ(u.tables, 1);
    pt_destroy(&u);
    CHECK_EQ(t_env.out, 0);
}

int main(void)
{
    RUN(pgtable_attr_bits);
    RUN(pgtable_map_pages_lookup_and_descriptors);
    RUN(pgtable_blocks_when_aligned);
    RUN(pgtable_bad_arguments_refused);
    RUN(pgtable_overlap_refused_and_unchanged);
    RUN(pgtable_unmap_splits_blocks_and_frees_tables);
    RUN(pgtable_protect);
    RUN(pgtable_table_exhaustion_leaves_tables_consistent);
    RUN(pgtable_random_against_model);
    return check_summary();
}
