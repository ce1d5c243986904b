/* cmacro_string (cmacro.h): a copy of the header with its comments blanked out (so a #define inside a
 * comment is not one, and positions stay those of the file), then every #define of the name, the last
 * one counting. */
#include "cmacro.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Comments become spaces (newlines kept); string and character literals are left alone so that a
 * "/ *" inside one is no comment. */
static void blank_comments(char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '"' || t[i] == '\'') {
            char q = t[i];
            for (i++; i < n && t[i] != q && t[i] != '\n'; i++)
                if (t[i] == '\\' && i + 1 < n)
                    i++;
        } else if (t[i] == '/' && i + 1 < n && t[i + 1] == '/') {
            while (i < n && t[i] != '\n') {
                /* a backslash-newline continues a // comment onto the next line */
                if (t[i] == '\\' && i + 1 < n && t[i + 1] == '\n')
                    t[i++] = ' ';
                t[i++] = ' ';
            }
            i--;
        } else if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
            size_t j = i + 2;
            while (j < n && !(t[j] == '*' && j + 1 < n && t[j + 1] == '/'))
                j++;
            size_t end = j < n ? j + 2 : n;   /* an unclosed comment runs to the end of the file */
            for (size_t k = i; k < end; k++)
                if (t[k] != '\n')
                    t[k] = ' ';
            i = end - 1;
        }
    }
}

/* Blanks and backslash-newlines, which splice lines (a directive may go on after one). */
static size_t skip_blanks(const char *t, size_t n, size_t i)
{
    for (;;) {
        if (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\f' || t[i] == '\v'))
            i++;
        else if (i + 1 < n && t[i] == '\\' && t[i + 1] == '\n')
            i += 2;
        else if (i + 2 < n && t[i] == '\\' && t[i + 1] == '\r' && t[i + 2] == '\n')
            i += 3;
        else
            return i;
    }
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One string literal at t[*i] == '"', decoded onto buf (len bytes so far, room for n more bytes: the
 * decoded text is never longer than the literal). NULL on success, else what is wrong with it. */
static const char *string_literal(const char *t, size_t n, size_t *i, char *buf, size_t *len)
{
    size_t k = *i + 1;
    for (;;) {
        if (k >= n || t[k] == '\n')
            return "the string is not closed on its line";
        char c = t[k++];
        if (c == '"')
            break;
        if (c != '\\') {
            buf[(*len)++] = c;
            continue;
        }
        if (k < n && t[k] == '\n') { /* a backslash-newline inside the literal splices the lines */
            k++;
            continue;
        }
        if (k >= n)
            return "the string is not closed on its line";
        c = t[k++];
        static const char simple[] = "\"\"''??\\\\a\ab\bf\fn\nr\rt\tv\v";
        const char *e = NULL;
        for (const char *s = simple; *s; s += 2)
            if (*s == c) {
                e = s;
                break;
            }
        unsigned v;
        if (e)
            v = (unsigned char)e[1];
        else if (c >= '0' && c <= '7') {
            v = (unsigned)(c - '0');
            for (int d = 0; d < 2 && k < n && t[k] >= '0' && t[k] <= '7'; d++)
                v = v * 8 + (unsigned)(t[k++] - '0');
        } else if (c == 'x' && k < n && hex_digit(t[k]) >= 0) {
            v = 0;
            while (k < n && hex_digit(t[k]) >= 0) {
                v = v * 16 + (unsigned)hex_digit(t[k++]);
                if (v > 0xff)
                    return "a \\x escape above \\xff";
            }
        } else
            return "an escape C does not know";
        if (v == 0 || v > 0xff)
            return v ? "an octal escape above \\377" : "a NUL inside the string";
        buf[(*len)++] = (char)v;
    }
    *i = k;
    return NULL;
}

static void position(const struct src *h, size_t off, unsigned *line, unsigned *col)
{
    unsigned lo = 0, hi = h->nlines;  /* the last line starting at or before off */
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (h->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1;
    *col = (unsigned)(off - h->line_start[lo]) + 1;
}

/* The value of one #define of the name whose value starts at t[i]. */
static void definition(const struct src *h, const char *t, size_t n, size_t i, struct cmacro *out)
{
    char *buf = malloc(n - i + 1);
    size_t len = 0, literals = 0, at = skip_blanks(t, n, i);
    free(out->value);
    *out = (struct cmacro){CMACRO_NO_MEMORY, NULL, 0, 0, NULL};
    if (!buf)
        return;
    position(h, at < n ? at : n, &out->line, &out->col);
    const char *why = NULL;
    for (size_t k = at; !why;) {
        k = skip_blanks(t, n, k);
        if (k >= n || t[k] == '\n')
            break;
        if (t[k] != '"') {
            position(h, k, &out->line, &out->col);
            why = (t[k] == 'L' || t[k] == 'u' || t[k] == 'U') && k + 1 < n && (t[k + 1] == '"' || t[k + 1] == '8')
                      ? "a wide or Unicode string, not a plain string literal"
                      : "not a string literal";
            break;
        }
        position(h, k, &out->line, &out->col);
        why = string_literal(t, n, &k, buf, &len);
        literals++;
    }
    if (!why && !literals)
        why = "defined without a value";
    if (why) {
        free(buf);
        out->status = CMACRO_NOT_STRING;
        out->why = why;
        return;
    }
    buf[len] = '\0';
    position(h, at, &out->line, &out->col);
    out->status = CMACRO_OK;
    out->value = buf;
}

void cmacro_string(const struct src *h, const char *name, struct cmacro *out)
{
    *out = (struct cmacro){CMACRO_MISSING, NULL, 0, 0, NULL};
    char *t = malloc(h->len + 1);
    if (!t) {
        out->status = CMACRO_NO_MEMORY;
        return;
    }
    memcpy(t, h->text, h->len + 1);
    size_t n = h->len, namelen = strlen(name);
    blank_comments(t, n);
    for (size_t ls = 0; ls < n;) {
        size_t i = skip_blanks(t, n, ls);
        if (i < n && t[i] == '#') {
            i = skip_blanks(t, n, i + 1);
            if (n - i > 6 && memcmp(t + i, "define", 6) == 0 && (t[i + 6] == ' ' || t[i + 6] == '\t')) {
                i = skip_blanks(t, n, i + 6);
                if (n - i >= namelen && memcmp(t + i, name, namelen) == 0 &&
                    (i + namelen == n || !ident_char(t[i + namelen]))) {
                    i += namelen;
                    if (i < n && t[i] == '(') {
                        free(out->value);
                        *out = (struct cmacro){CMACRO_NOT_STRING, NULL, 0, 0, "a function-like macro"};
                        position(h, i, &out->line, &out->col);
                    } else
                        definition(h, t, n, i, out);
                    if (out->status == CMACRO_NO_MEMORY)
                        break;
                }
            }
        }
        /* the next line that is not a continuation of this one */
        while (ls < n && t[ls] != '\n')
            ls += t[ls] == '\\' && ls + 1 < n && t[ls + 1] == '\n' ? 2 : 1;
        ls++;
    }
    free(t);
}
