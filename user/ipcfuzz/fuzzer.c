/* A fuzzing process (FuzzA or FuzzB): argv[1] calls per thread, argv[2] the seed. One thread mostly
 * calls the peer, the other mostly serves it (and its own channels); both also call the kernel. At the
 * end: a summary line and a histogram of return codes per kind of call. */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

static struct fuzz_thread threads[2];
static volatile int finished[2];

/* A thread holding a request also makes Calls of its own before it replies (the nested-server case;
 * known_bugs.c keeps the reduced reproducer of the kernel bug the fuzzer found there). */
static void step(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    unsigned k = rng_below(r, 100);
    t->clean = rng_chance(r, 40);
    if (t->serving)
        k < 75 ? op_reply(t) : k < 80 ? op_recv(t) : k < 88 ? op_call(t) : op_core(t);
    else if (t->server)
        k < 50 ? op_recv(t) : k < 62 ? op_call(t) : k < 67 ? op_reply(t) : op_core(t);
    else
        k < 55 ? op_call(t) : k < 62 ? op_recv(t) : k < 67 ? op_reply(t) : op_core(t);
}

static int run(void *arg)
{
    struct fuzz_thread *t = arg;
    while (t->done < t->budget)
        step(t);
    /* Leave no client waiting on us. */
    if (t->serving) {
        t->reply_tries = 3;
        op_reply(t);
    }
    finished[t->id] = 1;
    return 0;
}

static const char *const op_names[OP_COUNT] = {"call", "recv", "reply", "kernel"};

static void report(const struct fuzz_thread *t)
{
    for (unsigned op = 0; op < OP_COUNT; op++) {
        char line[512];
        int n = snprintf(line, sizeof line, "fuzz %s t%d %s:", proc.name, t->id, op_names[op]);
        for (unsigned s = 0; s < RC_SLOTS && n < (int)sizeof line - 40; s++)
            if (t->hist[op][s])
                n += snprintf(line + n, sizeof line - (size_t)n, " %s %llu", s == RC_SLOTS - 1 ? "other" : rc_name(-(int)s),
                              (unsigned long long)t->hist[op][s]);
        printf("%s\n", line);
    }
}

int fuzzer_main(int argc, char **argv)
{
    proc.name = argv[0];
    int is_a = strcmp(argv[0], "FuzzA") == 0;
    uint64_t budget = argc > 1 ? strtoull(argv[1], 0, 0) : 1000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], 0, 0) : 1;
    rc_t rc = vg_ipc_connect(is_a ? "ab" : "ba", &proc.client);
    if (rc == rcOk)
        rc = vg_ipc_register(is_a ? "ba" : "ab", &proc.listener, &proc.server);
    if (rc == rcOk)
        rc = vg_ipc_sync_create(&proc.sync);
    if (rc == rcOk)
        rc = world_setup();
    if (rc != rcOk) {
        printf("FAIL fuzz_%s_setup: %s\n", proc.name, rc_name(rc));
        return 1;
    }
    struct ipcfuzz_Fuzz_Ping_req ping = {.hdr = {.size = sizeof ping, .riid = 0, .mid = ipcfuzz_Fuzz_Ping_mid,
                                                 .flags = VG_MSG_REQUEST}, .v = 1};
    world_fill_sandbox(&ping, sizeof ping);
    vg_thread_t *th[2];
    for (int i = 0; i < 2; i++) {
        struct fuzz_thread *t = &threads[i];
        t->id = i;
        t->server = i;
        t->budget = budget;
        rng_seed(&t->rng, seed * 0x9e3779b97f4a7c15ull + (uint64_t)(is_a * 2 + i + 1) * 0xbf58476d1ce4e5b9ull);
        rc = vg_thread_create(&th[i], run, t, VG_PRIORITY_NORMAL, 0);
        if (rc != rcOk) {
            printf("FAIL fuzz_%s_thread: %s\n", proc.name, rc_name(rc));
            return 1;
        }
    }
    unsigned violations = 0;
    uint64_t calls = 0, delivered = 0, answered = 0;
    for (int i = 0; i < 2; i++) {
        rc = vg_thread_join(th[i], VG_INFINITE, 0);
        /* A raw JOIN of the other fuzzing thread may have collected it first. */
        if (rc != rcOk && !(rc == rcResourceNotFound && finished[i]))
            printf("FAIL fuzz_%s_join_t%d: %s\n", proc.name, i, rc_name(rc)), violations++;
        violations += threads[i].violations;
        calls += threads[i].done;
        delivered += threads[i].delivered;
        answered += threads[i].answered;
        report(&threads[i]);
    }
    printf("fuzz %s: %llu calls, %llu requests received, %llu answered, %u violations\n", proc.name,
           (unsigned long long)calls, (unsigned long long)delivered, (unsigned long long)answered, violations);
    return violations > 100 ? 100 : (int)violations;
}
