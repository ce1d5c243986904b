/* A user address space (aspace.c owns it): its page table and the TTBR0_EL1 value that selects it
 * (root table and ASID, fixed for its life), read by the fastpath's inline switch (fast_inline.h). */
#ifndef ARCH_AARCH64_ASPACE_H
#define ARCH_AARCH64_ASPACE_H

#include <stdint.h>
#include "pgtable.h"

struct aspace {
    uint64_t ttbr0;
    struct pt pt;
};

#endif
