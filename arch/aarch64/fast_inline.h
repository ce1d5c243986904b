/* The IPC fastpath's architecture pieces, inline (kernel/ipc_fast.c includes this as "fast_inline.h";
 * kernel/arch.h documents the out-of-line forms). Each does exactly what its out-of-line counterpart
 * does, in the few instructions the fastpath can afford:
 *   arch_fast_regs(kstack_top)        the saved user registers x0..x30 (arch_user_regs)
 *   arch_fast_save(ctx, kstack_top)   the blocking thread resumes at arch_fast_resume (switch.S)
 *   arch_fast_space(to)               TTBR0 for the next thread's space (arch_aspace_activate; never
 *                                     NULL)
 *   arch_fast_fp_out()                the next FP use traps (arch_fp_switch_out) */
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

static inline __attribute__((always_inline)) void arch_fast_save(struct arch_context *ctx, uint64_t kstack_top)
{
    ctx->fp = 0;
    ctx->lr = (uint64_t)arch_fast_resume;
    ctx->sp = kstack_top - TF_SIZE;
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

static inline void arch_fast_fp_out(void)
{
    if (arch_fp_enabled)
        arch_fp_switch_out();
}

#endif
