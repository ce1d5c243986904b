/* The PMU for benchmarks: event counter 0 counts retired instructions (event 0x08) at EL0 and EL1, and
 * EL0 may read it (PMUSERENR_EL0.EN|ER), so a user program brackets a code path with two reads. Exact and
 * repeatable only under QEMU's -icount (tools/qemu.sh --icount); without it QEMU counts nothing. */
#include "kernel/arch.h"
#include "sysreg.h"

#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define INST_RETIRED 0x08

void arch_pmu_init(void)
{
    write_sysreg(pmevtyper0_el0, INST_RETIRED); /* P=U=NSK=0: count at EL0 and EL1 */
    write_sysreg(pmcntenset_el0, 1u);
    write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E | PMCR_P);
    write_sysreg(pmuserenr_el0, (1u << 0) | (1u << 3)); /* EN, ER: EL0 reads the event counters */
    isb();
}
