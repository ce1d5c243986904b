/* Physical memory bring-up (see mem.c) and the resulting usable ranges. */
#ifndef KERNEL_MEM_H
#define KERNEL_MEM_H
#include <stdint.h>
#include <vigil/rc.h>
struct platform;
struct memmap;
rc_t mem_init(const struct platform *plat, uint64_t dtb_pa, uint64_t dtb_size);
const struct memmap *mem_usable(void);
#endif
