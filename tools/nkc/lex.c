/* The lexer shared by IDL, CDL and EDL: identifiers, integer literals (decimal, 0x hex, 0o octal),
 * punctuation and operators; // and C comments are skipped. Keywords are identifiers; the parsers
 * decide what a word means where it stands. */
#include <string.h>

#include "internal.h"

void nkc_lex_init(struct nkc_lexer *lx, struct nkc_ctx *ctx, const struct nkc_source *src)
{
    lx->ctx = ctx;
    lx->src = src;
    lx->pos = 0;
    lx->line = 1;
    lx->col = 1;
}

static int cur(const struct nkc_lexer *lx, size_t ahead)
{
    size_t i = lx->pos + ahead;
    return i < lx->src->len ? (unsigned char)lx->src->text[i] : -1;
}

static void step(struct nkc_lexer *lx)
{
    if (lx->src->text[lx->pos] == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->pos++;
}

static struct nkc_loc here(const struct nkc_lexer *lx)
{
    return (struct nkc_loc){lx->src->path, lx->line, lx->col};
}

_Noreturn static void lex_error(struct nkc_lexer *lx, struct nkc_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn static void lex_error(struct nkc_lexer *lx, struct nkc_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nkc_vreport(lx->ctx, NKC_ERROR, lx->src, loc, fmt, ap);
    va_end(ap);
    nkc_bail(lx->ctx);
}

static bool is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static void skip_space_and_comments(struct nkc_lexer *lx)
{
    for (;;) {
        int c = cur(lx, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            step(lx);
        } else if (c == '/' && cur(lx, 1) == '/') {
            while (cur(lx, 0) != -1 && cur(lx, 0) != '\n')
                step(lx);
        } else if (c == '/' && cur(lx, 1) == '*') {
            struct nkc_loc start = here(lx);
            step(lx);
            step(lx);
            while (!(cur(lx, 0) == '*' && cur(lx, 1) == '/')) {
                if (cur(lx, 0) == -1)
                    lex_error(lx, start, "unterminated comment");
                step(lx);
            }
            step(lx);
            step(lx);
        } else {
            return;
        }
    }
}

static void lex_number(struct nkc_lexer *lx, struct nkc_token *t)
{
    unsigned base = 10;
    if (cur(lx, 0) == '0' && (cur(lx, 1) == 'x' || cur(lx, 1) == 'X')) {
        base = 16;
    } else if (cur(lx, 0) == '0' && (cur(lx, 1) == 'o' || cur(lx, 1) == 'O')) {
        base = 8;
    } else if (cur(lx, 0) == '0' && cur(lx, 1) >= '0' && cur(lx, 1) <= '9') {
        lex_error(lx, t->loc, "leading zero in a decimal literal (write octal as 0o%c...)", cur(lx, 1));
    }
    if (base != 10) {
        step(lx);
        step(lx);
        if (digit_value(cur(lx, 0)) >= (int)base)
            lex_error(lx, here(lx), "expected %s digits after '%.2s'", base == 16 ? "hexadecimal" : "octal",
                      t->start);
    }
    uint64_t v = 0;
    bool overflow = false;
    while (is_ident_char(cur(lx, 0))) {
        int d = digit_value(cur(lx, 0));
        if (d >= (int)base)
            lex_error(lx, here(lx), "invalid digit '%c' in a %s literal", cur(lx, 0),
                      base == 16 ? "hexadecimal" : base == 8 ? "octal" : "decimal");
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            overflow = true;
        v = v * base + (uint64_t)d;
        step(lx);
    }
    if (overflow)
        lex_error(lx, t->loc, "integer literal does not fit in 64 bits");
    t->kind = TK_NUMBER;
    t->value = v;
}

struct nkc_token nkc_lex_next(struct nkc_lexer *lx)
{
    skip_space_and_comments(lx);
    struct nkc_token t = {.kind = TK_EOF, .start = lx->src->text + lx->pos, .loc = here(lx)};
    int c = cur(lx, 0);
    if (c == -1)
        return t;
    if (is_ident_start(c)) {
        while (is_ident_char(cur(lx, 0)))
            step(lx);
        t.kind = TK_IDENT;
    } else if (c >= '0' && c <= '9') {
        lex_number(lx, &t);
    } else {
        static const struct { char text[3]; enum nkc_tok_kind kind; } ops[] = {
            {"**", TK_POW}, {"<<", TK_SHL}, {">>", TK_SHR}, {"{", TK_LBRACE}, {"}", TK_RBRACE},
            {"(", TK_LPAREN}, {")", TK_RPAREN}, {"<", TK_LT}, {">", TK_GT}, {",", TK_COMMA},
            {";", TK_SEMI}, {":", TK_COLON}, {".", TK_DOT}, {"=", TK_ASSIGN}, {"+", TK_PLUS},
            {"-", TK_MINUS}, {"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT}, {"&", TK_AMP},
            {"|", TK_PIPE}, {"^", TK_CARET}, {"~", TK_TILDE},
        };
        size_t i;
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            size_t n = strlen(ops[i].text);
            if (cur(lx, 0) == ops[i].text[0] && (n == 1 || cur(lx, 1) == ops[i].text[1]))
                break;
        }
        if (i == sizeof ops / sizeof ops[0]) {
            if (c >= 33 && c < 127)
                lex_error(lx, t.loc, "unexpected character '%c'", c);
            lex_error(lx, t.loc, "unexpected byte 0x%02x", (unsigned)c);
        }
        t.kind = ops[i].kind;
        for (size_t n = strlen(ops[i].text); n; n--)
            step(lx);
    }
    t.len = (size_t)(lx->src->text + lx->pos - t.start);
    return t;
}

const char *nkc_tok_kind_name(enum nkc_tok_kind k)
{
    static const char *const names[] = {
        [TK_EOF] = "end of file", [TK_IDENT] = "identifier", [TK_NUMBER] = "number",
        [TK_LBRACE] = "'{'", [TK_RBRACE] = "'}'", [TK_LPAREN] = "'('", [TK_RPAREN] = "')'",
        [TK_LT] = "'<'", [TK_GT] = "'>'", [TK_COMMA] = "','", [TK_SEMI] = "';'", [TK_COLON] = "':'",
        [TK_DOT] = "'.'", [TK_ASSIGN] = "'='", [TK_PLUS] = "'+'", [TK_MINUS] = "'-'", [TK_STAR] = "'*'",
        [TK_SLASH] = "'/'", [TK_PERCENT] = "'%'", [TK_POW] = "'**'", [TK_SHL] = "'<<'",
        [TK_SHR] = "'>>'", [TK_AMP] = "'&'", [TK_PIPE] = "'|'", [TK_CARET] = "'^'", [TK_TILDE] = "'~'",
    };
    return names[k];
}

const char *nkc_tok_describe(struct nkc_ctx *ctx, const struct nkc_token *t)
{
    if (t->kind == TK_IDENT)
        return nkc_sprintf(ctx, "'%.*s'", t->len > 64 ? 64 : (int)t->len, t->start);
    if (t->kind == TK_NUMBER)
        return nkc_sprintf(ctx, "number %.*s", t->len > 64 ? 64 : (int)t->len, t->start);
    return nkc_tok_kind_name(t->kind);
}
