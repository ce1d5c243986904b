/* The heap behind picolibc's malloc: [__heap_start, VG_USER_MAP_BASE), from the page after the
 * program's .bss (linker/user.ld) to where the kernel starts placing hint-0 mappings. Pages are
 * mapped on demand at fixed addresses (vmm map with the exact hint), in steps of at least
 * HEAP_STEP to keep kernel calls rare. Shrinking keeps the pages (malloc reuses them). */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <vigil/mutex.h>
#include <vigil/vmm.h>

#define HEAP_STEP (64u * 1024u)

extern char __heap_start[];

static vg_mutex_t heap_lock = VG_MUTEX_INIT;
static uintptr_t heap_top;      /* the break; 0 until first use */
static uintptr_t heap_mapped;   /* end of the mapped part */

void *sbrk(ptrdiff_t incr)
{
    vg_mutex_lock(&heap_lock);
    if (!heap_top)
        heap_top = heap_mapped = (uintptr_t)__heap_start;
    uintptr_t old = heap_top;
    uintptr_t start = (uintptr_t)__heap_start, end = (uintptr_t)VG_USER_MAP_BASE;
    if (incr < 0 ? (uintptr_t)-incr > old - start : (uintptr_t)incr > end - old)
        goto fail;
    uintptr_t top = old + incr;
    if (top > heap_mapped) {
        uintptr_t want = (top - heap_mapped + VG_PAGE_SIZE - 1) & ~(uintptr_t)(VG_PAGE_SIZE - 1);
        if (want < HEAP_STEP)
            want = HEAP_STEP;
        if (want > end - heap_mapped)
            want = end - heap_mapped;
        if (vg_vmm_map((void *)heap_mapped, want, VG_PROT_READ | VG_PROT_WRITE, 0) != rcOk)
            goto fail;
        heap_mapped += want;
    }
    heap_top = top;
    vg_mutex_unlock(&heap_lock);
    return (void *)old;
fail:
    vg_mutex_unlock(&heap_lock);
    errno = ENOMEM;
    return (void *)-1;
}
