/* Loads a static AArch64 ELF executable (ET_EXEC, PT_LOAD segments on page boundaries, W^X) into a
 * process's memory. Every header and offset is checked against the image size: a malformed file is
 * rcInvalidArgument and leaves nothing mapped. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>
struct vm;
rc_t elf_load(struct vm *vm, const void *image, size_t size, uint64_t *entry);
#endif
