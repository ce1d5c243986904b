/* Dynamic IPC channels through the name server (docs/dynamic-channels.md), in the manner of
 * KasperskyOS's ns_api.h and cm_api.h.
 *
 * The name server is the process of class kl.core.NameServer. Every process that uses it has a channel
 * to it named VG_NS_CHANNEL ("kl.core.NameServer", declared in init.yaml). A server publishes a
 * service (server name, endpoint name, interface name) and withdraws it; a client enumerates or looks
 * services up and asks for a connection; the server listens for connection requests and accepts or
 * rejects each. On acceptance the kernel creates a channel from the client to the server (ipc Link,
 * which the policy grants the name server alone): the client gets its client handle from
 * vg_cm_connect, the channel's server end joins the server's listener (the one vg_ipc_register gives),
 * and it is then a channel like any other. Every call below is an IPC request to the name server, so
 * the policy decides each one (which class may publish, look up, or connect to which service).
 *
 * Strings are 1 to VG_NS_NAME_MAX - 1 bytes. Timeouts are nanoseconds (VG_INFINITE, 0: do not wait). */
#ifndef VIGIL_NS_H
#define VIGIL_NS_H

#include <stdint.h>
#include <vigil/msg.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

#define VG_NS_CHANNEL "kl.core.NameServer"
#define VG_NS_ENDPOINT "ns"          /* the name server's endpoint (kl.core.NameServer.edl) */
#define VG_NS_NAME_MAX 64u           /* a name with its NUL */

/* The methods of kl.core.NS (kernel/idl/kl/core/NS.idl), in order. */
enum vg_ns_mid { VG_NS_PUBLISH, VG_NS_WITHDRAW, VG_NS_ENUM, VG_NS_CONNECT, VG_NS_LISTEN, VG_NS_ACCEPT,
                 VG_NS_REJECT, VG_NS_MID_COUNT };

/* Every request and every response of kl.core.NS has one shape (as the kernel's methods do): two
 * 64-bit arguments and three strings in; a code, two 64-bit results and three strings out. */
struct vg_ns_req {
    struct vg_msg_hdr hdr;
    uint64_t arg[2];
    struct vg_arena_ptr str[3];
};
struct vg_ns_res {
    struct vg_msg_hdr hdr;
    int32_t rc;
    uint32_t pad;
    uint64_t val[2];
    struct vg_arena_ptr str[3];
};

/* A connection to the name server (NsCreate). */
typedef struct {
    vg_handle_t h;
    vg_iid_t riid;
} vg_ns_t;

/* Connects to the name server through the channel VG_NS_CHANNEL (NsCreate). rcResourceNotFound: the
 * process has no such channel. */
rc_t vg_ns_create(vg_ns_t *ns);
/* Publishes endpoint `endpoint` of interface `iface` under server name `server` (NsPublishService).
 * rcAlreadyExists: that (server, endpoint) is published. rcQuotaExceeded: the table is full. */
rc_t vg_ns_publish(vg_ns_t *ns, const char *server, const char *endpoint, const char *iface);
/* Withdraws what the caller published (NsUnPublishService); pending connection requests to it fail
 * with rcResourceNotFound. rcResourceNotFound: the caller has not published it. */
rc_t vg_ns_withdraw(vg_ns_t *ns, const char *server, const char *endpoint);
/* The index-th published service of interface `iface` ("" or NULL: any), in publication order
 * (NsEnumServices): its server and endpoint names, and its interface when `iface_out` is not NULL.
 * rcResourceNotFound: fewer services than index + 1. */
rc_t vg_ns_enum(vg_ns_t *ns, const char *iface, unsigned index, char server[VG_NS_NAME_MAX],
                char endpoint[VG_NS_NAME_MAX], char iface_out[VG_NS_NAME_MAX]);

/* What a server's listen returns: one client's request for one of its services. */
struct vg_cm_request {
    uint64_t id;                     /* the name server's number for it */
    uint32_t client_pid;
    char server[VG_NS_NAME_MAX];
    char endpoint[VG_NS_NAME_MAX];
};

/* Asks for a channel to (server, endpoint) and waits up to timeout_ns for the server to accept
 * (KnCmConnect); *client_h is then the client handle of the new channel. rcResourceNotFound: no such
 * service, or it was withdrawn while waiting. rcSecurityDisallow: the policy denied the request, or
 * the server rejected it. rcNotConnected: the server ended. rcTimeout. rcBusy: the name server has
 * too many waiting calls. Uses the connection vg_cm_init made (or VG_NS_CHANNEL on first use). */
rc_t vg_cm_connect(const char *server, const char *endpoint, uint64_t timeout_ns, vg_handle_t *client_h);
/* Waits up to timeout_ns for a connection request to a service the caller published (endpoint NULL
 * or "": any of them) (KnCmListen). rcTimeout: none came. */
rc_t vg_cm_listen(const char *endpoint, uint64_t timeout_ns, struct vg_cm_request *r);
/* Accepts a request vg_cm_listen gave (KnCmAccept): the kernel creates the channel, whose server end
 * joins the caller's listener; *server_h (may be NULL) is the channel's server handle, which the kernel
 * closes when the client end goes. rcNotConnected: the client ended or stopped waiting. */
rc_t vg_cm_accept(const struct vg_cm_request *r, vg_handle_t *server_h);
/* Rejects it (KnCmDrop): the client's vg_cm_connect returns rcSecurityDisallow. */
rc_t vg_cm_reject(const struct vg_cm_request *r);
/* The name-server connection the vg_cm_* calls use (default: vg_ns_create on first use). */
void vg_cm_init(const vg_ns_t *ns);

#endif
