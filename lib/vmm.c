/* The vmm.VMM methods (docs/core-endpoints.md). */
#include <vigil/core_call.h>
#include <vigil/vmm.h>

rc_t vg_vmm_map(void *hint, size_t size, unsigned prot, void **va)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_VMM, VG_VMM_MAP, (uintptr_t)hint, size, prot, 0, val);
    if (rc == rcOk && va)
        *va = (void *)(uintptr_t)val[0];
    return rc;
}

rc_t vg_vmm_unmap(void *va, size_t size)
{
    return vg_core_call4(VG_CORE_VMM, VG_VMM_UNMAP, (uintptr_t)va, size, 0, 0, 0);
}

rc_t vg_vmm_protect(void *va, size_t size, unsigned prot)
{
    return vg_core_call4(VG_CORE_VMM, VG_VMM_PROTECT, (uintptr_t)va, size, prot, 0, 0);
}
