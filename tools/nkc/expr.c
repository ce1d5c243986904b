/* Integer constant expressions of IDL: literals, constant names, ( ), unary + - ~, ** (right
 * associative, binds tightest), * / %, + -, << >>, &, ^, |. Evaluated exactly in 128 bits (~x is
 * -x - 1, bitwise operators act on two's complement); any
 * intermediate value outside the 64-bit range (signed or unsigned) is an error, as are division by
 * zero, negative exponents and shift counts outside 0..63. */
#include <string.h>

#include "internal.h"

typedef __int128 big;

static const big BIG_MAX = (big)UINT64_MAX;        /* largest UInt64 */
static const big BIG_MIN = -(big)INT64_MAX - 1;    /* smallest SInt64 */

static big parse_or(struct nkc_parser *p);

static big check_range(struct nkc_parser *p, struct nkc_loc loc, big v)
{
    if (v > BIG_MAX || v < BIG_MIN)
        nkc_perr(p, loc, "constant expression overflows 64 bits");
    return v;
}

static big parse_primary(struct nkc_parser *p)
{
    struct nkc_loc loc = p->tok.loc;
    if (p->tok.kind == TK_NUMBER) {
        big v = p->tok.value;
        nkc_advance(p);
        return v;
    }
    if (p->tok.kind == TK_LPAREN) {
        if (++p->depth > NKC_MAX_DEPTH)
            nkc_perr(p, loc, "expression nested too deeply");
        nkc_advance(p);
        big v = parse_or(p);
        nkc_expect(p, TK_RPAREN);
        p->depth--;
        return v;
    }
    if (p->tok.kind == TK_IDENT) {
        const char *name = nkc_parse_qname(p, "a constant", &loc);
        const struct nkc_const *c = nkc_find_const(p, name);
        if (!c)
            nkc_perr(p, loc, "unknown constant '%s'", name);
        return c->type->is_signed ? (big)c->value : (big)(uint64_t)c->value;
    }
    nkc_expected(p, "an integer expression");
}

static big parse_unary(struct nkc_parser *p);

static big parse_pow(struct nkc_parser *p)
{
    big base = parse_primary(p);
    if (p->tok.kind != TK_POW)
        return base;
    struct nkc_loc loc = p->tok.loc;
    nkc_advance(p);
    big exp = parse_unary(p); /* right associative: 2 ** 3 ** 2 = 2 ** 9 */
    if (exp < 0)
        nkc_perr(p, loc, "negative exponent in constant expression");
    big result = 1;
    while (exp > 0) {
        if (exp & 1)
            result = check_range(p, loc, result * base);
        exp >>= 1;
        if (exp > 0)
            base = check_range(p, loc, base * base);
    }
    return result;
}

static big parse_unary(struct nkc_parser *p)
{
    struct nkc_loc loc = p->tok.loc;
    enum nkc_tok_kind k = p->tok.kind;
    if (k != TK_MINUS && k != TK_PLUS && k != TK_TILDE)
        return parse_pow(p);
    if (++p->depth > NKC_MAX_DEPTH)
        nkc_perr(p, loc, "expression nested too deeply");
    nkc_advance(p);
    big v = parse_unary(p);
    p->depth--;
    if (k == TK_MINUS)
        return check_range(p, loc, -v);
    if (k == TK_TILDE) /* two's complement of an unbounded integer, as in Python: ~x = -x - 1 */
        return check_range(p, loc, -v - 1);
    return v;
}

static big parse_mul(struct nkc_parser *p)
{
    big v = parse_unary(p);
    while (p->tok.kind == TK_STAR || p->tok.kind == TK_SLASH || p->tok.kind == TK_PERCENT) {
        struct nkc_token op = p->tok;
        nkc_advance(p);
        big r = parse_unary(p);
        if (op.kind == TK_STAR) {
            v = check_range(p, op.loc, v * r);
        } else {
            if (r == 0)
                nkc_perr(p, op.loc, "division by zero in constant expression");
            v = op.kind == TK_SLASH ? v / r : v % r;
        }
    }
    return v;
}

static big parse_add(struct nkc_parser *p)
{
    big v = parse_mul(p);
    while (p->tok.kind == TK_PLUS || p->tok.kind == TK_MINUS) {
        struct nkc_token op = p->tok;
        nkc_advance(p);
        big r = parse_mul(p);
        v = check_range(p, op.loc, op.kind == TK_PLUS ? v + r : v - r);
    }
    return v;
}

static big parse_shift(struct nkc_parser *p)
{
    big v = parse_add(p);
    while (p->tok.kind == TK_SHL || p->tok.kind == TK_SHR) {
        struct nkc_token op = p->tok;
        nkc_advance(p);
        big r = parse_add(p);
        if (r < 0 || r > 63)
            nkc_perr(p, op.loc, "shift count must be 0..63");
        if (op.kind == TK_SHL)
            v = check_range(p, op.loc, v * ((big)1 << (int)r));
        else
            v = v >> (int)r;
    }
    return v;
}

static big parse_and(struct nkc_parser *p)
{
    big v = parse_shift(p);
    while (p->tok.kind == TK_AMP) {
        nkc_advance(p);
        v &= parse_shift(p);
    }
    return v;
}

static big parse_xor(struct nkc_parser *p)
{
    big v = parse_and(p);
    while (p->tok.kind == TK_CARET) {
        nkc_advance(p);
        v ^= parse_and(p);
    }
    return v;
}

static big parse_or(struct nkc_parser *p)
{
    big v = parse_xor(p);
    while (p->tok.kind == TK_PIPE) {
        nkc_advance(p);
        v |= parse_xor(p);
    }
    return v;
}

__int128 nkc_parse_expr(struct nkc_parser *p, struct nkc_loc *loc)
{
    if (loc)
        *loc = p->tok.loc;
    return parse_or(p);
}

uint64_t nkc_parse_bound(struct nkc_parser *p, const char *what)
{
    struct nkc_loc loc;
    big v = nkc_parse_expr(p, &loc);
    if (v < 1)
        nkc_perr(p, loc, "%s must be at least 1, not %lld", what, (long long)v);
    if (v > (big)UINT32_MAX - 1)
        nkc_perr(p, loc, "%s must be at most %u", what, UINT32_MAX - 1);
    return (uint64_t)v;
}
