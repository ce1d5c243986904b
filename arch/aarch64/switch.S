#include "trap_frame.h"
/* Kernel context switch (see struct arch_context in kernel/arch.h). Only callee-saved state is kept:
 * the switch is a function call as far as the compiler is concerned. */

    .text
/* void arch_context_switch(struct arch_context *from, struct arch_context *to) */
    .global arch_context_switch
arch_context_switch:
    stp     x19, x20, [x0, #0]
    stp     x21, x22, [x0, #16]
    stp     x23, x24, [x0, #32]
    stp     x25, x26, [x0, #48]
    stp     x27, x28, [x0, #64]
    stp     x29, x30, [x0, #80]
    mov     x9, sp
    mrs     x10, tpidr_el0
    stp     x9, x10, [x0, #96]
    ldp     x19, x20, [x1, #0]
    ldp     x21, x22, [x1, #16]
    ldp     x23, x24, [x1, #32]
    ldp     x25, x26, [x1, #48]
    ldp     x27, x28, [x1, #64]
    ldp     x29, x30, [x1, #80]
    ldp     x9, x10, [x1, #96]
    mov     sp, x9
    msr     tpidr_el0, x10
    ret

/* First run of a context made by arch_context_init: x19 = entry, x20 = arg. Interrupts stay masked:
 * kernel code is not preemptible unless it unmasks them itself (the idle loop, some tests). */
    .global arch_context_start
arch_context_start:
    mov     x0, x20
    blr     x19
    /* entry must not return (threads end with thread_exit) */
1:  brk     #0x1
    b       1b

/* void arch_user_enter(kstack_top, entry, sp, const uint64_t args[4], tp): a trap frame that returns to
 * EL0 at entry, built at the top of the kernel stack, then the common exception return. */
    .global arch_user_enter
arch_user_enter:
    msr     daifset, #2
    sub     sp, x0, #TF_SIZE
    mov     x9, sp
    mov     x10, #(TF_SIZE / 8)
1:  str     xzr, [x9], #8
    subs    x10, x10, #1
    b.ne    1b
    ldp     x9, x10, [x3]
    stp     x9, x10, [sp, #0]
    ldp     x9, x10, [x3, #16]
    stp     x9, x10, [sp, #16]
    str     x2, [sp, #TF_SP]
    str     x1, [sp, #TF_ELR]
    str     xzr, [sp, #TF_SPSR]          /* EL0t, interrupts enabled */
    msr     tpidr_el0, x4
    b       trap_return

/* A context saved by arch_fast_save (fast_inline.h) resumes here with sp at the saved user registers:
 * nothing of the callee-saved registers is live. */
    .global arch_fast_resume
arch_fast_resume:
    mov     x0, sp
    bl      ipc_fast_resumed
    b       trap_return

/* void arch_fast_exit(uint64_t *regs, uint64_t x1, ..., uint64_t x7) (kernel/arch.h): to user mode
 * from the saved frame at regs with x0 = 0 and x1-x7 as passed (the frame's x0-x7 are not read). */
    .global arch_fast_exit
arch_fast_exit:
    mov     sp, x0
    ldp     x8, x9, [sp, #TF_ELR]
    msr     elr_el1, x8
    msr     spsr_el1, x9
    ldp     x30, x8, [sp, #TF_X30]
    msr     sp_el0, x8
    frame_load_x8_x29
    mov     x0, xzr
    add     sp, sp, #TF_SIZE
    eret

/* void arch_frame_return(uint64_t *regs) (kernel/arch.h): the system call ends, to user mode from the
 * frame at regs, the top of the kernel stack this runs on. */
    .global arch_frame_return
arch_frame_return:
    mov     sp, x0
    b       trap_return
