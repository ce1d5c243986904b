/* Entry from QEMU's loader (MMU off, at the physical load address, EL1 or EL2).
 * x0 = DTB address under the Linux Image protocol, 0 when loaded as an ELF (then the DTB sits at the start
 * of RAM, below the image: see early_find_dtb). From EL2 we configure the hypervisor controls so that EL1
 * owns the timer, FP/SIMD, the PMU and the GICv3 system registers, then drop to EL1. */
#include "asm.h"

    .section .text.boot, "ax"
    .global _start
_start:
    mov     x19, x0                     /* DTB pointer from the loader (may be 0) */
    mrs     x20, CurrentEL
    lsr     x20, x20, #2                /* x20 = entered EL, kept for the banner */
    cmp     x20, #2
    b.ne    1f

    /* --- EL2: prepare EL1 and drop --- */
    mov     x0, #(1 << 31)              /* HCR_EL2.RW: EL1 is AArch64; nothing trapped to EL2 */
    msr     hcr_el2, x0
    mov     x0, #3                      /* CNTHCTL_EL2.EL1PCTEN|EL1PCEN: EL1 may use the physical timer */
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    mov     x0, #0x33ff                 /* CPTR_EL2: RES1 bits, TFP=0 so FP/SIMD is not trapped */
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    mrs     x0, pmcr_el0                /* MDCR_EL2.HPMN = PMCR_EL0.N: EL1/EL0 see every counter */
    ubfx    x0, x0, #11, #5
    msr     mdcr_el2, x0
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    mrs     x0, id_aa64pfr0_el1         /* GICv3 system register interface implemented? */
    ubfx    x0, x0, #24, #4
    cbz     x0, 2f
    mov     x0, #0xf                    /* ICC_SRE_EL2: SRE|DFB|DIB|Enable: EL1 may use ICC_* */
    msr     S3_4_C12_C9_5, x0
    isb
2:  msr     vttbr_el2, xzr
    ldr     x0, =0x30d00800             /* SCTLR_EL1 RES1 bits, MMU off */
    msr     sctlr_el1, x0
    mov     x0, #0x3c5                  /* SPSR_EL2: EL1h, DAIF masked */
    msr     spsr_el2, x0
    adr     x0, 1f
    msr     elr_el2, x0
    eret

1:  /* --- EL1, MMU off: running at the physical address --- */
    msr     daifset, #0xf
    adrp    x0, _boot_stack_top
    add     x0, x0, :lo12:_boot_stack_top
    mov     sp, x0
    /* Zero .bss (the early page tables live there). */
    adrp    x0, _bss_start
    add     x0, x0, :lo12:_bss_start
    adrp    x1, _bss_end
    add     x1, x1, :lo12:_bss_end
3:  cmp     x0, x1
    b.hs    4f
    str     xzr, [x0], #8
    b       3b
4:  mov     x0, x19
    bl      early_find_dtb              /* x0 = DTB physical address or 0 */
    mov     x19, x0
    bl      early_build_tables          /* x0 = DTB: fills early_l1_ident / early_l1_kernel */

    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el1, x0
    adrp    x0, early_l1_ident
    msr     ttbr0_el1, x0
    adrp    x0, early_l1_kernel
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     ish
    isb
    mrs     x0, sctlr_el1
    orr     x0, x0, #(1 << 0)           /* M */
    orr     x0, x0, #(1 << 2)           /* C */
    orr     x0, x0, #(1 << 12)          /* I */
    orr     x0, x0, #(1 << 3)           /* SA: SP alignment checking at EL1 */
    msr     sctlr_el1, x0
    isb
    ldr     x9, =high_entry
    br      x9

high_entry:
    /* Now at the kernel's virtual address. */
    ldr     x0, =_boot_stack_top
    mov     sp, x0
    mov     x29, xzr
    mov     x30, xzr
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    mov     x0, x19                     /* DTB physical address */
    mov     x1, x20                     /* entered EL */
    bl      kmain
5:  wfi
    b       5b
