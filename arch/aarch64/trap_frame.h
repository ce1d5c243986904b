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

#ifdef __ASSEMBLER__
/* x4-x29 or x8-x29 to / x8-x29 from the frame at sp (x0-x3 and x30 are each entry's and exit's own). */
.macro frame_save_x8_x29
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
.endm
.macro frame_save_x4_x29
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    frame_save_x8_x29
.endm
.macro frame_load_x8_x29
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
.endm
#else
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
