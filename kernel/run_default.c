/* kernel_run for the default image: nothing to start yet, so shut down cleanly through PSCI. */
#include "arch.h"
#include "console.h"
#include "run.h"

__attribute__((noreturn)) void kernel_run(void)
{
    kputs("vigil: nothing to run, powering off\n");
    arch_poweroff();
}
