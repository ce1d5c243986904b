/* kl.core.NameServer: the name server (docs/dynamic-channels.md). It serves kl.core.NS on the channels
 * named kl.core.NameServer that init.yaml gives the processes using it: a table of published services
 * and a table of connection requests. A request that must wait (Connect until the server answers,
 * Listen until a request comes) keeps its worker thread; the others go on serving. Processes are known
 * by pid and SID, as the kernel tells them (ipc Peer), and every waiting request checks every 20 ms that
 * the processes it waits for still run, so a client never waits for a server that has ended. On
 * Accept the kernel creates the channel (ipc Link). It exits 0 once every process that could call it
 * has ended. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <vigil/clock.h>
#include <vigil/condvar.h>
#include <vigil/ipc.h>
#include <vigil/mutex.h>
#include <vigil/ns.h>
#include <vigil/thread.h>

#define WORKERS 8
#define SERVICES 32
#define REQUESTS 32
#define SLICE_NS 20000000ull

struct service {
    char server[VG_NS_NAME_MAX], endpoint[VG_NS_NAME_MAX], iface[VG_NS_NAME_MAX];
    uint64_t pid, sid;                /* the publisher */
};

enum req_state { FREE, PENDING, LISTENED, ACCEPTED, REJECTED, WITHDRAWN, SERVER_GONE, CLIENT_GONE, FAILED };

struct request {
    enum req_state state;
    uint64_t id;
    uint64_t cpid, csid;              /* the client */
    uint64_t spid, ssid;              /* the publisher of the service asked for */
    char server[VG_NS_NAME_MAX], endpoint[VG_NS_NAME_MAX];
    vg_handle_t client_h;
    rc_t rc;                          /* FAILED: why */
};

static struct service services[SERVICES]; /* [0, nservices) in publication order */
static unsigned nservices;
static struct request requests[REQUESTS];
static uint64_t next_id = 1;
static unsigned waiting;          /* workers waiting in Connect or Listen */
static vg_mutex_t lock = VG_MUTEX_INIT;
static vg_cond_t changed = VG_COND_INIT;
static vg_handle_t listener;

static bool alive(uint64_t pid, uint64_t sid)
{
    return vg_ipc_peer(pid, sid, 0, 0) == rcOk;
}

static void remove_service(unsigned i)
{
    for (unsigned k = 0; k < REQUESTS; k++) {
        struct request *r = &requests[k];
        if ((r->state == PENDING || r->state == LISTENED) && r->spid == services[i].pid &&
            r->ssid == services[i].sid && !strcmp(r->server, services[i].server) &&
            !strcmp(r->endpoint, services[i].endpoint))
            r->state = WITHDRAWN;
    }
    memmove(&services[i], &services[i + 1], (nservices - i - 1) * sizeof services[0]);
    nservices--;
    vg_cond_broadcast(&changed);
}

/* Services whose publisher has ended go. */
static void prune(void)
{
    for (unsigned i = 0; i < nservices;)
        if (!alive(services[i].pid, services[i].sid))
            remove_service(i);
        else
            i++;
}

static int find_service(const char *server, const char *endpoint)
{
    for (unsigned i = 0; i < nservices; i++)
        if (!strcmp(services[i].server, server) && !strcmp(services[i].endpoint, endpoint))
            return (int)i;
    return -1;
}

static uint64_t deadline_of(uint64_t timeout_ns)
{
    uint64_t now = 0;
    vg_time_now(&now);
    return timeout_ns == VG_INFINITE || now + timeout_ns < now ? VG_INFINITE : now + timeout_ns;
}

/* Waits for a change, at most one slice and not past the deadline; false once the deadline passed. */
static bool wait_changed(uint64_t deadline)
{
    uint64_t now = 0;
    vg_time_now(&now);
    if (now >= deadline)
        return false;
    uint64_t left = deadline - now;
    waiting++;
    vg_cond_wait_timeout(&changed, &lock, left < SLICE_NS ? left : SLICE_NS);
    waiting--;
    return true;
}

/* The request's strings (empty when absent); false when one is malformed. */
static bool get_strings(const struct vg_ns_req *q, const char *arena, uint32_t arena_size,
                        char out[3][VG_NS_NAME_MAX])
{
    for (int i = 0; i < 3; i++) {
        const struct vg_arena_ptr *p = &q->str[i];
        out[i][0] = '\0';
        if (p->size == 0)
            continue;
        if (p->size > VG_NS_NAME_MAX || p->offset > arena_size || p->size > arena_size - p->offset ||
            arena[p->offset + p->size - 1] != '\0')
            return false;
        memcpy(out[i], arena + p->offset, p->size);
    }
    return true;
}

struct reply {
    uint64_t val[2];
    const char *str[3];
};

static rc_t publish(char s[3][VG_NS_NAME_MAX], uint64_t pid, uint64_t sid)
{
    if (!s[0][0] || !s[1][0] || !s[2][0])
        return rcInvalidArgument;
    int i = find_service(s[0], s[1]);
    if (i >= 0 && alive(services[i].pid, services[i].sid))
        return rcAlreadyExists;
    if (i >= 0)
        remove_service((unsigned)i);
    if (nservices == SERVICES)
        prune();
    if (nservices == SERVICES)
        return rcQuotaExceeded;
    struct service *v = &services[nservices++];
    memcpy(v->server, s[0], VG_NS_NAME_MAX);
    memcpy(v->endpoint, s[1], VG_NS_NAME_MAX);
    memcpy(v->iface, s[2], VG_NS_NAME_MAX);
    v->pid = pid;
    v->sid = sid;
    return rcOk;
}

static rc_t withdraw(char s[3][VG_NS_NAME_MAX], uint64_t pid, uint64_t sid)
{
    int i = find_service(s[0], s[1]);
    if (i < 0 || services[i].pid != pid || services[i].sid != sid)
        return rcResourceNotFound;
    remove_service((unsigned)i);
    return rcOk;
}

static rc_t enumerate(uint64_t index, char s[3][VG_NS_NAME_MAX], struct reply *out)
{
    prune();
    uint64_t n = 0;
    int found = -1;
    for (unsigned i = 0; i < nservices; i++)
        if (!s[2][0] || !strcmp(services[i].iface, s[2])) {
            if (n == index)
                found = (int)i;
            n++;
        }
    out->val[0] = n;
    if (found < 0)
        return rcResourceNotFound;
    out->str[0] = services[found].server;
    out->str[1] = services[found].endpoint;
    out->str[2] = services[found].iface;
    return rcOk;
}

static rc_t connect(uint64_t timeout_ns, char s[3][VG_NS_NAME_MAX], uint64_t pid, uint64_t sid, struct reply *out)
{
    int i = find_service(s[0], s[1]);
    if (i >= 0 && !alive(services[i].pid, services[i].sid)) {
        remove_service((unsigned)i);
        i = -1;
    }
    if (i < 0)
        return rcResourceNotFound;
    if (waiting + 1 >= WORKERS)
        return rcBusy;
    struct request *r = 0;
    for (unsigned k = 0; k < REQUESTS && !r; k++)
        if (requests[k].state == FREE)
            r = &requests[k];
    if (!r)
        return rcQuotaExceeded;
    *r = (struct request){PENDING, next_id++, pid, sid, services[i].pid, services[i].sid, "", "", 0, rcOk};
    memcpy(r->server, s[0], VG_NS_NAME_MAX);
    memcpy(r->endpoint, s[1], VG_NS_NAME_MAX);
    vg_cond_broadcast(&changed);
    uint64_t deadline = deadline_of(timeout_ns);
    while (r->state == PENDING || r->state == LISTENED) {
        if (!alive(r->spid, r->ssid))
            r->state = SERVER_GONE;
        else if (!alive(r->cpid, r->csid))
            r->state = CLIENT_GONE;
        else if (!wait_changed(deadline))
            break;
    }
    rc_t rc;
    switch (r->state) {
    case ACCEPTED: rc = rcOk; out->val[0] = r->client_h; break;
    case REJECTED: rc = rcSecurityDisallow; break;
    case WITHDRAWN: rc = rcResourceNotFound; break;
    case SERVER_GONE: rc = rcNotConnected; break;
    case CLIENT_GONE: rc = rcNotConnected; break;
    case FAILED: rc = r->rc; break;
    default: rc = rcTimeout; break;
    }
    r->state = FREE;
    vg_cond_broadcast(&changed);
    return rc;
}

static rc_t listen(uint64_t timeout_ns, char s[3][VG_NS_NAME_MAX], uint64_t pid, uint64_t sid, struct reply *out)
{
    if (waiting + 1 >= WORKERS)
        return rcBusy;
    uint64_t deadline = deadline_of(timeout_ns);
    for (;;) {
        for (unsigned k = 0; k < REQUESTS; k++) {
            struct request *r = &requests[k];
            if (r->state != PENDING || r->spid != pid || r->ssid != sid || (s[1][0] && strcmp(s[1], r->endpoint)))
                continue;
            if (!alive(r->cpid, r->csid)) {
                r->state = CLIENT_GONE;
                vg_cond_broadcast(&changed);
                continue;
            }
            r->state = LISTENED;
            out->val[0] = r->id;
            out->val[1] = r->cpid;
            out->str[0] = r->server;
            out->str[1] = r->endpoint;
            return rcOk;
        }
        if (!wait_changed(deadline))
            return rcTimeout;
    }
}

/* The request `id` that vg_cm_listen gave this server, still waiting for its answer. */
static struct request *listened(uint64_t id, uint64_t pid, uint64_t sid)
{
    for (unsigned k = 0; k < REQUESTS; k++) {
        struct request *r = &requests[k];
        if (r->state == LISTENED && r->id == id && r->spid == pid && r->ssid == sid)
            return r;
    }
    return 0;
}

static rc_t accept(uint64_t id, uint64_t pid, uint64_t sid, struct reply *out)
{
    struct request *r = listened(id, pid, sid);
    if (!r)
        return rcResourceNotFound;
    char name[48]; /* the channel's name: the endpoint's, cut to what a channel name holds */
    memcpy(name, r->endpoint, sizeof name - 1);
    name[sizeof name - 1] = '\0';
    vg_handle_t ch, sh;
    rc_t rc = vg_ipc_link(r->cpid, r->csid, pid, sid, name, &ch, &sh);
    if (rc == rcOk) {
        r->state = ACCEPTED;
        r->client_h = ch;
        out->val[0] = sh;
    } else if (rc == rcResourceNotFound) {
        r->state = CLIENT_GONE; /* the server runs: it asked */
        rc = rcNotConnected;
    } else {
        r->state = FAILED;
        r->rc = rc;
    }
    vg_cond_broadcast(&changed);
    return rc;
}

static rc_t reject(uint64_t id, uint64_t pid, uint64_t sid)
{
    struct request *r = listened(id, pid, sid);
    if (!r)
        return rcResourceNotFound;
    r->state = REJECTED;
    vg_cond_broadcast(&changed);
    return rcOk;
}

static rc_t handle(const struct vg_ns_req *q, const char *arena, uint32_t arena_size, struct reply *out)
{
    char s[3][VG_NS_NAME_MAX];
    if (q->hdr.size != sizeof *q || !get_strings(q, arena, arena_size, s))
        return rcInvalidArgument;
    uint64_t pid, sid;
    rc_t rc = vg_ipc_peer(0, 0, &pid, &sid);
    if (rc != rcOk)
        return rc;
    switch (q->hdr.mid) {
    case VG_NS_PUBLISH: return publish(s, pid, sid);
    case VG_NS_WITHDRAW: return withdraw(s, pid, sid);
    case VG_NS_ENUM: return enumerate(q->arg[0], s, out);
    case VG_NS_CONNECT: return connect(q->arg[0], s, pid, sid, out);
    case VG_NS_LISTEN: return listen(q->arg[0], s, pid, sid, out);
    case VG_NS_ACCEPT: return accept(q->arg[0], pid, sid, out);
    case VG_NS_REJECT: return reject(q->arg[0], pid, sid);
    default: return rcInvalidArgument;
    }
}

static int worker(void *arg)
{
    (void)arg;
    struct vg_ns_req q;
    char arena[3 * VG_NS_NAME_MAX];
    struct vg_ns_res res;
    char res_arena[3 * VG_NS_NAME_MAX];
    for (;;) {
        struct vg_msgbuf in = {.data = &q, .data_size = sizeof q, .arena_size = sizeof arena, .arena = arena};
        rc_t rc = vg_recv_ex(listener, &in, VG_INFINITE, VG_INVALID_HANDLE);
        if (rc == rcNotConnected)
            return 0; /* nobody can call us any more */
        if (rc != rcOk) {
            printf("kl.core.NameServer: receive failed: %s\n", rc_name(rc));
            return 1;
        }
        struct reply out = {{0, 0}, {0, 0, 0}};
        vg_mutex_lock(&lock);
        rc = handle(&q, arena, q.hdr.arena_size, &out);
        /* The strings are copied while the tables cannot change. */
        res = (struct vg_ns_res){.hdr = {.size = sizeof res, .riid = q.hdr.riid, .mid = q.hdr.mid,
                                         .flags = VG_MSG_RESPONSE}, .rc = rc, .val = {out.val[0], out.val[1]}};
        uint32_t used = 0;
        for (int i = 0; i < 3; i++) {
            size_t n = out.str[i] ? strlen(out.str[i]) : 0;
            if (!n)
                continue;
            memcpy(res_arena + used, out.str[i], n + 1);
            res.str[i] = (struct vg_arena_ptr){used, (uint32_t)n + 1};
            used += ((uint32_t)n + 1 + 7) & ~7u;
        }
        vg_mutex_unlock(&lock);
        res.hdr.arena_size = used;
        const struct vg_msgbuf o = {.data = &res, .data_size = sizeof res, .arena_size = used, .arena = res_arena};
        vg_reply(listener, &o); /* a client that has gone (rcNotConnected) changes nothing here */
    }
}

int main(void)
{
    rc_t rc = vg_ipc_register(VG_NS_CHANNEL, &listener, 0);
    if (rc != rcOk) {
        printf("kl.core.NameServer: no channel %s: %s\n", VG_NS_CHANNEL, rc_name(rc));
        return 1;
    }
    vg_thread_t *t[WORKERS - 1];
    unsigned n = 0;
    for (; n < WORKERS - 1; n++)
        if (vg_thread_create(&t[n], worker, 0, VG_PRIORITY_NORMAL, 0) != rcOk)
            break;
    int code = worker(0);
    for (unsigned i = 0; i < n; i++) {
        int c = 0;
        vg_thread_join(t[i], VG_INFINITE, &c);
        code |= c;
    }
    return code;
}
