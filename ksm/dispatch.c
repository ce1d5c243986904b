/* Routes a model call to its model and holds the Base rules (grant, deny, assert). */
#include "eval.h"
#include "sidmap.h"

const uint8_t ksm_fn_nargs[KFN_COUNT] = {
    [KFN_GRANT] = 0, [KFN_DENY] = 0, [KFN_ASSERT] = 1, [KFN_EMPTY] = 1,
    [KFN_ALL] = 1, [KFN_ANY] = 1, [KFN_COND] = 3,
    [KFN_NEG] = 1, [KFN_ABS] = 1, [KFN_SUM] = 1, [KFN_PRODUCT] = 1, [KFN_RE_MATCH] = 1,
    [KFN_HS_INIT] = 1, [KFN_HS_FINI] = 1, [KFN_HS_ADD] = 2, [KFN_HS_REMOVE] = 2, [KFN_HS_CONTAINS] = 2,
    [KFN_SM_INIT] = 1, [KFN_SM_FINI] = 1, [KFN_SM_SET] = 3, [KFN_SM_COMMIT] = 1, [KFN_SM_ROLLBACK] = 1,
    [KFN_SM_GET] = 2, [KFN_SM_GET_UNCOMMITTED] = 2,
    [KFN_FLOW_INIT] = 1, [KFN_FLOW_FINI] = 1, [KFN_FLOW_ENTER] = 2, [KFN_FLOW_ALLOW] = 2,
    [KFN_FLOW_QUERY] = 1,
    [KFN_MIC_EXECUTE] = 4, [KFN_MIC_CREATE] = 5, [KFN_MIC_UPGRADE] = 5,
    [KFN_MIC_CALL] = 2, [KFN_MIC_INVOKE] = 2, [KFN_MIC_READ] = 2, [KFN_MIC_WRITE] = 2,
    [KFN_MIC_QUERY_LEVEL] = 1,
};

bool ksm_arg_sid(struct ksm_value v, ksm_sid_t *sid) {
    if (v.tag != KV_INT || v.neg || v.u.mag == KSM_NO_SID || v.u.mag >= KSM_SID_TOMB)
        return false;
    *sid = (ksm_sid_t)v.u.mag;
    return true;
}

static int base_call(uint8_t fn, const struct ksm_value *a) {
    switch (fn) {
    case KFN_GRANT:
        return KSM_R_GRANT;
    case KFN_DENY:
        return KSM_R_DENY;
    case KFN_ASSERT:
        if (a[0].tag != KV_BOOL)
            return KSM_R_ERROR;
        return a[0].u.mag ? KSM_R_GRANT : KSM_R_DENY;
    }
    return KSM_R_ERROR;
}

int ksm_model_call(struct ksm_vm *vm, uint8_t fn, uint16_t object, const struct ksm_value *args,
                   struct ksm_value *ret) {
    if (fn <= KFN_ASSERT)
        return base_call(fn, args);
    if (fn == KFN_EMPTY)
        return ksm_pred_call(vm, fn, args, ret);
    if (fn <= KFN_COND)
        return ksm_bool_call(vm, fn, args, ret);
    if (fn <= KFN_PRODUCT)
        return ksm_math_call(vm, fn, args, ret);
    if (fn == KFN_RE_MATCH) {   /* the pattern is the object index into regexes */
        if (args[0].tag != KV_TEXT)
            return KSM_R_ERROR;
        *ret = KSM_BOOL(ksm_regex_run(&vm->p->regexes[object], args[0].u.text, args[0].len));
        return KSM_R_GRANT;
    }
    if (object >= vm->p->nobjects)
        return KSM_R_ERROR;
    const struct ksm_object *o = &vm->p->objects[object];
    if (fn <= KFN_HS_CONTAINS && o->model == KM_HASHSET)
        return ksm_hashset_call(vm, o->impl, fn, args, ret);
    if (fn >= KFN_SM_INIT && fn <= KFN_SM_GET_UNCOMMITTED && o->model == KM_STATICMAP)
        return ksm_staticmap_call(vm, o->impl, fn, args, ret);
    if (fn >= KFN_FLOW_INIT && fn <= KFN_FLOW_QUERY && o->model == KM_FLOW)
        return ksm_flow_call(vm, o->impl, fn, args, ret);
    if (fn >= KFN_MIC_EXECUTE && fn <= KFN_MIC_QUERY_LEVEL && o->model == KM_MIC)
        return ksm_mic_call(vm, o->impl, fn, args, ret);
    if (fn <= KFN_ASSERT && o->model == KM_BASE)
        return base_call(fn, args);
    return KSM_R_ERROR;
}

static void forget(const struct ksm_sidmap *m, ksm_sid_t sid, uint8_t *used, const uint16_t *table_of) {
    int32_t pos = ksm_sidmap_find(m, sid);
    if (pos < 0)
        return;
    if (used)
        used[table_of[pos]] = 0;
    ksm_sidmap_remove_at(m, pos);
}

void ksm_model_forget(const struct ksm_object *o, ksm_sid_t sid) {
    switch (o->model) {
    case KM_HASHSET: {
        const struct ksm_hashset *h = o->impl;
        forget(&h->map, sid, h->used, h->table_of);
        break;
    }
    case KM_STATICMAP: {
        const struct ksm_staticmap *s = o->impl;
        forget(&s->map, sid, s->used, s->table_of);
        break;
    }
    case KM_FLOW:
        forget(&((const struct ksm_flow *)o->impl)->map, sid, NULL, NULL);
        break;
    case KM_MIC:
        forget(&((const struct ksm_mic *)o->impl)->map, sid, NULL, NULL);
        break;
    }
}
