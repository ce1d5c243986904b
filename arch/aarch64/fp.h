/* Lazy FP/SIMD switching: after every context switch FP instructions trap (CPACR_EL1.FPEN = 0); the
 * first trap of a thread saves the previous owner's registers and loads the thread's own. */
#ifndef ARCH_AARCH64_FP_H
#define ARCH_AARCH64_FP_H
void fp_trap(void);
#include <stdint.h>
/* What the IPC fastpath's switch has to do besides switching, in one word it tests at once
 * (fast_inline.h): fp, CPACR_EL1.FPEN is on (the current thread has used FP since its switch-in, so
 * the next thread's first FP use must trap); checks, the checking build's invariants (set at boot,
 * arch_fast_set_checks). */
union arch_fast_work {
    uint16_t any;
    struct {
        uint8_t fp, checks;
    } f;
};
extern union arch_fast_work arch_fast_work;
#define arch_fp_enabled (arch_fast_work.f.fp)
#endif
