/* Exception dispatch: every vector lands in trap_dispatch with the saved frame and the vector's index. */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/panic.h"
#include "trap.h"
#include "irq.h"
#include "esr.h"
#include "fp.h"
#include "kernel/console.h"

#define EC_DABT_CUR 0x25
#define EC_SVC64 0x15
#define EC_FP 0x07

/* FAR_EL1 holds an address only for aborts, PC and SP alignment faults and watchpoints. */
static int esr_has_far(uint64_t esr)
{
    switch ((esr >> 26) & 0x3f) {
    case 0x20: case 0x21: case 0x22: case 0x24: case 0x25: case 0x34: case 0x35:
        return 1;
    default:
        return 0;
    }
}

/* From EL0 only `svc #0` with a system call number in x8 enters the kernel on purpose; every other
 * synchronous exception is a fault that ends the process (kernel/process.c). */
static void trap_user_sync(struct trap_frame *tf)
{
    uint64_t ec = (tf->esr >> 26) & 0x3f;
    if (ec == EC_SVC64 && (tf->esr & 0xffff) == 0 && tf->x[8] < SYSCALL_COUNT) {
        /* Interrupts stay masked: the kernel is not preemptible; a blocking call switches threads. */
        tf->x[0] = (uint64_t)syscall_dispatch(tf->x[8], tf->x);
        return;
    }
    if (ec == EC_FP) {
        fp_trap();
        return;
    }
    char what[128];
    if (ec == EC_SVC64 && (tf->esr & 0xffff) == 0)
        ksnprintf(what, sizeof what, "system call with an unknown number %lu in x8 (0 Call, 1 Recv, 2 Reply)",
                  tf->x[8]);
    else
        esr_describe(tf->esr, what, sizeof what);
    user_fault(what, esr_has_far(tf->esr) ? tf->far : USER_FAULT_NO_FAR, tf->elr, tf->x[30], tf->x[29]);
}

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
        trap_user_sync(tf);
        sched_preempt_point();
        return;
    default:
        fault_report(tf, vector_names[kind & 15]);
        arch_exit(VIGIL_EXIT_PANIC);
    }
}
