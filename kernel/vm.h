/* A process's user memory: a sorted list of mapped regions (adjacent regions with the same protection
 * merge) over an architecture address space, each page backed by one zeroed frame. All frames count
 * against the process's quota. Ranges are page-aligned; errors leave everything unchanged. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stdint.h>
#include <stdbool.h>
#include <vigil/rc.h>

#define VM_MAX_REGIONS (4096 / sizeof(struct vm_region)) /* one frame of region records */
#define VM_PAGE 4096ull

struct vm_region {
    uint64_t va, size;
    unsigned prot;
    unsigned device;       /* vm_map_device's: a device's registers or a DMA buffer, owned by kernel/io.c */
};

struct vm {
    struct aspace *as;
    struct vm_region *region;  /* VM_MAX_REGIONS entries in a frame of their own */
    unsigned count;
    uint64_t frames;       /* frames mapped now */
    uint64_t quota_frames; /* the most it may map */
    uint32_t narrowed;     /* counts unmaps and protects: a range found accessible stays so until it changes */
};

rc_t vm_init(struct vm *vm, uint64_t quota_frames);
void vm_destroy(struct vm *vm); /* frees every frame, table and the ASID */

/* Maps fresh zeroed frames at [va, va+size). rcInvalidArgument: unaligned, empty, outside user space,
 * bad prot (W|X, none); rcAlreadyExists: overlaps a region; rcQuotaExceeded; rcOutOfMemory. */
rc_t vm_map_anon(struct vm *vm, uint64_t va, uint64_t size, unsigned prot);
/* Finds a free range of size bytes at or above `from` below `below` with `guard` unmapped bytes below
 * it that no region occupies; rcOutOfMemory when none. */
rc_t vm_find_free(const struct vm *vm, uint64_t from, uint64_t below, uint64_t size, uint64_t guard,
                  uint64_t *va);
/* [va, va+size) must be mapped entirely (rcResourceNotFound otherwise). */
rc_t vm_unmap(struct vm *vm, uint64_t va, uint64_t size);
rc_t vm_protect(struct vm *vm, uint64_t va, uint64_t size, unsigned prot);
/* True when every byte of [va, va+n) is mapped with every bit of prot (n == 0: always). IPC checks the
 * receiver's buffers with it before the policy decides, so that a decided message cannot fail to be
 * delivered. */
bool vm_range_allows(const struct vm *vm, uint64_t va, uint64_t n, unsigned prot);
/* A device's registers (normal false: Device-nGnRE) or a DMA buffer's frames (normal true: normal
 * memory) at [va, va+size) -> [pa, pa+size), for kernel/io.c, which owns them: not charged to the
 * quota and never freed here. prot READ or READ|WRITE. Errors as vm_map_anon's. vm_unmap and
 * vm_protect refuse (rcInvalidOperation) a range that touches such a mapping, and vm_range_allows is
 * false on it (IPC buffers never lie in device memory): only vm_unmap_device removes it. */
rc_t vm_map_device(struct vm *vm, uint64_t va, uint64_t pa, uint64_t size, unsigned prot, bool normal);
/* Removes the device mapping that starts at va with this size (rcResourceNotFound: none). */
rc_t vm_unmap_device(struct vm *vm, uint64_t va, uint64_t size);
/* Copies into the space's frames directly (used while loading a program, before it runs). */
rc_t vm_write(struct vm *vm, uint64_t va, const void *src, uint64_t n);

#endif
