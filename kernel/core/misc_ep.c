/* time.Time, hal.HAL and handle.Handle. */
#include "core.h"
#include "../arch.h"
#include "../clock.h"
#include "../console.h"
#include "../pmem.h"
#include "../process.h"

static rc_t now(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    val[0] = clock_now_ns();
    return rcOk;
}

static rc_t debug_write(const struct core_args *a, uint64_t val[2])
{
    /* The kernel is not preemptible: the bytes of one call are never interleaved with another's. */
    for (uint32_t i = 0; i < a->str_size[0]; i++)
        arch_console_putc(a->str[0][i]);
    val[0] = a->str_size[0];
    return rcOk;
}

static rc_t mem_info(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    val[0] = pmem_free_frames() * PMEM_FRAME_SIZE;
    val[1] = process_current()->vm.frames * PMEM_FRAME_SIZE;
    return rcOk;
}

/* Until the capability layer lands, a process holds exactly one handle, VG_CORE_HANDLE. */
static rc_t handle_close(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    return a->arg[0] == VG_CORE_HANDLE ? rcInvalidOperation : rcInvalidArgument;
}

static rc_t handle_copy(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    return a->arg[0] == VG_CORE_HANDLE ? rcNoCapability : rcInvalidArgument;
}

static const struct core_method time_methods[] = {[VG_TIME_NOW] = {now, 0, 0, 0}};
static const struct core_method hal_methods[] = {
    [VG_HAL_DEBUG_WRITE] = {debug_write, 0, 1, 0},
    [VG_HAL_MEM_INFO] = {mem_info, 0, 0, 0},
};
static const struct core_method handle_methods[] = {
    [VG_HANDLE_CLOSE] = {handle_close, 1, 0, 0},
    [VG_HANDLE_COPY] = {handle_copy, 2, 0, 0},
};
const struct core_endpoint core_time_ep = {"time.Time", time_methods, 1};
const struct core_endpoint core_hal_ep = {"hal.HAL", hal_methods, 2};
const struct core_endpoint core_handle_ep = {"handle.Handle", handle_methods, 2};
