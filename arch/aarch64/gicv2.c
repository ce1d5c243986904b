/* GICv2: distributor (GICD) and memory-mapped CPU interface (GICC). */
#include "arch/aarch64/gic.h"
#include "arch/aarch64/gic_regs.h"
#include "arch/aarch64/mmio.h"

static uintptr_t gicd, gicc;
static uint32_t lines; /* INTIDs 0..lines-1 exist */

static void dist_write(uint32_t off, uint32_t v) { mmio_write32(gicd + off, v); }
static uint32_t dist_read(uint32_t off) { return mmio_read32(gicd + off); }

static rc_t v2_init(const struct platform *p)
{
    if (p->gicd.size == 0 || p->gicc.size == 0)
        return rcInvalidArgument;
    gicd = mmio_va(p->gicd.base);
    gicc = mmio_va(p->gicc.base);
    lines = 32 * ((dist_read(GICD_TYPER) & 0x1f) + 1);
    if (lines > 1020)
        lines = 1020;
    dist_write(GICD_CTLR, 0);
    /* Our CPU's target bit, read from a banked SGI target register (0 on a uniprocessor GIC). */
    uint32_t me = dist_read(GICD_ITARGETSR) & 0xff;
    if (me == 0)
        me = 1;
    for (uint32_t i = 32; i < lines; i += 32) {
        dist_write(GICD_ICENABLER + i / 8, ~0u);
        dist_write(GICD_ICPENDR + i / 8, ~0u);
        dist_write(GICD_ICACTIVER + i / 8, ~0u);
    }
    for (uint32_t i = 0; i < lines; i += 4)
        dist_write(GICD_IPRIORITYR + i, GIC_DEFAULT_PRIO * 0x01010101u);
    for (uint32_t i = 32; i < lines; i += 4)
        dist_write(GICD_ITARGETSR + i, me * 0x01010101u);
    for (uint32_t i = 32; i < lines; i += 16)
        dist_write(GICD_ICFGR + i / 4, 0); /* level-sensitive */
    dist_write(GICD_ICENABLER, 0xffff0000u); /* PPIs off until asked for */
    dist_write(GICD_ISENABLER, 0x0000ffffu); /* SGIs on */
    dist_write(GICD_CTLR, GICD_CTLR_ENABLE);
    mmio_write32(gicc + GICC_PMR, 0xff);
    mmio_write32(gicc + GICC_BPR, 0);
    mmio_write32(gicc + GICC_CTLR, 1);
    return rcOk;
}

static rc_t v2_enable(uint32_t intid, uint8_t prio)
{
    if (intid >= lines)
        return rcInvalidArgument;
    uint32_t off = GICD_IPRIORITYR + (intid & ~3u), shift = (intid & 3) * 8;
    dist_write(off, (dist_read(off) & ~(0xffu << shift)) | (uint32_t)prio << shift);
    dist_write(GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
    return rcOk;
}

static rc_t v2_disable(uint32_t intid)
{
    if (intid >= lines)
        return rcInvalidArgument;
    dist_write(GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
    return rcOk;
}

static uint32_t v2_ack(void) { return mmio_read32(gicc + GICC_IAR); }
static void v2_eoi(uint32_t iar) { mmio_write32(gicc + GICC_EOIR, iar); }

const struct gic_driver gicv2_driver = { 2, v2_init, v2_enable, v2_disable, v2_ack, v2_eoi };
