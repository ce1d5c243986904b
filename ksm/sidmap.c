/* See sidmap.h. */
#include "sidmap.h"

static uint32_t first_slot(const struct ksm_sidmap *m, ksm_sid_t sid) {
    return (sid * 2654435761u) & (m->cap - 1);   /* Knuth's multiplicative hash */
}

int32_t ksm_sidmap_find(const struct ksm_sidmap *m, ksm_sid_t sid) {
    if (sid == KSM_NO_SID || sid == KSM_SID_TOMB)
        return -1;
    uint32_t i = first_slot(m, sid);
    for (uint32_t n = 0; n < m->cap; n++, i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == sid)
            return (int32_t)i;
        if (m->keys[i] == KSM_NO_SID)
            return -1;
    }
    return -1;
}

int32_t ksm_sidmap_insert(const struct ksm_sidmap *m, ksm_sid_t sid) {
    if (sid == KSM_NO_SID || sid == KSM_SID_TOMB)
        return -1;
    if (ksm_sidmap_find(m, sid) >= 0)
        return -2;
    if (*m->live >= m->limit)
        return -1;
    uint32_t i = first_slot(m, sid);
    for (uint32_t n = 0; n < m->cap; n++, i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == KSM_NO_SID || m->keys[i] == KSM_SID_TOMB) {
            m->keys[i] = sid;
            (*m->live)++;
            return (int32_t)i;
        }
    }
    return -1;   /* unreachable while cap > limit */
}

void ksm_sidmap_remove_at(const struct ksm_sidmap *m, int32_t pos) {
    m->keys[pos] = KSM_SID_TOMB;
    (*m->live)--;
}
