/* Fast decisions for the kernel's IPC fastpath (docs/ksm.md, "Fast decisions"): whether a message is
 * granted now by a constant grant, found in tables pslc builds per route, with a few loads and compares
 * and no call into the KSM. Freestanding: stdint/stdbool only, like the rest of ksm/. */
#ifndef VIGIL_KSM_FAST_H
#define VIGIL_KSM_FAST_H

#include <stdbool.h>
#include <stdint.h>

#include "policy.h"

/* The size a message of (route, kind, riid, mid) must have to be granted now by a constant, unaudited
 * grant with nothing to verify, or 0: ask the KSM (ksm_check_routed), which decides the same.
 * A non-zero answer grants only a message of exactly that size (constant part, header included) with no
 * arena, no handles and the header ksm_check_routed requires of the kind (riid, mid, flags, size,
 * ncaps == 0, reserved == 0): the caller checks those, since the table cannot. The answer holds while
 * ksm_epoch() is unchanged (the audit level is read here, so a caller that asks every time needs no
 * epoch). */
static inline uint32_t ksm_fast_size(const struct ksm_route *route, unsigned kind, uint32_t riid, uint32_t mid)
{
    if (!route || kind > 1u) /* only requests and responses have tables (KSM_EV_REQUEST, _RESPONSE) */
        return 0;
    const struct ksm_fast_entry *t = route->fast[kind];
    const struct ksm_space *sp = route->space[kind];
    if (!t || !sp || riid >= sp->n_iface || mid >= sp->nmid[riid])
        return 0;
    const struct ksm_fast_entry *e = &t[sp->base[riid] + mid];
    /* At a level where the set logs, deciding must write the records: the KSM has to run. */
    if (e->audit_levels & ksm_audit_level_bit)
        return 0;
    return e->size;
}

/* ksm_epoch() (ksm/ksm.h) as a variable, for callers that remember ksm_fast_size's answers. */
extern uint32_t ksm_epoch_now;

/* ksm_audit_pending() and ksm_audit_dropped() (ksm/ksm.h) as variables: the kernel looks at them after
 * every decision, and a decision that logs nothing leaves both as they were. */
extern uint32_t ksm_audit_count_now, ksm_audit_dropped_now;

/* ksm_route (ksm/ksm.h) inline: the row of (src, dst), NULL for class ids out of range. */
static inline const struct ksm_route *ksm_fast_route(int src, int dst)
{
    uint32_t n = ksm_policy.nclasses;
    if ((uint32_t)src >= n || (uint32_t)dst >= n)
        return NULL;
    return &ksm_policy.routes[(uint32_t)src * n + (uint32_t)dst];
}

#endif
