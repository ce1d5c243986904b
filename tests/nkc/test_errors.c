/* The error path through generated code: a proxy calls a generated dispatcher over an in-process
 * transport. The simplified form (iface.Many.All: one UInt16 error parameter) gives the client's
 * call exactly the code the handler returned; the extended form (iface.Errors: error parameters of
 * any type) gives NK_ERROR_RESPONSE with the handler's parameters in res->err, arena included. */
#include <string.h>

#include <iface/Errors.idl.h>
#include <iface/Many.idl.h>

#include "../host/check.h"

/* The transport hands the request straight to the dispatcher; the response arena is the client's. */
struct loop {
    struct nk_transport base;
    nk_dispatch_fn *dispatch;
    void *target;
};

static rc_t loop_call(struct nk_transport *t, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                      struct vg_msg_hdr *res, uint32_t res_cap, struct nk_arena *res_arena)
{
    struct loop *l = (struct loop *)t;
    (void)res_cap;
    l->dispatch(l->target, req, req_arena, res, res_arena);
    return rcOk;
}

static const struct nk_transport_ops loop_ops = {.call = loop_call};

/* ---- simplified: iface.Many.All(in UInt16 a, out UInt16 b, error UInt16 c) ---- */
struct many {
    struct iface_Many base;
    rc_t answer; /* what All returns */
};

static rc_t many_all(struct iface_Many *self, const struct iface_Many_All_req *req, const struct nk_arena *req_arena,
                     union iface_Many_All_res *res, struct nk_arena *res_arena)
{
    (void)req_arena;
    (void)res_arena;
    rc_t rc = ((struct many *)self)->answer;
    if (rc == rcOk)
        res->out.b = (uint16_t)(req->a + 1);
    else if (rc == NK_ERROR_RESPONSE)
        res->err.c = (uint16_t)-rcBusy; /* the handler may fill the parameter itself */
    return rc;
}

static rc_t many_dispatch(void *target, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                          struct vg_msg_hdr *res, struct nk_arena *res_arena)
{
    return iface_Many_dispatch(target, req, req_arena, res, res_arena);
}

static rc_t call_all(rc_t answer, union iface_Many_All_res *res)
{
    static const struct iface_Many_ops ops = {.All = many_all};
    struct many impl = {{&ops}, answer};
    struct loop t = {{&loop_ops}, many_dispatch, &impl};
    struct iface_Many_proxy p;
    iface_Many_proxy_init(&p, &t.base, 7);
    struct iface_Many_All_req req = {.a = 41};
    memset(res, 0xa5, sizeof *res);
    return iface_Many_All(&p, &req, NULL, res, NULL);
}

TEST(simplified_error_reaches_the_client_as_returned)
{
    union iface_Many_All_res res;
    CHECK_EQ(call_all(rcOk, &res), rcOk);
    CHECK_EQ(res.out.b, 42);
    static const rc_t codes[] = {rcFail, rcResourceNotFound, rcAlreadyExists, rcDeviceNotFound, -1000};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        CHECK_EQ(call_all(codes[i], &res), codes[i]);
        CHECK_EQ(res.hdr.flags, VG_MSG_RESPONSE | VG_MSG_ERROR);
        CHECK_EQ(res.err.c, (uint16_t)-codes[i]); /* the parameter is still there to read */
    }
    CHECK_EQ(call_all(NK_ERROR_RESPONSE, &res), rcBusy);
}

TEST(fold_keeps_a_failure_a_failure)
{
    CHECK_EQ(nk_error_unfold(nk_error_fold(rcTimeout)), rcTimeout);
    CHECK_EQ(nk_error_unfold(nk_error_fold(-70000)), rcFail); /* does not fit in a UInt16 */
    CHECK_EQ(nk_error_unfold(0), rcFail);                      /* an error response without a code */
}

/* ---- extended: iface.Errors ---- */
static rc_t errors_check(struct iface_Errors *self, const struct iface_Errors_Check_req *req,
                         const struct nk_arena *req_arena, union iface_Errors_Check_res *res, struct nk_arena *res_arena)
{
    (void)self;
    (void)req_arena;
    (void)res_arena;
    if (req->x < 10) {
        res->out.y = req->x * 2;
        return rcOk;
    }
    res->err.code = -(int32_t)req->x;
    return NK_ERROR_RESPONSE;
}

static rc_t errors_explain(struct iface_Errors *self, const struct iface_Errors_Explain_req *req,
                           const struct nk_arena *req_arena, union iface_Errors_Explain_res *res,
                           struct nk_arena *res_arena)
{
    (void)self;
    (void)req_arena;
    res->err.failure.code = (int32_t)req->x;
    rc_t rc = nk_arena_store_string(res_arena, &res->err.failure.reason, "no such thing", 63);
    return rc == rcOk ? NK_ERROR_RESPONSE : rc;
}

static rc_t errors_dispatch(void *target, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                            struct vg_msg_hdr *res, struct nk_arena *res_arena)
{
    return iface_Errors_dispatch(target, req, req_arena, res, res_arena);
}

static const struct iface_Errors_ops errors_ops = {.Check = errors_check, .Explain = errors_explain};

TEST(extended_error_params_reach_the_client)
{
    struct iface_Errors impl = {&errors_ops};
    struct loop t = {{&loop_ops}, errors_dispatch, &impl};
    struct iface_Errors_proxy p;
    iface_Errors_proxy_init(&p, &t.base, 3);

    struct iface_Errors_Check_req creq = {.x = 4};
    union iface_Errors_Check_res cres;
    CHECK_EQ(iface_Errors_Check(&p, &creq, NULL, &cres, NULL), rcOk);
    CHECK_EQ(cres.out.y, 8);
    creq.x = 12;
    CHECK_EQ(iface_Errors_Check(&p, &creq, NULL, &cres, NULL), NK_ERROR_RESPONSE);
    CHECK_EQ(cres.err.code, -12);

    static _Alignas(16) uint8_t abuf[iface_Errors_res_arena_size];
    struct nk_arena arena;
    nk_arena_init(&arena, abuf, sizeof abuf);
    struct iface_Errors_Explain_req ereq = {.x = 99};
    union iface_Errors_Explain_res eres;
    CHECK_EQ(iface_Errors_Explain(&p, &ereq, NULL, &eres, &arena), NK_ERROR_RESPONSE);
    CHECK_EQ(eres.err.failure.code, 99);
    const char *reason = NULL;
    CHECK_EQ(nk_arena_get_string(&arena, &eres.err.failure.reason, &reason), rcOk);
    CHECK(reason && strcmp(reason, "no such thing") == 0);
}

TEST(rc_name_names_the_error_response)
{
    CHECK(strcmp(rc_name(NK_ERROR_RESPONSE), "NK_ERROR_RESPONSE") == 0);
    CHECK(strcmp(rc_name(rcDeviceNotFound), "rcDeviceNotFound") == 0);
}

int main(void)
{
    RUN(simplified_error_reaches_the_client_as_returned);
    RUN(fold_keeps_a_failure_a_failure);
    RUN(extended_error_params_reach_the_client);
    RUN(rc_name_names_the_error_response);
    return check_summary();
}
