/* mmu.c hands the kernel table to kmap.c once it is live. */
#ifndef ARCH_AARCH64_KMAP_INTERNAL_H
#define ARCH_AARCH64_KMAP_INTERNAL_H
#include "pgtable.h"
rc_t kmap_init(struct pt *kernel_pt);
#endif
