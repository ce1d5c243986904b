/* Stage-1 translation tables: 4 KiB granule, 39-bit VA, three levels (L1 -> L2 -> L3). One struct pt
 * is either the kernel half (TTBR1: VA 0xffffff8000000000..top) or a user address space (TTBR0:
 * VA 0..2^39). Table pages come from a callback as PAs and are reached through phys_to_virt, so the
 * same code runs in the kernel and in host tests. pt_map uses 1 GiB / 2 MiB blocks when VA, PA and
 * size allow it (unless PT_PAGES); unmap and protect split blocks as needed.
 *
 * Attributes -> descriptor bits, with MAIR_EL1 = PT_MAIR (attr0 Device-nGnRnE, attr1 Normal WB,
 * attr2 Device-nGnRE): Normal = AttrIndx 1 + inner shareable, PT_DEVICE = AttrIndx 2; AF=1 always;
 * nG=1 unless PT_GLOBAL; AP from PT_WRITE/PT_USER. W^X: PT_WRITE|PT_EXEC is refused. Kernel mappings
 * are always UXN (and PXN unless PT_EXEC); user mappings always PXN (and UXN unless PT_EXEC).
 *
 * TLB: a call that changes or removes live descriptors calls ops->tlb_inval for the affected VA range
 * before it returns (and between the two steps of a break-before-make block split). Installing new
 * descriptors needs no invalidation, but the caller must publish them (dsb ishst; isb: tlb.h's
 * tlb_publish) before relying on them. Callers serialise calls on one pt. */
#ifndef VIGIL_ARCH_PGTABLE_H
#define VIGIL_ARCH_PGTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>

#define PT_READ   0x01u
#define PT_WRITE  0x02u
#define PT_EXEC   0x04u
#define PT_USER   0x08u   /* EL0 accessible; only in a user (TTBR0) table */
#define PT_DEVICE 0x10u   /* Device-nGnRE; never executable */
#define PT_GLOBAL 0x20u   /* nG=0: not tagged with an ASID (kernel mappings); not with PT_USER */
#define PT_PAGES  0x40u   /* pt_map only: 4 KiB pages even where a block would fit */

#define PT_PAGE_SIZE   0x1000ull
#define PT_L2_BLOCK    0x200000ull
#define PT_L1_BLOCK    0x40000000ull
#define PT_VA_BITS     39
#define PT_USER_TOP    (1ull << PT_VA_BITS)
#define PT_KERNEL_BASE (~0ull << PT_VA_BITS)   /* 0xffffff8000000000 */
#define PT_MAIR        0x04ff00ull
#define PT_PA_LIMIT    (1ull << 48)

/* Descriptor bits (exposed for early boot code and tests). */
#define PT_DESC_VALID    (1ull << 0)
#define PT_DESC_TABLE    (1ull << 1)    /* L1/L2: next-level table; L3: must be set (page) */
#define PT_DESC_ATTRIDX(n) ((uint64_t)(n) << 2)
#define PT_DESC_AP_EL0   (1ull << 6)
#define PT_DESC_AP_RO    (1ull << 7)
#define PT_DESC_SH_INNER (3ull << 8)
#define PT_DESC_AF       (1ull << 10)
#define PT_DESC_NG       (1ull << 11)
#define PT_DESC_PXN      (1ull << 53)
#define PT_DESC_UXN      (1ull << 54)
#define PT_DESC_OA_MASK  0x0000fffffffff000ull

enum pt_half { PT_HALF_USER, PT_HALF_KERNEL };

struct pt;

struct pt_ops {
    rc_t (*alloc_table)(void *ctx, uint64_t *pa);       /* one 4 KiB page; rcOutOfMemory when none */
    void (*free_table)(void *ctx, uint64_t pa);
    void *(*phys_to_virt)(void *ctx, uint64_t pa);
    void (*tlb_inval)(void *ctx, const struct pt *pt, uint64_t va, uint64_t size);
    void *ctx;
};

struct pt {
    uint64_t root_pa;        /* for TTBRx_EL1 (with asid << 48 for a user table) */
    enum pt_half half;
    uint16_t asid;
    size_t tables;           /* table pages held, the root included */
    const struct pt_ops *ops;
};

/* The kernel's tables, user and kernel alike: pages from pmem, reached through the linear map (mmu.c). */
extern const struct pt_ops pt_pmem_ops;

/* Allocates the root table. rcOutOfMemory if the callback fails. */
rc_t pt_init(struct pt *pt, enum pt_half half, uint16_t asid, const struct pt_ops *ops);

/* Descriptor attribute bits for attrs (without the valid/type bits or the address);
 * rcInvalidArgument for a combination this module refuses (see above). */
rc_t pt_attr_bits(unsigned attrs, enum pt_half half, uint64_t *bits);

/* Maps [va, va+size) to [pa, pa+size). va, pa and size page-aligned, size > 0, the range inside the
 * table's half, pa + size <= 2^48: else rcInvalidArgument. rcAlreadyExists if any page of the range
 * is mapped; rcOutOfMemory if a table page cannot be had. On error nothing of the range is mapped. */
rc_t pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs);

/* Removes every mapping in [va, va+size) (holes are fine) and frees table pages that become empty.
 * rcOutOfMemory only when a block straddling an end of the range cannot be split; then nothing is
 * unmapped. */
rc_t pt_unmap(struct pt *pt, uint64_t va, uint64_t size);

/* Changes R/W/X of [va, va+size), which must be entirely mapped (rcResourceNotFound) with the same
 * PT_USER, PT_DEVICE and PT_GLOBAL as attrs (rcInvalidArgument). rcOutOfMemory from a needed split
 * leaves the permissions unchanged. */
rc_t pt_protect(struct pt *pt, uint64_t va, uint64_t size, unsigned attrs);

/* Translates va. rcResourceNotFound when unmapped. pa and attrs may be NULL. */
rc_t pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, unsigned *attrs);

/* Frees every table page (not the mapped memory). No TLB maintenance: the caller retires the ASID. */
void pt_destroy(struct pt *pt);

#endif
