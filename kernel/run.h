/* What the kernel does once it has booted: the default image powers off after the banner (later: starts
 * Einit); test images run their KTESTs (ktest_runner.c). Exactly one definition is linked per image. */
#ifndef KERNEL_RUN_H
#define KERNEL_RUN_H
__attribute__((noreturn)) void kernel_run(void);
/* Whether this image runs processes: one that does not (the PAL test runner) judges a policy and may
 * boot under one that does not grant the kernel's own start. Defined next to each kernel_run. */
extern const int kernel_run_starts_processes;
/* Whether this is the checking build of the kernel (the images tests boot): kernel invariants are
 * checked after every system call and freed objects poisoned (kernel/invariants.h). */
extern const int kernel_checks;
#endif
