/* kernel_run for test images: runs every KTEST linked in (see ktest.h). */
#include <stdarg.h>
#include "ktest.h"
#include "console.h"
#include "arch.h"
#include "run.h"

extern const struct ktest _ktests_start[], _ktests_end[];
static const struct ktest *current;
static int current_failed;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (current_failed)
        return; /* one line per test */
    kprintf("FAIL %s: %s:%d: ", current->name, file, line);
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kputs("\n");
    current_failed = 1;
}

const int kernel_checks = 1;
const int kernel_run_starts_processes = 1;

__attribute__((noreturn)) void kernel_run(void)
{
    int passed = 0, failed = 0;
    for (current = _ktests_start; current < _ktests_end; current++) {
        current_failed = 0;
        current->fn();
        if (current_failed) {
            failed++;
        } else {
            kprintf("ok %s\n", current->name);
            passed++;
        }
    }
    kprintf("summary: %d passed, %d failed\n", passed, failed);
    arch_exit(failed ? 1 : 0);
}
