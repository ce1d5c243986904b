/* SClient ID THREADS CALLS SEED: THREADS threads make CALLS calls each (odd threads with the register
 * ABI, even ones with the memory ABI), alternating between servers A and B; one call in eight has a short timeout and asks the server to take longer than that. Every
 * call must return: rcOk with the right answer, rcTimeout, or rcNotConnected (server A killed), after
 * which the thread reconnects to the next A. Prints its counts; the exit code is 0 when every call
 * returned with one of those codes and the process reconnected at least once. */
#include <stdlib.h>
#include <string.h>
#include "stress.h"

struct server {
    vg_mutex_t lock;
    char letter;
    unsigned gen;
    vg_handle_t h;
};

struct worker {
    uint64_t seed;
    uint32_t calls;
    uint32_t ok, timeouts, notconn, stale, bad, wrong;
    bool regs; /* calls with the register ABI (odd threads), else the memory ABI */
    unsigned reconnects;
};

static struct server servers[2] = {{VG_MUTEX_INIT, 'A', 0, 0}, {VG_MUTEX_INIT, 'B', 0, 0}};
static unsigned client_id;

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static unsigned current_gen(struct server *s)
{
    vg_mutex_lock(&s->lock);
    unsigned gen = s->gen;
    vg_mutex_unlock(&s->lock);
    return gen;
}

/* The server of generation `gen` is gone: move to the next one unless another thread already has. */
static rc_t reconnect(struct server *s, unsigned gen, struct worker *w)
{
    vg_mutex_lock(&s->lock);
    rc_t rc = rcOk;
    if (s->gen == gen && s->letter == 'A') { /* only A is ever restarted */
        char name[STRESS_NAME_MAX];
        stress_name(name, s->letter, gen + 1, client_id);
        vg_handle_t h;
        for (unsigned tries = 0; (rc = vg_ipc_connect(name, &h)) == rcResourceNotFound && tries < 10000; tries++)
            vg_thread_sleep(1000000);
        if (rc == rcOk) {
            vg_handle_close(s->h); /* our other threads' Calls on it have all failed or will fail */
            s->h = h;
            s->gen = gen + 1;
            w->reconnects++;
        }
    }
    vg_mutex_unlock(&s->lock);
    return rc;
}

static int work(void *arg)
{
    struct worker *w = arg;
    for (uint32_t i = 0; i < w->calls; i++) {
        struct server *s = &servers[i & 1];
        vg_mutex_lock(&s->lock);
        vg_handle_t h = s->h;
        unsigned gen = s->gen;
        vg_mutex_unlock(&s->lock);
        uint64_t r = next(&w->seed);
        int short_timeout = (r & 7) == 0;
        uint64_t timeout = short_timeout ? 20000 + (r >> 8) % 200000 : VG_INFINITE;
        uint32_t seq = (uint32_t)(r >> 32);
        struct ipcstress_Stress_Work_req req = {
            .hdr = {.size = sizeof req, .mid = ipcstress_Stress_Work_mid, .flags = VG_MSG_REQUEST},
            .seq = seq,
            .delay_us = short_timeout ? (uint32_t)(timeout / 1000) + (uint32_t)((r >> 16) % 300) : 0};
        struct ipcstress_Stress_Work_out res;
        memset(&res, 0, sizeof res);
        rc_t rc;
        if (w->regs) { /* the register ABI: the fastpath's case when the call has no timeout */
            struct vg_regmsg m;
            vg_reg_pack(&req, &m);
            rc = vg_call_reg_ex(h, &m, 0, timeout, VG_INVALID_HANDLE);
            if (rc == rcOk)
                vg_reg_unpack(&m, &res);
        } else {
            struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {&res, sizeof res, 0, 0};
            rc = vg_call_ex(h, &in, &out, timeout, VG_INVALID_HANDLE);
        }
        if (rc == rcOk) {
            w->ok++;
            w->wrong += res.next != seq + 1;
        } else if (rc == rcTimeout) {
            w->timeouts++;
        } else if (rc == rcNotConnected) {
            if (reconnect(s, gen, w) == rcOk)
                w->notconn++;
            else
                w->bad++;
        } else if (rc == rcInvalidArgument && current_gen(s) != gen) {
            w->stale++; /* another thread reconnected and closed the old handle after we read it */
        } else {
            if (w->bad++ < 5)
                printf("FAIL stress_client%u_call: %s on %c%u\n", client_id, rc_name(rc), s->letter, gen);
        }
    }
    return 0;
}

int client_main(int argc, char **argv)
{
    if (argc < 5)
        return 1;
    client_id = (unsigned)atoi(argv[1]);
    unsigned nthreads = (unsigned)atoi(argv[2]);
    uint32_t calls = (uint32_t)strtoul(argv[3], 0, 0);
    uint64_t seed = strtoull(argv[4], 0, 0);
    for (int i = 0; i < 2; i++) {
        char name[STRESS_NAME_MAX];
        stress_name(name, servers[i].letter, 0, client_id);
        rc_t rc = vg_ipc_connect(name, &servers[i].h);
        if (rc != rcOk) {
            printf("FAIL stress_client%u_connect_%s: %s\n", client_id, name, rc_name(rc));
            return 1;
        }
    }
    static struct worker w[8];
    vg_thread_t *t[8];
    if (nthreads > 8)
        nthreads = 8;
    for (unsigned i = 0; i < nthreads; i++) {
        w[i] = (struct worker){.seed = seed * 1000003u + client_id * 101u + i + 1, .calls = calls, .regs = i & 1};
        /* The register threads one level up and the servers' register threads two: no ready thread as
         * urgent as the one called, so their calls can take the fastpath. */
        if (vg_thread_create(&t[i], work, &w[i], VG_PRIORITY_NORMAL + (int)(i & 1), 0) != rcOk)
            return 1;
    }
    struct worker sum = {0};
    unsigned joined = 0;
    for (unsigned i = 0; i < nthreads; i++) {
        joined += vg_thread_join(t[i], VG_INFINITE, 0) == rcOk;
        sum.ok += w[i].ok, sum.timeouts += w[i].timeouts, sum.notconn += w[i].notconn, sum.stale += w[i].stale;
        sum.bad += w[i].bad, sum.wrong += w[i].wrong, sum.reconnects += w[i].reconnects;
    }
    uint32_t returned = sum.ok + sum.timeouts + sum.notconn + sum.stale + sum.bad;
    printf("stress client %u: %u threads, %u calls returned of %u: ok %u, timeout %u, not connected %u, "
           "closed by a reconnect %u, other %u, wrong answers %u, reconnects %u\n",
           client_id, nthreads, returned, nthreads * calls, sum.ok, sum.timeouts, sum.notconn, sum.stale, sum.bad, sum.wrong,
           sum.reconnects);
    return joined == nthreads && sum.bad == 0 && sum.wrong == 0 && sum.reconnects >= 1 ? 0 : 1;
}
