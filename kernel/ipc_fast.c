/* The IPC fastpath (docs/ipc.md, "The fastpath"): CallReg to a server thread waiting in a register
 * Recv, and ReplyRecvReg to a client waiting for a register response, when the policy's build-time
 * table (ksm/fast.h) grants the message as it stands. In the manner of seL4's fastpath: every
 * condition first, reading only; if one fails nothing has changed and the function returns, and the
 * general path (kernel/ipc.c) takes the call and decides the same. Past the point of no return nothing
 * can fail: the caller blocks with no kernel frames (arch_fast_save: whoever wakes it through the
 * general path resumes it in ipc_fast_resumed, which ends the system call as the general path would),
 * the message goes from the caller's saved registers to the peer's, and the peer returns to user mode
 * straight from them. Interrupts stay masked throughout (exception entry masks them). Every lookup is
 * inline (handle_slot.h, ksm/fast.h, fast_inline.h): a call out costs more than what it does here. */
#include "ipc.h"
#include "arch.h"
#include "channel.h"
#include "handle_slot.h"
#include "ipc_handle_cache.h"
#include "invariants.h"
#include "panic.h"
#include "process.h"
#include "run.h"
#include "sched_fast.h"
#include "fast_inline.h"
#include "ksm/fast.h"
#include <vigil/rights.h>
#include <vigil/syscall.h>

/* On unless the boot options turn it off (kernel/main.c): the differential tests run both ways. */
bool ipc_fastpath_on = true;
uint64_t ipc_fast_calls, ipc_fast_replies;

/* Every way back to the general path (el0_sync, vectors.S): the message registers, which the entry did
 * not save, go to the frame the general path reads. */
#define FAST_BAIL()                                                                                         \
    do {                                                                                                    \
        regs[1] = hdr, regs[2] = w0, regs[3] = w1, regs[4] = w2, regs[5] = w3, regs[6] = w4, regs[7] = w5;   \
        return;                                                                                             \
    } while (0)

/* The payload word i of a register message whose payload has n bytes: the sender's word, cut at the
 * size, zero past it (nothing of the receiver's own registers or of the sender's past the size reaches
 * the receiver). */
static inline __attribute__((always_inline)) uint64_t payload_word(uint64_t w, uint32_t n, uint32_t i)
{
    if (n >= 8 * (i + 1))
        return w;
    return n <= 8 * i ? 0 : w & ((1ull << (8 * (n - 8 * i))) - 1);
}

/* The message checks both directions share: a header word of the right kind (flags, size, bits 56-63
 * zero), no timeout, no interrupt object, a handle value that fits; the size the header gives, or 0. */
static inline __attribute__((always_inline)) uint32_t fast_header(const uint64_t *regs, uint64_t hdr, uint32_t flags)
{
    uint32_t size = vg_reg_size(hdr);
    if (((hdr >> 48) ^ flags) | ~regs[9] | regs[10] | regs[0] >> 32)
        return 0;
    if (size - sizeof(struct vg_msg_hdr) > VG_REG_MAX_SIZE - sizeof(struct vg_msg_hdr))
        return 0;
    return size;
}

/* The object and rights of handle h of self's process, through self's cache entry c (which holds only
 * handles that passed `accept` before, so a hit needs no type check either): the same answer as
 * handle_fast_lookup, which a miss asks and whose answer, when accepted, is kept. NULL: not live, or
 * not of the kind accepted. */
#define CACHED_LOOKUP(self, c, h, rights_out, accept)                                                      \
    ({                                                                                                      \
        struct ipc_handle_cache *c_ = (c);                                                                  \
        struct kobject *o_ = c_->obj;                                                                       \
        *(rights_out) = c_->rights;                                                                         \
        if (__builtin_expect(!ipc_handle_cached(c_, (h)), 0)) {                                             \
            o_ = handle_fast_lookup(&(self)->proc->handles, (h), (rights_out));                             \
            if (o_ && !(accept)(o_, *(rights_out)))                                                         \
                o_ = NULL;                                                                                  \
            if (o_)                                                                                         \
                ipc_handle_cache_fill(c_, (h), o_, *(rights_out));                                          \
        }                                                                                                   \
        o_;                                                                                                 \
    })

/* A thread that may be handed the message in its registers now: waiting for exactly that, with no
 * timer or interrupt object that would have to be disarmed (fast_wait, set as it blocked), and nothing
 * more urgent to run. */
static inline bool fast_target(const struct thread *t)
{
    return t->ipc.fast_wait && sched_fast_switch_ok(t);
}

/* Whether the policy grants a message of `method` (mid | riid << 16 | size << 32) from class src to
 * class dst now as a constant, unaudited grant: the channel's memo of the last such answer in this
 * direction, else the build-time table (ksm_fast_size), whose yes is remembered. The memo is a cache of
 * a function of (route, method, size, epoch) that the key holds whole, so it decides the same. */
static inline __attribute__((always_inline)) bool fast_granted(struct ipc_fast_memo *m, unsigned kind, int src,
                                                               int dst, uint64_t method)
{
    uint64_t classes = (uint64_t)(uint32_t)src << 32 | (uint32_t)dst;
    if (__builtin_expect(((m->classes ^ classes) | (m->method ^ method) | (m->epoch ^ ksm_epoch_now)) == 0, 1))
        return true; /* one test of the three words: no branch between the loads */
    /* Off by the boot option: nothing is remembered then, so this is the only place to ask. */
    if (!ipc_fastpath_on ||
        ksm_fast_size(ksm_fast_route(src, dst), kind, (uint32_t)(method >> 16) & 0xffff, (uint32_t)method & 0xffff) !=
            (uint32_t)(method >> 32))
        return false;
    *m = (struct ipc_fast_memo){classes, method, ksm_epoch_now, {0, 0, 0}};
    return true;
}

/* The end of both: the caller blocks with no kernel frames and `to` returns to user mode with the
 * message of `size` bytes (header word hdr, payload w0..w5 as the sender gave them). */
#define SWITCH_TO_PEER(self, to, hdr, size, w0, w1, w2, w3, w4, w5)                                             \
    do {                                                                                                    \
        arch_fast_space((to)->as);                                                                          \
        arch_fast_save(&(self)->ctx, regs); /* the caller's frame (the system call's argument) */           \
        write_sysreg(tpidr_el0, (to)->ctx.tpidr_el0);                                                       \
        (self)->state = THREAD_BLOCKED;                                                                     \
        (self)->wake_reason = rcOk;                                                                         \
        (to)->state = THREAD_RUNNING;                                                                       \
        sched_current = (to);                                                                               \
        if (__builtin_expect(arch_fast_work_pending(), 0)) {                                                \
            arch_fast_fp_out();                                                                             \
            if (kernel_checks) {                                                                            \
                if (!(to)->as || arch_aspace_active != (to)->as || regs != arch_fast_regs((self)->kstack_top)) \
                    panic("IPC fastpath: a user thread without its space or off its own frame");           \
                invariants_check();                                                                         \
            }                                                                                               \
        }                                                                                                   \
        uint32_t n_ = (size) - (uint32_t)sizeof(struct vg_msg_hdr);                                         \
        uint64_t *regs_ = arch_fast_regs((to)->kstack_top);                                                 \
        if (__builtin_expect(n_ == 8, 1)) /* one scalar: the common case */                                 \
            arch_fast_leave(regs_, hdr, w0, 0, 0, 0, 0, 0);                                                 \
        arch_fast_leave(regs_, hdr, payload_word(w0, n_, 0), payload_word(w1, n_, 1), payload_word(w2, n_, 2),  \
                        payload_word(w3, n_, 3), payload_word(w4, n_, 4), payload_word(w5, n_, 5));         \
    } while (0)

void ipc_fast_call(uint64_t *regs, uint64_t hdr, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
                   uint64_t w5)
{
    uint32_t size = fast_header(regs, hdr, VG_MSG_REQUEST);
    if (!size)
        FAST_BAIL();
    struct thread *self = sched_current;
    struct process *p = self->proc;
    uint32_t rights;
    struct kobject *o = CACHED_LOOKUP(self, &self->ipc.hcache[0], (uint32_t)regs[0], &rights, ipc_client_end);
    if (!o)
        FAST_BAIL(); /* (a register kernel call never comes here: the entry sends it to core_call_fast) */
    struct channel *c = channel_of_client(o);
    struct ipc_port *port = &c->listener->port;
    struct thread *r = port->receivers.head;
    if (c->server_gone || !r || (r->ipc.only && r->ipc.only != c) || !fast_target(r))
        FAST_BAIL();
    uint16_t riid = vg_reg_riid(hdr), mid = vg_reg_mid(hdr);
    struct ipc_fast_memo *m = &c->fast_memo[KSM_EV_REQUEST][mid % CHANNEL_MEMO_WAYS];
    if (!fast_granted(m, KSM_EV_REQUEST, p->class_id, r->proc->class_id, (uint32_t)hdr | (uint64_t)size << 32))
        FAST_BAIL();
    /* The point of no return: the request is granted and r takes it. */
    self->ipc.state = IPC_WAIT_REPLY;
    self->ipc.rc = rcOk;
    self->ipc.chan = c;
    self->ipc.served_by = r;
    c->client.refs++; /* as a Call holds it (kobject_ref; the general path's tail gives it back) */
    self->ipc.mid = mid;
    self->ipc.riid = riid;
    self->ipc.send_regs = self->ipc.recv_regs = self->ipc.fast_wait = true;
    self->ipc.fallback = regs[11];
    /* A response that does not fit has no buffer but the fallback: sizes 0 (transfer reads this
     * descriptor only for its sizes when the fallback is 0; rcBufferTooSmall). */
    self->ipc.res.data_size = self->ipc.res.arena_size = 0;
    port->receivers.head = r->next;
    r->next = 0;
    r->waiting_on = 0;
    r->ipc.state = IPC_IDLE;
    r->ipc.rc = rcOk;
    r->ipc.serve_chan = c;
    r->ipc.serving = self;
    r->ipc.serving_lost = false;
    ipc_fast_calls++;
    SWITCH_TO_PEER(self, r, hdr, size, w0, w1, w2, w3, w4, w5);
}

void ipc_fast_reply_recv(uint64_t *regs, uint64_t hdr, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
                         uint64_t w4, uint64_t w5)
{
    uint32_t size = fast_header(regs, hdr, VG_MSG_RESPONSE);
    struct thread *self = sched_current;
    struct thread *client = self->ipc.serving;
    if (!size || !client || !fast_target(client))
        FAST_BAIL();
    /* The handle must name the channel the request came through, as the general path checks: its
     * server end, or the listener that gathers it. */
    uint32_t rights;
    struct process *p = self->proc;
    struct kobject *o = CACHED_LOOKUP(self, &self->ipc.hcache[1], (uint32_t)regs[0], &rights, ipc_server_side);
    struct channel *c = self->ipc.serve_chan, *only;
    if (!o)
        FAST_BAIL();
    if (o->type == KOBJ_CHANNEL_SERVER && channel_of_server(o) == c)
        only = c;
    else if (o->type == KOBJ_LISTENER && (struct listener *)o == c->listener)
        only = 0;
    else
        FAST_BAIL();
    struct ipc_port *port = &c->listener->port;
    /* A request already waiting is received at once, and a port no client can reach any more ends the
     * Recv: both for the general path. c's client end still held means neither port is orphaned
     * (ipc_port_orphaned: a listener counts it among its live clients). The Call's reference on the
     * channel is not its last one (it is dropped here, and a last one would destroy the channel). */
    if (port->senders.head || c->client_gone || c->client.refs < 2)
        FAST_BAIL();
    /* The response answers the method the kernel recorded for the call, whatever the server wrote. */
    uint64_t method = client->ipc.mid | (uint32_t)client->ipc.riid << 16 | (uint64_t)size << 32;
    struct ipc_fast_memo *m = &c->fast_memo[KSM_EV_RESPONSE][client->ipc.mid % CHANNEL_MEMO_WAYS];
    if (!fast_granted(m, KSM_EV_RESPONSE, p->class_id, client->proc->class_id, method))
        FAST_BAIL();
    /* The point of no return: the response is granted; we wait for the next request. */
    self->ipc.serving = 0;
    self->ipc.serving_lost = false;
    self->ipc.send_regs = self->ipc.recv_regs = self->ipc.fast_wait = true;
    self->ipc.fallback = regs[11];
    self->ipc.req.data_size = self->ipc.req.arena_size = 0; /* as res in ipc_fast_call */
    self->ipc.only = only;
    self->ipc.port = port;
    self->ipc.state = IPC_RECEIVING;
    self->ipc.rc = rcOk;
    sched_fast_enqueue(&port->receivers, self);
    client->ipc.served_by = 0;
    client->ipc.state = IPC_IDLE;
    client->ipc.rc = rcOk;
    client->ipc.chan = 0;
    c->client.refs--; /* the Call's reference, not the last (checked above) */
    ipc_fast_replies++;
    SWITCH_TO_PEER(self, client, method | (uint64_t)VG_MSG_RESPONSE << 48, size, w0, w1, w2, w3, w4, w5);
}
