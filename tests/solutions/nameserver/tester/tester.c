/* t.Tester: the name server's tests. Each prints "ok NAME" or "FAIL NAME: why"; the process exits 1
 * if any failed. */
#include <stdio.h>
#include <string.h>
#include <vigil/hal.h>
#include <vigil/handle.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>
#include <vigil/ns.h>
#include <vigil/rights.h>
#include <vigil/task.h>
#include <vigil/thread.h>

#include "t/Echo.idl.h"

#define MS 1000000ull
static int failed;

static void expect_rc(const char *name, rc_t got, rc_t want)
{
    if (got == want) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: %s, expected %s\n", name, rc_name(got), rc_name(want));
        failed = 1;
    }
}

static vg_ns_t ns;

/* Waits until server/endpoint is published. */
static rc_t wait_published(const char *iface, const char *server, const char *endpoint)
{
    for (int tries = 0; tries < 500; tries++) {
        char s[VG_NS_NAME_MAX], e[VG_NS_NAME_MAX];
        for (unsigned i = 0; vg_ns_enum(&ns, iface, i, s, e, 0) == rcOk; i++)
            if (!strcmp(s, server) && !strcmp(e, endpoint))
                return rcOk;
        vg_thread_sleep(10 * MS);
    }
    return rcTimeout;
}

/* Connects to t.Echo/echo, calls Ping(value) and closes the channel. */
static rc_t echo_once(uint32_t value)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_cm_connect("t.Echo", "echo", 5000 * MS, &h);
    if (rc != rcOk)
        return rc;
    rc = vg_ipc_get_riid(h, "echo", &riid);
    if (rc == rcOk) {
        struct nk_vg_transport t;
        nk_vg_transport_init(&t, h);
        struct t_Echo_proxy proxy;
        t_Echo_proxy_init(&proxy, &t.base, riid);
        struct t_Echo_Ping_req req = {.value = value};
        union t_Echo_Ping_res res;
        rc = t_Echo_Ping(&proxy, &req, 0, &res, 0);
        if (rc == rcOk && res.out.result != value + 1)
            rc = rcReceiveError;
    }
    vg_handle_close(h);
    return rc;
}

/* Connects to t.Echo/echo and sends it a copy of the new channel's own client handle (Keep): handles
 * travel over a dynamic channel as over any other. */
static rc_t keep_once(void)
{
    vg_handle_t h, copy;
    vg_iid_t riid;
    rc_t rc = vg_cm_connect("t.Echo", "echo", 5000 * MS, &h);
    if (rc != rcOk)
        return rc;
    rc = vg_ipc_get_riid(h, "echo", &riid);
    if (rc == rcOk)
        rc = vg_handle_copy(h, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER, &copy);
    if (rc == rcOk) {
        struct nk_vg_transport t;
        nk_vg_transport_init(&t, h);
        struct t_Echo_proxy proxy;
        t_Echo_proxy_init(&proxy, &t.base, riid);
        struct t_Echo_Keep_req req = {.h = {copy, VG_RIGHT_IPC_CLIENT}};
        union t_Echo_Keep_res res;
        rc = t_Echo_Keep(&proxy, &req, 0, &res, 0);
        if (rc == rcOk && res.out.got != 1)
            rc = rcReceiveError;
        vg_handle_close(copy);
    }
    vg_handle_close(h);
    return rc;
}

static void kernel_methods(void)
{
    uint64_t pid, sid;
    vg_handle_t ch, sh;
    expect_rc("peer_without_a_request", vg_ipc_peer(0, 0, &pid, &sid), rcInvalidThreadState);
    expect_rc("peer_pid_without_sid", vg_ipc_peer(5, 0, 0, 0), rcInvalidArgument);
    expect_rc("peer_sid_without_pid", vg_ipc_peer(0, 5, 0, 0), rcInvalidArgument);
    expect_rc("peer_no_such_process", vg_ipc_peer(0xfffffff0u, 3, 0, 0), rcResourceNotFound);
    struct vg_task_info me;
    vg_task_info(0, &me);
    expect_rc("peer_running_process_wrong_sid", vg_ipc_peer(me.pid, 0xffffffffu, 0, 0), rcResourceNotFound);
    expect_rc("link_wrong_sids", vg_ipc_link(me.pid, 0xffffffffu, me.parent, 0xfffffffeu, "x", &ch, &sh),
              rcResourceNotFound);
    expect_rc("peer_pid_too_large", vg_ipc_peer(1ull << 40, 3, 0, 0), rcResourceNotFound);
    expect_rc("peer_sid_too_large", vg_ipc_peer(1, 1ull << 40, 0, 0), rcResourceNotFound);
    expect_rc("link_no_such_processes", vg_ipc_link(0xfffffff0u, 3, 0xfffffff1u, 4, "x", &ch, &sh),
              rcResourceNotFound);
    expect_rc("link_zero", vg_ipc_link(0, 0, 0, 0, "x", &ch, &sh), rcResourceNotFound);
    char longname[60];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    expect_rc("link_name_too_long", vg_ipc_link(1, 1, 2, 2, longname, &ch, &sh), rcInvalidArgument);
}

int main(void)
{
    rc_t rc = vg_ns_create(&ns);
    expect_rc("ns_create", rc, rcOk);
    if (rc != rcOk)
        return 1;
    vg_cm_init(&ns);
    kernel_methods();

    /* Publish, withdraw, and what a connection to a withdrawn service gets. */
    expect_rc("publish", vg_ns_publish(&ns, "t.Tester", "gone", "t.Gone"), rcOk);
    expect_rc("publish_twice", vg_ns_publish(&ns, "t.Tester", "gone", "t.Gone"), rcAlreadyExists);
    expect_rc("publish_empty_iface", vg_ns_publish(&ns, "t.Tester", "x", ""), rcInvalidArgument);
    char s[VG_NS_NAME_MAX], e[VG_NS_NAME_MAX], i[VG_NS_NAME_MAX];
    rc = vg_ns_enum(&ns, "t.Gone", 0, s, e, i);
    expect_rc("enum_finds_it", rc == rcOk && !strcmp(s, "t.Tester") && !strcmp(e, "gone") && !strcmp(i, "t.Gone")
                                   ? rcOk : rcReceiveError, rcOk);
    expect_rc("enum_past_the_end", vg_ns_enum(&ns, "t.Gone", 1, s, e, i), rcResourceNotFound);
    expect_rc("withdraw", vg_ns_withdraw(&ns, "t.Tester", "gone"), rcOk);
    expect_rc("withdraw_twice", vg_ns_withdraw(&ns, "t.Tester", "gone"), rcResourceNotFound);
    expect_rc("enum_after_withdraw", vg_ns_enum(&ns, "t.Gone", 0, s, e, i), rcResourceNotFound);
    vg_handle_t h;
    expect_rc("connect_withdrawn", vg_cm_connect("t.Tester", "gone", 1000 * MS, &h), rcResourceNotFound);
    expect_rc("connect_unknown", vg_cm_connect("t.Nobody", "x", 1000 * MS, &h), rcResourceNotFound);

    /* The policy decides publications and connections. */
    expect_rc("publish_denied", vg_ns_publish(&ns, "t.Echo", "fake", "t.Echo"), rcSecurityDisallow);
    expect_rc("connect_denied", vg_cm_connect("t.Secret", "x", 1000 * MS, &h), rcSecurityDisallow);

    /* Another's service cannot be withdrawn, a request nobody listens for times out. */
    expect_rc("echo_published", wait_published("t.Echo", "t.Echo", "echo"), rcOk);
    expect_rc("withdraw_anothers", vg_ns_withdraw(&ns, "t.Echo", "echo"), rcResourceNotFound);
    expect_rc("connect_times_out", vg_cm_connect("t.Echo", "idle", 100 * MS, &h), rcTimeout);
    expect_rc("connect_zero_timeout", vg_cm_connect("t.Echo", "idle", 0, &h), rcTimeout);

    /* A rejected request, and a server that ends with a request pending: errors, not hangs. */
    expect_rc("dying_published", wait_published("t.Dying", "t.Dying", "svc"), rcOk);
    expect_rc("connect_rejected", vg_cm_connect("t.Dying", "rej", VG_INFINITE, &h), rcSecurityDisallow);
    expect_rc("connect_withdrawn_while_waiting", vg_cm_connect("t.Dying", "wd", VG_INFINITE, &h),
              rcResourceNotFound);
    vg_handle_t acc;
    expect_rc("connect_accepted", vg_cm_connect("t.Dying", "acc", VG_INFINITE, &acc), rcOk);
    expect_rc("connect_server_dies", vg_cm_connect("t.Dying", "svc", VG_INFINITE, &h), rcNotConnected);
    expect_rc("connect_after_server_died", vg_cm_connect("t.Dying", "svc", VG_INFINITE, &h), rcResourceNotFound);
    /* The dynamic channel goes with its server as a static one does: calls on it fail. */
    vg_iid_t riid = 0;
    rc = vg_ipc_get_riid(acc, "echo", &riid);
    if (rc == rcOk) {
        struct nk_vg_transport t;
        nk_vg_transport_init(&t, acc);
        struct t_Echo_proxy proxy;
        t_Echo_proxy_init(&proxy, &t.base, riid);
        struct t_Echo_Ping_req req = {.value = 5};
        union t_Echo_Ping_res res;
        rc = t_Echo_Ping(&proxy, &req, 0, &res, 0);
    }
    expect_rc("call_after_server_died", rc, rcNotConnected);
    vg_handle_close(acc);

    /* Many connections, each used once and closed: the kernel's objects, handles and memory come back
     * to what they were after the first (which creates the server's listener). */
    expect_rc("echo_first", echo_once(1), rcOk);
    expect_rc("echo_second", echo_once(2), rcOk);
    expect_rc("handle_over_dynamic_channel", keep_once(), rcOk);
    uint64_t objects0, handles0, objects1, handles1;
    struct vg_mem_info m0, m1;
    vg_object_info(&objects0, &handles0);
    vg_mem_info(&m0);
    rc = rcOk;
    for (uint32_t v = 3; v < 103 && rc == rcOk; v++)
        rc = echo_once(v);
    expect_rc("echo_100_connections", rc, rcOk);
    vg_object_info(&objects1, &handles1);
    vg_mem_info(&m1);
    if (objects1 == objects0 && handles1 == handles0 && m1.free_bytes == m0.free_bytes) {
        printf("ok no_growth\n");
    } else {
        printf("FAIL no_growth: objects %llu -> %llu, handles %llu -> %llu, free %llu -> %llu\n",
               (unsigned long long)objects0, (unsigned long long)objects1, (unsigned long long)handles0,
               (unsigned long long)handles1, (unsigned long long)m0.free_bytes, (unsigned long long)m1.free_bytes);
        failed = 1;
    }
    expect_rc("echo_quit", echo_once(0), rcOk);
    printf("t.Tester: %s\n", failed ? "some tests failed" : "all tests passed");
    return failed;
}
