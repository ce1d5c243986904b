/* The interrupt controller: GICv2 or GICv3, whichever the device tree names (gic_init picks the
 * driver). INTIDs are GIC INTIDs (SGI 0-15, PPI 16-31, SPI 32+). Every interrupt is Group 1 (IRQ),
 * level-triggered, routed to the boot CPU. Single CPU for now: gic_init sets up the distributor and
 * this CPU's interface (and, on v3, its redistributor). */
#ifndef VIGIL_ARCH_GIC_H
#define VIGIL_ARCH_GIC_H

#include <stdint.h>
#include <vigil/rc.h>
#include "kernel/platform.h"

#define GIC_SPURIOUS     1023u
#define GIC_DEFAULT_PRIO 0xa0u

/* rcUnimplemented: not GICv2/v3 (or no system-register interface on v3); rcResourceNotFound: no
 * redistributor for this CPU; rcTimeout: the hardware never finished (RWP, WAKER). */
rc_t gic_init(const struct platform *p);
/* prio: 0 highest .. 0xff lowest (the low bits an implementation lacks are ignored).
 * rcInvalidArgument for an INTID the distributor does not have; rcNotReady before gic_init. */
rc_t gic_enable_irq(uint32_t intid, uint8_t prio);
rc_t gic_disable_irq(uint32_t intid);
/* Acknowledges the highest-priority pending interrupt: the raw IAR value, whose low 10 bits are the
 * INTID (1020-1023: none). Pass it back unchanged to gic_eoi. */
uint32_t gic_ack(void);
void gic_eoi(uint32_t iar);
int gic_version(void); /* 2, 3, or 0 before a successful gic_init */

/* One driver per GIC architecture version (gicv2.c, gicv3.c). */
struct gic_driver {
    int version;
    rc_t (*init)(const struct platform *p);
    rc_t (*enable)(uint32_t intid, uint8_t prio);
    rc_t (*disable)(uint32_t intid);
    uint32_t (*ack)(void);
    void (*eoi)(uint32_t iar);
};
extern const struct gic_driver gicv2_driver, gicv3_driver;

#endif
