/* void probe_svc(const uint64_t in[12], uint64_t out[31]): a system call with x0-x11 from in[] and
 * every other register (x12-x30) set to 0x5a00 + its number, then all of x0-x30 stored into out[]:
 * the caller sees exactly what the kernel left in its registers (user/t_fastpath). */
    .text
    .global probe_svc
    .type probe_svc, %function
probe_svc:
    stp x29, x30, [sp, #-16]!
    stp x27, x28, [sp, #-16]!
    stp x25, x26, [sp, #-16]!
    stp x23, x24, [sp, #-16]!
    stp x21, x22, [sp, #-16]!
    stp x19, x20, [sp, #-16]!
    stp x1, xzr, [sp, #-16]!
    mov x30, x0
    ldp x0, x1, [x30]
    ldp x2, x3, [x30, #16]
    ldp x4, x5, [x30, #32]
    ldp x6, x7, [x30, #48]
    ldp x8, x9, [x30, #64]
    ldp x10, x11, [x30, #80]
    mov x12, #0x5a0c
    mov x13, #0x5a0d
    mov x14, #0x5a0e
    mov x15, #0x5a0f
    mov x16, #0x5a10
    mov x17, #0x5a11
    mov x18, #0x5a12
    mov x19, #0x5a13
    mov x20, #0x5a14
    mov x21, #0x5a15
    mov x22, #0x5a16
    mov x23, #0x5a17
    mov x24, #0x5a18
    mov x25, #0x5a19
    mov x26, #0x5a1a
    mov x27, #0x5a1b
    mov x28, #0x5a1c
    mov x29, #0x5a1d
    mov x30, #0x5a1e
    svc #0
    stp x0, x1, [sp, #-16]!
    ldr x0, [sp, #16]
    stp x2, x3, [x0, #16]
    stp x4, x5, [x0, #32]
    stp x6, x7, [x0, #48]
    stp x8, x9, [x0, #64]
    stp x10, x11, [x0, #80]
    stp x12, x13, [x0, #96]
    stp x14, x15, [x0, #112]
    stp x16, x17, [x0, #128]
    stp x18, x19, [x0, #144]
    stp x20, x21, [x0, #160]
    stp x22, x23, [x0, #176]
    stp x24, x25, [x0, #192]
    stp x26, x27, [x0, #208]
    stp x28, x29, [x0, #224]
    str x30, [x0, #240]
    ldp x2, x3, [sp], #16
    stp x2, x3, [x0]
    add sp, sp, #16
    ldp x19, x20, [sp], #16
    ldp x21, x22, [sp], #16
    ldp x23, x24, [sp], #16
    ldp x25, x26, [sp], #16
    ldp x27, x28, [sp], #16
    ldp x29, x30, [sp], #16
    ret
    .size probe_svc, . - probe_svc
