/* The PSL syntax tree (parse.c builds it; sema.c checks and compiles it). */
#ifndef PSLC_AST_H
#define PSLC_AST_H

#include "util.h"

/* ---- tokens (lex.c) ---- */
enum tok {
    T_EOF, T_IDENT, T_INT, T_TEXT,
    T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA, T_COLON, T_DOT,
    T_ASSIGN, T_PIPE, T_LT, T_GT, T_LE, T_GE, T_EQ, T_NE, T_NOT, T_AND, T_OR, T_IMPL,
    T_PLUS, T_MINUS, T_STAR, T_ARROW, T_SQUIG,   /* `<-`, `~>` (PAL tests) */
};

struct token {
    enum tok kind;
    struct loc loc;
    const char *start;
    size_t len;
    char *text;          /* T_IDENT name, T_TEXT value (escapes decoded) */
    uint64_t num;        /* T_INT */
};

struct lexer {
    const struct source *src;
    const char *text;    /* src's text, or its template expansion */
    size_t len;
    size_t pos;
    uint32_t line, col;
};
void lex_init(struct lexer *lx, const struct source *src);
/* Returns false after reporting a lexical error. */
bool lex_next(struct lexer *lx, struct token *t);
const char *tok_name(enum tok k);

/* ---- expressions ---- */
enum ekind {
    E_INT, E_TEXT, E_BOOL, E_UNIT, E_LIST, E_DICT, E_NAME, E_FIELD, E_INDEX, E_CALL, E_UNARY, E_BINARY,
    E_SIZE,                   /* `size (x)`: its arguments are items[0..n) (one, checked by compile.c) */
};

struct expr {
    enum ekind kind;
    struct loc loc;
    bool neg;                 /* E_INT */
    uint64_t mag;             /* E_INT magnitude, E_BOOL value */
    char *text;               /* E_TEXT value, E_NAME/E_FIELD name, E_CALL method */
    char *obj;                /* E_CALL object */
    enum tok op;              /* E_UNARY (T_NOT, T_MINUS), E_BINARY */
    struct expr *a, *b;       /* operands; E_FIELD/E_INDEX base a (index b); E_CALL argument a */
    struct expr **items;      /* E_LIST elements, E_DICT values */
    char **keys;              /* E_DICT keys (identifier or text or integer spelled as text) */
    struct loc *key_locs;
    size_t n;
};

/* ---- bindings ---- */
enum event { EV_REQUEST, EV_RESPONSE, EV_ERROR, EV_SECURITY, EV_EXECUTE, EV_COUNT };
/* SEL_INTERFACE: `interface=` (the 1.0 form), the IDL interface of the endpoint (or security interface) */
enum sel { SEL_SRC, SEL_DST, SEL_COMPONENT, SEL_ENDPOINT, SEL_METHOD, SEL_INTERFACE, SEL_COUNT };
extern const char *const event_names[EV_COUNT];
extern const char *const sel_names[SEL_COUNT];

struct selectors {
    char *v[SEL_COUNT];
    struct loc loc[SEL_COUNT];
};

enum skind { S_CALL, S_MATCH, S_CHOICE, S_AUDIT };

struct stmt;
struct branch {
    struct expr *pattern;     /* NULL for `_` */
    struct stmt **body;
    size_t n;
    struct loc loc;
};

struct stmt {
    enum skind kind;
    struct loc loc;
    char *obj;                /* S_CALL: object, NULL for a Base rule without prefix */
    char *name;               /* S_CALL: rule; S_AUDIT: profile */
    struct loc name_loc;
    struct expr *arg;         /* S_CALL argument; S_CHOICE scrutinee */
    struct selectors sel;     /* S_MATCH */
    struct stmt **body;       /* S_MATCH */
    size_t n;
    struct branch *branches;  /* S_CHOICE */
    size_t nbranches;
};

struct binding {
    enum event ev;
    struct loc loc;
    struct selectors sel;
    struct stmt **body;
    size_t n;
};

/* ---- types (type declarations in policy objects) ---- */
enum tkind { TY_NAMED, TY_TEXTLIT, TY_VARIANT, TY_DICT, TY_TUPLE, TY_GENERIC, TY_UNIT };
struct texpr {
    enum tkind kind;
    struct loc loc;
    char *name;               /* TY_NAMED, TY_GENERIC; TY_TEXTLIT text */
    struct texpr **items;     /* variant alternatives, dict field types, tuple/generic args */
    char **keys;              /* TY_DICT */
    size_t n;
};

struct typedecl {
    char *name;
    struct texpr *type;
    struct loc loc;
};

struct object_decl {
    char *name, *model;
    struct loc loc, model_loc;
    struct typedecl *types;
    size_t ntypes;
    struct expr *config;      /* NULL if absent */
    struct loc config_loc;
};

/* ---- PAL tests ---- */
enum expect { X_GRANT, X_DENY, X_ANY };
struct tcase {
    enum expect expect;
    char *var;                /* `var <- execute ...`, else NULL */
    char *caption;
    enum event ev;
    struct selectors sel;
    struct expr *msg;         /* E_DICT or NULL */
    struct loc loc;
};
struct tseq {
    char *name;
    struct loc loc;
    struct tcase *cases;
    size_t n;
};
struct tset {
    char *name;
    struct loc loc;
    struct tcase *setup, *fin;
    size_t nsetup, nfin;
    struct tseq *seqs;
    size_t nseqs;
};

/* ---- a parsed file ---- */
struct use_decl {
    bool edl;
    char *name;               /* "nk.base" (without "._") or "echo.Server" */
    struct loc loc;
};

struct profile_decl {
    char *name;
    struct expr *value;
    struct loc loc;
};

struct psl_file {
    const struct source *src;
    struct use_decl *uses;
    size_t nuses;
    char *execute_iface;      /* `execute: kl.core.Execute` */
    struct loc execute_loc;
    char *audit_default;      /* `audit default = P L` */
    uint64_t audit_level;
    struct loc audit_loc;
    struct object_decl *objects;
    size_t nobjects;
    struct binding *bindings;
    size_t nbindings;
    struct profile_decl *profiles;
    size_t nprofiles;
    struct tset *tests;
    size_t ntests;
};

/* Parses a whole file; NULL after reporting the first syntax error. */
struct psl_file *parse_file(const struct source *src);

#endif
