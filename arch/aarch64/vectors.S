/* The exception vector table (16 entries of 128 bytes, VBAR_EL1 2 KiB aligned). Every entry pushes a
 * struct trap_frame (arch/aarch64/trap.h) on the current SP_EL1 and calls trap_dispatch(frame, kind);
 * kind is the entry's index: 0-3 current EL with SP_EL0, 4-7 current EL with SP_ELx, 8-11 lower EL
 * AArch64, 12-15 lower EL AArch32 (each: sync, IRQ, FIQ, SError). */
#include "trap_frame.h"

.macro vector_entry kind
    .balign 128
    sub     sp, sp, #TF_SIZE
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    mov     x0, #\kind
    b       trap_common
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .global vectors
vectors:
    vector_entry 0
    vector_entry 1
    vector_entry 2
    vector_entry 3
    vector_entry 4
    vector_entry 5
    vector_entry 6
    vector_entry 7
    vector_entry 8
    vector_entry 9
    vector_entry 10
    vector_entry 11
    vector_entry 12
    vector_entry 13
    vector_entry 14
    vector_entry 15

    .text
trap_common:
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
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
    /* x0 holds the kind; the caller's x0 is already saved. */
    cmp     x0, #8
    b.hs    1f
    add     x1, sp, #TF_SIZE            /* interrupted kernel SP */
    b       2f
1:  mrs     x1, sp_el0
2:  stp     x30, x1, [sp, #TF_X30]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #TF_ELR]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #TF_ESR]
    mov     x1, x0
    mov     x0, sp
    mov     x29, xzr                    /* backtraces end at the trap */
    /* The IPC fastpath (kernel/ipc_fast.c) first for svc #0 from EL0 (ESR 0x56000000) with x8 = 3
     * (CallReg) or 4 (ReplyRecvReg): it returns only when the general path must take the call. */
    cmp     x1, #8
    b.ne    5f
    movz    w4, #0x5600, lsl #16
    cmp     w2, w4
    b.ne    5f
    ldr     x4, [sp, #8 * 8]
    cmp     x4, #3
    b.eq    4f
    cmp     x4, #4
    b.ne    5f
    bl      ipc_fast_reply_recv
    b       6f
4:  bl      ipc_fast_call
6:  mov     x0, sp
    mov     x1, #8
5:  bl      trap_dispatch
    .global trap_return
trap_return:
    ldp     x2, x3, [sp, #TF_ELR]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x30, x1, [sp, #TF_X30]
    and     x2, x3, #0xf                /* returning to EL0? restore SP_EL0 */
    cbnz    x2, 3f
    msr     sp_el0, x1
3:  ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
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
    ldp     x0, x1, [sp, #16 * 0]
    add     sp, sp, #TF_SIZE
    eret
