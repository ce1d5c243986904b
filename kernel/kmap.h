/* The kernel's mapping region: a window of kernel virtual addresses, apart from the linear map, for
 * kernel stacks with an unmapped guard page below each and for single-frame mappings whose permissions
 * can change. Exhaustion of the window or of table pages returns rcOutOfMemory. */
#ifndef KERNEL_KMAP_H
#define KERNEL_KMAP_H

#include <stdint.h>
#include <vigil/rc.h>

#define KMAP_RO 1
#define KMAP_RW 2

rc_t kmap_map_frame(uint64_t pa, int prot, void **va);
rc_t kmap_protect(void *va, int prot);
/* rcInvalidArgument when va is not a live kmap mapping. */
rc_t kmap_unmap(void *va);

/* A kernel stack of `pages` frames with an unmapped guard page below; *top is its initial SP. */
rc_t kstack_alloc(unsigned pages, uint64_t *top);
rc_t kstack_free(uint64_t top, unsigned pages);

#endif
