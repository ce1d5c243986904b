/* The IPC fastpath's architecture pieces, inline (kernel/ipc_fast.c includes this as "fast_inline.h";
 * kernel/arch.h documents the out-of-line forms). Each does exactly what its out-of-line counterpart
 * does, in the few instructions the fastpath can afford:
 *   arch_fast_regs(kstack_top)        the saved user registers x0..x30 (arch_user_regs)
 *   arch_fast_save(ctx, regs)         the blocking thread resumes at arch_fast_resume (switch.S), on
 *                                     its kernel stack just below its saved registers regs
 *   arch_fast_space(to)               TTBR0 for the next thread's space (arch_aspace_activate; never
 *                                     NULL)
 *   arch_fast_fp_out()                the next FP use traps (arch_fp_switch_out)
 *   arch_fast_work_pending()          FP to turn off or the checking build's checks: one test for both
 *   arch_fast_counter()               the counter now (arch_counter_now), for time.Now
 *   arch_fast_leave(regs, x1..x7)     arch_fast_exit (kernel/arch.h) by a branch: nothing is kept for a
 *                                     return that never comes */
#ifndef ARCH_AARCH64_FAST_INLINE_H
#define ARCH_AARCH64_FAST_INLINE_H

#include "kernel/arch.h"
#include "aspace.h"
#include "fp.h"
#include "sysreg.h"
#include "trap_frame.h"

extern char arch_fast_resume[]; /* switch.S */

static inline uint64_t *arch_fast_regs(uint64_t kstack_top)
{
    return (uint64_t *)(kstack_top - TF_SIZE);
}

static inline __attribute__((always_inline)) void arch_fast_save(struct arch_context *ctx, uint64_t *regs)
{
    ctx->fp = 0;
    ctx->lr = (uint64_t)arch_fast_resume;
    ctx->sp = (uint64_t)regs; /* the frame at the top of its kernel stack: kstack_top - TF_SIZE */
    ctx->tpidr_el0 = read_sysreg(tpidr_el0);
}

static inline __attribute__((always_inline)) void arch_fast_space(struct aspace *to)
{
    /* Every user thread has a space (to is never NULL): only TTBR0 changes, as in arch_aspace_switch's
     * common case (the kernel's own half is TTBR1's and is never off while a user thread runs). */
    if (to == arch_aspace_active)
        return;
    write_sysreg(ttbr0_el1, to->ttbr0);
    isb();
    arch_aspace_active = to;
}

static inline uint64_t arch_fast_counter(void)
{
    isb(); /* not read early, ahead of the instructions before it */
    return read_sysreg(cntvct_el0);
}

static inline void arch_fast_fp_out(void)
{
    if (arch_fp_enabled)
        arch_fp_switch_out();
}

/* Whether the switch has more to do than switching: FP to turn off, or the checking build's checks. */
static inline int arch_fast_work_pending(void)
{
    return arch_fast_work.any;
}

static inline __attribute__((always_inline, noreturn)) void arch_fast_leave(uint64_t *regs, uint64_t x1, uint64_t x2,
                                                                         uint64_t x3, uint64_t x4, uint64_t x5,
                                                                         uint64_t x6, uint64_t x7)
{
    register uint64_t r0 __asm__("x0") = (uint64_t)regs, r1 __asm__("x1") = x1, r2 __asm__("x2") = x2,
                      r3 __asm__("x3") = x3, r4 __asm__("x4") = x4, r5 __asm__("x5") = x5, r6 __asm__("x6") = x6,
                      r7 __asm__("x7") = x7;
    __asm__ volatile("b arch_fast_exit"
                     :
                     : "r"(r0), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
                     : "memory");
    __builtin_unreachable();
}

#endif
