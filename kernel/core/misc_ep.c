/* time.Time, hal.HAL and handle.Handle. */
#include "core.h"
#include "../arch.h"
#include "../clock.h"
#include "../console.h"
#include "../pmem.h"
#include "../process.h"
#include "../handle.h"
#include "../kobject.h"
#include "../thread.h"
#include "../ipc.h"
#include "fast_inline.h"

static rc_t now(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    val[0] = clock_ticks_to_ns(arch_fast_counter()); /* clock_now_ns, inline: the null kernel call */
    return rcOk;
}

#define DEBUG_WRITE_CHUNK 256u

static rc_t debug_write(const struct core_args *a, uint64_t val[2])
{
    /* The bytes of one call are never interleaved with another's: no other thread runs until it
     * returns. Interrupts are taken between chunks (timeouts fire, threads become ready) so that a
     * long write does not hold them off. */
    for (uint32_t i = 0; i < a->str_size[0]; i++) {
        arch_console_putc(a->str[0][i]);
        if (i % DEBUG_WRITE_CHUNK == DEBUG_WRITE_CHUNK - 1)
            sched_irq_window();
    }
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

/* VG_CORE_HANDLE is not in the table: the kernel channel can be neither closed nor copied. */
static rc_t handle_close_m(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    if (a->arg[0] == VG_CORE_HANDLE)
        return rcInvalidOperation;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    return handle_close(&process_current()->handles, (uint32_t)a->arg[0]);
}

static rc_t handle_copy_m(const struct core_args *a, uint64_t val[2])
{
    if (a->arg[0] == VG_CORE_HANDLE)
        return rcNoCapability;
    if (a->arg[0] > UINT32_MAX || a->arg[1] > UINT32_MAX)
        return rcInvalidArgument;
    handle_t out;
    rc_t rc = handle_copy(&process_current()->handles, (uint32_t)a->arg[0], (uint32_t)a->arg[1], &out);
    if (rc == rcOk)
        val[0] = out;
    return rc;
}

static rc_t handle_revoke_m(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    if (a->arg[0] == VG_CORE_HANDLE)
        return rcInvalidOperation;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    return handle_revoke(&process_current()->handles, (uint32_t)a->arg[0]);
}

/* The SID the security module knows the handle's object by (what a policy reads as message.h.handle). */
static rc_t handle_get_sid_m(const struct core_args *a, uint64_t val[2])
{
    if (a->arg[0] == VG_CORE_HANDLE)
        return rcNoCapability;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    sid_t sid;
    rc_t rc = handle_get_sid(&process_current()->handles, (uint32_t)a->arg[0], &sid);
    if (rc == rcOk)
        val[0] = sid;
    return rc;
}

/* Leak checks from user space: kernel objects alive (with a SID) and handles in all tables. */
static rc_t object_info(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    val[0] = kobject_live_count() + thread_count();
    val[1] = handle_count();
    return rcOk;
}

static const struct core_method time_methods[] = {[VG_TIME_NOW] = {now, 0, 0, 0}};
/* How many Calls and Replies the IPC fastpath delivered since boot (tests tell the paths apart). */
static rc_t ipc_stats(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    val[0] = ipc_fast_calls;
    val[1] = ipc_fast_replies;
    return rcOk;
}

static const struct core_method hal_methods[] = {
    [VG_HAL_DEBUG_WRITE] = {debug_write, 0, 1, 0},
    [VG_HAL_MEM_INFO] = {mem_info, 0, 0, 0},
    [VG_HAL_OBJECT_INFO] = {object_info, 0, 0, 0},
    [VG_HAL_IPC_STATS] = {ipc_stats, 0, 0, 0},
};
static const struct core_method handle_methods[] = {
    [VG_HANDLE_CLOSE] = {handle_close_m, 1, 0, 0},
    [VG_HANDLE_COPY] = {handle_copy_m, 2, 0, 0},
    [VG_HANDLE_REVOKE] = {handle_revoke_m, 1, 0, 0},
    [VG_HANDLE_GET_SID] = {handle_get_sid_m, 1, 0, 0},
};
const struct core_endpoint core_time_ep = {"time.Time", time_methods, 1};
const struct core_endpoint core_hal_ep = {"hal.HAL", hal_methods, 4};
const struct core_endpoint core_handle_ep = {"handle.Handle", handle_methods, 4};
