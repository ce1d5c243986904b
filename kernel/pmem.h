/* Physical frame allocator: 4 KiB frames over the usable ranges of a memmap, one bit per frame
 * (1 = allocated) in metadata memory the caller provides (the kernel carves it from usable RAM with
 * memmap_take before calling pmem_init). One allocator for the whole machine: callers serialise.
 * Frames are not zeroed. Every error leaves the allocator unchanged. */
#ifndef VIGIL_KERNEL_PMEM_H
#define VIGIL_KERNEL_PMEM_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>
#include "kernel/memmap.h"

#define PMEM_FRAME_SIZE 4096u

/* Bytes of metadata pmem_init needs for `usable` (a multiple of 8). */
size_t pmem_meta_size(const struct memmap *usable);

/* Starts over with every frame of `usable` free. meta must be 8-byte aligned and at least
 * pmem_meta_size(usable) bytes (rcInvalidArgument otherwise, and for ranges that are not
 * page-aligned); it must not lie in `usable` (the caller's duty: meta is a VA, usable holds PAs). */
rc_t pmem_init(const struct memmap *usable, void *meta, size_t meta_size);

/* One frame; rcOutOfMemory when none is free. */
rc_t pmem_alloc(uint64_t *pa);

/* nframes physically contiguous frames whose first address is a multiple of align (a power of two,
 * 0 or <= 4096 meaning page alignment). rcInvalidArgument for nframes == 0 or a bad align;
 * rcOutOfMemory when no such run is free. */
rc_t pmem_alloc_contig(uint64_t nframes, uint64_t align, uint64_t *pa);

/* Frees one frame. rcInvalidArgument if pa is not page-aligned, not in usable RAM, or not allocated
 * (double free). */
rc_t pmem_free(uint64_t pa);

/* Frees nframes frames from pa, all or nothing (same errors as pmem_free for any of them). */
rc_t pmem_free_contig(uint64_t pa, uint64_t nframes);

uint64_t pmem_free_frames(void);
uint64_t pmem_total_frames(void);

#endif
