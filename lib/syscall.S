/* The system calls: svc #0 with the number in x8, arguments already in x0..x4 in the order of
 * the C prototypes (<vigil/syscall.h>), the rc back in x0. The kernel preserves every other register
 * except x8 (and the caller-saved ones the AAPCS64 lets it clobber). */
    .text

    .global vg_call_ex
    .type vg_call_ex, %function
vg_call_ex:
    mov x8, #0          /* VG_SYS_CALL */
    svc #0
    ret
    .size vg_call_ex, . - vg_call_ex

    .global vg_recv_ex
    .type vg_recv_ex, %function
vg_recv_ex:
    mov x8, #1          /* VG_SYS_RECV */
    svc #0
    ret
    .size vg_recv_ex, . - vg_recv_ex

    .global vg_reply
    .type vg_reply, %function
vg_reply:
    mov x2, #0          /* no receive after the reply */
    mov x3, #0          /* and no timeout or interrupt object for it: x3 and x4 are the caller's */
    mov x4, #0          /* scratch, which the kernel would otherwise check (x4 > 2^32: refused) */
    mov x8, #2          /* VG_SYS_REPLY */
    svc #0
    ret
    .size vg_reply, . - vg_reply

    .global vg_reply_recv_ex
    .type vg_reply_recv_ex, %function
vg_reply_recv_ex:
    mov x8, #2          /* VG_SYS_REPLY, with a receive buffer in x2 */
    svc #0
    ret
    .size vg_reply_recv_ex, . - vg_reply_recv_ex

/* The register ABI (<vigil/syscall.h>): the message moves between *m and x1-x7; x12 keeps m across the
 * call (the kernel preserves every register but x0 and the message registers). */
.macro load_message
    ldp x1, x2, [x12]
    ldp x3, x4, [x12, #16]
    ldp x5, x6, [x12, #32]
    ldr x7, [x12, #48]
.endm
.macro store_message
    stp x1, x2, [x12]
    stp x3, x4, [x12, #16]
    stp x5, x6, [x12, #32]
    str x7, [x12, #48]
.endm
    .global vg_call_reg_ex
    .type vg_call_reg_ex, %function
vg_call_reg_ex:             /* (h, m, big, timeout, sync) */
    mov x11, x2
    mov x9, x3
    mov x10, x4
    mov x12, x1
    load_message
    mov x8, #3          /* VG_SYS_CALL_REG */
    svc #0
    cbnz w0, 1f
    store_message
1:  ret
    .size vg_call_reg_ex, . - vg_call_reg_ex

    .global vg_reply_recv_reg_ex
    .type vg_reply_recv_reg_ex, %function
vg_reply_recv_reg_ex:       /* (h, m, big, timeout, sync) */
    mov x11, x2
    mov x9, x3
    mov x10, x4
    mov x12, x1
    load_message
    mov x8, #4          /* VG_SYS_REPLY_RECV_REG */
    svc #0
    cbnz w0, 1f
    store_message
1:  ret
    .size vg_reply_recv_reg_ex, . - vg_reply_recv_reg_ex
