#include "ipc.h"
#include "notice.h"
#include "ipc_handle_cache.h"
#include "arch.h"
#include "channel.h"
#include "clock.h"
#include "handle.h"
#include "kcache.h"
#include "kheap.h"
#include "process.h"
#include "security.h"
#include "string.h"
#include "panic.h"
#include "vm.h"
#include "run.h"
#include "invariants.h"
#include <vigil/core.h>
#include "ksm/fast.h"
#include "ksm/ksm.h"
#include "ksm/layout.h"
#include <vigil/msg.h>
#include <vigil/syscall.h>

/* The kernel's copy of the message in flight. The kernel is not preemptible and a transfer never
 * blocks, so one buffer serves every transfer. */
static uint8_t bounce_msg[VG_MSG_MAX_SIZE] __attribute__((aligned(16)));
static uint8_t bounce_arena[VG_ARENA_MAX_SIZE] __attribute__((aligned(16)));
static struct kcache sync_cache;

void ipc_init(void)
{
    kcache_init(&sync_cache, "ipc-sync", sizeof(struct ipc_sync), 1024, &kheap_pages);
}

enum side { SENDER, RECEIVER };

struct xfer {
    rc_t rc;
    enum side blame;    /* whose fault an error is */
};

static struct xfer fail(enum side who, rc_t rc) { return (struct xfer){rc, who}; }

/* The handle fields of a message, prepared for transfer into the receiver's table: nothing is visible
 * there until commit, and an abort restores both tables exactly. */
struct handle_batch {
    const struct ksm_msg_layout *layout;
    struct handle_transfer tx[VG_MSG_MAX_HANDLES];
    uint32_t n;
};

static void batch_abort(struct handle_batch *b)
{
    while (b->n)
        handle_transfer_abort(&b->tx[--b->n]);
}

static rc_t batch_prepare(struct handle_batch *b, const struct vg_msg_hdr *h, uint32_t size, unsigned kind,
                          int server_class, struct process *sp, struct process *dp, ksm_sid_t sids[])
{
    /* Where the handle fields are: the method's layout in the server's class. */
    b->n = 0;
    b->layout = ksm_message_layout(server_class, h->riid, h->mid,
                                   kind == KSM_EV_REQUEST ? KSM_DIR_REQUEST
                                   : kind == KSM_EV_ERROR ? KSM_DIR_ERROR
                                                          : KSM_DIR_RESPONSE);
    if (!b->layout || b->layout->nhandles != h->ncaps)
        return rcInvalidArgument;
    for (uint32_t i = 0; i < b->layout->nfields && b->n < h->ncaps; i++) {
        const struct ksm_field *f = &b->layout->fields[i];
        if (f->kind != KSM_F_HANDLE)
            continue;
        const struct vg_handle_desc *d = (const struct vg_handle_desc *)((const uint8_t *)h + f->offset);
        rc_t rc = (uint64_t)f->offset + sizeof *d > size || (f->offset & 3)
                      ? rcInvalidArgument
                      : handle_transfer_prepare(&sp->handles, d->handle, d->rights, &dp->handles, &b->tx[b->n]);
        if (rc != rcOk) {
            batch_abort(b);
            return rc;
        }
        sids[b->n] = b->tx[b->n].sid;
        b->n++;
    }
    if (b->n != h->ncaps) {
        batch_abort(b);
        return rcInvalidArgument;
    }
    return rcOk;
}

/* The receiver gets its own handle values, with the rights as narrowed. */
static void batch_patch(const struct handle_batch *b, struct vg_msg_hdr *h)
{
    for (uint32_t i = 0, n = 0; n < b->n; i++) {
        if (b->layout->fields[i].kind != KSM_F_HANDLE)
            continue;
        struct vg_handle_desc *d = (struct vg_handle_desc *)((uint8_t *)h + b->layout->fields[i].offset);
        d->handle = b->tx[n].value;
        d->rights = b->tx[n].rights;
        n++;
    }
}

/* The KSM's decision on the kernel's copy, or the channel's remembered constant grant. The classes and
 * SIDs are the real sender's and receiver's at the time of the message (a client handle may have been
 * copied or transferred to another process since the channel was made), and so is the route: a
 * remembered grant holds only for the same route, kind, method and size. */
static rc_t decide(struct channel *c, unsigned kind, const struct vg_msg_hdr *h, uint32_t size, struct ksm_event *ev,
                   struct process *sp, struct process *dp, uint32_t nhandles)
{
    /* An error response shares its method's way: both are checked against kind below. */
    struct ksm_memo *memo = &c->memo[kind == KSM_EV_REQUEST ? 0 : 1][h->mid % CHANNEL_MEMO_WAYS];
    if (memo->route && memo->src_class == sp->class_id && memo->dst_class == dp->class_id &&
        memo->epoch == ksm_epoch_now && memo->size == size && memo->riid == h->riid && memo->mid == h->mid &&
        memo->kind == kind && !h->arena_size && !nhandles)
        return rcOk; /* the same constant decision as last time: the header was checked already */
    const struct ksm_route *route = security_route(sp->class_id, dp->class_id);
    ev->kind = kind;
    ev->src_sid = sp->obj.sid;
    ev->dst_sid = dp->obj.sid;
    ev->src_class = sp->class_id;
    ev->dst_class = dp->class_id;
    ev->riid = h->riid;
    ev->mid = h->mid;
    ev->msg = bounce_msg;
    ev->msg_size = size;
    ev->arena = bounce_arena;
    ev->arena_size = h->arena_size;
    ev->nhandles = nhandles;
    unsigned kept;
    rc_t rc = security_check_memo(route, ev, &kept);
    if (rc == rcOk && kept == KSM_MEMO_SAME_SIZE && !h->arena_size && !nhandles)
        *memo = (struct ksm_memo){route, sp->class_id, dp->class_id, ksm_epoch_now, size, h->riid, h->mid, (uint8_t)kind};
    return rc;
}

/* Whether dst's receive buffers take size and arena_size bytes: mapped, writable. The answer is kept
 * for the buffers while the space is not narrowed (unmap, protect), so it is usually a compare. */
static bool receive_buffers_check(struct thread *dst, const struct vg_msgbuf *b, uint32_t size, uint32_t arena_size)
{
    const struct vm *vm = &dst->proc->vm;
    if (!vm_range_allows(vm, (uint64_t)b->data, size, VG_PROT_WRITE) ||
        !vm_range_allows(vm, (uint64_t)b->arena, arena_size, VG_PROT_WRITE))
        return false;
    dst->ipc.checked.narrowed = vm->narrowed;
    dst->ipc.checked.data = (uint64_t)b->data;
    dst->ipc.checked.arena = (uint64_t)b->arena;
    dst->ipc.checked.data_len = size;
    dst->ipc.checked.arena_len = arena_size;
    return true;
}

static inline bool receive_buffers_writable(struct thread *dst, const struct vg_msgbuf *b, uint32_t size,
                                            uint32_t arena_size)
{
    if (dst->ipc.checked.narrowed == dst->proc->vm.narrowed && dst->ipc.checked.data == (uint64_t)b->data &&
        size <= dst->ipc.checked.data_len && (arena_size == 0 || (dst->ipc.checked.arena == (uint64_t)b->arena &&
                                                                 arena_size <= dst->ipc.checked.arena_len)))
        return true;
    return receive_buffers_check(dst, b, size, arena_size);
}

/* Copies a message from src's buffer to dst's buffer through the bounce buffers. In the order of
 * seL4's fastpath: every check that can fail without the policy (the sender's message, the receiver's
 * buffers, the handles), then the policy's decision, exactly once, on the bytes dst will get; past that
 * point of no return nothing can fail (the receiver's buffers were checked mapped and writable, the
 * handle slots reserved), so a decided message is always delivered and never decided again. */
static struct xfer transfer(struct thread *src, const struct vg_msgbuf *sbuf, struct thread *dst,
                            struct vg_msgbuf *dbuf, unsigned kind, struct channel *c, bool stay_in_dst)
{
    struct vg_msg_hdr *h = (struct vg_msg_hdr *)bounce_msg;
    uint32_t size;
    struct aspace *home = thread_current()->as;
    rc_t rc = rcOk;
    bool shape_ok;
    if (src->ipc.send_regs) {
        /* The register ABI: the memory form is rebuilt from the saved registers (kernel memory). */
        const uint64_t *regs = arch_user_regs(src->kstack_top);
        size = vg_reg_size(regs[1]);
        if (size < sizeof *h || size > VG_REG_MAX_SIZE || (regs[1] >> 56) != 0)
            return fail(SENDER, rcInvalidArgument);
        *h = (struct vg_msg_hdr){.size = size, .riid = vg_reg_riid(regs[1]), .mid = vg_reg_mid(regs[1]),
                                 .flags = vg_reg_flags(regs[1])};
        memcpy(bounce_msg + sizeof *h, &regs[2], size - sizeof *h);
        shape_ok = kind == KSM_EV_REQUEST ? h->flags == VG_MSG_REQUEST
                                          : (h->flags & ~VG_MSG_ERROR) == VG_MSG_RESPONSE;
    } else {
        size = sbuf->data_size;
        if (size < sizeof *h || size > VG_MSG_MAX_SIZE)
            return fail(SENDER, rcInvalidArgument);
        arch_aspace_activate(src->as);
        rc = arch_copy_from_user(bounce_msg, (uint64_t)sbuf->data, size);
        shape_ok = rc == rcOk && h->size == size && h->reserved == 0 && h->ncaps <= VG_MSG_MAX_HANDLES &&
                   h->arena_size <= sbuf->arena_size && h->arena_size <= VG_ARENA_MAX_SIZE &&
                   (kind == KSM_EV_REQUEST ? h->flags == VG_MSG_REQUEST
                                           : (h->flags & ~VG_MSG_ERROR) == VG_MSG_RESPONSE);
        if (shape_ok && h->arena_size)
            rc = arch_copy_from_user(bounce_arena, (uint64_t)sbuf->arena, h->arena_size);
    }
    /* The active space may stay the sender's or the receiver's from here: every copy activates the
     * space it needs, and the return to user mode the caller's (syscall_dispatch). */
    if (rc != rcOk)
        return fail(SENDER, rcSourceFault);
    if (!shape_ok)
        return fail(SENDER, rcInvalidArgument);
    if (kind != KSM_EV_REQUEST) {
        /* A response answers the call the kernel knows, whatever the server wrote there. */
        h->riid = dst->ipc.riid;
        h->mid = dst->ipc.mid;
        if (h->flags & VG_MSG_ERROR)
            kind = KSM_EV_ERROR;
    }
    struct process *sp = src->proc, *dp = dst->proc;
    /* The receiver's side, before anything is decided: room, and memory that takes the bytes. A
     * register receiver takes a message that fits in its saved registers, any other in its memory
     * buffer (for a Recv, the fallback descriptor, read now that it is needed). */
    bool to_regs = dst->ipc.recv_regs && size <= VG_REG_MAX_SIZE && !h->arena_size && !h->ncaps;
    if (!to_regs) {
        if (dst->ipc.recv_regs && dst->ipc.fallback) {
            arch_aspace_activate(dst->as);
            rc = arch_copy_from_user(dbuf, dst->ipc.fallback, sizeof *dbuf);
            if (rc != rcOk)
                return fail(RECEIVER, rcTargetFault);
            dst->ipc.fallback = 0;
        }
        if (dbuf->data_size < size || dbuf->arena_size < h->arena_size)
            return fail(RECEIVER, rcBufferTooSmall);
        if (!receive_buffers_writable(dst, dbuf, size, h->arena_size))
            return fail(RECEIVER, rcTargetFault);
    }
    struct handle_batch batch; /* not initialised as a whole: it is large and usually unused */
    batch.n = 0;
    struct ksm_event ev;
    /* The interface is the server's: its class gives where the handle fields are. */
    int server_class = kind == KSM_EV_REQUEST ? dp->class_id : sp->class_id;
    if (h->ncaps && (rc = batch_prepare(&batch, h, size, kind, server_class, sp, dp, ev.handle_sids)) != rcOk)
        return fail(SENDER, rc);
    if ((rc = decide(c, kind, h, size, &ev, sp, dp, batch.n)) != rcOk) {
        batch_abort(&batch);
        return fail(SENDER, rc);
    }
    /* The point of no return: the message is decided and will be delivered. */
    if (kind == KSM_EV_REQUEST) {
        src->ipc.riid = h->riid; /* the method the response will answer */
        src->ipc.mid = h->mid;
    }
    batch_patch(&batch, h);
    if (dst->ipc.recv_regs) {
        uint64_t *regs = arch_user_regs(dst->kstack_top);
        regs[1] = vg_reg_hdr(size, h->riid, h->mid, h->flags) | (to_regs ? 0 : VG_REG_IN_MEMORY);
        for (unsigned i = 0; i < VG_REG_WORDS; i++)
            regs[2 + i] = 0; /* nothing of an earlier message or of the receiver's own past the size */
        if (to_regs)
            memcpy(&regs[2], bounce_msg + sizeof *h, size - sizeof *h);
    }
    if (!to_regs) {
        arch_aspace_activate(dst->as);
        rc = arch_copy_to_user((uint64_t)dbuf->data, bounce_msg, size);
        if (rc == rcOk && h->arena_size)
            rc = arch_copy_to_user((uint64_t)dbuf->arena, bounce_arena, h->arena_size);
        if (!stay_in_dst) /* the receiver runs next otherwise: its space is the one to keep */
            arch_aspace_activate(home);
        if (rc != rcOk) /* the buffers were checked writable above and nothing can have changed them since */
            panic("IPC: copy to a checked receive buffer failed");
    } else if (!stay_in_dst) {
        arch_aspace_activate(home);
    }
    for (uint32_t i = 0; i < batch.n; i++)
        handle_transfer_commit(&batch.tx[i]);
    return fail(SENDER, rcOk);
}

static rc_t read_msgbuf(uint64_t user, struct vg_msgbuf *out)
{
    return arch_copy_from_user(out, user, sizeof *out) == rcOk ? rcOk : rcSourceFault;
}

/* ---- interrupt objects ---- */

static void sync_destroyed(struct kobject *o)
{
    kcache_free(&sync_cache, (struct ipc_sync *)o);
}

rc_t ipc_sync_create(struct ipc_sync **out)
{
    struct ipc_sync *s = kcache_alloc(&sync_cache);
    if (!s)
        return rcOutOfMemory;
    rc_t rc = kobject_init(&s->obj, KOBJ_IPC_SYNC, sync_destroyed);
    if (rc != rcOk) {
        kcache_free(&sync_cache, s);
        return rc;
    }
    s->interrupted = s->owned = false;
    s->waiters = 0;
    *out = s;
    return rcOk;
}

static void sync_attach(struct thread *t, struct ipc_sync *s)
{
    t->ipc.sync = s;
    if (s) {
        kobject_ref(&s->obj);
        t->ipc.sync_next = s->waiters;
        s->waiters = t;
    }
}

static void sync_unlink(struct thread *t);

static inline void sync_detach(struct thread *t)
{
    if (t->ipc.sync)
        sync_unlink(t);
}

static void sync_unlink(struct thread *t)
{
    struct ipc_sync *s = t->ipc.sync;
    for (struct thread **p = &s->waiters; *p; p = &(*p)->ipc.sync_next) {
        if (*p == t) {
            *p = t->ipc.sync_next;
            break;
        }
    }
    t->ipc.sync = 0;
    t->ipc.sync_next = 0;
    kobject_unref(&s->obj);
}

/* ---- the end of a wait ----
 * Whoever ends a thread's IPC wait (a peer that delivers or replies, a timeout, an interrupt object,
 * a peer or a channel end that goes away) unlinks it from everything at that moment, through
 * ipc_complete: off the port's queue, off its server, off its interrupt object, IDLE, with its result.
 * A woken thread is then in no IPC structure, so nothing can reach it again before it runs: a late
 * Reply finds no client, a second waker finds it IDLE, a handoff finds it no longer blocked. */

static void unlink_client(struct thread *client)
{
    struct thread *server = client->ipc.served_by;
    if (server && server->ipc.serving == client) {
        server->ipc.serving = 0;
        server->ipc.serving_lost = true; /* its Reply gets rcNotConnected */
    }
    client->ipc.served_by = 0;
}

/* Ends t's wait with rc without making it runnable (the caller wakes it or hands it the CPU). */
static inline void ipc_complete(struct thread *t, rc_t rc)
{
    if (t->ipc.state == IPC_WAIT_REPLY)
        unlink_client(t);
    if (t->waiting_on && (t->ipc.state == IPC_SENDING || t->ipc.state == IPC_RECEIVING))
        wait_queue_detach(t->waiting_on, t);
    sync_detach(t);
    t->ipc.state = IPC_IDLE;
    t->ipc.rc = rc;
}

void ipc_wake(struct thread *t, rc_t rc)
{
    ipc_complete(t, rc);
    sched_wake(t);
}

void ipc_wait_cancelled(struct thread *t, rc_t rc)
{
    if (t->ipc.state != IPC_IDLE)
        ipc_complete(t, rc);
}

void ipc_sync_set(struct ipc_sync *s, bool interrupted)
{
    s->interrupted = interrupted;
    if (!interrupted)
        return;
    while (s->waiters)
        ipc_wake(s->waiters, rcIpcInterrupt); /* detaches it from s */
}

static rc_t lookup_sync(struct process *p, uint32_t h, struct ipc_sync **out)
{
    *out = 0;
    if (h == 0)
        return rcOk;
    struct kobject *o;
    rc_t rc = handle_lookup(&p->handles, h, KOBJ_ANY, 0, &o, 0);
    if (rc != rcOk)
        return rc;
    /* A notification receiver serves as one: interrupted while it has events (kernel/notice.h). */
    if (o->type == KOBJ_NOTICE)
        *out = notice_ipc_sync((struct notice *)o);
    else if (o->type == KOBJ_IPC_SYNC)
        *out = (struct ipc_sync *)o;
    else
        return rcInvalidArgument;
    return (*out)->interrupted ? rcIpcInterrupt : rcOk;
}

void ipc_thread_abort(struct thread *t)
{
    uint64_t flags = arch_irq_save();
    /* Its own wait: it will never run again (or, the current thread, is not waiting). */
    if (t->ipc.state != IPC_IDLE)
        ipc_complete(t, rcNotConnected);
    if (t->ipc.chan && t != thread_current()) {
        /* Killed in Call: give back the reference ipc_call took on the channel. */
        struct channel *c = t->ipc.chan;
        t->ipc.chan = 0;
        kobject_unref(&c->client);
    }
    /* The client it holds a request of learns that no answer will come. */
    struct thread *client = t->ipc.serving;
    if (client) {
        t->ipc.serving = 0;
        ipc_wake(client, rcNotConnected);
    }
    t->ipc.serving_lost = false;
    t->ipc.serve_chan = 0;
    sync_detach(t);
    arch_irq_restore(flags);
}

/* ---- Call ---- */

static bool accepts(struct thread *receiver, struct channel *c)
{
    return !receiver->ipc.only || receiver->ipc.only == c;
}

/* Delivers the caller's request to the first receiver waiting on the port that accepts the channel.
 * *to is that receiver, off every queue but still blocked: the caller hands it the CPU. */
static rc_t deliver_to_waiting_receiver(struct thread *self, struct ipc_port *port, struct channel *c,
                                        struct thread **to)
{
    *to = 0;
    for (struct thread *r = port->receivers.head, *next; r; r = next) {
        next = r->next;
        if (!accepts(r, c))
            continue;
        struct xfer x = transfer(self, &self->ipc.req, r, &r->ipc.req, KSM_EV_REQUEST, c, true);
        if (x.rc != rcOk && x.blame == SENDER)
            return x.rc;
        if (x.rc != rcOk) {
            ipc_wake(r, x.rc); /* its buffer failed: its Recv returns the error, nothing was decided */
            continue;
        }
        ipc_complete(r, rcOk);
        r->ipc.serve_chan = c;
        r->ipc.serving = self;
        r->ipc.serving_lost = false;
        self->ipc.served_by = r;
        self->ipc.state = IPC_WAIT_REPLY;
        *to = r;
        return rcOk;
    }
    return rcOk;
}

/* regs: the register ABI (the request in the saved registers, the response delivered there, or, when
 * it does not fit, to the descriptor at user address user_res: 0 for none). */
static rc_t call(uint32_t h, bool regs, uint64_t user_req, uint64_t user_res, uint64_t timeout_ns, uint32_t sync)
{
    struct thread *self = thread_current();
    struct process *p = self->proc;
    struct kobject *o;
    struct ipc_sync *s;
    rc_t rc;
    struct ipc_handle_cache *hc = &self->ipc.hcache[0];
    if (ipc_handle_cached(hc, h)) {
        o = hc->obj; /* a client end with the client right (ipc_handle_cache.h) */
    } else {
        uint32_t rights;
        if ((rc = handle_lookup(&p->handles, h, KOBJ_CHANNEL_CLIENT, VG_RIGHT_IPC_CLIENT, &o, &rights)) != rcOk)
            return rc;
        if (ipc_client_end(o, rights))
            ipc_handle_cache_fill(hc, h, o, rights);
    }
    struct channel *c = channel_of_client(o);
    if (c->server_gone)
        return rcNotConnected;
    if ((rc = lookup_sync(p, sync, &s)) != rcOk)
        return rc;
    if (regs) {
        self->ipc.req = self->ipc.res = (struct vg_msgbuf){0, 0, 0, 0};
    } else if ((rc = read_msgbuf(user_req, &self->ipc.req)) != rcOk ||
               (rc = read_msgbuf(user_res, &self->ipc.res)) != rcOk) {
        return rc;
    }
    self->ipc.send_regs = self->ipc.recv_regs = regs;
    self->ipc.fallback = regs ? user_res : 0;
    struct ipc_port *port = channel_port(c);
    self->ipc.chan = c;
    self->ipc.rc = rcOk;
    self->ipc.state = IPC_SENDING;
    struct thread *receiver;
    if ((rc = deliver_to_waiting_receiver(self, port, c, &receiver)) != rcOk) {
        self->ipc.state = IPC_IDLE;
        self->ipc.chan = 0;
        return rc;
    }
    kobject_ref(&c->client); /* the channel stays while we wait (ipc_thread_abort gives it back) */
    self->ipc.fast_wait = regs && !s && timeout_ns == UINT64_MAX;
    sync_attach(self, s);
    if (receiver)
        sched_block_handoff(0, timeout_ns, receiver);
    else
        sched_block(&port->senders, timeout_ns);
    /* Whoever woke us unlinked us (ipc_complete) and left the result. */
    rc = self->ipc.rc;
    self->ipc.chan = 0;
    kobject_unref(&c->client);
    return rc;
}

rc_t ipc_call(uint32_t h, uint64_t user_req, uint64_t user_res, uint64_t timeout_ns, uint32_t sync)
{
    return call(h, false, user_req, user_res, timeout_ns, sync);
}

rc_t ipc_call_reg(uint32_t h, uint64_t fallback, uint64_t timeout_ns, uint32_t sync)
{
    return call(h, true, 0, fallback, timeout_ns, sync);
}

/* ---- Recv ---- */

static rc_t lookup_port(struct thread *self, uint32_t h, struct ipc_port **port, struct channel **only)
{
    struct kobject *o;
    uint32_t rights;
    struct ipc_handle_cache *c = &self->ipc.hcache[1];
    if (ipc_handle_cached(c, h)) {
        o = c->obj; /* a server end or listener with its right (ipc_handle_cache.h) */
        rights = c->rights;
    } else {
        rc_t rc = handle_lookup(&self->proc->handles, h, KOBJ_ANY, 0, &o, &rights);
        if (rc != rcOk)
            return rc;
        if (ipc_server_side(o, rights))
            ipc_handle_cache_fill(c, h, o, rights);
    }
    if (o->type == KOBJ_LISTENER) {
        if (!(rights & VG_RIGHT_IPC_LISTENER))
            return rcNoCapability;
        *port = &((struct listener *)o)->port;
        *only = 0;
        return rcOk;
    }
    if (o->type == KOBJ_CHANNEL_SERVER) {
        if (!(rights & VG_RIGHT_IPC_SERVER))
            return rcNoCapability;
        *only = channel_of_server(o);
        *port = channel_port(*only);
        return rcOk;
    }
    return rcInvalidArgument;
}

/* Recv on a port; `handoff` (or NULL) is a client just replied to, still blocked: it runs next, or is
 * woken if this Recv does not block. */
static rc_t recv_on(struct thread *self, struct ipc_port *port, struct channel *only, const struct vg_msgbuf *req,
                    uint64_t timeout_ns, uint32_t sync, struct thread *handoff)
{
    struct ipc_sync *s;
    rc_t rc;
    if ((rc = lookup_sync(self->proc, sync, &s)) != rcOk) {
        if (handoff)
            sched_wake(handoff);
        return rc;
    }
    self->ipc.req = *req;
    self->ipc.only = only;
    self->ipc.port = port;
    self->ipc.serving_lost = false;
    uint64_t start = timeout_ns == UINT64_MAX ? 0 : clock_now_ns();
    for (bool again = false;; again = true) {
        /* Found again: between a wake and our run we were attached to nothing, and the interrupt
         * object may have been set, or its handle closed (a receiver's: the receiver destroyed). */
        if (again && sync && lookup_sync(self->proc, sync, &s) != rcOk) {
            rc = rcIpcInterrupt;
            break;
        }
        struct thread *client = port->senders.head;
        while (client && only && client->ipc.chan != only)
            client = client->next;
        if (client) {
            struct channel *c = client->ipc.chan;
            struct xfer x = transfer(client, &client->ipc.req, self, &self->ipc.req, KSM_EV_REQUEST, c, false);
            if (x.rc != rcOk && x.blame == RECEIVER) {
                rc = x.rc; /* our buffer: the client stays queued, its request undecided */
                break;
            }
            if (x.rc != rcOk) {
                ipc_wake(client, x.rc);
                continue;
            }
            wait_queue_detach(&port->senders, client);
            client->ipc.state = IPC_WAIT_REPLY;
            client->ipc.served_by = self;
            self->ipc.serving = client;
            self->ipc.serve_chan = c;
            rc = rcOk;
            break;
        }
        if (ipc_port_orphaned(port, only)) {
            rc = rcNotConnected; /* no client is left that could ever send */
            break;
        }
        self->ipc.state = IPC_RECEIVING;
        self->ipc.rc = rcOk;
        self->ipc.fast_wait = self->ipc.recv_regs && !s && timeout_ns == UINT64_MAX;
        sync_attach(self, s);
        if (handoff) {
            sched_block_handoff(&port->receivers, timeout_ns, handoff);
            handoff = 0;
        } else {
            sched_block(&port->receivers, timeout_ns);
        }
        /* Whoever woke us unlinked us (ipc_complete): a request, or the reason there is none. */
        if (self->ipc.rc != rcOk || self->ipc.serving)
            return self->ipc.rc;
        /* Given a request whose client went away before we ran (its timeout fired or it was killed
         * on the way back to us): that request is given up as at the start of a Recv, so a Reply
         * says rcInvalidThreadState, and we wait again for what is left of the timeout. */
        self->ipc.serving_lost = false;
        if (timeout_ns != UINT64_MAX) {
            uint64_t waited = clock_now_ns() - start;
            if (waited >= timeout_ns) {
                rc = rcTimeout;
                break;
            }
            timeout_ns -= waited;
            start += waited;
        }
    }
    if (handoff)
        sched_wake(handoff);
    return rc;
}

rc_t ipc_recv(uint32_t h, uint64_t user_req, uint64_t timeout_ns, uint32_t sync)
{
    struct thread *self = thread_current();
    struct ipc_port *port;
    struct channel *only;
    /* Asking for the next request gives up the one whose client went away (serving_lost: a Reply
     * would have said rcNotConnected), whether or not this Recv gets anywhere. */
    self->ipc.serving_lost = false;
    rc_t rc = lookup_port(self, h, &port, &only);
    if (rc != rcOk)
        return rc;
    if (self->ipc.serving)
        return rcInvalidThreadState; /* reply to the request received before */
    struct vg_msgbuf req;
    if ((rc = read_msgbuf(user_req, &req)) != rcOk)
        return rc;
    self->ipc.recv_regs = false;
    self->ipc.fallback = 0;
    return recv_on(self, port, only, &req, timeout_ns, sync, 0);
}

/* ---- Reply ---- */

/* regs: the register ABI (the response in the saved registers; with `receive`, the next request
 * delivered there, or to the descriptor at user address `next`); otherwise user_res and, with
 * `receive`, the descriptor at `next` are the memory ABI's. */
static rc_t reply(uint32_t h, bool regs, uint64_t user_res, bool receive, uint64_t next_addr, uint64_t timeout_ns,
                  uint32_t sync)
{
    struct thread *self = thread_current();
    struct ipc_port *port;
    struct channel *only;
    struct vg_msgbuf res = {0, 0, 0, 0};
    rc_t rc = lookup_port(self, h, &port, &only);
    if (rc != rcOk)
        return rc;
    struct thread *client = self->ipc.serving;
    if (!client) {
        bool lost = self->ipc.serving_lost;
        self->ipc.serving_lost = false;
        return lost ? rcNotConnected : rcInvalidThreadState;
    }
    struct channel *c = self->ipc.serve_chan;
    if ((only && only != c) || (!only && channel_port(c) != port))
        return rcInvalidArgument; /* not the handle the request came through */
    struct vg_msgbuf next = {0, 0, 0, 0};
    if (!regs && ((rc = read_msgbuf(user_res, &res)) != rcOk ||
                  (receive && (rc = read_msgbuf(next_addr, &next)) != rcOk)))
        return rc;
    self->ipc.send_regs = regs;
    /* With a receive to follow, the answered client is likely to run next: keep its space active. */
    struct xfer x = transfer(self, &res, client, &client->ipc.res, KSM_EV_RESPONSE, c, receive);
    /* The client's Call ends here, with the response or with the reason it could not have it. */
    self->ipc.serving = 0;
    client->ipc.served_by = 0;
    ipc_complete(client, x.rc);
    if (!receive || x.rc != rcOk) {
        sched_wake(client);
        return x.rc;
    }
    /* Reply then Recv: the client we answered gets the CPU as we block for the next request. */
    self->ipc.recv_regs = regs;
    self->ipc.fallback = regs ? next_addr : 0;
    return recv_on(self, port, only, &next, timeout_ns, sync, client);
}

rc_t ipc_reply(uint32_t h, uint64_t user_res, uint64_t user_next_req, uint64_t timeout_ns, uint32_t sync)
{
    return reply(h, false, user_res, user_next_req != 0, user_next_req, timeout_ns, sync);
}

rc_t ipc_reply_recv_reg(uint32_t h, bool with_reply, uint64_t fallback, uint64_t timeout_ns, uint32_t sync)
{
    if (with_reply)
        return reply(h, true, 0, true, fallback, timeout_ns, sync);
    struct thread *self = thread_current();
    struct ipc_port *port;
    struct channel *only;
    self->ipc.serving_lost = false; /* as in ipc_recv */
    rc_t rc = lookup_port(self, h, &port, &only);
    if (rc != rcOk)
        return rc;
    if (self->ipc.serving)
        return rcInvalidThreadState;
    self->ipc.recv_regs = true;
    self->ipc.fallback = fallback;
    static const struct vg_msgbuf none = {0, 0, 0, 0};
    return recv_on(self, port, only, &none, timeout_ns, sync, 0);
}

/* ---- the security interface ---- */

rc_t ipc_security_query(uint64_t user_req)
{
    struct thread *self = thread_current();
    struct process *p = self->proc;
    struct vg_msgbuf in;
    rc_t rc = read_msgbuf(user_req, &in);
    if (rc != rcOk)
        return rc;
    struct vg_msg_hdr *h = (struct vg_msg_hdr *)bounce_msg;
    if (in.data_size < sizeof *h || in.data_size > VG_MSG_MAX_SIZE)
        return rcInvalidArgument;
    if (arch_copy_from_user(bounce_msg, (uint64_t)in.data, in.data_size) != rcOk)
        return rcSourceFault;
    if (h->size != in.data_size || h->reserved || h->ncaps || h->flags != VG_MSG_REQUEST ||
        h->arena_size > in.arena_size || h->arena_size > VG_ARENA_MAX_SIZE)
        return rcInvalidArgument;
    if (h->arena_size && arch_copy_from_user(bounce_arena, (uint64_t)in.arena, h->arena_size) != rcOk)
        return rcSourceFault;
    /* Like a message with no recipient: from the caller's class to itself, on its security interface. */
    struct ksm_event ev;
    ev.kind = KSM_EV_SECURITY;
    ev.src_sid = p->obj.sid;
    ev.dst_sid = KSM_NO_SID;
    ev.src_class = p->class_id;
    ev.dst_class = p->class_id;
    ev.riid = h->riid;
    ev.mid = h->mid;
    ev.msg = bounce_msg;
    ev.msg_size = in.data_size;
    ev.arena = bounce_arena;
    ev.arena_size = h->arena_size;
    ev.nhandles = 0;
    return security_check(security_route(p->class_id, p->class_id), &ev);
}

/* ---- the end of a fastpath wait ---- */

void ipc_fast_resumed(uint64_t *regs)
{
    struct thread *self = thread_current();
    rc_t rc = self->ipc.rc;
    if (self->ipc.chan) {
        /* A Call: the tail of call(). */
        struct channel *c = self->ipc.chan;
        self->ipc.chan = 0;
        kobject_unref(&c->client);
    } else if (rc == rcOk && !self->ipc.serving) {
        /* A Recv given a request whose client went away before we ran: wait again, as recv_on does
         * (a fastpath Recv has no timeout and no interrupt object). */
        static const struct vg_msgbuf none = {0, 0, 0, 0};
        self->ipc.serving_lost = false;
        rc = recv_on(self, self->ipc.port, self->ipc.only, self->ipc.fallback ? &none : &self->ipc.req,
                     UINT64_MAX, 0, 0);
    }
    regs[0] = (uint64_t)(int64_t)rc;
    /* The rest of a system call's way out (syscall_dispatch, trap_dispatch). */
    if (kernel_checks)
        invariants_check();
    arch_aspace_activate(self->as);
    sched_preempt_point();
}
