/* t.Dying: publishes t.Dying/rej, t.Dying/wd, t.Dying/acc and t.Dying/svc; rejects the first request
 * for rej, withdraws wd once a request for it is pending, accepts one for acc (and never serves it),
 * then ends as soon as a request for svc is pending, without answering it. */
#include <stdio.h>
#include <vigil/ns.h>

int main(void)
{
    vg_ns_t ns;
    rc_t rc = vg_ns_create(&ns);
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "t.Dying", "rej", "t.Dying");
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "t.Dying", "wd", "t.Dying");
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "t.Dying", "acc", "t.Dying");
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "t.Dying", "svc", "t.Dying");
    vg_cm_init(&ns);
    struct vg_cm_request r;
    if (rc == rcOk)
        rc = vg_cm_listen("rej", 20000000000ull, &r);
    if (rc == rcOk)
        rc = vg_cm_reject(&r);
    if (rc == rcOk)
        rc = vg_cm_listen("wd", 20000000000ull, &r);
    if (rc == rcOk)
        rc = vg_ns_withdraw(&ns, "t.Dying", "wd");
    if (rc == rcOk)
        rc = vg_cm_listen("acc", 20000000000ull, &r);
    if (rc == rcOk)
        rc = vg_cm_accept(&r, 0);
    if (rc == rcOk)
        rc = vg_cm_listen("svc", 20000000000ull, &r);
    if (rc != rcOk) {
        printf("t.Dying: %s\n", rc_name(rc));
        return 1;
    }
    return 0; /* with the request for svc pending */
}
