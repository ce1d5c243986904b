/* Stack-protector symbols: libfdt.a from Debian is built with -fstack-protector. The kernel itself is
 * built without it; a smashed libfdt frame is a kernel bug and panics. */
#include <stdint.h>
#include "panic.h"

uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ul;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
    panic("stack smashing detected in libfdt");
}
