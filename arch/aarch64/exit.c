/* Leaving the machine: semihosting SYS_EXIT with a status for tests and panics (QEMU runs with
 * -semihosting-config enable=on; its exit status is ours), PSCI SYSTEM_OFF for a normal shutdown through
 * the conduit the DTB names (hvc, or smc when QEMU emulates EL2). */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/platform.h"
#include "sysreg.h"

#define SEMIHOST_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define PSCI_SYSTEM_OFF 0x84000008u

static int psci_conduit; /* PSCI_CONDUIT_* from platform.h */

void arch_psci_init(const struct platform *plat)
{
    psci_conduit = plat->psci_conduit;
}

__attribute__((noreturn)) void arch_exit(int status)
{
    uint64_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)status};
    register uint64_t x0 __asm__("x0") = SEMIHOST_SYS_EXIT;
    register uint64_t *x1 __asm__("x1") = block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    for (;;)
        wfi();
}

__attribute__((noreturn)) void arch_poweroff(void)
{
    register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;
    if (psci_conduit == PSCI_CONDUIT_HVC)
        __asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
    else if (psci_conduit == PSCI_CONDUIT_SMC)
        __asm__ volatile("smc #0" : "+r"(x0) : : "memory");
    /* No PSCI: semihosting is the only other way out of QEMU. */
    arch_exit(0);
}

void arch_idle(void) { wfi(); }
void arch_irq_enable(void) { irq_enable(); }
void arch_irq_disable(void) { irq_disable(); }
