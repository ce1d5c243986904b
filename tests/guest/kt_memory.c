/* In-guest tests of the memory layer: frame and object allocation to exhaustion, kernel mappings and
 * their permissions. */
#include <stdint.h>
#include "kernel/ktest.h"
#include "kernel/arch.h"
#include "kernel/pmem.h"
#include "kernel/kheap.h"
#include "kernel/kmap.h"

static const uint64_t rodata_word = 0x5a5a5a5a5a5a5a5aull;
static uint64_t data_word = 1;
extern char _stack_guard[], _text_start[];

/* Every frame is allocated until rcOutOfMemory, chained through the frames themselves, then all freed. */
KTEST(pmem_alloc_until_exhausted_and_back)
{
    uint64_t before = pmem_free_frames(), count = 0, head = 0, pa;
    KTEST_CHECK(before > 0);
    while (pmem_alloc(&pa) == rcOk) {
        *(uint64_t *)phys_to_virt(pa) = head;
        head = pa;
        count++;
    }
    KTEST_EQ(count, before);
    KTEST_EQ(pmem_free_frames(), 0);
    KTEST_EQ(pmem_alloc(&pa), rcOutOfMemory);
    while (head) {
        uint64_t next = *(uint64_t *)phys_to_virt(head);
        KTEST_EQ(pmem_free(head), rcOk);
        head = next;
    }
    KTEST_EQ(pmem_free_frames(), before);
}

KTEST(pmem_double_free_rejected)
{
    uint64_t pa, before = pmem_free_frames();
    KTEST_EQ(pmem_alloc(&pa), rcOk);
    KTEST_EQ(pmem_free(pa), rcOk);
    KTEST_EQ(pmem_free(pa), rcInvalidArgument);
    KTEST_EQ(pmem_free(virt_to_phys(&data_word)), rcInvalidArgument); /* the kernel image is not RAM to free */
    KTEST_EQ(pmem_free_frames(), before);
}

struct obj {
    uint64_t payload[5];
};

KTEST(kcache_exhaustion_returns_null_and_recovers)
{
    static struct kcache cache;
    struct kcache *c = &cache;
    uint64_t frames = pmem_free_frames();
    KTEST_EQ(kcache_init(c, "ktest-obj", sizeof(struct obj), 100, &kheap_pages), rcOk);
    struct obj *objs[100];
    for (int i = 0; i < 100; i++) {
        objs[i] = kcache_alloc(c);
        KTEST_CHECK(objs[i] != 0);
        objs[i]->payload[0] = i;
    }
    KTEST_CHECK(kcache_alloc(c) == 0);
    KTEST_EQ(kcache_in_use(c), 100);
    for (int i = 0; i < 100; i++)
        KTEST_EQ(objs[i]->payload[0], i);
    for (int i = 0; i < 100; i++)
        KTEST_EQ(kcache_free(c, objs[i]), rcOk);
    KTEST_EQ(kcache_in_use(c), 0);
    KTEST_EQ(kcache_free(c, objs[0]), rcInvalidArgument); /* double free */
    KTEST_CHECK((objs[0] = kcache_alloc(c)) != 0);
    KTEST_EQ(kcache_free(c, objs[0]), rcOk);
    KTEST_EQ(pmem_free_frames(), frames);                /* every page went back */
}

KTEST(rodata_write_faults)
{
    uint64_t esr = 0;
    KTEST_EQ(arch_probe_write64((void *)&rodata_word, 1, &esr), rcTargetFault);
    KTEST_EQ((esr >> 26) & 0x3f, 0x25);       /* data abort from EL1 */
    KTEST_EQ((esr & 0x3c), 0x0c);             /* permission fault */
    KTEST_CHECK(esr & (1u << 6));             /* on a write */
    KTEST_EQ(rodata_word, 0x5a5a5a5a5a5a5a5aull);
}

KTEST(text_write_faults)
{
    uint64_t esr = 0, word;
    KTEST_EQ(arch_probe_read64(_text_start, &word, &esr), rcOk);
    KTEST_EQ(arch_probe_write64(_text_start, word, &esr), rcTargetFault);
    KTEST_EQ((esr & 0x3c), 0x0c);
}

KTEST(data_is_writable)
{
    uint64_t esr = 0;
    KTEST_EQ(arch_probe_write64(&data_word, 42, &esr), rcOk);
    KTEST_EQ(data_word, 42);
}

KTEST(stack_guard_page_unmapped)
{
    uint64_t esr = 0, v;
    KTEST_EQ(arch_probe_read64(_stack_guard, &v, &esr), rcSourceFault);
    KTEST_EQ((esr & 0x3c), 0x04);             /* translation fault */
}

KTEST(null_and_unmapped_faults)
{
    uint64_t esr = 0, v;
    KTEST_EQ(arch_probe_read64((void *)0, &v, &esr), rcSourceFault);
    KTEST_EQ(arch_probe_read64(phys_to_virt(0), &v, &esr), rcSourceFault); /* flash: not mapped */
}

KTEST(map_unmap_protect)
{
    uint64_t pa, esr = 0, v;
    KTEST_EQ(pmem_alloc(&pa), rcOk);
    void *va = 0;
    KTEST_EQ(kmap_map_frame(pa, KMAP_RW, &va), rcOk);
    KTEST_EQ(arch_probe_write64(va, 0x1234, &esr), rcOk);
    KTEST_EQ(arch_probe_read64(va, &v, &esr), rcOk);
    KTEST_EQ(v, 0x1234);
    KTEST_EQ(*(uint64_t *)phys_to_virt(pa), 0x1234); /* same frame through the linear map */
    KTEST_EQ(kmap_protect(va, KMAP_RO), rcOk);
    KTEST_EQ(arch_probe_write64(va, 1, &esr), rcTargetFault);
    KTEST_EQ(arch_probe_read64(va, &v, &esr), rcOk);
    KTEST_EQ(kmap_unmap(va), rcOk);
    KTEST_EQ(arch_probe_read64(va, &v, &esr), rcSourceFault);
    KTEST_EQ(kmap_unmap(va), rcInvalidArgument);
    KTEST_EQ(pmem_free(pa), rcOk);
}

KTEST(kernel_stack_has_guard_page)
{
    uint64_t top, esr = 0, v, frames = pmem_free_frames();
    KTEST_EQ(kstack_alloc(2, &top), rcOk);
    KTEST_EQ(arch_probe_write64((void *)(top - 8), 7, &esr), rcOk);
    KTEST_EQ(arch_probe_write64((void *)(top - 2 * 4096), 7, &esr), rcOk); /* lowest mapped word */
    KTEST_EQ(arch_probe_read64((void *)(top - 2 * 4096 - 8), &v, &esr), rcSourceFault);
    KTEST_EQ((esr & 0x3c), 0x04);
    KTEST_EQ(kstack_free(top, 2), rcOk);
    KTEST_EQ(arch_probe_read64((void *)(top - 8), &v, &esr), rcSourceFault);
    KTEST_EQ(pmem_free_frames(), frames);
}

KTEST(kmap_window_exhaustion_is_an_error)
{
    static uint64_t tops[160]; /* more than the window holds: 8192 pages / 65 */
    int n = 0;
    rc_t rc = rcOk;
    uint64_t frames = pmem_free_frames();
    while (n < 160 && (rc = kstack_alloc(64, &tops[n])) == rcOk)
        n++;
    KTEST_EQ(rc, rcOutOfMemory);
    KTEST_CHECK(n > 0);
    for (int i = 0; i < n; i++)
        KTEST_EQ(kstack_free(tops[i], 64), rcOk);
    KTEST_EQ(kstack_alloc(64, &tops[0]), rcOk);
    KTEST_EQ(kstack_free(tops[0], 64), rcOk);
    KTEST_EQ(pmem_free_frames(), frames);
}
