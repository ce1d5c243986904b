/* A small formatter for the kernel console: no floating point, no allocation. */
#include <stdint.h>
#include "console.h"
#include "arch.h"

struct sink {
    char *buf;      /* NULL: write to the console */
    size_t size;
    size_t len;
};

static void emit(struct sink *s, char c)
{
    if (!s->buf)
        arch_console_putc(c);
    else if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void emit_number(struct sink *s, uint64_t v, unsigned base, int upper, int neg, int width,
                        int zero, int left)
{
    char tmp[24];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int len = n + neg;
    if (neg && zero)
        emit(s, '-');
    if (!left)
        for (; width > len; width--)
            emit(s, zero ? '0' : ' ');
    if (neg && !zero)
        emit(s, '-');
    while (n)
        emit(s, tmp[--n]);
    if (left)
        for (; width > len; width--)
            emit(s, ' ');
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(s, *fmt);
            continue;
        }
        fmt++;
        int zero = 0, left = 0, width = 0, lng = 0;
        for (;; fmt++) {
            if (*fmt == '0')
                zero = 1;
            else if (*fmt == '-')
                left = 1;
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        if (left)
            zero = 0;
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            emit_number(s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, 0, v < 0, width, zero, left);
            break;
        }
        case 'u':
            emit_number(s, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, 0, width, zero, left);
            break;
        case 'x':
        case 'X':
            emit_number(s, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, *fmt == 'X', 0, width,
                        zero, left);
            break;
        case 'p':
            emit(s, '0');
            emit(s, 'x');
            emit_number(s, (uint64_t)va_arg(ap, void *), 16, 0, 0, 16, 1, 0);
            break;
        case 'c':
            emit(s, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int len = 0;
            while (str[len])
                len++;
            if (!left)
                for (; width > len; width--)
                    emit(s, ' ');
            while (*str)
                emit(s, *str++);
            if (left)
                for (; width > len; width--)
                    emit(s, ' ');
            break;
        }
        case '%':
            emit(s, '%');
            break;
        case '\0':
            return;
        default:
            emit(s, '%');
            emit(s, *fmt);
        }
    }
}

void kvprintf(const char *fmt, va_list ap)
{
    struct sink s = {0};
    format(&s, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

void kputs(const char *str)
{
    while (*str)
        arch_console_putc(*str++);
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = {buf, size, 0};
    format(&s, fmt, ap);
    if (size)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return (int)s.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
