/* Copies to and from user memory with unprivileged loads and stores (ldtr/sttr): the MMU applies EL0
 * permissions, so a user pointer into the kernel half or to a read-only page faults; the fault resumes
 * at the fixup through the exception table (trap.c) and the copy returns an error.
 * The C wrappers in uaccess.c check that the range lies in the user half first. */

#include "extable.h"

    .text
/* rc_t __copy_from_user(void *dst, uint64_t src, size_t n): 16 bytes a round while both are aligned
 * (messages and their descriptors are small: the loop overhead is most of the cost), then 8, then bytes. */
    .global __copy_from_user
__copy_from_user:
    orr     x3, x0, x1
    tst     x3, #7
    b.ne    3f
0:  cmp     x2, #16
    b.lo    1f
8:  ldtr    x4, [x1]
9:  ldtr    x5, [x1, #8]
    stp     x4, x5, [x0], #16
    add     x1, x1, #16
    sub     x2, x2, #16
    b       0b
1:  cmp     x2, #8
    b.lo    3f
2:  ldtr    x4, [x1]
    str     x4, [x0], #8
    add     x1, x1, #8
    sub     x2, x2, #8
3:  cbz     x2, 5f
4:  ldtrb   w4, [x1]
    strb    w4, [x0], #1
    add     x1, x1, #1
    subs    x2, x2, #1
    b.ne    4b
5:  mov     x0, #0
    ret
6:  mov     x0, #-10                    /* rcSourceFault */
    ret
    extable 8b, 6b
    extable 9b, 6b
    extable 2b, 6b
    extable 4b, 6b

/* rc_t __copy_to_user(uint64_t dst, const void *src, size_t n): as __copy_from_user. */
    .global __copy_to_user
__copy_to_user:
    orr     x3, x0, x1
    tst     x3, #7
    b.ne    3f
0:  cmp     x2, #16
    b.lo    1f
    ldp     x4, x5, [x1], #16
8:  sttr    x4, [x0]
9:  sttr    x5, [x0, #8]
    add     x0, x0, #16
    sub     x2, x2, #16
    b       0b
1:  cmp     x2, #8
    b.lo    3f
    ldr     x4, [x1], #8
2:  sttr    x4, [x0]
    add     x0, x0, #8
    sub     x2, x2, #8
3:  cbz     x2, 5f
4:  ldrb    w4, [x1], #1
7:  sttrb   w4, [x0]
    add     x0, x0, #1
    subs    x2, x2, #1
    b.ne    4b
5:  mov     x0, #0
    ret
6:  mov     x0, #-11                    /* rcTargetFault */
    ret
    extable 8b, 6b
    extable 9b, 6b
    extable 2b, 6b
    extable 7b, 6b
