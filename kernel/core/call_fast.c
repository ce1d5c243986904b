/* The whole system call of a register kernel call, entered from the exception entry (vectors.S): it
 * never returns there, so it is compiled to save none of x19-x28 (kernel/build.mk). */
#include "call_reg.h"
#include "../arch.h"
#include "../invariants.h"
#include "../run.h"
#include "../sched_fast.h"

void core_call_fast(uint64_t *regs)
{
    if (thread_zombies)
        thread_reap();
    struct thread *self = thread_current(); /* the caller, also when its method blocked and it resumed */
    regs[0] = (uint64_t)(int64_t)core_call_reg_inline(regs, self);
    if (kernel_checks)
        invariants_check();
    arch_aspace_activate(self->as);
    if (sched_need_resched)
        sched_preempt_point();
    arch_frame_return(regs);
}
