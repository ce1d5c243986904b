/* Parser plumbing shared by the IDL and component parsers: token stream, expectations, names. */
#include <string.h>

#include "internal.h"

void nkc_parser_init(struct nkc_parser *p, struct nkc_ctx *ctx, struct nkc_source *src,
                     struct nkc_unit *unit)
{
    memset(p, 0, sizeof *p);
    p->ctx = ctx;
    p->src = src;
    p->unit = unit;
    nkc_vec_init(&p->imports, sizeof(struct nkc_package *));
    nkc_vec_init(&p->consts, sizeof(struct nkc_const));
    nkc_vec_init(&p->types, sizeof(struct nkc_type *));
    nkc_lex_init(&p->lx, ctx, src);
    p->tok = nkc_lex_next(&p->lx);
}

void nkc_advance(struct nkc_parser *p)
{
    p->tok = nkc_lex_next(&p->lx);
}

bool nkc_is_word(const struct nkc_token *t, const char *word)
{
    return t->kind == TK_IDENT && t->len == strlen(word) && memcmp(t->start, word, t->len) == 0;
}

_Noreturn void nkc_perr(struct nkc_parser *p, struct nkc_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nkc_vreport(p->ctx, NKC_ERROR, p->src, loc, fmt, ap);
    va_end(ap);
    nkc_bail(p->ctx);
}

_Noreturn void nkc_expected(struct nkc_parser *p, const char *what)
{
    nkc_perr(p, p->tok.loc, "expected %s, found %s", what, nkc_tok_describe(p->ctx, &p->tok));
}

void nkc_expect(struct nkc_parser *p, enum nkc_tok_kind k)
{
    if (p->tok.kind != k)
        nkc_expected(p, nkc_tok_kind_name(k));
    nkc_advance(p);
}

void nkc_expect_word(struct nkc_parser *p, const char *word)
{
    if (!nkc_is_word(&p->tok, word))
        nkc_expected(p, nkc_sprintf(p->ctx, "'%s'", word));
    nkc_advance(p);
}

const char *nkc_parse_ident(struct nkc_parser *p, const char *what, struct nkc_loc *loc)
{
    if (p->tok.kind != TK_IDENT)
        nkc_expected(p, what);
    if (loc)
        *loc = p->tok.loc;
    const char *s = nkc_strndup(p->ctx, p->tok.start, p->tok.len);
    nkc_advance(p);
    return s;
}

const char *nkc_parse_qname(struct nkc_parser *p, const char *what, struct nkc_loc *loc)
{
    if (p->tok.kind != TK_IDENT)
        nkc_expected(p, what);
    if (loc)
        *loc = p->tok.loc;
    const char *start = p->tok.start;
    const char *end = start + p->tok.len;
    nkc_advance(p);
    while (p->tok.kind == TK_DOT) {
        nkc_advance(p);
        if (p->tok.kind != TK_IDENT)
            nkc_expected(p, "a name after '.'");
        end = p->tok.start + p->tok.len;
        nkc_advance(p);
    }
    /* Whitespace or comments around the dots are not part of the name. */
    char *s = nkc_alloc(p->ctx, (size_t)(end - start) + 1), *d = s;
    for (const char *c = start; c < end; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            *c == '_' || *c == '.')
            *d++ = *c;
        else if (*c == '/')
            break; /* a comment between the parts: the rest is the comment */
    *d = 0;
    return s;
}

void nkc_check_file_name(struct nkc_parser *p, const char *qname, struct nkc_loc loc, const char *ext)
{
    if (p->unit->any_name)
        return;
    const char *path = p->src->path;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *last = strrchr(qname, '.');
    last = last ? last + 1 : qname;
    size_t n = strlen(last);
    if (strncmp(base, last, n) != 0 || strcmp(base + n, ext) != 0)
        nkc_perr(p, loc, "'%s' must be declared in a file named %s%s", qname, last, ext);
}
