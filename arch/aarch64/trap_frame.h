/* Layout of the registers saved on exception entry (vectors.S), shared by C and assembly. */
#ifndef ARCH_AARCH64_TRAP_FRAME_H
#define ARCH_AARCH64_TRAP_FRAME_H

#define TF_X30  (30 * 8)   /* x30 and sp are stored as a pair */
#define TF_SP   (31 * 8)
#define TF_ELR  (32 * 8)
#define TF_SPSR (33 * 8)
#define TF_ESR  (34 * 8)
#define TF_FAR  (35 * 8)
#define TF_SIZE (36 * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>
struct trap_frame {
    uint64_t x[31];
    uint64_t sp;     /* SP_EL0 for a trap from EL0, the interrupted SP_EL1 otherwise */
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
};
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame layout");
_Static_assert(TF_SIZE % 16 == 0, "SP stays 16-byte aligned");
#endif

#endif
