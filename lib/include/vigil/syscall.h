/* The three system calls (svc #0 with the number in x8) and their timeout variants.
 * Every other kernel service is a method of a kl.core.Core endpoint reached with vg_call.
 *   vg_call:  send a request on a client handle, block until the response (or an error) arrives.
 *   vg_recv:  block on a server or listener handle until a request arrives.
 *   vg_reply: send the response to the client whose request this thread received last.
 *   vg_reply_recv_ex: vg_reply then, if it succeeded, vg_recv_ex on the same handle in one system call
 *            (Reply with a receive buffer in x2); the answered client runs next while this thread
 *            waits. A failed reply returns its error without receiving.
 * Timeouts are in nanoseconds (VG_INFINITE waits forever); `sync` is an IPC interrupt object or
 * VG_INVALID_HANDLE. Return codes are in <vigil/rc.h>. */
#ifndef VIGIL_SYSCALL_H
#define VIGIL_SYSCALL_H

#include <stdint.h>
#include <vigil/msg.h>
#include <vigil/rc.h>

typedef uint32_t vg_handle_t;
#define VG_INVALID_HANDLE 0u
#define VG_INFINITE UINT64_MAX

#define VG_SYS_CALL  0
#define VG_SYS_RECV  1
#define VG_SYS_REPLY 2

rc_t vg_call_ex(vg_handle_t h, const struct vg_msgbuf *req, struct vg_msgbuf *res,
                uint64_t timeout_ns, vg_handle_t sync);
rc_t vg_recv_ex(vg_handle_t h, struct vg_msgbuf *req, uint64_t timeout_ns, vg_handle_t sync);
rc_t vg_reply(vg_handle_t h, const struct vg_msgbuf *res);
rc_t vg_reply_recv_ex(vg_handle_t h, const struct vg_msgbuf *res, struct vg_msgbuf *req, uint64_t timeout_ns,
                      vg_handle_t sync);
static inline rc_t vg_reply_recv(vg_handle_t h, const struct vg_msgbuf *res, struct vg_msgbuf *req)
{
    return vg_reply_recv_ex(h, res, req, VG_INFINITE, VG_INVALID_HANDLE);
}

static inline rc_t vg_call(vg_handle_t h, const struct vg_msgbuf *req, struct vg_msgbuf *res)
{
    return vg_call_ex(h, req, res, VG_INFINITE, VG_INVALID_HANDLE);
}
static inline rc_t vg_recv(vg_handle_t h, struct vg_msgbuf *req)
{
    return vg_recv_ex(h, req, VG_INFINITE, VG_INVALID_HANDLE);
}

#endif
