/* The rule-program interpreter (eval.c) and the model entry points it dispatches to (model_*.c).
 * One decision at a time: the scratch stack and heap belong to the policy (sized by pslc), so a
 * decision never allocates; ksm_check is not reentrant (the kernel calls it with preemption off). */
#ifndef VIGIL_KSM_EVAL_H
#define VIGIL_KSM_EVAL_H

#include "audit.h"
#include "policy.h"

/* A model call's outcome: a rule grants or denies; anything else is an expression error (denied). */
enum { KSM_R_GRANT = 0, KSM_R_DENY = 1, KSM_R_ERROR = 2 };

struct ksm_vm {
    const struct ksm_policy *p;
    const struct ksm_event *ev;
    struct ksm_value *heap;
    uint32_t hp, heap_cap;
    int32_t flow_state;        /* set by Flow rules for the audit `omit` key, else -1 */
    uint32_t pc;               /* the instruction that did not grant (written only then) */
    struct ksm_why why;        /* what a model found when it said no (written only then), and ksm_explain_block's */
};

/* Runs one block's program. Returns KSM_R_*; *site is the deciding call's site (or UINT32_MAX). */
int ksm_eval_block(struct ksm_vm *vm, const struct ksm_rblock *b, uint32_t *site);

/* Runs b again, only after it did not grant, to say why: up to the instruction stop (vm->pc of the run that
 * decided; UINT32_MAX for a block that ran as C, which has no effects, so that it is run to its end),
 * evaluating Base rules and skipping other rules as granted (they granted in the deciding run), writing no
 * audit record, keeping the operands of the comparisons and the choice branch taken in vm->why. Returns
 * the instruction at which the block stopped (vm->pc). */
uint32_t ksm_explain_block(struct ksm_vm *vm, const struct ksm_rblock *b, uint32_t stop);

/* Allocates n heap values for a list result; NULL when the heap is full (an expression error). */
struct ksm_value *ksm_vm_alloc(struct ksm_vm *vm, uint32_t n, uint32_t *base);

extern const uint8_t ksm_fn_nargs[KFN_COUNT];
/* Model dispatch: args[0..nargs) in the order of enum ksm_fn; *ret for expressions. */
int ksm_model_call(struct ksm_vm *vm, uint8_t fn, uint16_t object, const struct ksm_value *args,
                   struct ksm_value *ret);

int ksm_pred_call(struct ksm_vm *vm, uint8_t fn, const struct ksm_value *a, struct ksm_value *ret);
int ksm_bool_call(struct ksm_vm *vm, uint8_t fn, const struct ksm_value *a, struct ksm_value *ret);
int ksm_math_call(struct ksm_vm *vm, uint8_t fn, const struct ksm_value *a, struct ksm_value *ret);
bool ksm_regex_run(const struct ksm_regex *re, const char *text, uint32_t len);
int ksm_hashset_call(struct ksm_vm *vm, const struct ksm_hashset *o, uint8_t fn,
                     const struct ksm_value *a, struct ksm_value *ret);
int ksm_staticmap_call(struct ksm_vm *vm, const struct ksm_staticmap *o, uint8_t fn,
                       const struct ksm_value *a, struct ksm_value *ret);
int ksm_flow_call(struct ksm_vm *vm, const struct ksm_flow *o, uint8_t fn, const struct ksm_value *a,
                  struct ksm_value *ret);
int ksm_mic_call(struct ksm_vm *vm, const struct ksm_mic *o, uint8_t fn, const struct ksm_value *a,
                 struct ksm_value *ret);
/* Releases every context the object holds for sid (ksm_sid_destroyed). */
void ksm_model_forget(const struct ksm_object *o, ksm_sid_t sid);

/* A SID argument: an integer in [1, 2^32-2]. */
bool ksm_arg_sid(struct ksm_value v, ksm_sid_t *sid);

#endif
