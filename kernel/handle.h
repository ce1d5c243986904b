/* Per-process handle tables: a handle value names (object, rights) inside one table only.
 * - Value = generation << HANDLE_INDEX_BITS | slot index, generation >= 1, so 0 (and every value below
 *   1024) is never valid, and a value kept after its slot was closed and reused fails.
 * - Each table has a fixed capacity (the process's handle limit, <= HANDLE_TABLE_MAX) and takes all its
 *   memory at handle_table_init: later operations never fail for lack of memory, only with
 *   rcQuotaExceeded when the table is full. Revoked handles and pending transfers count against it.
 * - Copies and transfers are descendants in the object's inheritance tree, whatever table they live in.
 *   handle_revoke revokes every descendant (they stay allocated, failing with rcHandleRevoked, until
 *   closed) and closes the handle. handle_close moves the closed handle's children up to its parent,
 *   so an ancestor can still revoke them (a closed root leaves its children as roots).
 * - Rights only narrow: asking a copy or transfer for a right the source lacks is rcNoCapability, as
 *   is using a handle without a needed right. Forged, stale, closed values and a wrong type are
 *   rcInvalidArgument. See docs/handles.md. Pointers out of a lookup are borrowed: take a reference
 *   (kobject_ref) to keep one past the caller's serialised section. No locking: callers serialise. */
#ifndef KERNEL_HANDLE_H
#define KERNEL_HANDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>
#include <vigil/rights.h>
#include "kernel/kcache.h"
#include "kernel/kobject.h"

typedef uint32_t handle_t;   /* the same values as vg_handle_t */

#define HANDLE_INVALID      0u
#define HANDLE_INDEX_BITS   10u
#define HANDLE_TABLE_MAX    (1u << HANDLE_INDEX_BITS)  /* largest capacity */
#define HANDLE_CHUNK_SLOTS  16u                        /* slots per chunk of table memory */
#define HANDLE_TABLE_CHUNKS (HANDLE_TABLE_MAX / HANDLE_CHUNK_SLOTS)

struct handle_chunk;

/* Grows whenever a handle value stops naming what it named: a slot closed (freed), revoked, or its
 * table destroyed. A cache of lookups (the IPC fastpath's, kernel/ipc_fast.c) holds while it is
 * unchanged; a new handle changes no existing value, so installs and transfers leave it. */
extern uint64_t handle_epoch;

struct handle_table {        /* embed in the process; contents private */
    struct handle_chunk *chunks[HANDLE_TABLE_CHUNKS];
    uint32_t capacity;
    uint32_t nchunks;
    uint32_t used;           /* slots not free: live, revoked and reserved */
    uint32_t pending;        /* reserved by handle_transfer_prepare, not yet committed or aborted */
    uint32_t free_head, free_tail;
    bool dead;               /* destroyed: nothing can be added */
};

/* A reserved slot in the destination table between prepare and commit/abort. After prepare, sid,
 * type and rights describe the handle the receiver will get (for the KSM's view of the message). */
struct handle_transfer {
    struct handle_table *dst;   /* NULL once committed or aborted */
    uint32_t index;
    handle_t value;             /* the value the receiver will get */
    sid_t sid;
    uint32_t type;
    uint32_t rights;
};

/* Once at boot (the kernel passes &kheap_pages): the cache table memory comes from.
 * rcInvalidArgument for a provider kcache refuses. */
rc_t handle_init(const struct kcache_pages *pages);

/* rcInvalidArgument for capacity 0 or above HANDLE_TABLE_MAX; rcOutOfMemory (nothing kept) when
 * table memory cannot be had. */
rc_t handle_table_init(struct handle_table *t, uint32_t capacity);
/* Process exit: closes every handle (releasing the object references; destroy callbacks run before it
 * returns), gives back the table's memory and marks it dead: lookups fail, installs and transfers into
 * it are rcNotConnected. A second call is rcOk and does nothing. rcBusy (nothing changes) while a
 * transfer into it is pending: commit or abort first. */
rc_t handle_table_destroy(struct handle_table *t);
uint32_t handle_table_used(const struct handle_table *t);

/* A new root handle to obj (takes a reference). rcInvalidArgument for a NULL or dead object,
 * rcQuotaExceeded when full, rcNotConnected for a dead table. */
rc_t handle_install(struct handle_table *t, struct kobject *obj, uint32_t rights, handle_t *out);

/* type: an enum kobject_type or KOBJ_ANY. obj_out and rights_out may be NULL. Errors, in this order:
 * rcInvalidArgument (0, forged, stale, closed, pending value), rcHandleRevoked, rcInvalidArgument
 * (wrong type), rcNoCapability (a bit of needed_rights missing). */
/* The slot of a live handle value, only to be compared with the one kobject_watch reports (NULL for a
 * value handle_lookup refuses as forged, stale or closed). */
const void *handle_slot(const struct handle_table *t, handle_t h);
rc_t handle_lookup(struct handle_table *t, handle_t h, uint32_t type, uint32_t needed_rights,
                   struct kobject **obj_out, uint32_t *rights_out);
/* The object's SID; needs VG_RIGHT_GET_SID. */
rc_t handle_get_sid(struct handle_table *t, handle_t h, sid_t *out);

/* A descendant of h in the same table with `rights` (a subset of h's). Needs VG_RIGHT_COPY. */
rc_t handle_copy(struct handle_table *t, handle_t h, uint32_t rights, handle_t *out);

/* rcInvalidArgument for a forged/stale/closed/pending value. A revoked handle can be closed. */
rc_t handle_close(struct handle_table *t, handle_t h);
/* Revokes all descendants of h in every table, then closes h. No right needed: the holder of a
 * handle may always take back what it gave. rcHandleRevoked (nothing changes) for a revoked h. */
rc_t handle_revoke(struct handle_table *t, handle_t h);

/* Phase 1 of sending h (from src) as a descendant with `rights` into dst: checks everything (value,
 * type-independent, VG_RIGHT_TRANSFER, narrowing, dst alive and not full) and reserves dst's slot,
 * invisible to lookups. src may equal dst. Errors leave both tables unchanged. Several prepares for one
 * message are aborted in reverse order to restore the tables exactly (the next values included).
 * Between prepare and commit the source may be closed (the reservation moves up the tree) or revoked
 * (the committed handle arrives revoked). */
rc_t handle_transfer_prepare(struct handle_table *src, handle_t h, uint32_t rights,
                             struct handle_table *dst, struct handle_transfer *tx);
/* Phase 2, cannot fail: the reservation becomes the receiver's handle; returns its value
 * (HANDLE_INVALID for a tx already committed or aborted). */
handle_t handle_transfer_commit(struct handle_transfer *tx);
/* Gives the slot and the reference back; a no-op for a tx already committed or aborted. */
void handle_transfer_abort(struct handle_transfer *tx);

/* fn(obj, arg) for the object of every live (not revoked, not pending) handle of t (invariant checks). */
void handle_table_for_each(struct handle_table *t, void (*fn)(struct kobject *obj, void *arg), void *arg);

/* Leak checks: slots not free over all tables; chunks of table memory held. */
size_t handle_count(void);
size_t handle_chunks_in_use(void);

#endif
