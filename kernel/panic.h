/* panic: print the message and a backtrace, then leave QEMU with exit status 2 (docs/testing.md). */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define VIGIL_EXIT_PASSED 0
#define VIGIL_EXIT_FAILED 1
#define VIGIL_EXIT_PANIC  2

#endif
