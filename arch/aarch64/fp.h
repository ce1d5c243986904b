/* Lazy FP/SIMD switching: after every context switch FP instructions trap (CPACR_EL1.FPEN = 0); the
 * first trap of a thread saves the previous owner's registers and loads the thread's own. */
#ifndef ARCH_AARCH64_FP_H
#define ARCH_AARCH64_FP_H
void fp_trap(void);
extern int arch_fp_enabled; /* CPACR_EL1.FPEN is on: the current thread has used FP since its switch-in */
#endif
