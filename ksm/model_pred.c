/* Pred: pred.empty. The comparisons (==, !=, <, <=, >, >=) are opcodes in eval.c over value.c. */
#include "eval.h"

int ksm_pred_call(struct ksm_vm *vm, uint8_t fn, const struct ksm_value *a, struct ksm_value *ret) {
    (void)vm;
    if (fn != KFN_EMPTY || (a[0].tag != KV_TEXT && a[0].tag != KV_LIST))
        return KSM_R_ERROR;
    *ret = KSM_BOOL(a[0].len == 0);
    return KSM_R_GRANT;
}
