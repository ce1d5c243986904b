/* Exception entry kinds (the vector index) and the handlers trap_dispatch uses. */
#ifndef ARCH_AARCH64_TRAP_H
#define ARCH_AARCH64_TRAP_H

#include "trap_frame.h"

enum {
    TRAP_EL1_SYNC = 4,
    TRAP_EL1_IRQ = 5,
    TRAP_EL0_SYNC = 8,
    TRAP_EL0_IRQ = 9,
};

void trap_dispatch(struct trap_frame *tf, uint64_t kind);
/* Prints the full report: the exception in words, FAR, ELR as symbol+offset, SPSR, registers, backtrace. */
void fault_report(const struct trap_frame *tf, const char *title);
/* Prints a frame-pointer backtrace starting at (pc, fp). */
void backtrace_print(uint64_t pc, uint64_t fp);

#endif
