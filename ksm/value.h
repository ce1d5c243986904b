/* Run-time values of the PSL expression language, and the Pred/Math primitives on them.
 * Integers are exact over [-2^63, 2^64-1] (sign and magnitude), so every IDL integer type fits and a
 * result outside that range is an overflow error. Texts point into the policy's constants or into the
 * message being judged (no copies). Lists, sets, tuples and dictionaries are all "lists": a run of
 * values in the decision's scratch heap; a dictionary's fields sit in the order of its sorted keys. */
#ifndef VIGIL_KSM_VALUE_H
#define VIGIL_KSM_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ksm_vtag { KV_UNIT = 0, KV_BOOL = 1, KV_INT = 2, KV_TEXT = 3, KV_LIST = 4 };

struct ksm_value {
    uint8_t tag;      /* enum ksm_vtag */
    uint8_t neg;      /* KV_INT: 1 if negative (never for 0) */
    uint16_t pad;
    uint32_t len;     /* KV_TEXT: bytes; KV_LIST: elements */
    union {
        uint64_t mag;       /* KV_INT magnitude, KV_BOOL 0/1 */
        const char *text;   /* KV_TEXT */
        uint32_t base;      /* KV_LIST: first element in the heap */
    } u;
};

#define KSM_INT_U(v) ((struct ksm_value){.tag = KV_INT, .u.mag = (v)})
#define KSM_BOOL(b) ((struct ksm_value){.tag = KV_BOOL, .u.mag = (b) ? 1u : 0u})
#define KSM_UNIT ((struct ksm_value){.tag = KV_UNIT})

struct ksm_value ksm_int_s(int64_t v);
/* Math: false on overflow (the result would leave [-2^63, 2^64-1]). */
bool ksm_int_add(struct ksm_value a, struct ksm_value b, struct ksm_value *out);
bool ksm_int_sub(struct ksm_value a, struct ksm_value b, struct ksm_value *out);
bool ksm_int_mul(struct ksm_value a, struct ksm_value b, struct ksm_value *out);
bool ksm_int_neg(struct ksm_value a, struct ksm_value *out);
int ksm_int_cmp(struct ksm_value a, struct ksm_value b);  /* -1, 0, 1 */
/* The integer fits [lo, hi] given as sign/magnitude bounds of an IDL/PSL integer type. */
bool ksm_int_in_range(struct ksm_value v, bool lo_neg, uint64_t lo_mag, uint64_t hi);

bool ksm_text_eq(const char *a, uint32_t alen, const char *b, uint32_t blen);
/* Deep equality; lists compare element-wise through heap. */
bool ksm_value_eq(const struct ksm_value *heap, struct ksm_value a, struct ksm_value b);

#endif
