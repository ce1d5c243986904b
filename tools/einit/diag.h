/* Source text and diagnostics for tools/einit: a file read whole, split into lines, and errors printed as
 *   file:line:col: error: message
 *    <the line>
 *    <caret under the column>
 * Lines and columns are 1-based. Every message counts in src->errors; nothing exits. */
#ifndef EINIT_DIAG_H
#define EINIT_DIAG_H

#include <stdio.h>
#include <stddef.h>

struct src {
    const char *file;     /* as given (not owned) */
    char *text;           /* NUL-terminated copy of the file */
    size_t len;
    size_t *line_start;   /* offset of each line in text */
    unsigned nlines;
    unsigned errors;
    FILE *out;            /* where diagnostics go (stderr unless a test redirects them) */
};

/* Reads `file`; on failure prints "file: cannot read: reason" to out and returns -1. */
int src_load(struct src *s, const char *file, FILE *out);
/* Uses a copy of `text` as the contents of `name` (tests). */
int src_from_string(struct src *s, const char *name, const char *text, FILE *out);
void src_free(struct src *s);

/* A line's text (not NUL-terminated at the line end) and its length without the newline. */
const char *src_line(const struct src *s, unsigned line, size_t *len);

void diag_error(struct src *s, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(struct src *s, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
