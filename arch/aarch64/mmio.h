/* Device register access. In the kernel: single 32/64-bit loads and stores through the linear map
 * (plain ldr/str, so a trapped access always has a valid syndrome). Host tests define
 * VIGIL_MMIO_HOOKS and supply these functions to model a device's registers. */
#ifndef VIGIL_ARCH_MMIO_H
#define VIGIL_ARCH_MMIO_H

#include <stdint.h>

#ifdef VIGIL_MMIO_HOOKS
uint32_t mmio_read32(uintptr_t addr);
void mmio_write32(uintptr_t addr, uint32_t value);
uint64_t mmio_read64(uintptr_t addr);
void mmio_write64(uintptr_t addr, uint64_t value);
/* Register-block address for a device PA (host tests: the PA is already a host address). */
static inline uintptr_t mmio_va(uint64_t pa) { return (uintptr_t)pa; }
#else
#include "kernel/arch.h"

static inline uint32_t mmio_read32(uintptr_t addr)
{
    uint32_t v;
    __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    return v;
}
static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
    __asm__ volatile("str %w0, [%1]" ::"rZ"(value), "r"(addr) : "memory");
}
static inline uint64_t mmio_read64(uintptr_t addr)
{
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    return v;
}
static inline void mmio_write64(uintptr_t addr, uint64_t value)
{
    __asm__ volatile("str %x0, [%1]" ::"rZ"(value), "r"(addr) : "memory");
}
static inline uintptr_t mmio_va(uint64_t pa) { return (uintptr_t)phys_to_virt(pa); }
#endif

#endif
