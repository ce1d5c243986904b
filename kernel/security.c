#include "security.h"
#include "audit.h"
#include "console.h"
#include "panic.h"
#include "process.h"
#include "run.h"
#include "kobject.h"
#include "ksm/fast.h"
#include "ksm/ksm.h"

static int core_class;

void security_init(void)
{
    core_class = ksm_class_id(SECURITY_CORE_CLASS);
    kobject_set_sid_release(security_sid_destroyed); /* every object's SID, not only processes' */
    /* The reference: the kernel starts even when this is denied, and then terminates itself. An image
     * that only judges the policy (the PAL runner) carries on. */
    if (ksm_init(SID_KERNEL) != KSM_GRANTED) {
        if (kernel_run_starts_processes)
            panic("the security policy denies the kernel's own start (execute kl.core.Core -> kl.core.Core)");
        kputs("vigil: the security policy denies the kernel's own start; running its tests only\n");
    }
}

int security_class(const char *class_name) { return ksm_class_id(class_name); }
int security_core_class(void) { return core_class; }

const struct ksm_route *security_route(int src_class, int dst_class)
{
    return ksm_fast_route(src_class, dst_class);
}

static rc_t verdict(int d)
{
    switch (d) {
    case KSM_GRANTED:
        return rcOk;
    case KSM_MALFORMED:
        return rcInvalidArgument;
    default:
        return rcSecurityDisallow;
    }
}

rc_t security_check(const struct ksm_route *route, const struct ksm_event *ev)
{
    if (!route) /* a class the policy does not know: nothing can grant */
        return rcSecurityDisallow;
    rc_t rc = verdict(ksm_check_routed(route, ev));
    audit_print_pending();
    return rc;
}

rc_t security_check_memo(const struct ksm_route *route, const struct ksm_event *ev, unsigned *memo)
{
    *memo = KSM_MEMO_NONE;
    if (!route)
        return rcSecurityDisallow;
    rc_t rc = verdict(ksm_check_routed_memo(route, ev, memo));
    audit_print_pending();
    return rc;
}

rc_t security_execute(struct process *initiator, struct process *p)
{
    struct ksm_event ev = {
        .kind = KSM_EV_EXECUTE,
        .src_sid = initiator ? initiator->obj.sid : SID_KERNEL,
        .dst_sid = p->obj.sid,
        .src_class = initiator ? initiator->class_id : core_class,
        .dst_class = p->class_id,
    };
    if (ev.src_class < 0 || ev.dst_class < 0) {
        kprintf("audit: execute of %s: class unknown to the security policy: denied\n", p->name);
        return rcSecurityDisallow;
    }
    rc_t rc = verdict(ksm_check(&ev));
    audit_print_pending();
    return rc;
}

void security_sid_destroyed(sid_t sid) { ksm_sid_destroyed(sid); }

int security_endpoint_riid(int class_id, const char *path)
{
    return ksm_endpoint_riid(class_id, path);
}
