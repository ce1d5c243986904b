/* Memory accesses that may fault, with fixups in the exception table (__extable): a fault at a listed
 * instruction resumes at its fixup with the ESR in x9 instead of being a kernel fault (trap.c). The user
 * copy routines use the same table. */

#include "extable.h"

    .text
/* rc_t arch_probe_read64(const void *addr, uint64_t *val, uint64_t *esr) */
    .global arch_probe_read64
arch_probe_read64:
1:  ldr     x3, [x0]
    str     x3, [x1]
    mov     x0, #0
    ret
2:  cbz     x2, 3f
    str     x9, [x2]
3:  mov     x0, #-10                    /* rcSourceFault */
    ret
    extable 1b, 2b

/* rc_t arch_probe_write64(void *addr, uint64_t val, uint64_t *esr) */
    .global arch_probe_write64
arch_probe_write64:
1:  str     x1, [x0]
    mov     x0, #0
    ret
2:  cbz     x2, 3f
    str     x9, [x2]
3:  mov     x0, #-11                    /* rcTargetFault */
    ret
    extable 1b, 2b
