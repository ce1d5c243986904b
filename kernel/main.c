/* The kernel's C entry: called by arch/aarch64/start.S on the boot stack with the MMU on (boot tables),
 * interrupts masked. Brings the machine up in dependency order, prints the banner, then kernel_run(). */
#include <stdint.h>
#include <libfdt.h>
#include "arch.h"
#include "clock.h"
#include "console.h"
#include "mem.h"
#include "panic.h"
#include "notice.h"
#include "platform.h"
#include "machine.h"
#include "pmem.h"
#include "run.h"
#include "thread.h"
#include "process.h"
#include "handle.h"
#include "kheap.h"
#include "channel.h"
#include "ipc.h"
#include "security.h"
#include "version.h"
#include "string.h"
#include "invariants.h"

static struct platform plat;

/* Whether the space-separated boot options hold `opt` as a whole word. */
static bool boot_option(const char *args, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = args; *p;) {
        while (*p == ' ')
            p++;
        size_t w = 0;
        while (p[w] && p[w] != ' ')
            w++;
        if (w == n && strncmp(p, opt, n) == 0)
            return true;
        p += w;
    }
    return false;
}
uint64_t arch_entered_el;

const struct platform *platform_get(void) { return &plat; }

void kmain(uint64_t dtb_pa, uint64_t entered_el)
{
    arch_entered_el = entered_el;
    arch_console_init_early();
    if (!dtb_pa)
        panic("no device tree: x0 was 0 and no FDT header lies below the image");
    const void *fdt = phys_to_virt(dtb_pa);
    rc_t rc = platform_parse(fdt, &plat);
    if (rc != rcOk)
        panic("device tree at 0x%lx unusable: %s", dtb_pa, rc_name(rc));
    arch_console_init(&plat);
    arch_psci_init(&plat);
    if ((rc = mem_init(&plat, dtb_pa, fdt_totalsize(fdt))) != rcOk)
        panic("physical memory: %s", rc_name(rc));
    if ((rc = arch_mmu_init(&plat)) != rcOk)
        panic("kernel page tables: %s", rc_name(rc));
    if ((rc = arch_irq_init(&plat)) != rcOk)
        panic("interrupt controller: %s", rc_name(rc));
    arch_timer_init(&plat);
    arch_pmu_init();
    clock_init();
    if (kernel_checks)
        invariants_init(); /* before the first object is allocated: every cached object is poisoned */
    arch_fast_set_checks(kernel_checks);
    sched_init();
    if (handle_init(&kheap_pages) != rcOk)
        panic("handle tables");
    process_init();
    channel_init();
    ipc_init();
    notice_init();
    security_init();
    arch_irq_enable();
    if (boot_option(plat.bootargs, "fastpath=off"))
        ipc_fastpath_on = false;

    uint64_t ram = 0;
    for (unsigned i = 0; i < plat.mem_count; i++)
        ram += plat.mem[i].size;
    kprintf("Vigil %s: entered at EL%lu, GICv%d, RAM %lu MiB (%lu KiB free), timer %lu Hz%s\n",
            VIGIL_VERSION, arch_entered_el, arch_gic_version(), ram >> 20,
            pmem_free_frames() * 4, arch_counter_freq(), ipc_fastpath_on ? "" : ", IPC fastpath off");
    kernel_run();
}
