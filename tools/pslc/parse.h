/* Parser internals shared by parse.c and parse_expr.c. */
#ifndef PSLC_PARSE_H
#define PSLC_PARSE_H

#include <setjmp.h>

#include "ast.h"

struct parser {
    struct token *toks;
    size_t ntoks, pos;
    jmp_buf *bail;
    unsigned depth;
};

_Noreturn void p_fail(struct parser *p);
_Noreturn void p_expected(struct parser *p, const char *what);
const struct token *p_peek(struct parser *p, size_t ahead);
struct token p_take(struct parser *p);
struct token p_expect(struct parser *p, enum tok k, const char *what);
bool p_accept(struct parser *p, enum tok k);
bool p_is_word(struct parser *p, size_t ahead, const char *w);
char *p_ident(struct parser *p, const char *what);
char *p_qualified(struct parser *p, const char *what, struct loc *loc);
void p_selectors(struct parser *p, struct selectors *s);

struct expr *p_expr(struct parser *p);
struct expr *p_postfix(struct parser *p);
struct expr *p_primary(struct parser *p);
struct texpr *p_type(struct parser *p);

#endif
