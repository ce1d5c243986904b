/* The lifecycle fuzzer (user/lcfuzz). Einit, LcA and LcB each run worker threads at varied priorities
 * (clients and servers, some busy-looping so the preemption timer preempts) that make random steps:
 * Call with short timeouts and IPC interrupt objects, Recv / Reply / Reply-then-Recv with random
 * delays, exiting while holding a request, stray replies, handle copy/close, interrupt set/clear;
 * the main thread of each creates and joins the workers. Einit's main thread also starts, calls, kills
 * and waits for short-lived LcC children (two threads waiting on each) and creates and closes channels.
 * Each process also has a notification receiver (docs/notifications.md), used at random as the
 * interrupt object of Calls and Recvs, subscribed to a user object, a timer and its own channel's
 * server end; steps raise events, arm the timer, drain events while other threads wait with the
 * receiver, and make and close short-lived receivers.
 * Every return code is checked against docs/ipc.md and docs/core-endpoints.md; a process's exit code is
 * its number of violations; Einit checks the children's and that the kernel's counts came back. */
#include <stdlib.h>
#include <string.h>
#include <vigil/vigil.h>
#include "lcfuzz/Lc.idl.h"
#include "../ipcfuzz/rng.h"
#include "../t_common/kernel_counts.h"

#ifndef LCFUZZ_STEPS
#define LCFUZZ_STEPS 6000 /* worker steps per process */
#endif
#ifndef LCFUZZ_SEED
#define LCFUZZ_SEED 0x1cf0227ull
#endif

#ifndef LC_OPS
#define LC_OPS 3 /* Einit's extra steps: 1 processes, 2 channels (for narrowing a failure down) */
#endif
#ifndef LC_NOEXIT
#define LC_NOEXIT 0
#endif
#define MAXW 6
#define NSYNC 2
#define CANARY 0xa5

typedef struct lcfuzz_Lc_Ping_req req_t;
typedef struct lcfuzz_Lc_Ping_out res_t;

/* What a client slot is doing, read by the servers of the same process (seqlock-like: seq, ended). */
struct crec {
    uint32_t seq, ended, exit_mark;
    int32_t rc;
};

static const char *pname;
static unsigned pno;                  /* 0 Einit, 1 LcA, 2 LcB */
static vg_handle_t self_c, cross_c, listener, syncs[NSYNC], self_s, cross_s;
static vg_handle_t notice, uobj, ntimer; /* the process's receiver and what it is subscribed to */
enum { TAG_UOBJ = 1, TAG_TIMER = 2, TAG_CHANNEL = 3 };
static struct crec recs[MAXW];
static uint64_t n_steps, n_calls, n_viol, n_notconn_exit, n_timeout_held;
static uint64_t seed;

#define LD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define ST(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v) __atomic_fetch_add(&(x), (v), __ATOMIC_SEQ_CST)

static void viol(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void viol(const char *fmt, ...)
{
    uint64_t n = ADD(n_viol, 1);
    if (n < 30) {
        va_list ap;
        va_start(ap, fmt);
        printf("VIOLATION %s (seed %llu): ", pname, (unsigned long long)seed);
        vprintf(fmt, ap);
        printf("\n");
        va_end(ap);
    }
}

#define EXPECT(cond, what, rc) do { if (!(cond)) viol("%s: %s", what, rc_name(rc)); } while (0)

static uint64_t now(void)
{
    uint64_t t = 0;
    vg_time_now(&t);
    return t;
}

static void busy(uint64_t ns)
{
    uint64_t end = now() + ns;
    volatile unsigned x = 0;
    while (now() < end)
        for (unsigned i = 0; i < 200; i++)
            x += i;
}

static void delay(struct rng *r, uint32_t us)
{
    if (!us)
        return;
    if (rng_chance(r, 30))
        busy((uint64_t)us * 1000u);
    else
        vg_thread_sleep((uint64_t)us * 1000u);
}

static uint64_t rand_timeout(struct rng *r)
{
    unsigned k = rng_below(r, 100);
    if (k < 20)
        return 0;
    if (k < 95)
        return rng_below(r, 2000001);
    return 50000000; /* long: a server exiting while holding it ends it with rcNotConnected, mostly */
}

static vg_handle_t rand_sync(struct rng *r)
{
    if (!rng_chance(r, 20))
        return VG_INVALID_HANDLE;
    return rng_chance(r, 30) ? notice : syncs[rng_below(r, NSYNC)];
}

/* One notification step: every return code and every event as docs/notifications.md says. */
static void notice_step(struct rng *r)
{
    unsigned k = rng_below(r, 100);
    rc_t rc;
    if (k < 35) {
        rc = vg_notice_set_object_event(uobj, VG_EVENT_SPEC(rng_below(r, 16)));
        EXPECT(rc == rcOk, "notice raise", rc);
    } else if (k < 70) {
        struct vg_notice_event ev[VG_NOTICE_EVENTS_MAX];
        uint32_t max = 1 + rng_below(r, VG_NOTICE_EVENTS_MAX), n = 0;
        rc = vg_notice_get_events(notice, ev, max, rand_timeout(r) / 4, &n);
        EXPECT(rc == rcOk || rc == rcTimeout, "notice get_events", rc);
        if (rc == rcOk && (n == 0 || n > max || n > 3))
            viol("notice get_events: %u events for 3 subscriptions (max %u)", n, max);
        for (uint32_t i = 0; rc == rcOk && i < n; i++) {
            uint32_t want = ev[i].tag == TAG_UOBJ      ? VG_EVENT_SPEC_MASK
                            : ev[i].tag == TAG_TIMER   ? VG_EVENT_TIMER_EXPIRED
                            : ev[i].tag == TAG_CHANNEL ? VG_EVENT_PEER_GONE
                                                       : 0;
            if (!ev[i].events || (ev[i].events & ~want) || !ev[i].count)
                viol("notice event tag %llu events %x count %u", (unsigned long long)ev[i].tag, ev[i].events,
                     ev[i].count);
        }
    } else if (k < 85) {
        uint64_t period = rng_chance(r, 30) ? 200000 + rng_below(r, 1000000) : 0;
        rc = vg_timer_arm(ntimer, rng_chance(r, 10) ? VG_INFINITE : rng_below(r, 2000000), period);
        EXPECT(rc == rcOk, "timer arm", rc);
    } else {
        /* A short-lived receiver on the same objects, closed with its events unread. */
        vg_handle_t n2;
        rc = vg_notice_create(&n2);
        EXPECT(rc == rcOk || rc == rcOutOfMemory, "notice create", rc);
        if (rc != rcOk)
            return;
        rc = vg_notice_subscribe(n2, uobj, VG_EVENT_SPEC_MASK, TAG_UOBJ);
        EXPECT(rc == rcOk || rc == rcOutOfMemory, "notice subscribe", rc);
        rc = vg_notice_subscribe(n2, self_s, VG_EVENT_PEER_GONE | VG_EVENT_OBJECT_DESTROYED, TAG_CHANNEL);
        EXPECT(rc == rcOk || rc == rcOutOfMemory, "notice subscribe channel", rc);
        vg_notice_set_object_event(uobj, VG_EVENT_SPEC(1));
        if (rng_chance(r, 50)) {
            struct vg_notice_event ev;
            uint32_t n = 0;
            rc = vg_notice_get_events(n2, &ev, 1, 0, &n);
            EXPECT(rc == rcOk && n == 1 && ev.tag == TAG_UOBJ, "notice short-lived get", rc);
        }
        rc = vg_handle_close(n2);
        EXPECT(rc == rcOk, "notice close", rc);
    }
}

static void toggle_interrupt(struct rng *r)
{
    if (rng_chance(r, 40)) {
        notice_step(r);
        return;
    }
    vg_handle_t s = syncs[rng_below(r, NSYNC)];
    rc_t rc = vg_ipc_set_interrupt(s);
    EXPECT(rc == rcOk, "set_interrupt", rc);
    delay(r, rng_below(r, 1500));
    rc = vg_ipc_clear_interrupt(s);
    EXPECT(rc == rcOk, "clear_interrupt", rc);
}

/* ---- clients ---- */

struct worker {
    vg_thread_t *t;
    int used, server, slot;
    unsigned prio, steps;
    struct rng rng;
};

static rc_t one_call(struct rng *r, int slot, vg_handle_t h, int cross, uint64_t timeout, vg_handle_t sync)
{
    struct crec *c = &recs[slot];
    uint32_t seq = LD(c->seq) + 1;
    ST(c->ended, 0);
    ST(c->seq, seq);
    req_t req = {.hdr = {.size = sizeof req, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_REQUEST},
                 .who = pno * 16 + (uint32_t)slot, .seq = seq, .delay_us = rng_below(r, 3000)};
    uint8_t buf[sizeof(res_t) + 32] __attribute__((aligned(16)));
    memset(buf, CANARY, sizeof buf);
    struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {buf, sizeof(res_t), 0, 0};
    ADD(n_calls, 1);
    rc_t rc = vg_call_ex(h, &in, &out, timeout, sync);
    ST(c->rc, rc);
    ST(c->ended, 1);
    int untouched = 1;
    for (unsigned i = 0; i < sizeof buf; i++)
        untouched &= buf[i] == CANARY;
    uint32_t mark = LD(c->exit_mark);
    if (rc == rcOk) {
        res_t res;
        memcpy(&res, buf, sizeof res);
        int tail = 1;
        for (unsigned i = sizeof(res_t); i < sizeof buf; i++)
            tail &= buf[i] == CANARY;
        if (res.r != (seq ^ 0x5a5a) || !tail)
            viol("call seq %u: rcOk with r %u (want %u), tail %s", seq, res.r, seq ^ 0x5a5a, tail ? "intact" : "written");
        if (!cross && mark == seq)
            viol("call seq %u: rcOk though its server exited while holding it", seq);
    } else if (rc == rcTimeout || rc == rcIpcInterrupt) {
        if (!untouched)
            viol("call seq %u: %s but the response buffer was written", seq, rc_name(rc));
        /* A server that marked this call before exiting may still be preempted for longer than the
         * timeout (virtual time runs on while the host is busy): rcTimeout then is right. That an
         * exit ends the call with rcNotConnected is checked without a race by suite 26-integrity. */
        if (rc == rcIpcInterrupt && sync == VG_INVALID_HANDLE)
            viol("call seq %u: rcIpcInterrupt without an interrupt object", seq);
    } else if (rc == rcNotConnected) {
        if (!cross && mark == seq)
            ADD(n_notconn_exit, 1);
        else if (!cross && h == self_c)
            (void)0; /* the self channel: its servers may exit while holding */
    } else {
        viol("call seq %u: undocumented %s", seq, rc_name(rc));
    }
    return rc;
}

static void client_step(struct worker *w)
{
    struct rng *r = &w->rng;
    unsigned k = rng_below(r, 100);
    if (k < 75) {
        int cross = cross_c && rng_chance(r, 40);
        one_call(r, w->slot, cross ? cross_c : self_c, cross, rand_timeout(r), rand_sync(r));
    } else if (k < 85) {
        vg_handle_t copy = 0;
        rc_t rc = vg_handle_copy(self_c, VG_RIGHT_IPC_CLIENT, &copy);
        EXPECT(rc == rcOk, "handle_copy", rc);
        if (rc != rcOk)
            return;
        if (rng_chance(r, 50))
            one_call(r, w->slot, copy, 0, rng_below(r, 1000000), VG_INVALID_HANDLE);
        rc = vg_handle_close(copy);
        EXPECT(rc == rcOk, "close copy", rc);
        req_t req = {.hdr = {.size = sizeof req, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_REQUEST}};
        res_t res;
        struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {&res, sizeof res, 0, 0};
        ADD(n_calls, 1);
        rc = vg_call_ex(copy, &in, &out, 0, VG_INVALID_HANDLE);
        EXPECT(rc == rcInvalidArgument, "call on a closed copy", rc);
        rc = vg_handle_close(copy);
        EXPECT(rc == rcInvalidArgument, "close a closed copy", rc);
    } else if (k < 90) {
        busy(rng_below(r, 1000000));
    } else if (k < 96) {
        vg_thread_sleep(rng_below(r, 1000000));
    } else {
        toggle_interrupt(r);
    }
}

/* ---- servers ---- */

/* Whether the own-process client of `who` had already given up on call `seq` (1), got rcOk (2), or
 * is not known to have ended that call (0). */
static int client_state(uint32_t who, uint32_t seq)
{
    if (who / 16 != pno || who % 16 >= MAXW)
        return 0;
    struct crec *c = &recs[who % 16];
    uint32_t s1 = LD(c->seq);
    uint32_t e = LD(c->ended);
    int32_t rc = LD(c->rc);
    uint32_t s2 = LD(c->seq);
    if (s1 != seq || s2 != seq || !e)
        return 0;
    return rc == rcTimeout || rc == rcIpcInterrupt ? 1 : rc == rcOk ? 2 : 3;
}

struct held {
    int on;
    req_t req;
};

static void after_recv(struct held *h, rc_t rc, const char *what)
{
    if (rc == rcOk) {
        h->on = 1;
        if (h->req.hdr.mid != lcfuzz_Lc_Ping_mid || h->req.hdr.size != sizeof h->req)
            viol("%s: request with mid %u size %u", what, h->req.hdr.mid, h->req.hdr.size);
    } else if (rc != rcTimeout && rc != rcIpcInterrupt) {
        viol("%s: undocumented %s", what, rc_name(rc));
    }
}

static void do_reply(struct rng *r, struct held *h, int then_recv)
{
    res_t res = {.hdr = {.size = sizeof res, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_RESPONSE},
                 .r = h->req.seq ^ 0x5a5a};
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    int pre = client_state(h->req.who, h->req.seq);
    uint32_t who = h->req.who, seq = h->req.seq;
    rc_t rc;
    if (then_recv) {
        struct vg_msgbuf in = {&h->req, sizeof h->req, 0, 0};
        h->on = 0;
        rc = vg_reply_recv_ex(listener, &out, &in, rand_timeout(r) / 4, rand_sync(r));
        if (rc != rcNotConnected)
            after_recv(h, rc, "reply_recv");
    } else {
        h->on = 0;
        rc = vg_reply(listener, &out);
        if (rc != rcOk && rc != rcNotConnected)
            viol("reply: undocumented %s", rc_name(rc));
    }
    int replied = rc != rcNotConnected;
    if (pre == 1) {
        ADD(n_timeout_held, 1);
        if (replied)
            viol("%s to a client that timed out (who %u seq %u) returned %s, want rcNotConnected",
                 then_recv ? "reply_recv" : "reply", who, seq, rc_name(rc));
    }
    if (replied) {
        int post = client_state(who, seq);
        if (post == 1 || post == 3)
            viol("reply delivered (who %u seq %u) but the client's call returned %s", who, seq,
                 rc_name((rc_t)LD(recs[who % 16].rc)));
    }
    if (!replied && rng_chance(r, 20)) {
        rc = vg_reply(listener, &out);
        EXPECT(rc == rcInvalidThreadState, "reply again after rcNotConnected", rc);
    }
}

/* 1 when the thread is to exit now (holding a request). */
static int server_step(struct worker *w, struct held *h)
{
    struct rng *r = &w->rng;
    unsigned k = rng_below(r, 100);
    if (!h->on) {
        if (k < 88) {
            struct vg_msgbuf in = {&h->req, sizeof h->req, 0, 0};
            after_recv(h, vg_recv_ex(listener, &in, rand_timeout(r) / 2, rand_sync(r)), "recv");
        } else if (k < 92) {
            res_t res = {.hdr = {.size = sizeof res, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_RESPONSE}};
            struct vg_msgbuf out = {&res, sizeof res, 0, 0};
            rc_t rc = vg_reply(listener, &out);
            EXPECT(rc == rcInvalidThreadState, "reply without a request", rc);
        } else if (k < 96) {
            busy(rng_below(r, 800000));
        } else {
            toggle_interrupt(r);
        }
        return 0;
    }
    if (k < 5) {
        req_t other;
        struct vg_msgbuf in = {&other, sizeof other, 0, 0};
        int pre = client_state(h->req.who, h->req.seq);
        int own = h->req.who / 16 == pno;
        rc_t rc = vg_recv_ex(listener, &in, 0, VG_INVALID_HANDLE);
        if (rc == rcInvalidThreadState)
            return 0;
        /* Recv is allowed again only once the held request's client gave up on it (or died). */
        if (own && pre == 2)
            viol("recv while holding a request whose client got rcOk: %s", rc_name(rc));
        h->on = 0;
        if (rc == rcOk)
            h->req = other;
        after_recv(h, rc, "recv after the held request's client gave up");
        return 0;
    }
    delay(r, rng_chance(r, 50) ? h->req.delay_us : rng_below(r, 2500));
    if (k < 10 && !LC_NOEXIT) {
        if (h->req.who / 16 == pno && h->req.who % 16 < MAXW)
            ST(recs[h->req.who % 16].exit_mark, h->req.seq);
        return 1;
    }
    do_reply(r, h, k < 50);
    return 0;
}

static int worker_fn(void *arg)
{
    struct worker *w = arg;
    struct held h = {0};
    for (unsigned i = 0; i < w->steps; i++) {
        ADD(n_steps, 1);
        if (w->server) {
            if (server_step(w, &h)) {
                if (rng_chance(&w->rng, 50))
                    vg_thread_exit(7);
                return 7;
            }
        } else {
            client_step(w);
        }
    }
    if (h.on)
        do_reply(&w->rng, &h, 0);
    return 0;
}

/* ---- Einit's own lifecycle steps: LcC children, channels ---- */

struct waiter {
    vg_pid_t pid;
    rc_t rc;
    int code;
    enum vg_task_end how;
};

static int wait_fn(void *arg)
{
    struct waiter *w = arg;
    w->code = -99;
    w->how = 99;
    w->rc = vg_task_wait(w->pid, 5000000000ull, &w->code, &w->how);
    return 0;
}

struct caller {
    vg_handle_t h;
    uint64_t timeout;
    rc_t rc;
};

static int call_fn(void *arg)
{
    struct caller *c = arg;
    req_t req = {.hdr = {.size = sizeof req, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_REQUEST}};
    uint8_t buf[sizeof(res_t) + 16];
    memset(buf, CANARY, sizeof buf);
    struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {buf, sizeof(res_t), 0, 0};
    ADD(n_calls, 1);
    c->rc = vg_call_ex(c->h, &in, &out, c->timeout, VG_INVALID_HANDLE);
    return 0;
}

static unsigned name_no;

static void proc_step(struct rng *r)
{
    static const int exit_code[4] = {7, -1, 3, -1};
    unsigned mode = rng_below(r, 4); /* 0 exits 7; 1 receives and holds; 2 serves one, exits 3; 3 busy */
    char m[4], name[16];
    snprintf(m, sizeof m, "%u", mode);
    snprintf(name, sizeof name, "c%u", name_no++ % 4);
    const char *const argv[] = {"LcC", m, name, 0};
    vg_pid_t pid = 0;
    rc_t rc = vg_task_start_ex("LcC", argv, 0, VG_TASK_SUSPENDED, &pid);
    EXPECT(rc == rcOk, "task_start LcC", rc);
    if (rc != rcOk)
        return;
    vg_handle_t ch = 0;
    rc = vg_ipc_create_channel(0, pid, name, &ch, 0);
    EXPECT(rc == rcOk, "create_channel to LcC", rc);
    rc = vg_task_resume(pid);
    EXPECT(rc == rcOk, "task_resume", rc);
    struct waiter wt[2] = {{.pid = pid}, {.pid = pid}};
    vg_thread_t *t[2] = {0, 0}, *ct = 0;
    for (int i = 0; i < 2; i++) {
        rc = vg_thread_create(&t[i], wait_fn, &wt[i], 10 + rng_below(r, 10), 0);
        EXPECT(rc == rcOk, "thread_create waiter", rc);
    }
    struct caller c = {.h = ch, .timeout = 500000000ull};
    int killed = mode == 1 || mode == 3 || rng_chance(r, 50);
    if (ch && rng_chance(r, 70)) {
        if (mode == 1 || mode == 3)
            c.timeout = 2000000000ull;
        rc = vg_thread_create(&ct, call_fn, &c, 12 + rng_below(r, 6), 0);
        EXPECT(rc == rcOk, "thread_create caller", rc);
    }
    delay(r, rng_below(r, 3000));
    if (killed) {
        rc = vg_task_kill(pid);
        if (mode == 1 || mode == 3)
            EXPECT(rc == rcOk, "kill a running child", rc);
        else
            EXPECT(rc == rcOk || rc == rcResourceNotFound, "kill a child that may have ended", rc);
    }
    for (int i = 0; i < 2; i++)
        if (t[i]) {
            rc = vg_thread_join(t[i], VG_INFINITE, 0);
            EXPECT(rc == rcOk, "join waiter", rc);
        }
    int ok = (wt[0].rc == rcOk) + (wt[1].rc == rcOk);
    int nf = (wt[0].rc == rcResourceNotFound) + (wt[1].rc == rcResourceNotFound);
    if (ok != 1 || nf != 1)
        viol("two waiters on LcC mode %u (pid %u): %s and %s, want one rcOk and one rcResourceNotFound", mode,
             pid, rc_name(wt[0].rc), rc_name(wt[1].rc));
    for (int i = 0; i < 2; i++)
        if (wt[i].rc == rcOk) {
            int good = (wt[i].how == VG_TASK_KILLED && wt[i].code == -1 && killed) ||
                       (wt[i].how == VG_TASK_EXITED && wt[i].code == exit_code[mode] && (mode == 0 || mode == 2));
            if (!good)
                viol("LcC mode %u: how %d code %d (killed %d)", mode, wt[i].how, wt[i].code, killed);
        }
    if (ct) {
        rc = vg_thread_join(ct, VG_INFINITE, 0);
        EXPECT(rc == rcOk, "join caller", rc);
        if (mode == 1 || mode == 3)
            EXPECT(c.rc == rcNotConnected, "call on a child killed before it answered", c.rc);
        else
            EXPECT(c.rc == rcOk || c.rc == rcNotConnected || c.rc == rcTimeout, "call on LcC", c.rc);
    }
    rc = vg_task_wait(pid, 0, 0, 0);
    EXPECT(rc == rcResourceNotFound, "wait for a waited child", rc);
    rc = vg_task_kill(pid);
    EXPECT(rc == rcResourceNotFound, "kill a waited child", rc);
    if (ch) {
        c.timeout = rng_below(r, 2000000);
        call_fn(&c);
        EXPECT(c.rc == rcNotConnected, "call on the channel of a waited child", c.rc);
        rc = vg_handle_close(ch);
        EXPECT(rc == rcOk, "close channel to LcC", rc);
    }
}

static void chan_step(struct rng *r)
{
    char name[16];
    snprintf(name, sizeof name, "d%u", name_no++ % 4);
    vg_handle_t ch = 0, sh = 0;
    rc_t rc = vg_ipc_create_channel(0, 0, name, &ch, &sh);
    EXPECT(rc == rcOk, "create_channel self", rc);
    if (rc != rcOk)
        return;
    rc = vg_ipc_create_channel(0, 0, name, 0, 0);
    EXPECT(rc == rcAlreadyExists, "create_channel same name", rc);
    struct caller c = {.h = ch, .timeout = 0};
    call_fn(&c);
    EXPECT(c.rc == rcTimeout || c.rc == rcOk, "call with timeout 0", c.rc);
    req_t req;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    rc = vg_recv_ex(sh, &in, 0, VG_INVALID_HANDLE);
    EXPECT(rc == rcTimeout, "recv with timeout 0, nobody calling", rc);
    if (rc == rcOk) { /* a worker's call through Einit's listener? it is not ours to answer: cannot be */
        res_t res = {.hdr = {.size = sizeof res, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_RESPONSE}};
        struct vg_msgbuf o = {&res, sizeof res, 0, 0};
        vg_reply(sh, &o);
    }
    if (rng_chance(r, 60)) {
        /* the server handle closed under a waiting client */
        vg_thread_t *t = 0;
        c.timeout = 200000000ull;
        rc = vg_thread_create(&t, call_fn, &c, 10 + rng_below(r, 10), 0);
        EXPECT(rc == rcOk, "thread_create caller", rc);
        delay(r, rng_below(r, 2000));
        rc = vg_handle_close(sh);
        EXPECT(rc == rcOk, "close server handle", rc);
        if (t) {
            vg_thread_join(t, VG_INFINITE, 0);
            /* the listener of Einit gathers this channel too: a worker may answer before the close */
            EXPECT(c.rc == rcNotConnected || c.rc == rcOk, "call whose server handle was closed", c.rc);
        }
        rc = vg_handle_close(ch);
        EXPECT(rc == rcOk, "close client handle", rc);
    } else {
        rc = vg_handle_close(ch);
        EXPECT(rc == rcOk, "close client handle", rc);
        rc = vg_recv_ex(sh, &in, 1000000, VG_INVALID_HANDLE);
        EXPECT(rc == rcNotConnected, "recv on a channel whose client closed", rc);
        rc = vg_handle_close(sh);
        EXPECT(rc == rcOk, "close server handle", rc);
    }
    rc = vg_ipc_connect(name, &ch);
    EXPECT(rc == rcResourceNotFound, "connect to a closed channel", rc);
}

/* ---- the per-process scenario ---- */

static int setup(const char *self_name, const char *cross_name, const char *serve_name)
{
    rc_t rc = vg_ipc_connect(self_name, &self_c);
    if (rc == rcOk)
        rc = vg_ipc_register(self_name, &listener, &self_s);
    if (rc == rcOk && cross_name)
        rc = vg_ipc_connect(cross_name, &cross_c);
    if (rc == rcOk && serve_name)
        rc = vg_ipc_register(serve_name, &listener, &cross_s);
    for (int i = 0; rc == rcOk && i < NSYNC; i++)
        rc = vg_ipc_sync_create(&syncs[i]);
    if (rc == rcOk)
        rc = vg_notice_create(&notice);
    if (rc == rcOk)
        rc = vg_user_object_create(&uobj);
    if (rc == rcOk)
        rc = vg_timer_create(&ntimer);
    if (rc == rcOk)
        rc = vg_notice_subscribe(notice, uobj, VG_EVENT_SPEC_MASK, TAG_UOBJ);
    if (rc == rcOk)
        rc = vg_notice_subscribe(notice, ntimer, VG_EVENT_TIMER_EXPIRED, TAG_TIMER);
    if (rc == rcOk)
        rc = vg_notice_subscribe(notice, self_s, VG_EVENT_PEER_GONE, TAG_CHANNEL);
    if (rc != rcOk)
        printf("FAIL lcfuzz_%s_setup: %s\n", pname, rc_name(rc));
    return rc == rcOk;
}

static void fuzz(struct rng *r, int is_einit)
{
    static struct worker w[MAXW];
    uint64_t budget = LCFUZZ_STEPS;
    uint64_t handed = 0;
    unsigned live = 0;
    for (;;) {
        for (int i = 0; i < MAXW; i++) {
            if (!w[i].used)
                continue;
            int code = -5;
            rc_t rc = vg_thread_join(w[i].t, rng_chance(r, 10) ? rng_below(r, 2000000) : 0, &code);
            if (rc == rcOk) {
                if (code != 0 && code != 7)
                    viol("worker exit code %d", code);
                w[i].used = 0;
                live--;
            } else if (rc != rcTimeout) {
                viol("join worker: %s", rc_name(rc));
            }
        }
        if (handed >= budget && !live)
            break;
        for (int i = 0; i < MAXW && handed < budget; i++) {
            if (w[i].used || !rng_chance(r, 60))
                continue;
            w[i] = (struct worker){.used = 1, .slot = i, .server = (i & 1) ^ (int)rng_below(r, 2) * (i > 1),
                                   .prio = 10 + rng_below(r, 9), .steps = 20 + rng_below(r, 200)};
            if (i < 2)
                w[i].server = i; /* at least one client and one server slot always in use */
            rng_seed(&w[i].rng, rng_next(r));
            rc_t rc = vg_thread_create(&w[i].t, worker_fn, &w[i], w[i].prio, 0);
            EXPECT(rc == rcOk || rc == rcQuotaExceeded || rc == rcOutOfMemory, "thread_create worker", rc);
            if (rc == rcOk) {
                handed += w[i].steps;
                live++;
            } else {
                w[i].used = 0;
            }
        }
        unsigned k = rng_below(r, 100);
        if (is_einit && k < 10 && LC_OPS & 1)
            proc_step(r);
        else if (is_einit && k < 16 && LC_OPS & 2)
            chan_step(r);
        else if (k < 22)
            toggle_interrupt(r);
        else
            vg_thread_sleep(rng_below(r, 2000000));
    }
}

static void teardown(void)
{
    for (int i = 0; i < NSYNC; i++)
        vg_handle_close(syncs[i]);
    vg_handle_close(ntimer);
    vg_handle_close(notice);
    vg_handle_close(uobj);
    if (cross_c)
        vg_handle_close(cross_c);
    vg_handle_close(self_c);
    vg_handle_close(self_s);
    if (cross_s)
        vg_handle_close(cross_s);
    vg_handle_close(listener);
}

static void summary(void)
{
    printf("lcfuzz %s: %llu steps, %llu calls, %llu violations (server exited holding: %llu calls ended "
           "rcNotConnected; replies to timed-out clients: %llu)\n",
           pname, (unsigned long long)n_steps, (unsigned long long)n_calls, (unsigned long long)n_viol,
           (unsigned long long)n_notconn_exit, (unsigned long long)n_timeout_held);
}

static int child_main(int argc, char **argv)
{
    pname = argv[0];
    pno = pname[2] == 'A' ? 1 : 2;
    seed = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
    struct rng r;
    rng_seed(&r, seed * 1000003u + pno);
    const char *self = pno == 1 ? "selfA" : "selfB";
    if (!setup(self, pno == 1 ? "ab" : "ba", pno == 1 ? "ba" : "ab"))
        return 100;
    fuzz(&r, 0);
    summary();
    teardown();
    return n_viol > 99 ? 99 : (int)n_viol;
}

/* LcC MODE NAME: a short-lived child (modes in proc_step). */
static int lcc_main(int argc, char **argv)
{
    unsigned mode = argc > 1 ? (unsigned)atoi(argv[1]) : 0;
    vg_handle_t l = 0, sh;
    if (mode == 0)
        return 7;
    if (mode == 3)
        for (;;)
            busy(1000000000ull);
    if (argc < 3 || vg_ipc_register(argv[2], &l, &sh) != rcOk)
        return 50;
    req_t req;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    rc_t rc = vg_recv_ex(l, &in, mode == 1 ? VG_INFINITE : 20000000ull, VG_INVALID_HANDLE);
    if (mode == 1)
        for (;;)
            vg_thread_sleep(1000000000ull);
    if (rc == rcOk) {
        res_t res = {.hdr = {.size = sizeof res, .mid = lcfuzz_Lc_Ping_mid, .flags = VG_MSG_RESPONSE}};
        struct vg_msgbuf out = {&res, sizeof res, 0, 0};
        vg_reply(l, &out);
    }
    return 3;
}

static vg_pid_t start(const char *name, const char *s)
{
    const char *const argv[] = {name, s, 0};
    vg_pid_t pid = 0;
    rc_t rc = vg_task_start_ex(name, argv, 0, VG_TASK_SUSPENDED, &pid);
    if (rc != rcOk)
        printf("FAIL lcfuzz_start_%s: %s\n", name, rc_name(rc)), check_failures++;
    return pid;
}

int main(int argc, char **argv)
{
    if (argc > 0 && (strcmp(argv[0], "LcA") == 0 || strcmp(argv[0], "LcB") == 0))
        return child_main(argc, argv);
    if (argc > 0 && strcmp(argv[0], "LcC") == 0)
        return lcc_main(argc, argv);
    pname = "Einit";
    seed = LCFUZZ_SEED;
    char s[24], why[160];
    snprintf(s, sizeof s, "%llu", (unsigned long long)seed);
    printf("lcfuzz: seed %s\n", s);
    printf("lcfuzz: 3 processes x %u worker steps\n", (unsigned)LCFUZZ_STEPS);
    /* Einit's listener lives as long as Einit: made (by a channel to itself, closed again) before the
     * counts are taken, so that the counts can come back exactly. */
    vg_handle_t warm_c, warm_s;
    if (vg_ipc_create_channel(0, 0, "warm", &warm_c, &warm_s) == rcOk) {
        vg_handle_close(warm_c);
        vg_handle_close(warm_s);
    }
    struct kcounts before;
    rc_t krc = kcounts_read(&before);
    vg_pid_t a = start("LcA", s), b = start("LcB", s);
    if (!a || !b)
        return 1;
    rc_t rc = rcOk;
    const char *names[][3] = {{"selfA", 0, 0}, {"selfB", 0, 0}, {"ab", 0, 0}, {"ba", 0, 0}};
    const vg_pid_t cl[] = {a, b, a, b}, sv[] = {a, b, b, a};
    for (int i = 0; i < 4 && rc == rcOk; i++)
        rc = vg_ipc_create_channel(cl[i], sv[i], names[i][0], 0, 0);
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, 0, "self", 0, 0);
    CHECK("lcfuzz_channels", rc == rcOk, "%s", rc_name(rc));
    if (rc != rcOk || !setup("self", 0, 0))
        return 1;
    vg_task_resume(a);
    vg_task_resume(b);
    struct rng r;
    rng_seed(&r, seed * 1000003u);
    fuzz(&r, 1);
    summary();
    uint64_t child_viol = 0;
    const vg_pid_t pids[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        int code = -1;
        enum vg_task_end how = VG_TASK_KILLED;
        rc_t w = vg_task_wait(pids[i], 3600ull * 1000000000ull, &code, &how);
        snprintf(why, sizeof why, "wait %s, exit code %d (violations), how %d", rc_name(w), code, how);
        CHECK(i ? "lcfuzz_LcB_verdict" : "lcfuzz_LcA_verdict", w == rcOk && code == 0 && how == VG_TASK_EXITED, "%s",
              why);
        if (w == rcOk && how == VG_TASK_EXITED && code > 0)
            child_viol += (uint64_t)code;
    }
    teardown();
    kcounts_check_back("lcfuzz", krc, &before);
    CHECK("lcfuzz_Einit_violations", n_viol == 0, "%llu", (unsigned long long)n_viol);
    printf("lcfuzz: %llu steps, %llu calls, %llu violations\n", (unsigned long long)n_steps,
           (unsigned long long)n_calls, (unsigned long long)(n_viol + child_viol));
    printf("lcfuzz: %d failed\n", check_failures);
    return check_failures ? 1 : 0;
}
