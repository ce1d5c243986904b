/* The kernel's counts a leak check compares: free physical memory (vg_mem_info) and live kernel
 * objects and handles (vg_object_info). The memory figure is free bytes plus the bytes charged to the
 * caller itself, so that the checking process's own heap growing (printf, malloc) does not count as
 * the kernel losing memory. Header-only, shared by user/ipcfuzz and user/ipcstress.
 * kcounts_check_back settles and reports "<prefix>_memory_back" and "<prefix>_objects_back" (check.h).
 * kcounts_settle waits (up to timeout_ns) for the counts to come back to `before`: threads and
 * processes that have ended are reclaimed by the kernel a little later than their parent learns of
 * it, so a single reading right after the last wait may still see them. */
#ifndef USER_KERNEL_COUNTS_H
#define USER_KERNEL_COUNTS_H

#include <stdint.h>
#include <vigil/vigil.h>
#include "check.h"

struct kcounts {
    uint64_t free_bytes;   /* free in the system + charged to the caller */
    uint64_t objects, handles;
};

static inline rc_t kcounts_read(struct kcounts *c)
{
    struct vg_mem_info m;
    rc_t rc = vg_mem_info(&m);
    if (rc == rcOk)
        rc = vg_object_info(&c->objects, &c->handles);
    c->free_bytes = rc == rcOk ? m.free_bytes + m.used_bytes : 0;
    return rc;
}

static inline int kcounts_equal(const struct kcounts *a, const struct kcounts *b)
{
    return a->free_bytes == b->free_bytes && a->objects == b->objects && a->handles == b->handles;
}

static inline rc_t kcounts_settle(const struct kcounts *before, struct kcounts *now, uint64_t timeout_ns)
{
    for (uint64_t waited = 0;; waited += 2000000) {
        rc_t rc = kcounts_read(now);
        if (rc != rcOk || kcounts_equal(before, now) || waited >= timeout_ns)
            return rc;
        vg_thread_sleep(2000000);
    }
}

/* read_rc: what reading `before` returned (nothing to compare when it failed). */
static inline void kcounts_check_back(const char *prefix, rc_t read_rc, const struct kcounts *before)
{
    struct kcounts after = {0, 0, 0};
    rc_t rc = read_rc == rcOk ? kcounts_settle(before, &after, 1000000000ull) : read_rc;
    char name[48];
    snprintf(name, sizeof name, "%s_memory_back", prefix);
    CHECK(name, rc == rcOk && after.free_bytes == before->free_bytes, "%s; free %llu -> %llu bytes", rc_name(rc),
          (unsigned long long)before->free_bytes, (unsigned long long)after.free_bytes);
    snprintf(name, sizeof name, "%s_objects_back", prefix);
    CHECK(name, rc == rcOk && after.objects == before->objects && after.handles == before->handles,
          "objects %llu -> %llu, handles %llu -> %llu", (unsigned long long)before->objects,
          (unsigned long long)after.objects, (unsigned long long)before->handles, (unsigned long long)after.handles);
}

#endif
