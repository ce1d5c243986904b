/* The context: allocator, diagnostics and the search path. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct nkc_block {
    struct nkc_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

#define NKC_BLOCK_SIZE (64u * 1024u)

static void default_sink(void *arg, const struct nkc_diag *d)
{
    (void)arg;
    nkc_diag_print(d, stderr);
}

struct nkc_ctx *nkc_new(void)
{
    struct nkc_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx)
        ctx->sink = default_sink;
    return ctx;
}

void nkc_free(struct nkc_ctx *ctx)
{
    if (!ctx)
        return;
    for (struct nkc_block *b = ctx->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(ctx->dirs);
    free(ctx);
}

void nkc_set_diag_sink(struct nkc_ctx *ctx, nkc_diag_sink sink, void *arg)
{
    ctx->sink = sink ? sink : default_sink;
    ctx->sink_arg = arg;
}

void nkc_set_extended_errors(struct nkc_ctx *ctx, bool on)
{
    ctx->extended_errors = on;
}

int nkc_add_include_dir(struct nkc_ctx *ctx, const char *dir)
{
    if (ctx->ndirs == ctx->dirs_cap) {
        size_t cap = ctx->dirs_cap ? ctx->dirs_cap * 2 : 8;
        const char **d = realloc(ctx->dirs, cap * sizeof *d);
        if (!d)
            return -1;
        ctx->dirs = d;
        ctx->dirs_cap = cap;
    }
    /* The string must outlive the caller's: copy it into the context's memory. */
    size_t n = strlen(dir) + 1;
    struct nkc_block *b = malloc(sizeof *b + n);
    if (!b)
        return -1;
    b->next = ctx->blocks;
    b->used = b->cap = n;
    memcpy(b->data, dir, n);
    ctx->blocks = b;
    ctx->dirs[ctx->ndirs++] = (const char *)b->data;
    return 0;
}

_Noreturn void nkc_bail(struct nkc_ctx *ctx)
{
    longjmp(*ctx->bail, 1);
}

void *nkc_alloc(struct nkc_ctx *ctx, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct nkc_block *b = ctx->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > NKC_BLOCK_SIZE ? size : NKC_BLOCK_SIZE;
        b = malloc(sizeof *b + cap);
        if (!b) {
            struct nkc_loc none = {0};
            nkc_report(ctx, NKC_ERROR, NULL, none, "out of memory");
            nkc_bail(ctx);
        }
        b->used = 0;
        b->cap = cap;
        b->next = ctx->blocks;
        ctx->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *nkc_strndup(struct nkc_ctx *ctx, const char *s, size_t n)
{
    char *d = nkc_alloc(ctx, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *nkc_strdup(struct nkc_ctx *ctx, const char *s)
{
    return nkc_strndup(ctx, s, strlen(s));
}

char *nkc_sprintf(struct nkc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *d = nkc_alloc(ctx, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

void nkc_vec_init(struct nkc_vec *v, size_t elsize)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->elsize = elsize;
}

void *nkc_vec_push(struct nkc_ctx *ctx, struct nkc_vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void *d = nkc_alloc(ctx, cap * v->elsize);
        if (v->n)
            memcpy(d, v->data, v->n * v->elsize);
        v->data = d;
        v->cap = cap;
    }
    return (char *)v->data + v->n++ * v->elsize;
}

char *nkc_cname(struct nkc_ctx *ctx, const char *qname)
{
    char *c = nkc_strdup(ctx, qname);
    for (char *s = c; *s; s++)
        if (*s == '.')
            *s = '_';
    return c;
}

/* ---- diagnostics ---- */

void nkc_diag_print(const struct nkc_diag *d, FILE *out)
{
    const char *sev = d->severity == NKC_ERROR ? "error" : "note";
    if (d->loc.file)
        fprintf(out, "%s:%u:%u: %s: %s\n", d->loc.file, d->loc.line, d->loc.col, sev, d->message);
    else
        fprintf(out, "nkc: %s: %s\n", sev, d->message);
    if (!d->line_text)
        return;
    fprintf(out, "    %s\n    ", d->line_text);
    /* Keep tabs so the caret lines up under the column whatever the tab width. */
    for (uint32_t i = 1; i < d->loc.col && d->line_text[i - 1]; i++)
        fputc(d->line_text[i - 1] == '\t' ? '\t' : ' ', out);
    fputs("^\n", out);
}

void nkc_vreport(struct nkc_ctx *ctx, enum nkc_severity sev, const struct nkc_source *src,
                 struct nkc_loc loc, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char line[512];
    const char *line_text = NULL;
    if (src && loc.line) {
        /* Find the line: count newlines; sources are small enough for a scan per diagnostic. */
        size_t pos = 0;
        for (uint32_t l = 1; l < loc.line && pos < src->len; pos++)
            if (src->text[pos] == '\n')
                l++;
        size_t end = pos;
        while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r')
            end++;
        size_t n = end - pos < sizeof line - 1 ? end - pos : sizeof line - 1;
        /* Unprintable bytes would garble a terminal: show them as '?'. */
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)src->text[pos + i];
            line[i] = (c < 32 && c != '\t') || c == 127 ? '?' : (char)c;
        }
        line[n] = 0;
        line_text = line;
    }
    struct nkc_diag d = {.severity = sev, .loc = loc, .message = msg, .line_text = line_text};
    if (sev == NKC_ERROR)
        ctx->nerrors++;
    ctx->sink(ctx->sink_arg, &d);
}

void nkc_report(struct nkc_ctx *ctx, enum nkc_severity sev, const struct nkc_source *src,
                struct nkc_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nkc_vreport(ctx, sev, src, loc, fmt, ap);
    va_end(ap);
}
