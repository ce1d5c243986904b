/* PSL expressions and type expressions. Precedence, loosest first: `==>` (right), `||`, `&&`,
 * comparisons (non-associative), `+ -`, `*`, unary `! -`, then postfix `.field`, `.[index]`, and calls
 * `object.method argument` (the argument is one primary: a dictionary, list, parenthesized value...),
 * and `size (x)`, the element count of a sequence of the message. */
#include <string.h>

#include "parse.h"

#define MAX_DEPTH 64

static struct expr *mk(enum ekind k, struct loc loc) {
    struct expr *e = xalloc(sizeof *e);
    e->kind = k;
    e->loc = loc;
    return e;
}

static void enter(struct parser *p) {
    if (++p->depth > MAX_DEPTH) {
        diag_error(p_peek(p, 0)->loc, "expression nested too deeply");
        p_fail(p);
    }
}

static struct expr *binary(enum tok op, struct expr *a, struct expr *b, struct loc loc) {
    struct expr *e = mk(E_BINARY, loc);
    e->op = op;
    e->a = a;
    e->b = b;
    return e;
}

struct expr *p_primary(struct parser *p) {
    enter(p);
    struct token t = *p_peek(p, 0);
    if (t.kind == T_EOF)
        p_expected(p, "an expression");
    p_take(p);
    struct expr *e;
    switch (t.kind) {
    case T_INT:
        e = mk(E_INT, t.loc);
        e->mag = t.num;
        break;
    case T_TEXT:
        e = mk(E_TEXT, t.loc);
        e->text = t.text;
        break;
    case T_IDENT:
        if (strcmp(t.text, "size") == 0 && p_peek(p, 0)->kind == T_LPAREN) {   /* size (x) */
            p_take(p);
            e = mk(E_SIZE, t.loc);
            size_t cap = 0;
            while (!p_accept(p, T_RPAREN)) {
                struct expr *x = p_expr(p);
                VEC_PUSH(e->items, e->n, cap, x);
                if (!p_accept(p, T_COMMA) && p_peek(p, 0)->kind != T_RPAREN)
                    p_expected(p, "',' or ')'");
            }
        } else if (strcmp(t.text, "true") == 0 || strcmp(t.text, "false") == 0) {
            e = mk(E_BOOL, t.loc);
            e->mag = t.text[0] == 't';
        } else {
            e = mk(E_NAME, t.loc);
            e->text = t.text;
        }
        break;
    case T_LPAREN:
        if (p_accept(p, T_RPAREN)) {
            e = mk(E_UNIT, t.loc);
            break;
        }
        e = p_expr(p);
        p_expect(p, T_RPAREN, "')'");
        break;
    case T_LBRACK: {
        e = mk(E_LIST, t.loc);
        size_t cap = 0;
        while (!p_accept(p, T_RBRACK)) {
            struct expr *x = p_expr(p);
            VEC_PUSH(e->items, e->n, cap, x);
            if (!p_accept(p, T_COMMA) && p_peek(p, 0)->kind != T_RBRACK)
                p_expected(p, "',' or ']'");
        }
        break;
    }
    case T_LBRACE: {
        e = mk(E_DICT, t.loc);
        size_t cap = 0, kcap = 0, lcap = 0;
        while (!p_accept(p, T_RBRACE)) {
            struct token k = p_take(p);
            char *key;
            if (k.kind == T_IDENT || k.kind == T_TEXT)
                key = k.text;
            else if (k.kind == T_INT)
                key = xsprintf("%llu", (unsigned long long)k.num);
            else {
                diag_error(k.loc, "expected a dictionary key, found %s", tok_name(k.kind));
                p_fail(p);
            }
            for (size_t i = 0; i < e->n; i++)
                if (strcmp(e->keys[i], key) == 0) {
                    diag_error(k.loc, "duplicate key '%s'", key);
                    p_fail(p);
                }
            p_expect(p, T_COLON, "':' after a dictionary key");
            struct expr *v = p_expr(p);
            size_t n0 = e->n;
            VEC_PUSH(e->keys, n0, kcap, key);
            n0 = e->n;
            VEC_PUSH(e->key_locs, n0, lcap, k.loc);
            VEC_PUSH(e->items, e->n, cap, v);
            if (!p_accept(p, T_COMMA) && p_peek(p, 0)->kind != T_RBRACE)
                p_expected(p, "',' or '}'");
        }
        break;
    }
    default:
        diag_error(t.loc, "expected an expression, found %s", tok_name(t.kind));
        p_fail(p);
    }
    p->depth--;
    return e;
}

static bool starts_argument(enum tok k) { return k == T_LBRACE || k == T_LPAREN || k == T_LBRACK; }

struct expr *p_postfix(struct parser *p) {
    struct expr *e = p_primary(p);
    if (e->kind == E_NAME && strcmp(e->text, "message") != 0 && p_peek(p, 0)->kind == T_DOT &&
        p_peek(p, 1)->kind == T_IDENT && starts_argument(p_peek(p, 2)->kind)) {
        p_take(p);
        struct expr *c = mk(E_CALL, e->loc);
        c->obj = e->text;
        c->text = p_take(p).text;
        c->a = p_primary(p);
        e = c;
    }
    while (p_peek(p, 0)->kind == T_DOT) {
        struct token dot = p_take(p);
        if (p_accept(p, T_LBRACK)) {
            struct expr *x = mk(E_INDEX, dot.loc);
            x->a = e;
            x->b = p_expr(p);
            p_expect(p, T_RBRACK, "']'");
            e = x;
        } else {
            struct token f = p_expect(p, T_IDENT, "a field name or '[' after '.'");
            struct expr *x = mk(E_FIELD, f.loc);
            x->a = e;
            x->text = f.text;
            e = x;
        }
    }
    return e;
}

static struct expr *unary(struct parser *p) {
    const struct token *t = p_peek(p, 0);
    if (t->kind == T_NOT || t->kind == T_MINUS) {
        struct token op = p_take(p);
        enter(p);
        struct expr *a = unary(p);
        p->depth--;
        if (op.kind == T_MINUS && a->kind == E_INT && !a->neg) {   /* a negative literal */
            a->neg = a->mag != 0;
            a->loc = op.loc;
            return a;
        }
        struct expr *e = mk(E_UNARY, op.loc);
        e->op = op.kind;
        e->a = a;
        return e;
    }
    return p_postfix(p);
}

static struct expr *mul(struct parser *p) {
    struct expr *e = unary(p);
    while (p_peek(p, 0)->kind == T_STAR) {
        struct loc l = p_take(p).loc;
        e = binary(T_STAR, e, unary(p), l);
    }
    return e;
}

static struct expr *add(struct parser *p) {
    struct expr *e = mul(p);
    while (p_peek(p, 0)->kind == T_PLUS || p_peek(p, 0)->kind == T_MINUS) {
        struct token op = p_take(p);
        e = binary(op.kind, e, mul(p), op.loc);
    }
    return e;
}

static bool is_cmp(enum tok k) {
    return k == T_EQ || k == T_NE || k == T_LT || k == T_LE || k == T_GT || k == T_GE;
}

static struct expr *cmp(struct parser *p) {
    struct expr *e = add(p);
    if (is_cmp(p_peek(p, 0)->kind)) {
        struct token op = p_take(p);
        e = binary(op.kind, e, add(p), op.loc);
        if (is_cmp(p_peek(p, 0)->kind)) {
            diag_error(p_peek(p, 0)->loc, "comparisons do not chain; use '&&'");
            p_fail(p);
        }
    }
    return e;
}

static struct expr *and_(struct parser *p) {
    struct expr *e = cmp(p);
    while (p_peek(p, 0)->kind == T_AND) {
        struct loc l = p_take(p).loc;
        e = binary(T_AND, e, cmp(p), l);
    }
    return e;
}

static struct expr *or_(struct parser *p) {
    struct expr *e = and_(p);
    while (p_peek(p, 0)->kind == T_OR) {
        struct loc l = p_take(p).loc;
        e = binary(T_OR, e, and_(p), l);
    }
    return e;
}

struct expr *p_expr(struct parser *p) {
    enter(p);
    struct expr *e = or_(p);
    if (p_peek(p, 0)->kind == T_IMPL) {
        struct loc l = p_take(p).loc;
        e = binary(T_IMPL, e, p_expr(p), l);
    }
    p->depth--;
    return e;
}

static struct texpr *talt(struct parser *p) {
    enter(p);
    if (p_peek(p, 0)->kind == T_EOF)
        p_expected(p, "a type");
    struct token t = p_take(p);
    struct texpr *ty = xalloc(sizeof *ty);
    ty->loc = t.loc;
    size_t cap = 0, kcap = 0;
    switch (t.kind) {
    case T_TEXT:
        ty->kind = TY_TEXTLIT;
        ty->name = t.text;
        break;
    case T_IDENT:
        ty->kind = TY_NAMED;
        ty->name = t.text;
        if (p_accept(p, T_LT)) {
            ty->kind = TY_GENERIC;
            do {
                struct texpr *a = p_type(p);
                VEC_PUSH(ty->items, ty->n, cap, a);
            } while (p_accept(p, T_COMMA));
            p_expect(p, T_GT, "'>'");
        }
        break;
    case T_LPAREN:
        p_expect(p, T_RPAREN, "')' (the unit type is '()')");
        ty->kind = TY_UNIT;
        break;
    case T_LBRACK:
        ty->kind = TY_TUPLE;
        while (!p_accept(p, T_RBRACK)) {
            struct texpr *a = p_type(p);
            VEC_PUSH(ty->items, ty->n, cap, a);
            if (!p_accept(p, T_COMMA) && p_peek(p, 0)->kind != T_RBRACK)
                p_expected(p, "',' or ']'");
        }
        break;
    case T_LBRACE:
        ty->kind = TY_DICT;
        while (!p_accept(p, T_RBRACE)) {
            char *k = p_ident(p, "a field name");
            p_expect(p, T_COLON, "':'");
            struct texpr *a = p_type(p);
            size_t n0 = ty->n;
            VEC_PUSH(ty->keys, n0, kcap, k);
            VEC_PUSH(ty->items, ty->n, cap, a);
            if (!p_accept(p, T_COMMA) && p_peek(p, 0)->kind != T_RBRACE)
                p_expected(p, "',' or '}'");
        }
        break;
    default:
        diag_error(t.loc, "expected a type, found %s", tok_name(t.kind));
        p_fail(p);
    }
    p->depth--;
    return ty;
}

struct texpr *p_type(struct parser *p) {
    struct texpr *first = talt(p);
    if (p_peek(p, 0)->kind != T_PIPE)
        return first;
    struct texpr *v = xalloc(sizeof *v);
    v->kind = TY_VARIANT;
    v->loc = first->loc;
    size_t cap = 0;
    VEC_PUSH(v->items, v->n, cap, first);
    while (p_accept(p, T_PIPE)) {
        struct texpr *a = talt(p);
        VEC_PUSH(v->items, v->n, cap, a);
    }
    return v;
}
