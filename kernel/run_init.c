/* kernel_run for images with programs: starts the ROMFS program "Einit" as the first process (in a
 * solution image, the Einit that tools/einit generates; in a test image, the test program), waits for
 * it, and leaves the machine: test images (VIGIL_EXIT_STATUS) through semihosting with 0 when init
 * exited with 0 and 1 otherwise; other images by powering off. Without an init the kernel powers off. */
#include "arch.h"
#include "console.h"
#include "process.h"
#include "romfs.h"
#include "run.h"

#define INIT_NAME "Einit"

#ifdef VIGIL_CHECKS
const int kernel_checks = 1;
#else
const int kernel_checks = 0;
#endif
const int kernel_run_starts_processes = 1;

__attribute__((noreturn)) void kernel_run(void)
{
    const void *image;
    size_t size;
    if (romfs_validate(_romfs_start, (size_t)(_romfs_end - _romfs_start)) != rcOk)
        kputs("vigil: the ROMFS is damaged\n");
    else if (romfs_find(_romfs_start, (size_t)(_romfs_end - _romfs_start), INIT_NAME, &image, &size) != rcOk)
        kputs("vigil: no init program in the ROMFS\n");
    else {
        struct process *init;
        static const char args[] = INIT_NAME;
        rc_t rc = process_start(process_kernel(), INIT_NAME, args, sizeof args, 1, 0, false, &init);
        if (rc != rcOk) {
            kprintf("vigil: cannot start %s: %s\n", INIT_NAME, rc_name(rc));
        } else {
            int code;
            enum vg_task_end how;
            process_wait(process_kernel(), init->pid, UINT64_MAX, &code, &how);
            kprintf("vigil: %s %s with code %d\n", INIT_NAME,
                    how == VG_TASK_EXITED ? "exited" : how == VG_TASK_FAULTED ? "faulted" : "was killed", code);
#ifdef VIGIL_EXIT_STATUS
            arch_exit(how == VG_TASK_EXITED && code == 0 ? 0 : 1);
#endif
        }
    }
#ifdef VIGIL_EXIT_STATUS
    arch_exit(1);
#endif
    kputs("vigil: powering off\n");
    arch_poweroff();
}
