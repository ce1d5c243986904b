/* Handle tables. A table is an array of slots split into chunks from one kcache (taken whole at init).
 * Free slots form a FIFO through free_next, so a closed slot is reused as late as possible and stale
 * values stay detectable longer; the generation grows on every close and skips 0 when it wraps
 * (after 2^22 - 1 reuses of one slot a value kept that long would be valid again).
 * The inheritance tree links slots directly (parent, first child, siblings), across tables: slots never
 * move while their table lives, and a slot leaves every tree before it is freed. Object references are
 * released inside kobject_defer_begin/end so destroy callbacks never see a half-updated tree. */
#include "kernel/handle.h"
#include "kernel/handle_slot.h"

#define INDEX_MASK (HANDLE_TABLE_MAX - 1u)
#define GEN_MAX    ((1u << (32u - HANDLE_INDEX_BITS)) - 1u)
#define NO_SLOT    UINT32_MAX

_Static_assert(HANDLE_TABLE_MAX % HANDLE_CHUNK_SLOTS == 0, "whole chunks");
_Static_assert(HANDLE_TABLE_MAX <= 65536u, "index fits in uint16_t");
/* Two chunks per kcache page (which holds 4096 bytes minus a slab header of under 100). */
_Static_assert(sizeof(struct handle_chunk) <= 1984u, "two chunks per page");

uint64_t handle_epoch = 1; /* handle.h; a cache entry of epoch 0 (all zero) never holds */
static struct kcache chunk_cache;
static bool chunk_cache_ready;
static size_t slots_used; /* over all tables */

rc_t handle_init(const struct kcache_pages *pages)
{
    if (chunk_cache_ready && kcache_in_use(&chunk_cache) != 0)
        return rcBusy;
    rc_t rc = kcache_init(&chunk_cache, "handle-chunk", sizeof(struct handle_chunk), 0, pages);
    chunk_cache_ready = rc == rcOk;
    return rc;
}

size_t handle_count(void) { return slots_used; }
size_t handle_chunks_in_use(void) { return chunk_cache_ready ? kcache_in_use(&chunk_cache) : 0; }
uint32_t handle_table_used(const struct handle_table *t) { return t->used; }

static handle_t value_of(const struct handle *e) { return e->gen << HANDLE_INDEX_BITS | e->index; }

/* The slot a value names, or NULL for a forged, stale, closed or pending value. */
static struct handle *entry_of(const struct handle_table *t, handle_t h)
{
    uint32_t index = h & INDEX_MASK;
    if (index >= t->capacity)
        return NULL;
    struct handle *e = slot_at(t, index);
    if (e->state == SLOT_FREE || e->pending || e->gen != h >> HANDLE_INDEX_BITS)
        return NULL;
    return e;
}

const void *handle_slot(const struct handle_table *t, handle_t h) { return entry_of(t, h); }

static rc_t find(const struct handle_table *t, handle_t h, uint32_t type, uint32_t needed,
                 struct handle **out)
{
    struct handle *e = entry_of(t, h);
    if (e == NULL)
        return rcInvalidArgument;
    if (e->state == SLOT_REVOKED)
        return rcHandleRevoked;
    if (type != KOBJ_ANY && e->obj->type != type)
        return rcInvalidArgument;
    if (needed & ~e->rights)
        return rcNoCapability;
    *out = e;
    return rcOk;
}

/* ---- free queue ---- */

static struct handle *take_slot(struct handle_table *t)
{
    if (t->used >= t->capacity || t->free_head == NO_SLOT)
        return NULL;
    struct handle *e = slot_at(t, t->free_head);
    t->free_head = e->free_next;
    if (t->free_head == NO_SLOT)
        t->free_tail = NO_SLOT;
    e->free_next = NO_SLOT;
    t->used++;
    slots_used++;
    return e;
}

/* Back at the tail with a new generation (a close), or at the head as it was (an abort, whose value
 * nobody has seen). */
static void give_slot(struct handle_table *t, struct handle *e, bool unseen)
{
    handle_epoch++;
    e->obj = NULL;
    e->rights = 0;
    e->state = SLOT_FREE;
    e->pending = 0;
    if (unseen) {
        e->free_next = t->free_head;
        t->free_head = e->index;
        if (t->free_tail == NO_SLOT)
            t->free_tail = e->index;
    } else {
        e->gen = e->gen == GEN_MAX ? 1u : e->gen + 1u;
        e->free_next = NO_SLOT;
        if (t->free_tail == NO_SLOT)
            t->free_head = e->index;
        else
            slot_at(t, t->free_tail)->free_next = e->index;
        t->free_tail = e->index;
    }
    t->used--;
    slots_used--;
}

/* ---- inheritance tree ---- */

static void link_child(struct handle *parent, struct handle *c)
{
    c->parent = parent;
    c->prev = NULL;
    c->next = parent->child;
    if (parent->child != NULL)
        parent->child->prev = c;
    parent->child = c;
}

static void unlink_node(struct handle *c)
{
    if (c->prev != NULL)
        c->prev->next = c->next;
    else if (c->parent != NULL)
        c->parent->child = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    c->parent = c->next = c->prev = NULL;
}

/* e's children become children of e's parent (or roots). */
static void hand_children_up(struct handle *e)
{
    struct handle *c = e->child;
    e->child = NULL;
    while (c != NULL) {
        struct handle *n = c->next;
        c->parent = c->next = c->prev = NULL;
        if (e->parent != NULL)
            link_child(e->parent, c);
        c = n;
    }
}

/* Within kobject_defer_begin/end. */
static void close_entry(struct handle_table *t, struct handle *e)
{
    struct kobject *obj = e->obj;
    if (obj != NULL && obj->watchers != NULL && kobject_watch != NULL)
        kobject_watch->handle_closed(obj, e);
    hand_children_up(e);
    unlink_node(e);
    give_slot(t, e, false);
    if (obj != NULL)
        kobject_unref(obj);
}

/* Revokes every descendant of root, deepest first, climbing back through parent links: each edge is
 * walked down once and up once, and the C stack does not grow with the depth. Within defer. */
static void revoke_descendants(struct handle *root)
{
    struct handle *n = root->child;
    handle_epoch++;
    while (n != NULL) {
        while (n->child != NULL)
            n = n->child;
        struct handle *p = n->parent;
        unlink_node(n);
        if (n->obj->watchers != NULL && kobject_watch != NULL)
            kobject_watch->handle_revoked(n->obj, n);
        kobject_unref(n->obj);
        n->obj = NULL;
        n->rights = 0;
        n->state = SLOT_REVOKED;
        n = p == root ? root->child : p;
    }
}

/* ---- tables ---- */

rc_t handle_table_init(struct handle_table *t, uint32_t capacity)
{
    if (capacity == 0 || capacity > HANDLE_TABLE_MAX)
        return rcInvalidArgument;
    if (!chunk_cache_ready)
        return rcNotReady;
    uint32_t nchunks = (capacity + HANDLE_CHUNK_SLOTS - 1u) / HANDLE_CHUNK_SLOTS;
    for (uint32_t c = 0; c < nchunks; c++) {
        t->chunks[c] = kcache_alloc(&chunk_cache);
        if (t->chunks[c] == NULL) {
            while (c-- > 0)
                kcache_free(&chunk_cache, t->chunks[c]);
            return rcOutOfMemory;
        }
    }
    for (uint32_t c = nchunks; c < HANDLE_TABLE_CHUNKS; c++)
        t->chunks[c] = NULL;
    t->capacity = capacity;
    t->nchunks = nchunks;
    t->used = 0;
    t->pending = 0;
    t->dead = false;
    for (uint32_t i = 0; i < capacity; i++) {
        struct handle *e = slot_at(t, i); /* zeroed by kcache */
        e->gen = 1;
        e->index = (uint16_t)i;
        e->free_next = i + 1 < capacity ? i + 1 : NO_SLOT;
    }
    t->free_head = 0;
    t->free_tail = capacity - 1u;
    return rcOk;
}

rc_t handle_table_destroy(struct handle_table *t)
{
    if (t->dead)
        return rcOk;
    if (t->pending != 0)
        return rcBusy;
    t->dead = true; /* from here on nothing can be added, even by a destroy callback */
    kobject_defer_begin();
    for (uint32_t i = 0; i < t->capacity; i++) {
        struct handle *e = slot_at(t, i);
        if (e->state != SLOT_FREE)
            close_entry(t, e);
    }
    for (uint32_t c = 0; c < t->nchunks; c++) {
        kcache_free(&chunk_cache, t->chunks[c]);
        t->chunks[c] = NULL;
    }
    t->capacity = 0;
    t->nchunks = 0;
    t->free_head = t->free_tail = NO_SLOT;
    kobject_defer_end(); /* callbacks run with this table already empty */
    return rcOk;
}

/* ---- operations ---- */

rc_t handle_install(struct handle_table *t, struct kobject *obj, uint32_t rights, handle_t *out)
{
    if (obj == NULL || obj->refs == 0 || out == NULL)
        return rcInvalidArgument;
    if (t->dead)
        return rcNotConnected;
    struct handle *e = take_slot(t);
    if (e == NULL)
        return rcQuotaExceeded;
    kobject_ref(obj);
    e->obj = obj;
    e->rights = rights;
    e->state = SLOT_LIVE;
    *out = value_of(e);
    return rcOk;
}

rc_t handle_lookup(struct handle_table *t, handle_t h, uint32_t type, uint32_t needed_rights,
                   struct kobject **obj_out, uint32_t *rights_out)
{
    struct handle *e;
    rc_t rc = find(t, h, type, needed_rights, &e);
    if (rc != rcOk)
        return rc;
    if (obj_out != NULL)
        *obj_out = e->obj;
    if (rights_out != NULL)
        *rights_out = e->rights;
    return rcOk;
}

rc_t handle_get_sid(struct handle_table *t, handle_t h, sid_t *out)
{
    struct handle *e;
    rc_t rc = find(t, h, KOBJ_ANY, VG_RIGHT_GET_SID, &e);
    if (rc == rcOk)
        *out = e->obj->sid;
    return rc;
}

/* A LIVE descendant of src in t with `rights`, or NULL when t is full. */
static struct handle *add_child(struct handle_table *t, struct handle *src, uint32_t rights)
{
    struct handle *e = take_slot(t);
    if (e == NULL)
        return NULL;
    kobject_ref(src->obj);
    e->obj = src->obj;
    e->rights = rights;
    e->state = SLOT_LIVE;
    link_child(src, e);
    return e;
}

rc_t handle_copy(struct handle_table *t, handle_t h, uint32_t rights, handle_t *out)
{
    struct handle *src;
    rc_t rc = find(t, h, KOBJ_ANY, VG_RIGHT_COPY, &src);
    if (rc != rcOk)
        return rc;
    if (rights & ~src->rights)
        return rcNoCapability;
    if (out == NULL)
        return rcInvalidArgument;
    struct handle *e = add_child(t, src, rights);
    if (e == NULL)
        return rcQuotaExceeded;
    *out = value_of(e);
    return rcOk;
}

rc_t handle_close(struct handle_table *t, handle_t h)
{
    struct handle *e = entry_of(t, h);
    if (e == NULL)
        return rcInvalidArgument;
    kobject_defer_begin();
    close_entry(t, e);
    kobject_defer_end();
    return rcOk;
}

rc_t handle_revoke(struct handle_table *t, handle_t h)
{
    struct handle *e = entry_of(t, h);
    if (e == NULL)
        return rcInvalidArgument;
    if (e->state == SLOT_REVOKED)
        return rcHandleRevoked;
    kobject_defer_begin();
    revoke_descendants(e);
    close_entry(t, e);
    kobject_defer_end();
    return rcOk;
}

rc_t handle_transfer_prepare(struct handle_table *src, handle_t h, uint32_t rights,
                             struct handle_table *dst, struct handle_transfer *tx)
{
    struct handle *s;
    rc_t rc = find(src, h, KOBJ_ANY, VG_RIGHT_TRANSFER, &s);
    if (rc != rcOk)
        return rc;
    if (rights & ~s->rights)
        return rcNoCapability;
    if (tx == NULL)
        return rcInvalidArgument;
    if (dst->dead)
        return rcNotConnected;
    struct handle *e = add_child(dst, s, rights);
    if (e == NULL)
        return rcQuotaExceeded;
    e->pending = 1;
    dst->pending++;
    tx->dst = dst;
    tx->index = e->index;
    tx->value = value_of(e);
    tx->sid = e->obj->sid;
    tx->type = e->obj->type;
    tx->rights = rights;
    return rcOk;
}

handle_t handle_transfer_commit(struct handle_transfer *tx)
{
    if (tx->dst == NULL)
        return HANDLE_INVALID;
    struct handle *e = slot_at(tx->dst, tx->index);
    e->pending = 0; /* live, or revoked if its source was revoked meanwhile */
    tx->dst->pending--;
    tx->dst = NULL;
    return tx->value;
}

void handle_transfer_abort(struct handle_transfer *tx)
{
    if (tx->dst == NULL)
        return;
    struct handle_table *t = tx->dst;
    struct handle *e = slot_at(t, tx->index);
    struct kobject *obj = e->obj; /* NULL if revoked meanwhile */
    kobject_defer_begin();
    hand_children_up(e); /* a pending slot has none; kept so the tree can never dangle */
    unlink_node(e);
    give_slot(t, e, true);
    t->pending--;
    tx->dst = NULL;
    if (obj != NULL)
        kobject_unref(obj);
    kobject_defer_end();
}

void handle_table_for_each(struct handle_table *t, void (*fn)(struct kobject *obj, void *arg), void *arg)
{
    for (uint32_t i = 0; i < t->capacity; i++) {
        struct handle *e = slot_at(t, i);
        if (e->state == SLOT_LIVE && !e->pending && e->obj != NULL)
            fn(e->obj, arg);
    }
}
