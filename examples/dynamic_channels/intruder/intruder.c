/* dyn.Intruder: may look services up, but the policy forbids it to ask for a connection: its
 * Connect request never reaches the name server. It ends well only when it is refused. */
#include <stdio.h>
#include <vigil/ns.h>

int main(void)
{
    vg_ns_t ns;
    rc_t rc = vg_ns_create(&ns);
    if (rc != rcOk) {
        printf("dyn.Intruder: no name server: %s\n", rc_name(rc));
        return 1;
    }
    char server[VG_NS_NAME_MAX], endpoint[VG_NS_NAME_MAX];
    rc = vg_ns_enum(&ns, "dyn.Echo", 0, server, endpoint, 0);
    printf("dyn.Intruder: look up dyn.Echo: %s\n", rc_name(rc));
    vg_cm_init(&ns);
    vg_handle_t h;
    rc = vg_cm_connect("dyn.Server", "echo", 1000000000ull, &h);
    printf("dyn.Intruder: connect to dyn.Server/echo: %s\n", rc_name(rc));
    return rc == rcSecurityDisallow ? 0 : 1;
}
