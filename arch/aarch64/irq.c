/* IRQ dispatch: acknowledge at the GIC, call the registered handler, end the interrupt. */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/console.h"
#include "gic.h"
#include "irq.h"

#define MAX_INTID 1020
#define SPURIOUS 1023

static struct {
    irq_handler_t fn;
    void *arg;
} handlers[MAX_INTID];

static uint64_t spurious_count;

rc_t arch_irq_init(const struct platform *plat)
{
    return gic_init(plat);
}

int arch_gic_version(void) { return gic_version(); }

rc_t arch_irq_register(uint32_t intid, irq_handler_t fn, void *arg)
{
    if (intid >= MAX_INTID || !fn)
        return rcInvalidArgument;
    handlers[intid].fn = fn;
    handlers[intid].arg = arg;
    gic_enable_irq(intid, 0xa0);
    return rcOk;
}

rc_t arch_irq_unregister(uint32_t intid)
{
    if (intid >= MAX_INTID)
        return rcInvalidArgument;
    gic_disable_irq(intid);
    handlers[intid].fn = 0;
    handlers[intid].arg = 0;
    return rcOk;
}

void arch_irq_mask(uint32_t intid) { gic_disable_irq(intid); }
void arch_irq_unmask(uint32_t intid) { gic_enable_irq(intid, GIC_DEFAULT_PRIO); }

void irq_handle(void)
{
    for (;;) {
        uint32_t iar = gic_ack();
        uint32_t intid = iar & 0x3ff;
        if (intid >= SPURIOUS - 3)
            return; /* 1020..1023: nothing (more) pending */
        if (intid < MAX_INTID && handlers[intid].fn)
            handlers[intid].fn(intid, handlers[intid].arg);
        else
            spurious_count++;
        gic_eoi(iar);
    }
}
