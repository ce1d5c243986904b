/* Bitmap frame allocator. Bits past the end of a region are kept set so word scans never hand them
 * out; they are not counted as allocated frames. */
#include <stdbool.h>
#include "kernel/pmem.h"

#define FRAME_SHIFT 12
#define WORD_BITS   64u

struct region {
    uint64_t base;    /* PA of frame 0 */
    uint64_t frames;
    uint64_t *bits;   /* ceil(frames / 64) words */
    uint64_t free;
    uint64_t hint;    /* word index where the last single-frame search stopped */
};

static struct region regions[MEMMAP_MAX_RANGES];
static unsigned nregions;
static uint64_t free_frames, total_frames;

static uint64_t words_for(uint64_t frames) { return (frames + WORD_BITS - 1) / WORD_BITS; }

static bool bit_test(const struct region *r, uint64_t i)
{
    return (r->bits[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}
static void bit_set(struct region *r, uint64_t i) { r->bits[i / WORD_BITS] |= 1ull << (i % WORD_BITS); }
static void bit_clear(struct region *r, uint64_t i) { r->bits[i / WORD_BITS] &= ~(1ull << (i % WORD_BITS)); }

size_t pmem_meta_size(const struct memmap *usable)
{
    size_t words = 0;
    for (unsigned i = 0; i < usable->count; i++)
        words += words_for(usable->range[i].size >> FRAME_SHIFT);
    return words * sizeof(uint64_t);
}

rc_t pmem_init(const struct memmap *usable, void *meta, size_t meta_size)
{
    uintptr_t m = (uintptr_t)meta;
    if (m % sizeof(uint64_t) != 0 || meta_size < pmem_meta_size(usable) ||
        usable->count > MEMMAP_MAX_RANGES)
        return rcInvalidArgument;
    for (unsigned i = 0; i < usable->count; i++) {
        const struct mem_range *r = &usable->range[i];
        if ((r->base | r->size) & (PMEM_FRAME_SIZE - 1) || r->size == 0)
            return rcInvalidArgument;
    }
    uint64_t *words = meta;
    nregions = 0;
    free_frames = total_frames = 0;
    for (unsigned i = 0; i < usable->count; i++) {
        struct region *r = &regions[nregions++];
        r->base = usable->range[i].base;
        r->frames = usable->range[i].size >> FRAME_SHIFT;
        r->bits = words;
        r->free = r->frames;
        r->hint = 0;
        uint64_t n = words_for(r->frames);
        for (uint64_t w = 0; w < n; w++)
            words[w] = 0;
        for (uint64_t f = r->frames; f < n * WORD_BITS; f++)
            bit_set(r, f);
        words += n;
        free_frames += r->frames;
    }
    total_frames = free_frames;
    return rcOk;
}

static void take(struct region *r, uint64_t first, uint64_t n)
{
    for (uint64_t i = first; i < first + n; i++)
        bit_set(r, i);
    r->free -= n;
    free_frames -= n;
}

rc_t pmem_alloc(uint64_t *pa)
{
    for (unsigned ri = 0; ri < nregions; ri++) {
        struct region *r = &regions[ri];
        if (r->free == 0)
            continue;
        uint64_t n = words_for(r->frames);
        for (uint64_t k = 0; k < n; k++) {
            uint64_t w = (r->hint + k) % n;
            if (r->bits[w] == ~0ull)
                continue;
            uint64_t i = w * WORD_BITS + (uint64_t)__builtin_ctzll(~r->bits[w]);
            take(r, i, 1);
            r->hint = w;
            *pa = r->base + (i << FRAME_SHIFT);
            return rcOk;
        }
    }
    return rcOutOfMemory;
}

/* First index >= from whose frame address is a multiple of align. */
static uint64_t next_aligned(const struct region *r, uint64_t from, uint64_t align)
{
    uint64_t pa = r->base + (from << FRAME_SHIFT);
    uint64_t up = (pa + align - 1) & ~(align - 1);
    if (up < pa)
        return UINT64_MAX; /* wrapped past the top */
    return (up - r->base) >> FRAME_SHIFT;
}

rc_t pmem_alloc_contig(uint64_t nframes, uint64_t align, uint64_t *pa)
{
    if (nframes == 0 || (align & (align - 1)) != 0)
        return rcInvalidArgument;
    if (align < PMEM_FRAME_SIZE)
        align = PMEM_FRAME_SIZE;
    for (unsigned ri = 0; ri < nregions; ri++) {
        struct region *r = &regions[ri];
        if (r->free < nframes)
            continue;
        uint64_t start = next_aligned(r, 0, align);
        while (start < r->frames && r->frames - start >= nframes) {
            uint64_t i = start;
            while (i < start + nframes && !bit_test(r, i))
                i++;
            if (i == start + nframes) {
                take(r, start, nframes);
                *pa = r->base + (start << FRAME_SHIFT);
                return rcOk;
            }
            /* Frame i is taken: no run can include it, so restart after it. */
            while (i + 1 < r->frames && (i + 1) % WORD_BITS == 0 && r->bits[(i + 1) / WORD_BITS] == ~0ull)
                i += WORD_BITS;
            start = next_aligned(r, i + 1, align);
        }
    }
    return rcOutOfMemory;
}

static struct region *region_of(uint64_t pa, uint64_t *index)
{
    if (pa & (PMEM_FRAME_SIZE - 1))
        return NULL;
    for (unsigned ri = 0; ri < nregions; ri++) {
        struct region *r = &regions[ri];
        if (pa >= r->base && ((pa - r->base) >> FRAME_SHIFT) < r->frames) {
            *index = (pa - r->base) >> FRAME_SHIFT;
            return r;
        }
    }
    return NULL;
}

rc_t pmem_free_contig(uint64_t pa, uint64_t nframes)
{
    uint64_t first;
    struct region *r = region_of(pa, &first);
    if (r == NULL || nframes == 0 || nframes > r->frames - first)
        return rcInvalidArgument;
    for (uint64_t i = first; i < first + nframes; i++)
        if (!bit_test(r, i))
            return rcInvalidArgument;
    for (uint64_t i = first; i < first + nframes; i++)
        bit_clear(r, i);
    r->free += nframes;
    free_frames += nframes;
    return rcOk;
}

rc_t pmem_free(uint64_t pa) { return pmem_free_contig(pa, 1); }

uint64_t pmem_free_frames(void) { return free_frames; }
uint64_t pmem_total_frames(void) { return total_frames; }
