/* vmm.VMM: memory of the calling process. */
#include "core.h"
#include "../process.h"
#include <vigil/vmm.h>

static uint64_t pages(uint64_t size) { return (size + VM_PAGE - 1) & ~(VM_PAGE - 1); }

static rc_t map(const struct core_args *a, uint64_t val[2])
{
    struct vm *vm = &process_current()->vm;
    uint64_t hint = a->arg[0], size = pages(a->arg[1]);
    unsigned prot = (unsigned)a->arg[2];
    if (a->arg[1] == 0 || size < a->arg[1] || a->arg[2] > 7 || prot == 0 || (hint % VM_PAGE))
        return rcInvalidArgument;
    if (hint == 0) {
        /* Above VG_USER_MAP_BASE, below the main stack's guard page, with a guard page of its own. */
        rc_t rc = vm_find_free(vm, VG_USER_MAP_BASE, PROCESS_STACK_TOP - PROCESS_STACK_SIZE - VM_PAGE, size,
                               VM_PAGE, &hint);
        if (rc != rcOk)
            return rc;
    } else if (!core_user_range(hint, size)) {
        return rcInvalidArgument;
    }
    rc_t rc = vm_map_anon(vm, hint, size, prot);
    if (rc == rcOk)
        val[0] = hint;
    return rc;
}

static rc_t unmap(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    uint64_t size = pages(a->arg[1]);
    if (a->arg[1] == 0 || size < a->arg[1] || !core_user_range(a->arg[0], size))
        return rcInvalidArgument;
    rc_t rc = vm_unmap(&process_current()->vm, a->arg[0], size);
    return rc == rcResourceNotFound ? rcInvalidArgument : rc;
}

static rc_t protect(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    uint64_t size = pages(a->arg[1]);
    if (a->arg[1] == 0 || size < a->arg[1] || a->arg[2] > 7 || !core_user_range(a->arg[0], size))
        return rcInvalidArgument;
    rc_t rc = vm_protect(&process_current()->vm, a->arg[0], size, (unsigned)a->arg[2]);
    return rc == rcResourceNotFound ? rcInvalidArgument : rc;
}

static const struct core_method methods[] = {
    [VG_VMM_MAP] = {map, 3, 0, 0}, [VG_VMM_UNMAP] = {unmap, 2, 0, 0}, [VG_VMM_PROTECT] = {protect, 3, 0, 0},
};
const struct core_endpoint core_vmm_ep = {"vmm.VMM", methods, sizeof methods / sizeof methods[0]};
