#include "kernel/arch.h"
#include "sysreg.h"
#include "trap_frame.h"

extern char arch_context_start[];

void arch_context_init(struct arch_context *ctx, uint64_t stack_top, void (*entry)(void *), void *arg)
{
    for (int i = 0; i < 10; i++)
        ctx->x19_x28[i] = 0;
    ctx->x19_x28[0] = (uint64_t)entry;
    ctx->x19_x28[1] = (uint64_t)arg;
    ctx->fp = 0; /* backtraces end here */
    ctx->lr = (uint64_t)arch_context_start;
    ctx->sp = stack_top & ~15ull;
    ctx->tpidr_el0 = 0;
}

uint64_t arch_irq_save(void)
{
    uint64_t daif = read_sysreg(daif);
    irq_disable();
    return daif;
}

void arch_irq_restore(uint64_t flags)
{
    write_sysreg(daif, flags);
}

uint64_t *arch_user_regs(uint64_t kstack_top)
{
    return ((struct trap_frame *)(kstack_top - TF_SIZE))->x;
}
