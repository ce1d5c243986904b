/* The machine the kernel booted on, as parsed from the DTB by kmain. */
#ifndef KERNEL_MACHINE_H
#define KERNEL_MACHINE_H
struct platform;
const struct platform *platform_get(void);
#endif
