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
#define VG_SYS_CALL_REG       3
#define VG_SYS_REPLY_RECV_REG 4

/* Register messages (docs/ipc.md, "The register ABI"): a message of at most VG_REG_MAX_SIZE bytes
 * with no arena and no handles travels in registers. Word 0 (x1) is the header: bits 0-15 mid, 16-31
 * riid, 32-47 size (the constant part's bytes, header included, as in struct vg_msg_hdr), 48-55 flags
 * (VG_MSG_*); bits 56-62 are 0. Words 1-6 (x2-x7) hold the bytes that follow the header in the memory
 * form, little-endian; a receiver's words past the size are 0. The kernel checks and delivers it
 * exactly as the memory form it stands for: a receiver of either ABI gets the same bytes.
 *   vg_call_reg:       x0 handle, x1-x7 the request, x9 timeout, x10 sync, x11 the address of a
 *                      struct vg_msgbuf for a response that does not fit (0: none). Returns x0 = rc; on
 *                      rcOk, x1-x7 hold the response, or x1 has VG_REG_IN_MEMORY and it is in that
 *                      buffer (with no buffer, a response that does not fit is rcBufferTooSmall).
 *   vg_reply_recv_reg: x0 server or listener handle, x1-x7 the response (x1 = 0: no reply, only
 *                      Recv), x9 timeout, x10 sync, x11 the address of a struct vg_msgbuf for requests
 *                      that do not fit (0: none; read only when such a request comes). On rcOk x1-x7
 *                      hold the request, or x1 has VG_REG_IN_MEMORY and the request is in that buffer. */
#define VG_REG_WORDS 6u
#define VG_REG_MAX_SIZE (24u + 8u * VG_REG_WORDS)
#define VG_REG_IN_MEMORY (1ull << 63)

struct vg_regmsg {
    uint64_t hdr;
    uint64_t w[VG_REG_WORDS];
};

static inline uint64_t vg_reg_hdr(uint32_t size, uint16_t riid, uint16_t mid, uint32_t flags)
{
    return (uint64_t)mid | (uint64_t)riid << 16 | (uint64_t)(size & 0xffffu) << 32 | (uint64_t)(flags & 0xffu) << 48;
}
static inline uint32_t vg_reg_size(uint64_t hdr) { return (uint32_t)(hdr >> 32) & 0xffffu; }
static inline uint16_t vg_reg_riid(uint64_t hdr) { return (uint16_t)(hdr >> 16); }
static inline uint16_t vg_reg_mid(uint64_t hdr) { return (uint16_t)hdr; }
static inline uint32_t vg_reg_flags(uint64_t hdr) { return (uint32_t)(hdr >> 48) & 0xffu; }

/* The register form of a memory-form message of at most VG_REG_MAX_SIZE bytes (no arena, no handles),
 * and back (msg must have room for vg_reg_size(m->hdr) bytes). */
static inline void vg_reg_pack(const void *msg, struct vg_regmsg *m)
{
    const struct vg_msg_hdr *h = (const struct vg_msg_hdr *)msg;
    uint32_t size = h->size < sizeof *h ? (uint32_t)sizeof *h : h->size > VG_REG_MAX_SIZE ? VG_REG_MAX_SIZE : h->size;
    m->hdr = vg_reg_hdr(h->size, h->riid, h->mid, h->flags);
    for (unsigned i = 0; i < VG_REG_WORDS; i++)
        m->w[i] = 0;
    __builtin_memcpy(m->w, (const uint8_t *)msg + sizeof *h, size - sizeof *h);
}
static inline void vg_reg_unpack(const struct vg_regmsg *m, void *msg)
{
    struct vg_msg_hdr *h = (struct vg_msg_hdr *)msg;
    uint32_t size = vg_reg_size(m->hdr);
    *h = (struct vg_msg_hdr){.size = size, .riid = vg_reg_riid(m->hdr), .mid = vg_reg_mid(m->hdr),
                             .flags = vg_reg_flags(m->hdr)};
    if (size > VG_REG_MAX_SIZE)
        size = VG_REG_MAX_SIZE;
    if (size > sizeof *h)
        __builtin_memcpy((uint8_t *)msg + sizeof *h, m->w, size - sizeof *h);
}

rc_t vg_call_reg_ex(vg_handle_t h, struct vg_regmsg *m, struct vg_msgbuf *big, uint64_t timeout_ns,
                    vg_handle_t sync);
rc_t vg_reply_recv_reg_ex(vg_handle_t h, struct vg_regmsg *m, struct vg_msgbuf *big, uint64_t timeout_ns,
                          vg_handle_t sync);
/* The two without a timeout or interrupt object, inline: the message goes between *m and x1-x7 with
 * no call in between, so a compiler that keeps *m in registers moves nothing through memory. The _n
 * forms pass only the first n payload words (n a constant, 0..6, enough for the header's size): the
 * kernel reads no register past the size, so the others are left as they are. Every word of *m is
 * the answer's on rcOk (0 past its size). */
#define VG_REG_IN(x, m, i, n)                                                                                   \
    do {                                                                                                        \
        if ((i) < (n))                                                                                          \
            x = (m)->w[i];                                                                                      \
        else                                                                                                    \
            __asm__ volatile("" : "=r"(x)); /* whatever the register holds: not read */                        \
    } while (0)
#define VG_REG_SVC(nr, h, m, big, n)                                                                            \
    register uint64_t x0_ __asm__("x0") = (h), x1_ __asm__("x1") = (m)->hdr, x2_ __asm__("x2"), x3_ __asm__("x3"), \
                      x4_ __asm__("x4"), x5_ __asm__("x5"), x6_ __asm__("x6"), x7_ __asm__("x7");                  \
    VG_REG_IN(x2_, m, 0, n);                                                                                    \
    VG_REG_IN(x3_, m, 1, n);                                                                                    \
    VG_REG_IN(x4_, m, 2, n);                                                                                    \
    VG_REG_IN(x5_, m, 3, n);                                                                                    \
    VG_REG_IN(x6_, m, 4, n);                                                                                    \
    VG_REG_IN(x7_, m, 5, n);                                                                                    \
    register uint64_t x8_ __asm__("x8") = (nr), x9_ __asm__("x9") = VG_INFINITE, x10_ __asm__("x10") = 0,           \
                      x11_ __asm__("x11") = (uint64_t)(big);                                                       \
    __asm__ volatile("svc #0"                                                                                   \
                     : "+r"(x0_), "+r"(x1_), "+r"(x2_), "+r"(x3_), "+r"(x4_), "+r"(x5_), "+r"(x6_), "+r"(x7_)      \
                     : "r"(x8_), "r"(x9_), "r"(x10_), "r"(x11_)                                                   \
                     : "memory");                                                                                \
    if ((rc_t)x0_ == rcOk) {                                                                                    \
        (m)->hdr = x1_;                                                                                         \
        (m)->w[0] = x2_, (m)->w[1] = x3_, (m)->w[2] = x4_, (m)->w[3] = x5_, (m)->w[4] = x6_, (m)->w[5] = x7_;       \
    }                                                                                                           \
    return (rc_t)x0_

static inline rc_t vg_call_reg(vg_handle_t h, struct vg_regmsg *m)
{
    VG_REG_SVC(VG_SYS_CALL_REG, h, m, 0, VG_REG_WORDS);
}
static inline rc_t vg_call_reg_n(vg_handle_t h, struct vg_regmsg *m, unsigned n)
{
    VG_REG_SVC(VG_SYS_CALL_REG, h, m, 0, n);
}
/* m: the response to send (m->hdr = 0: none) in, the request received out. */
static inline rc_t vg_reply_recv_reg(vg_handle_t h, struct vg_regmsg *m, struct vg_msgbuf *big)
{
    VG_REG_SVC(VG_SYS_REPLY_RECV_REG, h, m, big, VG_REG_WORDS);
}
static inline rc_t vg_reply_recv_reg_n(vg_handle_t h, struct vg_regmsg *m, struct vg_msgbuf *big, unsigned n)
{
    VG_REG_SVC(VG_SYS_REPLY_RECV_REG, h, m, big, n);
}

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
