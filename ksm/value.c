/* Integer arithmetic in sign/magnitude form and value equality; see value.h. */
#include "value.h"

#define MAG_MIN_NEG ((uint64_t)1 << 63)   /* |-2^63| */

static struct ksm_value mk(bool neg, uint64_t mag) {
    struct ksm_value v = KSM_INT_U(mag);
    v.neg = (neg && mag) ? 1 : 0;
    return v;
}

struct ksm_value ksm_int_s(int64_t v) {
    if (v < 0)
        return mk(true, (uint64_t)0 - (uint64_t)v);
    return mk(false, (uint64_t)v);
}

static bool fits(bool neg, uint64_t mag) { return !neg || mag <= MAG_MIN_NEG; }

bool ksm_int_add(struct ksm_value a, struct ksm_value b, struct ksm_value *out) {
    uint64_t m;
    if (a.neg == b.neg) {
        if (__builtin_add_overflow(a.u.mag, b.u.mag, &m) || !fits(a.neg, m))
            return false;
        *out = mk(a.neg, m);
    } else {
        bool neg = a.u.mag >= b.u.mag ? a.neg : b.neg;
        m = a.u.mag >= b.u.mag ? a.u.mag - b.u.mag : b.u.mag - a.u.mag;
        if (!fits(neg, m))
            return false;
        *out = mk(neg, m);
    }
    return true;
}

bool ksm_int_neg(struct ksm_value a, struct ksm_value *out) {
    if (!a.neg && !fits(true, a.u.mag))
        return false;
    *out = mk(!a.neg, a.u.mag);
    return true;
}

bool ksm_int_sub(struct ksm_value a, struct ksm_value b, struct ksm_value *out) {
    /* -b may not fit (b = 2^64-1) while a - b does; flip the sign by hand instead of negating. */
    b.neg = b.u.mag ? !b.neg : 0;
    return ksm_int_add(a, b, out);
}

bool ksm_int_mul(struct ksm_value a, struct ksm_value b, struct ksm_value *out) {
    uint64_t m;
    bool neg = a.neg != b.neg;
    if (__builtin_mul_overflow(a.u.mag, b.u.mag, &m) || !fits(neg, m))
        return false;
    *out = mk(neg, m);
    return true;
}

int ksm_int_cmp(struct ksm_value a, struct ksm_value b) {
    if (a.neg != b.neg)
        return a.neg ? -1 : 1;
    if (a.u.mag == b.u.mag)
        return 0;
    bool less = a.u.mag < b.u.mag;
    if (a.neg)
        less = !less;
    return less ? -1 : 1;
}

bool ksm_int_in_range(struct ksm_value v, bool lo_neg, uint64_t lo_mag, uint64_t hi) {
    if (v.neg)
        return lo_neg && v.u.mag <= lo_mag;
    return v.u.mag <= hi;
}

bool ksm_text_eq(const char *a, uint32_t alen, const char *b, uint32_t blen) {
    if (alen != blen)
        return false;
    for (uint32_t i = 0; i < alen; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

bool ksm_value_eq(const struct ksm_value *heap, struct ksm_value a, struct ksm_value b) {
    if (a.tag != b.tag)
        return false;
    switch (a.tag) {
    case KV_UNIT:
        return true;
    case KV_BOOL:
        return a.u.mag == b.u.mag;
    case KV_INT:
        return a.neg == b.neg && a.u.mag == b.u.mag;
    case KV_TEXT:
        return ksm_text_eq(a.u.text, a.len, b.u.text, b.len);
    case KV_LIST:
        if (a.len != b.len)
            return false;
        for (uint32_t i = 0; i < a.len; i++)
            if (!ksm_value_eq(heap, heap[a.u.base + i], heap[b.u.base + i]))
                return false;
        return true;
    }
    return false;
}
