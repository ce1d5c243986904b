/* lib/'s private interfaces between its own files (not for programs). */
#ifndef VIGIL_LIB_INTERNAL_H
#define VIGIL_LIB_INTERNAL_H

#include <stddef.h>

/* TLS blocks (tls.c). A block is what TPIDR_EL0 points to: picolibc's TCB gap of
 * __arm64_tls_tcb_offset bytes, then the .tdata image and the zeroed .tbss. */
size_t __vg_tls_block_size(void);
size_t __vg_tls_block_align(void);
void __vg_tls_init(void *tp);       /* fill a block from the program's TLS template */
void __vg_tls_install(void *tp);    /* init, then TPIDR_EL0 = tp (crt0, before any C uses errno) */

/* Flushes the calling thread's buffered stdout/stderr lines (libc/stdio.c). */
void __vg_stdio_flush(void);

_Noreturn void __vg_thread_exit_raw(int code);
_Noreturn void __vg_start_main(int argc, char **argv, char **envp);

#endif
