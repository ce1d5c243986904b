/* Picks the GIC driver the device tree asks for and forwards to it. */
#include "arch/aarch64/gic.h"

static const struct gic_driver *active;

rc_t gic_init(const struct platform *p)
{
    const struct gic_driver *d = p->gic_version == 2 ? &gicv2_driver
                               : p->gic_version == 3 ? &gicv3_driver : 0;
    active = 0;
    if (!d)
        return rcUnimplemented;
    rc_t rc = d->init(p);
    if (rc == rcOk)
        active = d;
    return rc;
}

rc_t gic_enable_irq(uint32_t intid, uint8_t prio) { return active ? active->enable(intid, prio) : rcNotReady; }
rc_t gic_disable_irq(uint32_t intid) { return active ? active->disable(intid) : rcNotReady; }
uint32_t gic_ack(void) { return active ? active->ack() : GIC_SPURIOUS; }
void gic_eoi(uint32_t iar)
{
    if (active)
        active->eoi(iar);
}
int gic_version(void) { return active ? active->version : 0; }
