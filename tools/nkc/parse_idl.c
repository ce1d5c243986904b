/* The IDL parser:
 *   file      = "package" qname [";"] { "import" qname [";"] } { decl }
 *   decl      = "const" type NAME "=" expr ";" | "typedef" type NAME ";"
 *             | ("struct" | "union") NAME "{" { type NAME ";" } "}" [";"]
 *             | "interface" "{" { method } "}" [";"]
 *   method    = NAME "(" [ param { "," param } ] ")" ";"
 *   param     = ("in" | "out" | "error") type NAME
 *   type      = builtin | qname | "array" "<" type "," expr ">" | "sequence" "<" type "," expr ">"
 *             | "bytes" "<" expr ">" | "string" "<" expr ">"
 * Names: unqualified names search this package and then its imports in order; a qualified name
 * "pkg.Name" must name this package or an imported one. */
#include <string.h>

#include "internal.h"

static const char *const keywords[] = {
    "package", "import", "const", "typedef", "struct", "union", "interface", "in", "out", "error",
    "array", "sequence", "bytes", "string",
};

/* Names become C identifiers in the generated code. */
static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "continue", "default", "do", "double", "else", "enum", "extern",
    "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short",
    "signed", "sizeof", "static", "switch", "unsigned", "void", "volatile", "while", "_Bool",
    "_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn",
    "_Static_assert", "_Thread_local",
};

static bool is_keyword(const char *s)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strcmp(s, keywords[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof c_keywords / sizeof c_keywords[0]; i++)
        if (strcmp(s, c_keywords[i]) == 0)
            return true;
    return nkc_builtin_type(s) != NULL;
}

static const char *parse_decl_name(struct nkc_parser *p, const char *what, struct nkc_loc *loc)
{
    const char *name = nkc_parse_ident(p, what, loc);
    if (is_keyword(name))
        nkc_perr(p, *loc, "'%s' is a reserved word and cannot be used as %s", name, what);
    return name;
}

/* Splits "a.b.C" into the package part and the last name; NULL package for an unqualified name. */
static const struct nkc_package *qualifier(struct nkc_parser *p, const char *qname, const char **last,
                                           bool *own)
{
    const char *dot = strrchr(qname, '.');
    *own = false;
    if (!dot) {
        *last = qname;
        return NULL;
    }
    *last = dot + 1;
    size_t n = (size_t)(dot - qname);
    if (strlen(p->pkg->name) == n && strncmp(p->pkg->name, qname, n) == 0) {
        *own = true;
        return p->pkg;
    }
    struct nkc_package **imports = p->imports.data;
    for (size_t i = 0; i < p->imports.n; i++)
        if (strlen(imports[i]->name) == n && strncmp(imports[i]->name, qname, n) == 0)
            return imports[i];
    return NULL;
}

static const struct nkc_const *const_in(const struct nkc_const *c, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].name, name) == 0)
            return &c[i];
    return NULL;
}

static const struct nkc_type *type_in(const struct nkc_type *const *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i]->name, name) == 0)
            return t[i];
    return NULL;
}

const struct nkc_const *nkc_find_const(struct nkc_parser *p, const char *qname)
{
    const char *last;
    bool own;
    const struct nkc_package *q = qualifier(p, qname, &last, &own);
    if (own || !strchr(qname, '.')) {
        const struct nkc_const *c = const_in(p->consts.data, p->consts.n, last);
        if (c || own)
            return c;
        struct nkc_package **imports = p->imports.data;
        for (size_t i = 0; i < p->imports.n; i++)
            if ((c = const_in(imports[i]->consts, imports[i]->nconsts, last)))
                return c;
        return NULL;
    }
    return q ? const_in(q->consts, q->nconsts, last) : NULL;
}

static const struct nkc_type *find_type(struct nkc_parser *p, const char *qname)
{
    const char *last;
    bool own;
    const struct nkc_package *q = qualifier(p, qname, &last, &own);
    if (own || !strchr(qname, '.')) {
        const struct nkc_type *t = type_in(p->types.data, p->types.n, last);
        if (t || own)
            return t;
        struct nkc_package **imports = p->imports.data;
        for (size_t i = 0; i < p->imports.n; i++)
            if ((t = type_in(imports[i]->types, imports[i]->ntypes, last)))
                return t;
        return NULL;
    }
    return q ? type_in(q->types, q->ntypes, last) : NULL;
}

static void check_unique(struct nkc_parser *p, const char *name, struct nkc_loc loc)
{
    const struct nkc_const *c = const_in(p->consts.data, p->consts.n, name);
    const struct nkc_type *t = type_in(p->types.data, p->types.n, name);
    if (!c && !t)
        return;
    nkc_report(p->ctx, NKC_ERROR, p->src, loc, "'%s' is already declared in package %s", name,
               p->pkg->name);
    nkc_report(p->ctx, NKC_NOTE, p->src, c ? c->loc : t->loc, "previous declaration of '%s'", name);
    nkc_bail(p->ctx);
}

static const struct nkc_type *parse_type(struct nkc_parser *p);

static struct nkc_type *new_type(struct nkc_parser *p, enum nkc_type_kind kind, struct nkc_loc loc)
{
    struct nkc_type *t = nkc_alloc(p->ctx, sizeof *t);
    t->kind = kind;
    t->loc = loc;
    return t;
}

static const struct nkc_type *parse_container(struct nkc_parser *p, enum nkc_type_kind kind,
                                              const char *what)
{
    struct nkc_type *t = new_type(p, kind, p->tok.loc);
    nkc_advance(p);
    nkc_expect(p, TK_LT);
    if (kind == NKC_T_ARRAY || kind == NKC_T_SEQUENCE) {
        t->elem = parse_type(p);
        nkc_expect(p, TK_COMMA);
    }
    t->bound = nkc_parse_bound(p, what);
    if (p->tok.kind != TK_GT)
        nkc_expected(p, "'>'");
    nkc_advance(p);
    nkc_type_finish(p, t);
    return t;
}

static const struct nkc_type *parse_type(struct nkc_parser *p)
{
    if (p->tok.kind != TK_IDENT)
        nkc_expected(p, "a type");
    if (++p->depth > NKC_MAX_DEPTH)
        nkc_perr(p, p->tok.loc, "type nested too deeply");
    const struct nkc_type *t;
    if (nkc_is_word(&p->tok, "array"))
        t = parse_container(p, NKC_T_ARRAY, "array size");
    else if (nkc_is_word(&p->tok, "sequence"))
        t = parse_container(p, NKC_T_SEQUENCE, "sequence bound");
    else if (nkc_is_word(&p->tok, "bytes"))
        t = parse_container(p, NKC_T_BYTES, "bytes bound");
    else if (nkc_is_word(&p->tok, "string"))
        t = parse_container(p, NKC_T_STRING, "string bound");
    else {
        struct nkc_loc loc;
        const char *name = nkc_parse_qname(p, "a type", &loc);
        t = nkc_builtin_type(name);
        if (!t)
            t = find_type(p, name);
        if (!t) {
            if (nkc_find_const(p, name))
                nkc_perr(p, loc, "'%s' is a constant, not a type", name);
            nkc_perr(p, loc, "unknown type '%s'", name);
        }
    }
    p->depth--;
    return t;
}

static void parse_const(struct nkc_parser *p)
{
    nkc_advance(p);
    struct nkc_loc tloc = p->tok.loc;
    const struct nkc_type *type = parse_type(p);
    if (nkc_type_resolve(type)->kind != NKC_T_INT)
        nkc_perr(p, tloc, "a constant must have an integer type, not %s", nkc_type_str(p->ctx, type));
    struct nkc_loc loc;
    const char *name = parse_decl_name(p, "a constant name", &loc);
    check_unique(p, name, loc);
    nkc_expect(p, TK_ASSIGN);
    struct nkc_loc vloc;
    __int128 v = nkc_parse_expr(p, &vloc);
    const struct nkc_type *it = nkc_type_resolve(type);
    __int128 lo = it->is_signed ? -((__int128)1 << (it->bits - 1)) : 0;
    __int128 hi = it->is_signed ? ((__int128)1 << (it->bits - 1)) - 1 : ((__int128)1 << it->bits) - 1;
    if (v < lo || v > hi)
        nkc_perr(p, vloc, "value of '%s' does not fit in %s", name, nkc_type_str(p->ctx, type));
    nkc_expect(p, TK_SEMI);
    struct nkc_const *c = nkc_vec_push(p->ctx, &p->consts);
    c->name = name;
    c->type = type;
    c->value = it->is_signed ? (int64_t)v : (int64_t)(uint64_t)v;
    c->loc = loc;
}

static void parse_typedef(struct nkc_parser *p)
{
    struct nkc_type *t = new_type(p, NKC_T_TYPEDEF, p->tok.loc);
    nkc_advance(p);
    t->elem = parse_type(p);
    t->name = parse_decl_name(p, "a type name", &t->loc);
    check_unique(p, t->name, t->loc);
    t->pkg = p->pkg;
    nkc_expect(p, TK_SEMI);
    nkc_type_finish(p, t);
    *(struct nkc_type **)nkc_vec_push(p->ctx, &p->types) = t;
}

static void parse_record(struct nkc_parser *p, enum nkc_type_kind kind)
{
    struct nkc_type *t = new_type(p, kind, p->tok.loc);
    const char *what = kind == NKC_T_STRUCT ? "struct" : "union";
    nkc_advance(p);
    t->name = parse_decl_name(p, nkc_sprintf(p->ctx, "a %s name", what), &t->loc);
    check_unique(p, t->name, t->loc);
    t->pkg = p->pkg;
    nkc_expect(p, TK_LBRACE);
    struct nkc_vec fields;
    nkc_vec_init(&fields, sizeof(struct nkc_field));
    while (p->tok.kind != TK_RBRACE) {
        if (p->tok.kind == TK_EOF)
            nkc_expected(p, "'}'");
        const struct nkc_type *ft = parse_type(p);
        struct nkc_loc loc;
        const char *name = parse_decl_name(p, "a member name", &loc);
        struct nkc_field *prev = fields.data;
        for (size_t i = 0; i < fields.n; i++)
            if (strcmp(prev[i].name, name) == 0)
                nkc_perr(p, loc, "duplicate member '%s' in %s %s", name, what, t->name);
        nkc_expect(p, TK_SEMI);
        struct nkc_field *f = nkc_vec_push(p->ctx, &fields);
        f->name = name;
        f->type = ft;
        f->loc = loc;
    }
    if (fields.n == 0)
        nkc_perr(p, p->tok.loc, "%s %s has no members", what, t->name);
    nkc_advance(p);
    if (p->tok.kind == TK_SEMI)
        nkc_advance(p);
    t->fields = fields.data;
    t->nfields = fields.n;
    nkc_type_finish(p, t);
    *(struct nkc_type **)nkc_vec_push(p->ctx, &p->types) = t;
}

static void parse_method(struct nkc_parser *p, struct nkc_vec *methods)
{
    struct nkc_loc loc;
    const char *name = parse_decl_name(p, "a method name or '}'", &loc);
    if (strchr(name, '_'))
        nkc_perr(p, loc, "method name '%s' contains '_' (not allowed in IDL names)", name);
    struct nkc_method *prev = methods->data;
    for (size_t i = 0; i < methods->n; i++)
        if (strcmp(prev[i].name, name) == 0)
            nkc_perr(p, loc, "duplicate method '%s' in interface %s", name, p->pkg->name);
    nkc_expect(p, TK_LPAREN);
    struct nkc_vec params;
    nkc_vec_init(&params, sizeof(struct nkc_param));
    enum nkc_param_dir last = NKC_IN;
    static const char *const dir_names[] = {"in", "out", "error"};
    while (p->tok.kind != TK_RPAREN) {
        if (params.n) {
            nkc_expect(p, TK_COMMA);
        }
        enum nkc_param_dir dir;
        struct nkc_loc dloc = p->tok.loc;
        if (nkc_is_word(&p->tok, "in"))
            dir = NKC_IN;
        else if (nkc_is_word(&p->tok, "out"))
            dir = NKC_OUT;
        else if (nkc_is_word(&p->tok, "error"))
            dir = NKC_ERR;
        else
            nkc_expected(p, params.n ? "'in', 'out' or 'error'" : "'in', 'out', 'error' or ')'");
        if (dir < last)
            nkc_perr(p, dloc, "'%s' parameter after '%s' parameters (the order is in, out, error)",
                     dir_names[dir], dir_names[last]);
        last = dir;
        nkc_advance(p);
        const struct nkc_type *type = parse_type(p);
        struct nkc_loc ploc;
        const char *pname = parse_decl_name(p, "a parameter name", &ploc);
        if (strcmp(pname, "hdr") == 0)
            nkc_perr(p, ploc, "'hdr' cannot name a parameter (the message header is called so)");
        struct nkc_param *pp = params.data;
        for (size_t i = 0; i < params.n; i++)
            if (strcmp(pp[i].name, pname) == 0)
                nkc_perr(p, ploc, "duplicate parameter '%s' in method %s", pname, name);
        struct nkc_param *param = nkc_vec_push(p->ctx, &params);
        param->dir = dir;
        param->name = pname;
        param->type = type;
        param->loc = ploc;
    }
    nkc_advance(p);
    nkc_expect(p, TK_SEMI);
    if (methods->n >= UINT16_MAX)
        nkc_perr(p, loc, "too many methods in interface %s", p->pkg->name);
    struct nkc_method *m = nkc_vec_push(p->ctx, methods);
    m->name = name;
    m->mid = (uint16_t)(methods->n - 1);
    m->params = params.data;
    m->nparams = params.n;
    m->loc = loc;
    nkc_method_layout(p, m);
}

static void parse_interface(struct nkc_parser *p)
{
    struct nkc_loc loc = p->tok.loc;
    if (p->pkg->has_interface)
        nkc_perr(p, loc, "package %s already declares an interface (one per IDL file)", p->pkg->name);
    nkc_advance(p);
    nkc_expect(p, TK_LBRACE);
    struct nkc_vec methods;
    nkc_vec_init(&methods, sizeof(struct nkc_method));
    while (p->tok.kind != TK_RBRACE) {
        if (p->tok.kind == TK_EOF)
            nkc_expected(p, "a method name or '}'");
        parse_method(p, &methods);
    }
    nkc_advance(p);
    if (p->tok.kind == TK_SEMI)
        nkc_advance(p);
    p->pkg->has_interface = true;
    p->pkg->methods = methods.data;
    p->pkg->nmethods = methods.n;
}

static void parse_import(struct nkc_parser *p)
{
    nkc_advance(p);
    struct nkc_loc loc;
    const char *name = nkc_parse_qname(p, "a package name", &loc);
    if (p->tok.kind == TK_SEMI)
        nkc_advance(p);
    if (strcmp(name, p->pkg->name) == 0)
        nkc_perr(p, loc, "package %s imports itself", name);
    struct nkc_package **imports = p->imports.data;
    for (size_t i = 0; i < p->imports.n; i++)
        if (strcmp(imports[i]->name, name) == 0)
            nkc_perr(p, loc, "package %s is imported twice", name);
    struct nkc_package *dep = nkc_require_idl(p, name, loc);
    *(struct nkc_package **)nkc_vec_push(p->ctx, &p->imports) = dep;
    p->pkg->imports = p->imports.data;
    p->pkg->nimports = p->imports.n;
}

void nkc_parse_idl(struct nkc_parser *p)
{
    struct nkc_package *pkg = nkc_alloc(p->ctx, sizeof *pkg);
    p->pkg = pkg;
    pkg->path = p->src->path;
    pkg->loc = p->tok.loc;
    nkc_expect_word(p, "package");
    struct nkc_loc loc;
    pkg->name = nkc_parse_qname(p, "a package name", &loc);
    pkg->cname = nkc_cname(p->ctx, pkg->name);
    nkc_check_file_name(p, pkg->name, loc, ".idl");
    p->unit->name = pkg->name;
    if (p->tok.kind == TK_SEMI)
        nkc_advance(p);
    while (nkc_is_word(&p->tok, "import"))
        parse_import(p);
    for (;;) {
        /* The model's arrays point into the vectors, which may move while they grow: refresh. */
        pkg->consts = p->consts.data;
        pkg->nconsts = p->consts.n;
        pkg->types = p->types.data;
        pkg->ntypes = p->types.n;
        if (p->tok.kind == TK_EOF)
            break;
        if (nkc_is_word(&p->tok, "const"))
            parse_const(p);
        else if (nkc_is_word(&p->tok, "typedef"))
            parse_typedef(p);
        else if (nkc_is_word(&p->tok, "struct"))
            parse_record(p, NKC_T_STRUCT);
        else if (nkc_is_word(&p->tok, "union"))
            parse_record(p, NKC_T_UNION);
        else if (nkc_is_word(&p->tok, "interface"))
            parse_interface(p);
        else if (nkc_is_word(&p->tok, "import"))
            nkc_perr(p, p->tok.loc, "'import' must come before the declarations");
        else if (nkc_is_word(&p->tok, "package"))
            nkc_perr(p, p->tok.loc, "a second 'package' line (one package per IDL file)");
        else
            nkc_expected(p, "'const', 'typedef', 'struct', 'union' or 'interface'");
    }
}
