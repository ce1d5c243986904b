/* Ranges are handled as inclusive [va, last] so that a kernel range ending at 2^64 needs no special
 * case. Every walk below visits the entries of one table that intersect the range, chunk by chunk. */
#include <stdbool.h>
#include "arch/aarch64/pgtable.h"

#define ENTRIES   512u
#define ATTR_MASK (~(PT_DESC_OA_MASK | 3ull))
#define ALL_ATTRS (PT_READ | PT_WRITE | PT_EXEC | PT_USER | PT_DEVICE | PT_GLOBAL | PT_PAGES)

static unsigned shift_of(int level) { return 39u - 9u * (unsigned)level; }
static uint64_t entry_size(int level) { return 1ull << shift_of(level); }
static unsigned index_of(uint64_t va, int level) { return (unsigned)(va >> shift_of(level)) & (ENTRIES - 1); }
static bool is_table(uint64_t e, int level) { return level < 3 && (e & 3) == 3; }
static bool is_leaf(uint64_t e, int level) { return (e & PT_DESC_VALID) && !is_table(e, level); }

static uint64_t *table_of(const struct pt *pt, uint64_t pa)
{
    return pt->ops->phys_to_virt(pt->ops->ctx, pa);
}

static void set_entry(uint64_t *slot, uint64_t value) { *(volatile uint64_t *)slot = value; }

static void tlb_inval(const struct pt *pt, uint64_t va, uint64_t size)
{
    if (pt->ops->tlb_inval)
        pt->ops->tlb_inval(pt->ops->ctx, pt, va, size);
}

/* End (inclusive) of the chunk of [a, last] that lies in the entry containing a. */
static uint64_t chunk_last(uint64_t a, uint64_t last, int level)
{
    uint64_t elast = (a & ~(entry_size(level) - 1)) + (entry_size(level) - 1);
    return elast < last ? elast : last;
}

static bool covers_entry(uint64_t a, uint64_t clast, int level)
{
    return (a & (entry_size(level) - 1)) == 0 && clast - a == entry_size(level) - 1;
}

static rc_t new_table(struct pt *pt, uint64_t *pa)
{
    rc_t rc = pt->ops->alloc_table(pt->ops->ctx, pa);
    if (rc != rcOk)
        return rc == rcOutOfMemory ? rc : rcOutOfMemory;
    uint64_t *t = table_of(pt, *pa);
    for (unsigned i = 0; i < ENTRIES; i++)
        t[i] = 0;
    pt->tables++;
    return rcOk;
}

static void drop_table(struct pt *pt, uint64_t pa)
{
    pt->ops->free_table(pt->ops->ctx, pa);
    pt->tables--;
}

rc_t pt_attr_bits(unsigned attrs, enum pt_half half, uint64_t *bits)
{
    if ((attrs & ~ALL_ATTRS) || !(attrs & PT_READ) || (attrs & (PT_WRITE | PT_EXEC)) == (PT_WRITE | PT_EXEC) ||
        (attrs & (PT_DEVICE | PT_EXEC)) == (PT_DEVICE | PT_EXEC) ||
        (attrs & (PT_USER | PT_GLOBAL)) == (PT_USER | PT_GLOBAL) ||
        ((attrs & PT_USER) && half == PT_HALF_KERNEL))
        return rcInvalidArgument;
    uint64_t b = PT_DESC_AF;
    if (!(attrs & PT_GLOBAL))
        b |= PT_DESC_NG;
    b |= (attrs & PT_DEVICE) ? PT_DESC_ATTRIDX(2) : PT_DESC_ATTRIDX(1) | PT_DESC_SH_INNER;
    if (!(attrs & PT_WRITE))
        b |= PT_DESC_AP_RO;
    if (attrs & PT_USER)
        b |= PT_DESC_AP_EL0 | PT_DESC_PXN | ((attrs & PT_EXEC) ? 0 : PT_DESC_UXN);
    else
        b |= PT_DESC_UXN | ((attrs & PT_EXEC) ? 0 : PT_DESC_PXN);
    *bits = b;
    return rcOk;
}

static unsigned attrs_of(uint64_t e)
{
    unsigned a = PT_READ;
    if (!(e & PT_DESC_AP_RO))
        a |= PT_WRITE;
    if (e & PT_DESC_AP_EL0)
        a |= PT_USER;
    if (!(e & ((a & PT_USER) ? PT_DESC_UXN : PT_DESC_PXN)))
        a |= PT_EXEC;
    if (((e >> 2) & 7) != 1)
        a |= PT_DEVICE;
    if (!(e & PT_DESC_NG))
        a |= PT_GLOBAL;
    return a;
}

static rc_t check_range(const struct pt *pt, uint64_t va, uint64_t size)
{
    if (size == 0 || ((va | size) & (PT_PAGE_SIZE - 1)))
        return rcInvalidArgument;
    uint64_t last = va + size - 1;
    if (last < va)
        return rcInvalidArgument;
    if (pt->half == PT_HALF_USER ? last >= PT_USER_TOP : va < PT_KERNEL_BASE)
        return rcInvalidArgument;
    return rcOk;
}

rc_t pt_init(struct pt *pt, enum pt_half half, uint16_t asid, const struct pt_ops *ops)
{
    pt->half = half;
    pt->asid = asid;
    pt->ops = ops;
    pt->tables = 0;
    return new_table(pt, &pt->root_pa);
}

/* Whether any page of [a, last] is mapped (any == true) or every page is (any == false). */
static bool scan(const struct pt *pt, uint64_t tpa, int level, uint64_t a, uint64_t last, bool any)
{
    uint64_t *t = table_of(pt, tpa);
    for (;;) {
        uint64_t clast = chunk_last(a, last, level);
        uint64_t e = t[index_of(a, level)];
        bool hit;
        if (!(e & PT_DESC_VALID))
            hit = false;
        else if (is_table(e, level))
            hit = scan(pt, e & PT_DESC_OA_MASK, level + 1, a, clast, any);
        else
            hit = true;
        if (any && hit)
            return true;
        if (!any && !hit)
            return false;
        if (clast == last)
            return !any;
        a = clast + 1;
    }
}

/* Replaces the block at t[idx] (level 1 or 2) by a table of the next level mapping the same memory
 * with the same attributes, break-before-make. */
static rc_t split_block(struct pt *pt, uint64_t *t, unsigned idx, int level, uint64_t va)
{
    uint64_t e = t[idx], cpa;
    rc_t rc = new_table(pt, &cpa);
    if (rc != rcOk)
        return rc;
    uint64_t *c = table_of(pt, cpa);
    uint64_t oa = e & PT_DESC_OA_MASK & ~(entry_size(level) - 1);
    uint64_t type = level + 1 == 3 ? 3 : 1;
    for (unsigned i = 0; i < ENTRIES; i++)
        c[i] = (oa + i * entry_size(level + 1)) | (e & ATTR_MASK) | type;
    uint64_t base = va & ~(entry_size(level) - 1);
    set_entry(&t[idx], 0);
    tlb_inval(pt, base, entry_size(level));
    set_entry(&t[idx], cpa | 3);
    return rcOk;
}

/* Makes sure no block straddles addr (addr is the first page on one side of a boundary). */
static rc_t split_at(struct pt *pt, uint64_t addr)
{
    uint64_t tpa = pt->root_pa;
    for (int level = 1; level < 3; level++) {
        uint64_t *t = table_of(pt, tpa);
        unsigned idx = index_of(addr, level);
        uint64_t e = t[idx];
        if (!(e & PT_DESC_VALID))
            return rcOk;
        if (is_leaf(e, level)) {
            if ((addr & (entry_size(level) - 1)) == 0)
                return rcOk;
            rc_t rc = split_block(pt, t, idx, level, addr);
            if (rc != rcOk)
                return rc;
            e = t[idx];
        }
        tpa = e & PT_DESC_OA_MASK;
    }
    return rcOk;
}

static rc_t split_ends(struct pt *pt, uint64_t va, uint64_t last)
{
    rc_t rc = split_at(pt, va);
    if (rc == rcOk && last != UINT64_MAX)
        rc = split_at(pt, last + 1);
    return rc;
}

static bool table_empty(const struct pt *pt, uint64_t tpa)
{
    const uint64_t *t = table_of(pt, tpa);
    for (unsigned i = 0; i < ENTRIES; i++)
        if (t[i] & PT_DESC_VALID)
            return false;
    return true;
}

/* Clears the leaves in [a, last] (blocks straddling its ends were split before) and frees tables
 * left empty. */
static void clear_range(struct pt *pt, uint64_t tpa, int level, uint64_t a, uint64_t last)
{
    uint64_t *t = table_of(pt, tpa);
    for (;;) {
        uint64_t clast = chunk_last(a, last, level);
        unsigned idx = index_of(a, level);
        uint64_t e = t[idx];
        if (is_table(e, level)) {
            uint64_t cpa = e & PT_DESC_OA_MASK;
            clear_range(pt, cpa, level + 1, a, clast);
            if (table_empty(pt, cpa)) {
                uint64_t base = a & ~(entry_size(level) - 1);
                set_entry(&t[idx], 0);
                tlb_inval(pt, base, entry_size(level)); /* walk caches may still point at it */
                drop_table(pt, cpa);
            }
        } else if ((e & PT_DESC_VALID) && covers_entry(a, clast, level)) {
            set_entry(&t[idx], 0);
        }
        if (clast == last)
            return;
        a = clast + 1;
    }
}

static void rewrite_perms(struct pt *pt, uint64_t tpa, int level, uint64_t a, uint64_t last, uint64_t bits)
{
    uint64_t *t = table_of(pt, tpa);
    for (;;) {
        uint64_t clast = chunk_last(a, last, level);
        unsigned idx = index_of(a, level);
        uint64_t e = t[idx];
        if (is_table(e, level))
            rewrite_perms(pt, e & PT_DESC_OA_MASK, level + 1, a, clast, bits);
        else if ((e & PT_DESC_VALID) && covers_entry(a, clast, level))
            set_entry(&t[idx], (e & (PT_DESC_OA_MASK | 3)) | bits);
        if (clast == last)
            return;
        a = clast + 1;
    }
}

/* Installs one leaf of `level` for va -> pa, creating intermediate tables. */
static rc_t install(struct pt *pt, uint64_t va, uint64_t pa, int level, uint64_t bits)
{
    uint64_t tpa = pt->root_pa;
    for (int l = 1; l < level; l++) {
        uint64_t *t = table_of(pt, tpa);
        unsigned idx = index_of(va, l);
        if (!(t[idx] & PT_DESC_VALID)) {
            uint64_t cpa;
            rc_t rc = new_table(pt, &cpa);
            if (rc != rcOk)
                return rc;
            set_entry(&t[idx], cpa | 3);
        }
        tpa = t[idx] & PT_DESC_OA_MASK;
    }
    uint64_t *t = table_of(pt, tpa);
    set_entry(&t[index_of(va, level)], pa | bits | (level == 3 ? 3 : 1));
    return rcOk;
}

rc_t pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs)
{
    uint64_t bits;
    rc_t rc = check_range(pt, va, size);
    if (rc == rcOk && ((pa & (PT_PAGE_SIZE - 1)) || pa >= PT_PA_LIMIT || size > PT_PA_LIMIT - pa))
        rc = rcInvalidArgument;
    if (rc == rcOk)
        rc = pt_attr_bits(attrs, pt->half, &bits);
    if (rc != rcOk)
        return rc;
    uint64_t last = va + size - 1;
    if (scan(pt, pt->root_pa, 1, va, last, true))
        return rcAlreadyExists;
    uint64_t done = 0;
    while (done < size) {
        uint64_t v = va + done, p = pa + done, left = size - done;
        int level = 3;
        if (!(attrs & PT_PAGES)) {
            if (((v | p) & (PT_L1_BLOCK - 1)) == 0 && left >= PT_L1_BLOCK)
                level = 1;
            else if (((v | p) & (PT_L2_BLOCK - 1)) == 0 && left >= PT_L2_BLOCK)
                level = 2;
        }
        rc = install(pt, v, p, level, bits);
        if (rc != rcOk) {
            if (done) {
                clear_range(pt, pt->root_pa, 1, va, va + done - 1);
                tlb_inval(pt, va, done);
            }
            clear_range(pt, pt->root_pa, 1, v, v); /* tables made for the failed piece */
            return rc;
        }
        done += entry_size(level);
    }
    return rcOk;
}

rc_t pt_unmap(struct pt *pt, uint64_t va, uint64_t size)
{
    rc_t rc = check_range(pt, va, size);
    if (rc != rcOk)
        return rc;
    uint64_t last = va + size - 1;
    if (!scan(pt, pt->root_pa, 1, va, last, true))
        return rcOk;
    rc = split_ends(pt, va, last);
    if (rc != rcOk)
        return rc;
    clear_range(pt, pt->root_pa, 1, va, last);
    tlb_inval(pt, va, size);
    return rcOk;
}

rc_t pt_protect(struct pt *pt, uint64_t va, uint64_t size, unsigned attrs)
{
    uint64_t bits;
    rc_t rc = check_range(pt, va, size);
    if (rc == rcOk)
        rc = pt_attr_bits(attrs & ~PT_PAGES, pt->half, &bits);
    if (rc != rcOk)
        return rc;
    uint64_t last = va + size - 1;
    if (!scan(pt, pt->root_pa, 1, va, last, false))
        return rcResourceNotFound;
    /* Memory type, privilege level and ASID tagging stay: changing them needs break-before-make. */
    const unsigned fixed = PT_USER | PT_DEVICE | PT_GLOBAL;
    for (uint64_t a = va;;) {
        unsigned cur;
        uint64_t pa_unused;
        pt_lookup(pt, a, &pa_unused, &cur);
        if ((cur & fixed) != (attrs & fixed))
            return rcInvalidArgument;
        /* Step to the next leaf: one lookup per leaf is enough, since a leaf has one attribute set. */
        uint64_t step = PT_PAGE_SIZE;
        uint64_t tpa = pt->root_pa;
        for (int level = 1; level <= 3; level++) {
            uint64_t e = table_of(pt, tpa)[index_of(a, level)];
            if (is_leaf(e, level)) {
                step = entry_size(level) - (a & (entry_size(level) - 1));
                break;
            }
            tpa = e & PT_DESC_OA_MASK;
        }
        if (last - a < step)
            break;
        a += step;
    }
    rc = split_ends(pt, va, last);
    if (rc != rcOk)
        return rc;
    rewrite_perms(pt, pt->root_pa, 1, va, last, bits);
    tlb_inval(pt, va, size);
    return rcOk;
}

rc_t pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, unsigned *attrs)
{
    if (pt->half == PT_HALF_USER ? va >= PT_USER_TOP : va < PT_KERNEL_BASE)
        return rcResourceNotFound;
    uint64_t tpa = pt->root_pa;
    for (int level = 1; level <= 3; level++) {
        uint64_t e = table_of(pt, tpa)[index_of(va, level)];
        if (!(e & PT_DESC_VALID))
            return rcResourceNotFound;
        if (is_leaf(e, level)) {
            uint64_t mask = entry_size(level) - 1;
            if (pa)
                *pa = (e & PT_DESC_OA_MASK & ~mask) | (va & mask);
            if (attrs)
                *attrs = attrs_of(e);
            return rcOk;
        }
        tpa = e & PT_DESC_OA_MASK;
    }
    return rcResourceNotFound; /* not reached: an L3 valid entry is always a leaf */
}

static void free_tables(struct pt *pt, uint64_t tpa, int level)
{
    if (level < 3) {
        uint64_t *t = table_of(pt, tpa);
        for (unsigned i = 0; i < ENTRIES; i++)
            if (is_table(t[i], level))
                free_tables(pt, t[i] & PT_DESC_OA_MASK, level + 1);
    }
    drop_table(pt, tpa);
}

void pt_destroy(struct pt *pt)
{
    if (pt->tables)
        free_tables(pt, pt->root_pa, 1);
    pt->root_pa = 0;
}
