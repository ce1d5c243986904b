/* HashSet: a pool of pool_size tables of set_size entries; each SID may hold one table per object.
 * An entry is a scalar or a tuple/dictionary of scalars, stored as `width` 64-bit words. */
#include "eval.h"
#include "sidmap.h"

/* Flattens v into words, checking each scalar against its type's range. */
static bool flatten(struct ksm_vm *vm, const struct ksm_hashset *h, struct ksm_value v, uint64_t *out,
                    uint32_t *n) {
    if (v.tag == KV_LIST) {
        for (uint32_t i = 0; i < v.len; i++)
            if (!flatten(vm, h, vm->heap[v.u.base + i], out, n))
                return false;
        return true;
    }
    if (*n >= h->width || (v.tag != KV_INT && v.tag != KV_BOOL))
        return false;
    const struct ksm_range *r = &h->ranges[*n];
    if (!ksm_int_in_range(v, r->lo_neg, r->lo_mag, r->hi))
        return false;
    out[(*n)++] = v.neg ? (uint64_t)0 - v.u.mag : v.u.mag;
    return true;
}

static int32_t find_entry(const struct ksm_hashset *h, uint32_t table, const uint64_t *key) {
    const uint64_t *t = h->entries + (size_t)table * h->set_size * h->width;
    for (uint32_t i = 0; i < h->count[table]; i++) {
        uint32_t w = 0;
        while (w < h->width && t[i * h->width + w] == key[w])
            w++;
        if (w == h->width)
            return (int32_t)i;
    }
    return -1;
}

int ksm_hashset_call(struct ksm_vm *vm, const struct ksm_hashset *h, uint8_t fn,
                     const struct ksm_value *a, struct ksm_value *ret) {
    ksm_sid_t sid;
    if (!ksm_arg_sid(a[0], &sid))
        return KSM_R_ERROR;
    if (fn == KFN_HS_INIT) {
        uint32_t t = 0;
        while (t < h->pool_size && h->used[t])
            t++;
        if (t == h->pool_size)
            return KSM_R_DENY;   /* no free table */
        int32_t pos = ksm_sidmap_insert(&h->map, sid);
        if (pos < 0)
            return KSM_R_DENY;   /* already tied */
        h->used[t] = 1;
        h->count[t] = 0;
        h->table_of[pos] = (uint16_t)t;
        return KSM_R_GRANT;
    }
    int32_t pos = ksm_sidmap_find(&h->map, sid);
    if (pos < 0)
        return fn == KFN_HS_CONTAINS ? KSM_R_ERROR : KSM_R_DENY;
    uint32_t t = h->table_of[pos];
    if (fn == KFN_HS_FINI) {
        h->used[t] = 0;
        ksm_sidmap_remove_at(&h->map, pos);
        return KSM_R_GRANT;
    }
    uint64_t key[16];
    uint32_t n = 0;
    if (h->width > 16 || !flatten(vm, h, a[1], key, &n) || n != h->width)
        return KSM_R_ERROR;
    int32_t at = find_entry(h, t, key);
    uint64_t *tab = h->entries + (size_t)t * h->set_size * h->width;
    switch (fn) {
    case KFN_HS_ADD:
        if (at >= 0)
            return KSM_R_GRANT;
        if (h->count[t] == h->set_size)
            return KSM_R_DENY;   /* table full */
        for (uint32_t w = 0; w < h->width; w++)
            tab[h->count[t] * h->width + w] = key[w];
        h->count[t]++;
        return KSM_R_GRANT;
    case KFN_HS_REMOVE:
        if (at >= 0) {   /* move the last entry into the hole */
            uint32_t last = --h->count[t];
            for (uint32_t w = 0; w < h->width; w++)
                tab[(uint32_t)at * h->width + w] = tab[last * h->width + w];
        }
        return KSM_R_GRANT;
    case KFN_HS_CONTAINS:
        *ret = KSM_BOOL(at >= 0);
        return KSM_R_GRANT;
    }
    return KSM_R_ERROR;
}
