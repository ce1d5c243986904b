/* The IPC fastpath (docs/ipc.md, "The fastpath"): CallReg to a server thread waiting in a register
 * Recv, and ReplyRecvReg to a client waiting for a register response, when the policy's build-time
 * table (ksm/fast.h) grants the message as it stands. In the manner of seL4's fastpath: every
 * condition first, reading only; if one fails nothing has changed and the function returns, and the
 * general path (kernel/ipc.c) takes the call and decides the same. Past the point of no return nothing
 * can fail: the caller blocks with no kernel frames (arch_fast_block: whoever wakes it through the
 * general path resumes it in ipc_fast_resumed, which ends the system call as the general path would),
 * the message goes from the caller's saved registers to the peer's, and the peer returns to user mode
 * straight from them. Interrupts stay masked throughout (exception entry masks them). */
#include "ipc.h"
#include "arch.h"
#include "channel.h"
#include "handle.h"
#include "invariants.h"
#include "process.h"
#include "run.h"
#include "sched_fast.h"
#include "ksm/fast.h"
#include <vigil/rights.h>
#include <vigil/syscall.h>

/* On unless the boot options turn it off (kernel/main.c): the differential tests run both ways. */
bool ipc_fastpath_on = true;
uint64_t ipc_fast_calls, ipc_fast_replies;

/* The payload words of a register message of `size` bytes, from the sender's saved registers to the
 * receiver's: whole words, the last one cut at the size, zeros past it (nothing of the receiver's own
 * registers or of the sender's past the size reaches the receiver). */
static inline void copy_words(uint64_t *to, const uint64_t *from, uint32_t size)
{
    uint32_t n = size - (uint32_t)sizeof(struct vg_msg_hdr);
    for (uint32_t i = 0; i < VG_REG_WORDS; i++) {
        uint64_t w = from[i];
        if (n < 8 * (i + 1))
            w = n <= 8 * i ? 0 : w & ((1ull << (8 * (n - 8 * i))) - 1);
        to[i] = w;
    }
}

/* The message checks both directions share: a header word of the right kind, no timeout, no interrupt
 * object; the size the header gives, or 0. */
static inline uint32_t fast_header(const uint64_t *regs, uint32_t flags)
{
    uint64_t hdr = regs[1];
    uint32_t size = vg_reg_size(hdr);
    if ((hdr >> 48) != flags || regs[9] != VG_INFINITE || regs[10] != 0 || regs[0] > UINT32_MAX ||
        size < sizeof(struct vg_msg_hdr) || size > VG_REG_MAX_SIZE)
        return 0;
    return size;
}

/* A thread that may be handed the message in its registers now: waiting for exactly that, with no
 * timer or interrupt object that would have to be disarmed, and nothing more urgent to run. */
static inline bool fast_target(const struct thread *t)
{
    return t->ipc.recv_regs && !t->ipc.sync && !t->timeout.armed && sched_fast_switch_ok(t);
}

/* The end of both: the caller blocks with no kernel frames and `to` returns to user mode. */
static inline __attribute__((always_inline, noreturn)) void switch_to_peer(struct thread *self, struct thread *to)
{
    arch_fast_block(&self->ctx, self->kstack_top);
    sched_fast_switch(self, to);
    if (kernel_checks)
        invariants_check();
    arch_fast_return(to->kstack_top, to->ctx.tpidr_el0);
}

void ipc_fast_call(uint64_t *regs)
{
    struct thread *self = sched_current;
    uint32_t size = fast_header(regs, VG_MSG_REQUEST);
    if (!size || !ipc_fastpath_on)
        return;
    uint32_t rights;
    struct process *p = self->proc;
    struct kobject *o = handle_peek(&p->handles, (uint32_t)regs[0], &rights);
    if (!o || o->type != KOBJ_CHANNEL_CLIENT || !(rights & VG_RIGHT_IPC_CLIENT))
        return;
    struct channel *c = channel_of_client(o);
    struct ipc_port *port = &c->listener->port;
    struct thread *r = port->receivers.head;
    if (c->server_gone || !r || (r->ipc.only && r->ipc.only != c) || !fast_target(r))
        return;
    uint16_t riid = vg_reg_riid(regs[1]), mid = vg_reg_mid(regs[1]);
    if (ksm_fast_size(ksm_route(p->class_id, r->proc->class_id), KSM_EV_REQUEST, riid, mid) != size)
        return;
    /* The point of no return: the request is granted and r takes it. */
    self->ipc.chan = c;
    kobject_ref(&c->client); /* as a Call holds it (the general path's tail gives it back) */
    self->ipc.state = IPC_WAIT_REPLY;
    self->ipc.rc = rcOk;
    self->ipc.served_by = r;
    self->ipc.riid = riid;
    self->ipc.mid = mid;
    self->ipc.send_regs = self->ipc.recv_regs = true;
    self->ipc.fallback = regs[11];
    self->ipc.req = self->ipc.res = (struct vg_msgbuf){0, 0, 0, 0};
    port->receivers.head = r->next;
    r->next = 0;
    r->waiting_on = 0;
    r->ipc.state = IPC_IDLE;
    r->ipc.rc = rcOk;
    r->ipc.serve_chan = c;
    r->ipc.serving = self;
    r->ipc.serving_lost = false;
    uint64_t *to = arch_user_regs(r->kstack_top);
    to[0] = rcOk;
    to[1] = regs[1];
    copy_words(&to[2], &regs[2], size);
    ipc_fast_calls++;
    switch_to_peer(self, r);
}

void ipc_fast_reply_recv(uint64_t *regs)
{
    struct thread *self = sched_current;
    uint32_t size = fast_header(regs, VG_MSG_RESPONSE);
    struct thread *client = self->ipc.serving;
    if (!size || !client || !ipc_fastpath_on || !fast_target(client))
        return;
    /* The handle must name the channel the request came through, as the general path checks: its
     * server end, or the listener that gathers it. */
    uint32_t rights;
    struct process *p = self->proc;
    struct kobject *o = handle_peek(&p->handles, (uint32_t)regs[0], &rights);
    struct channel *c = self->ipc.serve_chan, *only;
    if (!o)
        return;
    if (o->type == KOBJ_CHANNEL_SERVER && (rights & VG_RIGHT_IPC_SERVER) && channel_of_server(o) == c)
        only = c;
    else if (o->type == KOBJ_LISTENER && (rights & VG_RIGHT_IPC_LISTENER) && (struct listener *)o == c->listener)
        only = 0;
    else
        return;
    struct ipc_port *port = &c->listener->port;
    /* A request already waiting is received at once, and a port no client can reach any more ends the
     * Recv: both for the general path. The Call's reference on the channel is not its last one (it
     * is dropped here, and a last one would destroy the channel). */
    if (port->senders.head || ipc_port_orphaned(port, only) || c->client.refs < 2)
        return;
    if (ksm_fast_size(ksm_route(p->class_id, client->proc->class_id), KSM_EV_RESPONSE, client->ipc.riid,
                      client->ipc.mid) != size)
        return;
    /* The point of no return: the response is granted; we wait for the next request. */
    self->ipc.serving = 0;
    self->ipc.serving_lost = false;
    self->ipc.send_regs = self->ipc.recv_regs = true;
    self->ipc.fallback = regs[11];
    self->ipc.req = (struct vg_msgbuf){0, 0, 0, 0};
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
    uint64_t *to = arch_user_regs(client->kstack_top);
    to[0] = rcOk;
    to[1] = vg_reg_hdr(size, client->ipc.riid, client->ipc.mid, VG_MSG_RESPONSE);
    copy_words(&to[2], &regs[2], size);
    ipc_fast_replies++;
    switch_to_peer(self, client);
}
