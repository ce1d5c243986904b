/* StaticMap: per SID a table with fixed keys, in a base and a working copy (set writes the working
 * copy, commit copies it to base, rollback copies base back; get reads base). */
#include "eval.h"
#include "sidmap.h"

static int32_t key_of(const struct ksm_staticmap *m, struct ksm_value v) {
    if (v.tag == KV_INT && !v.neg && v.u.mag < m->nkeys)   /* resolved by pslc */
        return (int32_t)v.u.mag;
    if (v.tag == KV_TEXT)
        for (uint32_t i = 0; i < m->nkeys; i++)
            if (ksm_text_eq(v.u.text, v.len, m->keys[i].s, m->keys[i].len))
                return (int32_t)i;
    return -1;
}

int ksm_staticmap_call(struct ksm_vm *vm, const struct ksm_staticmap *m, uint8_t fn,
                       const struct ksm_value *a, struct ksm_value *ret) {
    (void)vm;
    ksm_sid_t sid;
    if (!ksm_arg_sid(a[0], &sid))
        return KSM_R_ERROR;
    if (fn == KFN_SM_INIT) {
        uint32_t t = 0;
        while (t < m->pool_size && m->used[t])
            t++;
        if (t == m->pool_size)
            return KSM_R_DENY;
        int32_t pos = ksm_sidmap_insert(&m->map, sid);
        if (pos < 0)
            return KSM_R_DENY;
        m->used[t] = 1;
        m->table_of[pos] = (uint16_t)t;
        for (uint32_t k = 0; k < m->nkeys; k++)
            m->base[t * m->nkeys + k] = m->work[t * m->nkeys + k] = m->defaults[k];
        return KSM_R_GRANT;
    }
    int32_t pos = ksm_sidmap_find(&m->map, sid);
    bool expr = fn == KFN_SM_GET || fn == KFN_SM_GET_UNCOMMITTED;
    if (pos < 0)
        return expr ? KSM_R_ERROR : KSM_R_DENY;
    uint32_t t = m->table_of[pos];
    struct ksm_value *base = m->base + t * m->nkeys, *work = m->work + t * m->nkeys;
    switch (fn) {
    case KFN_SM_FINI:
        m->used[t] = 0;
        ksm_sidmap_remove_at(&m->map, pos);
        return KSM_R_GRANT;
    case KFN_SM_COMMIT:
    case KFN_SM_ROLLBACK:
        for (uint32_t k = 0; k < m->nkeys; k++) {
            if (fn == KFN_SM_COMMIT)
                base[k] = work[k];
            else
                work[k] = base[k];
        }
        return KSM_R_GRANT;
    }
    int32_t k = key_of(m, a[1]);
    if (k < 0)
        return KSM_R_ERROR;   /* unknown key: the call runs incorrectly */
    switch (fn) {
    case KFN_SM_SET:
        if (a[2].tag != KV_INT || !ksm_int_in_range(a[2], m->range.lo_neg, m->range.lo_mag, m->range.hi))
            return KSM_R_ERROR;
        work[k] = a[2];
        return KSM_R_GRANT;
    case KFN_SM_GET:
        *ret = base[k];
        return KSM_R_GRANT;
    case KFN_SM_GET_UNCOMMITTED:
        *ret = work[k];
        return KSM_R_GRANT;
    }
    return KSM_R_ERROR;
}
