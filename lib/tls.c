/* Thread-local storage blocks in picolibc's AArch64 layout (TLS variant 1, local-exec): TPIDR_EL0
 * points at a TCB gap of __arm64_tls_tcb_offset bytes, followed by the program's PT_TLS image. The
 * template (.tdata) lives read-only in the program so every new block starts from pristine values;
 * linker/user.ld provides the symbols below. */
#include <stdint.h>
#include "internal.h"

extern char __tls_size[], __tls_align[], __arm64_tls_tcb_offset[], __vg_main_tp[];
void _init_tls(void *tls);   /* picolibc: copy .tdata, zero .tbss */

size_t __vg_tls_block_size(void)
{
    return (uintptr_t)__arm64_tls_tcb_offset + (uintptr_t)__tls_size;
}

size_t __vg_tls_block_align(void)
{
    size_t a = (uintptr_t)__tls_align;
    return a < 16 ? 16 : a;
}

void __vg_tls_init(void *tp)
{
    _init_tls((char *)tp + (uintptr_t)__arm64_tls_tcb_offset);
}

void __vg_tls_install(void *tp)
{
    __vg_tls_init(tp);
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
}
