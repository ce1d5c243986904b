/* Physical memory bring-up (see mem.c): the frame allocator over the usable RAM. */
#ifndef KERNEL_MEM_H
#define KERNEL_MEM_H
#include <stdint.h>
#include <vigil/rc.h>
struct platform;
rc_t mem_init(const struct platform *plat, uint64_t dtb_pa, uint64_t dtb_size);
#endif
