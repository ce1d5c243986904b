/* The io.IO methods (docs/core-endpoints.md, docs/drivers.md). */
#include <string.h>
#include <vigil/core_call.h>
#include <vigil/io.h>

static rc_t open_named(uint16_t mid, const char *device, vg_handle_t *h, uint64_t *v1)
{
    if (!device)
        return rcInvalidArgument;
    size_t n = strlen(device) + 1;
    if (n > VG_ARENA_MAX_SIZE)
        return rcBufferTooLarge;
    const struct vg_arena_ptr str[2] = { { 0, (uint32_t)n }, { 0, 0 } };
    uint64_t val[2] = { 0, 0 };
    rc_t rc = vg_core_call(VG_CORE_IO, mid, (const uint64_t[4]){ 0, 0, 0, 0 }, str, device, (uint32_t)n, val);
    if (rc == rcOk && h)
        *h = (vg_handle_t)val[0];
    if (rc == rcOk && v1)
        *v1 = val[1];
    return rc;
}

rc_t vg_io_open_mmio(const char *device, vg_handle_t *h, uint64_t *size)
{
    return open_named(VG_IO_OPEN_MMIO, device, h, size);
}

rc_t vg_io_map_mmio(vg_handle_t h, unsigned prot, volatile void **regs)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_IO, VG_IO_MAP_MMIO, h, prot, 0, 0, val);
    if (rc == rcOk && regs)
        *regs = (volatile void *)(uintptr_t)val[0];
    return rc;
}

rc_t vg_io_open_irq(const char *device, vg_handle_t *h, uint32_t *intid)
{
    uint64_t v = 0;
    rc_t rc = open_named(VG_IO_OPEN_IRQ, device, h, &v);
    if (rc == rcOk && intid)
        *intid = (uint32_t)v;
    return rc;
}

rc_t vg_io_wait_irq(vg_handle_t h, uint64_t timeout_ns)
{
    return vg_core_call4(VG_CORE_IO, VG_IO_WAIT_IRQ, h, timeout_ns, 0, 0, 0);
}

rc_t vg_io_ack_irq(vg_handle_t h)
{
    return vg_core_call4(VG_CORE_IO, VG_IO_ACK_IRQ, h, 0, 0, 0, 0);
}

rc_t vg_io_alloc_dma(size_t size, vg_handle_t *h, uint64_t *bus)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_IO, VG_IO_ALLOC_DMA, size, 0, 0, 0, val);
    if (rc == rcOk && h)
        *h = (vg_handle_t)val[0];
    if (rc == rcOk && bus)
        *bus = val[1];
    return rc;
}
