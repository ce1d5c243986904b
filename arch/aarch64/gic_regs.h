/* Register offsets shared by the GICv2 and GICv3 drivers (Arm IHI 0048 and IHI 0069). */
#ifndef VIGIL_ARCH_GIC_REGS_H
#define VIGIL_ARCH_GIC_REGS_H

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ICPENDR    0x0280
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR  0x0800
#define GICD_ICFGR      0x0c00
#define GICD_IROUTER    0x6000   /* v3: 64-bit per SPI, at + 8 * INTID */

#define GICD_CTLR_RWP        (1u << 31) /* v3 */
#define GICD_CTLR_ARE        (1u << 4)  /* v3, single security state */
#define GICD_CTLR_ENABLE_G1  (1u << 1)  /* v3 */
#define GICD_CTLR_ENABLE     (1u << 0)  /* v2 */

#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10

#define GICR_CTLR       0x0000
#define GICR_TYPER      0x0008   /* 64-bit: affinity in [63:32], Last = bit 4, VLPIS = bit 1 */
#define GICR_WAKER      0x0014
#define GICR_SGI_BASE   0x10000
#define GICR_FRAME      0x20000
#define GICR_CTLR_RWP   (1u << 3)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* Bounded polling: a register that never settles is an error, not a hang. */
#define GIC_POLL_LIMIT 1000000u

#endif
