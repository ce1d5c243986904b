#include <stdarg.h>
#include <stdint.h>
#include "panic.h"
#include "console.h"
#include "arch.h"

__attribute__((noreturn)) void panic(const char *fmt, ...)
{
    va_list ap;
    arch_irq_disable();
    kputs("\n*** PANIC: ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kputs("\n");
    arch_print_backtrace();
    arch_exit(VIGIL_EXIT_PANIC);
}
