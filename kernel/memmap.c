/* Usable-range arithmetic on half-open [start, end) intervals kept sorted and disjoint. */
#include "kernel/memmap.h"

#define PAGE_MASK ((uint64_t)MEMMAP_PAGE_SIZE - 1)

/* Ranges are stored as base/size; base + size never wraps (checked on input), so every end fits. */
static int range_end(uint64_t base, uint64_t size, uint64_t *end)
{
    if (size > UINT64_MAX - base)
        return -1;
    *end = base + size;
    return 0;
}

static void remove_at(struct memmap *m, unsigned i)
{
    for (unsigned j = i; j + 1 < m->count; j++)
        m->range[j] = m->range[j + 1];
    m->count--;
}

static rc_t insert_at(struct memmap *m, unsigned i, uint64_t start, uint64_t end)
{
    if (m->count >= MEMMAP_MAX_RANGES)
        return rcOutOfMemory;
    for (unsigned j = m->count; j > i; j--)
        m->range[j] = m->range[j - 1];
    m->range[i].base = start;
    m->range[i].size = end - start;
    m->count++;
    return rcOk;
}

/* Adds [start, end) merging with overlapping or touching ranges. */
static rc_t add_interval(struct memmap *m, uint64_t start, uint64_t end)
{
    unsigned i = 0;
    while (i < m->count && m->range[i].base + m->range[i].size < start)
        i++;
    /* Absorb every range that overlaps or touches [start, end). */
    while (i < m->count && m->range[i].base <= end) {
        uint64_t rs = m->range[i].base, re = rs + m->range[i].size;
        if (rs < start)
            start = rs;
        if (re > end)
            end = re;
        remove_at(m, i);
    }
    return insert_at(m, i, start, end);
}

static rc_t remove_interval(struct memmap *m, uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < m->count;) {
        uint64_t rs = m->range[i].base, re = rs + m->range[i].size;
        if (re <= start || rs >= end) {
            i++;
            continue;
        }
        if (rs < start && re > end) {
            /* Split: the left part stays at i, the right part goes after it. */
            if (m->count >= MEMMAP_MAX_RANGES)
                return rcOutOfMemory;
            m->range[i].size = start - rs;
            return insert_at(m, i + 1, end, re);
        }
        if (rs < start) {
            m->range[i].size = start - rs;
            i++;
        } else if (re > end) {
            m->range[i].base = end;
            m->range[i].size = re - end;
            i++;
        } else {
            remove_at(m, i);
        }
    }
    return rcOk;
}

rc_t memmap_remove(struct memmap *m, uint64_t base, uint64_t size)
{
    uint64_t end;
    if (size == 0)
        return rcOk;
    if (range_end(base, size, &end) < 0)
        return rcInvalidArgument;
    uint64_t start = base & ~PAGE_MASK;
    /* Grow the end to a page boundary; a range reaching the last page removes to the top. */
    uint64_t aligned_end = (end & PAGE_MASK) ? (end | PAGE_MASK) : end - 1;
    if (aligned_end == UINT64_MAX)
        return remove_interval(m, start, UINT64_MAX);
    return remove_interval(m, start, aligned_end + 1);
}

rc_t memmap_compute(struct memmap *out, const struct mem_range *ram, size_t nram,
                    const struct mem_range *reserved, size_t nreserved)
{
    rc_t rc = rcOk;
    out->count = 0;
    for (size_t i = 0; i < nram && rc == rcOk; i++) {
        uint64_t end;
        if (ram[i].size == 0)
            continue;
        if (range_end(ram[i].base, ram[i].size, &end) < 0) {
            rc = rcInvalidArgument;
            break;
        }
        uint64_t start = (ram[i].base + PAGE_MASK) & ~PAGE_MASK;
        if (start < ram[i].base) /* rounding up wrapped: no whole page */
            continue;
        end &= ~PAGE_MASK;
        if (start < end)
            rc = add_interval(out, start, end);
    }
    for (size_t i = 0; i < nreserved && rc == rcOk; i++)
        rc = memmap_remove(out, reserved[i].base, reserved[i].size);
    if (rc != rcOk)
        out->count = 0;
    return rc;
}

rc_t memmap_take(struct memmap *m, uint64_t size, uint64_t *pa)
{
    if (size == 0 || size > UINT64_MAX - PAGE_MASK)
        return rcInvalidArgument;
    size = (size + PAGE_MASK) & ~PAGE_MASK;
    for (unsigned i = 0; i < m->count; i++) {
        if (m->range[i].size < size)
            continue;
        *pa = m->range[i].base;
        if (m->range[i].size == size) {
            remove_at(m, i);
        } else {
            m->range[i].base += size;
            m->range[i].size -= size;
        }
        return rcOk;
    }
    return rcOutOfMemory;
}

uint64_t memmap_total(const struct memmap *m)
{
    uint64_t t = 0;
    for (unsigned i = 0; i < m->count; i++)
        t += m->range[i].size;
    return t;
}
