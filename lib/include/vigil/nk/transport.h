/* The transport: how generated proxies send requests and generated dispatchers answer them.
 *   client:  struct nk_vg_transport t; nk_vg_transport_init(&t, handle);
 *            struct echo_Ping_proxy p; echo_Ping_proxy_init(&p, &t.base, riid);
 *            rc = echo_Ping_Ping(&p, &req, &req_arena, &res, &res_arena);
 *            rc < 0: transport or KSM error, or the handler's code (one UInt16 error parameter: the
 *            simplified form); rc == NK_ERROR_RESPONSE: res.err holds the error params (extended form).
 *   server:  struct nk_server s; nk_server_init(&s, &t.base, echo_Server_dispatch, &entity, buffers...);
 *            nk_serve(&s);
 * Ops are a table so that tests can run proxies against dispatchers in one process. */
#ifndef VIGIL_NK_TRANSPORT_H
#define VIGIL_NK_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

#include <vigil/msg.h>
#include <vigil/nk/arena.h>
#include <vigil/rc.h>

/* NK_ERROR_RESPONSE (<vigil/rc.h>): a proxy's result when the server answered with error parameters
 * (a success for the transport). */

/* Simplified error handling (a method whose only error parameter is one UInt16): the dispatcher
 * folds a handler's negative rc into that parameter and the proxy unfolds it, so the client's call
 * returns the handler's code. A code that does not fit, or an error response whose parameter is 0
 * (the handler filled none), gives rcFail: the client still learns that the call failed. */
static inline uint16_t nk_error_fold(rc_t rc)
{
    return rc < 0 && rc > -65536 ? (uint16_t)-rc : (uint16_t)-rcFail;
}

static inline rc_t nk_error_unfold(uint16_t code)
{
    return code ? -(rc_t)code : rcFail;
}

struct nk_transport;

struct nk_transport_ops {
    /* Sends req (req->size bytes, the used part of req_arena), waits for the response into res
     * (res_cap bytes) and res_arena (its free space; marked used on return). */
    rc_t (*call)(struct nk_transport *t, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                 struct vg_msg_hdr *res, uint32_t res_cap, struct nk_arena *res_arena);
    /* Waits for a request into req (req_cap bytes) and req_arena (marked used on return). */
    rc_t (*recv)(struct nk_transport *t, struct vg_msg_hdr *req, uint32_t req_cap, struct nk_arena *req_arena);
    /* Answers the request received last. */
    rc_t (*reply)(struct nk_transport *t, const struct vg_msg_hdr *res, const struct nk_arena *res_arena);
    /* Optional (NULL: nk_serve uses reply then recv): answers with res (NULL: none), then waits for the
     * next request as recv does, in one system call where it can. An error may be the answer's or the
     * wait's: nk_serve then waits once more without an answer to tell them apart. */
    rc_t (*reply_recv)(struct nk_transport *t, const struct vg_msg_hdr *res, const struct nk_arena *res_arena,
                       struct vg_msg_hdr *req, uint32_t req_cap, struct nk_arena *req_arena);
};

struct nk_transport {
    const struct nk_transport_ops *ops;
};

/* ---- the kernel transport: Call/Recv/Reply on one handle (lib/nk/transport_vg.c, guest only) ---- */
struct nk_vg_transport {
    struct nk_transport base;
    uint32_t handle;          /* vg_handle_t: client handle, or server/listener handle */
    uint64_t timeout_ns;      /* VG_INFINITE by default */
    uint32_t sync;            /* IPC interrupt object, or VG_INVALID_HANDLE */
};
void nk_vg_transport_init(struct nk_vg_transport *t, uint32_t handle);
/* The security transport (KasperskyOS's NkKosSecurityTransport): a proxy of the caller's own security
 * interface (EDL `security`, RIID 0) asks the security module; the call returns rcOk when granted,
 * rcSecurityDisallow when denied, rcInvalidArgument for a malformed request. */
void nk_vg_security_transport_init(struct nk_vg_transport *t);

/* ---- client side ---- */
struct nk_proxy {
    struct nk_transport *transport;
    vg_iid_t riid;
};
void nk_proxy_init(struct nk_proxy *p, struct nk_transport *t, vg_iid_t riid);

/* What a generated proxy method does: fills req's header (size, RIID, MID, flags, ncaps, arena size),
 * calls, and checks that the response answers this method with out_size bytes (rcOk) or, with the
 * error flag, err_size bytes (NK_ERROR_RESPONSE). rcInvalidArgument for a response of another shape. */
rc_t nk_proxy_call(const struct nk_proxy *p, vg_iid_t mid, struct vg_msg_hdr *req, uint32_t req_size,
                   uint32_t req_handles, const struct nk_arena *req_arena, struct vg_msg_hdr *res,
                   uint32_t res_cap, uint32_t out_size, uint32_t err_size, struct nk_arena *res_arena);

/* ---- server side ---- */

/* Fills the response header after an implementation method returned rc: rcOk gives a response of
 * out_size bytes; NK_ERROR_RESPONSE an error response of err_size bytes; any other rc an error
 * response of err_size bytes with zeroed parameters and no arena. Returns rc. */
rc_t nk_reply_finish(const struct vg_msg_hdr *req, struct vg_msg_hdr *res, rc_t rc, uint32_t out_size,
                     uint32_t out_handles, uint32_t err_size, uint32_t err_handles, struct nk_arena *res_arena);
/* A header-only error response for a request no method takes (unknown RIID/MID, wrong size). */
rc_t nk_reply_reject(const struct vg_msg_hdr *req, struct vg_msg_hdr *res, struct nk_arena *res_arena, rc_t why);

/* A generated class dispatcher (<Class>_dispatch). Always leaves a response in res. */
typedef rc_t nk_dispatch_fn(void *target, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                            struct vg_msg_hdr *res, struct nk_arena *res_arena);

struct nk_server {
    struct nk_transport *transport;
    nk_dispatch_fn *dispatch;
    void *target;
    struct vg_msg_hdr *req, *res;   /* buffers sized by the class's _req/_res unions */
    uint32_t req_cap, res_cap;
    struct nk_arena req_arena, res_arena;
    volatile bool stop;             /* nk_serve returns after the current request when set */
};

void nk_server_init(struct nk_server *s, struct nk_transport *t, nk_dispatch_fn *dispatch, void *target,
                    void *req, uint32_t req_cap, void *req_arena, uint32_t req_arena_cap,
                    void *res, uint32_t res_cap, void *res_arena, uint32_t res_arena_cap);
/* Receive one request, dispatch it, reply. Returns the receive or reply error, else rcOk. */
rc_t nk_serve_once(struct nk_server *s);
/* nk_serve_once until stop is set, every client is gone (the receive says rcNotConnected: rcOk is
 * returned) or a receive fails otherwise (its rc is returned; rcOk after a stop).
 * A failed reply (e.g. the KSM refused the response) does not stop the loop. */
rc_t nk_serve(struct nk_server *s);

#endif
