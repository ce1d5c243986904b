/* What the kernel does once it has booted: the default image powers off after the banner (later: starts
 * Einit); test images run their KTESTs (ktest_runner.c). Exactly one definition is linked per image. */
#ifndef KERNEL_RUN_H
#define KERNEL_RUN_H
__attribute__((noreturn)) void kernel_run(void);
#endif
