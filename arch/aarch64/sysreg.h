/* System register accessors and barriers for AArch64 (inline, arch/ only). */
#ifndef ARCH_AARCH64_SYSREG_H
#define ARCH_AARCH64_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " #reg : "=r"(_v)); _v; })
#define write_sysreg(reg, v) __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* SCTLR_EL1 bits */
#define SCTLR_M   (1ul << 0)
#define SCTLR_A   (1ul << 1)
#define SCTLR_C   (1ul << 2)
#define SCTLR_SA  (1ul << 3)
#define SCTLR_SA0 (1ul << 4)
#define SCTLR_I   (1ul << 12)
#define SCTLR_WXN (1ul << 19)

#endif
