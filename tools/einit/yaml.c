/* A line-oriented parser for the YAML subset of yaml.h. The text is first cut into significant lines
 * (blank and comment-only lines dropped) with their indentation; block structure is then read from the
 * indentation, and each line's inline part (scalars, flow collections) by a small scanner. A sequence item
 * with content on its own line ("- key: v") is handled by moving that line's start to the content, so the
 * item's mapping continues on the following lines at the content's column, as YAML says. */
#include "yaml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct line {
    unsigned no;          /* 1-based line number */
    unsigned indent;      /* 0-based column where the content starts */
    const char *base;     /* the line's first character (columns count from here) */
    const char *p;        /* content start (moves for "- " items) */
    const char *end;      /* end of the line, newline excluded */
};

struct parser {
    struct src *s;
    struct line *lines;
    unsigned n, cur;
    bool failed;
};

struct buf {
    char *p;
    size_t n, cap;
};

static bool blank(char c) { return c == ' ' || c == '\t'; }

static unsigned col_of(const struct line *L, const char *q) { return (unsigned)(q - L->base) + 1; }

static void fail(struct parser *P, const struct line *L, const char *q, const char *msg)
{
    if (!P->failed)
        diag_error(P->s, L->no, col_of(L, q), "%s", msg);
    P->failed = true;
}

static bool buf_put(struct buf *b, char c)
{
    if (b->n + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        char *p = realloc(b->p, cap);
        if (!p)
            return false;
        b->p = p;
        b->cap = cap;
    }
    b->p[b->n++] = c;
    b->p[b->n] = '\0';
    return true;
}

static struct yaml_node *node_new(struct parser *P, enum yaml_kind kind, const struct line *L, const char *q)
{
    struct yaml_node *n = calloc(1, sizeof *n);
    if (!n) {
        fail(P, L, q, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->line = L->no;
    n->col = col_of(L, q);
    return n;
}

void yaml_free(struct yaml_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        yaml_free(n->items[i]);
        if (n->keys)
            yaml_free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->text);
    free(n);
}

/* Appends (key,) value to a sequence or mapping; frees them on failure. */
static bool push(struct parser *P, const struct line *L, struct yaml_node *c, struct yaml_node *key,
                 struct yaml_node *value)
{
    struct yaml_node **items = realloc(c->items, (c->n + 1) * sizeof *items);
    if (items)
        c->items = items;
    struct yaml_node **keys = c->kind == YAML_MAP ? realloc(c->keys, (c->n + 1) * sizeof *keys) : NULL;
    if (keys)
        c->keys = keys;
    if (!items || (c->kind == YAML_MAP && !keys)) {
        yaml_free(key);
        yaml_free(value);
        fail(P, L, L->p, "out of memory");
        return false;
    }
    c->items[c->n] = value;
    if (c->kind == YAML_MAP)
        c->keys[c->n] = key;
    c->n++;
    return true;
}

static bool duplicate_key(struct parser *P, const struct line *L, const char *q, const struct yaml_node *map,
                          const struct yaml_node *key)
{
    for (size_t i = 0; i < map->n; i++) {
        if (strcmp(map->keys[i]->text, key->text) == 0) {
            if (!P->failed) {
                diag_error(P->s, key->line, key->col, "duplicate key '%s'", key->text);
                diag_note(P->s, map->keys[i]->line, map->keys[i]->col, "first given here");
            }
            P->failed = true;
            (void)L, (void)q;
            return true;
        }
    }
    return false;
}

/* ---- scalars ---- */

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool put_utf8(struct buf *b, uint32_t cp)
{
    if (cp < 0x80)
        return buf_put(b, (char)cp);
    if (cp < 0x800)
        return buf_put(b, (char)(0xc0 | cp >> 6)) && buf_put(b, (char)(0x80 | (cp & 0x3f)));
    return buf_put(b, (char)(0xe0 | cp >> 12)) && buf_put(b, (char)(0x80 | ((cp >> 6) & 0x3f))) &&
           buf_put(b, (char)(0x80 | (cp & 0x3f)));
}

/* One escape after a backslash at *q (which points past the backslash). */
static bool escape(struct parser *P, const struct line *L, const char **qp, struct buf *b)
{
    const char *q = *qp;
    if (q == L->end) {
        fail(P, L, q - 1, "unterminated string: a quoted string must end on its line");
        return false;
    }
    char c = *q++;
    static const char plain_from[] = "\\\"/ntr", plain_to[] = "\\\"/\n\t\r";
    const char *k = strchr(plain_from, c);
    if (k) {
        *qp = q;
        return buf_put(b, plain_to[k - plain_from]);
    }
    int digits = c == 'x' ? 2 : c == 'u' ? 4 : 0;
    if (!digits) {
        fail(P, L, q - 2, c == '0' ? "a NUL character (\\0) cannot be part of a string"
                                   : "unknown escape (use \\\\ \\\" \\/ \\n \\t \\r \\xHH or \\uHHHH)");
        return false;
    }
    uint32_t cp = 0;
    for (int i = 0; i < digits; i++, q++) {
        if (q == L->end || hex(*q) < 0) {
            fail(P, L, q, "hexadecimal digit expected in the escape");
            return false;
        }
        cp = cp * 16 + (uint32_t)hex(*q);
    }
    if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
        fail(P, L, *qp - 1, cp == 0 ? "a NUL character cannot be part of a string"
                                    : "a surrogate code point is not a character");
        return false;
    }
    *qp = q;
    return put_utf8(b, cp);
}

static struct yaml_node *quoted(struct parser *P, const struct line *L, const char **qp)
{
    const char *open = *qp, *q = open + 1;
    char quote = *open;
    struct buf b = {0};
    buf_put(&b, '\0'); /* an empty string is still a string */
    b.n = 0;
    for (;;) {
        if (q == L->end) {
            free(b.p);
            fail(P, L, open, "unterminated string: a quoted string must end on its line");
            return NULL;
        }
        char c = *q++;
        bool ok;
        if (c == quote && quote == '\'' && q < L->end && *q == '\'')
            ok = buf_put(&b, *q++);
        else if (c == quote)
            break;
        else if (c == '\\' && quote == '"')
            ok = escape(P, L, &q, &b);
        else
            ok = buf_put(&b, c);
        if (!ok) {
            free(b.p);
            fail(P, L, open, "out of memory");
            return NULL;
        }
    }
    struct yaml_node *n = node_new(P, YAML_SCALAR, L, open);
    if (!n || !b.p) {
        free(b.p);
        yaml_free(n);
        return NULL;
    }
    n->text = b.p;
    n->quoted = true;
    *qp = q;
    return n;
}

static struct yaml_node *scalar_from(struct parser *P, const struct line *L, const char *from, const char *to)
{
    while (to > from && blank(to[-1]))
        to--;
    struct yaml_node *n = node_new(P, YAML_SCALAR, L, from);
    if (!n)
        return NULL;
    n->text = malloc((size_t)(to - from) + 1);
    if (!n->text) {
        yaml_free(n);
        fail(P, L, from, "out of memory");
        return NULL;
    }
    memcpy(n->text, from, (size_t)(to - from));
    n->text[to - from] = '\0';
    return n;
}

static bool ends_plain_flow(const struct line *L, const char *q)
{
    if (strchr(",[]{}", *q))
        return true;
    return *q == ':' && (q + 1 == L->end || blank(q[1]) || strchr(",[]{}", q[1]));
}

/* A plain scalar: in a flow collection it ends at , [ ] { } or ": "; in block context at the line's end
 * or a comment. */
static struct yaml_node *plain(struct parser *P, const struct line *L, const char **qp, bool flow)
{
    const char *q = *qp, *r = q;
    while (r < L->end) {
        if (blank(*r) && r + 1 < L->end && r[1] == '#')
            break;
        if (flow && ends_plain_flow(L, r))
            break;
        if (!flow && *r == ':' && (r + 1 == L->end || blank(r[1]))) {
            fail(P, L, r, "':' followed by a space inside a value: quote the value, or start the nested "
                          "mapping on the next line");
            return NULL;
        }
        r++;
    }
    *qp = r;
    if (flow && r == q)
        return node_new(P, YAML_NULL, L, q);
    return scalar_from(P, L, q, r);
}

/* ---- inline values ---- */

static struct yaml_node *inline_value(struct parser *P, const struct line *L, const char **qp, bool flow);

static void skip_blanks(const struct line *L, const char **qp)
{
    while (*qp < L->end && blank(**qp))
        (*qp)++;
}

static struct yaml_node *flow_seq(struct parser *P, const struct line *L, const char **qp)
{
    const char *open = *qp, *q = open + 1;
    struct yaml_node *seq = node_new(P, YAML_SEQ, L, open);
    if (!seq)
        return NULL;
    for (;;) {
        skip_blanks(L, &q);
        if (q == L->end || *q == '#') {
            fail(P, L, open, "flow sequence not closed on this line (']' expected; a [...] list must fit on "
                             "one line)");
            break;
        }
        if (*q == ']') {
            *qp = q + 1;
            return seq;
        }
        const char *at = q;
        struct yaml_node *item = inline_value(P, L, &q, true);
        if (!item || !push(P, L, seq, NULL, item))
            break;
        skip_blanks(L, &q);
        if (q < L->end && *q == ':') {
            fail(P, L, at, "a 'key: value' pair inside [...] is not supported (use {key: value})");
            break;
        }
        if (q < L->end && *q == ',')
            q++;
        else if (q == L->end || *q == '#') {
            fail(P, L, open, "flow sequence not closed on this line (']' expected; it must fit on one line)");
            break;
        } else if (*q != ']') {
            fail(P, L, q, "',' or ']' expected in the flow sequence");
            break;
        }
    }
    yaml_free(seq);
    return NULL;
}

static struct yaml_node *flow_map(struct parser *P, const struct line *L, const char **qp)
{
    const char *open = *qp, *q = open + 1;
    struct yaml_node *map = node_new(P, YAML_MAP, L, open);
    if (!map)
        return NULL;
    for (;;) {
        skip_blanks(L, &q);
        if (q == L->end || *q == '#') {
            fail(P, L, open, "flow mapping not closed on this line ('}' expected; a {...} mapping must fit on "
                             "one line)");
            break;
        }
        if (*q == '}') {
            *qp = q + 1;
            return map;
        }
        if (*q == '[' || *q == '{') {
            fail(P, L, q, "a key must be a scalar");
            break;
        }
        const char *at = q;
        struct yaml_node *key = inline_value(P, L, &q, true);
        if (!key)
            break;
        if (key->kind != YAML_SCALAR) {
            yaml_free(key);
            fail(P, L, at, "empty key in the flow mapping");
            break;
        }
        if (duplicate_key(P, L, at, map, key)) {
            yaml_free(key);
            break;
        }
        skip_blanks(L, &q);
        if (q == L->end || *q != ':') {
            yaml_free(key);
            fail(P, L, q, "':' expected after the key");
            break;
        }
        q++;
        skip_blanks(L, &q);
        struct yaml_node *value;
        if (q < L->end && (*q == ',' || *q == '}'))
            value = node_new(P, YAML_NULL, L, q);
        else
            value = inline_value(P, L, &q, true);
        if (!value) {
            yaml_free(key);
            break;
        }
        if (!push(P, L, map, key, value))
            break;
        skip_blanks(L, &q);
        if (q < L->end && *q == ',')
            q++;
        else if (q == L->end || *q == '#') {
            fail(P, L, open, "flow mapping not closed on this line ('}' expected; it must fit on one line)");
            break;
        } else if (*q != '}') {
            fail(P, L, q, "',' or '}' expected in the flow mapping");
            break;
        }
    }
    yaml_free(map);
    return NULL;
}

static struct yaml_node *inline_value(struct parser *P, const struct line *L, const char **qp, bool flow)
{
    const char *q = *qp;
    switch (*q) {
    case '"':
    case '\'':
        return quoted(P, L, qp);
    case '[':
        return flow_seq(P, L, qp);
    case '{':
        return flow_map(P, L, qp);
    case '&':
        fail(P, L, q, "anchors (&name) are not supported");
        return NULL;
    case '*':
        fail(P, L, q, "aliases (*name) are not supported");
        return NULL;
    case '!':
        fail(P, L, q, "tags (!tag) are not supported");
        return NULL;
    case '|':
    case '>':
        fail(P, L, q, "block scalars (| and >) are not supported: write the text on one line, quoted if needed");
        return NULL;
    case '%':
    case '@':
    case '`':
        fail(P, L, q, "a plain value cannot start with a reserved character (%, @, `): quote it");
        return NULL;
    case '-':
        if (!flow && (q + 1 == L->end || blank(q[1]))) {
            fail(P, L, q, "a sequence cannot start on the line of its key: put '- item' on the next line");
            return NULL;
        }
        break;
    case '?':
        if (q + 1 == L->end || blank(q[1])) {
            fail(P, L, q, "complex keys ('? ') are not supported");
            return NULL;
        }
        break;
    }
    return plain(P, L, qp, flow);
}

/* Only blanks and a comment may follow a value. */
static bool expect_eol(struct parser *P, const struct line *L, const char *q)
{
    const char *r = q;
    skip_blanks(L, &r);
    if (r == L->end || (*r == '#' && (r > q || r == L->p)))
        return true;
    fail(P, L, r, "unexpected text after the value");
    return false;
}

/* ---- block structure ---- */

static bool seq_entry(const struct line *L)
{
    return L->p[0] == '-' && (L->p + 1 == L->end || blank(L->p[1]));
}

static bool comment_or_end(const struct line *L, const char *q)
{
    const char *r = q;
    skip_blanks(L, &r);
    return r == L->end || (*r == '#' && (r > q || r == L->p));
}

/* Reads "key:" at the start of the line: 1 (*key, *after set), 0 if the line is not a mapping entry,
 * -1 after an error. */
static int read_key(struct parser *P, const struct line *L, struct yaml_node **key, const char **after)
{
    const char *q = L->p;
    if (*q == '"' || *q == '\'') {
        const char *r = q;
        struct yaml_node *k = quoted(P, L, &r);
        if (!k)
            return -1;
        skip_blanks(L, &r);
        if (r < L->end && *r == ':' && (r + 1 == L->end || blank(r[1]))) {
            *key = k;
            *after = r + 1;
            return 1;
        }
        yaml_free(k);
        return 0;
    }
    if (*q == '[' || *q == '{')
        return 0;
    if (*q == '?' && (q + 1 == L->end || blank(q[1]))) {
        fail(P, L, q, "complex keys ('? ') are not supported");
        return -1;
    }
    for (const char *r = q; r < L->end; r++) {
        if (blank(*r) && r + 1 < L->end && r[1] == '#')
            return 0;
        if (*r == ':' && (r + 1 == L->end || blank(r[1]))) {
            if (r == q) {
                fail(P, L, q, "empty key before ':'");
                return -1;
            }
            if (strchr("&*!|>%@`", *q)) {
                const char *s = q;
                yaml_free(inline_value(P, L, &s, true));
                return -1;
            }
            *key = scalar_from(P, L, q, r);
            *after = r + 1;
            return *key ? 1 : -1;
        }
    }
    return 0;
}

static struct yaml_node *block_node(struct parser *P);

static void bad_indent(struct parser *P, unsigned expected)
{
    const struct line *L = &P->lines[P->cur];
    if (!P->failed)
        diag_error(P->s, L->no, L->indent + 1, "bad indentation: this line belongs to no mapping or sequence "
                   "(the enclosing block is at column %u)", expected + 1);
    P->failed = true;
}

static struct yaml_node *block_seq(struct parser *P, unsigned ind)
{
    struct line *L = &P->lines[P->cur];
    struct yaml_node *seq = node_new(P, YAML_SEQ, L, L->p);
    while (seq && !P->failed && P->cur < P->n && P->lines[P->cur].indent == ind && seq_entry(&P->lines[P->cur])) {
        L = &P->lines[P->cur];
        const char *q = L->p + 1;
        skip_blanks(L, &q);
        struct yaml_node *item;
        if (comment_or_end(L, q)) {
            P->cur++;
            if (P->cur < P->n && P->lines[P->cur].indent > ind)
                item = block_node(P);
            else
                item = node_new(P, YAML_NULL, L, L->p + 1);
        } else {
            L->indent = col_of(L, q) - 1;
            L->p = q;
            item = block_node(P);
        }
        if (!item || !push(P, L, seq, NULL, item))
            break;
    }
    if (!P->failed && P->cur < P->n && P->lines[P->cur].indent > ind)
        bad_indent(P, ind);
    if (P->failed) {
        yaml_free(seq);
        return NULL;
    }
    return seq;
}

static struct yaml_node *block_map(struct parser *P, unsigned ind)
{
    struct line *L = &P->lines[P->cur];
    struct yaml_node *map = node_new(P, YAML_MAP, L, L->p);
    while (map && !P->failed && P->cur < P->n && P->lines[P->cur].indent == ind) {
        L = &P->lines[P->cur];
        if (seq_entry(L)) {
            fail(P, L, L->p, "a sequence item ('- ') where a key of the enclosing mapping was expected");
            break;
        }
        struct yaml_node *key = NULL, *value;
        const char *q;
        int k = read_key(P, L, &key, &q);
        if (k <= 0) {
            if (k == 0)
                fail(P, L, L->p, "'key: value' expected (this line is inside a mapping)");
            break;
        }
        if (duplicate_key(P, L, L->p, map, key)) {
            yaml_free(key);
            break;
        }
        skip_blanks(L, &q);
        if (comment_or_end(L, q)) {
            P->cur++;
            if (P->cur < P->n && P->lines[P->cur].indent > ind)
                value = block_node(P);
            else if (P->cur < P->n && P->lines[P->cur].indent == ind && seq_entry(&P->lines[P->cur]))
                value = block_seq(P, ind);
            else
                value = node_new(P, YAML_NULL, L, q);
        } else {
            value = inline_value(P, L, &q, false);
            if (value && expect_eol(P, L, q)) {
                P->cur++;
                if (P->cur < P->n && P->lines[P->cur].indent > ind) {
                    const struct line *M = &P->lines[P->cur];
                    diag_error(P->s, M->no, M->indent + 1, "unexpected indentation: the value of '%s' was "
                               "already given on line %u", key->text, L->no);
                    P->failed = true;
                }
            }
        }
        if (!value || P->failed) {
            yaml_free(key);
            yaml_free(value);
            break;
        }
        if (!push(P, L, map, key, value))
            break;
    }
    if (!P->failed && P->cur < P->n && P->lines[P->cur].indent > ind)
        bad_indent(P, ind);
    if (P->failed) {
        yaml_free(map);
        return NULL;
    }
    return map;
}

/* The node starting on the current line, at its indentation. */
static struct yaml_node *block_node(struct parser *P)
{
    struct line *L = &P->lines[P->cur];
    if (seq_entry(L))
        return block_seq(P, L->indent);
    struct yaml_node *key = NULL;
    const char *after;
    int k = read_key(P, L, &key, &after);
    yaml_free(key);
    if (k < 0)
        return NULL;
    if (k == 1)
        return block_map(P, L->indent);
    const char *q = L->p;
    struct yaml_node *n = inline_value(P, L, &q, false);
    if (n && !expect_eol(P, L, q)) {
        yaml_free(n);
        return NULL;
    }
    P->cur++;
    return n;
}

/* Cuts the text into significant lines; reports what cannot be YAML of this subset. */
static bool scan_lines(struct parser *P)
{
    struct src *s = P->s;
    P->lines = calloc(s->nlines ? s->nlines : 1, sizeof *P->lines);
    if (!P->lines)
        return false;
    bool started = false;
    for (unsigned no = 1; no <= s->nlines; no++) {
        size_t len;
        const char *t = src_line(s, no, &len);
        struct line L = {no, 0, t, t, t + len};
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)t[i];
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                diag_error(s, no, (unsigned)i + 1, "control character 0x%02x in the text", c);
                return false;
            }
        }
        while (L.p < L.end && *L.p == ' ')
            L.p++;
        if (L.p < L.end && *L.p == '\t') {
            const char *r = L.p;
            while (r < L.end && blank(*r))
                r++;
            if (r < L.end && *r != '#') {
                diag_error(s, no, col_of(&L, L.p), "tab in indentation (YAML indents with spaces only)");
                return false;
            }
        }
        L.indent = (unsigned)(L.p - t);
        if (comment_or_end(&L, L.p))
            continue;
        if (L.indent == 0 && L.end - L.p >= 3 && (memcmp(L.p, "---", 3) == 0 || memcmp(L.p, "...", 3) == 0) &&
            comment_or_end(&L, L.p + 3)) {
            if (L.p[0] == '.')
                break;          /* end of the document: the rest is not read */
            if (started) {
                diag_error(s, no, 1, "a second document ('---'): init.yaml holds one document");
                return false;
            }
            started = true;
            continue;
        }
        if (*L.p == '%') {
            diag_error(s, no, col_of(&L, L.p), "directives (%%YAML, %%TAG) are not supported");
            return false;
        }
        started = true;
        P->lines[P->n++] = L;
    }
    return true;
}

struct yaml_node *yaml_parse(struct src *s)
{
    struct parser P = {.s = s};
    struct yaml_node *root = NULL;
    if (!scan_lines(&P)) {
        free(P.lines);
        if (!s->errors)
            diag_error(s, 1, 1, "out of memory");
        return NULL;
    }
    if (P.n == 0) {
        root = calloc(1, sizeof *root);
        if (root) {
            root->kind = YAML_NULL;
            root->line = root->col = 1;
        }
    } else {
        root = block_node(&P);
        if (root && P.cur < P.n) {
            const struct line *L = &P.lines[P.cur];
            diag_error(s, L->no, L->indent + 1, "bad indentation: this line is outside the document's top-level "
                       "block (which starts at column %u)", P.lines[0].indent + 1);
            yaml_free(root);
            root = NULL;
        }
    }
    free(P.lines);
    return root;
}

struct yaml_node *yaml_get(const struct yaml_node *map, const char *key)
{
    if (!map || map->kind != YAML_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->text, key) == 0)
            return map->items[i];
    return NULL;
}

const char *yaml_kind_name(enum yaml_kind k)
{
    static const char *const names[] = {"an empty value", "a scalar", "a sequence", "a mapping"};
    return names[k];
}
