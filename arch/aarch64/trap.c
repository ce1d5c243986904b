/* Exception dispatch: every vector lands in trap_dispatch with the saved frame and the vector's index. */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/panic.h"
#include "trap.h"
#include "irq.h"

#define EC_DABT_CUR 0x25

struct extable_entry {
    uint64_t insn;
    uint64_t fixup;
};
extern const struct extable_entry _extable_start[], _extable_end[];

static int apply_fixup(struct trap_frame *tf)
{
    for (const struct extable_entry *e = _extable_start; e < _extable_end; e++) {
        if (e->insn == tf->elr) {
            tf->x[9] = tf->esr;
            tf->elr = e->fixup;
            return 1;
        }
    }
    return 0;
}

static const char *const vector_names[16] = {
    "synchronous exception, EL1 with SP_EL0", "IRQ, EL1 with SP_EL0", "FIQ, EL1 with SP_EL0",
    "SError, EL1 with SP_EL0",                "synchronous exception at EL1", "IRQ at EL1",
    "FIQ at EL1",                             "SError at EL1", "synchronous exception from EL0",
    "IRQ from EL0",                           "FIQ from EL0", "SError from EL0",
    "exception from AArch32 EL0",             "IRQ from AArch32 EL0", "FIQ from AArch32 EL0",
    "SError from AArch32 EL0",
};

void trap_dispatch(struct trap_frame *tf, uint64_t kind)
{
    switch (kind) {
    case TRAP_EL1_SYNC:
        if ((tf->esr >> 26) == EC_DABT_CUR && apply_fixup(tf))
            return;
        fault_report(tf, "KERNEL FAULT");
        arch_exit(VIGIL_EXIT_PANIC);
    case TRAP_EL1_IRQ:
    case TRAP_EL0_IRQ:
        irq_handle();
        sched_preempt_point();
        return;
    case TRAP_EL0_SYNC:
        if (trap_user_sync)
            trap_user_sync(tf);
        else
            fault_report(tf, "unexpected exception from EL0");
        return;
    default:
        fault_report(tf, vector_names[kind & 15]);
        arch_exit(VIGIL_EXIT_PANIC);
    }
}
