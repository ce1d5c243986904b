/* pslc's memory and diagnostics. Every allocation comes from one arena freed by mem_free_all() at exit
 * (so error paths need no cleanup). Diagnostics print "file:line:col: error: message", the offending
 * line and a caret, and are counted; the compiler carries on to report more where it can. */
#ifndef PSLC_UTIL_H
#define PSLC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void *xalloc(size_t size);                  /* zeroed; exits on exhaustion */
void *xrealloc_vec(void *p, size_t *cap, size_t n, size_t elsize);  /* grows an arena vector */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xsprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mem_free_all(void);

/* Append one element to a vector `T *v; size_t n, cap`. */
#define VEC_PUSH(v, n, cap, x)                                                      \
    do {                                                                            \
        (v) = xrealloc_vec((v), &(cap), (n) + 1, sizeof *(v));                      \
        (v)[(n)++] = (x);                                                           \
    } while (0)

/* Where a run of a template's expansion comes from (template.c): bytes [out, next span's out) of the
 * expansion are the file's bytes from orig on, or, when fixed, all stand for the one position orig (a
 * substitution `{{ X }}` stands for its `{{`). */
struct span {
    size_t out, orig;
    bool fixed;
};

struct source {
    const char *path;
    const char *text;           /* the file as read: what diagnostics quote */
    size_t len;
    /* A file with templates (template.c): the lexer reads the expansion, and its positions map back to
     * text through spans so that diagnostics name the template's line. NULL for any other file. */
    const char *expanded;
    size_t expanded_len;
    const struct span *spans;
    size_t nspans;
    const size_t *line_starts;  /* offsets in text of its lines */
    size_t nlines;
};

struct loc {
    const struct source *src;   /* NULL: no position */
    uint32_t line, col;
};

const struct source *source_load(const char *path);          /* NULL if unreadable */
const struct source *source_from_buffer(const char *path, const char *text, size_t len);
/* The position in s->text of byte `off` of s's expansion. */
struct loc source_loc(const struct source *s, size_t off);
/* The index of the line holding offset off, given the n (>= 1) offsets where lines start, ascending. */
size_t line_index(const size_t *starts, size_t n, size_t off);

void diag_error(struct loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(struct loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A warning: printed as "warning:" and not counted, or as an error after diag_set_werror(true) (-Werror). */
void diag_warning(struct loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_set_werror(bool on);
void diag_set_nowarn(bool on);    /* -w: no warnings (policies of tests that mean what they warn about) */
void diag_verror(struct loc loc, const char *sev, const char *fmt, va_list ap);
unsigned diag_count(void);
void diag_count_external(void);   /* counts an error another printer (libnkc) reported */
void diag_set_stream(FILE *f);     /* default stderr */

#endif
