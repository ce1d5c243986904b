/* Physical memory bring-up: usable RAM = the DTB's memory minus the kernel image, the DTB and the
 * reserved ranges; the frame allocator's bitmap is carved from the start of usable RAM. */
#include <stdint.h>
#include "mem.h"
#include "arch.h"
#include "memmap.h"
#include "pmem.h"
#include "platform.h"
#include "panic.h"
#include "console.h"

extern char _kernel_start[], _kernel_end[];

static struct memmap usable;

rc_t mem_init(const struct platform *plat, uint64_t dtb_pa, uint64_t dtb_size)
{
    struct mem_range reserved[PLATFORM_MAX_RESERVED + 2];
    size_t n = 0;
    reserved[n++] = (struct mem_range){virt_to_phys(_kernel_start), (uint64_t)(_kernel_end - _kernel_start)};
    reserved[n++] = (struct mem_range){dtb_pa, dtb_size};
    for (unsigned i = 0; i < plat->reserved_count; i++)
        reserved[n++] = plat->reserved[i];

    rc_t rc = memmap_compute(&usable, plat->mem, plat->mem_count, reserved, n);
    if (rc != rcOk)
        return rc;
    size_t meta_size = pmem_meta_size(&usable);
    uint64_t meta_pa;
    if ((rc = memmap_take(&usable, meta_size, &meta_pa)) != rcOk)
        return rc;
    size_t meta_size_after = pmem_meta_size(&usable); /* never larger: the set only shrank */
    return pmem_init(&usable, phys_to_virt(meta_pa), meta_size_after);
}

