#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "tools/common/file.h"

static int split_lines(struct src *s)
{
    unsigned n = 1;
    for (size_t i = 0; i < s->len; i++)
        n += s->text[i] == '\n';
    s->line_start = malloc(n * sizeof *s->line_start);
    if (!s->line_start)
        return -1;
    s->nlines = 0;
    s->line_start[s->nlines++] = 0;
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n' && i + 1 < s->len)
            s->line_start[s->nlines++] = i + 1;
    return 0;
}

int src_from_string(struct src *s, const char *name, const char *text, FILE *out)
{
    memset(s, 0, sizeof *s);
    s->file = name;
    s->out = out;
    s->len = strlen(text);
    s->text = malloc(s->len + 1);
    if (!s->text)
        return -1;
    memcpy(s->text, text, s->len + 1);
    return split_lines(s);
}

int src_load(struct src *s, const char *file, FILE *out)
{
    memset(s, 0, sizeof *s);
    s->file = file;
    s->out = out;
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(out, "%s: cannot read: %s\n", file, strerror(errno));
        return -1;
    }
    s->text = file_read_all(f, SIZE_MAX, &s->len);
    fclose(f);
    if (!s->text) {
        fprintf(out, errno == ENOMEM ? "%s: out of memory\n" : "%s: cannot read: I/O error\n", file);
        return -1;
    }
    if (memchr(s->text, '\0', s->len)) {
        fprintf(out, "%s: error: the file contains a NUL byte (not a text file)\n", file);
        return -1;
    }
    return split_lines(s);
}

void src_free(struct src *s)
{
    free(s->text);
    free(s->line_start);
    s->text = 0;
    s->line_start = 0;
}

const char *src_line(const struct src *s, unsigned line, size_t *len)
{
    if (line == 0 || line > s->nlines) {
        *len = 0;
        return "";
    }
    const char *p = s->text + s->line_start[line - 1];
    size_t n = 0;
    while (p + n < s->text + s->len && p[n] != '\n')
        n++;
    if (n > 0 && p[n - 1] == '\r')
        n--;
    *len = n;
    return p;
}

static void report(struct src *s, const char *what, unsigned line, unsigned col, const char *fmt, va_list ap)
{
    fprintf(s->out, "%s:%u:%u: %s: ", s->file, line, col, what);
    vfprintf(s->out, fmt, ap);
    fputc('\n', s->out);
    size_t len;
    const char *text = src_line(s, line, &len);
    if (line == 0 || line > s->nlines)
        return;
    fprintf(s->out, " %.*s\n ", (int)len, text);
    /* Tabs stay tabs so the caret lines up whatever the terminal's tab width. */
    for (unsigned i = 1; i < col && i <= len; i++)
        fputc(text[i - 1] == '\t' ? '\t' : ' ', s->out);
    fputs("^\n", s->out);
}

void diag_error(struct src *s, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(s, "error", line, col, fmt, ap);
    va_end(ap);
    s->errors++;
}

void diag_note(struct src *s, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(s, "note", line, col, fmt, ap);
    va_end(ap);
}
