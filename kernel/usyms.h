/* User programs' symbol tables, for process fault reports. The build appends to every user program's
 * ELF a section .vigil.usyms (tools/mkusyms.sh, from nm and the DWARF line table decoded at build
 * time), text lines sorted by nothing in particular:
 *   f ADDR SIZE NAME     a function: hex address, hex size (0: unknown), name
 *   s INDEX PATH         a source file: decimal index, path as compiled (e.g. user/t_child/main.c)
 *   l ADDR INDEX LINE    code from hex ADDR on is at file INDEX, decimal LINE (0: no line)
 * The program's image lives in the ROMFS, which is part of the trusted kernel image, so the table is
 * trusted too; the reader still reads nothing outside the image, so a damaged one gives no names
 * rather than a kernel fault. No allocation: it runs in the fault path. */
#ifndef VIGIL_KERNEL_USYMS_H
#define VIGIL_KERNEL_USYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct usyms {
    const char *text;   /* the section's contents; NULL: the program has no table */
    size_t size;
};

/* The table of the ELF image (size bytes); t->text is NULL when there is none or the ELF is damaged. */
void usyms_find(const void *image, size_t size, struct usyms *t);

/* Describes addr as "NAME+0xOFF (PATH:LINE)" into buf (always terminated when n > 0), either part
 * left out when the table lacks it; "" when it knows nothing about addr. */
void usyms_describe(const struct usyms *t, uint64_t addr, char *buf, size_t n);

/* The start of the function containing addr, or false when the table names none there. */
bool usyms_function(const struct usyms *t, uint64_t addr, uint64_t *start);

#endif
