/* Random Call, Recv and Reply: messages built valid for the Fuzz interface and then, often, broken in
 * one to three places (header fields, descriptors, handle descriptors, sizes), sent through random
 * msgbufs (pointers of every kind, lying capacities) on random handle values with random timeouts and
 * interrupt objects. Besides the documented-code check, the oracles are: a value this thread closed
 * fails with rcInvalidArgument; a request the policy denies (Ping with v 666) is never delivered; a
 * response answers the request that was sent (RIID, MID, flags). Handles that arrive join the pool. */
#include <string.h>
#include "fuzz.h"

#define FUZZ_RIID 0 /* FuzzA and FuzzB have one endpoint, fuzz */
#define DENIED_V 666u

static void put_handle(struct fuzz_thread *t, struct vg_handle_desc *d)
{
    d->handle = rand_handle(t);
    d->rights = rand_rights(t);
}

/* One to three damaged places, each a field a checker must look at. */
static void mutate(struct fuzz_thread *t, uint8_t *msg, uint32_t size, uint32_t *arena_len)
{
    struct rng *r = &t->rng;
    struct vg_msg_hdr *h = (struct vg_msg_hdr *)msg;
    for (unsigned n = 1 + rng_below(r, 3); n; n--) {
        switch (rng_below(r, 10)) {
        case 0: h->size = rand_size(t, size, VG_MSG_MAX_SIZE); break;
        case 1: h->riid = (vg_iid_t)(rng_chance(r, 70) ? rng_below(r, 3) : rng_next(r)); break;
        case 2: h->mid = (vg_iid_t)(rng_chance(r, 70) ? rng_below(r, 8) : rng_next(r)); break;
        case 3: h->flags = rng_chance(r, 80) ? rng_below(r, 8) : (uint32_t)rng_next(r); break;
        case 4: h->ncaps = rng_chance(r, 80) ? rng_below(r, 10) : (uint32_t)rng_next(r); break;
        case 5: h->arena_size = rand_size(t, *arena_len, VG_ARENA_MAX_SIZE); break;
        case 6: h->reserved = (uint32_t)rng_next(r) | 1u; break;
        case 7: *arena_len = rand_size(t, *arena_len, VG_ARENA_MAX_SIZE); break;
        default:
            if (size > sizeof *h) { /* a descriptor or value word after the header */
                uint32_t at = sizeof *h + (rng_below(r, size - sizeof *h) & ~3u);
                uint32_t v = rng_chance(r, 50) ? rng_below(r, 5000) : (uint32_t)rng_next(r);
                if (at + 4 <= size)
                    memcpy(msg + at, &v, 4);
            }
        }
    }
}

static uint32_t fill_arena(struct fuzz_thread *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        t->arena_tx[i] = (uint8_t)(i * 13 + 7);
    return n;
}

static uint32_t ping_len(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    unsigned k = rng_below(r, 20);
    return k < 5 ? 0 : k < 16 ? rng_below(r, 65) : k < 19 ? rng_below(r, 4097) : 4097 + rng_below(r, 200);
}

/* A request in t->req (arena in t->arena_tx): valid for its method, then maybe damaged. */
static uint32_t build_request(struct fuzz_thread *t, uint32_t *arena_len)
{
    struct rng *r = &t->rng;
    memset(t->req, 0, 64);
    struct vg_msg_hdr *h = (struct vg_msg_hdr *)t->req;
    unsigned mid = rng_below(r, 6);
    uint32_t size = sizeof *h, ncaps = 0, n = 0;
    switch (mid) {
    case ipcfuzz_Fuzz_Ping_mid: {
        struct ipcfuzz_Fuzz_Ping_req *q = (void *)t->req;
        q->v = rng_chance(r, 10) ? DENIED_V : (uint32_t)rng_next(r) % 1000u;
        n = fill_arena(t, ping_len(t));
        q->data = (struct vg_arena_ptr){0, n};
        size = sizeof *q;
        break;
    }
    case ipcfuzz_Fuzz_Pass_mid:
        put_handle(t, &((struct ipcfuzz_Fuzz_Pass_req *)(void *)t->req)->h);
        size = sizeof(struct ipcfuzz_Fuzz_Pass_req), ncaps = 1;
        break;
    case ipcfuzz_Fuzz_Give_mid:
        ((struct ipcfuzz_Fuzz_Give_req *)(void *)t->req)->rights = rand_rights(t);
        size = sizeof(struct ipcfuzz_Fuzz_Give_req);
        break;
    case ipcfuzz_Fuzz_Swap_mid: {
        struct ipcfuzz_Fuzz_Swap_req *q = (void *)t->req;
        put_handle(t, &q->a);
        put_handle(t, &q->b);
        n = 1 + rng_below(r, 40);
        for (uint32_t i = 0; i < n; i++)
            t->arena_tx[i] = (uint8_t)('a' + rng_below(r, 26));
        if (rng_chance(r, 85))
            t->arena_tx[n - 1] = 0;
        q->note = (struct vg_arena_ptr){0, n};
        size = sizeof *q, ncaps = 2;
        break;
    }
    case ipcfuzz_Fuzz_Fail_mid:
        ((struct ipcfuzz_Fuzz_Fail_req *)(void *)t->req)->v = (uint32_t)rng_next(r);
        size = sizeof(struct ipcfuzz_Fuzz_Fail_req);
        break;
    default: /* no such method */
        mid = 5 + rng_below(r, 100);
        size = sizeof *h + 4 * rng_below(r, 8);
    }
    *h = (struct vg_msg_hdr){.size = size, .riid = FUZZ_RIID, .mid = (vg_iid_t)mid, .flags = VG_MSG_REQUEST,
                             .ncaps = ncaps, .arena_size = n};
    *arena_len = n;
    if (!t->clean && rng_chance(r, 35))
        mutate(t, t->req, size, arena_len);
    return size;
}

/* Handles that arrived in a message we can read: they are ours now. */
static void take_handles(struct fuzz_thread *t, const uint8_t *msg, uint32_t size, int request)
{
    const struct vg_msg_hdr *h = (const void *)msg;
    if (h->riid != FUZZ_RIID || h->ncaps == 0 || (h->flags & VG_MSG_ERROR))
        return;
    if (request && h->mid == ipcfuzz_Fuzz_Pass_mid && size >= sizeof(struct ipcfuzz_Fuzz_Pass_req)) {
        pool_add(t, ((const struct ipcfuzz_Fuzz_Pass_req *)(const void *)msg)->h.handle);
    } else if (request && h->mid == ipcfuzz_Fuzz_Swap_mid && size >= sizeof(struct ipcfuzz_Fuzz_Swap_req)) {
        pool_add(t, ((const struct ipcfuzz_Fuzz_Swap_req *)(const void *)msg)->a.handle);
        pool_add(t, ((const struct ipcfuzz_Fuzz_Swap_req *)(const void *)msg)->b.handle);
    } else if (!request && h->mid == ipcfuzz_Fuzz_Give_mid && size >= sizeof(struct ipcfuzz_Fuzz_Give_out)) {
        pool_add(t, ((const struct ipcfuzz_Fuzz_Give_out *)(const void *)msg)->h.handle);
    } else if (!request && h->mid == ipcfuzz_Fuzz_Swap_mid && size >= sizeof(struct ipcfuzz_Fuzz_Swap_out)) {
        pool_add(t, ((const struct ipcfuzz_Fuzz_Swap_out *)(const void *)msg)->c.handle);
        pool_add(t, ((const struct ipcfuzz_Fuzz_Swap_out *)(const void *)msg)->d.handle);
    }
}

static uint64_t rand_sync(struct fuzz_thread *t)
{
    unsigned k = rng_below(&t->rng, 10);
    return k < 8 ? VG_INVALID_HANDLE : k == 8 ? proc.sync : rand_handle(t);
}

/* The syscall itself, raw: p1/p2 are the msgbufs (Recv and Reply use only p1). Sometimes junk goes
 * into the upper halves of the 32-bit arguments, or the timeout is any 64-bit value under 2 ms. */
static rc_t sys(struct fuzz_thread *t, unsigned nr, uint64_t h, uint64_t p1, uint64_t p2, uint64_t timeout,
               uint64_t sync)
{
    struct rng *r = &t->rng;
    if (!t->clean && rng_chance(r, 5)) {
        uint64_t junk = rng_next(r) & 0xffffffff00000000ull;
        switch (rng_below(r, 3)) {
        case 0: h |= junk; break;
        case 1: sync |= junk; break;
        default: timeout = rng_chance(r, 50) ? rng_next(r) % 2000000 : 2000000 - (rng_next(r) & 0xfffff);
        }
    }
    if (h == VG_CORE_HANDLE && nr == VG_SYS_CALL) {
        /* The kernel channel: an unknown RIID, so a damaged message can never run a method. */
        ((struct vg_msg_hdr *)t->req)->riid = (vg_iid_t)(VG_CORE_RIID_COUNT + rng_below(r, 100));
    }
    switch (nr) {
    case VG_SYS_CALL: return (rc_t)raw_svc(VG_SYS_CALL, h, p1, p2, timeout, sync);
    case VG_SYS_RECV: return (rc_t)raw_svc(VG_SYS_RECV, h, p1, timeout, sync, 0);
    default: return (rc_t)raw_svc(VG_SYS_REPLY, h, p1, 0, 0, 0);
    }
}

static void check_dead(struct fuzz_thread *t, const char *what, uint64_t h, rc_t rc)
{
    if (h <= UINT32_MAX && is_dead(t, h) && rc != rcInvalidArgument)
        fuzz_violation(t, "%s on the closed handle 0x%llx returned %s, expected rcInvalidArgument", what,
                       (unsigned long long)h, rc_name(rc));
}

void op_call(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    uint32_t alen;
    uint32_t size = build_request(t, &alen);
    struct vg_msg_hdr sent = *(struct vg_msg_hdr *)t->req;
    uint64_t h = t->server ? rand_handle(t) : rng_chance(r, 55) ? proc.client : rand_handle(t);
    t->mb_a = (struct vg_msgbuf){(void *)(uintptr_t)rand_ptr(t, t->req), rand_size(t, size, VG_MSG_MAX_SIZE),
                                 alen, (void *)(uintptr_t)rand_ptr(t, t->arena_tx)};
    t->mb_b = (struct vg_msgbuf){(void *)(uintptr_t)rand_ptr(t, t->res), rand_size(t, DATA_CAP - 64, DATA_CAP - 64),
                                 rand_size(t, VG_ARENA_MAX_SIZE, VG_ARENA_MAX_SIZE),
                                 (void *)(uintptr_t)rand_ptr(t, t->arena_rx)};
    memset(t->res, 0, sizeof(struct vg_msg_hdr));
    uint64_t in = rng_chance(r, 95) ? (uint64_t)(uintptr_t)&t->mb_a : rand_ptr(t, &t->mb_a);
    uint64_t out = rng_chance(r, 95) ? (uint64_t)(uintptr_t)&t->mb_b : rand_ptr(t, &t->mb_b);
    rc_t rc = sys(t, VG_SYS_CALL, h, in, out, rand_timeout(t), rand_sync(t));
    fuzz_record(t, OP_CALL, rc);
    if ((uint32_t)h == VG_CORE_HANDLE && h == VG_CORE_HANDLE) {
        if (!rc_documented_core_call(rc) || rc == rcOk)
            fuzz_violation(t, "Call on the kernel channel with RIID %u returned %s", ((struct vg_msg_hdr *)t->req)->riid,
                           rc_name(rc));
        return;
    }
    if (!rc_documented_ipc(OP_CALL, rc))
        fuzz_violation(t, "Call h=0x%llx returned %d (%s), not a documented code", (unsigned long long)h, rc,
                       rc_name(rc));
    check_dead(t, "Call", h, rc);
    if (rc != rcOk || in != (uint64_t)(uintptr_t)&t->mb_a || out != (uint64_t)(uintptr_t)&t->mb_b ||
        t->mb_a.data != (void *)t->req || t->mb_b.data != (void *)t->res)
        return;
    t->answered++;
    const struct vg_msg_hdr *got = (const void *)t->res;
    if ((got->flags & ~VG_MSG_ERROR) != VG_MSG_RESPONSE || got->riid != sent.riid || got->mid != sent.mid ||
        got->size > t->mb_b.data_size || got->size < sizeof *got)
        fuzz_violation(t, "response flags 0x%x riid %u mid %u size %u to a request riid %u mid %u", got->flags,
                       got->riid, got->mid, got->size, sent.riid, sent.mid);
    else
        take_handles(t, t->res, got->size, 0);
}

void op_recv(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    unsigned k = rng_below(r, 20);
    uint64_t h = k < 12 ? proc.listener : k < 15 ? proc.server : rand_handle(t);
    t->mb_a = (struct vg_msgbuf){(void *)(uintptr_t)rand_ptr(t, t->req), rand_size(t, DATA_CAP - 64, DATA_CAP - 64),
                                 rand_size(t, VG_ARENA_MAX_SIZE, VG_ARENA_MAX_SIZE),
                                 (void *)(uintptr_t)rand_ptr(t, t->arena_rx)};
    memset(t->req, 0, sizeof(struct vg_msg_hdr));
    uint64_t in = rng_chance(r, 95) ? (uint64_t)(uintptr_t)&t->mb_a : rand_ptr(t, &t->mb_a);
    rc_t rc = sys(t, VG_SYS_RECV, h, in, 0, rand_timeout(t), rand_sync(t));
    fuzz_record(t, OP_RECV, rc);
    if (!rc_documented_ipc(OP_RECV, rc))
        fuzz_violation(t, "Recv h=0x%llx returned %d (%s), not a documented code", (unsigned long long)h, rc,
                       rc_name(rc));
    check_dead(t, "Recv", h, rc);
    if (rc == rcInvalidThreadState)
        t->serving = 1;
    if (rc != rcOk)
        return;
    t->serving = 1;
    t->reply_tries = 0;
    t->serving_mid = 0xffff;
    if (in != (uint64_t)(uintptr_t)&t->mb_a || t->mb_a.data != (void *)t->req)
        return;
    t->delivered++;
    const struct vg_msg_hdr *got = (const void *)t->req;
    t->serving_mid = got->mid;
    if (got->flags != VG_MSG_REQUEST || got->size < sizeof *got || got->size > t->mb_a.data_size)
        fuzz_violation(t, "a request arrived with flags 0x%x size %u", got->flags, got->size);
    if (got->riid == FUZZ_RIID && got->mid == ipcfuzz_Fuzz_Ping_mid && got->size >= sizeof(struct ipcfuzz_Fuzz_Ping_req) &&
        ((const struct ipcfuzz_Fuzz_Ping_req *)(const void *)t->req)->v == DENIED_V)
        fuzz_violation(t, "a Ping with v %u arrived although the policy denies it", DENIED_V);
    take_handles(t, t->req, got->size, 1);
}

/* The response to the request being served (or to a random method), in t->res. */
static uint32_t build_response(struct fuzz_thread *t, uint32_t *arena_len, int valid)
{
    struct rng *r = &t->rng;
    memset(t->res, 0, 64);
    unsigned mid = t->serving_mid < 5 ? t->serving_mid : rng_below(r, 5);
    uint32_t size = sizeof(struct vg_msg_hdr), ncaps = 0, n = 0, flags = VG_MSG_RESPONSE;
    switch (mid) {
    case ipcfuzz_Fuzz_Ping_mid: {
        struct ipcfuzz_Fuzz_Ping_out *o = (void *)t->res;
        o->r = 1;
        n = fill_arena(t, rng_below(r, 100));
        o->back = (struct vg_arena_ptr){0, n};
        size = sizeof *o;
        break;
    }
    case ipcfuzz_Fuzz_Pass_mid:
        size = sizeof(struct ipcfuzz_Fuzz_Pass_out);
        break;
    case ipcfuzz_Fuzz_Give_mid: {
        struct ipcfuzz_Fuzz_Give_out *o = (void *)t->res;
        o->h = (struct vg_handle_desc){proc.client, VG_RIGHT_IPC_CLIENT};
        if (!valid)
            put_handle(t, &o->h);
        size = sizeof *o, ncaps = 1;
        break;
    }
    case ipcfuzz_Fuzz_Swap_mid: {
        struct ipcfuzz_Fuzz_Swap_out *o = (void *)t->res;
        o->c = o->d = (struct vg_handle_desc){proc.client, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER};
        if (!valid) {
            put_handle(t, &o->c);
            put_handle(t, &o->d);
        }
        size = sizeof *o, ncaps = 2;
        break;
    }
    default:
        if (rng_chance(r, 50)) {
            ((struct ipcfuzz_Fuzz_Fail_err *)(void *)t->res)->code = 5;
            size = sizeof(struct ipcfuzz_Fuzz_Fail_err), flags |= VG_MSG_ERROR;
        } else {
            size = sizeof(struct ipcfuzz_Fuzz_Fail_out);
        }
    }
    *(struct vg_msg_hdr *)t->res = (struct vg_msg_hdr){.size = size, .riid = FUZZ_RIID, .mid = (vg_iid_t)mid,
                                                        .flags = flags, .ncaps = ncaps, .arena_size = n};
    *arena_len = n;
    if (!valid && !t->clean && rng_chance(r, 35))
        mutate(t, t->res, size, arena_len);
    return size;
}

void op_reply(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    int valid = t->serving && t->reply_tries >= 3; /* a served client is answered in the end */
    uint32_t alen;
    uint32_t size = build_response(t, &alen, valid);
    unsigned k = rng_below(r, 20);
    uint64_t h = valid || k < 14 ? proc.listener : k < 16 ? proc.server : rand_handle(t);
    if (valid)
        t->mb_b = (struct vg_msgbuf){t->res, size, alen, t->arena_tx};
    else
        t->mb_b = (struct vg_msgbuf){(void *)(uintptr_t)rand_ptr(t, t->res), rand_size(t, size, VG_MSG_MAX_SIZE), alen,
                                     (void *)(uintptr_t)rand_ptr(t, t->arena_tx)};
    uint64_t out = valid || rng_chance(r, 95) ? (uint64_t)(uintptr_t)&t->mb_b : rand_ptr(t, &t->mb_b);
    rc_t rc = valid ? vg_reply((vg_handle_t)h, &t->mb_b) : sys(t, VG_SYS_REPLY, h, out, 0, 0, 0);
    fuzz_record(t, OP_REPLY, rc);
    if (!rc_documented_ipc(OP_REPLY, rc))
        fuzz_violation(t, "Reply h=0x%llx returned %d (%s), not a documented code", (unsigned long long)h, rc,
                       rc_name(rc));
    check_dead(t, "Reply", h, rc);
    /* Errors found before the transfer leave the request with us; every other outcome ends it. */
    if (valid || (rc != rcInvalidArgument && rc != rcSourceFault && rc != rcHandleRevoked && rc != rcNoCapability))
        t->serving = 0;
    else
        t->reply_tries++;
}
