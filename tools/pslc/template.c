/* PSL templates: the part of the Jinja2 language (KasperskyOS's Ginger engine, nk-psl-gen-c
 * --enable-preprocessor) that policies use, expanded before a file is lexed. `{{ EXPR }}` substitutes,
 * `{% if/elif/else/endif %}`, `{% for X in EXPR %}...{% else %}...{% endfor %}`, `{% set X = EXPR %}`,
 * `{% macro M(A, B) %}...{% endmacro %}` called as `{{ M(...) }}`, `{# comments #}`, and the `-` markers
 * that trim the whitespace next to a tag. Definitions come from the command line (template_define).
 *
 * The expansion keeps a span map back to the file (struct span, util.h) so that every later diagnostic
 * names the template's own line and column: text copied from the file maps byte for byte (a loop's body
 * maps to the body on every turn, a macro's output to the macro), a substitution to its `{{`.
 * Names are looked up strictly: using an undefined name is an error where it is used (a misspelt
 * variable must not silently drop a binding), except under `is defined` and `| default(...)`. */
#include <ctype.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "pslc.h"

enum { MAX_DEPTH = 64 };                          /* nested macro calls */
enum { MAX_NEST = 100 };                          /* nested tags, nested parentheses and operators */
#define MAX_OUTPUT ((size_t)64 << 20)             /* bytes of one file's expansion */

/* ---- values ---- */
enum vkind { V_UNDEF, V_NONE, V_BOOL, V_INT, V_TEXT, V_LIST, V_LOOP, V_MACRO };

struct tval {
    enum vkind k;
    int64_t i;                 /* V_BOOL, V_INT; V_LOOP: index0 */
    const char *s;             /* V_TEXT; V_UNDEF: the name */
    size_t len;                /* V_TEXT, V_UNDEF */
    const struct tval *items;  /* V_LIST */
    size_t n;                  /* V_LIST; V_LOOP: the length */
    const struct span *spans;  /* V_TEXT a macro rendered: where its bytes come from (else NULL) */
    size_t nspans;
    const struct tnode *macro; /* V_MACRO */
    size_t at;                 /* V_UNDEF: where the name was used */
};

struct var {
    const char *name;
    size_t len;
    struct tval v;
};

/* Jinja's scopes: a loop's turn and a macro's call have their own; `if` has none. */
struct scope {
    struct var *v;
    size_t n, cap;
    struct scope *parent;
};

/* ---- the template's tree ---- */
enum nkind { N_TEXT, N_OUT, N_IF, N_FOR, N_SET, N_MACRO };

struct tbranch {               /* an if/elif (cond) or else branch; a loop's body and else; a macro's body */
    bool cond;
    size_t a, b;               /* the condition's text */
    struct tnode **body;
    size_t n;
};

struct tnode {
    enum nkind k;
    size_t a, b;               /* N_TEXT: its bytes; N_OUT, N_SET, N_FOR: the expression's */
    size_t at;                 /* the tag's '{' */
    const char *name;          /* N_FOR: the loop variable; N_SET: the target; N_MACRO: the macro */
    size_t nlen;
    struct tbranch *br;
    size_t nbr;
    const char **params;       /* N_MACRO */
    size_t *plen;
    size_t nparams;
};

/* The file cut at its tags: text, `{{ }}` and `{% %}` (comments are dropped). */
enum ckind { C_TEXT, C_OUT, C_STMT };
struct chunk {
    enum ckind k;
    size_t a, b;               /* the text, or what is between the delimiters and trim markers */
    size_t at;
};

struct out {
    char *buf;
    size_t n, cap;
    struct span *sp;
    size_t nsp, spcap;
};

struct tctx {
    const struct source *src;
    const char *t;
    size_t len;
    size_t *lines;
    size_t nlines;
    struct chunk *ch;
    size_t nch, ci;
    struct scope *global;
    unsigned depth, nest;
    jmp_buf bail;
};

/* ---- positions and errors ---- */
static struct loc tloc(struct tctx *cx, size_t off) {
    size_t l = line_index(cx->lines, cx->nlines, off);
    return (struct loc){cx->src, (uint32_t)l + 1, (uint32_t)(off - cx->lines[l]) + 1};
}

static _Noreturn __attribute__((format(printf, 3, 4))) void fail(struct tctx *cx, size_t off, const char *fmt,
                                                                   ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verror(tloc(cx, off), "error", fmt, ap);
    va_end(ap);
    longjmp(cx->bail, 1);
}

/* ---- output with its span map ---- */
static void out_bytes(struct tctx *cx, struct out *o, const char *s, size_t n, size_t orig, bool fixed) {
    if (!n)
        return;
    if (o->n + n > MAX_OUTPUT)
        fail(cx, orig, "the template expands to more than %zu MiB", MAX_OUTPUT >> 20);
    const struct span *last = o->nsp ? &o->sp[o->nsp - 1] : NULL;
    bool continues = last && last->fixed == fixed &&
                     (fixed ? last->orig == orig : last->orig + (o->n - last->out) == orig);
    if (!continues) {
        struct span sp = {o->n, orig, fixed};
        VEC_PUSH(o->sp, o->nsp, o->spcap, sp);
    }
    o->buf = xrealloc_vec(o->buf, &o->cap, o->n + n + 1, 1);
    memcpy(o->buf + o->n, s, n);
    o->n += n;
    o->buf[o->n] = 0;
}

/* A substitution: a macro's output keeps its own map, anything else stands for the `{{` at `at`. */
static void out_value_text(struct tctx *cx, struct out *o, const struct tval *v, size_t at) {
    if (!v->spans) {
        out_bytes(cx, o, v->s, v->len, at, true);
        return;
    }
    for (size_t i = 0; i < v->nspans; i++) {
        size_t end = i + 1 < v->nspans ? v->spans[i + 1].out : v->len;
        size_t s = v->spans[i].out;
        out_bytes(cx, o, v->s + s, end - s, v->spans[i].orig, v->spans[i].fixed);
    }
}

/* ---- scopes ---- */
static struct var *lookup(struct scope *sc, const char *name, size_t len) {
    for (; sc; sc = sc->parent)
        for (size_t i = sc->n; i-- > 0;)
            if (sc->v[i].len == len && memcmp(sc->v[i].name, name, len) == 0)
                return &sc->v[i];
    return NULL;
}

static void assign(struct scope *sc, const char *name, size_t len, struct tval v) {
    for (size_t i = 0; i < sc->n; i++)
        if (sc->v[i].len == len && memcmp(sc->v[i].name, name, len) == 0) {
            sc->v[i].v = v;
            return;
        }
    struct var nv = {name, len, v};
    VEC_PUSH(sc->v, sc->n, sc->cap, nv);
}

/* ---- expressions: parsed and evaluated in one pass; `live` false only checks the syntax (at load
 * time, so a mistake in a branch not taken is still reported) and skips a short-circuited operand ---- */
enum xk { X_END, X_NAME, X_INT, X_TEXT, X_OP };

struct xtok {
    enum xk k;
    size_t a, b;               /* its bytes */
    int64_t i;
    char *s;
    size_t slen;
};

struct xp {
    struct tctx *cx;
    size_t pos, end;
    struct xtok t;
    unsigned nest;
    bool live;
    struct scope *sc;          /* where names resolve */
};

static void x_next(struct xp *p) {
    const char *t = p->cx->t;
    while (p->pos < p->end && isspace((unsigned char)t[p->pos]))
        p->pos++;
    struct xtok k = {.a = p->pos};
    if (p->pos >= p->end) {
        k.k = X_END;
    } else if (isalpha((unsigned char)t[p->pos]) || t[p->pos] == '_') {
        k.k = X_NAME;
        while (p->pos < p->end && (isalnum((unsigned char)t[p->pos]) || t[p->pos] == '_'))
            p->pos++;
    } else if (isdigit((unsigned char)t[p->pos])) {
        k.k = X_INT;
        while (p->pos < p->end && isdigit((unsigned char)t[p->pos])) {
            if (__builtin_mul_overflow(k.i, 10, &k.i) || __builtin_add_overflow(k.i, t[p->pos] - '0', &k.i))
                fail(p->cx, k.a, "integer literal does not fit in 64 bits");
            p->pos++;
        }
    } else if (t[p->pos] == '"' || t[p->pos] == '\'') {
        char q = t[p->pos++];
        k.k = X_TEXT;
        size_t cap = 0;
        for (;;) {
            if (p->pos >= p->end || t[p->pos] == '\n')
                fail(p->cx, k.a, "unterminated text literal in a template");
            char c = t[p->pos++];
            if (c == q)
                break;
            if (c == '\\' && p->pos < p->end) {
                c = t[p->pos++];
                c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
            }
            k.s = xrealloc_vec(k.s, &cap, k.slen + 2, 1);
            k.s[k.slen++] = c;
            k.s[k.slen] = 0;
        }
        if (!k.s)
            k.s = "";
    } else {
        static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",",
                                          ".", "|", "+", "-", "~", "="};
        size_t i;
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            size_t l = strlen(ops[i]);
            if (p->pos + l <= p->end && memcmp(t + p->pos, ops[i], l) == 0)
                break;
        }
        if (i == sizeof ops / sizeof ops[0])
            fail(p->cx, p->pos, "unexpected character '%c' in a template expression", t[p->pos]);
        k.k = X_OP;
        p->pos += strlen(ops[i]);
    }
    k.b = p->pos;
    p->t = k;
}

static bool x_is(struct xp *p, enum xk k, const char *s) {
    size_t n = p->t.b - p->t.a;
    return p->t.k == k && n == strlen(s) && memcmp(p->cx->t + p->t.a, s, n) == 0;
}
static bool x_op(struct xp *p, const char *s) { return x_is(p, X_OP, s); }
static bool x_word(struct xp *p, const char *s) { return x_is(p, X_NAME, s); }

static const char *x_spelling(struct xp *p) {
    if (p->t.k == X_END)
        return "the end of the tag";
    return xsprintf("'%.*s'", (int)(p->t.b - p->t.a), p->cx->t + p->t.a);
}

_Noreturn static void x_expected(struct xp *p, const char *what) {
    fail(p->cx, p->t.a, "expected %s in a template, found %s", what, x_spelling(p));
}

static void x_expect(struct xp *p, const char *op) {
    if (!x_op(p, op))
        x_expected(p, xsprintf("'%s'", op));
    x_next(p);
}

/* Every way of nesting (parentheses, lists, calls, `not`, '-') goes through x_expr, x_not or x_unary,
 * which count it: the bound keeps a pathological file from exhausting the stack. */
static void x_enter(struct xp *p) {
    if (++p->nest > MAX_NEST)
        fail(p->cx, p->t.a, "a template expression nested more than %d deep", MAX_NEST);
}

static const char *const kind_names[] = {"undefined", "none", "Boolean", "integer", "text", "list",
                                         "loop", "macro"};

/* The value, or the error an undefined name is when it is used. */
static const struct tval *need(struct xp *p, const struct tval *v) {
    if (p->live && v->k == V_UNDEF)
        fail(p->cx, v->at, "'%.*s' is not defined (pass --preprocessor-definition=%.*s=VALUE, or test it "
             "with 'is defined')", (int)v->len, v->s, (int)v->len, v->s);
    return v;
}

static bool truth(struct xp *p, const struct tval *v) {
    switch (need(p, v)->k) {
    case V_NONE: return false;
    case V_BOOL: case V_INT: return v->i != 0;
    case V_TEXT: return v->len != 0;
    case V_LIST: return v->n != 0;
    default: return true;
    }
}

static bool equal(const struct tval *a, const struct tval *b) {
    bool an = a->k == V_BOOL || a->k == V_INT, bn = b->k == V_BOOL || b->k == V_INT;
    if (an && bn)
        return a->i == b->i;             /* Python: True == 1 */
    if (a->k != b->k)
        return false;
    switch (a->k) {
    case V_NONE: return true;
    case V_TEXT: return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
    case V_LIST:
        if (a->n != b->n)
            return false;
        for (size_t i = 0; i < a->n; i++)
            if (!equal(&a->items[i], &b->items[i]))
                return false;
        return true;
    default: return a == b;
    }
}

static struct tval text_value(const char *s, size_t len) {
    return (struct tval){.k = V_TEXT, .s = s, .len = len};
}
static struct tval bool_value(bool b) { return (struct tval){.k = V_BOOL, .i = b}; }

/* What `{{ v }}` writes, as Jinja prints it; a list or a macro is an error (PSL has no use for a Python
 * repr: loop over a list). */
static struct tval as_text(struct xp *p, const struct tval *v, size_t at) {
    switch (need(p, v)->k) {
    case V_TEXT: return *v;
    case V_NONE: return text_value("None", 4);
    case V_BOOL: return v->i ? text_value("True", 4) : text_value("False", 5);
    case V_INT: {
        char *s = xsprintf("%lld", (long long)v->i);
        return text_value(s, strlen(s));
    }
    default:
        fail(p->cx, at, "a %s cannot be written into the policy%s", kind_names[v->k],
             v->k == V_LIST ? " (use '{% for %}' over it)" : "");
    }
}

static struct tval x_expr(struct xp *p);
static struct tval render_macro(struct tctx *cx, const struct tnode *m, const struct tval *args, size_t nargs,
                                size_t at);

/* `(a, b, ...)` of a call or a filter, the '(' being the current token. */
static struct tval *x_args(struct xp *p, size_t *n) {
    struct tval *v = NULL;
    size_t cap = 0;
    *n = 0;
    x_next(p);
    while (!x_op(p, ")")) {
        struct tval a = x_expr(p);
        VEC_PUSH(v, *n, cap, a);
        if (!x_op(p, ","))
            break;
        x_next(p);
    }
    x_expect(p, ")");
    return v;
}

static struct tval x_primary(struct xp *p) {
    struct xtok t = p->t;
    if (t.k == X_INT) {
        x_next(p);
        return (struct tval){.k = V_INT, .i = t.i};
    }
    if (t.k == X_TEXT) {
        x_next(p);
        return text_value(t.s, t.slen);
    }
    if (x_op(p, "(")) {
        x_next(p);
        struct tval v = x_expr(p);
        x_expect(p, ")");
        return v;
    }
    if (x_op(p, "[")) {
        struct tval *items = NULL;
        size_t n = 0, cap = 0;
        x_next(p);
        while (!x_op(p, "]")) {
            struct tval v = x_expr(p);
            VEC_PUSH(items, n, cap, v);
            if (!x_op(p, ","))
                break;
            x_next(p);
        }
        x_expect(p, "]");
        return (struct tval){.k = V_LIST, .items = items, .n = n};
    }
    if (t.k != X_NAME)
        x_expected(p, "a value");
    x_next(p);
    const char *name = p->cx->t + t.a;
    size_t len = t.b - t.a;
#define IS(w) (len == strlen(w) && memcmp(name, w, len) == 0)
    if (IS("true") || IS("True"))
        return bool_value(true);
    if (IS("false") || IS("False"))
        return bool_value(false);
    if (IS("none") || IS("None"))
        return (struct tval){.k = V_NONE};
    if (IS("and") || IS("or") || IS("not") || IS("in") || IS("is"))
        fail(p->cx, t.a, "expected a value in a template, found '%.*s'", (int)len, name);
#undef IS
    return (struct tval){.k = V_UNDEF, .s = name, .len = len, .at = t.a};
}

static struct tval resolve(struct xp *p, struct tval v) {
    if (v.k != V_UNDEF || !p->live)
        return v;
    struct var *var = lookup(p->sc, v.s, v.len);
    return var ? var->v : v;
}

static struct tval x_postfix(struct xp *p) {
    struct tval v = resolve(p, x_primary(p));
    for (;;) {
        size_t at = p->t.a;
        if (x_op(p, ".")) {
            x_next(p);
            if (p->t.k != X_NAME)
                x_expected(p, "an attribute name after '.'");
            const char *a = p->cx->t + p->t.a;
            size_t alen = p->t.b - p->t.a;
            x_next(p);
            if (!p->live)
                continue;
            need(p, &v);
#define IS(w) (alen == strlen(w) && memcmp(a, w, alen) == 0)
            if (v.k == V_LOOP && IS("index"))
                v = (struct tval){.k = V_INT, .i = v.i + 1};
            else if (v.k == V_LOOP && IS("index0"))
                v = (struct tval){.k = V_INT, .i = v.i};
            else if (v.k == V_LOOP && IS("revindex"))
                v = (struct tval){.k = V_INT, .i = (int64_t)v.n - v.i};
            else if (v.k == V_LOOP && IS("first"))
                v = bool_value(v.i == 0);
            else if (v.k == V_LOOP && IS("last"))
                v = bool_value(v.i + 1 == (int64_t)v.n);
            else if (v.k == V_LOOP && IS("length"))
                v = (struct tval){.k = V_INT, .i = (int64_t)v.n};
            else
                fail(p->cx, at, "a %s has no attribute '%.*s'", kind_names[v.k], (int)alen, a);
#undef IS
        } else if (x_op(p, "(")) {
            size_t n;
            struct tval *args = x_args(p, &n);
            if (!p->live)
                continue;
            if (need(p, &v)->k != V_MACRO)
                fail(p->cx, at, "a %s cannot be called", kind_names[v.k]);
            v = render_macro(p->cx, v.macro, args, n, at);
        } else if (x_op(p, "|")) {
            x_next(p);
            if (p->t.k != X_NAME)
                x_expected(p, "a filter name after '|'");
            struct xtok f = p->t;
            x_next(p);
            size_t n = 0;
            struct tval *args = x_op(p, "(") ? x_args(p, &n) : NULL;
            const char *fn = p->cx->t + f.a;
            size_t flen = f.b - f.a;
            bool is_default = flen == 7 && memcmp(fn, "default", 7) == 0;
            bool is_length = flen == 6 && memcmp(fn, "length", 6) == 0;
            if (!is_default && !is_length)
                fail(p->cx, f.a, "unknown template filter '%.*s' (pslc has 'default' and 'length')", (int)flen,
                     fn);
            if (n != (is_default ? 1u : 0u))
                fail(p->cx, f.a, "the '%.*s' filter takes %s", (int)flen, fn,
                     is_default ? "one argument" : "no argument");
            if (!p->live)
                continue;
            if (is_default) {
                if (v.k == V_UNDEF)
                    v = args[0];
            } else if (need(p, &v)->k == V_TEXT || v.k == V_LIST) {
                v = (struct tval){.k = V_INT, .i = (int64_t)(v.k == V_TEXT ? v.len : v.n)};
            } else {
                fail(p->cx, f.a, "a %s has no length", kind_names[v.k]);
            }
        } else {
            return v;
        }
    }
}

static struct tval x_unary(struct xp *p) {
    if (x_op(p, "-")) {
        x_enter(p);
        size_t at = p->t.a;
        x_next(p);
        struct tval v = x_unary(p);
        if (!p->live)
            return v;
        p->nest--;
        if (need(p, &v)->k != V_INT)
            fail(p->cx, at, "'-' needs an integer, not a %s", kind_names[v.k]);
        if (v.i == INT64_MIN)
            fail(p->cx, at, "integer overflow in a template");
        return (struct tval){.k = V_INT, .i = -v.i};
    }
    return x_postfix(p);
}

static struct tval x_sum(struct xp *p) {
    struct tval a = x_unary(p);
    while (x_op(p, "+") || x_op(p, "-") || x_op(p, "~")) {
        size_t at = p->t.a;
        char op = p->cx->t[at];
        x_next(p);
        struct tval b = x_unary(p);
        if (!p->live)
            continue;
        need(p, &a), need(p, &b);
        if (op == '~') {
            struct tval x = as_text(p, &a, at), y = as_text(p, &b, at);
            char *s = xalloc(x.len + y.len + 1);
            memcpy(s, x.s, x.len);
            memcpy(s + x.len, y.s, y.len);
            a = text_value(s, x.len + y.len);
        } else if (a.k == V_INT && b.k == V_INT) {
            int64_t r;
            if (op == '+' ? __builtin_add_overflow(a.i, b.i, &r) : __builtin_sub_overflow(a.i, b.i, &r))
                fail(p->cx, at, "integer overflow in a template");
            a.i = r;
        } else if (op == '+' && a.k == V_TEXT && b.k == V_TEXT) {
            struct tval x = as_text(p, &a, at);   /* drops a macro's map: the result is new text */
            char *s = xalloc(a.len + b.len + 1);
            memcpy(s, x.s, a.len);
            memcpy(s + a.len, b.s, b.len);
            a = text_value(s, a.len + b.len);
        } else if (op == '+' && a.k == V_LIST && b.k == V_LIST) {
            struct tval *items = xalloc((a.n + b.n + 1) * sizeof *items);
            memcpy(items, a.items, a.n * sizeof *items);
            memcpy(items + a.n, b.items, b.n * sizeof *items);
            a = (struct tval){.k = V_LIST, .items = items, .n = a.n + b.n};
        } else {
            fail(p->cx, at, "'%c' cannot combine a %s and a %s", op, kind_names[a.k], kind_names[b.k]);
        }
    }
    return a;
}

static bool contains(struct xp *p, const struct tval *x, const struct tval *in, size_t at) {
    if (in->k == V_LIST) {
        for (size_t i = 0; i < in->n; i++)
            if (equal(x, &in->items[i]))
                return true;
        return false;
    }
    if (in->k == V_TEXT && x->k == V_TEXT) {
        for (size_t i = 0; i + x->len <= in->len; i++)
            if (memcmp(in->s + i, x->s, x->len) == 0)
                return true;
        return false;
    }
    fail(p->cx, at, "'in' needs a list or a text on its right, not a %s", kind_names[in->k]);
}

static struct tval x_compare(struct xp *p) {
    struct tval a = x_sum(p);
    for (;;) {
        size_t at = p->t.a;
        if (x_word(p, "is")) {                 /* tests: defined, undefined, none */
            x_next(p);
            bool neg = x_word(p, "not");
            if (neg)
                x_next(p);
            if (p->t.k != X_NAME)
                x_expected(p, "a test name after 'is'");
            const char *tn = p->cx->t + p->t.a;
            size_t tlen = p->t.b - p->t.a;
            bool r;
            if (tlen == 7 && memcmp(tn, "defined", 7) == 0)
                r = a.k != V_UNDEF;
            else if (tlen == 9 && memcmp(tn, "undefined", 9) == 0)
                r = a.k == V_UNDEF;
            else if (tlen == 4 && memcmp(tn, "none", 4) == 0)
                r = p->live && need(p, &a)->k == V_NONE;
            else
                fail(p->cx, p->t.a, "unknown template test '%.*s' (pslc has 'defined', 'undefined' and 'none')",
                     (int)tlen, tn);
            x_next(p);
            a = bool_value(r != neg);
            continue;
        }
        bool neg_in = x_word(p, "not");
        if (neg_in) {
            x_next(p);
            if (!x_word(p, "in"))
                x_expected(p, "'in' after 'not'");
        }
        static const char *const cmps[] = {"==", "!=", "<", "<=", ">", ">="};
        int op = -1;
        for (int i = 0; i < 6; i++)
            if (x_op(p, cmps[i]))
                op = i;
        if (op < 0 && !x_word(p, "in"))
            return a;
        x_next(p);
        struct tval b = x_sum(p);
        if (!p->live)
            continue;
        need(p, &a), need(p, &b);
        bool r;
        if (op < 0) {
            r = contains(p, &a, &b, at) != neg_in;
        } else if (op < 2) {
            r = equal(&a, &b) == (op == 0);
        } else {
            int c;
            if (a.k == V_INT && b.k == V_INT)
                c = a.i < b.i ? -1 : a.i > b.i;
            else if (a.k == V_TEXT && b.k == V_TEXT) {
                c = memcmp(a.s, b.s, a.len < b.len ? a.len : b.len);
                if (c == 0)
                    c = a.len < b.len ? -1 : a.len > b.len;
            } else
                fail(p->cx, at, "'%s' cannot compare a %s and a %s", cmps[op], kind_names[a.k],
                     kind_names[b.k]);
            r = op == 2 ? c < 0 : op == 3 ? c <= 0 : op == 4 ? c > 0 : c >= 0;
        }
        a = bool_value(r);
    }
}

static struct tval x_not(struct xp *p) {
    if (x_word(p, "not")) {
        x_enter(p);
        x_next(p);
        struct tval v = x_not(p);
        p->nest--;
        return p->live ? bool_value(!truth(p, &v)) : v;
    }
    return x_compare(p);
}

/* `and` (is_or false) and `or` give an operand, as in Python, and skip the other when they can: the left
 * one of `and` when false, of `or` when true. */
static struct tval x_logic(struct xp *p, bool is_or) {
    struct tval a = is_or ? x_logic(p, false) : x_not(p);
    while (x_word(p, is_or ? "or" : "and")) {
        x_next(p);
        bool was = p->live, skip = was && truth(p, &a) == is_or;
        p->live = was && !skip;
        struct tval b = is_or ? x_logic(p, false) : x_not(p);
        p->live = was;
        if (was && !skip)
            a = b;
    }
    return a;
}

static struct tval x_expr(struct xp *p) {
    x_enter(p);
    struct tval v = x_logic(p, true);
    p->nest--;
    return v;
}

/* Evaluates the expression in [a, b) in scope sc (NULL: only check its syntax). */
static struct tval eval(struct tctx *cx, size_t a, size_t b, struct scope *sc) {
    struct xp p = {.cx = cx, .pos = a, .end = b, .live = sc != NULL, .sc = sc};
    x_next(&p);
    if (p.t.k == X_END)
        fail(cx, a, "expected an expression in the template tag");
    struct tval v = x_expr(&p);
    if (p.t.k != X_END)
        fail(cx, p.t.a, "unexpected %s in a template expression", x_spelling(&p));
    return v;
}

/* ---- cutting the file at its tags ---- */
static size_t find_close(struct tctx *cx, size_t p, char c1) {
    char quote = 0;
    for (; p + 1 < cx->len; p++) {
        char c = cx->t[p];
        if (quote) {
            if (c == '\\')
                p++;
            else if (c == quote)
                quote = 0;
        } else if (c1 != '#' && (c == '"' || c == '\'')) {
            quote = c;
        } else if (c == c1 && cx->t[p + 1] == '}') {
            return p;
        }
    }
    return SIZE_MAX;
}

static void cut(struct tctx *cx) {
    size_t pos = 0, text = 0, cap = 0;
    bool lstrip = false;
    for (;;) {
        size_t q = pos;
        while (q + 1 < cx->len && !(cx->t[q] == '{' && strchr("{%#", cx->t[q + 1])))
            q++;
        bool last = q + 1 >= cx->len;
        struct chunk tx = {C_TEXT, text, last ? cx->len : q, text};
        size_t inner = q + 2;
        if (!last && inner < cx->len && cx->t[inner] == '-')
            while (tx.b > tx.a && isspace((unsigned char)cx->t[tx.b - 1]))
                tx.b--;
        if (lstrip)
            while (tx.a < tx.b && isspace((unsigned char)cx->t[tx.a]))
                tx.a++;
        if (tx.b > tx.a)
            VEC_PUSH(cx->ch, cx->nch, cap, tx);
        if (last)
            return;
        char open = cx->t[q + 1], c1 = open == '{' ? '}' : open;
        if (inner < cx->len && (cx->t[inner] == '-' || cx->t[inner] == '+'))
            inner++;
        size_t close = find_close(cx, inner, c1);
        if (close == SIZE_MAX)
            fail(cx, q, open == '#' ? "unterminated template comment (no '#}')"
                        : open == '%' ? "unterminated template tag (no '%%}')" : "unterminated '{{' (no '}}')");
        size_t end = close;
        lstrip = end > inner && cx->t[end - 1] == '-';
        if (lstrip || (end > inner && cx->t[end - 1] == '+'))
            end--;
        if (open != '#') {
            struct chunk c = {open == '{' ? C_OUT : C_STMT, inner, end, q};
            VEC_PUSH(cx->ch, cx->nch, cap, c);
        }
        pos = text = close + 2;
    }
}

/* ---- the tree ---- */
struct stmt_head {
    const char *kw;            /* the statement's word */
    size_t klen;
    size_t rest;               /* what follows it */
};

static struct stmt_head head(struct tctx *cx, const struct chunk *c) {
    size_t p = c->a;
    while (p < c->b && isspace((unsigned char)cx->t[p]))
        p++;
    size_t s = p;
    while (p < c->b && (isalnum((unsigned char)cx->t[p]) || cx->t[p] == '_'))
        p++;
    return (struct stmt_head){cx->t + s, p - s, p};
}

static bool head_is(const struct stmt_head *h, const char *w) {
    return h->klen == strlen(w) && memcmp(h->kw, w, h->klen) == 0;
}

/* Nothing may follow `else`, `endif`, ... */
static void bare(struct tctx *cx, const struct chunk *c, const struct stmt_head *h) {
    size_t p = h->rest;
    while (p < c->b && isspace((unsigned char)cx->t[p]))
        p++;
    if (p < c->b)
        fail(cx, p, "unexpected text after '%.*s' in a template tag", (int)h->klen, h->kw);
}

/* A name, the current position past it. */
static const char *name_at(struct tctx *cx, size_t *p, size_t end, size_t *len, const char *what) {
    while (*p < end && isspace((unsigned char)cx->t[*p]))
        (*p)++;
    size_t s = *p;
    if (*p < end && (isalpha((unsigned char)cx->t[*p]) || cx->t[*p] == '_'))
        while (*p < end && (isalnum((unsigned char)cx->t[*p]) || cx->t[*p] == '_'))
            (*p)++;
    if (*p == s)
        fail(cx, s, "expected %s in the template tag", what);
    *len = *p - s;
    return cx->t + s;
}

static void skip_space_to(struct tctx *cx, size_t *p, size_t end, char c, const char *what) {
    while (*p < end && isspace((unsigned char)cx->t[*p]))
        (*p)++;
    if (*p >= end || cx->t[*p] != c)
        fail(cx, *p, "expected %s in the template tag", what);
    (*p)++;
}

static struct tnode **block(struct tctx *cx, size_t *n, const char *const *ends, const struct chunk *opener);

static void branch_push(struct tctx *cx, struct tnode *nd, bool cond, size_t a, size_t b, size_t *cap,
                        const char *const *ends, const struct chunk *opener) {
    struct tbranch br = {.cond = cond, .a = a, .b = b};
    if (cond)
        eval(cx, a, b, NULL);
    br.body = block(cx, &br.n, ends, opener);
    VEC_PUSH(nd->br, nd->nbr, *cap, br);
}

static const char *const unsupported[] = {"include", "import", "from", "extends", "block", "call", "filter",
                                          "raw", "with", "do", "break", "continue", "autoescape"};

/* One `{% %}` statement opening a node (or a stray end), the chunk index just past it on entry. */
static struct tnode *statement(struct tctx *cx, const struct chunk *c) {
    struct stmt_head h = head(cx, c);
    struct tnode *nd = xalloc(sizeof *nd);
    nd->at = c->at;
    size_t cap = 0;
    if (head_is(&h, "if")) {
        nd->k = N_IF;
        static const char *const ends[] = {"elif", "else", "endif", NULL};
        branch_push(cx, nd, true, h.rest, c->b, &cap, ends, c);
        for (;;) {
            const struct chunk *e = &cx->ch[cx->ci++];
            struct stmt_head eh = head(cx, e);
            if (head_is(&eh, "endif")) {
                bare(cx, e, &eh);
                return nd;
            }
            if (nd->nbr && !nd->br[nd->nbr - 1].cond)
                fail(cx, e->at, "'{%% %.*s %%}' after '{%% else %%}'", (int)eh.klen, eh.kw);
            if (head_is(&eh, "else")) {
                bare(cx, e, &eh);
                branch_push(cx, nd, false, 0, 0, &cap, ends, c);
            } else {
                branch_push(cx, nd, true, eh.rest, e->b, &cap, ends, c);
            }
        }
    }
    if (head_is(&h, "for")) {
        nd->k = N_FOR;
        size_t p = h.rest;
        nd->name = name_at(cx, &p, c->b, &nd->nlen, "the loop variable after 'for'");
        size_t ilen;
        const char *in = name_at(cx, &p, c->b, &ilen, "'in' after the loop variable");
        if (ilen != 2 || memcmp(in, "in", 2) != 0)
            fail(cx, (size_t)(in - cx->t), "expected 'in' after the loop variable in the template tag");
        nd->a = p, nd->b = c->b;
        eval(cx, p, c->b, NULL);
        static const char *const ends[] = {"else", "endfor", NULL};
        branch_push(cx, nd, false, 0, 0, &cap, ends, c);
        const struct chunk *e = &cx->ch[cx->ci++];
        struct stmt_head eh = head(cx, e);
        bare(cx, e, &eh);
        if (head_is(&eh, "else")) {
            static const char *const end[] = {"endfor", NULL};
            branch_push(cx, nd, false, 0, 0, &cap, end, c);
            e = &cx->ch[cx->ci++];
            eh = head(cx, e);
            bare(cx, e, &eh);
        }
        return nd;
    }
    if (head_is(&h, "set")) {
        nd->k = N_SET;
        size_t p = h.rest;
        nd->name = name_at(cx, &p, c->b, &nd->nlen, "a name after 'set'");
        skip_space_to(cx, &p, c->b, '=', "'=' after the name ('{% set NAME = VALUE %}')");
        nd->a = p, nd->b = c->b;
        eval(cx, p, c->b, NULL);
        return nd;
    }
    if (head_is(&h, "macro")) {
        nd->k = N_MACRO;
        size_t p = h.rest, pcap = 0, lcap = 0, np = 0, nl = 0, l;
        nd->name = name_at(cx, &p, c->b, &nd->nlen, "the macro's name after 'macro'");
        skip_space_to(cx, &p, c->b, '(', "'(' after the macro's name");
        for (bool first = true;; first = false) {
            size_t q = p;
            while (q < c->b && isspace((unsigned char)cx->t[q]))
                q++;
            if (q < c->b && cx->t[q] == ')') {
                p = q + 1;
                break;
            }
            if (!first)
                skip_space_to(cx, &p, c->b, ',', "',' or ')' in the macro's parameters");
            const char *pn = name_at(cx, &p, c->b, &l, "a parameter name");
            VEC_PUSH(nd->params, np, pcap, pn);
            VEC_PUSH(nd->plen, nl, lcap, l);
        }
        nd->nparams = np;
        struct stmt_head tail = {h.kw, h.klen, p};
        bare(cx, c, &tail);
        static const char *const ends[] = {"endmacro", NULL};
        branch_push(cx, nd, false, 0, 0, &cap, ends, c);
        const struct chunk *e = &cx->ch[cx->ci++];
        struct stmt_head eh = head(cx, e);
        bare(cx, e, &eh);
        return nd;
    }
    static const char *const stray[] = {"elif", "else", "endif", "endfor", "endmacro"};
    for (size_t i = 0; i < sizeof stray / sizeof stray[0]; i++)
        if (head_is(&h, stray[i]))
            fail(cx, c->at, "'{%% %s %%}' without its opening tag", stray[i]);
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
        if (head_is(&h, unsupported[i]))
            fail(cx, (size_t)(h.kw - cx->t), "the template statement '%s' is not supported by pslc",
                 unsupported[i]);
    if (!h.klen)
        fail(cx, c->at, "expected a statement in the template tag (if, elif, else, endif, for, endfor, set, "
             "macro, endmacro)");
    fail(cx, (size_t)(h.kw - cx->t), "unknown template statement '%.*s'", (int)h.klen, h.kw);
}

/* Nodes up to a statement in ends (NULL: the end of the file), which is left as the current chunk. */
static struct tnode **block(struct tctx *cx, size_t *n, const char *const *ends, const struct chunk *opener) {
    struct tnode **v = NULL;
    size_t cap = 0;
    *n = 0;
    if (opener && ++cx->nest > MAX_NEST)
        fail(cx, opener->at, "template tags nested more than %d deep", MAX_NEST);
    for (;;) {
        if (cx->ci >= cx->nch) {
            if (!ends)
                return v;
            struct stmt_head oh = head(cx, opener);
            const char *e = ends[0];
            while (e && ends[1])
                e = *++ends;
            fail(cx, opener->at, "'{%% %.*s %%}' is not closed (no '{%% %s %%}')", (int)oh.klen, oh.kw, e);
        }
        const struct chunk *c = &cx->ch[cx->ci];
        if (c->k == C_STMT && ends) {
            struct stmt_head h = head(cx, c);
            for (const char *const *e = ends; *e; e++)
                if (head_is(&h, *e)) {
                    cx->nest--;
                    return v;
                }
        }
        cx->ci++;
        struct tnode *nd;
        if (c->k == C_STMT) {
            nd = statement(cx, c);
        } else {
            nd = xalloc(sizeof *nd);
            nd->k = c->k == C_TEXT ? N_TEXT : N_OUT;
            nd->a = c->a, nd->b = c->b, nd->at = c->at;
            if (nd->k == N_OUT)
                eval(cx, c->a, c->b, NULL);
        }
        VEC_PUSH(v, *n, cap, nd);
    }
}

/* ---- rendering ---- */
static void render(struct tctx *cx, struct tnode *const *body, size_t n, struct scope *sc, struct out *o);

static struct tval render_macro(struct tctx *cx, const struct tnode *m, const struct tval *args, size_t nargs,
                                size_t at) {
    if (nargs > m->nparams)
        fail(cx, at, "macro '%.*s' takes %zu argument%s, not %zu", (int)m->nlen, m->name, m->nparams,
             m->nparams == 1 ? "" : "s", nargs);
    if (cx->depth >= MAX_DEPTH)
        fail(cx, at, "macro calls are nested more than %d deep", MAX_DEPTH);
    struct scope sc = {.parent = cx->global};
    for (size_t i = 0; i < m->nparams; i++) {   /* a parameter left out is undefined, as in Jinja */
        struct tval left_out = {.k = V_UNDEF, .s = m->params[i], .len = m->plen[i], .at = at};
        assign(&sc, m->params[i], m->plen[i], i < nargs ? args[i] : left_out);
    }
    struct out o = {0};
    cx->depth++;
    render(cx, m->br[0].body, m->br[0].n, &sc, &o);
    cx->depth--;
    struct tval v = text_value(o.buf ? o.buf : "", o.n);
    v.spans = o.sp, v.nspans = o.nsp;
    return v;
}

static void render(struct tctx *cx, struct tnode *const *body, size_t n, struct scope *sc, struct out *o) {
    for (size_t i = 0; i < n; i++) {
        const struct tnode *nd = body[i];
        struct xp p = {.cx = cx, .live = true};
        switch (nd->k) {
        case N_TEXT:
            out_bytes(cx, o, cx->t + nd->a, nd->b - nd->a, nd->a, false);
            break;
        case N_OUT: {
            struct tval v = eval(cx, nd->a, nd->b, sc);
            v = as_text(&p, &v, nd->at);
            out_value_text(cx, o, &v, nd->at);
            break;
        }
        case N_IF:
            for (size_t b = 0; b < nd->nbr; b++) {
                const struct tbranch *br = &nd->br[b];
                if (br->cond) {
                    struct tval c = eval(cx, br->a, br->b, sc);
                    if (!truth(&p, &c))
                        continue;
                }
                render(cx, br->body, br->n, sc, o);
                break;
            }
            break;
        case N_FOR: {
            struct tval l = eval(cx, nd->a, nd->b, sc);
            if (need(&p, &l)->k != V_LIST)
                fail(cx, nd->a, "'{%% for %%}' needs a list, not a %s", kind_names[l.k]);
            for (size_t k = 0; k < l.n; k++) {
                struct scope turn = {.parent = sc};
                assign(&turn, nd->name, nd->nlen, l.items[k]);
                assign(&turn, "loop", 4, (struct tval){.k = V_LOOP, .i = (int64_t)k, .n = l.n});
                render(cx, nd->br[0].body, nd->br[0].n, &turn, o);
            }
            if (!l.n && nd->nbr > 1)
                render(cx, nd->br[1].body, nd->br[1].n, sc, o);
            break;
        }
        case N_SET:
            assign(sc, nd->name, nd->nlen, eval(cx, nd->a, nd->b, sc));
            break;
        case N_MACRO:
            assign(sc, nd->name, nd->nlen, (struct tval){.k = V_MACRO, .macro = nd});
            break;
        }
    }
}

/* ---- the entry points ---- */
const char *template_define(struct template_opts *o, const char *spec) {
    const char *eq = strchr(spec, '=');
    size_t len = eq ? (size_t)(eq - spec) : strlen(spec);
    if (!len)
        return "no name before '='";
    for (size_t i = 0; i < len; i++)
        if (!(isalnum((unsigned char)spec[i]) || spec[i] == '_') || isdigit((unsigned char)spec[0]))
            return xsprintf("'%.*s' is not a name (a letter or '_', then letters, digits or '_')", (int)len,
                            spec);
    struct template_def d = {xstrndup(spec, len), eq ? xstrdup(eq + 1) : NULL};
    VEC_PUSH(o->defs, o->ndefs, o->cap, d);
    return NULL;
}

static bool has_template(const struct source *src) {
    for (size_t i = 0; i + 1 < src->len; i++)
        if (src->text[i] == '{' && strchr("{%#", src->text[i + 1]))
            return true;
    return false;
}

static bool dump(const struct source *s, const char *dir) {
    const char *base = strrchr(s->path, '/');
    char *path = xsprintf("%s/%s", dir, base ? base + 1 : s->path);
    FILE *f = fopen(path, "w");
    bool ok = f && fwrite(s->expanded, 1, s->expanded_len, f) == s->expanded_len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        diag_error((struct loc){0}, "cannot write the expanded template to %s", path);
    return ok;
}

static bool expand(struct tctx *cx, struct out *out) {
    if (setjmp(cx->bail))
        return false;
    cut(cx);
    size_t n;
    struct tnode **top = block(cx, &n, NULL, NULL);
    render(cx, top, n, cx->global, out);
    return true;
}

const struct source *template_expand(const struct source *src, const struct template_opts *o) {
    if (!o || !o->enabled || !has_template(src))
        return src;
    struct tctx *cx = xalloc(sizeof *cx);
    cx->src = src, cx->t = src->text, cx->len = src->len;
    size_t lcap = 0, zero = 0;
    VEC_PUSH(cx->lines, cx->nlines, lcap, zero);
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n') {
            size_t next = i + 1;
            VEC_PUSH(cx->lines, cx->nlines, lcap, next);
        }
    struct scope global = {0};
    cx->global = &global;
    for (size_t i = 0; i < o->ndefs; i++) {   /* a name given twice: the last one counts */
        const struct template_def *d = &o->defs[i];
        struct tval v = d->value ? text_value(d->value, strlen(d->value)) : bool_value(true);
        assign(&global, d->name, strlen(d->name), v);
    }
    struct out out = {0};
    if (!expand(cx, &out))
        return NULL;
    struct source *s = xalloc(sizeof *s);
    *s = *src;
    s->expanded = out.buf ? out.buf : "";
    s->expanded_len = out.n;
    s->spans = out.sp, s->nspans = out.nsp;
    s->line_starts = cx->lines, s->nlines = cx->nlines;
    if (o->dump_dir && !dump(s, o->dump_dir))
        return NULL;
    return s;
}
