/* stdin, stdout and stderr for picolibc's tinystdio. Output goes to the console through hal
 * debug_write, one call per line: each thread buffers its own line (in TLS), so lines of different
 * threads never interleave mid-line, and a write costs one kernel call per line rather than per byte.
 * A line is written at '\n', when the buffer is full, on fflush, and when the thread or process ends
 * (vg_thread_exit, _exit). stdin has no device behind it yet: reading gives EOF. */
#include <stdint.h>
#include <stdio.h>
#include <vigil/hal.h>
#include "../internal.h"

#define LINE_MAX_BYTES 256

struct line {
    uint32_t len;
    char buf[LINE_MAX_BYTES];
};

static _Thread_local struct line out_line, err_line;

static int line_flush(struct line *l)
{
    uint32_t len = l->len;
    l->len = 0;
    if (len && vg_debug_write(l->buf, len) != rcOk)
        return EOF;
    return 0;
}

static int line_put(struct line *l, char c)
{
    l->buf[l->len++] = c;
    if (c == '\n' || l->len == LINE_MAX_BYTES)
        return line_flush(l) == 0 ? (unsigned char)c : EOF;
    return (unsigned char)c;
}

static int out_put(char c, FILE *f)
{
    (void)f;
    return line_put(&out_line, c);
}

static int err_put(char c, FILE *f)
{
    (void)f;
    return line_put(&err_line, c);
}

static int out_flush(FILE *f)
{
    (void)f;
    return line_flush(&out_line);
}

static int err_flush(FILE *f)
{
    (void)f;
    return line_flush(&err_line);
}

static int in_get(FILE *f)
{
    (void)f;
    return _FDEV_EOF;
}

static FILE out_file = FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE);
static FILE err_file = FDEV_SETUP_STREAM(err_put, NULL, err_flush, _FDEV_SETUP_WRITE);
static FILE in_file = FDEV_SETUP_STREAM(NULL, in_get, NULL, _FDEV_SETUP_READ);

FILE *const stdout = &out_file;
FILE *const stderr = &err_file;
FILE *const stdin = &in_file;

void __vg_stdio_flush(void)
{
    line_flush(&out_line);
    line_flush(&err_line);
}
