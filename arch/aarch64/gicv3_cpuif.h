/* GICv3 CPU interface system registers (ICC_*_EL1) and MPIDR, as tiny functions so host tests
 * (VIGIL_MMIO_HOOKS) can replace them. Encodings: Arm GICv3 architecture spec, ch. 12. */
#ifndef VIGIL_ARCH_GICV3_CPUIF_H
#define VIGIL_ARCH_GICV3_CPUIF_H

#include <stdint.h>

#ifdef VIGIL_MMIO_HOOKS
uint64_t icc_sre_read(void);
void icc_sre_write(uint64_t v);
void icc_pmr_write(uint64_t v);
void icc_bpr1_write(uint64_t v);
void icc_ctlr_write(uint64_t v);
void icc_igrpen1_write(uint64_t v);
uint64_t icc_iar1_read(void);
void icc_eoir1_write(uint64_t v);
uint64_t cpu_mpidr_read(void);
void cpu_isb(void);
#else
#define GICV3_SYSREG_RW(name, reg)                                                     \
    static inline uint64_t name##_read(void)                                           \
    {                                                                                  \
        uint64_t v;                                                                    \
        __asm__ volatile("mrs %0, " reg : "=r"(v)::"memory");                          \
        return v;                                                                      \
    }                                                                                  \
    static inline void name##_write(uint64_t v) { __asm__ volatile("msr " reg ", %0" ::"r"(v) : "memory"); }
GICV3_SYSREG_RW(icc_sre, "S3_0_C12_C12_5")
GICV3_SYSREG_RW(icc_pmr, "S3_0_C4_C6_0")
GICV3_SYSREG_RW(icc_bpr1, "S3_0_C12_C12_3")
GICV3_SYSREG_RW(icc_ctlr, "S3_0_C12_C12_4")
GICV3_SYSREG_RW(icc_igrpen1, "S3_0_C12_C12_7")
GICV3_SYSREG_RW(icc_iar1, "S3_0_C12_C12_0")
GICV3_SYSREG_RW(icc_eoir1, "S3_0_C12_C12_1")
GICV3_SYSREG_RW(cpu_mpidr, "mpidr_el1")
#undef GICV3_SYSREG_RW
static inline void cpu_isb(void) { __asm__ volatile("isb" ::: "memory"); }
#endif

#endif
