/* The kernel's final translation tables (TTBR1), replacing the boot tables: W^X image sections, the rest
 * of RAM read-write and never executable, the DTB's devices as Device memory, the guard page under the
 * boot stack left unmapped, and nothing else. Also the kernel's mapping region (kmap) for stacks with
 * guard pages and single-frame mappings. */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/kmap.h"
#include "kmap_internal.h"
#include "kernel/memmap.h"
#include "kernel/platform.h"
#include "kernel/pmem.h"
#include "kernel/string.h"
#include "pgtable.h"
#include "sysreg.h"
#include "asm.h"
#include "tlb.h"

extern char _kernel_start[], _text_start[], _rodata_start[], _rodata_end[], _stack_guard[],
    _boot_stack_bottom[], _data_end[], _ksyms_start[], _kernel_end[];

static rc_t table_alloc(void *ctx, uint64_t *pa)
{
    (void)ctx;
    rc_t rc = pmem_alloc(pa);
    if (rc == rcOk)
        memset(phys_to_virt(*pa), 0, 4096);
    return rc;
}
static void table_free(void *ctx, uint64_t pa) { (void)ctx; pmem_free(pa); }
static void *table_virt(void *ctx, uint64_t pa) { (void)ctx; return phys_to_virt(pa); }

const struct pt_ops pt_pmem_ops = {table_alloc, table_free, table_virt, tlb_inval, 0};
static struct pt kernel_pt;

static rc_t map_image(uint64_t start, uint64_t end, unsigned attrs)
{
    if (end <= start)
        return rcOk;
    return pt_map(&kernel_pt, start, virt_to_phys((void *)start), end - start, attrs | PT_GLOBAL | PT_PAGES);
}

static rc_t map_device(uint64_t pa, uint64_t size)
{
    if (!pa || !size)
        return rcOk;
    uint64_t base = pa & ~(PT_PAGE_SIZE - 1);
    size = ((pa + size + PT_PAGE_SIZE - 1) & ~(PT_PAGE_SIZE - 1)) - base;
    return pt_map(&kernel_pt, (uint64_t)phys_to_virt(base), base, size,
                  PT_READ | PT_WRITE | PT_DEVICE | PT_GLOBAL);
}

rc_t arch_mmu_init(const struct platform *plat)
{
    rc_t rc = pt_init(&kernel_pt, PT_HALF_KERNEL, 0, &pt_pmem_ops);
    if (rc != rcOk)
        return rc;
    /* The image, section by section. */
    if ((rc = map_image((uint64_t)_text_start, (uint64_t)_rodata_start, PT_READ | PT_EXEC)) != rcOk ||
        (rc = map_image((uint64_t)_rodata_start, (uint64_t)_rodata_end, PT_READ)) != rcOk ||
        (rc = map_image((uint64_t)_rodata_end, (uint64_t)_stack_guard, PT_READ | PT_WRITE)) != rcOk ||
        (rc = map_image((uint64_t)_boot_stack_bottom, (uint64_t)_data_end, PT_READ | PT_WRITE)) != rcOk ||
        (rc = map_image((uint64_t)_ksyms_start & ~0xfffull, (uint64_t)_kernel_end, PT_READ)) != rcOk)
        return rc;
    /* RAM other than the image: read-write, never executable. */
    struct memmap ram;
    struct mem_range image = {virt_to_phys(_kernel_start), (uint64_t)(_kernel_end - _kernel_start)};
    if ((rc = memmap_compute(&ram, plat->mem, plat->mem_count, &image, 1)) != rcOk)
        return rc;
    for (unsigned i = 0; i < ram.count; i++)
        if ((rc = pt_map(&kernel_pt, (uint64_t)phys_to_virt(ram.range[i].base), ram.range[i].base,
                         ram.range[i].size, PT_READ | PT_WRITE | PT_GLOBAL)) != rcOk)
            return rc;
    /* Devices named by the DTB. */
    if ((rc = map_device(plat->uart_base, plat->uart_size)) != rcOk)
        return rc;
    for (unsigned i = 0; i < plat->gic_region_count; i++)
        if ((rc = map_device(plat->gic_regions[i].base, plat->gic_regions[i].size)) != rcOk)
            return rc;

    /* Switch. The old and new tables agree on every address the kernel is using right now. */
    tlb_publish();
    write_sysreg(ttbr1_el1, kernel_pt.root_pa);
    write_sysreg(tcr_el1, TCR_VALUE | TCR_EPD0); /* no user space yet: no TTBR0 walks */
    write_sysreg(ttbr0_el1, 0);
    isb();
    tlb_inval_all();
    return kmap_init(&kernel_pt);
}
