/* tutorial.Visitor VISITOR: opens and closes the door, once out of turn and once as nobody (visitor
 * 0), and prints what happened to each call. It exits with 0 when the policy granted and denied
 * exactly the calls it should have. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "tutorial/Door.idl.h"

static struct tutorial_Door_proxy door;

/* One call of Open or Close; true when the policy decided as `granted` says it should. */
static bool call(bool open, uint32_t visitor, bool granted)
{
    const char *name = open ? "Open" : "Close";
    uint32_t count = 0;
    rc_t rc;
    if (open) {
        struct tutorial_Door_Open_req req = {.visitor = visitor};
        union tutorial_Door_Open_res res;
        rc = tutorial_Door_Open(&door, &req, 0, &res, 0);
        count = res.out.count;
    } else {
        struct tutorial_Door_Close_req req = {.visitor = visitor};
        union tutorial_Door_Close_res res;
        rc = tutorial_Door_Close(&door, &req, 0, &res, 0);
        count = res.out.count;
    }
    if (rc == rcOk)
        printf("tutorial.Visitor: %s(%u) = %u\n", name, visitor, count);
    else
        printf("tutorial.Visitor: %s(%u) failed: %s\n", name, visitor, rc_name(rc));
    return granted ? rc == rcOk : rc == rcSecurityDisallow;
}

int main(int argc, char **argv)
{
    uint32_t me = argc > 1 ? (uint32_t)strtoul(argv[1], 0, 0) : 1;
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("door", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "frontDoor.door", &riid);
    if (rc != rcOk) {
        printf("tutorial.Visitor: cannot reach the keeper: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    tutorial_Door_proxy_init(&door, &t.base, riid);
    int wrong = 0;
    wrong += !call(true, me, true);    /* the door starts closed: open it */
    wrong += !call(false, me, true);   /* and close it */
    wrong += !call(false, me, false);  /* closing a closed door: denied */
    wrong += !call(true, 0, false);    /* visitor 0 is nobody: denied */
    wrong += !call(true, me, true);    /* the denials changed nothing */
    printf("tutorial.Visitor: %d calls went against the policy\n", wrong);
    return wrong ? 1 : 0;
}
