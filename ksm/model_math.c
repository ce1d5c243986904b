/* Math: math.neg, math.abs, math.sum ([] = 0), math.product ([] = 1); overflow is an error.
 * (+, -, * are opcodes in eval.c over value.c.) */
#include "eval.h"

int ksm_math_call(struct ksm_vm *vm, uint8_t fn, const struct ksm_value *a, struct ksm_value *ret) {
    if (fn == KFN_NEG || fn == KFN_ABS) {
        if (a[0].tag != KV_INT)
            return KSM_R_ERROR;
        if (fn == KFN_ABS && !a[0].neg) {
            *ret = a[0];
            return KSM_R_GRANT;
        }
        return ksm_int_neg(a[0], ret) ? KSM_R_GRANT : KSM_R_ERROR;
    }
    if (a[0].tag != KV_LIST)
        return KSM_R_ERROR;
    struct ksm_value acc = KSM_INT_U(fn == KFN_SUM ? 0u : 1u);
    for (uint32_t i = 0; i < a[0].len; i++) {
        struct ksm_value e = vm->heap[a[0].u.base + i];
        if (e.tag != KV_INT)
            return KSM_R_ERROR;
        bool ok = fn == KFN_SUM ? ksm_int_add(acc, e, &acc) : ksm_int_mul(acc, e, &acc);
        if (!ok)
            return KSM_R_ERROR;
    }
    *ret = acc;
    return KSM_R_GRANT;
}
