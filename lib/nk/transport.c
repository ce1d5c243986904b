/* Proxy and dispatcher helpers and the server loop (see <vigil/nk/transport.h>); independent of the
 * kernel, so the host tests run them over an in-process transport. */
#include <string.h>

#include <vigil/nk/transport.h>

void nk_proxy_init(struct nk_proxy *p, struct nk_transport *t, vg_iid_t riid)
{
    p->transport = t;
    p->riid = riid;
}

rc_t nk_proxy_call(const struct nk_proxy *p, vg_iid_t mid, struct vg_msg_hdr *req, uint32_t req_size,
                   uint32_t req_handles, const struct nk_arena *req_arena, struct vg_msg_hdr *res,
                   uint32_t res_cap, uint32_t out_size, uint32_t err_size, struct nk_arena *res_arena)
{
    if (!p || !p->transport || !req || !res)
        return rcInvalidArgument;
    req->size = req_size;
    req->riid = p->riid;
    req->mid = mid;
    req->flags = VG_MSG_REQUEST;
    req->ncaps = req_handles;
    req->arena_size = nk_arena_used(req_arena);
    req->reserved = 0;
    if (res_arena)
        nk_arena_reset(res_arena);
    rc_t rc = p->transport->ops->call(p->transport, req, req_arena, res, res_cap, res_arena);
    if (rc != rcOk)
        return rc;
    if (res->riid != p->riid || res->mid != mid)
        return rcInvalidArgument;
    if (res->flags == VG_MSG_RESPONSE && res->size == out_size)
        return rcOk;
    if (res->flags == (VG_MSG_RESPONSE | VG_MSG_ERROR) && res->size == err_size)
        return NK_ERROR_RESPONSE;
    return rcInvalidArgument;
}

static void fill_header(const struct vg_msg_hdr *req, struct vg_msg_hdr *res, uint32_t size, uint32_t flags,
                        uint32_t ncaps, const struct nk_arena *arena)
{
    res->size = size;
    res->riid = req->riid;
    res->mid = req->mid;
    res->flags = flags;
    res->ncaps = ncaps;
    res->arena_size = nk_arena_used(arena);
    res->reserved = 0;
}

rc_t nk_reply_finish(const struct vg_msg_hdr *req, struct vg_msg_hdr *res, rc_t rc, uint32_t out_size,
                     uint32_t out_handles, uint32_t err_size, uint32_t err_handles, struct nk_arena *res_arena)
{
    if (rc == rcOk) {
        fill_header(req, res, out_size, VG_MSG_RESPONSE, out_handles, res_arena);
    } else if (rc == NK_ERROR_RESPONSE) {
        fill_header(req, res, err_size, VG_MSG_RESPONSE | VG_MSG_ERROR, err_handles, res_arena);
    } else {
        /* The implementation failed without error parameters: send zeroed ones, so the response
         * still has the shape the KSM expects. */
        memset((unsigned char *)res + sizeof *res, 0, err_size - sizeof *res);
        if (res_arena)
            nk_arena_reset(res_arena);
        fill_header(req, res, err_size, VG_MSG_RESPONSE | VG_MSG_ERROR, err_handles, res_arena);
    }
    return rc;
}

rc_t nk_reply_reject(const struct vg_msg_hdr *req, struct vg_msg_hdr *res, struct nk_arena *res_arena, rc_t why)
{
    if (res_arena)
        nk_arena_reset(res_arena);
    fill_header(req, res, sizeof *res, VG_MSG_RESPONSE | VG_MSG_ERROR, 0, res_arena);
    return why;
}

void nk_server_init(struct nk_server *s, struct nk_transport *t, nk_dispatch_fn *dispatch, void *target,
                    void *req, uint32_t req_cap, void *req_arena, uint32_t req_arena_cap,
                    void *res, uint32_t res_cap, void *res_arena, uint32_t res_arena_cap)
{
    s->transport = t;
    s->dispatch = dispatch;
    s->target = target;
    s->req = req;
    s->req_cap = req_cap;
    s->res = res;
    s->res_cap = res_cap;
    nk_arena_init(&s->req_arena, req_arena, req_arena_cap);
    nk_arena_init(&s->res_arena, res_arena, res_arena_cap);
    s->stop = false;
}

/* One round; *recv_failed tells a receive error (which ends nk_serve) from a reply error. */
static rc_t serve_round(struct nk_server *s, bool *recv_failed)
{
    nk_arena_reset(&s->req_arena);
    nk_arena_reset(&s->res_arena);
    rc_t rc = s->transport->ops->recv(s->transport, s->req, s->req_cap, &s->req_arena);
    *recv_failed = rc != rcOk;
    if (rc != rcOk)
        return rc;
    if (s->req->size < sizeof *s->req || s->req->size > s->req_cap)
        nk_reply_reject(s->req, s->res, &s->res_arena, rcInvalidArgument);
    else
        s->dispatch(s->target, s->req, &s->req_arena, s->res, &s->res_arena);
    return s->transport->ops->reply(s->transport, s->res, &s->res_arena);
}

rc_t nk_serve_once(struct nk_server *s)
{
    bool recv_failed;
    return serve_round(s, &recv_failed);
}

/* nk_serve with a transport that answers and waits in one call. */
static rc_t serve_reply_recv(struct nk_server *s)
{
    const struct vg_msg_hdr *answer = 0;
    while (!s->stop) {
        nk_arena_reset(&s->req_arena);
        rc_t rc = s->transport->ops->reply_recv(s->transport, answer, &s->res_arena, s->req, s->req_cap,
                                                &s->req_arena);
        if (rc != rcOk && answer) /* the answer's error or the wait's: wait once more to know */
            rc = s->transport->ops->reply_recv(s->transport, 0, 0, s->req, s->req_cap, &s->req_arena);
        answer = 0;
        if (rc == rcNotConnected)
            return rcOk; /* every client is gone: the service has ended normally */
        if (rc != rcOk)
            return rc;
        nk_arena_reset(&s->res_arena);
        if (s->req->size < sizeof *s->req || s->req->size > s->req_cap)
            nk_reply_reject(s->req, s->res, &s->res_arena, rcInvalidArgument);
        else
            s->dispatch(s->target, s->req, &s->req_arena, s->res, &s->res_arena);
        answer = s->res;
    }
    return answer ? s->transport->ops->reply(s->transport, answer, &s->res_arena) : rcOk;
}

rc_t nk_serve(struct nk_server *s)
{
    if (s->transport->ops->reply_recv)
        return serve_reply_recv(s);
    while (!s->stop) {
        bool recv_failed;
        rc_t rc = serve_round(s, &recv_failed);
        if (rc == rcNotConnected && recv_failed)
            return rcOk; /* every client is gone: the service has ended normally */
        if (rc != rcOk && recv_failed)
            return rc;
    }
    return rcOk;
}
