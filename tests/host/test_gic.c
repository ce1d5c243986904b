/* GICv2 and GICv3 drivers against a fake register file: the MMIO and system-register hooks
 * (VIGIL_MMIO_HOOKS) model the registers the drivers rely on (set/clear-enable pairs, RWP, WAKER,
 * redistributor frames) and log every write so the tests can check values and order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "arch/aarch64/gic.h"
#include "arch/aarch64/gic_regs.h"
#include "arch/aarch64/gicv3_cpuif.h"
#include "arch/aarch64/mmio.h"

enum { DIST, CPU, REDIST, NREGIONS };
static const size_t region_size[NREGIONS] = { 0x10000, 0x2000, 2 * GICR_FRAME };
static _Alignas(4096) uint8_t regs_dist[0x10000], regs_cpu[0x2000], regs_redist[2 * GICR_FRAME];
static uint8_t *const region[NREGIONS] = { regs_dist, regs_cpu, regs_redist };

static struct {
    uint32_t dist_enabled[32];
    uint32_t sgi_enabled[2];        /* per redistributor frame */
    int rwp_reads;                  /* reads of GICD_CTLR that still show RWP */
    int waker_stuck, waker_reads;
    uint32_t iar[4];
    int niar;
    struct write_log { int region; uint32_t off; uint64_t value; } log[4096];
    int nlog;
    uint64_t sre, pmr, bpr1, ctlr, igrpen1, eoir1, mpidr;
    int sre_stuck;
    int isb_after_igrpen1;
} fake;

static void reset_fake(void)
{
    memset(&fake, 0, sizeof fake);
    memset(regs_dist, 0, sizeof regs_dist);
    memset(regs_cpu, 0, sizeof regs_cpu);
    memset(regs_redist, 0, sizeof regs_redist);
    *(uint32_t *)(regs_dist + GICD_TYPER) = 2;  /* 96 INTIDs */
    /* Frame 0 belongs to CPU affinity 0.0.0.1, frame 1 (the last) to 0.0.0.0. */
    *(uint64_t *)(regs_redist + GICR_TYPER) = 1ull << 32;
    *(uint64_t *)(regs_redist + GICR_FRAME + GICR_TYPER) = GICR_TYPER_LAST;
    *(uint32_t *)(regs_redist + GICR_WAKER) = 6;
    *(uint32_t *)(regs_redist + GICR_FRAME + GICR_WAKER) = 6;
    fake.mpidr = 0x80000000;
}

static int locate(uintptr_t addr, uint32_t *off)
{
    for (int r = 0; r < NREGIONS; r++)
        if (addr >= (uintptr_t)region[r] && addr < (uintptr_t)region[r] + region_size[r]) {
            *off = (uint32_t)(addr - (uintptr_t)region[r]);
            return r;
        }
    fprintf(stderr, "access outside the fake GIC: %#lx\n", (unsigned long)addr);
    abort();
}

/* The set/clear-enable register pair at `off` within a distributor-layout block, or NULL. */
static uint32_t *enable_word(int r, uint32_t off)
{
    if (r == DIST && off >= GICD_ISENABLER && off < GICD_ICPENDR)
        return &fake.dist_enabled[(off - GICD_ISENABLER) % 0x80 / 4];
    if (r == REDIST && (off % GICR_FRAME == GICR_SGI_BASE + GICD_ISENABLER ||
                        off % GICR_FRAME == GICR_SGI_BASE + GICD_ICENABLER))
        return &fake.sgi_enabled[off / GICR_FRAME];
    return NULL;
}

uint32_t mmio_read32(uintptr_t addr)
{
    uint32_t off;
    int r = locate(addr, &off);
    uint32_t *en = enable_word(r, off);
    if (en)
        return *en;
    if (r == DIST && off == GICD_CTLR && fake.rwp_reads > 0) {
        fake.rwp_reads--;
        return *(uint32_t *)(region[r] + off) | GICD_CTLR_RWP;
    }
    if (r == REDIST && off % GICR_FRAME == GICR_WAKER) {
        uint32_t *w = (uint32_t *)(region[r] + off);
        if (!(*w & GICR_WAKER_PROCESSOR_SLEEP) && !fake.waker_stuck && ++fake.waker_reads > 2)
            *w &= ~GICR_WAKER_CHILDREN_ASLEEP;
        return *w;
    }
    if (r == CPU && off == GICC_IAR)
        return fake.niar ? fake.iar[--fake.niar] : GIC_SPURIOUS;
    return *(uint32_t *)(region[r] + off);
}

void mmio_write32(uintptr_t addr, uint32_t value)
{
    uint32_t off;
    int r = locate(addr, &off);
    if (fake.nlog < 4096)
        fake.log[fake.nlog++] = (struct write_log){ r, off, value };
    uint32_t *en = enable_word(r, off);
    if (en) {
        uint32_t rel = r == DIST ? off - GICD_ISENABLER : off % GICR_FRAME - GICR_SGI_BASE - GICD_ISENABLER;
        if (rel < 0x80)
            *en |= value;
        else
            *en &= ~value;
        return;
    }
    if (r == DIST && off == GICD_CTLR)
        fake.rwp_reads = 3;
    if (r == REDIST && off % GICR_FRAME == GICR_WAKER) {
        uint32_t *w = (uint32_t *)(region[r] + off);
        *w = (value & GICR_WAKER_PROCESSOR_SLEEP) | (*w & GICR_WAKER_CHILDREN_ASLEEP);
        return;
    }
    *(uint32_t *)(region[r] + off) = value;
}

uint64_t mmio_read64(uintptr_t addr)
{
    uint32_t off;
    int r = locate(addr, &off);
    return *(uint64_t *)(region[r] + off);
}

void mmio_write64(uintptr_t addr, uint64_t value)
{
    uint32_t off;
    int r = locate(addr, &off);
    if (fake.nlog < 4096)
        fake.log[fake.nlog++] = (struct write_log){ r, off, value };
    *(uint64_t *)(region[r] + off) = value;
}

uint64_t icc_sre_read(void) { return fake.sre; }
void icc_sre_write(uint64_t v) { if (!fake.sre_stuck) fake.sre = v; }
void icc_pmr_write(uint64_t v) { fake.pmr = v; }
void icc_bpr1_write(uint64_t v) { fake.bpr1 = v; }
void icc_ctlr_write(uint64_t v) { fake.ctlr = v; }
void icc_igrpen1_write(uint64_t v) { fake.igrpen1 = v; }
uint64_t icc_iar1_read(void) { return fake.niar ? fake.iar[--fake.niar] : GIC_SPURIOUS; }
void icc_eoir1_write(uint64_t v) { fake.eoir1 = v; }
uint64_t cpu_mpidr_read(void) { return fake.mpidr; }
void cpu_isb(void) { fake.isb_after_igrpen1 = fake.igrpen1 != 0; }

static uint32_t reg32(int r, uint32_t off) { return *(uint32_t *)(region[r] + off); }
static uint64_t reg64(int r, uint32_t off) { return *(uint64_t *)(region[r] + off); }

/* Index of the first logged write to (r, off), or -1. */
static int first_write(int r, uint32_t off)
{
    for (int i = 0; i < fake.nlog; i++)
        if (fake.log[i].region == r && fake.log[i].off == off)
            return i;
    return -1;
}

static struct platform plat(int version)
{
    struct platform p;
    memset(&p, 0, sizeof p);
    p.gic_version = version;
    p.gicd = (struct mem_range){ (uintptr_t)regs_dist, sizeof regs_dist };
    if (version == 2)
        p.gicc = (struct mem_range){ (uintptr_t)regs_cpu, sizeof regs_cpu };
    else
        p.gicr = (struct mem_range){ (uintptr_t)regs_redist, sizeof regs_redist };
    return p;
}

TEST(gic_before_init_and_unknown_version)
{
    reset_fake();
    struct platform p = plat(4);
    CHECK_EQ(gic_init(&p), rcUnimplemented);
    CHECK_EQ(gic_version(), 0);
    CHECK_EQ(gic_enable_irq(27, 0xa0), rcNotReady);
    CHECK_EQ(gic_ack(), GIC_SPURIOUS);
    CHECK_EQ(fake.nlog, 0);
}

TEST(gicv2_init_programs_distributor_and_cpu_interface)
{
    reset_fake();
    struct platform p = plat(2);
    CHECK_EQ(gic_init(&p), rcOk);
    CHECK_EQ(gic_version(), 2);
    CHECK_EQ(first_write(DIST, GICD_CTLR), 0);               /* distributor off before anything */
    CHECK_EQ(reg32(DIST, GICD_CTLR), 1);
    CHECK(first_write(DIST, GICD_CTLR) < first_write(DIST, GICD_IPRIORITYR));
    CHECK_EQ(reg32(CPU, GICC_PMR), 0xff);
    CHECK_EQ(reg32(CPU, GICC_CTLR), 1);
    CHECK_EQ(reg32(DIST, GICD_IPRIORITYR + 92), 0xa0a0a0a0);  /* last word of 96 INTIDs */
    CHECK_EQ(reg32(DIST, GICD_IPRIORITYR + 96), 0);           /* nothing beyond TYPER's lines */
    CHECK_EQ(reg32(DIST, GICD_ITARGETSR + 32), 0x01010101);   /* SPIs to CPU 0 */
    CHECK_EQ(reg32(DIST, GICD_ITARGETSR + 92), 0x01010101);
    CHECK_EQ(fake.dist_enabled[0], 0x0000ffff);               /* SGIs on, PPIs off */
    CHECK_EQ(fake.dist_enabled[1], 0);
}

TEST(gicv2_enable_disable_priority_ack_eoi)
{
    reset_fake();
    struct platform p = plat(2);
    CHECK_EQ(gic_init(&p), rcOk);
    CHECK_EQ(gic_enable_irq(30, 0x80), rcOk);                 /* NS physical timer PPI */
    CHECK_EQ(reg32(DIST, GICD_IPRIORITYR + 28), 0xa080a0a0);  /* byte 2 of the word: INTID 30 */
    CHECK(fake.dist_enabled[0] & (1u << 30));
    CHECK_EQ(gic_enable_irq(33, 0x40), rcOk);                 /* UART SPI */
    CHECK_EQ(reg32(DIST, GICD_IPRIORITYR + 32), 0xa0a040a0);
    CHECK_EQ(fake.dist_enabled[1], 1u << 1);
    CHECK_EQ(gic_disable_irq(30), rcOk);
    CHECK(!(fake.dist_enabled[0] & (1u << 30)));
    CHECK_EQ(fake.dist_enabled[1], 1u << 1);                  /* other lines untouched */
    CHECK_EQ(gic_enable_irq(96, 0), rcInvalidArgument);
    CHECK_EQ(gic_disable_irq(1023), rcInvalidArgument);
    fake.iar[fake.niar++] = 0x1e;
    CHECK_EQ(gic_ack(), 0x1e);
    gic_eoi(0x1e);
    CHECK_EQ(reg32(CPU, GICC_EOIR), 0x1e);
    CHECK_EQ(gic_ack(), GIC_SPURIOUS);
}

TEST(gicv3_init_groups_waker_routing_sysregs)
{
    reset_fake();
    struct platform p = plat(3);
    CHECK_EQ(gic_init(&p), rcOk);
    CHECK_EQ(gic_version(), 3);
    CHECK_EQ(reg32(DIST, GICD_CTLR), GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1); /* 0x12 */
    CHECK_EQ(reg32(DIST, GICD_IGROUPR + 4), 0xffffffff);      /* SPIs Group 1 */
    CHECK_EQ(reg32(DIST, GICD_IGROUPR + 8), 0xffffffff);
    CHECK_EQ(reg32(DIST, GICD_IPRIORITYR + 32), 0xa0a0a0a0);
    CHECK_EQ(reg64(DIST, GICD_IROUTER + 8 * 95), 0);          /* to affinity 0.0.0.0 */
    /* The routing writes come after affinity routing was enabled. */
    CHECK(first_write(DIST, GICD_IROUTER + 8 * 32) > first_write(DIST, GICD_IGROUPR + 4));
    /* Frame 1 is ours (affinity 0), frame 0 (affinity 1) is left alone. */
    const uint32_t f1 = GICR_FRAME;
    CHECK_EQ(reg32(REDIST, f1 + GICR_WAKER) & GICR_WAKER_PROCESSOR_SLEEP, 0);
    CHECK_EQ(reg32(REDIST, GICR_WAKER), 6);
    CHECK_EQ(reg32(REDIST, f1 + GICR_SGI_BASE + GICD_IGROUPR), 0xffffffff); /* PPIs Group 1 */
    CHECK_EQ(reg32(REDIST, GICR_SGI_BASE + GICD_IGROUPR), 0);
    CHECK_EQ(reg32(REDIST, f1 + GICR_SGI_BASE + GICD_IPRIORITYR + 24), 0xa0a0a0a0);
    CHECK_EQ(fake.sgi_enabled[1], 0x0000ffff);
    CHECK_EQ(fake.sre & 1, 1);
    CHECK_EQ(fake.pmr, 0xff);
    CHECK_EQ(fake.igrpen1, 1);
    CHECK(fake.isb_after_igrpen1);
}

TEST(gicv3_enable_disable_ack_eoi)
{
    reset_fake();
    struct platform p = plat(3);
    CHECK_EQ(gic_init(&p), rcOk);
    const uint32_t f1 = GICR_FRAME;
    CHECK_EQ(gic_enable_irq(27, 0x90), rcOk);                 /* virtual timer PPI: redistributor */
    CHECK(fake.sgi_enabled[1] & (1u << 27));
    CHECK_EQ(fake.sgi_enabled[0], 0);
    CHECK_EQ(reg32(REDIST, f1 + GICR_SGI_BASE + GICD_IPRIORITYR + 24), 0x90a0a0a0);
    CHECK_EQ(fake.dist_enabled[0], 0);                        /* not the distributor's bank 0 */
    CHECK_EQ(gic_enable_irq(33, 0x80), rcOk);                 /* SPI: distributor */
    CHECK_EQ(fake.dist_enabled[1], 1u << 1);
    CHECK_EQ(reg32(DIST, GICD_IPRIORITYR + 32), 0xa0a080a0);
    CHECK_EQ(gic_disable_irq(27), rcOk);
    CHECK(!(fake.sgi_enabled[1] & (1u << 27)));
    CHECK_EQ(gic_disable_irq(33), rcOk);
    CHECK_EQ(fake.dist_enabled[1], 0);
    CHECK_EQ(gic_enable_irq(96, 0), rcInvalidArgument);
    fake.iar[fake.niar++] = 0x1b;
    CHECK_EQ(gic_ack(), 0x1b);
    gic_eoi(0x1b);
    CHECK_EQ(fake.eoir1, 0x1b);
}

TEST(gicv3_errors_instead_of_hangs)
{
    reset_fake();
    struct platform p = plat(3);
    fake.waker_stuck = 1;                                     /* ChildrenAsleep never clears */
    CHECK_EQ(gic_init(&p), rcTimeout);
    CHECK_EQ(gic_version(), 0);
    reset_fake();
    fake.sre_stuck = 1;                                       /* EL2 kept ICC_SRE_EL1.SRE at 0 */
    CHECK_EQ(gic_init(&p), rcUnimplemented);
    reset_fake();
    fake.mpidr = 0x80000005;                                  /* no frame for this CPU */
    CHECK_EQ(gic_init(&p), rcResourceNotFound);
    reset_fake();
    p.gicr.size = 0;
    CHECK_EQ(gic_init(&p), rcInvalidArgument);
}

int main(void)
{
    RUN(gic_before_init_and_unknown_version);
    RUN(gicv2_init_programs_distributor_and_cpu_interface);
    RUN(gicv2_enable_disable_priority_ack_eoi);
    RUN(gicv3_init_groups_waker_routing_sysregs);
    RUN(gicv3_enable_disable_ack_eoi);
    RUN(gicv3_errors_instead_of_hangs);
    return check_summary();
}
