/* Kernel console output: kprintf understands %d %i %u %x %X %p %s %c %% with an optional '0' flag,
 * a field width, '-' for left alignment and the l, ll and z length modifiers. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void kputs(const char *s);
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);
/* Formats into buf (always NUL-terminated when size > 0); returns the length it would have had. */
__attribute__((format(printf, 3, 4))) int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
