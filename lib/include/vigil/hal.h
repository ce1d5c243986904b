/* Console output and memory statistics (kl.core.Core hal.HAL). */
#ifndef VIGIL_HAL_H
#define VIGIL_HAL_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>

struct vg_mem_info {
    uint64_t free_bytes;   /* physical memory free in the whole system */
    uint64_t used_bytes;   /* memory charged to the calling process's quota */
};

/* Writes len bytes as they are (no NUL needed); len <= VG_ARENA_MAX_SIZE. */
rc_t vg_debug_write(const void *text, size_t len);
rc_t vg_mem_info(struct vg_mem_info *info);
/* Kernel objects alive (processes, threads, channel ends, ...) and handles in all processes' tables:
 * what leak checks compare before and after a test. */
rc_t vg_object_info(uint64_t *objects, uint64_t *handles);
/* The Calls and Replies the IPC fastpath delivered since boot (docs/ipc.md, "The fastpath"). */
rc_t vg_ipc_stats(uint64_t *fast_calls, uint64_t *fast_replies);

#endif
