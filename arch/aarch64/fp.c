#include "kernel/arch.h"
#include "fp.h"
#include "sysreg.h"

#define CPACR_FPEN_ON (3ul << 20)

static struct arch_fpstate *owner; /* whose values the FP registers hold now */
union arch_fast_work arch_fast_work; /* fp: CPACR_EL1.FPEN is on (fp.h) */

void arch_fast_set_checks(int on) { arch_fast_work.f.checks = on != 0; }

void fp_save(struct arch_fpstate *fp);
void fp_load(const struct arch_fpstate *fp);

void arch_fp_switch_out(void)
{
    if (!arch_fp_enabled)
        return;
    arch_fp_enabled = 0;
    write_sysreg(cpacr_el1, 0);
    isb();
}

void arch_fp_forget(struct arch_fpstate *fp)
{
    if (owner == fp)
        owner = 0;
}

void fp_trap(void)
{
    struct arch_fpstate *mine = thread_current_fpstate();
    write_sysreg(cpacr_el1, CPACR_FPEN_ON);
    isb();
    arch_fp_enabled = 1;
    if (owner == mine)
        return;
    if (owner)
        fp_save(owner);
    fp_load(mine);
    owner = mine;
}
