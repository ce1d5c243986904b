/* The kernel side of the security module (ksm/ksm.h): process classes, per-channel routes, and the
 * checks the kernel makes before the point of no return: every IPC request, response and error
 * response, every call to a kernel endpoint, every process start (`execute`). The KSM decides on the
 * kernel's copy of the message, the very bytes that will be delivered. Results: rcOk (granted),
 * rcSecurityDisallow (the policy denied or nothing granted), rcInvalidArgument (structure). */
#ifndef KERNEL_SECURITY_H
#define KERNEL_SECURITY_H

#include <stdint.h>
#include <vigil/rc.h>
#include "sid.h"

#define SECURITY_CORE_CLASS "kl.core.Core"

struct ksm_route;
struct process;

struct security_msg {
    unsigned kind;            /* enum ksm_event_kind */
    sid_t src_sid, dst_sid;
    int src_class, dst_class;
    uint16_t riid, mid;
    const void *msg;
    uint32_t msg_size;
    const void *arena;
    uint32_t arena_size;
    uint32_t nhandles;
    const sid_t *handle_sids;
};

void security_init(void);
int security_class(const char *class_name);      /* negative when the policy knows no such class */
int security_core_class(void);
const struct ksm_route *security_route(int src_class, int dst_class);
rc_t security_check(const struct ksm_route *route, const struct security_msg *m);
/* initiator NULL: the kernel. */
rc_t security_execute(struct process *initiator, struct process *p);
void security_sid_destroyed(sid_t sid);
/* The RIID of the endpoint with qualified name `path` in class class_id, or -1. */
int security_endpoint_riid(int class_id, const char *path);

#endif
