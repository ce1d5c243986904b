/* Devices for user-space drivers (docs/drivers.md): a process gets a handle to a device's MMIO region
 * or to its interrupt, found by the device tree node's name ("pl031@9010000") or a compatible string
 * ("arm,pl031"). Each region and each interrupt has at most one holder in the whole system; the
 * kernel's own devices (its console UART, the GIC, the timer) and RAM are never given out. Handles
 * have no rights: they cannot be copied or sent. Closing one (or the holder's death) unmaps the region
 * / detaches the interrupt and frees the device for the next holder. No locking: callers serialise. */
#ifndef KERNEL_IO_H
#define KERNEL_IO_H

#include <stdint.h>
#include <vigil/rc.h>

struct process;

/* A handle in p's table to the region of device `name` (a NUL-terminated string); *size the region's
 * size in bytes. rcDeviceNotFound: no such device, or it has no region. rcNoCapability: the kernel's
 * own device (or a region overlapping one). rcInvalidOperation: RAM. rcBusy: held (by any process,
 * p included; pages shared with a held device count). rcQuotaExceeded, rcOutOfMemory. */
rc_t io_mmio_open(struct process *p, const char *name, uint32_t *h, uint64_t *size);
/* Maps the region of mmio handle h into p (Device-nGnRE, never executable; a DMA buffer's handle: normal
 * memory, never executable) at an address the kernel
 * chooses; *va is the first register (the region's offset within its first page kept). prot
 * VG_PROT_READ or READ|WRITE. rcInvalidArgument: not an mmio or dma handle of p, bad prot. rcAlreadyExists:
 * mapped already. */
rc_t io_mmio_map(struct process *p, uint32_t h, unsigned prot, uint64_t *va);
/* A DMA buffer for p: size bytes (rounded up to pages) of physically contiguous, zeroed RAM; *bus the
 * address a device uses for its first byte. Charged to p's DMA quota (PROCESS_DMA_QUOTA_FRAMES), not to
 * its memory quota; freed when the handle closes or p ends. Mapped (normal memory) by io_mmio_map.
 * rcInvalidArgument: size 0. rcQuotaExceeded: over the quota. rcOutOfMemory: no such run of frames. */
rc_t io_dma_alloc(struct process *p, uint64_t size, uint32_t *h, uint64_t *bus);
/* A handle to the first interrupt of device `name`; *intid its GIC INTID. The interrupt is enabled at
 * once. Errors as io_mmio_open's, rcDeviceNotFound also when the device has no interrupt. */
rc_t io_irq_open(struct process *p, const char *name, uint32_t *h, uint32_t *intid);
/* Waits until irq handle h's interrupt has fired (rcOk, consuming the event) or timeout_ns passed
 * (rcTimeout; 0 only polls). rcBusy: another thread waits on it. rcNotConnected: the handle was
 * closed while waiting. The interrupt stays masked from its firing until io_irq_ack. */
rc_t io_irq_wait(struct process *p, uint32_t h, uint64_t timeout_ns);
/* Unmasks the interrupt after it fired. rcInvalidOperation: it has not fired since the last ack. */
rc_t io_irq_ack(struct process *p, uint32_t h);

/* Regions and interrupts held now, over all processes (leak checks). */
unsigned io_held_count(void);

#endif
