/* Where every library thread starts (lib/thread.c passes it as the entry of thread create). The
 * kernel enters with x0 = the struct vg_thread, sp = top of its stack, TPIDR_EL0 = 0; the first field
 * of struct vg_thread is the thread's TLS pointer, installed before any C code runs. */
    .text
    .global __vg_thread_entry
    .type __vg_thread_entry, %function
__vg_thread_entry:
    mov x29, xzr
    mov x30, xzr
    ldr x1, [x0]
    msr tpidr_el0, x1
    bl __vg_thread_main         /* does not return */
    brk #0x1
    .size __vg_thread_entry, . - __vg_thread_entry
