/* The kernel's own symbol table, for fault reports and backtraces. tools/mksyms.sh generates the
 * table (a C file) from `nm -n -S` of the kernel: the kernel is linked once with an empty table, then
 * again with the table of the first link; the linker script puts section .ksyms after everything
 * else, so no code address moves between the two links. */
#ifndef VIGIL_KERNEL_KSYMS_H
#define VIGIL_KERNEL_KSYMS_H

#include <stdint.h>

struct ksym {
    uint64_t addr;
    uint32_t size;   /* 0: unknown, the symbol runs to the next one */
    uint32_t name;   /* offset into ksyms_names */
};

/* Defined by the generated file, sorted by address, in section .ksyms. */
extern const uint32_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];

/* The function containing addr and addr's offset in it, or NULL (offset untouched) when addr is
 * before the first symbol or past the end of the one before it. offset may be NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
