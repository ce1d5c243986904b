#include "kheap.h"
#include "arch.h"
#include "pmem.h"

static void *kheap_get(void *ctx)
{
    (void)ctx;
    uint64_t pa;
    return pmem_alloc(&pa) == rcOk ? phys_to_virt(pa) : 0;
}

static void kheap_put(void *ctx, void *page)
{
    (void)ctx;
    pmem_free(virt_to_phys(page));
}

const struct kcache_pages kheap_pages = {kheap_get, kheap_put, 0};
