/* Reference counting with a FIFO of objects whose count reached zero. `defer` counts the callers that
 * hold destroys back; the queue is drained only by whoever brings it from 1 to 0, and draining itself
 * holds it at 1, so a callback's own releases are queued behind it instead of recursing. */
#include "kernel/kobject.h"

static size_t live;
static unsigned defer;
static struct kobject *dead_head, *dead_tail;
static void (*sid_release)(sid_t sid);

const struct kobject_watch *kobject_watch;

void kobject_set_sid_release(void (*fn)(sid_t sid)) { sid_release = fn; }
void kobject_set_watch(const struct kobject_watch *w) { kobject_watch = w; }

static const char *const type_names[KOBJ_TYPE_COUNT] = {
    [KOBJ_ANY] = "any",
    [KOBJ_PROCESS] = "process",
    [KOBJ_THREAD] = "thread",
    [KOBJ_CHANNEL_CLIENT] = "channel-client",
    [KOBJ_CHANNEL_SERVER] = "channel-server",
    [KOBJ_LISTENER] = "listener",
    [KOBJ_IPC_SYNC] = "ipc-sync",
    [KOBJ_USER] = "user",
    [KOBJ_NOTICE] = "notice",
    [KOBJ_TIMER] = "timer",
    [KOBJ_TASK] = "task",
    [KOBJ_MMIO] = "mmio",
    [KOBJ_IRQ] = "irq",
    [KOBJ_DMA] = "dma",
};

const char *kobject_type_name(uint32_t type)
{
    return type < KOBJ_TYPE_COUNT ? type_names[type] : "?";
}

rc_t kobject_init(struct kobject *obj, uint32_t type, kobject_destroy_fn destroy)
{
    if (obj == NULL || type == KOBJ_ANY || type >= KOBJ_TYPE_COUNT)
        return rcInvalidArgument;
    sid_t sid;
    rc_t rc = sid_alloc(&sid);
    if (rc != rcOk)
        return rc;
    obj->type = type;
    obj->sid = sid;
    obj->refs = 1;
    obj->dead_next = NULL;
    obj->destroy = destroy;
    obj->watchers = NULL;
    live++;
    return rcOk;
}

void kobject_ref(struct kobject *obj) { obj->refs++; }

static void drain(void)
{
    while (dead_head != NULL) {
        struct kobject *obj = dead_head;
        dead_head = obj->dead_next;
        if (dead_head == NULL)
            dead_tail = NULL;
        sid_t sid = obj->sid;
        live--;
        if (obj->watchers != NULL && kobject_watch != NULL)
            kobject_watch->destroyed(obj); /* its subscribers learn it, and let go of it */
        if (obj->destroy != NULL)
            obj->destroy(obj); /* obj may be gone after this */
        if (sid_release != NULL)
            sid_release(sid);
        sid_free(sid);
    }
}

void kobject_defer_begin(void) { defer++; }

void kobject_defer_end(void)
{
    if (defer == 1)
        drain(); /* still counted as deferred, so callbacks only queue */
    defer--;
}

rc_t kobject_unref(struct kobject *obj)
{
    if (obj == NULL || obj->refs == 0)
        return rcInvalidArgument;
    if (--obj->refs != 0)
        return rcOk;
    obj->dead_next = NULL;
    if (dead_tail != NULL)
        dead_tail->dead_next = obj;
    else
        dead_head = obj;
    dead_tail = obj;
    kobject_defer_begin();
    kobject_defer_end();
    return rcOk;
}

size_t kobject_live_count(void) { return live; }
