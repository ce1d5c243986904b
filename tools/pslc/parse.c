/* The PSL parser: declarations, bindings and PAL tests (expressions and types in parse_expr.c).
 * The file is tokenized first; the first syntax error abandons the file (longjmp to parse_file). */
#include <setjmp.h>
#include <string.h>

#include "parse.h"

const char *const event_names[EV_COUNT] = {"request", "response", "error", "security", "execute"};
const char *const sel_names[SEL_COUNT] = {"src", "dst", "component", "endpoint", "method",
                                           "interface"};

_Noreturn void p_fail(struct parser *p) { longjmp(*p->bail, 1); }

const struct token *p_peek(struct parser *p, size_t ahead) {
    size_t i = p->pos + ahead;
    return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

struct token p_take(struct parser *p) {
    struct token t = *p_peek(p, 0);
    if (p->pos < p->ntoks - 1)
        p->pos++;
    return t;
}

static const char *describe(const struct token *t) {
    switch (t->kind) {
    case T_IDENT:
        return xsprintf("'%s'", t->text);
    case T_TEXT:
        return xsprintf("text \"%s\"", t->text);
    case T_INT:
        return xsprintf("integer %llu", (unsigned long long)t->num);
    default:
        return tok_name(t->kind);
    }
}

_Noreturn void p_expected(struct parser *p, const char *what) {
    diag_error(p_peek(p, 0)->loc, "expected %s, found %s", what, describe(p_peek(p, 0)));
    p_fail(p);
}

struct token p_expect(struct parser *p, enum tok k, const char *what) {
    if (p_peek(p, 0)->kind != k)
        p_expected(p, what ? what : tok_name(k));
    return p_take(p);
}

bool p_accept(struct parser *p, enum tok k) {
    if (p_peek(p, 0)->kind != k)
        return false;
    p_take(p);
    return true;
}

bool p_is_word(struct parser *p, size_t ahead, const char *w) {
    const struct token *t = p_peek(p, ahead);
    return t->kind == T_IDENT && strcmp(t->text, w) == 0;
}

char *p_ident(struct parser *p, const char *what) { return p_expect(p, T_IDENT, what).text; }

/* a.b.C */
char *p_qualified(struct parser *p, const char *what, struct loc *loc) {
    struct token t = p_expect(p, T_IDENT, what);
    if (loc)
        *loc = t.loc;
    char *s = t.text;
    while (p_peek(p, 0)->kind == T_DOT && p_peek(p, 1)->kind == T_IDENT) {
        p_take(p);
        s = xsprintf("%s.%s", s, p_take(p).text);
    }
    return s;
}

static int event_of(const struct token *t) {
    if (t->kind != T_IDENT)
        return -1;
    for (int i = 0; i < EV_COUNT; i++)
        if (strcmp(t->text, event_names[i]) == 0)
            return i;
    return -1;
}

/* Selectors: `name=value`, separated by spaces or commas, until something else. */
void p_selectors(struct parser *p, struct selectors *s) {
    memset(s, 0, sizeof *s);
    for (;;) {
        if (p_peek(p, 0)->kind == T_COMMA && p_peek(p, 1)->kind == T_IDENT && p_peek(p, 2)->kind == T_ASSIGN)
            p_take(p);
        if (p_peek(p, 0)->kind != T_IDENT || p_peek(p, 1)->kind != T_ASSIGN)
            return;
        struct token key = p_take(p);
        p_take(p);
        int k = -1;
        for (int i = 0; i < SEL_COUNT; i++)
            if (strcmp(key.text, sel_names[i]) == 0)
                k = i;
        if (k < 0) {
            diag_error(key.loc, "unknown selector '%s' (expected src, dst, component, endpoint, interface or method)",
                       key.text);
            p_fail(p);
        }
        if (s->v[k]) {
            diag_error(key.loc, "selector '%s' given twice", key.text);
            p_fail(p);
        }
        s->v[k] = p_qualified(p, "a name after '='", NULL);
        s->loc[k] = key.loc;
    }
}

static struct stmt **parse_body(struct parser *p, size_t *n);

/* A call statement: `grant ()`, `assert (e)`, `obj.rule arg`. */
static struct stmt *parse_call(struct parser *p) {
    struct stmt *s = xalloc(sizeof *s);
    s->kind = S_CALL;
    struct token first = p_expect(p, T_IDENT, "a rule call, 'match', 'choice' or 'audit'");
    s->loc = s->name_loc = first.loc;
    s->name = first.text;
    if (p_peek(p, 0)->kind == T_DOT) {
        p_take(p);
        struct token r = p_expect(p, T_IDENT, "a rule name after '.'");
        s->obj = first.text;
        s->name = r.text;
        s->name_loc = r.loc;
    }
    enum tok k = p_peek(p, 0)->kind;
    if (k != T_LPAREN && k != T_LBRACE && k != T_LBRACK && k != T_TEXT && k != T_INT && k != T_IDENT)
        p_expected(p, xsprintf("an argument after '%s' (for example '()')", s->name));
    s->arg = p_postfix(p);
    return s;
}

static struct stmt *parse_stmt(struct parser *p) {
    struct stmt *s;
    if (p_is_word(p, 0, "audit") && p_peek(p, 1)->kind == T_IDENT) {
        s = xalloc(sizeof *s);
        s->kind = S_AUDIT;
        s->loc = p_take(p).loc;
        struct token n = p_take(p);
        s->name = n.text;
        s->name_loc = n.loc;
        return s;
    }
    if (p_is_word(p, 0, "match")) {
        s = xalloc(sizeof *s);
        s->kind = S_MATCH;
        s->loc = p_take(p).loc;
        p_selectors(p, &s->sel);
        s->body = parse_body(p, &s->n);
        return s;
    }
    if (p_is_word(p, 0, "choice")) {
        s = xalloc(sizeof *s);
        s->kind = S_CHOICE;
        s->loc = p_take(p).loc;
        s->arg = p_expr(p);
        p_expect(p, T_LBRACE, "'{' to open the choice branches");
        size_t cap = 0;
        while (!p_accept(p, T_RBRACE)) {
            struct branch b = {.loc = p_peek(p, 0)->loc};
            if (p_is_word(p, 0, "_"))
                p_take(p);
            else
                b.pattern = p_expr(p);
            p_expect(p, T_COLON, "':' after a choice pattern");
            if (p_peek(p, 0)->kind == T_LBRACE) {
                b.body = parse_body(p, &b.n);
            } else {
                struct stmt *one = parse_stmt(p);
                VEC_PUSH(b.body, b.n, cap, one);
                cap = 0;
            }
            size_t bcap = s->nbranches;
            VEC_PUSH(s->branches, s->nbranches, bcap, b);
            if (p_peek(p, 0)->kind == T_EOF)
                p_expected(p, "'}' to close the choice");
        }
        return s;
    }
    return parse_call(p);
}

static struct stmt **parse_body(struct parser *p, size_t *n) {
    p_expect(p, T_LBRACE, "'{'");
    struct stmt **v = NULL;
    size_t cap = 0;
    *n = 0;
    while (!p_accept(p, T_RBRACE)) {
        if (p_peek(p, 0)->kind == T_EOF)
            p_expected(p, "'}'");
        struct stmt *s = parse_stmt(p);
        VEC_PUSH(v, *n, cap, s);
    }
    return v;
}

static void parse_use(struct parser *p, struct psl_file *f, size_t *cap) {
    struct use_decl u = {.loc = p_take(p).loc};
    if (p_is_word(p, 0, "EDL")) {
        p_take(p);
        u.edl = true;
        u.name = p_qualified(p, "a process class name after 'use EDL'", &u.loc);
    } else {
        struct loc at = p_peek(p, 0)->loc;
        char *s = p_ident(p, "a PSL file path such as 'nk.base._'");
        bool ended = false;
        while (p_accept(p, T_DOT)) {
            struct token t = p_expect(p, T_IDENT, "a path component");
            if (strcmp(t.text, "_") == 0) {
                ended = true;
                break;
            }
            s = xsprintf("%s.%s", s, t.text);
        }
        if (!ended) {
            diag_error(at, "a PSL file path ends with '._' (write 'use %s._')", s);
            p_fail(p);
        }
        u.name = s;
        u.loc = at;
    }
    VEC_PUSH(f->uses, f->nuses, *cap, u);
}

static void parse_object(struct parser *p, struct psl_file *f, size_t *cap) {
    struct object_decl o = {.loc = p_take(p).loc};
    if (!p_is_word(p, 0, "object"))
        p_expected(p, "'object' after 'policy'");
    p_take(p);
    struct token n = p_expect(p, T_IDENT, "an object name");
    o.name = n.text;
    o.loc = n.loc;
    p_expect(p, T_COLON, "':' and the security model");
    struct token m = p_expect(p, T_IDENT, "a security model name");
    o.model = m.text;
    o.model_loc = m.loc;
    p_expect(p, T_LBRACE, "'{'");
    size_t tcap = 0;
    while (!p_accept(p, T_RBRACE)) {
        if (p_is_word(p, 0, "type")) {
            p_take(p);
            struct typedecl t;
            struct token tn = p_expect(p, T_IDENT, "a type name");
            t.name = tn.text;
            t.loc = tn.loc;
            p_expect(p, T_ASSIGN, "'='");
            t.type = p_type(p);
            VEC_PUSH(o.types, o.ntypes, tcap, t);
        } else if (p_is_word(p, 0, "config")) {
            o.config_loc = p_take(p).loc;
            if (o.config) {
                diag_error(o.config_loc, "'config' given twice");
                p_fail(p);
            }
            p_expect(p, T_ASSIGN, "'=' after 'config'");
            o.config = p_expr(p);
        } else {
            p_expected(p, "'type', 'config' or '}'");
        }
    }
    VEC_PUSH(f->objects, f->nobjects, *cap, o);
}

static void parse_case(struct parser *p, struct tcase **v, size_t *n) {
    struct tcase c = {.expect = X_GRANT, .loc = p_peek(p, 0)->loc};
    if (p_peek(p, 0)->kind == T_IDENT && p_peek(p, 1)->kind == T_ARROW) {
        c.var = p_take(p).text;
        p_take(p);
    } else if (p_is_word(p, 0, "grant") || p_is_word(p, 0, "deny") || p_is_word(p, 0, "any")) {
        struct token t = p_take(p);
        c.expect = t.text[0] == 'g' ? X_GRANT : t.text[0] == 'd' ? X_DENY : X_ANY;
    } else {
        p_expected(p, "a test case ('grant', 'deny', 'any' or 'name <-')");
    }
    if (p_peek(p, 0)->kind == T_TEXT)
        c.caption = p_take(p).text;
    if (!c.var && p_peek(p, 0)->kind == T_IDENT && p_peek(p, 1)->kind == T_SQUIG) {
        /* `src ~> dst : endpoint.Method {...}`, short for `request src=src dst=dst endpoint=endpoint
         * method=Method {...}`; the endpoint may be qualified (component.endpoint), the method is the
         * last name */
        memset(&c.sel, 0, sizeof c.sel);
        c.ev = EV_REQUEST;
        struct token src = p_take(p);
        c.sel.v[SEL_SRC] = src.text;
        c.sel.loc[SEL_SRC] = src.loc;
        p_take(p);
        struct token dst = p_expect(p, T_IDENT, "a test variable after '~>'");
        c.sel.v[SEL_DST] = dst.text;
        c.sel.loc[SEL_DST] = dst.loc;
        p_expect(p, T_COLON, "':' and 'endpoint.Method' after the destination");
        struct token first = p_expect(p, T_IDENT, "'endpoint.Method' after ':'");
        char *path = first.text, *last = NULL;
        struct loc last_loc = first.loc;
        while (p_peek(p, 0)->kind == T_DOT && p_peek(p, 1)->kind == T_IDENT) {
            p_take(p);
            struct token t = p_take(p);
            if (last)
                path = xsprintf("%s.%s", path, last);
            last = t.text;
            last_loc = t.loc;
        }
        if (!last) {
            diag_error(first.loc, "expected 'endpoint.Method' after ':', found only '%s'", first.text);
            p_fail(p);
        }
        c.sel.v[SEL_ENDPOINT] = path;
        c.sel.loc[SEL_ENDPOINT] = first.loc;
        c.sel.v[SEL_METHOD] = last;
        c.sel.loc[SEL_METHOD] = last_loc;
        if (p_peek(p, 0)->kind == T_LBRACE)
            c.msg = p_primary(p);
        size_t cap = *n;
        VEC_PUSH(*v, *n, cap, c);
        return;
    }
    int ev = event_of(p_peek(p, 0));
    if (ev < 0)
        p_expected(p, "an event (request, response, error, security or execute)");
    p_take(p);
    c.ev = (enum event)ev;
    p_selectors(p, &c.sel);
    if (p_peek(p, 0)->kind == T_LBRACE)
        c.msg = p_primary(p);
    size_t cap = *n;
    VEC_PUSH(*v, *n, cap, c);
}

static void parse_cases(struct parser *p, struct tcase **v, size_t *n) {
    p_expect(p, T_LBRACE, "'{'");
    while (!p_accept(p, T_RBRACE)) {
        if (p_peek(p, 0)->kind == T_EOF)
            p_expected(p, "'}'");
        parse_case(p, v, n);
    }
}

static void parse_tests(struct parser *p, struct psl_file *f, size_t *cap) {
    struct tset s = {.loc = p_take(p).loc};
    s.name = p_peek(p, 0)->kind == T_TEXT ? p_take(p).text : xsprintf("tests%zu", f->ntests + 1);
    p_expect(p, T_LBRACE, "'{' to open the test set");
    size_t scap = 0;
    while (!p_accept(p, T_RBRACE)) {
        if (p_is_word(p, 0, "setup")) {
            p_take(p);
            parse_cases(p, &s.setup, &s.nsetup);
        } else if (p_is_word(p, 0, "finally")) {
            p_take(p);
            parse_cases(p, &s.fin, &s.nfin);
        } else if (p_is_word(p, 0, "sequence")) {
            struct tseq q = {.loc = p_take(p).loc};
            q.name = p_peek(p, 0)->kind == T_TEXT ? p_take(p).text : xsprintf("sequence%zu", s.nseqs + 1);
            parse_cases(p, &q.cases, &q.n);
            VEC_PUSH(s.seqs, s.nseqs, scap, q);
        } else {
            p_expected(p, "'setup', 'sequence', 'finally' or '}'");
        }
    }
    VEC_PUSH(f->tests, f->ntests, *cap, s);
}

struct psl_file *parse_file(const struct source *src) {
    struct parser p = {0};
    struct lexer lx;
    lex_init(&lx, src);
    size_t cap = 0;
    for (;;) {
        struct token t;
        if (!lex_next(&lx, &t))
            return NULL;
        VEC_PUSH(p.toks, p.ntoks, cap, t);
        if (t.kind == T_EOF)
            break;
    }
    jmp_buf jb;
    p.bail = &jb;
    if (setjmp(jb))
        return NULL;
    struct psl_file *f = xalloc(sizeof *f);
    f->src = src;
    size_t ucap = 0, ocap = 0, bcap = 0, pcap = 0, tcap = 0;
    while (p_peek(&p, 0)->kind != T_EOF) {
        int ev = event_of(p_peek(&p, 0));
        if (p_is_word(&p, 0, "use")) {
            parse_use(&p, f, &ucap);
        } else if (ev == EV_EXECUTE && p_peek(&p, 1)->kind == T_COLON) {
            p_take(&p);
            p_take(&p);
            if (f->execute_iface) {
                diag_error(p_peek(&p, 0)->loc, "the execute interface is declared twice");
                p_fail(&p);
            }
            f->execute_iface = p_qualified(&p, "an interface name after 'execute:'", &f->execute_loc);
        } else if (ev >= 0) {
            struct binding b = {.ev = (enum event)ev, .loc = p_take(&p).loc};
            p_selectors(&p, &b.sel);
            b.body = parse_body(&p, &b.n);
            VEC_PUSH(f->bindings, f->nbindings, bcap, b);
        } else if (p_is_word(&p, 0, "audit") && p_is_word(&p, 1, "default")) {
            f->audit_loc = p_take(&p).loc;
            p_take(&p);
            p_expect(&p, T_ASSIGN, "'=' after 'audit default'");
            f->audit_default = p_ident(&p, "an audit profile name");
            f->audit_level = p_expect(&p, T_INT, "the initial audit level").num;
        } else if (p_is_word(&p, 0, "audit") && p_is_word(&p, 1, "profile")) {
            struct profile_decl d = {.loc = p_take(&p).loc};
            p_take(&p);
            struct token n = p_expect(&p, T_IDENT, "a profile name");
            d.name = n.text;
            d.loc = n.loc;
            p_expect(&p, T_ASSIGN, "'='");
            d.value = p_expr(&p);
            VEC_PUSH(f->profiles, f->nprofiles, pcap, d);
        } else if (p_is_word(&p, 0, "policy")) {
            parse_object(&p, f, &ocap);
        } else if (p_is_word(&p, 0, "assert")) {
            parse_tests(&p, f, &tcap);
        } else {
            p_expected(&p, "a declaration (use, execute:, audit, policy object, assert, or an event binding)");
        }
    }
    return f;
}
