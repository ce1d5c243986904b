/* Rule programs compiled to C (docs/ksm.md, "Compiled rules"): a program made only of integer and boolean
 * operations on constants, SIDs and scalar message fields, with the Base rules (grant, deny, assert), is
 * also written as a C function that decides exactly as the interpreter (ksm/eval.c) does. The KSM runs
 * it instead of the interpreter at audit levels where the program's binding set logs nothing (the only
 * thing the function leaves out is the audit hook of each call).
 *
 * The translation is an abstract interpretation of the program: every stack slot gets a C variable (s0,
 * s1, ...) of one wide integer type, and a static type, integer or boolean; a program whose operands'
 * types are not known at compile time, whose stack depth differs between the paths into an instruction,
 * or that uses any other instruction is left to the interpreter. Integers are exact in __int128, so the
 * interpreter's range [-2^63, 2^64-1] is one compare after each operation. Memory is pslc's arena
 * (util.h): nothing here is freed. */
#include <inttypes.h>
#include <string.h>

#include "pslc.h"

enum slot_type { ST_NONE, ST_INT, ST_BOOL };

struct pc_state {              /* the stack on entry to an instruction; depth UINT32_MAX: not reached */
    uint32_t depth;
    uint8_t *types;
};

static bool same_state(const struct pc_state *a, uint32_t depth, const uint8_t *types) {
    return a->depth == depth && memcmp(a->types, types, depth) == 0;
}

/* Merges (depth, types) into the state of pc; false on a conflict. *changed says whether pc must be
 * (re)visited. */
static bool merge(struct pc_state *st, uint32_t pc, uint32_t depth, const uint8_t *types, bool *changed) {
    if (st[pc].depth == UINT32_MAX) {
        st[pc].depth = depth;
        memcpy(st[pc].types, types, depth);
        *changed = true;
        return true;
    }
    return same_state(&st[pc], depth, types);
}

static bool is_int_const(const struct ksm_value *v) { return v->tag == KV_INT || v->tag == KV_BOOL; }

/* The successors of pc and the stack after it; false if the instruction is outside the subset or its
 * operands' types do not fit. next[1] is the jump target (UINT32_MAX: none); next[0] falls through. */
static bool step(const struct policy *pol, const struct program *pr, uint32_t pc, uint32_t *depth,
                 uint8_t *t, uint32_t max, uint32_t next[2]) {
    const struct ksm_insn *in = &pr->code[pc];
    uint32_t d = *depth;
    next[0] = pc + 1;
    next[1] = UINT32_MAX;
#define NEED(n) do { if (d < (n)) return false; } while (0)
#define PUSH(ty) do { if (d >= max) return false; t[d++] = (ty); } while (0)
    switch (in->op) {
    case KOP_END:
        next[0] = UINT32_MAX;
        break;
    case KOP_CONST:
        if (in->c >= pol->nconsts || !is_int_const(&pol->consts[in->c]))
            return false;
        PUSH(pol->consts[in->c].tag == KV_INT ? ST_INT : ST_BOOL);
        break;
    case KOP_SID:
        PUSH(ST_INT);
        break;
    case KOP_MSG_INT:
        if (in->a != 1 && in->a != 2 && in->a != 4 && in->a != 8)
            return false;
        PUSH(ST_INT);
        break;
    case KOP_EQ: case KOP_NE:
        NEED(2);
        if (t[d - 2] != t[d - 1])
            return false;   /* an integer against a boolean: left to the interpreter */
        d--;
        t[d - 1] = ST_BOOL;
        break;
    case KOP_LT: case KOP_LE: case KOP_GT: case KOP_GE:
    case KOP_ADD: case KOP_SUB: case KOP_MUL:
        NEED(2);
        if (t[d - 2] != ST_INT || t[d - 1] != ST_INT)
            return false;
        d--;
        t[d - 1] = in->op <= KOP_GE ? ST_BOOL : ST_INT;
        break;
    case KOP_NOT:
        NEED(1);
        if (t[d - 1] != ST_BOOL)
            return false;
        break;
    case KOP_JMP:
        if (in->c >= pr->n)
            return false;
        next[0] = in->c;
        break;
    case KOP_JF_KEEP: case KOP_JT_KEEP:
        NEED(1);
        if (t[d - 1] != ST_BOOL || in->c >= pr->n)
            return false;
        next[1] = in->c;   /* taken with the value kept: the caller merges depth d there */
        break;
    case KOP_POP:
        NEED(1);
        d--;
        break;
    case KOP_RULE:
        if (in->a == KFN_GRANT)
            break;
        if (in->a == KFN_DENY) {
            next[0] = UINT32_MAX;   /* the block is decided */
            break;
        }
        if (in->a != KFN_ASSERT)
            return false;
        NEED(1);
        if (t[d - 1] != ST_BOOL)
            return false;
        d--;
        break;
    default:
        return false;
    }
#undef NEED
#undef PUSH
    *depth = d;
    return true;
}

/* Whether the program is in the subset: fills st[pc] for every reachable instruction. */
static bool analyse(const struct policy *pol, const struct program *pr, struct pc_state *st, uint32_t max) {
    uint8_t *t = xalloc(max + 1);
    bool *pending = xalloc(pr->n + 1);
    bool ok = pr->n > 0;
    if (ok) {
        st[0].depth = 0;
        pending[0] = true;
    }
    for (bool again = ok; again && ok;) {
        again = false;
        for (uint32_t pc = 0; pc < pr->n && ok; pc++) {
            if (!pending[pc])
                continue;
            pending[pc] = false;
            uint32_t d = st[pc].depth, next[2];
            memcpy(t, st[pc].types, d);
            ok = step(pol, pr, pc, &d, t, max, next);
            if (!ok)
                break;
            const struct ksm_insn *in = &pr->code[pc];
            for (int k = 0; k < 2 && ok; k++) {
                if (next[k] == UINT32_MAX)
                    continue;
                bool changed = false;
                uint32_t depth = d;
                if (k == 0 && (in->op == KOP_JF_KEEP || in->op == KOP_JT_KEEP))
                    depth = d - 1;   /* falling through pops the tested value */
                ok = next[k] < pr->n && merge(st, next[k], depth, t, &changed);
                if (changed) {
                    pending[next[k]] = true;
                    again = true;
                }
            }
        }
    }
    return ok;
}

static void literal(FILE *f, const struct ksm_value *v) {
    if (v->tag == KV_BOOL)
        fprintf(f, "%d", v->u.mag ? 1 : 0);
    else
        fprintf(f, "%s(ksm_wide)%" PRIu64 "u", v->neg ? "-" : "", v->u.mag);
}

/* The C of one reachable instruction whose entry stack is d deep. */
static void emit_insn(FILE *f, const struct policy *pol, const struct ksm_insn *in, uint32_t d) {
    static const char *const cmp[] = {[KOP_EQ] = "==", [KOP_NE] = "!=", [KOP_LT] = "<", [KOP_LE] = "<=",
                                      [KOP_GT] = ">", [KOP_GE] = ">="};
    switch (in->op) {
    case KOP_END:
        fputs("    return KSM_R_GRANT;\n", f);
        break;
    case KOP_CONST:
        fprintf(f, "    s%u = ", d);
        literal(f, &pol->consts[in->c]);
        fputs(";\n", f);
        break;
    case KOP_SID:
        fprintf(f, "    s%u = ev->%s_sid;\n", d, in->a ? "dst" : "src");
        break;
    case KOP_MSG_INT:
        fprintf(f, "    s%u = ksm_native_%c%u(ev->msg, %" PRIu32 ");\n", d, in->b ? 's' : 'u', in->a * 8u, in->c);
        break;
    case KOP_EQ: case KOP_NE: case KOP_LT: case KOP_LE: case KOP_GT: case KOP_GE:
        fprintf(f, "    s%u = s%u %s s%u;\n", d - 2, d - 2, cmp[in->op], d - 1);
        break;
    case KOP_ADD: case KOP_SUB:
        fprintf(f, "    s%u = s%u %c s%u;\n    if (!ksm_native_in_range(s%u))\n        return KSM_R_ERROR;\n",
                d - 2, d - 2, in->op == KOP_ADD ? '+' : '-', d - 1, d - 2);
        break;
    case KOP_MUL:
        fprintf(f, "    if (__builtin_mul_overflow(s%u, s%u, &s%u) || !ksm_native_in_range(s%u))\n"
                   "        return KSM_R_ERROR;\n", d - 2, d - 1, d - 2, d - 2);
        break;
    case KOP_NOT:
        fprintf(f, "    s%u = !s%u;\n", d - 1, d - 1);
        break;
    case KOP_JMP:
        fprintf(f, "    goto L%" PRIu32 ";\n", in->c);
        break;
    case KOP_JF_KEEP: case KOP_JT_KEEP:
        fprintf(f, "    if (%ss%u)\n        goto L%" PRIu32 ";\n", in->op == KOP_JF_KEEP ? "!" : "", d - 1, in->c);
        break;
    case KOP_POP:
        break;
    case KOP_RULE:
        if (in->a == KFN_DENY)
            fprintf(f, "    *site = %" PRIu32 "u;\n    return KSM_R_DENY;\n", in->c);
        else if (in->a == KFN_ASSERT)
            fprintf(f, "    if (!s%u) {\n        *site = %" PRIu32 "u;\n        return KSM_R_DENY;\n    }\n", d - 1,
                    in->c);
        break;
    }
}

bool native_program(FILE *f, const struct policy *pol, size_t p) {
    const struct program *pr = &pol->progs[p];
    uint32_t max = pr->max_depth;   /* deeper than pslc counted: left to the interpreter */
    struct pc_state *st = xalloc((pr->n + 1) * sizeof *st);
    for (size_t pc = 0; pc <= pr->n; pc++) {
        st[pc].depth = UINT32_MAX;
        st[pc].types = xalloc(max + 1);
    }
    bool ok = analyse(pol, pr, st, max);
    if (ok) {
        bool *target = xalloc(pr->n + 1);
        uint32_t slots = 0;
        for (size_t pc = 0; pc < pr->n; pc++) {
            const struct ksm_insn *in = &pr->code[pc];
            if (st[pc].depth == UINT32_MAX)
                continue;
            if (in->op == KOP_JMP || in->op == KOP_JF_KEEP || in->op == KOP_JT_KEEP)
                target[in->c] = true;
            if (st[pc].depth + 1 > slots)
                slots = st[pc].depth + 1;
        }
        fprintf(f, "static int native%zu(const struct ksm_event *ev, uint32_t *site) {\n", p);
        for (uint32_t s = 0; s < slots; s++)
            fprintf(f, "    ksm_wide s%u = 0;\n", s);
        for (uint32_t s = 0; s < slots; s++)
            fprintf(f, "    (void)s%u;\n", s);
        fputs("    (void)ev;\n    *site = UINT32_MAX;\n", f);
        for (size_t pc = 0; pc < pr->n; pc++) {
            if (st[pc].depth == UINT32_MAX)
                continue;
            if (target[pc])
                fprintf(f, "L%zu:;\n", pc);
            emit_insn(f, pol, &pr->code[pc], st[pc].depth);
        }
        fputs("}\n", f);
    }
    return ok;
}
