/* Memory of the calling process (kl.core.Core vmm.VMM). Sizes are rounded up to whole pages; new
 * memory is zero. hint 0 lets the kernel choose an address at or above VG_USER_MAP_BASE, with an
 * unmapped guard page directly below the range that no other hint-0 mapping takes. A non-zero hint
 * is the exact address (rcAlreadyExists if any page there is mapped). prot: VG_PROT_* from
 * <vigil/core.h>; WRITE or EXEC imply READ; WRITE|EXEC together is refused (W^X). */
#ifndef VIGIL_VMM_H
#define VIGIL_VMM_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/core.h>
#include <vigil/rc.h>

#define VG_PAGE_SIZE 4096u
#define VG_USER_MAP_BASE 0x1000000000ull   /* 64 GiB: the heap grows below, hint-0 maps go above */

rc_t vg_vmm_map(void *hint, size_t size, unsigned prot, void **va);
rc_t vg_vmm_unmap(void *va, size_t size);
rc_t vg_vmm_protect(void *va, size_t size, unsigned prot);

#endif
