/* Unit tests of the lib/nk transport runtime and of verifier edge cases the round trips do not reach:
 * arena bounds and alignment, string helpers, error replies, the server loop, malformed tables. */
#include <string.h>

#include <ksm/verify.h>
#include <vigil/nk/transport.h>

#include "../host/check.h"

static _Alignas(16) uint8_t buf[64];

TEST(arena_alloc_aligns_and_fills_up)
{
    struct nk_arena a;
    struct vg_arena_ptr p;
    void *data;
    nk_arena_init(&a, buf, sizeof buf);
    CHECK_EQ(nk_arena_alloc(&a, &p, 1, 3, &data), rcOk);
    CHECK_EQ(p.offset, 0);
    CHECK_EQ(p.size, 3);
    CHECK_EQ(nk_arena_alloc(&a, &p, 4, 2, &data), rcOk);
    CHECK_EQ(p.offset, 8); /* segments start on 8-byte boundaries */
    CHECK_EQ(nk_arena_used(&a), 16);
    CHECK_EQ(nk_arena_alloc(&a, &p, 8, 7, &data), rcBufferTooSmall);
    CHECK_EQ(p.size, 0);
    CHECK(data == NULL);
    CHECK_EQ(nk_arena_alloc(&a, &p, 8, 6, &data), rcOk);
    CHECK_EQ(nk_arena_used(&a), 64);
    CHECK_EQ(nk_arena_alloc(&a, &p, 1, SIZE_MAX, &data), rcBufferTooSmall);
    nk_arena_reset(&a);
    CHECK_EQ(nk_arena_used(&a), 0);
}

TEST(arena_get_rejects_bad_descriptors)
{
    struct nk_arena a;
    struct vg_arena_ptr p;
    const void *data;
    size_t n;
    uint32_t v[3] = {1, 2, 3};
    nk_arena_init(&a, buf, sizeof buf);
    CHECK_EQ(NK_ARENA_STORE(uint32_t, &a, &p, v, 3), rcOk);
    CHECK_EQ(NK_ARENA_GET(uint32_t, &a, &p, &data, &n), rcOk);
    CHECK_EQ(n, 3);
    CHECK(memcmp(data, v, sizeof v) == 0);
    struct vg_arena_ptr bad = {p.offset, p.size + 4}; /* past the used part */
    CHECK_EQ(NK_ARENA_GET(uint32_t, &a, &bad, &data, &n), rcInvalidArgument);
    bad = (struct vg_arena_ptr){p.offset, 6};          /* not whole elements */
    CHECK_EQ(NK_ARENA_GET(uint32_t, &a, &bad, &data, &n), rcInvalidArgument);
    bad = (struct vg_arena_ptr){p.offset + 2, 4};      /* misaligned */
    CHECK_EQ(NK_ARENA_GET(uint32_t, &a, &bad, &data, &n), rcInvalidArgument);
    bad = (struct vg_arena_ptr){UINT32_MAX, 8};
    CHECK_EQ(NK_ARENA_GET(uint32_t, &a, &bad, &data, &n), rcInvalidArgument);
}

TEST(arena_strings)
{
    struct nk_arena a;
    struct vg_arena_ptr p;
    const char *s;
    nk_arena_init(&a, buf, sizeof buf);
    CHECK_EQ(nk_arena_store_string(&a, &p, "hello", 5), rcOk);
    CHECK_EQ(p.size, 6);
    CHECK_EQ(nk_arena_get_string(&a, &p, &s), rcOk);
    CHECK(strcmp(s, "hello") == 0);
    CHECK_EQ(nk_arena_store_string(&a, &p, "toolong", 6), rcBufferTooLarge);
    struct vg_arena_ptr empty = {0, 0};
    CHECK_EQ(nk_arena_get_string(&a, &empty, &s), rcOk);
    CHECK(strcmp(s, "") == 0);
    struct vg_arena_ptr cut = {0, 3}; /* "hel" without its NUL */
    CHECK_EQ(nk_arena_get_string(&a, &cut, &s), rcInvalidArgument);
}

struct two_words {
    struct vg_msg_hdr hdr;
    uint32_t a, b;
};

TEST(failed_method_sends_zeroed_error_params)
{
    struct two_words res;
    struct vg_msg_hdr req = {24, 3, 1, VG_MSG_REQUEST, 0, 0, 0};
    memset(&res, 0xaa, sizeof res);
    struct nk_arena a;
    nk_arena_init(&a, buf, sizeof buf);
    struct vg_arena_ptr p;
    nk_arena_store_string(&a, &p, "junk", 8);
    CHECK_EQ(nk_reply_finish(&req, &res.hdr, rcBusy, 28, 0, sizeof res, 0, &a), rcBusy);
    CHECK_EQ(res.hdr.flags, VG_MSG_RESPONSE | VG_MSG_ERROR);
    CHECK_EQ(res.hdr.size, sizeof res);
    CHECK_EQ(res.hdr.riid, 3);
    CHECK_EQ(res.hdr.mid, 1);
    CHECK_EQ(res.hdr.arena_size, 0);
    CHECK_EQ(res.a, 0);
    CHECK_EQ(res.b, 0);
    CHECK_EQ(nk_reply_reject(&req, &res.hdr, &a, rcResourceNotFound), rcResourceNotFound);
    CHECK_EQ(res.hdr.size, 24);
}

/* A transport that delivers a scripted request, records the reply, then fails the next receive. */
static struct {
    int recvs, replies;
    struct vg_msg_hdr last_reply;
} script;

static rc_t s_recv(struct nk_transport *t, struct vg_msg_hdr *req, uint32_t cap, struct nk_arena *arena)
{
    (void)t;
    (void)arena;
    if (script.recvs++ >= 2)
        return rcIpcInterrupt;
    if (cap < sizeof *req)
        return rcBufferTooSmall;
    *req = (struct vg_msg_hdr){script.recvs == 1 ? 24 : 2, 0, 7, VG_MSG_REQUEST, 0, 0, 0};
    return rcOk;
}

static rc_t s_reply(struct nk_transport *t, const struct vg_msg_hdr *res, const struct nk_arena *arena)
{
    (void)t;
    (void)arena;
    script.replies++;
    script.last_reply = *res;
    return rcOk;
}

static int dispatched;

static rc_t echo_dispatch(void *target, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                          struct vg_msg_hdr *res, struct nk_arena *res_arena)
{
    (void)target;
    (void)req_arena;
    dispatched++;
    return nk_reply_reject(req, res, res_arena, rcResourceNotFound);
}

TEST(server_loop_serves_until_receive_fails)
{
    static const struct nk_transport_ops ops = {.recv = s_recv, .reply = s_reply};
    struct nk_transport t = {&ops};
    struct nk_server s;
    struct vg_msg_hdr req, res;
    static uint8_t ra[16], sa[16];
    nk_server_init(&s, &t, echo_dispatch, NULL, &req, sizeof req, ra, sizeof ra, &res, sizeof res, sa, sizeof sa);
    CHECK_EQ(nk_serve(&s), rcIpcInterrupt);
    CHECK_EQ(script.recvs, 3);
    CHECK_EQ(script.replies, 2);   /* the undersized second request is answered too, not dispatched */
    CHECK_EQ(dispatched, 1);
    CHECK_EQ(script.last_reply.flags, VG_MSG_RESPONSE | VG_MSG_ERROR);
    CHECK_EQ(script.last_reply.mid, 7);
}

TEST(verifier_rejects_malformed_tables_and_missing_layouts)
{
    struct vg_msg_hdr h = {32, 0, 0, VG_MSG_REQUEST, 0, 0, 0};
    uint8_t msg[32] = {0};
    memcpy(msg, &h, sizeof h);
    CHECK_EQ(ksm_verify(NULL, msg, 32, NULL, 0, NULL), KSM_VERIFY_NO_LAYOUT);
    static const struct ksm_field past_end[] = {{.kind = KSM_F_STRING, .offset = 28, .max = 4, .name = "s"}};
    struct ksm_msg_layout l = {.mid = 0, .dir = KSM_DIR_REQUEST, .size = 32, .nfields = 1, .fields = past_end};
    struct ksm_verify_info info;
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 0, &info), KSM_VERIFY_LAYOUT);
    static const struct ksm_field bad_kind[] = {{.kind = 99, .offset = 24, .name = "x"}};
    l.fields = bad_kind;
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 0, &info), KSM_VERIFY_LAYOUT);
    CHECK(info.field == &bad_kind[0]);
    static const struct ksm_field zero_elem[] = {{.kind = KSM_F_SEQUENCE, .offset = 24, .max = 4, .name = "q"}};
    l.fields = zero_elem;
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 0, &info), KSM_VERIFY_LAYOUT);
    CHECK_EQ(ksm_verify(&l, msg, 20, NULL, 0, &info), KSM_VERIFY_SHORT);
    CHECK(strcmp(ksm_verify_name(KSM_VERIFY_SEG_RANGE), "KSM_VERIFY_SEG_RANGE") == 0);
    CHECK(strcmp(ksm_verify_text(KSM_VERIFY_STRING), "string not terminated within its bound") == 0);
}

TEST(verifier_accepts_empty_strings_and_checks_arena_pointer)
{
    static const struct ksm_field f[] = {{.kind = KSM_F_STRING, .offset = 24, .max = 5, .name = "s"}};
    struct ksm_msg_layout l = {.mid = 2, .dir = KSM_DIR_RESPONSE, .size = 32, .arena_max = 8, .nfields = 1, .fields = f};
    struct vg_msg_hdr h = {32, 0, 2, VG_MSG_RESPONSE, 0, 0, 0};
    uint8_t msg[32] = {0};
    memcpy(msg, &h, sizeof h);
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 0, NULL), KSM_VERIFY_OK);
    h.arena_size = 4;
    memcpy(msg, &h, sizeof h);
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 4, NULL), KSM_VERIFY_ARENA_SIZE); /* arena bytes but no arena */
    uint8_t arena[9] = "abc";
    h.arena_size = 9;
    memcpy(msg, &h, sizeof h);
    CHECK_EQ(ksm_verify(&l, msg, 32, arena, 9, NULL), KSM_VERIFY_ARENA_SIZE); /* beyond arena_max */
}

int main(void)
{
    RUN(arena_alloc_aligns_and_fills_up);
    RUN(arena_get_rejects_bad_descriptors);
    RUN(arena_strings);
    RUN(failed_method_sends_zeroed_error_params);
    RUN(server_loop_serves_until_receive_fails);
    RUN(verifier_rejects_malformed_tables_and_missing_layouts);
    RUN(verifier_accepts_empty_strings_and_checks_arena_pointer);
    return check_summary();
}
