/* TLB maintenance for pgtable.h users (AArch64 only; kept out of the host-tested pgtable.c).
 * tlb_publish: after installing descriptors, before using them.
 * tlb_inval: the pt_ops.tlb_inval the kernel passes; invalidates [va, va+size) for the table's ASID
 * (user half) or for every ASID (kernel half), falling back to a whole-ASID/all flush for big ranges. */
#ifndef VIGIL_ARCH_TLB_H
#define VIGIL_ARCH_TLB_H

#include <stdint.h>
#include "arch/aarch64/pgtable.h"

#define TLB_RANGE_PAGES_MAX 64u

static inline void tlb_publish(void)
{
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
}

static inline void tlb_inval_all(void)
{
    __asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

static inline void tlb_inval_asid(uint16_t asid)
{
    __asm__ volatile("dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish\n\tisb" ::"r"((uint64_t)asid << 48) : "memory");
}

static inline void tlb_inval_range(uint16_t asid, int all_asids, uint64_t va, uint64_t size)
{
    uint64_t pages = (size + PT_PAGE_SIZE - 1) / PT_PAGE_SIZE;
    if (pages > TLB_RANGE_PAGES_MAX) {
        if (all_asids)
            tlb_inval_all();
        else
            tlb_inval_asid(asid);
        return;
    }
    __asm__ volatile("dsb ishst" ::: "memory");
    for (uint64_t i = 0; i < pages; i++) {
        /* The operand holds VA[55:12]; the upper bits of a TTBR1 VA are ignored there. */
        uint64_t arg = ((va >> 12) + i) & 0xfffffffffffull;
        if (all_asids)
            __asm__ volatile("tlbi vaae1is, %0" ::"r"(arg) : "memory");
        else
            __asm__ volatile("tlbi vae1is, %0" ::"r"(arg | (uint64_t)asid << 48) : "memory");
    }
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

/* Matches pt_ops.tlb_inval. */
static inline void tlb_inval(void *ctx, const struct pt *pt, uint64_t va, uint64_t size)
{
    (void)ctx;
    tlb_inval_range(pt->asid, pt->half == PT_HALF_KERNEL, va, size);
}

#endif
