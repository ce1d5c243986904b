/* The generic timer: the virtual counter is the clock (CNTVOFF is 0 when we come from EL2, and QEMU
 * starts it at 0 otherwise), the EL1 virtual timer (CNTV) gives one-shot deadlines. Its INTID comes from
 * the DTB's timer node. */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/platform.h"
#include "sysreg.h"

static uint64_t freq;
static uint32_t intid;
static void (*deadline_fn)(void);

static void timer_irq(uint32_t id, void *arg)
{
    (void)id;
    (void)arg;
    /* The line is level-triggered: mask the timer before anything else, or it fires again at once. */
    write_sysreg(cntv_ctl_el0, 2); /* IMASK */
    isb();
    void (*fn)(void) = deadline_fn;
    deadline_fn = 0;
    if (fn)
        fn();
}

void arch_timer_init(const struct platform *plat)
{
    freq = read_sysreg(cntfrq_el0);
    intid = plat->timer_virt_intid;
    write_sysreg(cntv_ctl_el0, 0);
    write_sysreg(cntkctl_el1, 1ul << 1); /* EL0VCTEN: user space may read the virtual counter */
    isb();
    arch_irq_register(intid, timer_irq, 0);
}

uint64_t arch_counter_now(void)
{
    isb();
    return read_sysreg(cntvct_el0);
}

uint64_t arch_counter_freq(void) { return freq; }
uint32_t arch_timer_intid(void) { return intid; }

void arch_timer_set_deadline(uint64_t counter_value, void (*fire)(void))
{
    deadline_fn = fire;
    write_sysreg(cntv_cval_el0, counter_value);
    write_sysreg(cntv_ctl_el0, 1); /* ENABLE, not masked */
    isb();
}

void arch_timer_cancel(void)
{
    deadline_fn = 0;
    write_sysreg(cntv_ctl_el0, 0);
    isb();
}
