/* Usable physical memory: the DTB's RAM ranges minus every reserved range (kernel image, DTB blob,
 * /memreserve/, /reserved-memory), as a sorted list of page-aligned, non-overlapping ranges.
 * RAM ranges shrink inward to page boundaries and reserved ranges grow outward, so a partly reserved
 * page is never handed out. Fixed capacity: no allocation, overflow is an error. */
#ifndef VIGIL_KERNEL_MEMMAP_H
#define VIGIL_KERNEL_MEMMAP_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>

#define MEMMAP_PAGE_SIZE  4096u
#define MEMMAP_MAX_RANGES 32u

struct mem_range {
    uint64_t base;
    uint64_t size;
};

struct memmap {
    struct mem_range range[MEMMAP_MAX_RANGES];
    unsigned count;
};

/* out = union(ram) - union(reserved). Zero-sized entries are ignored.
 * rcInvalidArgument: a range wraps past 2^64; rcOutOfMemory: more than MEMMAP_MAX_RANGES result
 * ranges at any step (out is then empty). */
rc_t memmap_compute(struct memmap *out, const struct mem_range *ram, size_t nram,
                    const struct mem_range *reserved, size_t nreserved);

/* Removes [base, base+size) (grown to pages) from m; same errors as memmap_compute. */
rc_t memmap_remove(struct memmap *m, uint64_t base, uint64_t size);

/* Takes `size` bytes (rounded up to pages) from the start of the first range large enough and
 * returns its base in *pa. rcOutOfMemory when no range is large enough (m unchanged). */
rc_t memmap_take(struct memmap *m, uint64_t size, uint64_t *pa);

/* Total bytes in m. */
uint64_t memmap_total(const struct memmap *m);

#endif
