/* The reason of a denial as text (ksm_audit_reason_text, audit.h): what the engine and the models wrote
 * in struct ksm_why when they said no, named with the linked policy's tables. Freestanding; runs only
 * for records of denials (the kernel's audit line, PAL reports, ksm_audit_dump). */
#include "audit.h"
#include "policy.h"
#include "verify.h"

struct buf {
    char *p;
    size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t len) {
    for (size_t i = 0; i < len && s && s[i]; i++)
        if (b->n + 1 < b->cap)
            b->p[b->n++] = s[i];
}
static void puts_(struct buf *b, const char *s) { put(b, s, (size_t)-1); }

static void putu(struct buf *b, uint64_t v) {
    char d[21];
    int n = 0;
    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        put(b, &d[--n], 1);
}

static void put_text(struct buf *b, const struct ksm_text *t) {
    puts_(b, "\"");
    put(b, t->s, t->len);
    puts_(b, "\"");
}

/* Operand i of a comparison or a choice's value. */
static void put_value(struct buf *b, const struct ksm_why *w, unsigned i) {
    switch (w->vt[i]) {
    case KV_INT:
        if (w->vneg >> i & 1u)
            puts_(b, "-");
        putu(b, w->v[i]);
        break;
    case KV_BOOL:
        puts_(b, w->v[i] ? "true" : "false");
        break;
    case KV_TEXT:
        puts_(b, "(a text)");
        break;
    case KV_LIST:
        puts_(b, "(a list)");
        break;
    default:
        puts_(b, "()");
        break;
    }
}

static void put_const(struct buf *b, const struct ksm_value *v) {
    if (v->tag == KV_TEXT) {
        struct ksm_text t = {v->u.text, v->len};
        put_text(b, &t);
    } else if (v->tag == KV_INT) {
        if (v->neg)
            puts_(b, "-");
        putu(b, v->u.mag);
    } else if (v->tag == KV_BOOL) {
        puts_(b, v->u.mag ? "true" : "false");
    } else {
        puts_(b, "(a value)");
    }
}

static const char *object_name(const struct ksm_policy *p, unsigned obj) {
    return obj < p->nobjects && p->objects[obj].name ? p->objects[obj].name : "?";
}

static void put_state(struct buf *b, const struct ksm_flow *f, unsigned s) {
    if (f && s < f->nstates)
        put_text(b, &f->states[s]);
    else
        puts_(b, "?");
}

static void flow(struct buf *b, const struct ksm_policy *p, const struct ksm_why *w) {
    const struct ksm_flow *f =
        w->obj < p->nobjects && p->objects[w->obj].model == KM_FLOW ? p->objects[w->obj].impl : NULL;
    puts_(b, object_name(p, w->obj));
    if (w->op == KFN_FLOW_INIT) {
        if (w->a == KSM_AUDIT_NONE) {
            puts_(b, " has no free context (the pool is full)");
        } else {
            puts_(b, " is already initialised (state ");
            put_state(b, f, w->a);
            puts_(b, ")");
        }
        return;
    }
    if (w->a == KSM_AUDIT_NONE)
        puts_(b, " is not initialised for this SID");
    else {
        puts_(b, " is in state ");
        put_state(b, f, w->a);
    }
    if (w->op == KFN_FLOW_ENTER && w->b != KSM_AUDIT_NONE) {
        puts_(b, w->a == KSM_AUDIT_NONE ? " (enter " : ", no transition to ");
        put_state(b, f, w->b);
        puts_(b, w->a == KSM_AUDIT_NONE ? " asked)" : "");
    } else if (w->op == KFN_FLOW_ALLOW && w->a != KSM_AUDIT_NONE) {
        puts_(b, ", not one of the states allowed");
    }
}

static const char *const roles[] = {"source", "target", "driver", "container", "image", "level", "levelR",
                                    "current level"};
static const char *role(unsigned r) { return r < sizeof roles / sizeof roles[0] ? roles[r] : "?"; }

static void put_level(struct buf *b, const struct ksm_mic *m, uint64_t cats, unsigned deg) {
    if (!m) {
        puts_(b, "?");
        return;
    }
    if (m->ncat) {
        puts_(b, "{categories: [");
        bool first = true;
        for (unsigned c = 0; c < m->ncat && c < 64; c++)
            if (cats >> c & 1u) {
                puts_(b, first ? "" : ", ");
                first = false;
                put_text(b, &m->categories[c]);
            }
        puts_(b, "], degree: ");
    }
    if (deg < m->ndeg)
        put_text(b, &m->degrees[deg]);
    else
        puts_(b, "?");
    if (m->ncat)
        puts_(b, "}");
}

static void mic(struct buf *b, const struct ksm_policy *p, const struct ksm_why *w) {
    const struct ksm_mic *m =
        w->obj < p->nobjects && p->objects[w->obj].model == KM_MIC ? p->objects[w->obj].impl : NULL;
    unsigned l = w->b >> 4, r = w->b & 15u;
    puts_(b, object_name(p, w->obj));
    puts_(b, ": ");
    switch (w->a) {
    case KSM_WHY_MIC_NOLEVEL:
        puts_(b, "the ");
        puts_(b, role(l));
        puts_(b, " has no integrity level");
        return;
    case KSM_WHY_MIC_ONCE:
        puts_(b, "the target already has an integrity level");
        return;
    case KSM_WHY_MIC_FULL:
        puts_(b, "no free context (the pool is full)");
        return;
    }
    puts_(b, role(l));
    puts_(b, " ");
    put_level(b, m, w->v[0], w->vt[0]);
    puts_(b, w->a == KSM_WHY_MIC_NOT_HIGHER ? " is not below " : " is not <= ");
    puts_(b, role(r));
    puts_(b, " ");
    put_level(b, m, w->v[1], w->vt[1]);
    if (w->op == KFN_MIC_READ || w->op == KFN_MIC_CALL)
        puts_(b, " (data would flow from the target to the source)");
    else if (w->op == KFN_MIC_WRITE || w->op == KFN_MIC_INVOKE)
        puts_(b, " (data would flow from the source to the target)");
}

static const char *const cmp_ops[] = {"==", "!=", "<", "<=", ">", ">="};

static void assertion(struct buf *b, const struct ksm_policy *p, const struct ksm_audit_record *r) {
    const struct ksm_why *w = &r->why;
    const char *src = r->site < p->nsites ? p->sites[r->site].src : NULL;
    puts_(b, src ? src : "assert");
    if (w->op >= KOP_EQ && w->op <= KOP_GE) {
        puts_(b, ": ");
        put_value(b, w, 0);
        puts_(b, " ");
        puts_(b, cmp_ops[w->op - KOP_EQ]);
        puts_(b, " ");
        put_value(b, w, 1);
        puts_(b, w->vneg & 4u ? " is true" : " is false");
    } else {
        puts_(b, ": the condition is false");
    }
}

static void error(struct buf *b, const struct ksm_policy *p, const struct ksm_audit_record *r) {
    const struct ksm_why *w = &r->why;
    puts_(b, "expression error: ");
    switch (w->op) {
    case KOP_INDEX: puts_(b, "index out of range"); break;
    case KOP_FIELD: puts_(b, "no such field"); break;
    case KOP_ADD: case KOP_SUB: case KOP_MUL: puts_(b, "integer overflow"); break;
    case KOP_MSG_HSID: puts_(b, "no such handle in the message"); break;
    case KOP_RULE: case KOP_FN:
        puts_(b, r->site < p->nsites ? p->sites[r->site].text : "a call");
        puts_(b, " failed (unknown SID, key, state or a value of the wrong type)");
        break;
    default: puts_(b, "a value of the wrong type"); break;
    }
}

static void malformed(struct buf *b, const struct ksm_why *w) {
    if (w->op == 0) {
        puts_(b, w->a == 1   ? "the route is not the event's"
                 : w->a == 2 ? "no such endpoint or method in the class"
                             : "the header disagrees with the event (size, riid, mid, flags, handles or arena)");
        return;
    }
    if (w->text) {
        puts_(b, "field ");
        puts_(b, w->text);
        puts_(b, w->vt[0] ? " at arena offset " : " at offset ");
    } else {
        puts_(b, "header at offset ");
    }
    putu(b, w->v[0]);
    puts_(b, ": ");
    puts_(b, ksm_verify_text((enum ksm_verify_result)w->op));
    const char *what = NULL;
    switch (w->op) {
    case KSM_VERIFY_SIZE: what = " (expected a constant part of "; break;
    case KSM_VERIFY_MID: what = " (expected method id "; break;
    case KSM_VERIFY_NCAPS: what = " (expected handles: "; break;
    case KSM_VERIFY_ARENA_SIZE: what = " (expected at most arena bytes: "; break;
    case KSM_VERIFY_STRING: what = " (expected a NUL within bytes: "; break;
    case KSM_VERIFY_SEG_BOUND: what = " (expected at most elements: "; break;
    case KSM_VERIFY_TAG: what = " (expected a tag below "; break;
    case KSM_VERIFY_SEG_ALIGN: what = " (expected alignment "; break;
    case KSM_VERIFY_SEG_PARTIAL: what = " (expected a multiple of "; break;
    default: break;
    }
    if (what) {
        puts_(b, what);
        putu(b, w->v[1]);
        puts_(b, w->op == KSM_VERIFY_SIZE ? " bytes)" : ")");
    }
}

static const char *const kinds[] = {"request", "response", "error", "security", "execute"};

static void no_binding(struct buf *b, const struct ksm_audit_record *r) {
    puts_(b, r->kind < 5 ? kinds[r->kind] : "?");
    puts_(b, " src=");
    const char *c = ksm_class_name(r->src_class);
    puts_(b, c ? c : "?");
    if (r->kind != KSM_EV_SECURITY) {
        puts_(b, " dst=");
        c = ksm_class_name(r->dst_class);
        puts_(b, c ? c : "?");
    }
    if (r->kind == KSM_EV_EXECUTE)
        return;
    uint32_t len = 0;
    const char *pt = ksm_audit_point_name(r->kind == KSM_EV_REQUEST ? r->dst_class : r->src_class, r->kind, r->riid,
                                          r->mid, &len);
    if (!pt) {
        puts_(b, " riid=");
        putu(b, r->riid);
        puts_(b, " mid=");
        putu(b, r->mid);
        return;
    }
    uint32_t dot = len;   /* "endpoint.Method": the method follows the last dot */
    for (uint32_t i = 0; i < len; i++)
        if (pt[i] == '.')
            dot = i;
    if (dot < len) {
        puts_(b, " endpoint=");
        put(b, pt, dot);
    }
    puts_(b, " method=");
    put(b, dot < len ? pt + dot + 1 : pt, dot < len ? len - dot - 1 : len);
}

size_t ksm_audit_reason_text(const struct ksm_audit_record *r, char *out, size_t cap) {
    const struct ksm_policy *p = &ksm_policy;
    struct buf b = {out, 0, cap};
    if (!out || !cap)
        return 0;
    const struct ksm_why *w = &r->why;
    switch (w->code) {
    case KSM_WHY_ASSERT: assertion(&b, p, r); break;
    case KSM_WHY_RULE:
        if (w->op == KFN_DENY)
            puts_(&b, "deny ()");
        else
            puts_(&b, "the rule said no");
        break;
    case KSM_WHY_FLOW: flow(&b, p, w); break;
    case KSM_WHY_MIC: mic(&b, p, w); break;
    case KSM_WHY_CHOICE:
        puts_(&b, "no choice branch matched ");
        put_value(&b, w, 0);
        break;
    case KSM_WHY_STRUCT: malformed(&b, w); break;
    case KSM_WHY_NO_BINDING: no_binding(&b, r); break;
    case KSM_WHY_ERROR: error(&b, p, r); break;
    default: break;
    }
    if (w->branch_kind == 1 && w->code != KSM_WHY_CHOICE) {
        puts_(&b, " (in the choice branch ");
        put_const(&b, &p->consts[w->branch]);
        puts_(&b, ")");
    } else if (w->branch_kind == 2 && w->code != KSM_WHY_CHOICE && p->regexes[w->branch].source) {
        puts_(&b, " (in the choice branch \"");
        puts_(&b, p->regexes[w->branch].source);
        puts_(&b, "\")");
    }
    out[b.n] = 0;
    return b.n;
}
