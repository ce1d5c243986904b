/* A negative test image: the kernel dereferences NULL. The runner expects the fault report (with
 * "translation fault" and this function's name in the backtrace/ELR) and exit status 2. */
#include <stdint.h>
#include "kernel/console.h"
#include "kernel/run.h"

__attribute__((noinline)) uint64_t ktest_null_deref_victim(volatile uint64_t *p)
{
    return *p + 1;
}

const int kernel_checks = 1;
const int kernel_run_starts_processes = 1;

__attribute__((noreturn)) void kernel_run(void)
{
    kputs("null_deref: dereferencing NULL now\n");
    volatile uint64_t *volatile p = 0;
    ktest_null_deref_victim(p);
    kputs("null_deref: still alive?!\n");
    for (;;)
        ;
}
