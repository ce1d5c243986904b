/* The header embedded in every kernel object that handles can name: its type, its SID (one per
 * object, from kernel/sid.h) and a reference count. Each handle holds one reference (a revoked handle
 * holds none); kernel code that keeps a pointer across a block takes its own. When the last reference
 * goes the SID stays live while `destroy` runs (it frees the object's memory), then is freed.
 * Destroy callbacks never nest on the C stack: releases made while a callback runs (or inside
 * kobject_defer_begin/end) queue the object and the outermost call runs the queue in order, so a chain
 * of objects each holding the last reference to the next costs constant stack.
 * No locking: callers serialise. */
#ifndef KERNEL_KOBJECT_H
#define KERNEL_KOBJECT_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>
#include "kernel/sid.h"

enum kobject_type {
    KOBJ_ANY = 0,          /* only as a lookup filter: any type matches */
    KOBJ_PROCESS,
    KOBJ_THREAD,
    KOBJ_CHANNEL_CLIENT,   /* client end of an IPC channel */
    KOBJ_CHANNEL_SERVER,   /* server end of an IPC channel */
    KOBJ_LISTENER,         /* gathers server ends for one Recv */
    KOBJ_IPC_SYNC,         /* IPC interrupt object: aborts a waiting Call/Recv */
    KOBJ_USER,             /* a user resource (KnHandleCreateUserObject) */
    KOBJ_NOTICE,           /* notification receiver (kernel/notice.h) */
    KOBJ_TIMER,            /* timer raising notifications (kernel/notice.h) */
    KOBJ_TASK,             /* a process as a task handle names it (kernel/process.h) */
    KOBJ_MMIO,             /* a device's MMIO region, held by one process (kernel/io.h) */
    KOBJ_IRQ,              /* a device's interrupt, held by one process (kernel/io.h) */
    KOBJ_DMA,              /* a physically contiguous DMA buffer (kernel/io.h) */
    KOBJ_TYPE_COUNT
};

struct kobject;
typedef void (*kobject_destroy_fn)(struct kobject *obj);

struct kobject {
    uint32_t type;               /* enum kobject_type, never KOBJ_ANY */
    sid_t sid;
    uint32_t refs;
    struct kobject *dead_next;   /* destroy queue link, private */
    kobject_destroy_fn destroy;  /* may be NULL for an object that needs no teardown */
    uint32_t check_refs;         /* scratch of the checking build's reference count (kernel/invariants.c) */
    void *watchers;              /* notification subscriptions naming it (kernel/notice.c), or NULL */
};

/* Who is told when a watched object (watchers non-NULL) is destroyed, or when a handle slot naming it
 * is revoked or closed: kernel/notice.c, through kobject_set_watch (unset: nothing is told). The slot
 * is only compared, never read. Called inside kobject_defer_begin/end. */
struct kobject_watch {
    void (*destroyed)(struct kobject *obj);       /* before its destroy callback */
    void (*handle_revoked)(struct kobject *obj, const void *slot);
    void (*handle_closed)(struct kobject *obj, const void *slot);
};
extern const struct kobject_watch *kobject_watch;
void kobject_set_watch(const struct kobject_watch *w);

/* One reference, owned by the caller, and a fresh SID. rcInvalidArgument for a bad type (nothing
 * changes), rcOutOfMemory when no SID is left. */
rc_t kobject_init(struct kobject *obj, uint32_t type, kobject_destroy_fn destroy);
void kobject_ref(struct kobject *obj);
/* rcInvalidArgument (nothing changes) when obj has no reference left: a double release. */
rc_t kobject_unref(struct kobject *obj);

/* Hold destroy callbacks back until the matching end (nests); used while a structure such as the
 * handle inheritance tree is half updated, so no callback sees it inconsistent. */
void kobject_defer_begin(void);
void kobject_defer_end(void);

/* fn(sid) runs for every object's SID as it is freed, after its destroy callback: the kernel tells
 * the security module, so that a SID handed out again starts with no security context. */
void kobject_set_sid_release(void (*fn)(sid_t sid));

/* Objects initialised and not yet destroyed (leak checks). */
size_t kobject_live_count(void);
/* "process", "thread", ...; "?" for a value outside the enum. */
const char *kobject_type_name(uint32_t type);

#endif
