/* SID -> position maps for security contexts (struct ksm_sidmap in policy.h): open addressing with
 * linear probing and tombstones, no rehashing, so a position is stable for the life of the entry and
 * a model keeps its per-SID data in arrays indexed by that position. SIDs 0 and KSM_SID_TOMB are never
 * valid. Every operation probes at most cap slots. */
#ifndef VIGIL_KSM_SIDMAP_H
#define VIGIL_KSM_SIDMAP_H

#include "policy.h"

int32_t ksm_sidmap_find(const struct ksm_sidmap *m, ksm_sid_t sid);    /* position or -1 */
/* -1: invalid SID or `limit` entries already live; -2: sid already present. */
int32_t ksm_sidmap_insert(const struct ksm_sidmap *m, ksm_sid_t sid);
void ksm_sidmap_remove_at(const struct ksm_sidmap *m, int32_t pos);

#endif
