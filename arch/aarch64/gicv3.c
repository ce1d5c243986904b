/* GICv3: distributor (GICD), this CPU's redistributor (GICR) and the system-register CPU interface.
 * Affinity routing on, single security state (QEMU virt: GICD_CTLR.DS = 1); everything Group 1. */
#include "arch/aarch64/gic.h"
#include "arch/aarch64/gic_regs.h"
#include "arch/aarch64/gicv3_cpuif.h"
#include "arch/aarch64/mmio.h"

static uintptr_t gicd, rd, sgi;
static uint32_t lines;

static void dist_write(uint32_t off, uint32_t v) { mmio_write32(gicd + off, v); }
static uint32_t dist_read(uint32_t off) { return mmio_read32(gicd + off); }

static rc_t wait_clear(uintptr_t reg, uint32_t bits)
{
    for (uint32_t i = 0; i < GIC_POLL_LIMIT; i++)
        if ((mmio_read32(reg) & bits) == 0)
            return rcOk;
    return rcTimeout;
}

/* MPIDR affinity in the GICR_TYPER / GICD_IROUTER layout. */
static uint64_t my_affinity(void) { return cpu_mpidr_read() & 0xff00ffffffull; }

static rc_t find_redistributor(const struct platform *p, uint64_t aff)
{
    uint32_t want = (uint32_t)((aff >> 8 & 0xff000000u) | (aff & 0xffffff));
    uintptr_t base = mmio_va(p->gicr.base);
    for (uint64_t off = 0; off + GICR_FRAME <= p->gicr.size;) {
        uint64_t typer = mmio_read64(base + off + GICR_TYPER);
        if ((uint32_t)(typer >> 32) == want) {
            rd = base + off;
            sgi = rd + GICR_SGI_BASE;
            return rcOk;
        }
        if (typer & GICR_TYPER_LAST)
            break;
        off += (typer & GICR_TYPER_VLPIS) ? 2 * GICR_FRAME : GICR_FRAME;
    }
    return rcResourceNotFound;
}

static rc_t v3_init(const struct platform *p)
{
    if (p->gicd.size == 0 || p->gicr.size == 0)
        return rcInvalidArgument;
    gicd = mmio_va(p->gicd.base);
    uint64_t aff = my_affinity();
    rc_t rc = find_redistributor(p, aff);
    if (rc != rcOk)
        return rc;
    lines = 32 * ((dist_read(GICD_TYPER) & 0x1f) + 1);
    if (lines > 1020)
        lines = 1020;

    dist_write(GICD_CTLR, 0);
    if ((rc = wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) != rcOk)
        return rc;
    for (uint32_t i = 32; i < lines; i += 32) {
        dist_write(GICD_IGROUPR + i / 8, ~0u);  /* Group 1: delivered as IRQ, not FIQ */
        dist_write(GICD_ICENABLER + i / 8, ~0u);
        dist_write(GICD_ICPENDR + i / 8, ~0u);
        dist_write(GICD_ICACTIVER + i / 8, ~0u);
    }
    for (uint32_t i = 32; i < lines; i += 4)
        dist_write(GICD_IPRIORITYR + i, GIC_DEFAULT_PRIO * 0x01010101u);
    for (uint32_t i = 32; i < lines; i += 16)
        dist_write(GICD_ICFGR + i / 4, 0);
    if ((rc = wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) != rcOk)
        return rc;
    /* Routing registers only work with affinity routing enabled. */
    dist_write(GICD_CTLR, GICD_CTLR_ARE);
    if ((rc = wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) != rcOk)
        return rc;
    for (uint32_t i = 32; i < lines; i++)
        mmio_write64(gicd + GICD_IROUTER + 8 * i, aff);
    dist_write(GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
    if ((rc = wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) != rcOk)
        return rc;

    /* Wake the redistributor (QEMU delivers without this; hardware does not). */
    mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
    if ((rc = wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP)) != rcOk)
        return rc;
    mmio_write32(sgi + GICD_IGROUPR, ~0u);
    mmio_write32(sgi + GICD_ICENABLER, 0xffff0000u);
    mmio_write32(sgi + GICD_ISENABLER, 0x0000ffffu);
    for (uint32_t i = 0; i < 32; i += 4)
        mmio_write32(sgi + GICD_IPRIORITYR + i, GIC_DEFAULT_PRIO * 0x01010101u);
    if ((rc = wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP)) != rcOk)
        return rc;

    icc_sre_write(icc_sre_read() | 1);
    cpu_isb();
    if (!(icc_sre_read() & 1))
        return rcUnimplemented; /* EL2 did not allow the system-register interface */
    icc_pmr_write(0xff);
    icc_bpr1_write(0);
    icc_ctlr_write(0);  /* EOImode 0: EOIR both drops priority and deactivates */
    icc_igrpen1_write(1);
    cpu_isb();
    return rcOk;
}

static rc_t v3_enable(uint32_t intid, uint8_t prio)
{
    if (intid >= lines)
        return rcInvalidArgument;
    uintptr_t base = intid < 32 ? sgi : gicd;
    uintptr_t pr = base + GICD_IPRIORITYR + (intid & ~3u);
    uint32_t shift = (intid & 3) * 8;
    mmio_write32(pr, (mmio_read32(pr) & ~(0xffu << shift)) | (uint32_t)prio << shift);
    mmio_write32(base + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
    return rcOk;
}

static rc_t v3_disable(uint32_t intid)
{
    if (intid >= lines)
        return rcInvalidArgument;
    if (intid < 32) {
        mmio_write32(sgi + GICD_ICENABLER, 1u << intid);
        return wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP);
    }
    dist_write(GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
    return wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP);
}

static uint32_t v3_ack(void) { return (uint32_t)icc_iar1_read() & 0xffffff; }
static void v3_eoi(uint32_t iar) { icc_eoir1_write(iar); }

const struct gic_driver gicv3_driver = { 3, v3_init, v3_enable, v3_disable, v3_ack, v3_eoi };
