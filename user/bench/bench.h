/* The benchmark program (make bench): counts guest instructions with the PMU (event counter 0 =
 * instructions retired at EL0 and EL1, set up by the kernel) around kernel calls and IPC round trips.
 * Run under -icount the counts are exact and the same on every machine. */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>

static inline uint64_t instructions(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, pmevcntr0_el0" : "=r"(v) : : "memory");
    return v;
}

#define V_STOP 0xffffffffu
#endif
