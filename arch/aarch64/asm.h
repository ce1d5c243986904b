/* Constants shared by assembly and C in arch/aarch64. */
#ifndef ARCH_AARCH64_ASM_H
#define ARCH_AARCH64_ASM_H

/* MAIR: attr0 Device-nGnRnE, attr1 Normal write-back RA/WA, attr2 Device-nGnRE (pgtable.h indexes). */
#define MAIR_VALUE 0x04ff00
/* TCR: T0SZ=T1SZ=25 (39-bit VA), TG0=4K, TG1=4K, WBWA inner/outer, inner shareable, IPS=40 bits,
 * AS=1 (16-bit ASID), ASID taken from TTBR0. */
#define TCR_VALUE 0x12b5193519
#define TCR_EPD0  (1 << 7)

#endif
