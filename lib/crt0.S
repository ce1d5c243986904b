/* Program entry. The kernel enters at _start at EL0 with
 *   sp = top of the main stack (16-byte aligned; argv/envp strings and arrays live above it),
 *   x0 = argc, x1 = argv, x2 = envp (both NULL-terminated),
 *   x3 = the main thread's TLS block (its TPIDR_EL0 value) or 0 to use the one reserved in .bss.
 * The TLS block must be set up before any C code runs that touches errno (GCC reads TPIDR_EL0 once
 * per function), so it is done here, then C takes over in __vg_start_main (lib/start.c). */
    .section .text.start, "ax"
    .global _start
    .type _start, %function
_start:
    mov x29, xzr                /* end of the frame chain for backtraces */
    mov x30, xzr
    mov x19, x0
    mov x20, x1
    mov x21, x2
    cbnz x3, 1f
    adrp x3, __vg_main_tp
    add x3, x3, :lo12:__vg_main_tp
1:  mov x0, x3
    bl __vg_tls_install
    mov x0, x19
    mov x1, x20
    mov x2, x21
    bl __vg_start_main          /* does not return */
    brk #0x1
    .size _start, . - _start
