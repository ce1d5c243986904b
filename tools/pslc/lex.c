/* The PSL lexer: identifiers, integers (decimal, 0x hex, 0o octal), texts with C escapes, operators,
 * and line and block comments. */
#include <ctype.h>
#include <string.h>

#include "ast.h"

static const char *const names[] = {
    [T_EOF] = "end of file", [T_IDENT] = "identifier", [T_INT] = "integer", [T_TEXT] = "text",
    [T_LBRACE] = "'{'", [T_RBRACE] = "'}'", [T_LPAREN] = "'('", [T_RPAREN] = "')'",
    [T_LBRACK] = "'['", [T_RBRACK] = "']'", [T_COMMA] = "','", [T_COLON] = "':'", [T_DOT] = "'.'",
    [T_ASSIGN] = "'='", [T_PIPE] = "'|'", [T_LT] = "'<'", [T_GT] = "'>'", [T_LE] = "'<='",
    [T_GE] = "'>='", [T_EQ] = "'=='", [T_NE] = "'!='", [T_NOT] = "'!'", [T_AND] = "'&&'",
    [T_OR] = "'||'", [T_IMPL] = "'==>'", [T_PLUS] = "'+'", [T_MINUS] = "'-'", [T_STAR] = "'*'",
    [T_ARROW] = "'<-'", [T_SQUIG] = "'~>'",
};

const char *tok_name(enum tok k) { return names[k]; }

void lex_init(struct lexer *lx, const struct source *src) {
    lx->src = src;
    lx->text = src->expanded ? src->expanded : src->text;
    lx->len = src->expanded ? src->expanded_len : src->len;
    lx->pos = 0;
    lx->line = lx->col = 1;
}

static int peekc(struct lexer *lx, size_t ahead) {
    size_t p = lx->pos + ahead;
    return p < lx->len ? (unsigned char)lx->text[p] : -1;
}

static void adv(struct lexer *lx) {
    if (lx->text[lx->pos] == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->pos++;
}

/* An expanded template counts lines in the expansion; its positions come from the span map instead. */
static struct loc here(struct lexer *lx) {
    if (lx->src->expanded)
        return source_loc(lx->src, lx->pos);
    return (struct loc){lx->src, lx->line, lx->col};
}

static bool skip_space(struct lexer *lx) {
    for (;;) {
        int c = peekc(lx, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            adv(lx);
        } else if (c == '/' && peekc(lx, 1) == '/') {
            while (peekc(lx, 0) != -1 && peekc(lx, 0) != '\n')
                adv(lx);
        } else if (c == '/' && peekc(lx, 1) == '*') {
            struct loc start = here(lx);
            adv(lx), adv(lx);
            while (!(peekc(lx, 0) == '*' && peekc(lx, 1) == '/')) {
                if (peekc(lx, 0) == -1) {
                    diag_error(start, "unterminated comment");
                    return false;
                }
                adv(lx);
            }
            adv(lx), adv(lx);
        } else {
            return true;
        }
    }
}

static bool lex_number(struct lexer *lx, struct token *t) {
    unsigned base = 10;
    if (peekc(lx, 0) == '0' && (peekc(lx, 1) == 'x' || peekc(lx, 1) == 'X'))
        base = 16;
    else if (peekc(lx, 0) == '0' && peekc(lx, 1) == 'o')
        base = 8;
    if (base != 10) {
        adv(lx), adv(lx);
        if (!isxdigit(peekc(lx, 0))) {
            diag_error(t->loc, "malformed integer literal");
            return false;
        }
    }
    uint64_t v = 0;
    bool over = false;
    for (;;) {
        int c = peekc(lx, 0);
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && isxdigit(c))
            d = (unsigned)(tolower(c) - 'a' + 10);
        else if (isalnum(c) || c == '_') {
            diag_error(here(lx), "invalid digit '%c' in integer literal", c);
            return false;
        } else
            break;
        if (d >= base) {
            diag_error(here(lx), "invalid digit '%c' in integer literal", c);
            return false;
        }
        if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
            over = true;
        adv(lx);
    }
    if (over) {
        diag_error(t->loc, "integer literal does not fit in 64 bits");
        return false;
    }
    t->kind = T_INT;
    t->num = v;
    return true;
}

static bool lex_text(struct lexer *lx, struct token *t) {
    adv(lx);
    size_t cap = 16, n = 0;
    char *buf = xalloc(cap);
    for (;;) {
        int c = peekc(lx, 0);
        if (c == -1 || c == '\n') {
            diag_error(t->loc, "unterminated text literal");
            return false;
        }
        if (c == '"') {
            adv(lx);
            break;
        }
        if (c == '\\') {
            struct loc at = here(lx);
            adv(lx);
            c = peekc(lx, 0);
            switch (c) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '\\': case '"': break;
            default:
                diag_error(at, "unknown escape sequence in text literal");
                return false;
            }
        }
        if (c == 0) {
            diag_error(here(lx), "NUL byte in text literal");
            return false;
        }
        buf = xrealloc_vec(buf, &cap, n + 2, 1);
        buf[n++] = (char)c;
        adv(lx);
    }
    t->kind = T_TEXT;
    t->text = xstrndup(buf, n);
    return true;
}

bool lex_next(struct lexer *lx, struct token *t) {
    if (!skip_space(lx))
        return false;
    memset(t, 0, sizeof *t);
    t->loc = here(lx);
    t->start = lx->text + lx->pos;
    int c = peekc(lx, 0), d = peekc(lx, 1);
    if (c == -1) {
        t->kind = T_EOF;
        return true;
    }
    if (isalpha(c) || c == '_') {
        size_t s = lx->pos;
        while (isalnum(peekc(lx, 0)) || peekc(lx, 0) == '_')
            adv(lx);
        t->kind = T_IDENT;
        t->text = xstrndup(lx->text + s, lx->pos - s);
    } else if (isdigit(c)) {
        if (!lex_number(lx, t))
            return false;
    } else if (c == '"') {
        if (!lex_text(lx, t))
            return false;
    } else {
        static const struct { const char *s; enum tok k; } ops[] = {
            {"==>", T_IMPL}, {"==", T_EQ}, {"!=", T_NE}, {"<=", T_LE}, {">=", T_GE}, {"<-", T_ARROW}, {"~>", T_SQUIG},
            {"&&", T_AND}, {"||", T_OR}, {"{", T_LBRACE}, {"}", T_RBRACE}, {"(", T_LPAREN},
            {")", T_RPAREN}, {"[", T_LBRACK}, {"]", T_RBRACK}, {",", T_COMMA}, {":", T_COLON},
            {".", T_DOT}, {"=", T_ASSIGN}, {"|", T_PIPE}, {"<", T_LT}, {">", T_GT}, {"!", T_NOT},
            {"+", T_PLUS}, {"-", T_MINUS}, {"*", T_STAR},
        };
        (void)d;
        size_t i;
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            size_t l = strlen(ops[i].s);
            if (lx->pos + l <= lx->len && memcmp(lx->text + lx->pos, ops[i].s, l) == 0)
                break;
        }
        if (i == sizeof ops / sizeof ops[0]) {
            /* `{%` and `{#` open template syntax, which pslc expands only when asked to (`{{` is two braces) */
            if ((c == '%' || c == '#') && !lx->src->expanded && lx->pos > 0 && lx->text[lx->pos - 1] == '{') {
                struct loc at = t->loc;
                at.col--;
                diag_error(at, "'{%c' starts a template: pass --enable-preprocessor to expand templates", c);
            } else if (isprint(c))
                diag_error(t->loc, "unexpected character '%c'", c);
            else
                diag_error(t->loc, "unexpected byte 0x%02x", (unsigned)c);
            return false;
        }
        for (size_t l = strlen(ops[i].s); l; l--)
            adv(lx);
        t->kind = ops[i].k;
    }
    t->len = (size_t)(lx->text + lx->pos - t->start);
    return true;
}
