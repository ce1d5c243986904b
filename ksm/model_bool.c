/* Bool: bool.all, bool.any, bool.cond. (!, &&, ||, ==> are opcodes with short-circuit jumps.) */
#include "eval.h"

int ksm_bool_call(struct ksm_vm *vm, uint8_t fn, const struct ksm_value *a, struct ksm_value *ret) {
    if (fn == KFN_COND) {   /* (if, then, else) */
        if (a[0].tag != KV_BOOL)
            return KSM_R_ERROR;
        *ret = a[0].u.mag ? a[1] : a[2];
        return KSM_R_GRANT;
    }
    if (a[0].tag != KV_LIST)
        return KSM_R_ERROR;
    bool all = fn == KFN_ALL, acc = all;   /* all [] = true, any [] = false */
    for (uint32_t i = 0; i < a[0].len; i++) {
        struct ksm_value e = vm->heap[a[0].u.base + i];
        if (e.tag != KV_BOOL)
            return KSM_R_ERROR;
        acc = all ? (acc && e.u.mag) : (acc || e.u.mag);
    }
    *ret = KSM_BOOL(acc);
    return KSM_R_GRANT;
}
