/* The layout of a handle table's slots, private to kernel/handle.c but for the IPC fastpath's inline
 * lookup (handle_fast_lookup, kernel/ipc_fast.c), which must read a slot in a few loads and decide
 * exactly as handle.c's lookups do. */
#ifndef KERNEL_HANDLE_SLOT_H
#define KERNEL_HANDLE_SLOT_H

#include "kernel/handle.h"

enum { SLOT_FREE, SLOT_LIVE, SLOT_REVOKED };

struct handle {
    struct kobject *obj;           /* NULL when free or revoked */
    struct handle *parent;         /* inheritance tree; a root has no parent and no siblings */
    struct handle *child;          /* first child */
    struct handle *next, *prev;    /* siblings */
    uint32_t rights;
    uint32_t free_next;            /* free queue link (slot index) */
    /* One aligned word that a lookup compares at once (handle_fast_lookup). */
    uint32_t gen;                  /* 1..GEN_MAX */
    uint8_t state;
    uint8_t pending;               /* reserved by a transfer: invisible to lookups */
    uint16_t index;
    uint64_t pad;                  /* 64 bytes: a slot's address is a shift */
};
_Static_assert(sizeof(struct handle) == 64, "slot size");
_Static_assert(__builtin_offsetof(struct handle, gen) % 8 == 0 &&
               __builtin_offsetof(struct handle, pending) == __builtin_offsetof(struct handle, gen) + 5,
               "gen, state and pending share one word");

struct handle_chunk {
    struct handle slot[HANDLE_CHUNK_SLOTS];
};

static inline struct handle *slot_at(const struct handle_table *t, uint32_t index)
{
    return &t->chunks[index / HANDLE_CHUNK_SLOTS]->slot[index % HANDLE_CHUNK_SLOTS];
}

/* The object and rights of a live handle (not free, revoked or pending, of this generation), or NULL:
 * the general path's lookup then gives the error. */
static inline struct kobject *handle_fast_lookup(const struct handle_table *t, handle_t h, uint32_t *rights)
{
    uint32_t index = h & (HANDLE_TABLE_MAX - 1u);
    if (index >= t->capacity)
        return NULL;
    const struct handle *e = slot_at(t, index);
    /* gen, state == SLOT_LIVE and pending == 0, in the word's low 48 bits (little-endian) */
    uint64_t word;
    __builtin_memcpy(&word, &e->gen, sizeof word);
    if ((word & 0xffffffffffffull) != ((uint64_t)(h >> HANDLE_INDEX_BITS) | (uint64_t)SLOT_LIVE << 32))
        return NULL;
    *rights = e->rights;
    return e->obj;
}

#endif
