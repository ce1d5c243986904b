/* The rule-program interpreter: a stack machine over struct ksm_value (value.h), reading the message
 * through offsets pslc resolved from the IDL layouts. The structure check has already run, so offsets
 * and arena descriptors are in bounds; every other failure (type, range, overflow, heap) is an
 * expression error and denies. */
#include "audit.h"
#include "eval.h"

struct ksm_value *ksm_vm_alloc(struct ksm_vm *vm, uint32_t n, uint32_t *base) {
    if (n > vm->heap_cap - vm->hp)
        return NULL;
    *base = vm->hp;
    vm->hp += n;
    return vm->heap + *base;
}

static uint64_t load_le(const uint8_t *p, unsigned width) {
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static struct ksm_value msg_int(const struct ksm_event *ev, uint32_t off, unsigned width, bool sign) {
    uint64_t v = load_le((const uint8_t *)ev->msg + off, width);
    if (sign && width < 8 && (v >> (8 * width - 1) & 1u))
        v |= ~(uint64_t)0 << (8 * width);
    return sign ? ksm_int_s((int64_t)v) : KSM_INT_U(v);
}

static struct ksm_value msg_text(const struct ksm_event *ev, uint32_t off) {
    uint32_t aoff = (uint32_t)load_le((const uint8_t *)ev->msg + off, 4);
    uint32_t size = (uint32_t)load_le((const uint8_t *)ev->msg + off + 4, 4);
    if (size == 0)   /* the empty string needs no arena */
        return (struct ksm_value){.tag = KV_TEXT, .len = 0, .u.text = ""};
    const char *s = (const char *)ev->arena + aoff;
    uint32_t len = 0;
    while (len < size && s[len])   /* the verifier proved a terminator within size */
        len++;
    return (struct ksm_value){.tag = KV_TEXT, .len = len, .u.text = s};
}

/* The descriptor's size was checked by the structure verifier (a whole number of elements, within the
 * bound); the division rounds down all the same, and an element size of 0 is an error, not a trap. */
static int msg_seq_len(const struct ksm_event *ev, uint32_t off, uint32_t elem_size, struct ksm_value *out) {
    if (elem_size == 0)
        return -1;
    uint32_t size = (uint32_t)load_le((const uint8_t *)ev->msg + off + 4, 4);
    *out = KSM_INT_U(size / elem_size);
    return 0;
}

static int compare(struct ksm_vm *vm, uint8_t op, struct ksm_value a, struct ksm_value b,
                   struct ksm_value *out) {
    if (op == KOP_EQ || op == KOP_NE) {
        bool eq = ksm_value_eq(vm->heap, a, b);
        *out = KSM_BOOL(op == KOP_EQ ? eq : !eq);
        return 0;
    }
    if (a.tag != KV_INT || b.tag != KV_INT)
        return -1;
    int c = ksm_int_cmp(a, b);
    bool r = op == KOP_LT ? c < 0 : op == KOP_LE ? c <= 0 : op == KOP_GT ? c > 0 : c >= 0;
    *out = KSM_BOOL(r);
    return 0;
}

static int arith(uint8_t op, struct ksm_value a, struct ksm_value b, struct ksm_value *out) {
    if (a.tag != KV_INT || b.tag != KV_INT)
        return -1;
    bool ok = op == KOP_ADD ? ksm_int_add(a, b, out) : op == KOP_SUB ? ksm_int_sub(a, b, out)
                                                                     : ksm_int_mul(a, b, out);
    return ok ? 0 : -1;
}

/* The explaining run keeps a comparison's operands (ints and bools; the others by their tag). */
static void keep_operand(struct ksm_why *w, unsigned i, struct ksm_value v) {
    w->vt[i] = v.tag;
    w->v[i] = v.tag == KV_INT || v.tag == KV_BOOL ? v.u.mag : 0;
    w->vneg = (uint8_t)((w->vneg & ~(1u << i)) | (v.tag == KV_INT && v.neg ? 1u << i : 0));
}

/* One interpreter, instantiated twice with `explain` constant: ksm_eval_block (false: every explaining
 * statement folds away, so deciding costs what it did) and ksm_explain_block (true). */
static inline __attribute__((always_inline)) int run(struct ksm_vm *vm, const struct ksm_rblock *blk,
                                                     uint32_t *site, const bool explain, uint32_t stop) {
    const struct ksm_policy *p = vm->p;
    struct ksm_value *st = p->stack;
    uint32_t sp = 0, pc = 0;
    *site = UINT32_MAX;
#define ERR() do { vm->pc = pc - 1; return KSM_R_ERROR; } while (0)
#define NEED(n) do { if (sp < (n)) ERR(); } while (0)
#define PUSH(v) do { if (sp >= p->stack_cap) ERR(); st[sp++] = (v); } while (0)
    for (;;) {
        if (explain && pc == stop) {
            vm->pc = pc;
            if (sp && blk->code[pc].op == KOP_FAIL)   /* the value no branch matched */
                keep_operand(&vm->why, 0, st[sp - 1]);
            return KSM_R_DENY;
        }
        const struct ksm_insn *in = &blk->code[pc++];
        struct ksm_value r;
        switch (in->op) {
        case KOP_END:
            return KSM_R_GRANT;
        case KOP_CONST:
            PUSH(p->consts[in->c]);
            break;
        case KOP_SID:
            PUSH(KSM_INT_U(in->a ? vm->ev->dst_sid : vm->ev->src_sid));
            break;
        case KOP_MSG_INT:
            PUSH(msg_int(vm->ev, in->c, in->a, in->b));
            break;
        case KOP_MSG_HSID:
            if (in->c >= vm->ev->nhandles)
                ERR();
            PUSH(KSM_INT_U(vm->ev->handle_sids[in->c]));
            break;
        case KOP_MSG_TEXT:
            PUSH(msg_text(vm->ev, in->c));
            break;
        case KOP_MSG_SEQLEN:
            if (msg_seq_len(vm->ev, in->c, in->b, &r) < 0)
                ERR();
            PUSH(r);
            break;
        case KOP_LIST: {
            uint32_t base;
            NEED(in->c);
            struct ksm_value *e = ksm_vm_alloc(vm, in->c, &base);
            if (!e && in->c)
                ERR();
            sp -= in->c;
            for (uint32_t i = 0; i < in->c; i++)
                e[i] = st[sp + i];
            PUSH(((struct ksm_value){.tag = KV_LIST, .len = in->c, .u.base = base}));
            break;
        }
        case KOP_INDEX: {
            NEED(2);
            struct ksm_value l = st[sp - 2], i = st[sp - 1];
            if (l.tag != KV_LIST || i.tag != KV_INT || i.neg || i.u.mag >= l.len)
                ERR();   /* index out of range */
            st[sp - 2] = vm->heap[l.u.base + i.u.mag];
            sp--;
            break;
        }
        case KOP_FIELD:
            NEED(1);
            if (st[sp - 1].tag != KV_LIST || in->c >= st[sp - 1].len)
                ERR();
            st[sp - 1] = vm->heap[st[sp - 1].u.base + in->c];
            break;
        case KOP_EQ: case KOP_NE: case KOP_LT: case KOP_LE: case KOP_GT: case KOP_GE:
            NEED(2);
            if (compare(vm, in->op, st[sp - 2], st[sp - 1], &r) < 0)
                ERR();
            if (explain) {
                vm->why.op = in->op;
                keep_operand(&vm->why, 0, st[sp - 2]);
                keep_operand(&vm->why, 1, st[sp - 1]);
                vm->why.vneg = (uint8_t)((vm->why.vneg & 3u) | (r.u.mag ? 4u : 0));
            }
            st[--sp - 1] = r;
            break;
        case KOP_ADD: case KOP_SUB: case KOP_MUL:
            NEED(2);
            if (arith(in->op, st[sp - 2], st[sp - 1], &r) < 0)
                ERR();   /* overflow */
            st[--sp - 1] = r;
            break;
        case KOP_NOT:
            NEED(1);
            if (st[sp - 1].tag != KV_BOOL)
                ERR();
            st[sp - 1].u.mag ^= 1u;
            break;
        case KOP_JMP:
            pc = in->c;
            break;
        case KOP_JF_KEEP:
        case KOP_JT_KEEP:
            NEED(1);
            if (st[sp - 1].tag != KV_BOOL)
                ERR();
            if ((st[sp - 1].u.mag != 0) == (in->op == KOP_JT_KEEP))
                pc = in->c;
            else
                sp--;
            break;
        case KOP_JNE_POP:
            NEED(2);
            sp--;
            if (!ksm_value_eq(vm->heap, st[sp - 1], st[sp]))
                pc = in->c;
            else if (explain && pc >= 2 && blk->code[pc - 2].op == KOP_CONST)
                vm->why.branch_kind = 1, vm->why.branch = (uint16_t)blk->code[pc - 2].c;
            break;
        case KOP_JNRE:
            NEED(1);
            if (st[sp - 1].tag != KV_TEXT)
                ERR();
            if (!ksm_regex_run(&p->regexes[in->b], st[sp - 1].u.text, st[sp - 1].len))
                pc = in->c;
            else if (explain)
                vm->why.branch_kind = 2, vm->why.branch = in->b;
            break;
        case KOP_POP:
            NEED(1);
            sp--;
            break;
        case KOP_FAIL:
            if (explain && sp)
                keep_operand(&vm->why, 0, st[sp - 1]);
            ERR();
        case KOP_FN:
        case KOP_RULE: {
            uint32_t n = in->a < KFN_COUNT ? ksm_fn_nargs[in->a] : 0;
            NEED(n);
            if (in->a >= KFN_COUNT)
                ERR();
            sp -= n;
            vm->flow_state = -1;
            r = KSM_UNIT;
            int res;
            if (explain && in->op == KOP_RULE && in->a > KFN_ASSERT)
                res = KSM_R_GRANT;   /* granted when the block decided; its effects are done */
            else
                res = ksm_model_call(vm, in->a, in->b, st + sp, &r);
            if (!explain)
                ksm_audit_call(vm, blk, in->c, in->op == KOP_RULE, res);
            if (res == KSM_R_ERROR || (in->op == KOP_RULE && res != KSM_R_GRANT)) {
                *site = in->c;
                vm->pc = pc - 1;
                return res;
            }
            if (in->op == KOP_FN)
                PUSH(r);
            break;
        }
        default:
            ERR();
        }
    }
#undef NEED
#undef PUSH
#undef ERR
}

int ksm_eval_block(struct ksm_vm *vm, const struct ksm_rblock *blk, uint32_t *site) {
    return run(vm, blk, site, false, UINT32_MAX);
}

uint32_t ksm_explain_block(struct ksm_vm *vm, const struct ksm_rblock *blk, uint32_t stop) {
    uint32_t site;
    vm->pc = UINT32_MAX;
    (void)run(vm, blk, &site, true, stop);
    return vm->pc;
}
