/* User address spaces: a TTBR0 table per space with its own ASID. ASIDs are never reused while a
 * space lives; a destroyed space's ASID is invalidated (TLBI ASIDE1) before it is handed out again. */
#include <stdint.h>
#include <vigil/core.h>
#include "kernel/arch.h"
#include "kernel/kcache.h"
#include "kernel/kheap.h"
#include "kernel/pmem.h"
#include "kernel/string.h"
#include "aspace.h"
#include "pgtable.h"
#include "sysreg.h"
#include "asm.h"
#include "tlb.h"

#define ASID_COUNT 65536u
#define ASPACE_MAX 1024u


static uint64_t asid_used[ASID_COUNT / 64];
struct aspace *arch_aspace_active; /* the space TTBR0 holds now (NULL: none); kernel/arch.h */
static uint16_t asid_next = 1;
static struct kcache aspace_cache;
static int cache_ready;

static int asid_alloc(uint16_t *out)
{
    for (unsigned n = 0; n < ASID_COUNT; n++) {
        uint16_t a = asid_next++;
        if (asid_next == 0)
            asid_next = 1; /* ASID 0 is never given out: it tags nothing */
        if (a == 0 || (asid_used[a / 64] >> (a % 64)) & 1)
            continue;
        asid_used[a / 64] |= 1ull << (a % 64);
        *out = a;
        return 1;
    }
    return 0;
}

static unsigned prot_attrs(unsigned prot)
{
    unsigned a = PT_USER | PT_PAGES;
    if (prot & VG_PROT_READ)
        a |= PT_READ;
    if (prot & VG_PROT_WRITE)
        a |= PT_WRITE | PT_READ;
    if (prot & VG_PROT_EXEC)
        a |= PT_EXEC | PT_READ;
    return a;
}

rc_t arch_aspace_create(struct aspace **out)
{
    if (!cache_ready) {
        rc_t rc = kcache_init(&aspace_cache, "aspace", sizeof(struct aspace), ASPACE_MAX, &kheap_pages);
        if (rc != rcOk)
            return rc;
        cache_ready = 1;
    }
    struct aspace *as = kcache_alloc(&aspace_cache);
    if (!as)
        return rcOutOfMemory;
    uint16_t asid;
    if (!asid_alloc(&asid)) {
        kcache_free(&aspace_cache, as);
        return rcOutOfMemory;
    }
    rc_t rc = pt_init(&as->pt, PT_HALF_USER, asid, &pt_pmem_ops);
    if (rc != rcOk) {
        asid_used[asid / 64] &= ~(1ull << (asid % 64));
        kcache_free(&aspace_cache, as);
        return rc;
    }
    as->ttbr0 = as->pt.root_pa | ((uint64_t)asid << 48);
    *out = as;
    return rcOk;
}

void arch_aspace_destroy(struct aspace *as)
{
    uint16_t asid = as->pt.asid;
    if (arch_aspace_active == as)
        arch_aspace_activate(0);
    pt_destroy(&as->pt);
    tlb_inval_asid(asid);
    asid_used[asid / 64] &= ~(1ull << (asid % 64));
    kcache_free(&aspace_cache, as);
}

rc_t arch_aspace_map(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size, unsigned prot)
{
    if ((prot & VG_PROT_WRITE) && (prot & VG_PROT_EXEC))
        return rcInvalidArgument;
    if (!(prot & (VG_PROT_READ | VG_PROT_WRITE | VG_PROT_EXEC)))
        return rcInvalidArgument;
    rc_t rc = pt_map(&as->pt, va, pa, size, prot_attrs(prot));
    if (rc == rcOk)
        tlb_publish();
    return rc;
}

rc_t arch_aspace_map_device(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size, unsigned prot)
{
    if (prot != VG_PROT_READ && prot != (VG_PROT_READ | VG_PROT_WRITE))
        return rcInvalidArgument;
    unsigned attrs = PT_USER | PT_PAGES | PT_DEVICE | PT_READ | ((prot & VG_PROT_WRITE) ? PT_WRITE : 0);
    rc_t rc = pt_map(&as->pt, va, pa, size, attrs);
    if (rc == rcOk)
        tlb_publish();
    return rc;
}

rc_t arch_aspace_unmap(struct aspace *as, uint64_t va, uint64_t size)
{
    return pt_unmap(&as->pt, va, size);
}

rc_t arch_aspace_protect(struct aspace *as, uint64_t va, uint64_t size, unsigned prot)
{
    if ((prot & VG_PROT_WRITE) && (prot & VG_PROT_EXEC))
        return rcInvalidArgument;
    if (!(prot & (VG_PROT_READ | VG_PROT_WRITE | VG_PROT_EXEC)))
        return rcInvalidArgument;
    return pt_protect(&as->pt, va, size, prot_attrs(prot) & ~PT_PAGES);
}

rc_t arch_aspace_lookup(struct aspace *as, uint64_t va, uint64_t *pa, unsigned *prot)
{
    unsigned attrs;
    rc_t rc = pt_lookup(&as->pt, va, pa, &attrs);
    if (rc == rcOk && prot)
        *prot = ((attrs & PT_READ) ? VG_PROT_READ : 0) | ((attrs & PT_WRITE) ? VG_PROT_WRITE : 0) |
                ((attrs & PT_EXEC) ? VG_PROT_EXEC : 0);
    return rc;
}


void arch_aspace_switch(struct aspace *as)
{
    if (as && arch_aspace_active) { /* the common switch: only TTBR0 changes */
        write_sysreg(ttbr0_el1, as->ttbr0);
        isb();
        arch_aspace_active = as;
        return;
    }
    arch_aspace_active = as;
    if (as) {
        write_sysreg(ttbr0_el1, as->ttbr0);
        write_sysreg(tcr_el1, TCR_VALUE);
    } else {
        write_sysreg(tcr_el1, TCR_VALUE | TCR_EPD0);
        write_sysreg(ttbr0_el1, 0);
    }
    isb();
}
