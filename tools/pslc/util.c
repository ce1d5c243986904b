/* See util.h. */
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/common/file.h"

struct chunk {
    struct chunk *next;
    max_align_t data[];
};
static struct chunk *chunks;
static unsigned nerrors;
static FILE *diag_out;

void *xalloc(size_t size) {
    struct chunk *c = calloc(1, sizeof *c + size);
    if (!c) {
        fprintf(stderr, "pslc: out of memory\n");
        exit(2);
    }
    c->next = chunks;
    chunks = c;
    return c->data;
}

void *xrealloc_vec(void *p, size_t *cap, size_t n, size_t elsize) {
    if (n <= *cap)
        return p;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < n)
        ncap *= 2;
    void *q = xalloc(ncap * elsize);
    if (p)
        memcpy(q, p, *cap * elsize);   /* the old block stays in the arena until exit */
    *cap = ncap;
    return q;
}

char *xstrndup(const char *s, size_t n) {
    char *d = xalloc(n + 1);
    memcpy(d, s, n);
    return d;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xsprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void mem_free_all(void) {
    while (chunks) {
        struct chunk *c = chunks;
        chunks = c->next;
        free(c);
    }
}

const struct source *source_from_buffer(const char *path, const char *text, size_t len) {
    struct source *s = xalloc(sizeof *s);
    s->path = xstrdup(path);
    s->text = xstrndup(text, len);
    s->len = len;
    return s;
}

const struct source *source_load(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n;
    char *buf = file_read_all(f, SIZE_MAX, &n);
    fclose(f);
    if (!buf)
        return NULL;
    const struct source *s = source_from_buffer(path, buf, n);
    free(buf);
    return s;
}

struct loc source_loc(const struct source *s, size_t off) {
    size_t lo = 0, hi = s->nspans;   /* the last span starting at or before off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->spans[mid].out <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t o = 0;
    if (s->nspans)
        o = s->spans[lo].fixed ? s->spans[lo].orig : s->spans[lo].orig + (off - s->spans[lo].out);
    if (o > s->len)
        o = s->len;
    size_t l = line_index(s->line_starts, s->nlines, o);
    size_t start = s->nlines ? s->line_starts[l] : 0;
    return (struct loc){s, (uint32_t)l + 1, (uint32_t)(o - start) + 1};
}

size_t line_index(const size_t *starts, size_t n, size_t off) {
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void diag_set_stream(FILE *f) { diag_out = f; }
unsigned diag_count(void) { return nerrors; }
void diag_count_external(void) { nerrors++; }

void diag_verror(struct loc loc, const char *sev, const char *fmt, va_list ap) {
    FILE *out = diag_out ? diag_out : stderr;
    if (strcmp(sev, "error") == 0)
        nerrors++;
    if (loc.src)
        fprintf(out, "%s:%u:%u: %s: ", loc.src->path, loc.line, loc.col, sev);
    else
        fprintf(out, "pslc: %s: ", sev);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    if (!loc.src || loc.line == 0)
        return;
    const char *p = loc.src->text, *end = p + loc.src->len;
    for (uint32_t l = 1; l < loc.line && p < end; p++)
        if (*p == '\n')
            l++;
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    fprintf(out, "%.*s\n", (int)(e - p), p);
    for (uint32_t c = 1; c < loc.col; c++)
        fputc(p + c - 1 < e && p[c - 1] == '\t' ? '\t' : ' ', out);
    fputs("^\n", out);
}

void diag_error(struct loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verror(loc, "error", fmt, ap);
    va_end(ap);
}

static bool werror, wnone;
void diag_set_werror(bool on) { werror = on; }
void diag_set_nowarn(bool on) { wnone = on; }

void diag_warning(struct loc loc, const char *fmt, ...) {
    if (wnone && !werror)
        return;
    va_list ap;
    va_start(ap, fmt);
    diag_verror(loc, werror ? "error" : "warning", fmt, ap);
    va_end(ap);
}

void diag_note(struct loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verror(loc, "note", fmt, ap);
    va_end(ap);
}
