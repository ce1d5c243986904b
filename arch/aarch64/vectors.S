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
    /* Synchronous from EL0: system calls, the IPC fastpath's first (el0_sync). x0-x7 are not saved
     * here: they are the handle and the message of a register IPC, which el0_sync passes to the
     * fastpath live and saves itself on every other way. */
    .balign 128
    sub     sp, sp, #TF_SIZE
    frame_save_x8_x29
    mrs     x9, sp_el0                  /* scratch: x9, x10, saved */
    stp     x30, x9, [sp, #TF_X30]
    mrs     x9, elr_el1
    mrs     x10, spsr_el1
    stp     x9, x10, [sp, #TF_ELR]
    b       el0_sync
    vector_entry 9
    vector_entry 10
    vector_entry 11
    vector_entry 12
    vector_entry 13
    vector_entry 14
    vector_entry 15

    .text
trap_common:
    frame_save_x4_x29
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
    bl      trap_dispatch
    b       trap_return

/* The rest of the EL0 synchronous entry, with x8-x30, SP_EL0, ELR and SPSR saved and x0-x7 live as
 * they came. The IPC fastpath (kernel/ipc_fast.c) first for svc #0 (ESR 0x56000000) with x8 = 3
 * (CallReg) or 4 (ReplyRecvReg): it gets the frame with x0 (the handle) saved and x1-x7 (the message)
 * as arguments, and returns only when the general path must take the call, having saved x1-x7 itself
 * (fast_bail). ESR and FAR are saved only then (nothing between can change them: interrupts are masked
 * and it does not fault). A CallReg on VG_CORE_HANDLE goes to core_call_fast, which ends the system
 * call itself; every other exception saves x0-x7 here. */
el0_sync:
    mov     x29, xzr                    /* backtraces end at the trap */
    mrs     x9, esr_el1
    movz    w10, #0x5600, lsl #16
    cmp     w9, w10
    b.ne    6f
    cmp     x8, #3
    b.eq    3f
    cmp     x8, #4
    b.ne    6f
    str     x0, [sp]
    mov     x0, sp                      /* x1-x7: the message registers, as they came */
    bl      ipc_fast_reply_recv
    b       5f
3:  cmp     x0, #1                      /* CallReg on VG_CORE_HANDLE (1): a kernel call, taken */
    b.eq    4f                          /* whole by kernel/core (core_call_fast does not return) */
    str     x0, [sp]
    mov     x0, sp
    bl      ipc_fast_call
    b       5f
4:  stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    mov     x0, sp
    bl      core_call_fast
6:  stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
5:  mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #TF_ESR]
    mov     x0, sp
    mov     x1, #8
    bl      trap_dispatch
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
    frame_load_x8_x29
    ldp     x0, x1, [sp, #16 * 0]
    add     sp, sp, #TF_SIZE
    eret
