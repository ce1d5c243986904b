/* Copies to and from user memory with unprivileged loads and stores (ldtr/sttr): the MMU applies EL0
 * permissions, so a user pointer into the kernel half or to a read-only page faults; the fault resumes
 * at the fixup through the exception table (trap.c) and the copy returns an error.
 * The C wrappers in uaccess.c check that the range lies in the user half first. */

#include "extable.h"

/* The fixups of a 64-byte round's eight user accesses (labels 20-27 before the use). */
.macro round_extable
    extable 20b, 6b
    extable 21b, 6b
    extable 22b, 6b
    extable 23b, 6b
    extable 24b, 6b
    extable 25b, 6b
    extable 26b, 6b
    extable 27b, 6b
.endm

    .text
/* rc_t __copy_from_user(void *dst, uint64_t src, size_t n): while both are aligned, 64 bytes a round
 * (15 instructions: a bulk copy costs under a quarter of an instruction per byte), then 16, then 8,
 * then bytes. */
    .global __copy_from_user
__copy_from_user:
    orr     x3, x0, x1
    tst     x3, #7
    b.ne    3f
    lsr     x3, x2, #6                  /* rounds of 64 */
    cbz     x3, 0f
    and     x2, x2, #63
20: ldtr    x4, [x1]
21: ldtr    x5, [x1, #8]
22: ldtr    x6, [x1, #16]
23: ldtr    x7, [x1, #24]
24: ldtr    x8, [x1, #32]
25: ldtr    x9, [x1, #40]
26: ldtr    x10, [x1, #48]
27: ldtr    x11, [x1, #56]
    stp     x6, x7, [x0, #16]
    stp     x8, x9, [x0, #32]
    stp     x10, x11, [x0, #48]
    stp     x4, x5, [x0], #64
    add     x1, x1, #64
    subs    x3, x3, #1
    b.ne    20b
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
    round_extable

/* rc_t __copy_to_user(uint64_t dst, const void *src, size_t n): as __copy_from_user. */
    .global __copy_to_user
__copy_to_user:
    orr     x3, x0, x1
    tst     x3, #7
    b.ne    3f
    lsr     x3, x2, #6                  /* rounds of 64 */
    cbz     x3, 0f
    and     x2, x2, #63
10: ldp     x6, x7, [x1, #16]
    ldp     x8, x9, [x1, #32]
    ldp     x10, x11, [x1, #48]
    ldp     x4, x5, [x1], #64
20: sttr    x4, [x0]
21: sttr    x5, [x0, #8]
22: sttr    x6, [x0, #16]
23: sttr    x7, [x0, #24]
24: sttr    x8, [x0, #32]
25: sttr    x9, [x0, #40]
26: sttr    x10, [x0, #48]
27: sttr    x11, [x0, #56]
    add     x0, x0, #64
    subs    x3, x3, #1
    b.ne    10b
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
    round_extable
