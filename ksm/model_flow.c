/* Flow: a finite-state machine per SID (init, fini, enter, allow, query). States travel as their index
 * (pslc resolves literal names at build time) or as text (looked up here). */
#include "audit.h"
#include "eval.h"
#include "sidmap.h"

static int32_t state_of(const struct ksm_flow *f, struct ksm_value v) {
    if (v.tag == KV_INT && !v.neg && v.u.mag < f->nstates)
        return (int32_t)v.u.mag;
    if (v.tag == KV_TEXT)
        for (uint32_t i = 0; i < f->nstates; i++)
            if (ksm_text_eq(v.u.text, v.len, f->states[i].s, f->states[i].len))
                return (int32_t)i;
    return -1;
}

/* Only where the rule says no: what the audit line tells (audit.h, KSM_WHY_FLOW). */
static int no(struct ksm_vm *vm, uint8_t fn, uint32_t cur, uint32_t asked) {
    vm->why = (struct ksm_why){.code = KSM_WHY_FLOW, .op = fn, .a = (uint16_t)cur, .b = (uint16_t)asked};
    return KSM_R_DENY;
}

int ksm_flow_call(struct ksm_vm *vm, const struct ksm_flow *f, uint8_t fn, const struct ksm_value *a,
                  struct ksm_value *ret) {
    ksm_sid_t sid;
    if (!ksm_arg_sid(a[0], &sid))
        return KSM_R_ERROR;
    if (fn == KFN_FLOW_INIT) {
        int32_t pos = ksm_sidmap_insert(&f->map, sid);
        if (pos < 0)   /* already has an FSM, or the pool is full */
            return no(vm, fn, ksm_sidmap_find(&f->map, sid) >= 0 ? f->state[ksm_sidmap_find(&f->map, sid)]
                                                                  : KSM_AUDIT_NONE, f->initial);
        f->state[pos] = (uint8_t)f->initial;
        vm->flow_state = f->initial;
        return KSM_R_GRANT;
    }
    int32_t pos = ksm_sidmap_find(&f->map, sid);
    if (pos < 0)
        return fn == KFN_FLOW_QUERY ? KSM_R_ERROR
                                    : no(vm, fn, KSM_AUDIT_NONE,
                                         fn == KFN_FLOW_ENTER && state_of(f, a[1]) >= 0 ? (uint32_t)state_of(f, a[1])
                                                                                         : KSM_AUDIT_NONE);
    uint32_t cur = f->state[pos];
    vm->flow_state = (int32_t)cur;
    switch (fn) {
    case KFN_FLOW_FINI:
        ksm_sidmap_remove_at(&f->map, pos);
        return KSM_R_GRANT;
    case KFN_FLOW_ENTER: {
        int32_t t = state_of(f, a[1]);
        if (t < 0)
            return KSM_R_ERROR;
        if (!(f->trans[cur] >> t & 1u))
            return no(vm, fn, cur, (uint32_t)t);
        f->state[pos] = (uint8_t)t;
        vm->flow_state = t;
        return KSM_R_GRANT;
    }
    case KFN_FLOW_ALLOW: {
        if (a[1].tag != KV_LIST)
            return KSM_R_ERROR;
        int r = KSM_R_DENY;
        for (uint32_t i = 0; i < a[1].len; i++) {
            int32_t s = state_of(f, vm->heap[a[1].u.base + i]);
            if (s < 0)
                return KSM_R_ERROR;
            if ((uint32_t)s == cur)
                r = KSM_R_GRANT;
        }
        return r == KSM_R_GRANT ? r : no(vm, fn, cur, KSM_AUDIT_NONE);
    }
    case KFN_FLOW_QUERY:
        *ret = (struct ksm_value){.tag = KV_TEXT, .len = f->states[cur].len, .u.text = f->states[cur].s};
        return KSM_R_GRANT;
    }
    return KSM_R_ERROR;
}
