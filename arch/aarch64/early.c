/* The first C code: runs with the MMU off at the physical load address, before .data is trusted at its
 * virtual address. Only PC-relative references are allowed here (globals through adrp, direct calls), so no
 * function pointers, no pointer-holding initialised data.
 *
 * early_find_dtb: the loader's x0 when non-zero (Linux Image protocol); otherwise QEMU's ELF loader has put
 * the DTB at the start of RAM below the image, so scan down from the image in 4 KiB steps (at most 2 MiB)
 * for the FDT magic. No RAM address is hard-coded.
 * early_build_tables: temporary 1 GiB-block tables: identity for the GiB holding the image (and the DTB),
 * the same at KERNEL_VA_BASE + PA, and the documented early-console fallback's GiB as Device memory. mmu.c
 * replaces them with the final W^X tables once the DTB is parsed. */
#include <stdint.h>
#include "asm.h"
#include "early_console.h"

#define BLOCK_NORMAL  ((1ul << 0) | (1ul << 2) /*AttrIndx=1*/ | (3ul << 8) /*SH inner*/ | (1ul << 10) /*AF*/)
#define BLOCK_DEVICE  ((1ul << 0) | (2ul << 2) /*AttrIndx=2*/ | (1ul << 10) | (1ul << 53) | (1ul << 54))
#define GIB_SHIFT 30

uint64_t early_l1_ident[512] __attribute__((aligned(4096)));
uint64_t early_l1_kernel[512] __attribute__((aligned(4096)));

extern char _kernel_start[];

static inline uint64_t pa_of(const void *sym)
{
    /* With the MMU off, adrp yields the physical address of a symbol. */
    return (uint64_t)sym;
}

static int fdt_magic_at(uint64_t pa)
{
    const volatile uint8_t *p = (const volatile uint8_t *)pa;
    return p[0] == 0xd0 && p[1] == 0x0d && p[2] == 0xfe && p[3] == 0xed;
}

uint64_t early_find_dtb(uint64_t loader_x0)
{
    if (loader_x0 && fdt_magic_at(loader_x0))
        return loader_x0;
    uint64_t image = pa_of(_kernel_start);
    for (uint64_t off = 4096; off <= (2u << 20) && off <= image; off += 4096)
        if (fdt_magic_at(image - off))
            return image - off;
    return 0;
}

void early_build_tables(uint64_t dtb_pa)
{
    uint64_t image_gib = pa_of(_kernel_start) >> GIB_SHIFT;
    uint64_t uart_gib = EARLY_UART_PA >> GIB_SHIFT;
    early_l1_ident[image_gib & 511] = (image_gib << GIB_SHIFT) | BLOCK_NORMAL;
    early_l1_kernel[image_gib & 511] = (image_gib << GIB_SHIFT) | BLOCK_NORMAL;
    if (dtb_pa) {
        uint64_t dtb_gib = dtb_pa >> GIB_SHIFT;
        early_l1_kernel[dtb_gib & 511] = (dtb_gib << GIB_SHIFT) | BLOCK_NORMAL;
    }
    if (uart_gib != image_gib)
        early_l1_kernel[uart_gib & 511] = (uart_gib << GIB_SHIFT) | BLOCK_DEVICE;
}
