/* The kernel side of the security module (ksm/ksm.h): process classes, per-channel routes, and the
 * checks the kernel makes before the point of no return: every IPC request, response and error
 * response, every call to a kernel endpoint, every process start (`execute`). The KSM decides on the
 * kernel's copy of the message, the very bytes that will be delivered. Results: rcOk (granted),
 * rcSecurityDisallow (the policy denied or nothing granted), rcInvalidArgument (structure). */
#ifndef KERNEL_SECURITY_H
#define KERNEL_SECURITY_H

#include <stdbool.h>
#include <stdint.h>
#include <vigil/rc.h>
#include "sid.h"

#define SECURITY_CORE_CLASS "kl.core.Core"

struct ksm_route;
struct process;


void security_init(void);
int security_class(const char *class_name);      /* negative when the policy knows no such class */
int security_core_class(void);
const struct ksm_route *security_route(int src_class, int dst_class);
/* ev is the event as the KSM takes it (ksm/ksm.h), built by the caller in place: no copy on the way. */
struct ksm_event;
rc_t security_check(const struct ksm_route *route, const struct ksm_event *ev);
/* The same, saying whether the grant is constant (ksm_check_routed_memo: KSM_MEMO_*) so the caller may
 * remember it. */
rc_t security_check_memo(const struct ksm_route *route, const struct ksm_event *ev, unsigned *memo);
/* initiator NULL: the kernel. */
rc_t security_execute(struct process *initiator, struct process *p);
void security_sid_destroyed(sid_t sid);
/* The RIID of the endpoint with qualified name `path` in class class_id, or -1. */
int security_endpoint_riid(int class_id, const char *path);

#endif
