/* Compiling a binding's rule calls and expressions into a ksm/ program (policy.h, enum ksm_opcode),
 * with the type checks: parameters the method's IDL does not have, rules and expressions the model does
 * not have, states/keys/levels the object does not declare, and operand types. */
#include <stdlib.h>
#include <string.h>

#include "pslc.h"

enum vk { V_INT, V_BOOL, V_TEXT, V_UNIT, V_LIST, V_DICT, V_ANY };
static const char *const vk_names[] = {"an integer", "a Boolean", "a text", "()", "a list",
                                       "a dictionary", "a value"};

struct vty {
    enum vk k;
    char **keys;           /* V_DICT, sorted */
    struct vty **fields;
    size_t n;
};

static struct vty *ty(enum vk k) {
    struct vty *t = xalloc(sizeof *t);
    t->k = k;
    return t;
}

struct cstate {
    struct compile_ctx *cx;
    struct program *pr;
    bool ok;
};

static uint32_t here(struct cstate *s) { return (uint32_t)s->pr->n; }

static uint32_t op(struct cstate *s, uint8_t o, uint8_t a, uint16_t b, uint32_t c, int dstack) {
    struct program *pr = s->pr;
    struct ksm_insn in = {o, a, b, c};
    VEC_PUSH(pr->code, pr->n, pr->cap, in);
    pr->depth = (uint32_t)((int)pr->depth + dstack);
    if (pr->depth > pr->max_depth)
        pr->max_depth = pr->depth;
    return (uint32_t)pr->n - 1;
}

static void patch(struct cstate *s, uint32_t at) { s->pr->code[at].c = here(s); }

static struct vty *fail(struct cstate *s, struct loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static struct vty *fail(struct cstate *s, struct loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verror(loc, "error", fmt, ap);
    va_end(ap);
    s->ok = false;
    return NULL;
}

/* ---- constants, sites, locations ---- */

uint32_t policy_const(struct policy *pol, struct ksm_value v) {
    for (size_t i = 0; i < pol->nconsts; i++) {
        struct ksm_value c = pol->consts[i];
        if (c.tag == v.tag && c.neg == v.neg && c.len == v.len &&
            (v.tag == KV_TEXT ? memcmp(c.u.text, v.u.text, v.len) == 0 : c.u.mag == v.u.mag))
            return (uint32_t)i;
    }
    VEC_PUSH(pol->consts, pol->nconsts, pol->consts_cap, v);
    return (uint32_t)pol->nconsts - 1;
}

uint32_t policy_text_const(struct policy *pol, const char *s, size_t len) {
    return policy_const(pol, (struct ksm_value){.tag = KV_TEXT, .len = (uint32_t)len, .u.text = s});
}

uint16_t policy_loc(struct policy *pol, struct loc loc) {
    char *s = xsprintf("%s:%u", loc.src ? loc.src->path : "?", loc.line);
    for (size_t i = 0; i < pol->nlocs; i++)
        if (strcmp(pol->locs[i], s) == 0)
            return (uint16_t)i;
    VEC_PUSH(pol->locs, pol->nlocs, pol->locs_cap, s);
    return (uint16_t)(pol->nlocs - 1);
}

/* The source text of the statement at loc, from its first character to the parenthesis that closes its
 * first one, blanks collapsed, for the audit line of a denial ("assert (message.n < 10)"). */
static const char *stmt_text(struct loc loc) {
    if (!loc.src || !loc.src->text || loc.line == 0)
        return NULL;
    const char *t = loc.src->text, *end = t + loc.src->len;
    for (uint32_t l = 1; l < loc.line && t < end; t++)
        if (*t == '\n')
            l++;
    t += loc.col > 0 ? loc.col - 1 : 0;
    char buf[161];
    size_t n = 0;
    int depth = 0;
    bool opened = false, blank = false;
    for (; t < end && n < sizeof buf - 1; t++) {
        char c = *t;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = n > 0;
            continue;
        }
        if (blank && n < sizeof buf - 2 && !(c == ')' && depth > 0 && buf[n - 1] == '('))
            buf[n++] = ' ';
        blank = false;
        buf[n++] = c;
        if (c == '(')
            depth++, opened = true;
        else if (c == ')' && --depth <= 0 && opened)
            break;
    }
    buf[n] = 0;
    return n ? xsprintf("%s", buf) : NULL;
}

static uint32_t site_src(struct policy *pol, int object, const char *text, const char *src) {
    for (size_t i = 0; i < pol->nsites; i++)
        if (pol->sites[i].object == object && strcmp(pol->sites[i].text, text) == 0 &&
            (pol->sites[i].src == src || (src && pol->sites[i].src && strcmp(pol->sites[i].src, src) == 0)))
            return (uint32_t)i;
    struct site st = {(uint16_t)object, text, src};
    VEC_PUSH(pol->sites, pol->nsites, pol->sites_cap, st);
    return (uint32_t)pol->nsites - 1;
}

static uint32_t site(struct policy *pol, int object, const char *text) { return site_src(pol, object, text, NULL); }

int policy_regex(struct policy *pol, const char *pattern, struct loc loc) {
    for (size_t i = 0; i < pol->nregexes; i++)
        if (strcmp(pol->regexes[i]->source, pattern) == 0)
            return (int)i;
    struct regex_dfa *d = regex_compile(pattern, loc);
    if (!d)
        return -1;
    VEC_PUSH(pol->regexes, pol->nregexes, pol->regexes_cap, d);
    return (int)pol->nregexes - 1;
}

static void push_const(struct cstate *s, struct ksm_value v) {
    op(s, KOP_CONST, 0, 0, policy_const(s->cx->pol, v), 1);
}

/* ---- message fields ---- */

struct mpath {
    const struct nkc_type *t;
    uint32_t off, hidx;
    int sub;               /* 1: .handle, 2: .rights of a Handle */
    const char *name;
};

static uint32_t handles_before_slot(const struct nkc_msg_layout *l, const struct nkc_slot *slot) {
    uint32_t n = 0;
    for (const struct nkc_slot *x = l->slots; x < slot; x++)
        n += x->param->type ? nkc_type_resolve(x->param->type)->nhandles : 0;
    return n;
}

static bool msg_path(struct cstate *s, const struct expr *e, struct mpath *mp) {
    struct compile_ctx *cx = s->cx;
    if (e->kind == E_FIELD && e->a->kind == E_NAME && strcmp(e->a->text, "message") == 0) {
        cx->uses_message = true;
        if (!cx->layout) {
            fail(s, e->a->loc, cx->ev == EV_EXECUTE ? "execute events carry no message"
                                                    : "'message' needs a binding that selects the method");
            return false;
        }
        const struct nkc_slot *slot = nkc_layout_find(cx->layout, e->text);
        if (!slot) {
            fail(s, e->loc, "%s has no %s parameter '%s'", cx->msg_what,
                 cx->ev == EV_REQUEST || cx->ev == EV_SECURITY ? "in" : cx->ev == EV_ERROR ? "error" : "out",
                 e->text);
            return false;
        }
        *mp = (struct mpath){nkc_type_resolve(slot->param->type), slot->offset,
                             handles_before_slot(cx->layout, slot), 0, e->text};
        return true;
    }
    if (e->kind == E_FIELD) {
        if (!msg_path(s, e->a, mp))
            return false;
        if (mp->sub) {
            fail(s, e->loc, "'%s' has no field '%s'", mp->name, e->text);
            return false;
        }
        if (mp->t->kind == NKC_T_HANDLE) {
            if (strcmp(e->text, "handle") != 0 && strcmp(e->text, "rights") != 0) {
                fail(s, e->loc, "a handle has the fields 'handle' and 'rights', not '%s'", e->text);
                return false;
            }
            mp->sub = e->text[0] == 'h' ? 1 : 2;
            return true;
        }
        if (mp->t->kind != NKC_T_STRUCT) {
            fail(s, e->loc, "'%s' is not a structure; it has no field '%s'", mp->name, e->text);
            return false;
        }
        const struct nkc_field *f = nkc_type_field(mp->t, e->text);
        if (!f) {
            fail(s, e->loc, "structure '%s' has no field '%s'", mp->t->name ? mp->t->name : mp->name, e->text);
            return false;
        }
        for (const struct nkc_field *x = mp->t->fields; x < f; x++)
            mp->hidx += nkc_type_resolve(x->type)->nhandles;
        mp->off += f->offset;
        mp->t = nkc_type_resolve(f->type);
        mp->name = e->text;
        return true;
    }
    if (e->kind == E_INDEX) {
        if (!msg_path(s, e->a, mp))
            return false;
        if (mp->t->kind != NKC_T_ARRAY || mp->sub) {
            fail(s, e->loc, "only IDL arrays can be indexed in a message");
            return false;
        }
        if (e->b->kind != E_INT || e->b->neg) {
            fail(s, e->b->loc, "a message array index must be an integer literal");
            return false;
        }
        if (e->b->mag >= mp->t->bound) {
            fail(s, e->b->loc, "index %llu is out of range for array '%s' of %llu elements",
                 (unsigned long long)e->b->mag, mp->name, (unsigned long long)mp->t->bound);
            return false;
        }
        const struct nkc_type *el = nkc_type_resolve(mp->t->elem);
        mp->off += (uint32_t)e->b->mag * el->size;
        mp->hidx += (uint32_t)e->b->mag * el->nhandles;
        mp->t = el;
        return true;
    }
    return false;
}

static bool is_message_path(const struct expr *e) {
    while (e->kind == E_FIELD || e->kind == E_INDEX)
        e = e->a;
    return e->kind == E_NAME && strcmp(e->text, "message") == 0;
}

static struct vty *compile_message(struct cstate *s, const struct expr *e) {
    struct mpath mp;
    if (!msg_path(s, e, &mp))
        return NULL;
    if (mp.sub == 1) {
        op(s, KOP_MSG_HSID, 0, 0, mp.hidx, 1);
        return ty(V_INT);
    }
    if (mp.sub == 2) {
        op(s, KOP_MSG_INT, 4, 0, mp.off + 4, 1);
        return ty(V_INT);
    }
    switch (mp.t->kind) {
    case NKC_T_INT:
        op(s, KOP_MSG_INT, (uint8_t)(mp.t->bits / 8), mp.t->is_signed, mp.off, 1);
        return ty(V_INT);
    case NKC_T_STRING:
        op(s, KOP_MSG_TEXT, 0, 0, mp.off, 1);
        return ty(V_TEXT);
    case NKC_T_HANDLE:
        return fail(s, e->loc, "'%s' is a handle: use '%s.handle' (its SID) or '%s.rights'", mp.name,
                    mp.name, mp.name);
    default: {
        static const char *const k[] = {"integer", "handle", "array", "sequence", "bytes", "string",
                                        "structure", "union", "typedef"};
        return fail(s, e->loc, "'%s' is of IDL type %s, which a policy can only read through its "
                               "fields or elements", mp.name, k[mp.t->kind]);
    }
    }
}

/* `size (x)`: the number of elements of a sequence (or bytes) of the message, read from its arena
 * descriptor by the KSM (KOP_MSG_SEQLEN). */
static struct vty *compile_size(struct cstate *s, const struct expr *e) {
    if (e->n != 1)
        return fail(s, e->loc, "'size' takes one argument, a sequence of the message, not %zu arguments", e->n);
    const struct expr *x = e->items[0];
    if (!is_message_path(x) || x->kind == E_NAME)
        return fail(s, x->loc, "'size' counts the elements of a sequence of the message, e.g. "
                               "'size (message.items)'");
    struct mpath mp;
    if (!msg_path(s, x, &mp))
        return NULL;
    uint32_t elem;
    if (mp.sub == 0 && mp.t->kind == NKC_T_SEQUENCE)
        elem = nkc_type_resolve(mp.t->elem)->size;
    else if (mp.sub == 0 && mp.t->kind == NKC_T_BYTES)
        elem = 1;
    else if (mp.sub)
        return fail(s, x->loc, "'size' needs a sequence or bytes of the message; '%s' is an integer", mp.name);
    else {
        static const char *const k[] = {"integer", "handle", "array", "sequence", "bytes", "string",
                                        "structure", "union", "typedef"};
        return fail(s, x->loc, "'size' needs a sequence or bytes of the message; '%s' is of IDL type %s",
                    mp.name, k[mp.t->kind]);
    }
    if (elem == 0 || elem > UINT16_MAX)
        return fail(s, x->loc, "the elements of '%s' are too large for 'size' (%u bytes)", mp.name, elem);
    op(s, KOP_MSG_SEQLEN, 0, (uint16_t)elem, mp.off, 1);
    return ty(V_INT);
}

/* ---- expressions ---- */

static struct vty *expr(struct cstate *s, const struct expr *e);
static struct vty *call_expr(struct cstate *s, const struct expr *e);

static bool same_kind(const struct vty *a, const struct vty *b) {
    return a->k == b->k || a->k == V_ANY || b->k == V_ANY;
}

static struct vty *dict_literal(struct cstate *s, const struct expr *e) {
    size_t *order = xalloc((e->n + 1) * sizeof *order);
    for (size_t i = 0; i < e->n; i++)
        order[i] = i;
    for (size_t i = 1; i < e->n; i++)
        for (size_t j = i; j > 0 && strcmp(e->keys[order[j - 1]], e->keys[order[j]]) > 0; j--) {
            size_t x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    struct vty *t = ty(V_DICT);
    t->n = e->n;
    t->keys = xalloc((e->n + 1) * sizeof *t->keys);
    t->fields = xalloc((e->n + 1) * sizeof *t->fields);
    for (size_t i = 0; i < e->n; i++) {
        t->keys[i] = e->keys[order[i]];
        if (!(t->fields[i] = expr(s, e->items[order[i]])))
            return NULL;
    }
    op(s, KOP_LIST, 0, 0, (uint32_t)e->n, 1 - (int)e->n);
    s->pr->heap += (uint32_t)e->n;
    return t;
}

static struct vty *binary(struct cstate *s, const struct expr *e) {
    if (e->op == T_AND || e->op == T_OR || e->op == T_IMPL) {
        struct vty *a = expr(s, e->a);
        if (!a)
            return NULL;
        if (a->k != V_BOOL && a->k != V_ANY)
            return fail(s, e->a->loc, "%s needs Boolean operands, not %s", tok_name(e->op), vk_names[a->k]);
        if (e->op == T_IMPL)
            op(s, KOP_NOT, 0, 0, 0, 0);
        uint32_t j = op(s, e->op == T_AND ? KOP_JF_KEEP : KOP_JT_KEEP, 0, 0, 0, -1);
        struct vty *b = expr(s, e->b);
        if (!b)
            return NULL;
        if (b->k != V_BOOL && b->k != V_ANY)
            return fail(s, e->b->loc, "%s needs Boolean operands, not %s", tok_name(e->op), vk_names[b->k]);
        patch(s, j);
        return ty(V_BOOL);
    }
    struct vty *a = expr(s, e->a);
    struct vty *b = a ? expr(s, e->b) : NULL;
    if (!a || !b)
        return NULL;
    static const struct { enum tok t; uint8_t op; } map[] = {
        {T_EQ, KOP_EQ}, {T_NE, KOP_NE}, {T_LT, KOP_LT}, {T_LE, KOP_LE}, {T_GT, KOP_GT}, {T_GE, KOP_GE},
        {T_PLUS, KOP_ADD}, {T_MINUS, KOP_SUB}, {T_STAR, KOP_MUL}};
    uint8_t o = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].t == e->op)
            o = map[i].op;
    if (o == KOP_EQ || o == KOP_NE) {
        if (!same_kind(a, b))
            return fail(s, e->loc, "cannot compare %s with %s", vk_names[a->k], vk_names[b->k]);
        op(s, o, 0, 0, 0, -1);
        return ty(V_BOOL);
    }
    if ((a->k != V_INT && a->k != V_ANY) || (b->k != V_INT && b->k != V_ANY))
        return fail(s, e->loc, "%s needs integer operands, not %s and %s", tok_name(e->op),
                    vk_names[a->k], vk_names[b->k]);
    op(s, o, 0, 0, 0, -1);
    return ty(o >= KOP_ADD ? V_INT : V_BOOL);
}

static struct vty *expr(struct cstate *s, const struct expr *e) {
    switch (e->kind) {
    case E_INT:
        push_const(s, (struct ksm_value){.tag = KV_INT, .neg = e->neg, .u.mag = e->mag});
        if (e->neg && e->mag > (uint64_t)1 << 63)
            return fail(s, e->loc, "integer literal below -2^63");
        return ty(V_INT);
    case E_TEXT:
        push_const(s, (struct ksm_value){.tag = KV_TEXT, .len = (uint32_t)strlen(e->text), .u.text = e->text});
        return ty(V_TEXT);
    case E_BOOL:
        push_const(s, KSM_BOOL(e->mag));
        return ty(V_BOOL);
    case E_UNIT:
        push_const(s, KSM_UNIT);
        return ty(V_UNIT);
    case E_LIST: {
        struct vty *first = NULL;
        for (size_t i = 0; i < e->n; i++) {
            struct vty *t = expr(s, e->items[i]);
            if (!t)
                return NULL;
            if (first && !same_kind(first, t))
                return fail(s, e->items[i]->loc, "list elements must have one type: %s after %s",
                            vk_names[t->k], vk_names[first->k]);
            first = first ? first : t;
        }
        op(s, KOP_LIST, 0, 0, (uint32_t)e->n, 1 - (int)e->n);
        s->pr->heap += (uint32_t)e->n;
        return ty(V_LIST);
    }
    case E_DICT:
        return dict_literal(s, e);
    case E_NAME:
        if (strcmp(e->text, "src_sid") == 0 || strcmp(e->text, "dst_sid") == 0) {
            if (s->cx->ev == EV_SECURITY && e->text[0] == 'd')
                return fail(s, e->loc, "security events have no destination: 'dst_sid' is not available");
            op(s, KOP_SID, e->text[0] == 'd', 0, 0, 1);
            return ty(V_INT);
        }
        if (strcmp(e->text, "message") == 0)
            return fail(s, e->loc, "'message' is a dictionary of parameters: read a field, e.g. 'message.value'");
        return fail(s, e->loc, "unknown name '%s'", e->text);
    case E_FIELD:
    case E_INDEX: {
        if (is_message_path(e))
            return compile_message(s, e);
        struct vty *b = expr(s, e->a);
        if (!b)
            return NULL;
        if (e->kind == E_INDEX) {
            if (b->k != V_LIST && b->k != V_ANY)
                return fail(s, e->loc, "only lists can be indexed, not %s", vk_names[b->k]);
            struct vty *i = expr(s, e->b);
            if (!i)
                return NULL;
            if (i->k != V_INT && i->k != V_ANY)
                return fail(s, e->b->loc, "a list index is an integer, not %s", vk_names[i->k]);
            op(s, KOP_INDEX, 0, 0, 0, -1);
            return ty(V_ANY);
        }
        if (b->k != V_DICT)
            return fail(s, e->loc, "%s has no field '%s'", vk_names[b->k], e->text);
        for (size_t i = 0; i < b->n; i++)
            if (strcmp(b->keys[i], e->text) == 0) {
                op(s, KOP_FIELD, 0, 0, (uint32_t)i, 0);
                return b->fields[i];
            }
        return fail(s, e->loc, "the dictionary has no field '%s'", e->text);
    }
    case E_CALL:
        return call_expr(s, e);
    case E_UNARY: {
        if (e->op == T_MINUS)
            push_const(s, KSM_INT_U(0));
        struct vty *a = expr(s, e->a);
        if (!a)
            return NULL;
        if (e->op == T_NOT) {
            if (a->k != V_BOOL && a->k != V_ANY)
                return fail(s, e->loc, "'!' needs a Boolean, not %s", vk_names[a->k]);
            op(s, KOP_NOT, 0, 0, 0, 0);
            return ty(V_BOOL);
        }
        if (a->k != V_INT && a->k != V_ANY)
            return fail(s, e->loc, "'-' needs an integer, not %s", vk_names[a->k]);
        op(s, KOP_SUB, 0, 0, 0, -1);
        return ty(V_INT);
    }
    case E_BINARY:
        return binary(s, e);
    case E_SIZE:
        return compile_size(s, e);
    }
    return NULL;
}

/* ---- calls ---- */

static int find_text(char **v, size_t n, const char *t) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], t) == 0)
            return (int)i;
    return -1;
}

static bool want(struct cstate *s, const struct vty *t, enum vk k, const struct expr *e, const char *what) {
    if (!t)
        return false;
    if (t->k == k || t->k == V_ANY)
        return true;
    fail(s, e->loc, "%s must be %s, not %s", what, vk_names[k], vk_names[t->k]);
    return false;
}

static bool level_arg(struct cstate *s, const struct object *o, const struct expr *e, const char *what) {
    if (e->kind == E_UNIT) {
        push_const(s, KSM_UNIT);
        return true;
    }
    if (e->kind == E_TEXT) {
        int d = find_text(o->degrees, o->ndeg, e->text);
        if (d < 0) {
            fail(s, e->loc, "Mic object '%s' has no level '%s'", o->name, e->text);
            return false;
        }
        push_const(s, KSM_INT_U((uint64_t)d));
        return true;
    }
    if (e->kind == E_DICT && o->ncat) {
        uint64_t cats = 0, deg = 0;
        for (size_t i = 0; i < e->n; i++) {
            const struct expr *v = e->items[i];
            if (strcmp(e->keys[i], "degree") == 0 && v->kind == E_TEXT) {
                int d = find_text(o->degrees, o->ndeg, v->text);
                if (d < 0) {
                    fail(s, v->loc, "Mic object '%s' has no degree '%s'", o->name, v->text);
                    return false;
                }
                deg = (uint64_t)d;
            } else if (strcmp(e->keys[i], "categories") == 0 && v->kind == E_LIST) {
                for (size_t j = 0; j < v->n; j++) {
                    int c = v->items[j]->kind == E_TEXT ? find_text(o->cats, o->ncat, v->items[j]->text) : -1;
                    if (c < 0) {
                        fail(s, v->items[j]->loc, "Mic object '%s' has no such category", o->name);
                        return false;
                    }
                    cats |= (uint64_t)1 << c;
                }
            } else if (!((strcmp(e->keys[i], "degree") == 0 || strcmp(e->keys[i], "categories") == 0) &&
                         v->kind == E_UNIT)) {
                fail(s, e->key_locs[i], "a Mic level is {degree : Text, categories : [Text...]}");
                return false;
            }
        }
        push_const(s, KSM_INT_U(cats << 8 | deg));
        return true;
    }
    struct vty *t = expr(s, e);
    if (t && t->k != V_TEXT && t->k != V_DICT && t->k != V_ANY && t->k != V_UNIT) {
        fail(s, e->loc, "%s must be a Mic level, not %s", what, vk_names[t->k]);
        return false;
    }
    return t != NULL;
}

static bool param(struct cstate *s, const struct object *o, const struct param_sig *p, const struct expr *e,
                  const char *callee) {
    const char *what = xsprintf("'%s' of %s", p->name, callee);
    switch (p->kind) {
    case PK_ANY:
        return expr(s, e) != NULL;
    case PK_BOOL:
        return want(s, expr(s, e), V_BOOL, e, what);
    case PK_INT:
        return want(s, expr(s, e), V_INT, e, what);
    case PK_LIST:
        return want(s, expr(s, e), V_LIST, e, what);
    case PK_TEXT:
        return want(s, expr(s, e), V_TEXT, e, what);
    case PK_EMPTYABLE: {
        struct vty *t = expr(s, e);
        if (t && t->k != V_TEXT && t->k != V_LIST && t->k != V_DICT && t->k != V_ANY) {
            fail(s, e->loc, "%s must be a text, list, set or map, not %s", what, vk_names[t->k]);
            return false;
        }
        return t != NULL;
    }
    case PK_SID:
        return want(s, expr(s, e), V_INT, e, what);
    case PK_SID_OPT: {
        struct vty *t = expr(s, e);
        if (t && t->k == V_UNIT)
            return true;
        return want(s, t, V_INT, e, what);
    }
    case PK_STATE:
        if (e->kind == E_TEXT) {
            int st = find_text(o->states, o->nstates, e->text);
            if (st < 0) {
                fail(s, e->loc, "Flow object '%s' has no state '%s'", o->name, e->text);
                return false;
            }
            push_const(s, KSM_INT_U((uint64_t)st));
            return true;
        }
        return want(s, expr(s, e), V_TEXT, e, what);
    case PK_STATES:
        if (e->kind == E_LIST) {
            for (size_t i = 0; i < e->n; i++)
                if (!param(s, o, &(struct param_sig){p->name, PK_STATE}, e->items[i], callee))
                    return false;
            op(s, KOP_LIST, 0, 0, (uint32_t)e->n, 1 - (int)e->n);
            s->pr->heap += (uint32_t)e->n;
            return true;
        }
        return want(s, expr(s, e), V_LIST, e, what);
    case PK_KEY:
        if (e->kind == E_TEXT) {
            int k = find_text(o->keys, o->nkeys, e->text);
            if (k < 0) {
                fail(s, e->loc, "StaticMap object '%s' has no key '%s'", o->name, e->text);
                return false;
            }
            push_const(s, KSM_INT_U((uint64_t)k));
            return true;
        }
        return want(s, expr(s, e), V_TEXT, e, what);
    case PK_VALUE:
        if (e->kind == E_INT && (e->neg ? !o->value_range.lo_neg || e->mag > o->value_range.lo_mag
                                        : e->mag > o->value_range.hi)) {
            fail(s, e->loc, "%s%llu does not fit the Value type of StaticMap object '%s'", e->neg ? "-" : "",
                 (unsigned long long)e->mag, o->name);
            return false;
        }
        return want(s, expr(s, e), V_INT, e, what);
    case PK_ENTRY: {
        if (e->kind == E_INT && o->width == 1 &&
            (e->neg ? !o->ranges[0].lo_neg || e->mag > o->ranges[0].lo_mag : e->mag > o->ranges[0].hi)) {
            fail(s, e->loc, "%s%llu does not fit the Entry type of HashSet object '%s'", e->neg ? "-" : "",
                 (unsigned long long)e->mag, o->name);
            return false;
        }
        struct vty *t = expr(s, e);
        if (t && o->width == 1 && t->k != V_INT && t->k != V_BOOL && t->k != V_ANY) {
            fail(s, e->loc, "%s must be a scalar, not %s", what, vk_names[t->k]);
            return false;
        }
        return t != NULL;
    }
    case PK_LEVEL:
        return level_arg(s, o, e, what);
    case PK_PATTERN:
        return true;
    }
    return false;
}

/* Pushes the arguments of a call in the signature's order; *fn_b gets the regex index for re.match. */
static bool call_args(struct cstate *s, const struct object *o, const struct method_sig *m,
                      const struct expr *arg, struct loc loc, const char *callee, uint16_t *fn_b) {
    if (m->positional) {
        if (m->nparams == 0) {
            if (arg->kind != E_UNIT) {
                fail(s, arg->loc, "'%s' takes no argument: write '%s ()'", callee, callee);
                return false;
            }
            return true;
        }
        return param(s, o, &m->params[0], arg, callee);
    }
    if (arg->kind != E_DICT) {
        char *keys = xstrdup("");
        for (size_t i = 0; i < m->nparams; i++)
            keys = xsprintf("%s%s%s", keys, i ? ", " : "", m->params[i].name);
        fail(s, arg->loc, "the argument of %s is a dictionary {%s}", callee, keys);
        return false;
    }
    for (size_t i = 0; i < arg->n; i++) {
        size_t k = 0;
        while (k < m->nparams && strcmp(m->params[k].name, arg->keys[i]) != 0)
            k++;
        if (k == m->nparams) {
            fail(s, arg->key_locs[i], "%s has no parameter '%s'", callee, arg->keys[i]);
            return false;
        }
    }
    for (size_t k = 0; k < m->nparams; k++) {
        const struct expr *v = NULL;
        for (size_t i = 0; i < arg->n; i++)
            if (strcmp(arg->keys[i], m->params[k].name) == 0)
                v = arg->items[i];
        if (m->params[k].kind == PK_PATTERN) {
            if (!v || v->kind != E_TEXT) {
                fail(s, v ? v->loc : loc, "the pattern of %s must be a text literal (patterns are compiled "
                                          "when the policy is built)", callee);
                return false;
            }
            int rx = policy_regex(s->cx->pol, v->text, v->loc);
            if (rx < 0) {
                s->ok = false;
                return false;
            }
            *fn_b = (uint16_t)rx;
            continue;
        }
        if (!v) {
            if (m->params[k].kind == PK_SID_OPT || m->params[k].kind == PK_LEVEL) {
                push_const(s, KSM_UNIT);
                continue;
            }
            fail(s, arg->loc, "%s needs '%s'", callee, m->params[k].name);
            return false;
        }
        if (!param(s, o, &m->params[k], v, callee))
            return false;
    }
    return true;
}

/* Resolves obj.name to an object and a model method; reports and returns NULL on failure. */
static const struct method_sig *resolve(struct cstate *s, const char *obj, const char *name, struct loc loc,
                                        int *oi) {
    struct policy *pol = s->cx->pol;
    if (!obj) {
        *oi = 0;
        const struct method_sig *m = model_method(OK_BASE, name);
        if (!m)
            fail(s, loc, "unknown rule '%s' (without an object only grant, deny and assert)", name);
        return m;
    }
    *oi = policy_object(pol, obj);
    if (*oi < 0) {
        fail(s, loc, "unknown object '%s'", obj);
        return NULL;
    }
    const struct object *o = &pol->objects[*oi];
    const struct method_sig *m = model_method(o->kind, name);
    if (!m && o->kind == OK_REGEX && strcmp(name, "select") == 0)
        fail(s, loc, "re.select can only be the subject of a choice");
    else if (!m)
        fail(s, loc, "%s object '%s' has no rule or expression '%s'", objkind_model_name(o->kind), obj, name);
    return m;
}

static struct vty *call_expr(struct cstate *s, const struct expr *e) {
    int oi;
    const struct method_sig *m = resolve(s, e->obj, e->text, e->loc, &oi);
    if (!m)
        return NULL;
    const char *callee = xsprintf("%s.%s", e->obj, e->text);
    if (m->rule)
        return fail(s, e->loc, "'%s' is a rule, not an expression", callee);
    uint16_t b = (uint16_t)oi;
    if (!call_args(s, &s->cx->pol->objects[oi], m, e->a, e->loc, callee, &b))
        return NULL;
    int n = m->fn == KFN_RE_MATCH ? 1 : m->nparams;
    op(s, KOP_FN, m->fn, b, site(s->cx->pol, oi, callee), 1 - n);
    if (m->fn == KFN_MIC_QUERY_LEVEL)
        s->pr->heap += 2 + (uint32_t)s->cx->pol->objects[oi].ncat;
    switch (m->fn) {
    case KFN_EMPTY: case KFN_ALL: case KFN_ANY: case KFN_RE_MATCH: case KFN_HS_CONTAINS:
        return ty(V_BOOL);
    case KFN_NEG: case KFN_ABS: case KFN_SUM: case KFN_PRODUCT: case KFN_SM_GET: case KFN_SM_GET_UNCOMMITTED:
        return ty(V_INT);
    case KFN_FLOW_QUERY:
        return ty(V_TEXT);
    case KFN_MIC_QUERY_LEVEL:
        return ty(s->cx->pol->objects[oi].ncat ? V_ANY : V_TEXT);
    default:
        return ty(V_ANY);
    }
}

/* ---- statements ---- */

static void stmts(struct cstate *s, struct stmt **body, size_t n, bool in_choice);

static void call_stmt(struct cstate *s, const struct stmt *st) {
    int oi;
    const struct method_sig *m = resolve(s, st->obj, st->name, st->name_loc, &oi);
    if (!m)
        return;
    const char *callee = st->obj ? xsprintf("%s.%s", st->obj, st->name) : st->name;
    if (!m->rule) {
        fail(s, st->name_loc, "'%s' is an expression, not a rule: use it in 'assert (...)' or 'choice'", callee);
        return;
    }
    uint16_t b = (uint16_t)oi;
    if (m->fn == KFN_DENY && st->arg->kind != E_UNIT) {
        /* `deny (B)`: denied when B holds, granted otherwise. It runs as assert (!B) (the KSM's assert:
         * anything but a Boolean is an error, denied) and its audit records name it "deny". */
        static const struct method_sig deny_cond = {OK_BASE, "deny", KFN_ASSERT, true, true, 1,
                                                    {{"condition", PK_BOOL}}};
        if (!call_args(s, &s->cx->pol->objects[oi], &deny_cond, st->arg, st->loc, callee, &b))
            return;
        op(s, KOP_NOT, 0, 0, 0, 0);
        op(s, KOP_RULE, KFN_ASSERT, b, site_src(s->cx->pol, oi, callee, stmt_text(st->loc)), -1);
        return;
    }
    if (!call_args(s, &s->cx->pol->objects[oi], m, st->arg, st->loc, callee, &b))
        return;
    op(s, KOP_RULE, m->fn, b,
       site_src(s->cx->pol, oi, callee, m->fn == KFN_ASSERT ? stmt_text(st->loc) : NULL), -(int)m->nparams);
}

static void choice_stmt(struct cstate *s, const struct stmt *st) {
    const struct expr *scr = st->arg;
    bool rx = false;
    if (scr->kind == E_CALL && scr->obj && strcmp(scr->text, "select") == 0 &&
        policy_object(s->cx->pol, scr->obj) >= 0 &&
        s->cx->pol->objects[policy_object(s->cx->pol, scr->obj)].kind == OK_REGEX) {
        const struct expr *a = scr->a;
        if (a->kind != E_DICT || a->n != 1 || strcmp(a->keys[0], "text") != 0) {
            fail(s, a->loc, "the argument of re.select is a dictionary {text}");
            return;
        }
        if (!want(s, expr(s, a->items[0]), V_TEXT, a->items[0], "'text' of re.select"))
            return;
        rx = true;
    } else if (!expr(s, scr)) {
        return;
    }
    uint32_t base_depth = s->pr->depth;   /* the scrutinee is on the stack */
    uint32_t *ends = xalloc((st->nbranches + 1) * sizeof *ends);
    bool has_default = false;
    for (size_t i = 0; i < st->nbranches; i++) {
        const struct branch *br = &st->branches[i];
        uint32_t skip = UINT32_MAX;
        if (br->pattern) {
            if (rx) {
                if (br->pattern->kind != E_TEXT) {
                    fail(s, br->pattern->loc, "re.select branches are text patterns");
                    return;
                }
                int r = policy_regex(s->cx->pol, br->pattern->text, br->pattern->loc);
                if (r < 0) {
                    s->ok = false;
                    return;
                }
                skip = op(s, KOP_JNRE, 0, (uint16_t)r, 0, 0);
            } else {
                if (!expr(s, br->pattern))
                    return;
                skip = op(s, KOP_JNE_POP, 0, 0, 0, -1);
            }
        } else {
            has_default = true;
        }
        op(s, KOP_POP, 0, 0, 0, -1);
        stmts(s, br->body, br->n, true);
        ends[i] = op(s, KOP_JMP, 0, 0, 0, 0);
        s->pr->depth = base_depth;
        if (skip != UINT32_MAX)
            patch(s, skip);
        if (!br->pattern && i + 1 < st->nbranches) {
            fail(s, st->branches[i + 1].loc, "the '_' branch must be the last one");
            return;
        }
    }
    if (!has_default)
        op(s, KOP_FAIL, 0, 0, 0, 0);
    for (size_t i = 0; i < st->nbranches; i++)
        patch(s, ends[i]);
    s->pr->depth = base_depth - 1;
}

static void stmts(struct cstate *s, struct stmt **body, size_t n, bool in_choice) {
    for (size_t i = 0; i < n; i++) {
        const struct stmt *st = body[i];
        switch (st->kind) {
        case S_CALL:
            call_stmt(s, st);
            break;
        case S_CHOICE:
            choice_stmt(s, st);
            break;
        case S_MATCH:
        case S_AUDIT:
            if (in_choice)
                fail(s, st->loc, "'%s' is not allowed inside a choice branch",
                     st->kind == S_MATCH ? "match" : "audit");
            break;   /* handled by table.c */
        }
    }
}

static bool walk_uses_message(const struct expr *e) {
    if (!e)
        return false;
    if (e->kind == E_NAME)
        return strcmp(e->text, "message") == 0;
    if (walk_uses_message(e->a) || walk_uses_message(e->b))
        return true;
    for (size_t i = 0; i < e->n; i++)
        if (e->items && walk_uses_message(e->items[i]))
            return true;
    return false;
}

bool body_uses_message(struct stmt **body, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const struct stmt *st = body[i];
        if (st->kind == S_CALL || st->kind == S_CHOICE)
            if (walk_uses_message(st->arg))
                return true;
        for (size_t b = 0; st->kind == S_CHOICE && b < st->nbranches; b++)
            if (walk_uses_message(st->branches[b].pattern) ||
                body_uses_message(st->branches[b].body, st->branches[b].n))
                return true;
    }
    return false;
}

int compile_block(struct compile_ctx *cx, struct stmt **body, size_t n) {
    struct policy *pol = cx->pol;
    struct program pr = {0};
    struct cstate s = {cx, &pr, true};
    stmts(&s, body, n, false);
    op(&s, KOP_END, 0, 0, 0, 0);
    if (!s.ok)
        return -1;
    pr.const_grant = true;
    for (size_t i = 0; i < n; i++)
        if (body[i]->kind == S_CHOICE ||
            (body[i]->kind == S_CALL && (body[i]->obj || strcmp(body[i]->name, "grant") != 0)))
            pr.const_grant = false;
    if (pr.max_depth > pol->max_stack)
        pol->max_stack = pr.max_depth;
    if (pr.heap > pol->max_heap)
        pol->max_heap = pr.heap;
    VEC_PUSH(pol->progs, pol->nprogs, pol->progs_cap, pr);
    return (int)pol->nprogs - 1;
}
