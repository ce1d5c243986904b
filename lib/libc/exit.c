/* picolibc's exit() ends here after atexit handlers and destructors: flush the calling thread's
 * console lines, then end the whole process (every thread) through task exit. */
#include <unistd.h>
#include <vigil/task.h>
#include "../internal.h"

void _exit(int code)
{
    __vg_stdio_flush();
    vg_task_exit(code);
}
