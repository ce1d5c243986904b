/* The report a person can act on when the kernel faults or panics: what happened in words (esr.c), where
 * (FAR; ELR as symbol+offset from the embedded symbol table), the saved state, and a frame-pointer
 * backtrace. Reads of frame records go through arch_probe_read64, so a corrupt frame pointer ends the
 * backtrace instead of faulting again. */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/ksyms.h"
#include "esr.h"
#include "trap.h"

#define BACKTRACE_MAX 32

static void print_addr(uint64_t addr)
{
    uint64_t off;
    const char *name = ksyms_lookup(addr, &off);
    if (name)
        kprintf("0x%016lx <%s+0x%lx>", addr, name, off);
    else
        kprintf("0x%016lx", addr);
}

void backtrace_print(uint64_t pc, uint64_t fp)
{
    kprintf("Backtrace:\n  #0  ");
    print_addr(pc);
    kputs("\n");
    for (int depth = 1; depth < BACKTRACE_MAX && fp && (fp & 15) == 0; depth++) {
        uint64_t next, lr;
        if (arch_probe_read64((void *)fp, &next, 0) != rcOk || arch_probe_read64((void *)(fp + 8), &lr, 0) != rcOk)
            break;
        if (!lr)
            break;
        kprintf("  #%-2d ", depth);
        print_addr(lr - 4); /* the call instruction, not the return address */
        kputs("\n");
        if (next <= fp)
            break; /* frames grow towards higher addresses; anything else is corrupt */
        fp = next;
    }
}

void fault_report(const struct trap_frame *tf, const char *title)
{
    char what[128];
    esr_describe(tf->esr, what, sizeof what);
    kprintf("\n*** %s: %s\n", title, what);
    kprintf("  FAR  0x%016lx\n  ELR  ", tf->far);
    print_addr(tf->elr);
    kprintf("\n  SPSR 0x%016lx  ESR 0x%08lx\n", tf->spsr, tf->esr);
    for (int i = 0; i < 31; i++)
        kprintf("  x%-2d 0x%016lx%s", i, tf->x[i], (i % 4 == 3) ? "\n" : "");
    kprintf("  sp  0x%016lx\n", tf->sp);
    uint64_t el = (tf->spsr >> 2) & 3;
    if (el == 1)
        backtrace_print(tf->elr, tf->x[29]);
}

void arch_print_backtrace(void)
{
    /* Our frame record holds the caller's frame pointer and the return address into it. */
    const uint64_t *fp = __builtin_frame_address(0);
    backtrace_print(fp[1], fp[0]);
}
