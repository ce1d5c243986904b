/* kernel/handle, kobject, sid: values, rights, copy, transfer, revocation, quotas, teardown, leak
 * accounting, bounded stack, and a randomized run against a simple model. */
#define _POSIX_C_SOURCE 200809L /* fork, waitpid */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "kernel/handle.h"
#include "kernel/kobject.h"
#include "kernel/sid.h"

/* ---- a malloc-backed page provider (as in test_kcache.c) ---- */
struct provider {
    long budget; /* pages it may still hand out */
    long out;
};
static struct provider prov = { 1L << 30, 0 };

static void *get_page(void *ctx)
{
    struct provider *p = ctx;
    if (p->budget == 0)
        return NULL;
    void *page = aligned_alloc(KCACHE_PAGE_SIZE, KCACHE_PAGE_SIZE);
    if (page == NULL)
        return NULL;
    memset(page, 0xa5, KCACHE_PAGE_SIZE);
    p->budget--;
    p->out++;
    return page;
}
static void put_page(void *ctx, void *page)
{
    struct provider *p = ctx;
    p->out--;
    p->budget++;
    free(page);
}
static const struct kcache_pages pages = { get_page, put_page, &prov };

/* ---- test objects ---- */
struct obj {
    struct kobject k;
    int destroyed;      /* times the callback ran */
    sid_t sid_seen;     /* the SID, read inside the callback */
    int sid_live_then;  /* was it still live inside the callback */
};

static void obj_destroy(struct kobject *k)
{
    struct obj *o = (struct obj *)k;
    o->destroyed++;
    o->sid_seen = k->sid;
    o->sid_live_then = sid_is_live(k->sid);
}

/* An object with one handle in t and the creator's reference dropped: the handle keeps it alive. */
static handle_t give(struct handle_table *t, struct obj *o, uint32_t type, uint32_t rights)
{
    memset(o, 0, sizeof *o);
    if (kobject_init(&o->k, type, obj_destroy) != rcOk)
        return HANDLE_INVALID;
    handle_t h = HANDLE_INVALID;
    rc_t rc = handle_install(t, &o->k, rights, &h);
    kobject_unref(&o->k);
    return rc == rcOk ? h : HANDLE_INVALID;
}

static handle_t xfer(struct handle_table *src, handle_t h, uint32_t rights, struct handle_table *dst)
{
    struct handle_transfer tx;
    if (handle_transfer_prepare(src, h, rights, dst, &tx) != rcOk)
        return HANDLE_INVALID;
    return handle_transfer_commit(&tx);
}

#define CHECK_CLEAN()                                                                     \
    do {                                                                                  \
        CHECK_EQ(handle_count(), 0);                                                      \
        CHECK_EQ(handle_chunks_in_use(), 0);                                              \
        CHECK_EQ(kobject_live_count(), 0);                                                \
        CHECK_EQ(sid_live_count(), 1);                                                    \
        CHECK_EQ(prov.out, 0);                                                            \
    } while (0)

#define ALL VG_RIGHTS_ALL
#define T VG_RIGHT_TRANSFER
#define C VG_RIGHT_COPY

TEST(sid_pool)
{
    CHECK_EQ(sid_reset(2), rcInvalidArgument);
    CHECK_EQ(sid_reset(SID_MAX + 1), rcInvalidArgument);
    CHECK_EQ(sid_reset(10), rcOk); /* SIDs 2..9 */
    CHECK(sid_is_live(SID_KERNEL));
    CHECK(!sid_is_live(SID_INVALID));
    sid_t s[8];
    for (int i = 0; i < 8; i++) {
        CHECK_EQ(sid_alloc(&s[i]), rcOk);
        CHECK(s[i] >= 2 && s[i] < 10);
        for (int j = 0; j < i; j++)
            CHECK(s[i] != s[j]);
    }
    sid_t x;
    CHECK_EQ(sid_alloc(&x), rcOutOfMemory);
    CHECK_EQ(sid_live_count(), 9);
    CHECK_EQ(sid_free(SID_KERNEL), rcInvalidArgument);
    CHECK_EQ(sid_free(SID_INVALID), rcInvalidArgument);
    CHECK_EQ(sid_free(10), rcInvalidArgument);
    CHECK_EQ(sid_free(5), rcOk);
    CHECK_EQ(sid_free(5), rcInvalidArgument); /* double free */
    CHECK_EQ(sid_alloc(&x), rcOk);
    CHECK_EQ(x, 5);
    /* Next fit: a freed SID waits until the cursor comes round again. */
    CHECK_EQ(sid_free(3), rcOk);
    CHECK_EQ(sid_free(7), rcOk);
    CHECK_EQ(sid_alloc(&x), rcOk);
    CHECK_EQ(x, 7);
    CHECK_EQ(sid_alloc(&x), rcOk);
    CHECK_EQ(x, 3);
    CHECK_EQ(sid_reset(0), rcOk);
    CHECK_EQ(sid_alloc(&x), rcOk);
    CHECK_EQ(sid_free(x), rcOk);
    sid_t y;
    CHECK_EQ(sid_alloc(&y), rcOk);
    CHECK(y != x);
    CHECK_EQ(sid_free(y), rcOk);
    CHECK_EQ(sid_reset(0), rcOk);
    CHECK_EQ(sid_live_count(), 1);
}

TEST(kobject_lifetime)
{
    struct obj o;
    memset(&o, 0, sizeof o);
    CHECK_EQ(kobject_init(&o.k, KOBJ_ANY, obj_destroy), rcInvalidArgument);
    CHECK_EQ(kobject_init(&o.k, KOBJ_TYPE_COUNT, obj_destroy), rcInvalidArgument);
    CHECK_EQ(sid_live_count(), 1);
    CHECK_EQ(kobject_init(&o.k, KOBJ_CHANNEL_CLIENT, obj_destroy), rcOk);
    sid_t sid = o.k.sid;
    CHECK(sid > SID_KERNEL && sid_is_live(sid));
    CHECK_EQ(kobject_live_count(), 1);
    kobject_ref(&o.k);
    CHECK_EQ(kobject_unref(&o.k), rcOk);
    CHECK_EQ(o.destroyed, 0);
    CHECK_EQ(kobject_unref(&o.k), rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_EQ(o.sid_seen, sid);
    CHECK(o.sid_live_then);    /* identity kept while tearing down */
    CHECK(!sid_is_live(sid));  /* freed after */
    CHECK_EQ(kobject_unref(&o.k), rcInvalidArgument); /* double release */
    CHECK_EQ(o.destroyed, 1);
    CHECK(strcmp(kobject_type_name(KOBJ_LISTENER), "listener") == 0);
    CHECK(strcmp(kobject_type_name(99), "?") == 0);

    CHECK_EQ(sid_reset(4), rcOk); /* two SIDs */
    struct obj a, b, c;
    CHECK_EQ(kobject_init(&a.k, KOBJ_USER, NULL), rcOk);
    CHECK_EQ(kobject_init(&b.k, KOBJ_USER, NULL), rcOk);
    CHECK_EQ(kobject_init(&c.k, KOBJ_USER, NULL), rcOutOfMemory);
    CHECK_EQ(kobject_live_count(), 2);
    kobject_unref(&a.k);
    kobject_unref(&b.k);
    CHECK_EQ(sid_reset(0), rcOk);
    CHECK_CLEAN();
}

/* Each object holds the last reference to the next: releasing the first must destroy them all without
 * nesting destroy callbacks. */
enum { CHAIN = SID_MAX - 100 }; /* as many objects as there are SIDs */
struct link {
    struct kobject k;
    struct link *next;
};
static int depth, max_depth, chain_destroyed;
static void link_destroy(struct kobject *k)
{
    if (++depth > max_depth)
        max_depth = depth;
    struct link *l = (struct link *)k;
    chain_destroyed++;
    if (l->next != NULL)
        kobject_unref(&l->next->k);
    free(l);
    depth--;
}

TEST(kobject_destroy_chain_does_not_nest)
{
    struct link *head = NULL;
    for (int i = 0; i < CHAIN; i++) {
        struct link *l = calloc(1, sizeof *l);
        CHECK(l != NULL);
        CHECK_EQ(kobject_init(&l->k, KOBJ_USER, link_destroy), rcOk);
        l->next = head;
        head = l;
    }
    depth = max_depth = chain_destroyed = 0;
    CHECK_EQ(kobject_unref(&head->k), rcOk);
    CHECK_EQ(chain_destroyed, CHAIN);
    CHECK_EQ(max_depth, 1);
    CHECK_CLEAN();
}

TEST(table_init_errors_and_memory)
{
    struct handle_table t;
    CHECK_EQ(handle_table_init(&t, 0), rcInvalidArgument);
    CHECK_EQ(handle_table_init(&t, HANDLE_TABLE_MAX + 1), rcInvalidArgument);
    prov.budget = 3; /* 2 chunks a page: 6 chunks, a full table needs 32 */
    CHECK_EQ(handle_table_init(&t, HANDLE_TABLE_MAX), rcOutOfMemory);
    CHECK_EQ(handle_chunks_in_use(), 0);
    CHECK_EQ(prov.out, 0);
    prov.budget = 1L << 30;
    CHECK_EQ(handle_table_init(&t, HANDLE_TABLE_MAX), rcOk);
    CHECK_EQ(handle_chunks_in_use(), HANDLE_TABLE_CHUNKS);
    CHECK_EQ(handle_init(&pages), rcBusy); /* tables still use the cache */
    CHECK_EQ(handle_table_destroy(&t), rcOk);
    CHECK_CLEAN();
}

TEST(values_forged_stale_closed_wrong_type)
{
    struct handle_table t;
    CHECK_EQ(handle_table_init(&t, 8), rcOk);
    struct obj o;
    handle_t h = give(&t, &o, KOBJ_CHANNEL_CLIENT, VG_RIGHT_IPC_CLIENT | C);
    CHECK(h != HANDLE_INVALID);
    struct kobject *k;
    uint32_t r;
    CHECK_EQ(handle_lookup(&t, h, KOBJ_CHANNEL_CLIENT, VG_RIGHT_IPC_CLIENT, &k, &r), rcOk);
    CHECK(k == &o.k);
    CHECK_EQ(r, VG_RIGHT_IPC_CLIENT | C);
    CHECK_EQ(handle_lookup(&t, h, KOBJ_ANY, 0, NULL, NULL), rcOk);
    CHECK_EQ(handle_lookup(&t, h, KOBJ_CHANNEL_SERVER, 0, NULL, NULL), rcInvalidArgument);
    CHECK_EQ(handle_lookup(&t, h, KOBJ_ANY, VG_RIGHT_IPC_SERVER, NULL, NULL), rcNoCapability);
    CHECK_EQ(handle_lookup(&t, h, KOBJ_ANY, VG_RIGHT_GET_SID, NULL, NULL), rcNoCapability);
    sid_t sid;
    CHECK_EQ(handle_get_sid(&t, h, &sid), rcNoCapability);
    CHECK_EQ(handle_lookup(&t, HANDLE_INVALID, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    for (uint32_t v = 0; v < (1u << HANDLE_INDEX_BITS); v++)
        CHECK_EQ(handle_lookup(&t, v, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    /* Forged: every other value, sampled, fails. */
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint32_t v = (uint32_t)x;
        if (v != h)
            CHECK_EQ(handle_lookup(&t, v, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    }
    CHECK_EQ(handle_lookup(&t, h + (1u << HANDLE_INDEX_BITS), KOBJ_ANY, 0, NULL, NULL),
             rcInvalidArgument);
    /* Closed, then its slot reused: the old value stays dead. */
    CHECK_EQ(handle_copy(&t, h, VG_RIGHT_GET_SID | C, &h), rcNoCapability); /* widening */
    handle_t keep;
    CHECK_EQ(handle_copy(&t, h, C, &keep), rcOk);
    CHECK_EQ(handle_close(&t, h), rcOk);
    CHECK_EQ(handle_lookup(&t, h, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    CHECK_EQ(handle_close(&t, h), rcInvalidArgument);
    CHECK_EQ(handle_revoke(&t, h), rcInvalidArgument);
    handle_t reused;
    CHECK_EQ(handle_copy(&t, keep, C, &reused), rcOk);
    for (int i = 0; i < 16 && (reused & 1023u) != (h & 1023u); i++) {
        CHECK_EQ(handle_close(&t, reused), rcOk);
        CHECK_EQ(handle_copy(&t, keep, C, &reused), rcOk);
    }
    CHECK_EQ(reused & 1023u, h & 1023u);
    CHECK(reused != h);
    CHECK_EQ(handle_lookup(&t, reused, KOBJ_ANY, 0, NULL, NULL), rcOk);
    CHECK_EQ(handle_lookup(&t, h, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    CHECK_EQ(handle_table_destroy(&t), rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_CLEAN();
}

/* A value whose index equals the capacity names no slot. With a capacity of whole chunks that index
 * would be the first slot of a chunk the table never took, so a bound that let it through would read
 * through a NULL chunk pointer. Run in a child so that such a crash is reported here as a failure. */
TEST(index_equal_to_capacity_names_nothing)
{
    struct handle_table t;
    CHECK_EQ(handle_table_init(&t, HANDLE_CHUNK_SLOTS), rcOk);
    struct obj o;
    handle_t h = give(&t, &o, KOBJ_USER, ALL);
    CHECK(h != HANDLE_INVALID);
    handle_t x;
    for (uint32_t i = 1; i < HANDLE_CHUNK_SLOTS; i++) /* every slot live, with generation 1 */
        CHECK_EQ(handle_copy(&t, h, ALL, &x), rcOk);
    CHECK_EQ(handle_table_used(&t), HANDLE_CHUNK_SLOTS);
    handle_t past = 1u << HANDLE_INDEX_BITS | HANDLE_CHUNK_SLOTS; /* generation 1, index == capacity */
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        sid_t sid;
        bool ok = handle_lookup(&t, past, KOBJ_ANY, 0, NULL, NULL) == rcInvalidArgument &&
                  handle_get_sid(&t, past, &sid) == rcInvalidArgument &&
                  handle_copy(&t, past, 0, &x) == rcInvalidArgument &&
                  handle_close(&t, past) == rcInvalidArgument &&
                  handle_revoke(&t, past) == rcInvalidArgument;
        _exit(ok ? 0 : 3);
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "a value with index == capacity: %s (status %#x)",
              WIFEXITED(status) && WEXITSTATUS(status) == 3 ? "accepted" : "crashed", status);
    CHECK_EQ(handle_table_used(&t), HANDLE_CHUNK_SLOTS);
    CHECK_EQ(o.k.refs, HANDLE_CHUNK_SLOTS);
    CHECK_EQ(handle_table_destroy(&t), rcOk);
    CHECK_CLEAN();
}

/* One slot closed and reused 2^22 - 1 times: its generation runs through every value up to GEN_MAX and
 * then wraps to 1, never 0, so the slot's values never fall below 1024 (HANDLE_INVALID is 0 and
 * generation 0 would make index 0's value HANDLE_INVALID itself). */
TEST(generation_wraps_past_zero)
{
    const uint32_t gen_max = (1u << (32u - HANDLE_INDEX_BITS)) - 1u;
    struct handle_table t;
    CHECK_EQ(handle_table_init(&t, 1), rcOk);
    struct obj o;
    memset(&o, 0, sizeof o);
    CHECK_EQ(kobject_init(&o.k, KOBJ_USER, obj_destroy), rcOk); /* the test keeps this reference */
    handle_t first, h;
    CHECK_EQ(handle_install(&t, &o.k, ALL, &first), rcOk);
    CHECK_EQ(first, 1u << HANDLE_INDEX_BITS); /* generation 1, index 0 */
    h = first;
    for (uint32_t closes = 1; closes <= gen_max; closes++) {
        CHECK_EQ(handle_close(&t, h), rcOk);
        handle_t old = h;
        CHECK_EQ(handle_install(&t, &o.k, ALL, &h), rcOk);
        CHECK_MSG(h >= 1u << HANDLE_INDEX_BITS, "after %u closes the slot's value is %#x", closes, h);
        CHECK_MSG(h != old, "after %u closes the value %#x did not change", closes, h);
    }
    CHECK_EQ(h, first); /* wrapped to generation 1 */
    CHECK_EQ(handle_lookup(&t, h, KOBJ_USER, ALL, NULL, NULL), rcOk);
    CHECK_EQ(handle_lookup(&t, HANDLE_INVALID, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    CHECK_EQ(handle_table_destroy(&t), rcOk);
    CHECK_EQ(o.destroyed, 0);
    CHECK_EQ(kobject_unref(&o.k), rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_CLEAN();
}

TEST(copy_narrows_never_widens)
{
    struct handle_table t;
    CHECK_EQ(handle_table_init(&t, 8), rcOk);
    struct obj o;
    uint32_t full = C | VG_RIGHT_GET_SID | VG_RIGHT_SPEC(3);
    handle_t h = give(&t, &o, KOBJ_USER, full);
    handle_t c1, c2, bad = 12345;
    CHECK_EQ(handle_copy(&t, h, full, &c1), rcOk); /* equal */
    CHECK_EQ(handle_copy(&t, c1, VG_RIGHT_GET_SID, &c2), rcOk); /* narrower, without COPY */
    uint32_t r;
    CHECK_EQ(handle_lookup(&t, c2, KOBJ_USER, 0, NULL, &r), rcOk);
    CHECK_EQ(r, VG_RIGHT_GET_SID);
    sid_t sid;
    CHECK_EQ(handle_get_sid(&t, c2, &sid), rcOk);
    CHECK_EQ(sid, o.k.sid);
    CHECK_EQ(handle_copy(&t, c2, 0, &bad), rcNoCapability); /* no COPY right */
    CHECK_EQ(handle_copy(&t, h, full | T, &bad), rcNoCapability);
    CHECK_EQ(handle_copy(&t, h, VG_RIGHT_SPEC(4), &bad), rcNoCapability);
    CHECK_EQ(bad, 12345);
    CHECK_EQ(handle_table_used(&t), 3);
    CHECK_EQ(o.k.refs, 3);
    CHECK_EQ(handle_table_destroy(&t), rcOk);
    CHECK_CLEAN();
}

TEST(transfer_rights)
{
    struct handle_table a, b, c;
    CHECK_EQ(handle_table_init(&a, 4), rcOk);
    CHECK_EQ(handle_table_init(&b, 4), rcOk);
    CHECK_EQ(handle_table_init(&c, 4), rcOk);
    struct obj o, p;
    handle_t h = give(&a, &o, KOBJ_CHANNEL_CLIENT, T | VG_RIGHT_IPC_CLIENT);
    handle_t nt = give(&a, &p, KOBJ_IPC_SYNC, C); /* no transfer right */
    struct handle_transfer tx;
    CHECK_EQ(handle_transfer_prepare(&a, nt, C, &b, &tx), rcNoCapability);
    CHECK_EQ(handle_transfer_prepare(&a, nt, 0, &b, &tx), rcNoCapability);
    CHECK_EQ(handle_transfer_prepare(&a, h, T | VG_RIGHT_IPC_CLIENT | C, &b, &tx), rcNoCapability);
    CHECK_EQ(handle_transfer_prepare(&a, 7, T, &b, &tx), rcInvalidArgument);
    CHECK_EQ(handle_table_used(&a), 2);
    CHECK_EQ(handle_table_used(&b), 0);
    /* Narrowed: the receiver may call but not pass it on. */
    CHECK_EQ(handle_transfer_prepare(&a, h, VG_RIGHT_IPC_CLIENT, &b, &tx), rcOk);
    CHECK_EQ(tx.sid, o.k.sid);
    CHECK_EQ(tx.type, KOBJ_CHANNEL_CLIENT);
    CHECK_EQ(tx.rights, VG_RIGHT_IPC_CLIENT);
    CHECK_EQ(handle_lookup(&b, tx.value, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument); /* pending */
    CHECK_EQ(handle_close(&b, tx.value), rcInvalidArgument);
    handle_t hb = handle_transfer_commit(&tx);
    CHECK(hb != HANDLE_INVALID);
    CHECK_EQ(handle_transfer_commit(&tx), HANDLE_INVALID);
    handle_transfer_abort(&tx); /* no-op after commit */
    struct kobject *k;
    uint32_t r;
    CHECK_EQ(handle_lookup(&b, hb, KOBJ_CHANNEL_CLIENT, VG_RIGHT_IPC_CLIENT, &k, &r), rcOk);
    CHECK(k == &o.k);
    CHECK_EQ(r, VG_RIGHT_IPC_CLIENT);
    CHECK_EQ(handle_transfer_prepare(&b, hb, VG_RIGHT_IPC_CLIENT, &c, &tx), rcNoCapability);
    CHECK_EQ(handle_table_used(&c), 0);
    /* Into a dead table. */
    CHECK_EQ(handle_table_destroy(&c), rcOk);
    CHECK_EQ(handle_transfer_prepare(&a, h, T, &c, &tx), rcNotConnected);
    CHECK_EQ(handle_install(&c, &o.k, 0, &hb), rcNotConnected);
    CHECK_EQ(handle_table_destroy(&c), rcOk);
    CHECK_EQ(handle_table_destroy(&a), rcOk);
    CHECK_EQ(o.destroyed, 0); /* b still holds it */
    CHECK_EQ(p.destroyed, 1);
    CHECK_EQ(handle_table_destroy(&b), rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_CLEAN();
}

TEST(revoke_descendants_in_other_tables)
{
    struct handle_table s, c1, c2;
    CHECK_EQ(handle_table_init(&s, 4), rcOk);
    CHECK_EQ(handle_table_init(&c1, 4), rcOk);
    CHECK_EQ(handle_table_init(&c2, 4), rcOk);
    struct obj o;
    handle_t root = give(&s, &o, KOBJ_USER, ALL);
    handle_t keep;
    CHECK_EQ(handle_install(&s, &o.k, ALL, &keep), rcOk); /* another root: its subtree survives */
    handle_t a = xfer(&s, root, T | C, &c1);
    handle_t a2;
    CHECK_EQ(handle_copy(&c1, a, T, &a2), rcOk);
    handle_t b = xfer(&c1, a2, T, &c2);
    handle_t kb = xfer(&s, keep, C, &c2);
    CHECK(a && b && kb);
    CHECK_EQ(o.k.refs, 6);
    CHECK_EQ(handle_revoke(&s, root), rcOk);
    CHECK_EQ(handle_lookup(&s, root, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument); /* closed */
    CHECK_EQ(handle_lookup(&c1, a, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(handle_lookup(&c1, a2, KOBJ_USER, T, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(handle_lookup(&c2, b, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(handle_lookup(&c2, kb, KOBJ_USER, C, NULL, NULL), rcOk);
    CHECK_EQ(handle_lookup(&s, keep, KOBJ_USER, ALL, NULL, NULL), rcOk);
    handle_t x;
    struct handle_transfer tx;
    CHECK_EQ(handle_copy(&c1, a, T, &x), rcHandleRevoked);
    CHECK_EQ(handle_transfer_prepare(&c1, a, 0, &c2, &tx), rcHandleRevoked);
    CHECK_EQ(handle_revoke(&c1, a), rcHandleRevoked);
    sid_t sid;
    CHECK_EQ(handle_get_sid(&c1, a, &sid), rcHandleRevoked);
    /* Revoked handles stay allocated until closed, and hold no reference. */
    CHECK_EQ(handle_table_used(&c1), 2);
    CHECK_EQ(handle_table_used(&c2), 2);
    CHECK_EQ(o.k.refs, 2);
    CHECK_EQ(handle_close(&c1, a), rcOk);
    CHECK_EQ(handle_lookup(&c1, a, KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    CHECK_EQ(handle_table_used(&c1), 1);
    /* Last live handles revoked or closed: the object goes, revoked entries remain. */
    CHECK_EQ(handle_revoke(&s, keep), rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_EQ(handle_lookup(&c2, kb, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(handle_table_used(&c2), 2);
    CHECK_EQ(handle_table_destroy(&s), rcOk);
    CHECK_EQ(handle_table_destroy(&c1), rcOk);
    CHECK_EQ(handle_table_destroy(&c2), rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_CLEAN();
}

TEST(close_hands_children_up)
{
    struct handle_table t1, t2, t3;
    CHECK_EQ(handle_table_init(&t1, 4), rcOk);
    CHECK_EQ(handle_table_init(&t2, 4), rcOk);
    CHECK_EQ(handle_table_init(&t3, 4), rcOk);
    struct obj o;
    handle_t r = give(&t1, &o, KOBJ_USER, T);
    handle_t m = xfer(&t1, r, T, &t2);
    handle_t g = xfer(&t2, m, T, &t3);
    CHECK_EQ(handle_close(&t2, m), rcOk);      /* g now hangs from r */
    CHECK_EQ(handle_revoke(&t1, r), rcOk);
    CHECK_EQ(handle_lookup(&t3, g, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(o.destroyed, 1);
    /* A closed root leaves its children as roots. */
    struct obj q;
    handle_t qr = give(&t1, &q, KOBJ_USER, T);
    handle_t qc = xfer(&t1, qr, T, &t2);
    handle_t qg = xfer(&t2, qc, T, &t3);
    CHECK_EQ(handle_close(&t1, qr), rcOk);
    CHECK_EQ(handle_lookup(&t2, qc, KOBJ_ANY, T, NULL, NULL), rcOk);
    CHECK_EQ(handle_revoke(&t2, qc), rcOk);
    CHECK_EQ(handle_lookup(&t3, qg, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(q.destroyed, 1);
    CHECK_EQ(handle_table_destroy(&t1), rcOk);
    CHECK_EQ(handle_table_destroy(&t2), rcOk);
    CHECK_EQ(handle_table_destroy(&t3), rcOk);
    CHECK_CLEAN();
}

TEST(table_full_is_quota_exceeded)
{
    struct handle_table a, b;
    CHECK_EQ(handle_table_init(&a, 3), rcOk);
    CHECK_EQ(handle_table_init(&b, 1), rcOk);
    struct obj o;
    handle_t h = give(&a, &o, KOBJ_USER, ALL), x;
    CHECK_EQ(handle_copy(&a, h, ALL, &x), rcOk);
    CHECK_EQ(handle_install(&a, &o.k, 0, &x), rcOk);
    CHECK_EQ(handle_install(&a, &o.k, 0, &x), rcQuotaExceeded);
    CHECK_EQ(handle_copy(&a, h, 0, &x), rcQuotaExceeded);
    handle_t hb = xfer(&a, h, ALL, &b);
    CHECK(hb != HANDLE_INVALID);
    struct handle_transfer tx;
    CHECK_EQ(o.k.refs, 4);
    CHECK_EQ(handle_transfer_prepare(&a, h, 0, &b, &tx), rcQuotaExceeded);
    CHECK_EQ(o.k.refs, 4);
    /* A revoked handle still takes its slot. */
    CHECK_EQ(handle_revoke(&a, h), rcOk); /* hb revoked, h closed */
    CHECK_EQ(handle_table_used(&b), 1);
    CHECK_EQ(handle_install(&b, &o.k, 0, &x), rcQuotaExceeded);
    CHECK_EQ(handle_close(&b, hb), rcOk);
    CHECK_EQ(handle_install(&b, &o.k, 0, &x), rcOk);
    CHECK_EQ(handle_table_destroy(&a), rcOk);
    CHECK_EQ(handle_table_destroy(&b), rcOk);
    CHECK_CLEAN();
}

TEST(prepare_abort_leaves_tables_unchanged)
{
    struct handle_table src, dst;
    CHECK_EQ(handle_table_init(&src, 4), rcOk);
    CHECK_EQ(handle_table_init(&dst, 3), rcOk);
    struct obj o1, o2;
    handle_t h1 = give(&src, &o1, KOBJ_USER, T), h2 = give(&src, &o2, KOBJ_USER, T | C);
    handle_t warm = xfer(&src, h1, 0, &dst); /* move dst's free queue off its start */
    CHECK_EQ(handle_close(&dst, warm), rcOk);
    size_t count = handle_count();
    struct handle_transfer tx[3];
    CHECK_EQ(handle_transfer_prepare(&src, h1, T, &dst, &tx[0]), rcOk);
    CHECK_EQ(handle_transfer_prepare(&src, h2, C, &dst, &tx[1]), rcOk);
    CHECK_EQ(handle_transfer_prepare(&src, h2, 0, &dst, &tx[2]), rcOk);
    CHECK_EQ(handle_table_used(&dst), 3);
    CHECK_EQ(o2.k.refs, 3);
    CHECK_EQ(handle_table_destroy(&dst), rcBusy); /* a pending transfer pins it */
    handle_t v[3] = { tx[0].value, tx[1].value, tx[2].value };
    for (int i = 2; i >= 0; i--)
        handle_transfer_abort(&tx[i]);
    handle_transfer_abort(&tx[0]); /* twice: no-op */
    CHECK_EQ(handle_count(), count);
    CHECK_EQ(handle_table_used(&dst), 0);
    CHECK_EQ(handle_table_used(&src), 2);
    CHECK_EQ(o1.k.refs, 1);
    CHECK_EQ(o2.k.refs, 1);
    CHECK_EQ(handle_lookup(&src, h1, KOBJ_USER, T, NULL, NULL), rcOk);
    CHECK_EQ(handle_lookup(&src, h2, KOBJ_USER, T | C, NULL, NULL), rcOk);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(handle_lookup(&dst, v[i], KOBJ_ANY, 0, NULL, NULL), rcInvalidArgument);
    /* The very same values come out next: the free queue is as it was. */
    for (int i = 0; i < 3; i++) {
        handle_t again;
        CHECK_EQ(handle_install(&dst, &o1.k, 0, &again), rcOk);
        CHECK_EQ(again, v[i]);
    }
    /* A revoke of the source subtree does not disturb the aborted slots: nothing hangs in the tree. */
    CHECK_EQ(handle_revoke(&src, h1), rcOk);
    CHECK_EQ(o1.destroyed, 0); /* dst's installs are roots */
    CHECK_EQ(handle_table_destroy(&dst), rcOk);
    CHECK_EQ(o1.destroyed, 1);
    CHECK_EQ(handle_table_destroy(&src), rcOk);
    CHECK_CLEAN();
}

TEST(source_closed_or_revoked_between_prepare_and_commit)
{
    struct handle_table a, b, c;
    CHECK_EQ(handle_table_init(&a, 4), rcOk);
    CHECK_EQ(handle_table_init(&b, 4), rcOk);
    CHECK_EQ(handle_table_init(&c, 4), rcOk);
    struct obj o;
    handle_t r = give(&a, &o, KOBJ_USER, T | C);
    handle_t m = xfer(&a, r, T, &b);
    struct handle_transfer tx;
    /* The source closes: the reservation moves up to r and commits live. */
    CHECK_EQ(handle_transfer_prepare(&b, m, T, &c, &tx), rcOk);
    CHECK_EQ(handle_close(&b, m), rcOk);
    handle_t got = handle_transfer_commit(&tx);
    CHECK_EQ(handle_lookup(&c, got, KOBJ_USER, T, NULL, NULL), rcOk);
    /* The source is revoked: the committed handle arrives revoked. */
    m = xfer(&a, r, T, &b);
    CHECK_EQ(handle_transfer_prepare(&b, m, 0, &c, &tx), rcOk);
    CHECK_EQ(handle_revoke(&a, r), rcOk); /* m, got and the reservation */
    CHECK_EQ(o.destroyed, 1);
    CHECK_EQ(handle_table_destroy(&c), rcBusy);
    handle_t late = handle_transfer_commit(&tx);
    CHECK(late != HANDLE_INVALID);
    CHECK_EQ(handle_lookup(&c, late, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(handle_lookup(&c, got, KOBJ_ANY, 0, NULL, NULL), rcHandleRevoked);
    CHECK_EQ(handle_close(&c, late), rcOk);
    /* Abort after the source was revoked. */
    struct obj p;
    handle_t pr = give(&a, &p, KOBJ_USER, T);
    CHECK_EQ(handle_transfer_prepare(&a, pr, T, &b, &tx), rcOk);
    CHECK_EQ(handle_revoke(&a, pr), rcOk);
    CHECK_EQ(p.destroyed, 1);
    handle_transfer_abort(&tx);
    CHECK_EQ(handle_table_used(&b), 1); /* m, revoked */
    CHECK_EQ(handle_table_destroy(&a), rcOk);
    CHECK_EQ(handle_table_destroy(&b), rcOk);
    CHECK_EQ(handle_table_destroy(&c), rcOk);
    CHECK_CLEAN();
}

/* Process-like objects own a table; their destroy callback tears it down (process exit). */
struct proc {
    struct kobject k;
    struct handle_table t;
};
static int procs_destroyed, proc_depth, proc_max_depth;
static void proc_destroy(struct kobject *k)
{
    struct proc *p = (struct proc *)k;
    if (++proc_depth > proc_max_depth)
        proc_max_depth = proc_depth;
    procs_destroyed++;
    handle_table_destroy(&p->t);
    free(p);
    proc_depth--;
}

TEST(destroy_releases_everything)
{
    enum { N = 300 };
    struct proc *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = calloc(1, sizeof *p[i]);
        CHECK(p[i] != NULL);
        CHECK_EQ(kobject_init(&p[i]->k, KOBJ_PROCESS, proc_destroy), rcOk);
        CHECK_EQ(handle_table_init(&p[i]->t, 1 + (uint32_t)i % 40), rcOk);
    }
    /* p[i] holds the only handle to p[i+1] (a cascade of exits), and handles to p[0] (a cycle broken
     * only by destroying p[0]'s table) and to shared user objects. */
    struct obj u[4];
    handle_t uh[4];
    struct handle_table hold;
    CHECK_EQ(handle_table_init(&hold, 8), rcOk);
    for (int j = 0; j < 4; j++)
        uh[j] = give(&hold, &u[j], KOBJ_USER, ALL);
    for (int i = 0; i < N; i++) {
        handle_t h;
        if (i + 1 < N) {
            CHECK_EQ(handle_install(&p[i]->t, &p[i + 1]->k, ALL, &h), rcOk);
            kobject_unref(&p[i + 1]->k);
        }
        if (handle_table_used(&p[i]->t) < p[i]->t.capacity)
            CHECK_EQ(handle_install(&p[i]->t, &p[0]->k, ALL, &h), rcOk);
        if (handle_table_used(&p[i]->t) < p[i]->t.capacity)
            CHECK(xfer(&hold, uh[i % 4], ALL, &p[i]->t) != HANDLE_INVALID);
    }
    CHECK_EQ(handle_table_destroy(&hold), rcOk);
    for (int j = 0; j < 4; j++)
        CHECK_EQ(u[j].destroyed, 0);
    procs_destroyed = proc_depth = proc_max_depth = 0;
    struct proc *first = p[0];
    CHECK_EQ(handle_table_destroy(&first->t), rcOk); /* p[0] exits */
    CHECK_EQ(procs_destroyed, N - 1);
    CHECK_EQ(kobject_unref(&first->k), rcOk); /* its last reference: the creator's */
    CHECK_EQ(procs_destroyed, N);
    CHECK_EQ(proc_max_depth, 1);
    for (int j = 0; j < 4; j++)
        CHECK_EQ(u[j].destroyed, 1);
    CHECK_CLEAN();
}

/* A chain of descendants 64 tables x 1000 deep, revoked from a thread with a small stack: a recursive
 * walk would overflow it. */
enum { DEEP_TABLES = 64, DEEP_PER = 1000 };
static struct handle_table deep[DEEP_TABLES];
static handle_t deep_root;
static rc_t deep_rc;
static void *deep_revoke(void *arg)
{
    (void)arg;
    deep_rc = handle_revoke(&deep[0], deep_root);
    return NULL;
}

TEST(deep_revoke_bounded_stack)
{
    for (int i = 0; i < DEEP_TABLES; i++)
        CHECK_EQ(handle_table_init(&deep[i], DEEP_PER), rcOk);
    struct obj o;
    deep_root = give(&deep[0], &o, KOBJ_USER, T);
    handle_t h = deep_root, mid = HANDLE_INVALID, last = HANDLE_INVALID;
    int n = 0;
    for (int k = 1; k < DEEP_TABLES * DEEP_PER; k++) {
        h = xfer(&deep[(k - 1) % DEEP_TABLES], h, T, &deep[k % DEEP_TABLES]);
        CHECK(h != HANDLE_INVALID);
        n++;
        if (k == DEEP_TABLES * DEEP_PER / 2)
            mid = h;
        last = h;
    }
    CHECK_EQ(handle_count(), (size_t)n + 1);
    pthread_attr_t attr;
    pthread_t th;
    CHECK_EQ(pthread_attr_init(&attr), 0);
    CHECK_EQ(pthread_attr_setstacksize(&attr, 128 * 1024), 0);
    CHECK_EQ(pthread_create(&th, &attr, deep_revoke, NULL), 0);
    CHECK_EQ(pthread_join(th, NULL), 0);
    pthread_attr_destroy(&attr);
    CHECK_EQ(deep_rc, rcOk);
    CHECK_EQ(o.destroyed, 1);
    CHECK_EQ(handle_lookup(&deep[(DEEP_TABLES * DEEP_PER / 2) % DEEP_TABLES], mid, KOBJ_ANY, 0, NULL,
                           NULL), rcHandleRevoked);
    CHECK_EQ(handle_lookup(&deep[(DEEP_TABLES * DEEP_PER - 1) % DEEP_TABLES], last, KOBJ_ANY, 0, NULL,
                           NULL), rcHandleRevoked);
    CHECK_EQ(handle_count(), (size_t)n);
    for (int i = 0; i < DEEP_TABLES; i++)
        CHECK_EQ(handle_table_destroy(&deep[i]), rcOk);
    CHECK_CLEAN();
}

/* ---- randomized run against a model: every handle ever issued, its table, object, rights, state
 * and parent; expected results are computed from the model alone. ---- */
enum { MT = 4, MO = 6, MCAP = 12, MAXN = 8000, MOPS = 5000 };
enum { M_CLOSED, M_LIVE, M_REVOKED };
struct mnode {
    int t;            /* -1: its table was re-created, the value means nothing any more */
    handle_t v;
    int o;
    uint32_t rights;
    int st;
    int pend;         /* reserved by a transfer not yet committed: invisible */
    int parent;
};
static struct mnode mn[MAXN];
static int nn;
static struct handle_table mtab[MT];
static struct obj mobj[MO];
static int mheld[MO], mdead[MO];
static uint64_t mrng;

static uint32_t rnd(uint32_t n)
{
    mrng ^= mrng << 13, mrng ^= mrng >> 7, mrng ^= mrng << 17;
    return (uint32_t)(mrng % n);
}
/* Mostly with the transfer and copy rights, so inheritance trees grow deep. */
static uint32_t rnd_rights(void)
{
    return (uint32_t)rnd(1u << 5) | (rnd(4) ? T | C : 0) | (rnd(4) == 0 ? VG_RIGHT_SPEC(1) : 0);
}
enum { MPEND = 4 };
static struct handle_transfer mtx[MPEND];
static int mtx_node[MPEND]; /* -1: no transfer pending in this slot */

static int m_used(int t)
{
    int n = 0;
    for (int i = 0; i < nn; i++)
        n += mn[i].t == t && mn[i].st != M_CLOSED;
    return n;
}
static uint32_t m_refs(int o)
{
    uint32_t n = (uint32_t)mheld[o];
    for (int i = 0; i < nn; i++)
        n += mn[i].o == o && mn[i].st == M_LIVE;
    return n;
}
static int m_add(int t, handle_t v, int o, uint32_t rights, int parent)
{
    mn[nn] = (struct mnode){ t, v, o, rights, M_LIVE, 0, parent };
    return nn++;
}
static void m_close(int x)
{
    for (int i = 0; i < nn; i++)
        if (mn[i].parent == x)
            mn[i].parent = mn[x].parent;
    mn[x].st = M_CLOSED;
    mn[x].parent = -1;
}
static int m_is_desc(int y, int anc)
{
    for (int p = mn[y].parent; p >= 0; p = mn[p].parent)
        if (p == anc)
            return 1;
    return 0;
}
static void m_revoke(int x)
{
    static int hit[MAXN];
    for (int i = 0; i < nn; i++)
        hit[i] = mn[i].st == M_LIVE && m_is_desc(i, x);
    for (int i = 0; i < nn; i++)
        if (hit[i])
            mn[i].st = M_REVOKED, mn[i].parent = -1;
    m_close(x);
}
static rc_t m_find(int x, uint32_t type, uint32_t needed)
{
    if (x < 0 || mn[x].st == M_CLOSED || mn[x].pend)
        return rcInvalidArgument;
    if (mn[x].st == M_REVOKED)
        return rcHandleRevoked;
    if (type != KOBJ_ANY && mobj[mn[x].o].k.type != type)
        return rcInvalidArgument;
    return needed & ~mn[x].rights ? rcNoCapability : rcOk;
}
/* The open node a (table, value) names, or -1. */
static int m_node(int t, handle_t v)
{
    for (int i = 0; i < nn; i++)
        if (mn[i].t == t && mn[i].v == v && mn[i].st != M_CLOSED)
            return i;
    return -1;
}
static void m_new_obj(int o)
{
    memset(&mobj[o], 0, sizeof mobj[o]);
    kobject_init(&mobj[o].k, 1 + rnd(KOBJ_TYPE_COUNT - 1), obj_destroy);
    mheld[o] = 1;
    mdead[o] = 0;
}

TEST(randomized_against_model)
{
    for (uint64_t seed = 1; seed <= 8; seed++) {
        mrng = 0x9e3779b97f4a7c15ull * seed;
        nn = 0;
        for (int t = 0; t < MT; t++)
            CHECK_EQ(handle_table_init(&mtab[t], MCAP), rcOk);
        for (int o = 0; o < MO; o++)
            m_new_obj(o);
        for (int i = 0; i < MPEND; i++)
            mtx_node[i] = -1;
        for (int op = 0; op < MOPS && nn < MAXN - 1; op++) {
            /* A handle to act on: mostly one ever issued (any state), sometimes a forged value. */
            int t = (int)rnd(MT), x = -1;
            handle_t v = rnd(1u << 16);
            int tries = nn > 0 && rnd(10) != 0 ? (rnd(4) ? 20 : 1) : 0; /* 0: forged */
            for (; tries > 0; tries--) {
                int i = (int)rnd((uint32_t)nn);
                if (mn[i].t >= 0 && (tries == 1 || mn[i].st != M_CLOSED)) {
                    t = mn[i].t, v = mn[i].v;
                    break;
                }
            }
            x = m_node(t, v);
            uint32_t rights = rnd(2) && x >= 0 ? mn[x].rights & rnd_rights() : rnd_rights();
            uint32_t type = rnd(3) ? KOBJ_ANY : rnd(KOBJ_TYPE_COUNT);
            struct handle_table *tab = &mtab[t];
            int slot = (int)rnd(MPEND);
            handle_t out = HANDLE_INVALID;
            rc_t got, want;
            static const int weights[] = { 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9 };
            switch (weights[rnd(sizeof weights / sizeof weights[0])]) {
            case 0: { /* install */
                int o = (int)rnd(MO);
                if (mdead[o])
                    break;
                want = m_used(t) == MCAP ? rcQuotaExceeded : rcOk;
                got = handle_install(tab, &mobj[o].k, rights, &out);
                CHECK_EQ(got, want);
                if (got == rcOk)
                    m_add(t, out, o, rights, -1);
                break;
            }
            case 1: /* copy */
                want = m_find(x, KOBJ_ANY, VG_RIGHT_COPY);
                if (want == rcOk && (rights & ~mn[x].rights))
                    want = rcNoCapability;
                if (want == rcOk && m_used(t) == MCAP)
                    want = rcQuotaExceeded;
                got = handle_copy(tab, v, rights, &out);
                CHECK_EQ(got, want);
                if (got == rcOk)
                    m_add(t, out, mn[x].o, rights, x);
                break;
            case 2: { /* transfer: committed, aborted, or left pending for later */
                int d = (int)rnd(MT);
                want = m_find(x, KOBJ_ANY, VG_RIGHT_TRANSFER);
                if (want == rcOk && (rights & ~mn[x].rights))
                    want = rcNoCapability;
                if (want == rcOk && m_used(d) == MCAP)
                    want = rcQuotaExceeded;
                if (mtx_node[slot] >= 0)
                    break;
                got = handle_transfer_prepare(tab, v, rights, &mtab[d], &mtx[slot]);
                CHECK_EQ(got, want);
                if (got != rcOk)
                    break;
                CHECK_EQ(mtx[slot].sid, mobj[mn[x].o].k.sid);
                CHECK_EQ(mtx[slot].rights, rights);
                mtx_node[slot] = m_add(d, mtx[slot].value, mn[x].o, rights, x);
                mn[mtx_node[slot]].pend = 1;
                if (rnd(3) == 0)
                    break; /* else resolve it at once */
            }
                __attribute__((fallthrough));
            case 8: { /* commit or abort a pending transfer */
                int y = mtx_node[slot];
                if (y < 0)
                    break;
                mtx_node[slot] = -1;
                if (rnd(3) == 0) {
                    handle_transfer_abort(&mtx[slot]);
                    m_close(y);
                    mn[y].t = -1; /* never seen: its value will be handed out again */
                } else {
                    CHECK_EQ(handle_transfer_commit(&mtx[slot]), mn[y].v);
                    mn[y].pend = 0;
                }
                break;
            }
            case 3: /* close */
                want = x < 0 || mn[x].pend ? rcInvalidArgument : rcOk;
                CHECK_EQ(handle_close(tab, v), want);
                if (want == rcOk)
                    m_close(x);
                break;
            case 4: /* revoke */
                want = x < 0 || mn[x].pend ? rcInvalidArgument
                       : mn[x].st == M_REVOKED ? rcHandleRevoked : rcOk;
                CHECK_EQ(handle_revoke(tab, v), want);
                if (want == rcOk)
                    m_revoke(x);
                break;
            case 5: { /* lookup */
                struct kobject *k = NULL;
                uint32_t r = 0;
                want = m_find(x, type, rights);
                CHECK_EQ(handle_lookup(tab, v, type, rights, &k, &r), want);
                if (want == rcOk) {
                    CHECK(k == &mobj[mn[x].o].k);
                    CHECK_EQ(r, mn[x].rights);
                }
                break;
            }
            case 6: { /* the creator lets go, or a dead object is made again */
                int o = (int)rnd(MO);
                if (mheld[o]) {
                    mheld[o] = 0;
                    CHECK_EQ(kobject_unref(&mobj[o].k), rcOk);
                } else if (mdead[o]) {
                    m_new_obj(o);
                }
                break;
            }
            case 7: { /* process exit and a new process in its place */
                if (rnd(20) != 0)
                    break;
                int busy = 0;
                for (int i = 0; i < MPEND; i++)
                    busy |= mtx_node[i] >= 0 && mn[mtx_node[i]].t == t;
                CHECK_EQ(handle_table_destroy(tab), busy ? rcBusy : rcOk);
                if (busy)
                    break;
                for (int i = 0; i < nn; i++)
                    if (mn[i].t == t && mn[i].st != M_CLOSED)
                        m_close(i);
                for (int i = 0; i < nn; i++)
                    if (mn[i].t == t)
                        mn[i].t = -1;
                CHECK_EQ(handle_table_init(tab, MCAP), rcOk);
                break;
            }
            default: /* sweep: every value ever issued answers as the model says */
                for (int i = 0; i < nn; i++) {
                    if (mn[i].t < 0)
                        continue;
                    uint32_t r = 0;
                    CHECK_EQ(handle_lookup(&mtab[mn[i].t], mn[i].v, KOBJ_ANY, 0, NULL, &r),
                             m_find(i, KOBJ_ANY, 0));
                    if (mn[i].st == M_LIVE && !mn[i].pend)
                        CHECK_EQ(r, mn[i].rights);
                }
                break;
            }
            for (int o = 0; o < MO; o++) {
                if (!mdead[o] && m_refs(o) == 0)
                    mdead[o] = 1;
                CHECK_EQ(mobj[o].destroyed, mdead[o]);
                if (!mdead[o])
                    CHECK_EQ(mobj[o].k.refs, m_refs(o));
            }
            for (int u = 0; u < MT; u++)
                CHECK_EQ(handle_table_used(&mtab[u]), m_used(u));
        }
        for (int i = 0; i < MPEND; i++)
            handle_transfer_abort(&mtx[i]);
        for (int t = 0; t < MT; t++)
            CHECK_EQ(handle_table_destroy(&mtab[t]), rcOk);
        for (int o = 0; o < MO; o++)
            if (mheld[o])
                CHECK_EQ(kobject_unref(&mobj[o].k), rcOk);
        for (int o = 0; o < MO; o++)
            CHECK_EQ(mobj[o].destroyed, 1);
        CHECK_CLEAN();
    }
}

/* Every object's SID reaches the release hook (the kernel tells the KSM with it) after the object's
 * destroy callback, while the SID is still live, and before it can be handed out again: not only
 * processes' (a recycled SID inherited the dead one's Flow/Mic/HashSet/StaticMap state). */
static sid_t released[16];
static int nreleased, released_live;

static void on_release(sid_t sid)
{
    if (nreleased < 16)
        released[nreleased++] = sid;
    released_live += sid_is_live(sid);
}

TEST(every_object_releases_its_sid_context)
{
    CHECK_EQ(sid_reset(8), rcOk); /* a pool of 6: SIDs come back after a few objects */
    kobject_set_sid_release(on_release);
    nreleased = released_live = 0;
    static const uint32_t types[] = {KOBJ_CHANNEL_CLIENT, KOBJ_CHANNEL_SERVER, KOBJ_LISTENER, KOBJ_IPC_SYNC,
                                     KOBJ_USER, KOBJ_PROCESS};
    sid_t first = SID_INVALID;
    for (unsigned round = 0; round < 2; round++) {
        for (unsigned i = 0; i < 6; i++) {
            struct obj o;
            memset(&o, 0, sizeof o);
            CHECK_EQ(kobject_init(&o.k, types[i], obj_destroy), rcOk);
            if (round == 0 && i == 0)
                first = o.k.sid;
            sid_t sid = o.k.sid;
            int before = nreleased;
            CHECK_EQ(kobject_unref(&o.k), rcOk);
            CHECK_EQ(nreleased, before + 1);
            CHECK_EQ(released[nreleased - 1 < 16 ? nreleased - 1 : 15], sid);
            CHECK_EQ(o.destroyed, 1);
        }
    }
    CHECK_EQ(nreleased, 12);
    CHECK_EQ(released_live, 12);       /* told while the SID is still the dead object's */
    CHECK_EQ(released[6], first);      /* the pool cycled: the same SID again, released again */
    kobject_set_sid_release(NULL);
    CHECK_EQ(sid_reset(0), rcOk);
    CHECK_CLEAN();
}

int main(void)
{
    if (handle_init(&pages) != rcOk) {
        printf("FAIL handle_init\n");
        return 1;
    }
    RUN(sid_pool);
    RUN(kobject_lifetime);
    RUN(kobject_destroy_chain_does_not_nest);
    RUN(table_init_errors_and_memory);
    RUN(values_forged_stale_closed_wrong_type);
    RUN(index_equal_to_capacity_names_nothing);
    RUN(generation_wraps_past_zero);
    RUN(copy_narrows_never_widens);
    RUN(transfer_rights);
    RUN(revoke_descendants_in_other_tables);
    RUN(close_hands_children_up);
    RUN(table_full_is_quota_exceeded);
    RUN(prepare_abort_leaves_tables_unchanged);
    RUN(source_closed_or_revoked_between_prepare_and_commit);
    RUN(destroy_releases_everything);
    RUN(deep_revoke_bounded_stack);
    RUN(randomized_against_model);
    RUN(every_object_releases_its_sid_context);
    return check_summary();
}
