/* Devices for user-space drivers (kl.core.Core io.IO, docs/drivers.md). A device is named by its
 * device tree node ("pl031@9010000") or a compatible string ("arm,pl031"); the policy decides every
 * open by that name. Each region and interrupt has one holder at a time; handles cannot be copied or
 * sent; closing one (vg_handle_close) unmaps / detaches it, and so does the holder's death. */
#ifndef VIGIL_IO_H
#define VIGIL_IO_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/core.h>
#include <vigil/handle.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

/* A handle to the device's MMIO region and its size in bytes (either pointer may be NULL). */
rc_t vg_io_open_mmio(const char *device, vg_handle_t *h, uint64_t *size);
/* Maps it (Device-nGnRE, never executable); *regs is the device's first register. prot VG_PROT_READ
 * or VG_PROT_READ | VG_PROT_WRITE. */
rc_t vg_io_map_mmio(vg_handle_t h, unsigned prot, volatile void **regs);
/* A handle to the device's interrupt, enabled at once; *intid its GIC INTID (may be NULL). */
rc_t vg_io_open_irq(const char *device, vg_handle_t *h, uint32_t *intid);
/* Waits for the interrupt (rcOk) or timeout_ns (rcTimeout; VG_INFINITE waits forever, 0 polls). The
 * interrupt is masked from its firing until vg_io_ack_irq: clear the device's condition, then ack. */
rc_t vg_io_wait_irq(vg_handle_t h, uint64_t timeout_ns);
rc_t vg_io_ack_irq(vg_handle_t h);
/* A DMA buffer: size bytes (rounded up to pages) of physically contiguous zeroed memory, *bus the
 * address a device uses for it; map it with vg_io_map_mmio (normal memory). At most 1 MiB per process
 * (rcQuotaExceeded); freed when the handle closes or the process ends. */
rc_t vg_io_alloc_dma(size_t size, vg_handle_t *h, uint64_t *bus);

#endif
