/* Round trips through the generated code for every method of the golden corpus's process classes:
 * a generated proxy encodes a request filled with random but valid values; an in-process transport
 * checks it with the KSM verifier (ksm_verify against the generated layout tables), hands it to the
 * generated entity dispatcher, whose implementation (rt_serve) checks it arrived unchanged and
 * decodes every arena field with the runtime; the response (or error response) goes back the same
 * way. Then every header field and every descriptor of each message is corrupted in turn, and the
 * verifier must reject each mutation with the expected reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ksm/verify.h>

#include "roundtrip.h"

#define BUF_ALIGN _Alignas(16)

static uint64_t rng_state;
static int fill_failed;

static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rnd();
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* A descriptor or tag written while filling a message: where it is, for the mutations. */
struct site {
    const struct ksm_field *f;
    uint8_t *at;             /* in the message or in the arena */
    uint32_t seg_off, seg_size;
};

struct msg {
    BUF_ALIGN uint8_t data[VG_MSG_MAX_SIZE];
    BUF_ALIGN uint8_t arena_buf[VG_ARENA_MAX_SIZE];
    struct nk_arena arena;
    struct site sites[4096];
    size_t nsites;
};

static void fill_fields(struct msg *m, uint8_t *base, const struct ksm_field *fields, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct ksm_field *f = &fields[i];
        uint8_t *at = base + f->offset;
        struct vg_arena_ptr ptr = {0, 0};
        void *data = NULL;
        if (f->kind == KSM_F_TAG) {
            uint32_t tag = rnd() % f->max;
            put32(at, tag);
            if (m->nsites == sizeof m->sites / sizeof m->sites[0]) {
                fill_failed = 1;
                return;
            }
            m->sites[m->nsites++] = (struct site){f, at, 0, 0};
            /* Only the member in use: the other members' bytes stay random, as the verifier ignores them. */
            if (f->arms)
                fill_fields(m, base, f->arms[tag].fields, f->arms[tag].nfields);
            continue;
        } else if (f->kind == KSM_F_STRING) {
            uint32_t len = rnd() % f->max; /* characters, NUL excluded: 0 .. max-1 */
            if (nk_arena_alloc(&m->arena, &ptr, 1, len + 1, &data) != rcOk) {
                fill_failed = 1;
                return;
            }
            for (uint32_t k = 0; k < len; k++)
                ((char *)data)[k] = (char)('a' + rnd() % 26);
        } else if (f->kind == KSM_F_SEQUENCE) {
            uint32_t room = (uint32_t)(m->arena.end - m->arena.cur) / 2 / f->elem_size;
            uint32_t max = f->max < room ? f->max : room;
            uint32_t count = rnd() % (max + 1);
            if (nk_arena_alloc(&m->arena, &ptr, f->elem_size, count, &data) != rcOk) {
                fill_failed = 1;
                return;
            }
            rnd_bytes(data, (size_t)count * f->elem_size);
            memcpy(at, &ptr, sizeof ptr); /* before the elements' segments: keeps the site order */
            if (m->nsites == sizeof m->sites / sizeof m->sites[0]) {
                fill_failed = 1;
                return;
            }
            m->sites[m->nsites++] = (struct site){f, at, ptr.offset, ptr.size};
            for (uint32_t k = 0; f->elem && k < count; k++)
                fill_fields(m, (uint8_t *)data + (size_t)k * f->elem_size, f->elem->fields, f->elem->nfields);
            continue;
        }
        if (f->kind == KSM_F_STRING)
            memcpy(at, &ptr, sizeof ptr);
        if (m->nsites == sizeof m->sites / sizeof m->sites[0]) {
            fill_failed = 1;
            return;
        }
        m->sites[m->nsites++] = (struct site){f, at, ptr.offset, ptr.size};
    }
}

/* Random parameters that satisfy the layout: what a correct program sends. */
static int fill(struct msg *m, const struct ksm_msg_layout *l)
{
    nk_arena_init(&m->arena, m->arena_buf, sizeof m->arena_buf);
    m->nsites = 0;
    memset(m->data, 0, sizeof(struct vg_msg_hdr));
    rnd_bytes(m->data + sizeof(struct vg_msg_hdr), l->size - sizeof(struct vg_msg_hdr));
    fill_failed = 0;
    fill_fields(m, m->data, l->fields, l->nfields);
    return fill_failed ? -1 : 0;
}

/* ---- the server side: what rt_serve expects and answers ---- */

static struct {
    struct msg sent;                       /* the request as the client filled it */
    const struct ksm_msg_layout *req_layout, *reply_layout;
    bool error_mode;
    struct msg reply;                      /* the response rt_serve produced */
    char problem[256];
} srv;

static void decode_check(const struct nk_arena *a, const uint8_t *base, const struct ksm_field *fields, uint32_t n)
{
    for (uint32_t i = 0; i < n && !srv.problem[0]; i++) {
        const struct ksm_field *f = &fields[i];
        struct vg_arena_ptr ptr;
        memcpy(&ptr, base + f->offset, sizeof ptr);
        if (f->kind == KSM_F_TAG && f->arms) {
            uint32_t tag = get32(base + f->offset);
            decode_check(a, base, f->arms[tag].fields, f->arms[tag].nfields);
        } else if (f->kind == KSM_F_STRING) {
            const char *s;
            if (nk_arena_get_string(a, &ptr, &s) != rcOk || strlen(s) + 1 != (ptr.size ? ptr.size : 1))
                snprintf(srv.problem, sizeof srv.problem, "string %s does not decode", f->name);
        } else if (f->kind == KSM_F_SEQUENCE) {
            const void *data;
            size_t count;
            if (nk_arena_get(a, &ptr, f->elem_size, f->elem_align, &data, &count) != rcOk ||
                count != ptr.size / f->elem_size)
                snprintf(srv.problem, sizeof srv.problem, "sequence %s does not decode", f->name);
            for (size_t k = 0; f->elem && k < count; k++)
                decode_check(a, (const uint8_t *)data + k * f->elem_size, f->elem->fields, f->elem->nfields);
        }
    }
}

rc_t rt_serve(const struct vg_msg_hdr *req, const struct nk_arena *req_arena, struct vg_msg_hdr *res,
              struct nk_arena *res_arena)
{
    const struct ksm_msg_layout *l = srv.req_layout;
    uint32_t used = nk_arena_used(req_arena);
    if (req->size != l->size || memcmp(req, srv.sent.data, l->size) != 0)
        snprintf(srv.problem, sizeof srv.problem, "request changed on the way");
    else if (used != nk_arena_used(&srv.sent.arena) || (used && memcmp(req_arena->start, srv.sent.arena_buf, used)))
        snprintf(srv.problem, sizeof srv.problem, "request arena changed on the way");
    else
        decode_check(req_arena, (const uint8_t *)req, l->fields, l->nfields);
    /* Answer with fresh random parameters built in place, in the server's buffers. */
    const struct ksm_msg_layout *rl = srv.reply_layout;
    if (fill(&srv.reply, rl) < 0)
        snprintf(srv.problem, sizeof srv.problem, "cannot build the response");
    uint32_t rused = nk_arena_used(&srv.reply.arena);
    memcpy((uint8_t *)res + sizeof *res, srv.reply.data + sizeof *res, rl->size - sizeof *res);
    void *dst;
    struct vg_arena_ptr ignored;
    if (rused && nk_arena_alloc(res_arena, &ignored, 1, rused, &dst) == rcOk)
        memcpy(dst, srv.reply.arena_buf, rused);
    return srv.error_mode ? NK_ERROR_RESPONSE : rcOk;
}

/* ---- the in-process transport: verify, deliver, dispatch, verify, deliver ---- */

struct loop {
    struct nk_transport base;
    const struct rt_class *cls;
    enum ksm_verify_result req_verdict, res_verdict;
};

static BUF_ALIGN uint8_t server_req[VG_MSG_MAX_SIZE], server_res[VG_MSG_MAX_SIZE];
static BUF_ALIGN uint8_t server_req_arena[VG_ARENA_MAX_SIZE], server_res_arena[VG_ARENA_MAX_SIZE];

static rc_t loop_call(struct nk_transport *t, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                      struct vg_msg_hdr *res, uint32_t res_cap, struct nk_arena *res_arena)
{
    struct loop *lp = (struct loop *)t;
    uint32_t used = nk_arena_used(req_arena);
    const struct ksm_msg_layout *l = ksm_layout_lookup(lp->cls->layout, req->riid, req->mid, KSM_DIR_REQUEST);
    lp->req_verdict = ksm_verify(l, req, req->size, used ? req_arena->start : NULL, used, NULL);
    if (lp->req_verdict != KSM_VERIFY_OK)
        return rcInvalidArgument;
    memcpy(server_req, req, req->size);
    struct nk_arena sreq, sres;
    nk_arena_init(&sreq, server_req_arena, sizeof server_req_arena);
    nk_arena_init(&sres, server_res_arena, sizeof server_res_arena);
    if (used)
        memcpy(server_req_arena, req_arena->start, used);
    nk_arena_set_used(&sreq, used);
    lp->cls->dispatch(lp->cls->entity, (struct vg_msg_hdr *)server_req, &sreq, (struct vg_msg_hdr *)server_res, &sres);
    const struct vg_msg_hdr *sr = (const struct vg_msg_hdr *)server_res;
    enum ksm_dir dir = sr->flags & VG_MSG_ERROR ? KSM_DIR_ERROR : KSM_DIR_RESPONSE;
    uint32_t rused = nk_arena_used(&sres);
    l = ksm_layout_lookup(lp->cls->layout, sr->riid, sr->mid, dir);
    lp->res_verdict = ksm_verify(l, sr, sr->size, rused ? server_res_arena : NULL, rused, NULL);
    if (lp->res_verdict != KSM_VERIFY_OK)
        return rcInvalidArgument;
    if (sr->size > res_cap || !res_arena || rused > (uint32_t)(res_arena->end - res_arena->start))
        return rcBufferTooSmall;
    memcpy(res, sr, sr->size);
    if (rused)
        memcpy(res_arena->start, server_res_arena, rused);
    return nk_arena_set_used(res_arena, rused);
}

static const struct nk_transport_ops loop_ops = {.call = loop_call};

/* ---- mutations ---- */

static struct msg mutant;

static int expect_reject(const struct ksm_msg_layout *l, const struct msg *m, uint32_t msg_size, const char *what,
                         enum ksm_verify_result a, enum ksm_verify_result b)
{
    uint32_t used = nk_arena_used(&m->arena);
    enum ksm_verify_result r = ksm_verify(l, m->data, msg_size, used ? m->arena_buf : NULL, used, NULL);
    if (r == a || r == b)
        return 0;
    printf("    %s.%s: mutation '%s' gave %s\n", l->method, l->dir ? "response" : "request", what, ksm_verify_name(r));
    return -1;
}

static void copy_msg(struct msg *dst, const struct msg *src)
{
    memcpy(dst->data, src->data, sizeof dst->data);
    memcpy(dst->arena_buf, src->arena_buf, sizeof dst->arena_buf);
    dst->arena = src->arena;
    dst->arena.start = dst->arena_buf;
    dst->arena.cur = dst->arena_buf + (src->arena.cur - src->arena.start);
    dst->arena.end = dst->arena_buf + sizeof dst->arena_buf;
    dst->nsites = src->nsites;
    for (size_t i = 0; i < src->nsites; i++) {
        dst->sites[i] = src->sites[i];
        const uint8_t *at = src->sites[i].at;
        dst->sites[i].at = at >= src->data && at < src->data + sizeof src->data
                               ? dst->data + (at - src->data)
                               : dst->arena_buf + (at - src->arena_buf);
    }
}

/* Every header field, then every descriptor and tag of m (a valid message for l), corrupted in turn. */
static int mutate_all(const struct ksm_msg_layout *l, const struct msg *m)
{
    int bad = 0;
    uint32_t used = nk_arena_used(&m->arena);
    struct { size_t off; uint32_t delta; const char *what; enum ksm_verify_result r; } hdr[] = {
        {offsetof(struct vg_msg_hdr, size), 4, "hdr.size", KSM_VERIFY_SIZE},
        {offsetof(struct vg_msg_hdr, flags), 8, "hdr.flags", KSM_VERIFY_FLAGS},
        {offsetof(struct vg_msg_hdr, reserved), 1, "hdr.reserved", KSM_VERIFY_RESERVED},
        {offsetof(struct vg_msg_hdr, ncaps), 1, "hdr.ncaps", KSM_VERIFY_NCAPS},
        {offsetof(struct vg_msg_hdr, arena_size), 1, "hdr.arena_size", KSM_VERIFY_ARENA_SIZE},
    };
    for (size_t i = 0; i < sizeof hdr / sizeof hdr[0]; i++) {
        copy_msg(&mutant, m);
        put32(mutant.data + hdr[i].off, get32(mutant.data + hdr[i].off) + hdr[i].delta);
        bad |= expect_reject(l, &mutant, l->size, hdr[i].what, hdr[i].r, hdr[i].r);
    }
    copy_msg(&mutant, m);
    ((struct vg_msg_hdr *)mutant.data)->mid++;
    bad |= expect_reject(l, &mutant, l->size, "hdr.mid", KSM_VERIFY_MID, KSM_VERIFY_MID);
    copy_msg(&mutant, m);
    bad |= expect_reject(l, &mutant, l->size - 4, "short message", KSM_VERIFY_SIZE, KSM_VERIFY_SHORT);

    uint32_t prev_off = 0, have_prev = 0;
    for (size_t i = 0; i < m->nsites; i++) {
        const struct site *s = &m->sites[i];
        const struct ksm_field *f = s->f;
        char what[160];
        if (f->kind == KSM_F_TAG) {
            copy_msg(&mutant, m);
            put32(mutant.sites[i].at, f->max);
            snprintf(what, sizeof what, "%s tag", f->name);
            bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_TAG, KSM_VERIFY_TAG);
            continue;
        }
        if (f->kind == KSM_F_HANDLE)
            continue;
        /* offset past the arena */
        copy_msg(&mutant, m);
        put32(mutant.sites[i].at, used + 8);
        snprintf(what, sizeof what, "%s offset out of range", f->name);
        bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_SEG_RANGE, KSM_VERIFY_SEG_RANGE);
        /* more than the bound */
        uint32_t elem = f->kind == KSM_F_STRING ? 1 : f->elem_size;
        copy_msg(&mutant, m);
        put32(mutant.sites[i].at + 4, (f->max + 1) * elem);
        snprintf(what, sizeof what, "%s beyond its bound", f->name);
        bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_SEG_BOUND, KSM_VERIFY_SEG_RANGE);
        if (s->seg_size) {
            if (f->kind == KSM_F_STRING) {
                copy_msg(&mutant, m);
                mutant.arena_buf[s->seg_off + s->seg_size - 1] = 'x';
                snprintf(what, sizeof what, "%s unterminated", f->name);
                bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_STRING, KSM_VERIFY_STRING);
            }
            if (f->kind == KSM_F_SEQUENCE && elem > 1) {
                copy_msg(&mutant, m);
                put32(mutant.sites[i].at + 4, s->seg_size - 1);
                snprintf(what, sizeof what, "%s partial element", f->name);
                bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_SEG_PARTIAL, KSM_VERIFY_SEG_PARTIAL);
            }
            if (f->kind == KSM_F_SEQUENCE && f->elem_align > 1) {
                copy_msg(&mutant, m);
                put32(mutant.sites[i].at, s->seg_off + 1);
                snprintf(what, sizeof what, "%s misaligned", f->name);
                bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_SEG_ALIGN, KSM_VERIFY_SEG_RANGE);
            }
            if (have_prev) { /* point at the previous segment: overlap */
                copy_msg(&mutant, m);
                put32(mutant.sites[i].at, prev_off);
                snprintf(what, sizeof what, "%s overlapping", f->name);
                bad |= expect_reject(l, &mutant, l->size, what, KSM_VERIFY_SEG_OVERLAP, KSM_VERIFY_SEG_RANGE);
            }
            prev_off = s->seg_off;
            have_prev = 1;
        }
    }
    return bad;
}

/* ---- the driver ---- */

static struct msg req, res;

static int round_trip(const struct rt_class *cls, const struct rt_method *m, bool error_mode, int *mutations_bad)
{
    const struct ksm_msg_layout *rl = ksm_layout_lookup(cls->layout, m->riid, m->mid, KSM_DIR_REQUEST);
    if (!rl) {
        printf("    no layout for RIID %u MID %u\n", m->riid, m->mid);
        return -1;
    }
    srv.req_layout = rl;
    srv.reply_layout = ksm_layout_lookup(cls->layout, m->riid, m->mid, error_mode ? KSM_DIR_ERROR : KSM_DIR_RESPONSE);
    srv.error_mode = error_mode;
    srv.problem[0] = 0;
    if (fill(&req, rl) < 0)
        return -1;
    /* What the proxy will put in the header, so rt_serve can compare the whole message. */
    struct vg_msg_hdr *h = (struct vg_msg_hdr *)req.data;
    *h = (struct vg_msg_hdr){rl->size, m->riid, m->mid, VG_MSG_REQUEST, rl->nhandles, nk_arena_used(&req.arena), 0};
    copy_msg(&srv.sent, &req);

    struct loop lp = {{&loop_ops}, cls, KSM_VERIFY_OK, KSM_VERIFY_OK};
    struct nk_proxy proxy;
    nk_proxy_init(&proxy, &lp.base, m->riid);
    nk_arena_init(&res.arena, res.arena_buf, sizeof res.arena_buf);
    rc_t rc = m->call(&proxy, (struct vg_msg_hdr *)req.data, &req.arena, (struct vg_msg_hdr *)res.data, &res.arena);
    if (lp.req_verdict != KSM_VERIFY_OK || lp.res_verdict != KSM_VERIFY_OK) {
        printf("    verifier refused a valid %s: %s\n", lp.req_verdict ? "request" : "response",
               ksm_verify_name(lp.req_verdict ? lp.req_verdict : lp.res_verdict));
        return -1;
    }
    if (srv.problem[0]) {
        printf("    %s\n", srv.problem);
        return -1;
    }
    rc_t want = error_mode ? NK_ERROR_RESPONSE : rcOk;
    if (error_mode && m->folded) { /* simplified error handling: the proxy returns the folded code */
        uint16_t code;
        memcpy(&code, res.data + m->folded, sizeof code);
        want = nk_error_unfold(code);
    }
    if (rc != want) {
        printf("    proxy returned %d\n", rc);
        return -1;
    }
    const struct ksm_msg_layout *pl = srv.reply_layout;
    uint32_t used = nk_arena_used(&res.arena);
    if (memcmp(res.data + sizeof *h, srv.reply.data + sizeof *h, pl->size - sizeof *h) != 0 ||
        used != nk_arena_used(&srv.reply.arena) || (used && memcmp(res.arena_buf, srv.reply.arena_buf, used))) {
        printf("    response changed on the way\n");
        return -1;
    }
    /* The messages just exchanged are valid: now corrupt them. */
    *mutations_bad |= mutate_all(rl, &srv.sent);
    struct msg *reply = &srv.reply;
    *(struct vg_msg_hdr *)reply->data = *(const struct vg_msg_hdr *)res.data;
    *mutations_bad |= mutate_all(pl, reply);
    return 0;
}

int main(void)
{
    size_t methods = 0;
    int failures = 0;
    for (size_t c = 0; c < rt_nclasses; c++) {
        const struct rt_class *cls = rt_classes[c];
        cls->init();
        for (size_t i = 0; i < cls->nmethods; i++) {
            const struct rt_method *m = &cls->methods[i];
            int bad = 0, mut_bad = 0;
            for (int seed = 0; seed < 6 && !bad; seed++) {
                rng_state = (uint64_t)seed * 7919 + i * 104729 + c;
                bad |= round_trip(cls, m, seed & 1, &mut_bad);
            }
            if (bad)
                printf("FAIL roundtrip %s %s %s\n", cls->name, m->endpoint, m->method);
            else
                printf("ok roundtrip %s %s %s\n", cls->name, m->endpoint, m->method);
            if (mut_bad)
                printf("FAIL mutations %s %s %s\n", cls->name, m->endpoint, m->method);
            else if (!bad)
                printf("ok mutations %s %s %s\n", cls->name, m->endpoint, m->method);
            failures += bad | mut_bad;
            methods++;
        }
    }
    printf("%zu methods\n", methods);
    return failures || methods == 0;
}
