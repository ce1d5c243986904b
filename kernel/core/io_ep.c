/* io.IO: devices for user-space drivers (kernel/io.h, docs/drivers.md). */
#include "core.h"
#include "../io.h"
#include "../process.h"
#include <stdbool.h>

/* The device names of kl.core.IO's IDL: string<47>. */
#define IO_NAME_MAX 48u

/* OpenMmio and OpenIrq: a device name in, a handle and one more value out. */
static rc_t open_named(const struct core_args *a, uint64_t val[2], bool irq)
{
    if (a->str_size[0] > IO_NAME_MAX)
        return rcInvalidArgument;
    uint32_t h, intid = 0;
    uint64_t v = 0;
    rc_t rc = irq ? io_irq_open(process_current(), a->str[0], &h, &intid)
                  : io_mmio_open(process_current(), a->str[0], &h, &v);
    if (rc == rcOk) {
        val[0] = h;
        val[1] = irq ? intid : v;
    }
    return rc;
}

static rc_t open_mmio(const struct core_args *a, uint64_t val[2]) { return open_named(a, val, false); }

static rc_t map_mmio(const struct core_args *a, uint64_t val[2])
{
    if (a->arg[0] > UINT32_MAX || a->arg[1] > 7)
        return rcInvalidArgument;
    return io_mmio_map(process_current(), (uint32_t)a->arg[0], (unsigned)a->arg[1], &val[0]);
}

static rc_t open_irq(const struct core_args *a, uint64_t val[2]) { return open_named(a, val, true); }

static rc_t wait_irq(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    return io_irq_wait(process_current(), (uint32_t)a->arg[0], a->arg[1]);
}

static rc_t ack_irq(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    return io_irq_ack(process_current(), (uint32_t)a->arg[0]);
}

static rc_t alloc_dma(const struct core_args *a, uint64_t val[2])
{
    uint32_t h;
    uint64_t bus;
    rc_t rc = io_dma_alloc(process_current(), a->arg[0], &h, &bus);
    if (rc == rcOk) {
        val[0] = h;
        val[1] = bus;
    }
    return rc;
}

static const struct core_method methods[] = {
    [VG_IO_OPEN_MMIO] = {open_mmio, 0, 1, 1}, [VG_IO_MAP_MMIO] = {map_mmio, 2, 0, 0},
    [VG_IO_OPEN_IRQ] = {open_irq, 0, 1, 1},   [VG_IO_WAIT_IRQ] = {wait_irq, 2, 0, 0},
    [VG_IO_ACK_IRQ] = {ack_irq, 1, 0, 0},     [VG_IO_ALLOC_DMA] = {alloc_dma, 1, 0, 0},
};
const struct core_endpoint core_io_ep = {"io.IO", methods, sizeof methods / sizeof methods[0]};
