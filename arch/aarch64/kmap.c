/* The kmap window: KMAP_PAGES pages of kernel VA above the linear map, handed out from a bitmap.
 * A slot is a run of pages; stacks take one page more than they map (the guard). */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/kmap.h"
#include "kernel/pmem.h"
#include "kmap_internal.h"
#include "tlb.h"

#define KMAP_BASE  0xFFFFFFC000000000ull /* KERNEL_VA_BASE + 256 GiB: above any RAM of the virt board */
#define KMAP_PAGES 8192u                 /* 32 MiB of window */

static struct pt *kpt;
static uint64_t used[KMAP_PAGES / 64];
static uint64_t mapped[KMAP_PAGES / 64]; /* first page of each live single-frame mapping */

static int bit(const uint64_t *bm, unsigned i) { return (bm[i / 64] >> (i % 64)) & 1; }
static void set_bit(uint64_t *bm, unsigned i, int v)
{
    if (v)
        bm[i / 64] |= 1ull << (i % 64);
    else
        bm[i / 64] &= ~(1ull << (i % 64));
}

rc_t kmap_init(struct pt *kernel_pt)
{
    kpt = kernel_pt;
    return rcOk;
}

static rc_t window_alloc(unsigned n, unsigned *first)
{
    for (unsigned i = 0, run = 0; i < KMAP_PAGES; i++) {
        run = bit(used, i) ? 0 : run + 1;
        if (run == n) {
            *first = i + 1 - n;
            for (unsigned j = *first; j <= i; j++)
                set_bit(used, j, 1);
            return rcOk;
        }
    }
    return rcOutOfMemory;
}

static void window_free(unsigned first, unsigned n)
{
    for (unsigned j = first; j < first + n; j++)
        set_bit(used, j, 0);
}

static uint64_t slot_va(unsigned i) { return KMAP_BASE + (uint64_t)i * 4096; }

static int slot_of(const void *va, unsigned *i)
{
    uint64_t v = (uint64_t)va;
    if (v < KMAP_BASE || v >= KMAP_BASE + (uint64_t)KMAP_PAGES * 4096 || (v & 0xfff))
        return 0;
    *i = (unsigned)((v - KMAP_BASE) / 4096);
    return 1;
}

static unsigned prot_attrs(int prot)
{
    return PT_READ | PT_GLOBAL | PT_PAGES | (prot == KMAP_RW ? PT_WRITE : 0);
}

rc_t kmap_map_frame(uint64_t pa, int prot, void **va)
{
    unsigned i;
    if ((prot != KMAP_RO && prot != KMAP_RW) || (pa & 0xfff))
        return rcInvalidArgument;
    rc_t rc = window_alloc(1, &i);
    if (rc != rcOk)
        return rc;
    if ((rc = pt_map(kpt, slot_va(i), pa, 4096, prot_attrs(prot))) != rcOk) {
        window_free(i, 1);
        return rc;
    }
    tlb_publish();
    set_bit(mapped, i, 1);
    *va = (void *)slot_va(i);
    return rcOk;
}

rc_t kmap_protect(void *va, int prot)
{
    unsigned i;
    if (!slot_of(va, &i) || !bit(mapped, i) || (prot != KMAP_RO && prot != KMAP_RW))
        return rcInvalidArgument;
    return pt_protect(kpt, (uint64_t)va, 4096, prot_attrs(prot) & ~PT_PAGES);
}

rc_t kmap_unmap(void *va)
{
    unsigned i;
    if (!slot_of(va, &i) || !bit(mapped, i))
        return rcInvalidArgument;
    rc_t rc = pt_unmap(kpt, (uint64_t)va, 4096);
    if (rc != rcOk)
        return rc;
    set_bit(mapped, i, 0);
    window_free(i, 1);
    return rcOk;
}

rc_t kstack_alloc(unsigned pages, uint64_t *top)
{
    unsigned first;
    uint64_t pa;
    if (pages == 0 || pages > 64)
        return rcInvalidArgument;
    rc_t rc = window_alloc(pages + 1, &first);
    if (rc != rcOk)
        return rc;
    if ((rc = pmem_alloc_contig(pages, 0, &pa)) != rcOk) {
        window_free(first, pages + 1);
        return rc;
    }
    /* Page `first` stays unmapped: the guard. */
    if ((rc = pt_map(kpt, slot_va(first + 1), pa, (uint64_t)pages * 4096, PT_READ | PT_WRITE | PT_GLOBAL | PT_PAGES)) != rcOk) {
        pmem_free_contig(pa, pages);
        window_free(first, pages + 1);
        return rc;
    }
    tlb_publish();
    *top = slot_va(first + 1 + pages);
    return rcOk;
}

rc_t kstack_free(uint64_t top, unsigned pages)
{
    unsigned end;
    uint64_t pa;
    if (pages == 0 || !slot_of((void *)top, &end) || end < pages + 1)
        return rcInvalidArgument;
    uint64_t base = top - (uint64_t)pages * 4096;
    if (pt_lookup(kpt, base, &pa, 0) != rcOk)
        return rcInvalidArgument;
    rc_t rc = pt_unmap(kpt, base, (uint64_t)pages * 4096);
    if (rc != rcOk)
        return rc;
    pmem_free_contig(pa, pages);
    window_free(end - pages - 1, pages + 1);
    return rcOk;
}
