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
    str     x9, [x0, #96]
    ldp     x19, x20, [x1, #0]
    ldp     x21, x22, [x1, #16]
    ldp     x23, x24, [x1, #32]
    ldp     x25, x26, [x1, #48]
    ldp     x27, x28, [x1, #64]
    ldp     x29, x30, [x1, #80]
    ldr     x9, [x1, #96]
    mov     sp, x9
    ret

/* First run of a context made by arch_context_init: x19 = entry, x20 = arg. */
    .global arch_context_start
arch_context_start:
    msr     daifclr, #2
    mov     x0, x20
    blr     x19
    /* entry must not return (threads end with thread_exit) */
1:  brk     #0x1
    b       1b
