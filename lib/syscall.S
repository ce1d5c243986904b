/* The three system calls: svc #0 with the number in x8, arguments already in x0..x4 in the order of
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
