/* Loads a static AArch64 ELF executable (ET_EXEC, PT_LOAD segments on page boundaries, W^X) into a
 * process's memory. Every header and offset is checked against the image size: a malformed file is
 * rcInvalidArgument and leaves nothing mapped. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>
struct vm;

/* The ELF64 headers the kernel reads: loading (elf.c) and the symbol tables of fault reports (usyms.c). */
struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
};

rc_t elf_load(struct vm *vm, const void *image, size_t size, uint64_t *entry);
#endif
