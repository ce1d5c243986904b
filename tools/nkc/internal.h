/* libnkc internals shared by the lexer, the parsers, the loader and the layout code.
 * Memory: everything a context creates comes from its bump allocator and is freed by nkc_free().
 * Errors: a parser reports one diagnostic and abandons the file with nkc_bail(), a longjmp to the
 * loading function that started it (which returns NULL); allocation failure bails the same way. */
#ifndef NKC_INTERNAL_H
#define NKC_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>

#include "nkc.h"

#define NKC_MAX_NESTING 4      /* sequences inside sequence elements, the verifier recurses this deep */
#define NKC_MAX_DEPTH   64     /* type, expression and component nesting in the source */
#define NKC_MAX_CHECKS  8192u  /* layout table fields of one union, all members (VG_ARENA_MAX_SIZE / 8) */

struct nkc_source {            /* a file's text, kept for the caret lines of diagnostics */
    const char *path;
    const char *text;
    size_t len;
};

/* A loaded description, cached by kind and qualified name (and by path). */
struct nkc_unit {
    struct nkc_unit *next;
    enum nkc_file_kind kind;
    const char *name;          /* qualified name, set once the header line is parsed */
    const char *path;
    struct nkc_source src;     /* the text, once read */
    bool loading;              /* on the loading stack: a reference to it is a cycle */
    bool any_name;             /* a buffer without a file name: no file-name rule */
    bool failed;
    struct nkc_package *pkg;
    struct nkc_component *comp;
};

struct nkc_ctx {
    nkc_diag_sink sink;
    void *sink_arg;
    unsigned nerrors;
    const char **dirs;
    size_t ndirs, dirs_cap;
    struct nkc_block *blocks;  /* allocator */
    struct nkc_unit *units;
    jmp_buf *bail;             /* where the current load resumes on error */
    unsigned depth;            /* nested loads (imports of imports ...) */
    bool extended_errors;      /* nkc_set_extended_errors */
};

/* ---- allocation (never returns NULL: bails on exhaustion) ---- */
void *nkc_alloc(struct nkc_ctx *ctx, size_t size);
char *nkc_strdup(struct nkc_ctx *ctx, const char *s);
char *nkc_strndup(struct nkc_ctx *ctx, const char *s, size_t n);
char *nkc_sprintf(struct nkc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Growable array in the context's memory; nkc_vec_push returns the new zeroed element. */
struct nkc_vec {
    void *data;
    size_t n, cap, elsize;
};
void nkc_vec_init(struct nkc_vec *v, size_t elsize);
void *nkc_vec_push(struct nkc_ctx *ctx, struct nkc_vec *v);

/* ---- diagnostics ---- */
void nkc_report(struct nkc_ctx *ctx, enum nkc_severity sev, const struct nkc_source *src,
                struct nkc_loc loc, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void nkc_vreport(struct nkc_ctx *ctx, enum nkc_severity sev, const struct nkc_source *src,
                 struct nkc_loc loc, const char *fmt, va_list ap);
_Noreturn void nkc_bail(struct nkc_ctx *ctx);

/* ---- lexer ---- */
enum nkc_tok_kind {
    TK_EOF, TK_IDENT, TK_NUMBER,
    TK_LBRACE, TK_RBRACE, TK_LPAREN, TK_RPAREN, TK_LT, TK_GT, TK_COMMA, TK_SEMI, TK_COLON,
    TK_DOT, TK_ASSIGN, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_POW, TK_SHL, TK_SHR,
    TK_AMP, TK_PIPE, TK_CARET, TK_TILDE,
};

struct nkc_token {
    enum nkc_tok_kind kind;
    const char *start;
    size_t len;
    struct nkc_loc loc;
    uint64_t value;            /* TK_NUMBER */
};

struct nkc_lexer {
    struct nkc_ctx *ctx;
    const struct nkc_source *src;
    size_t pos;
    uint32_t line, col;
};

void nkc_lex_init(struct nkc_lexer *lx, struct nkc_ctx *ctx, const struct nkc_source *src);
/* Next token; a lexical error is reported and bails. */
struct nkc_token nkc_lex_next(struct nkc_lexer *lx);
/* "'{'", "identifier 'foo'", "end of file": how a diagnostic names a token. */
const char *nkc_tok_describe(struct nkc_ctx *ctx, const struct nkc_token *t);
const char *nkc_tok_kind_name(enum nkc_tok_kind k);

/* ---- parser state shared by the IDL and component parsers ---- */
struct nkc_parser {
    struct nkc_ctx *ctx;
    struct nkc_source *src;
    struct nkc_lexer lx;
    struct nkc_token tok;      /* current */
    struct nkc_unit *unit;
    struct nkc_package *pkg;   /* IDL being parsed */
    struct nkc_vec imports;    /* struct nkc_package *: what names may refer to */
    struct nkc_vec consts;     /* struct nkc_const */
    struct nkc_vec types;      /* struct nkc_type *: declared struct/union/typedef */
    unsigned depth;
};

void nkc_parser_init(struct nkc_parser *p, struct nkc_ctx *ctx, struct nkc_source *src,
                     struct nkc_unit *unit);
void nkc_advance(struct nkc_parser *p);
bool nkc_is_word(const struct nkc_token *t, const char *word);
_Noreturn void nkc_perr(struct nkc_parser *p, struct nkc_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Report "expected <what>, found <current token>" and bail. */
_Noreturn void nkc_expected(struct nkc_parser *p, const char *what);
void nkc_expect(struct nkc_parser *p, enum nkc_tok_kind k);
void nkc_expect_word(struct nkc_parser *p, const char *word);
/* An identifier (returns a copy) / a dotted qualified name ("a.b.C"). */
const char *nkc_parse_ident(struct nkc_parser *p, const char *what, struct nkc_loc *loc);
const char *nkc_parse_qname(struct nkc_parser *p, const char *what, struct nkc_loc *loc);
/* Checks the declared name against the file name (last segment = base name). */
void nkc_check_file_name(struct nkc_parser *p, const char *qname, struct nkc_loc loc, const char *ext);

/* ---- the parsers (nkc_parse_* bail on error) ---- */
void nkc_parse_idl(struct nkc_parser *p);
void nkc_parse_component(struct nkc_parser *p, bool entity);
/* An integer expression; the value must lie in [min, max] ("what" names it in the error). */
__int128 nkc_parse_expr(struct nkc_parser *p, struct nkc_loc *loc);
uint64_t nkc_parse_bound(struct nkc_parser *p, const char *what);
/* A constant by (possibly qualified) name, or NULL. */
const struct nkc_const *nkc_find_const(struct nkc_parser *p, const char *qname);

/* ---- loading by name from inside a parser (reports at `loc` and bails when not found) ---- */
struct nkc_package *nkc_require_idl(struct nkc_parser *p, const char *qname, struct nkc_loc loc);
struct nkc_component *nkc_require_cdl(struct nkc_parser *p, const char *qname, struct nkc_loc loc);

/* ---- types and layouts ---- */
const struct nkc_type *nkc_builtin_type(const char *name);
/* Computes size/align/handles/arena of a freshly built type; reports and bails when it breaks a rule. */
void nkc_type_finish(struct nkc_parser *p, struct nkc_type *t);
/* Does the structure verifier check anything in t (handles, tags, arena descriptors)? */
bool nkc_type_checked(const struct nkc_type *t);
/* Lays out the three messages of a method; reports and bails when one is too large. */
void nkc_method_layout(struct nkc_parser *p, struct nkc_method *m);
/* "UInt32", "sequence<UInt8, 16>", "a.b.Name": how diagnostics and comments name a type. */
const char *nkc_type_str(struct nkc_ctx *ctx, const struct nkc_type *t);
/* Prefix of C names for a dotted name: "a.b.C" -> "a_b_C". */
char *nkc_cname(struct nkc_ctx *ctx, const char *qname);

#endif
