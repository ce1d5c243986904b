#include "elf.h"
#include "vm.h"
#include "arch.h"
#include "string.h"
#include <vigil/core.h>

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define EM_AARCH64 183
#define ET_EXEC 2
#define ELF_MAX_SEGMENTS 16

static rc_t check(const struct elf64_ehdr *eh, size_t size)
{
    static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
    if (size < sizeof *eh || memcmp(eh->ident, magic, 4) || eh->ident[4] != 2 /* 64-bit */ ||
        eh->ident[5] != 1 /* little endian */ || eh->type != ET_EXEC || eh->machine != EM_AARCH64 ||
        eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0 || eh->phnum > ELF_MAX_SEGMENTS ||
        eh->phoff > size || size - eh->phoff < (uint64_t)eh->phnum * sizeof(struct elf64_phdr))
        return rcInvalidArgument;
    return rcOk;
}

rc_t elf_load(struct vm *vm, const void *image, size_t size, uint64_t *entry)
{
    const struct elf64_ehdr *eh = image;
    rc_t rc = check(eh, size);
    if (rc != rcOk)
        return rc;
    struct elf64_phdr ph[ELF_MAX_SEGMENTS];
    memcpy(ph, (const uint8_t *)image + eh->phoff, eh->phnum * sizeof ph[0]);
    bool entry_ok = false;
    for (unsigned i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        if (ph[i].filesz > ph[i].memsz || ph[i].offset > size || size - ph[i].offset < ph[i].filesz ||
            ph[i].vaddr % VM_PAGE || ph[i].memsz == 0 || ph[i].vaddr + ph[i].memsz < ph[i].vaddr ||
            ph[i].vaddr + ph[i].memsz > ARCH_USER_TOP || ((ph[i].flags & PF_W) && (ph[i].flags & PF_X)))
            return rcInvalidArgument;
        if ((ph[i].flags & PF_X) && eh->entry >= ph[i].vaddr && eh->entry < ph[i].vaddr + ph[i].memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return rcInvalidArgument;
    for (unsigned i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        unsigned prot = ((ph[i].flags & PF_R) ? VG_PROT_READ : 0) | ((ph[i].flags & PF_W) ? VG_PROT_WRITE : 0) |
                        ((ph[i].flags & PF_X) ? VG_PROT_EXEC : 0);
        uint64_t span = (ph[i].memsz + VM_PAGE - 1) & ~(VM_PAGE - 1);
        if ((rc = vm_map_anon(vm, ph[i].vaddr, span, prot ? prot : VG_PROT_READ)) != rcOk ||
            (rc = vm_write(vm, ph[i].vaddr, (const uint8_t *)image + ph[i].offset, ph[i].filesz)) != rcOk) {
            /* Undo what this image mapped so far. */
            for (unsigned j = 0; j <= i; j++)
                if (ph[j].type == PT_LOAD)
                    vm_unmap(vm, ph[j].vaddr, (ph[j].memsz + VM_PAGE - 1) & ~(VM_PAGE - 1));
            return rc == rcAlreadyExists ? rcInvalidArgument : rc;
        }
    }
    *entry = eh->entry;
    return rcOk;
}
