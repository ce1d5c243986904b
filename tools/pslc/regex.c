/* Regex patterns to DFAs, at policy build time. Syntax (POSIX ERE style): literals, `.`, bracket
 * expressions `[a-z]` and `[^...]` with the POSIX classes `[:digit:]` etc. (ASCII), escapes
 * `\d \w \s \D \W \S \n \t` and `\` before any punctuation (also inside brackets, where POSIX would
 * read `\` literally), groups, `|`, and the repetitions `* + ?` `{m}` `{m,}` `{m,n}` (n <= 100). `^` and
 * `$` anchor a top-level alternative at its start and end; without them the alternative may match
 * anywhere (search), as in KasperskyOS's "^[0-9]+$" example and as regexec(3) does. The result is a
 * DFA over byte classes, so matching at run time is one table load per byte, with no backtracking.
 * Byte 0 matches nothing. docs/psl.md lists the syntax for policy authors. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pslc.h"

#define MAX_NFA 4096
#define MAX_DFA 2048
#define MAX_REP 100

enum rk { R_SET, R_CAT, R_ALT, R_REP, R_EMPTY };
struct rnode {
    enum rk k;
    uint8_t set[32];
    struct rnode *a, *b;
    int min, max;          /* R_REP; max -1: unbounded */
};

struct rparse {
    const char *s;
    size_t i;
    struct loc loc;
    bool err;
    int depth;
};

static struct rnode *node(enum rk k) {
    struct rnode *n = xalloc(sizeof *n);
    n->k = k;
    return n;
}

static void rfail(struct rparse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rfail(struct rparse *p, const char *fmt, ...) {
    if (!p->err) {
        char msg[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        diag_error(p->loc, "invalid pattern \"%s\": %s at offset %zu", p->s, msg, p->i);
    }
    p->err = true;
}

static void set_add(uint8_t *set, int c) { set[c >> 3] |= (uint8_t)(1u << (c & 7)); }
static bool set_has(const uint8_t *set, int c) { return set[c >> 3] >> (c & 7) & 1u; }

/* The POSIX classes of the C locale: ASCII only, so no byte above 127 is in any of them. */
enum pclass { PC_ALPHA, PC_DIGIT, PC_ALNUM, PC_UPPER, PC_LOWER, PC_SPACE, PC_BLANK, PC_PUNCT, PC_PRINT,
              PC_GRAPH, PC_CNTRL, PC_XDIGIT, PC_COUNT };
static const char *const pclass_names[PC_COUNT] = {
    [PC_ALPHA] = "alpha", [PC_DIGIT] = "digit", [PC_ALNUM] = "alnum", [PC_UPPER] = "upper",
    [PC_LOWER] = "lower", [PC_SPACE] = "space", [PC_BLANK] = "blank", [PC_PUNCT] = "punct",
    [PC_PRINT] = "print", [PC_GRAPH] = "graph", [PC_CNTRL] = "cntrl", [PC_XDIGIT] = "xdigit"};

static bool pclass_has(enum pclass c, int x) {
    bool upper = x >= 'A' && x <= 'Z', lower = x >= 'a' && x <= 'z', digit = x >= '0' && x <= '9';
    bool graph = x > ' ' && x < 127;
    switch (c) {
    case PC_ALPHA: return upper || lower;
    case PC_DIGIT: return digit;
    case PC_ALNUM: return upper || lower || digit;
    case PC_UPPER: return upper;
    case PC_LOWER: return lower;
    case PC_SPACE: return x == ' ' || (x >= '\t' && x <= '\r');
    case PC_BLANK: return x == ' ' || x == '\t';
    case PC_PUNCT: return graph && !upper && !lower && !digit;
    case PC_PRINT: return graph || x == ' ';
    case PC_GRAPH: return graph;
    case PC_CNTRL: return x < ' ' || x == 127;
    case PC_XDIGIT: return digit || (x >= 'a' && x <= 'f') || (x >= 'A' && x <= 'F');
    case PC_COUNT: break;
    }
    return false;
}

/* `\d \s \w` are [[:digit:]], [[:space:]] and [[:alnum:]_]; the capital letters their complements. */
static void class_escape(uint8_t *set, char c) {
    char l = (char)(c | 0x20);
    for (int x = 1; x < 256; x++) {
        bool in = l == 'd' ? pclass_has(PC_DIGIT, x) : l == 's' ? pclass_has(PC_SPACE, x)
                                                 : pclass_has(PC_ALNUM, x) || x == '_';
        if (in != (c >= 'A' && c <= 'Z'))
            set_add(set, x);
    }
}

/* One escape after its backslash (p->i at the escaped character), inside or outside brackets: a class
 * escape adds to set and gives -1; otherwise the byte it stands for; -2 after an error. */
static int escape(struct rparse *p, uint8_t *set) {
    char e = p->s[p->i];
    if (!e) {
        rfail(p, "trailing backslash");
        return -2;
    }
    if (strchr("dDsSwW", e)) {
        p->i++;
        class_escape(set, e);
        return -1;
    }
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
        if (e != 'n' && e != 't') {
            rfail(p, "unknown escape '\\%c'", e);
            return -2;
        }
        p->i++;
        return e == 'n' ? '\n' : '\t';
    }
    p->i++;
    return (unsigned char)e;
}

/* One element of a bracket expression at p->i: a character (returned), or a class `[:name:]` or class
 * escape added to set (-1); -2 after an error. */
static int bracket_elem(struct rparse *p, uint8_t *set) {
    const char *s = p->s;
    if (s[p->i] == '[' && (s[p->i + 1] == '.' || s[p->i + 1] == '=')) {
        rfail(p, "collating elements ('[.' and '[=') are not supported");
        return -2;
    }
    if (s[p->i] == '[' && s[p->i + 1] == ':') {
        const char *name = s + p->i + 2, *end = strstr(name, ":]");
        if (!end) {
            rfail(p, "'[:' without its ':]' (write '\\[' for a '[')");
            return -2;
        }
        size_t len = (size_t)(end - name);
        for (enum pclass c = 0; c < PC_COUNT; c++)
            if (strlen(pclass_names[c]) == len && strncmp(pclass_names[c], name, len) == 0) {
                for (int x = 1; x < 256; x++)
                    if (pclass_has(c, x))
                        set_add(set, x);
                p->i += len + 4;
                return -1;
            }
        rfail(p, "unknown character class '[:%.*s:]'", (int)(len > 20 ? 20 : len), name);
        return -2;
    }
    if (s[p->i] == '\\') {
        p->i++;
        return escape(p, set);
    }
    return (unsigned char)s[p->i++];
}

static void parse_bracket(struct rparse *p, uint8_t *out) {
    bool negate = p->s[p->i] == '^';
    if (negate)
        p->i++;
    uint8_t set[32] = {0};
    bool first = true;   /* a ']' right after '[' or '[^' is a member */
    while (p->s[p->i] && (p->s[p->i] != ']' || first)) {
        first = false;
        size_t at = p->i;
        int lo = bracket_elem(p, set);
        if (lo == -2)
            return;
        if (p->s[p->i] != '-' || !p->s[p->i + 1] || p->s[p->i + 1] == ']') {
            if (lo >= 0)
                set_add(set, lo);
            continue;
        }
        /* a range; its ends are characters, which may be escaped */
        if (lo < 0) {
            p->i = at;
            rfail(p, "a character class cannot start a range");
            return;
        }
        p->i++;
        at = p->i;
        uint8_t scratch[32];
        int hi = bracket_elem(p, scratch);
        if (hi == -2)
            return;
        if (hi < 0 || hi < lo) {
            p->i = at;
            rfail(p, hi < 0 ? "a character class cannot end a range" : "reversed range in a bracket class");
            return;
        }
        for (int x = lo; x <= hi; x++)
            set_add(set, x);
    }
    if (p->s[p->i] != ']') {
        rfail(p, "missing ']'");
        return;
    }
    p->i++;
    for (int x = 1; x < 256; x++)
        if (set_has(set, x) != negate)
            set_add(out, x);
}

static struct rnode *parse_alt(struct rparse *p);

static struct rnode *parse_atom(struct rparse *p) {
    char c = p->s[p->i];
    struct rnode *n = node(R_SET);
    if (c == '(') {
        p->i++;
        if (++p->depth > 32) {
            rfail(p, "groups nested too deeply");
            return n;
        }
        struct rnode *in = parse_alt(p);
        p->depth--;
        if (p->s[p->i] != ')')
            rfail(p, "missing ')'");
        else
            p->i++;
        return in;
    }
    if (c == '.') {
        p->i++;
        for (int x = 1; x < 256; x++)
            set_add(n->set, x);
        return n;
    }
    if (c == '[') {
        p->i++;
        parse_bracket(p, n->set);
        return n;
    }
    if (c == '\\') {
        p->i++;
        int b = escape(p, n->set);
        if (b >= 0)
            set_add(n->set, b);
        return n;
    }
    if (strchr("*+?{", c)) {
        rfail(p, "repetition without an operand");
        return n;
    }
    if (c == '^' || c == '$') {
        rfail(p, "'^' and '$' may only start and end an alternative");
        return n;
    }
    p->i++;
    set_add(n->set, (unsigned char)c);
    return n;
}

static int parse_int(struct rparse *p) {
    int v = -1;
    while (p->s[p->i] >= '0' && p->s[p->i] <= '9') {
        v = (v < 0 ? 0 : v) * 10 + (p->s[p->i++] - '0');
        if (v > MAX_REP) {
            rfail(p, "repetition count above 100");
            return -1;
        }
    }
    return v;
}

static struct rnode *parse_rep(struct rparse *p) {
    struct rnode *a = parse_atom(p);
    for (;;) {
        char c = p->s[p->i];
        int min, max;
        if (c == '*')
            min = 0, max = -1;
        else if (c == '+')
            min = 1, max = -1;
        else if (c == '?')
            min = 0, max = 1;
        else if (c == '{') {
            p->i++;
            min = parse_int(p);
            max = min;
            if (p->s[p->i] == ',') {
                p->i++;
                max = p->s[p->i] == '}' ? -1 : parse_int(p);
            }
            if (min < 0 || p->s[p->i] != '}' || (max >= 0 && max < min)) {
                rfail(p, "malformed {m,n} repetition");
                return a;
            }
        } else
            return a;
        p->i++;
        struct rnode *r = node(R_REP);
        r->a = a;
        r->min = min;
        r->max = max;
        a = r;
    }
}

static struct rnode *parse_cat(struct rparse *p) {
    struct rnode *r = node(R_EMPTY);
    while (p->s[p->i] && p->s[p->i] != '|' && p->s[p->i] != ')' && !p->err) {
        if (p->s[p->i] == '$' && p->depth == 0 && (p->s[p->i + 1] == 0 || p->s[p->i + 1] == '|'))
            break;
        struct rnode *c = node(R_CAT);
        c->a = r;
        c->b = parse_rep(p);
        r = c;
    }
    return r;
}

static struct rnode *parse_alt(struct rparse *p) {
    struct rnode *r = parse_cat(p);
    while (p->s[p->i] == '|' && !p->err) {
        p->i++;
        struct rnode *a = node(R_ALT);
        a->a = r;
        a->b = parse_cat(p);
        r = a;
    }
    return r;
}

/* ---- NFA: states with a byte set (one out) or epsilon edges (up to two) ---- */
struct nfa {
    uint8_t (*set)[32];
    int *out1, *out2;      /* out1 for byte states; epsilon: out1/out2 (-1 none) */
    bool *is_byte;
    int n;
    bool full;
};

static int nstate(struct nfa *m, bool byte) {
    if (m->n >= MAX_NFA) {
        m->full = true;
        return 0;
    }
    int s = m->n++;
    m->is_byte[s] = byte;
    m->out1[s] = m->out2[s] = -1;
    memset(m->set[s], 0, 32);
    return s;
}

/* Builds r between a new start state and returns it; *end gets the exit epsilon state. */
static int build(struct nfa *m, const struct rnode *r, int *end) {
    int s = 0, e = 0;
    switch (r->k) {
    case R_EMPTY:
        s = e = nstate(m, false);
        break;
    case R_SET:
        s = nstate(m, true);
        e = nstate(m, false);
        memcpy(m->set[s], r->set, 32);
        m->out1[s] = e;
        break;
    case R_CAT: {
        int e1, e2;
        s = build(m, r->a, &e1);
        int s2 = build(m, r->b, &e2);
        m->out1[e1] = s2;
        e = e2;
        break;
    }
    case R_ALT: {
        int e1, e2;
        s = nstate(m, false);
        e = nstate(m, false);
        m->out1[s] = build(m, r->a, &e1);
        m->out2[s] = build(m, r->b, &e2);
        m->out1[e1] = e;
        m->out1[e2] = e;
        break;
    }
    case R_REP: {
        s = e = nstate(m, false);
        for (int i = 0; i < r->min && !m->full; i++) {
            int ei, si = build(m, r->a, &ei);
            m->out1[e] = si;
            e = ei;
        }
        if (r->max < 0) {   /* loop: e -> body -> e, e -> exit */
            int ei, si = build(m, r->a, &ei);
            int exit = nstate(m, false);
            m->out1[e] = si;
            m->out2[e] = exit;
            m->out1[ei] = e;
            e = exit;
        } else {
            int exit = nstate(m, false);
            for (int i = r->min; i < r->max && !m->full; i++) {
                int ei, si = build(m, r->a, &ei);
                m->out1[e] = si;
                m->out2[e] = exit;
                e = ei;
            }
            m->out1[e] = exit;
            e = exit;
        }
        break;
    }
    }
    *end = e;
    return s;
}

struct sset {
    uint64_t w[MAX_NFA / 64];
};

static void closure(const struct nfa *m, struct sset *set, int s, int *stack) {
    int sp = 0;
    stack[sp++] = s;
    while (sp) {
        int x = stack[--sp];
        if (x < 0 || (set->w[x / 64] >> (x % 64) & 1u))
            continue;
        set->w[x / 64] |= (uint64_t)1 << (x % 64);
        if (!m->is_byte[x]) {
            stack[sp++] = m->out1[x];
            stack[sp++] = m->out2[x];
        }
    }
}

struct regex_dfa *regex_compile(const char *pattern, struct loc loc) {
    struct rparse p = {pattern, 0, loc, false, 0};
    /* top-level alternatives, each with its own anchors */
    struct nfa m = {0};
    m.set = xalloc(MAX_NFA * sizeof *m.set);
    m.out1 = xalloc(MAX_NFA * sizeof *m.out1);
    m.out2 = xalloc(MAX_NFA * sizeof *m.out2);
    m.is_byte = xalloc(MAX_NFA * sizeof *m.is_byte);
    int start = nstate(&m, false), accept = nstate(&m, false), prev = start;
    struct rnode any = {.k = R_SET};
    for (int x = 1; x < 256; x++)
        set_add(any.set, x);
    struct rnode anystar = {.k = R_REP, .a = &any, .min = 0, .max = -1};
    for (;;) {
        bool a0 = pattern[p.i] == '^';
        if (a0)
            p.i++;
        struct rnode *body = parse_cat(&p);
        bool a1 = pattern[p.i] == '$';
        if (a1)
            p.i++;
        if (p.err)
            return NULL;
        if (pattern[p.i] == ')') {
            rfail(&p, "unbalanced ')'");
            return NULL;
        }
        struct rnode *r = body;
        if (!a0) {
            struct rnode *c = node(R_CAT);
            c->a = &anystar;
            c->b = r;
            r = c;
        }
        if (!a1) {
            struct rnode *c = node(R_CAT);
            c->a = r;
            c->b = &anystar;
            r = c;
        }
        int e, s = build(&m, r, &e);
        m.out1[e] = accept;
        int split = nstate(&m, false);   /* start -> this alternative | next */
        m.out1[prev] = s;
        m.out2[prev] = split;
        prev = split;
        if (pattern[p.i] != '|')
            break;
        p.i++;
    }
    if (m.full) {
        diag_error(loc, "pattern \"%s\" is too large (more than %d automaton states)", pattern, MAX_NFA);
        return NULL;
    }
    /* byte classes: bytes that every byte state treats alike */
    struct regex_dfa *d = xalloc(sizeof *d);
    d->source = pattern;
    uint16_t cls[256] = {0}, ncls = 1;
    for (int s = 0; s < m.n; s++) {
        if (!m.is_byte[s])
            continue;
        uint16_t remap[2][256];
        memset(remap, 0xff, sizeof remap);
        uint16_t n2 = 0;
        for (int b = 0; b < 256; b++) {
            int in = set_has(m.set[s], b);
            if (remap[in][cls[b]] == 0xffff)
                remap[in][cls[b]] = n2++;
            cls[b] = remap[in][cls[b]];
        }
        ncls = n2;
    }
    d->nclass = ncls;
    for (int b = 0; b < 256; b++)
        d->cls[b] = (uint8_t)cls[b];
    if (ncls > 256)
        return NULL;
    /* subset construction; DFA state 0 is the dead (empty) set */
    struct sset *sets = xalloc(MAX_DFA * sizeof *sets);
    int *stack = xalloc(4 * MAX_NFA * sizeof *stack);
    d->next = xalloc((size_t)MAX_DFA * ncls * sizeof *d->next);
    d->accept = xalloc(MAX_DFA);
    int nd = 2;
    closure(&m, &sets[1], start, stack);
    int rep[256];
    for (int c = 0; c < ncls; c++)
        for (int b = 0; b < 256; b++)
            if (cls[b] == c) {
                rep[c] = b;
                break;
            }
    for (int q = 1; q < nd; q++) {
        d->accept[q] = (sets[q].w[accept / 64] >> (accept % 64)) & 1u;
        for (int c = 0; c < ncls; c++) {
            struct sset t;
            memset(&t, 0, sizeof t);
            for (int s = 0; s < m.n; s++)
                if ((sets[q].w[s / 64] >> (s % 64) & 1u) && m.is_byte[s] && set_has(m.set[s], rep[c]))
                    closure(&m, &t, m.out1[s], stack);
            int found = -1;
            for (int r = 0; r < nd && found < 0; r++)
                if (memcmp(&sets[r], &t, sizeof t) == 0)
                    found = r;
            if (found < 0) {
                if (nd == MAX_DFA) {
                    diag_error(loc, "pattern \"%s\" needs more than %d DFA states", pattern, MAX_DFA);
                    return NULL;
                }
                sets[nd] = t;
                found = nd++;
            }
            d->next[q * ncls + c] = (uint16_t)found;
        }
    }
    d->nstates = (uint16_t)nd;
    return d;
}
