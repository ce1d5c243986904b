#include "vm.h"
#include "arch.h"
#include "pmem.h"
#include "string.h"
#include <vigil/core.h>

static bool range_ok(uint64_t va, uint64_t size)
{
    return size && !(va % VM_PAGE) && !(size % VM_PAGE) && va + size > va && va + size <= ARCH_USER_TOP && va;
}

static bool prot_ok(unsigned prot)
{
    return (prot & 7) && !(prot & ~7u) && !((prot & VG_PROT_WRITE) && (prot & VG_PROT_EXEC));
}

rc_t vm_init(struct vm *vm, uint64_t quota_frames)
{
    memset(vm, 0, sizeof *vm);
    vm->narrowed = 1; /* never the 0 of a thread that has checked nothing yet */
    vm->quota_frames = quota_frames;
    uint64_t pa;
    rc_t rc = pmem_alloc(&pa);
    if (rc != rcOk)
        return rc;
    vm->region = phys_to_virt(pa);
    if ((rc = arch_aspace_create(&vm->as)) != rcOk) {
        pmem_free(pa);
        vm->region = 0;
    }
    return rc;
}

/* Index of the first region ending after va. */
static unsigned first_after(const struct vm *vm, uint64_t va)
{
    unsigned i = 0;
    while (i < vm->count && vm->region[i].va + vm->region[i].size <= va)
        i++;
    return i;
}

bool vm_range_allows(const struct vm *vm, uint64_t va, uint64_t n, unsigned prot)
{
    if (n == 0)
        return true;
    uint64_t end = va + n;
    if (end < va)
        return false;
    /* Regions are sorted and never overlap: walk the ones covering [va, end) and find no gap. */
    for (unsigned i = first_after(vm, va); i < vm->count && va < end; i++) {
        const struct vm_region *r = &vm->region[i];
        if (r->va > va || (r->prot & prot) != prot || r->device)
            return false;
        va = r->va + r->size;
    }
    return va >= end;
}

static bool overlaps(const struct vm *vm, uint64_t va, uint64_t size)
{
    unsigned i = first_after(vm, va);
    return i < vm->count && vm->region[i].va < va + size;
}

static void merge_around(struct vm *vm, unsigned i)
{
    if (vm->region[i].device)
        return; /* one region per device mapping: vm_unmap_device removes it whole */
    /* with the next */
    if (i + 1 < vm->count && vm->region[i].va + vm->region[i].size == vm->region[i + 1].va &&
        vm->region[i].prot == vm->region[i + 1].prot && !vm->region[i + 1].device) {
        vm->region[i].size += vm->region[i + 1].size;
        memmove(&vm->region[i + 1], &vm->region[i + 2], (vm->count - i - 2) * sizeof vm->region[0]);
        vm->count--;
    }
    /* with the previous */
    if (i > 0 && vm->region[i - 1].va + vm->region[i - 1].size == vm->region[i].va &&
        vm->region[i - 1].prot == vm->region[i].prot && !vm->region[i - 1].device) {
        vm->region[i - 1].size += vm->region[i].size;
        memmove(&vm->region[i], &vm->region[i + 1], (vm->count - i - 1) * sizeof vm->region[0]);
        vm->count--;
    }
}

static void free_pages(struct vm *vm, uint64_t va, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += VM_PAGE) {
        uint64_t pa;
        if (arch_aspace_lookup(vm->as, va + off, &pa, 0) == rcOk) {
            pmem_free(pa);
            vm->frames--;
        }
    }
    arch_aspace_unmap(vm->as, va, size);
}

rc_t vm_map_anon(struct vm *vm, uint64_t va, uint64_t size, unsigned prot)
{
    if (!range_ok(va, size) || !prot_ok(prot))
        return rcInvalidArgument;
    if (overlaps(vm, va, size))
        return rcAlreadyExists;
    uint64_t pages = size / VM_PAGE;
    if (vm->frames + pages > vm->quota_frames)
        return rcQuotaExceeded;
    if (vm->count == VM_MAX_REGIONS)
        return rcQuotaExceeded;
    for (uint64_t n = 0; n < pages; n++) {
        uint64_t pa;
        rc_t rc = pmem_alloc(&pa);
        if (rc == rcOk) {
            memset(phys_to_virt(pa), 0, VM_PAGE);
            rc = arch_aspace_map(vm->as, va + n * VM_PAGE, pa, VM_PAGE, prot);
            if (rc != rcOk)
                pmem_free(pa);
        }
        if (rc != rcOk) {
            free_pages(vm, va, n * VM_PAGE);
            return rc;
        }
        vm->frames++;
    }
    unsigned i = first_after(vm, va);
    memmove(&vm->region[i + 1], &vm->region[i], (vm->count - i) * sizeof vm->region[0]);
    vm->region[i] = (struct vm_region){va, size, prot, 0};
    vm->count++;
    merge_around(vm, i);
    return rcOk;
}

rc_t vm_map_device(struct vm *vm, uint64_t va, uint64_t pa, uint64_t size, unsigned prot, bool normal)
{
    if (!range_ok(va, size) || (pa % VM_PAGE) || (prot != VG_PROT_READ && prot != (VG_PROT_READ | VG_PROT_WRITE)))
        return rcInvalidArgument;
    if (overlaps(vm, va, size))
        return rcAlreadyExists;
    if (vm->count == VM_MAX_REGIONS)
        return rcQuotaExceeded;
    rc_t rc = normal ? arch_aspace_map(vm->as, va, pa, size, prot) : arch_aspace_map_device(vm->as, va, pa, size, prot);
    if (rc != rcOk)
        return rc;
    unsigned i = first_after(vm, va);
    memmove(&vm->region[i + 1], &vm->region[i], (vm->count - i) * sizeof vm->region[0]);
    vm->region[i] = (struct vm_region){va, size, prot, 1};
    vm->count++;
    return rcOk;
}

rc_t vm_unmap_device(struct vm *vm, uint64_t va, uint64_t size)
{
    unsigned i = first_after(vm, va);
    if (i >= vm->count || vm->region[i].va != va || vm->region[i].size != size || !vm->region[i].device)
        return rcResourceNotFound;
    vm->narrowed++;
    arch_aspace_unmap(vm->as, va, size);
    memmove(&vm->region[i], &vm->region[i + 1], (vm->count - i - 1) * sizeof vm->region[0]);
    vm->count--;
    return rcOk;
}

rc_t vm_find_free(const struct vm *vm, uint64_t from, uint64_t below, uint64_t size, uint64_t guard,
                  uint64_t *va)
{
    uint64_t cand = from;
    for (unsigned i = 0; i <= vm->count; i++) {
        uint64_t next = i < vm->count ? vm->region[i].va : below;
        if (i < vm->count && vm->region[i].va + vm->region[i].size <= from)
            continue;
        if (next > below)
            next = below;
        if (cand + guard + size <= next && cand + guard + size > cand) {
            *va = cand + guard;
            return rcOk;
        }
        if (i < vm->count)
            cand = vm->region[i].va + vm->region[i].size;
        if (cand >= below)
            break;
    }
    return rcOutOfMemory;
}

/* Splits regions so that va and va+size fall on region boundaries; fails (unchanged) when the range is
 * not entirely mapped or the table would overflow. Returns the index of the first region inside. */
static rc_t isolate(struct vm *vm, uint64_t va, uint64_t size, unsigned *first)
{
    if (!range_ok(va, size))
        return rcInvalidArgument;
    unsigned i = first_after(vm, va);
    uint64_t at = va;
    unsigned j = i;
    while (at < va + size) {
        if (j >= vm->count || vm->region[j].va > at)
            return rcResourceNotFound;
        if (vm->region[j].device)
            return rcInvalidOperation; /* only closing the device's handle unmaps it */
        at = vm->region[j].va + vm->region[j].size;
        j++;
    }
    unsigned extra = (vm->region[i].va < va) + (at > va + size);
    if (vm->count + extra > VM_MAX_REGIONS)
        return rcQuotaExceeded;
    if (vm->region[i].va < va) {
        struct vm_region r = vm->region[i];
        memmove(&vm->region[i + 1], &vm->region[i], (vm->count - i) * sizeof r);
        vm->count++;
        vm->region[i].size = va - r.va;
        vm->region[i + 1] = (struct vm_region){va, r.va + r.size - va, r.prot, 0};
        i++;
        j++;
    }
    unsigned last = j - 1;
    struct vm_region *l = &vm->region[last];
    if (l->va + l->size > va + size) {
        struct vm_region r = *l;
        memmove(&vm->region[last + 1], &vm->region[last], (vm->count - last) * sizeof r);
        vm->count++;
        vm->region[last].size = va + size - r.va;
        vm->region[last + 1] = (struct vm_region){va + size, r.va + r.size - (va + size), r.prot, 0};
    }
    *first = i;
    return rcOk;
}

rc_t vm_unmap(struct vm *vm, uint64_t va, uint64_t size)
{
    vm->narrowed++;
    unsigned i;
    rc_t rc = isolate(vm, va, size, &i);
    if (rc != rcOk)
        return rc;
    unsigned n = 0;
    while (i + n < vm->count && vm->region[i + n].va < va + size)
        n++;
    free_pages(vm, va, size);
    memmove(&vm->region[i], &vm->region[i + n], (vm->count - i - n) * sizeof vm->region[0]);
    vm->count -= n;
    return rcOk;
}

rc_t vm_protect(struct vm *vm, uint64_t va, uint64_t size, unsigned prot)
{
    vm->narrowed++;
    if (!prot_ok(prot))
        return rcInvalidArgument;
    unsigned i;
    rc_t rc = isolate(vm, va, size, &i);
    if (rc != rcOk)
        return rc;
    if ((rc = arch_aspace_protect(vm->as, va, size, prot)) != rcOk)
        return rc;
    for (unsigned j = i; j < vm->count && vm->region[j].va < va + size; j++)
        vm->region[j].prot = prot;
    for (unsigned j = vm->count; j-- > 0;)
        if (j < vm->count)
            merge_around(vm, j);
    return rcOk;
}

rc_t vm_write(struct vm *vm, uint64_t va, const void *src, uint64_t n)
{
    const uint8_t *s = src;
    while (n) {
        uint64_t pa;
        if (arch_aspace_lookup(vm->as, va & ~(VM_PAGE - 1), &pa, 0) != rcOk)
            return rcTargetFault;
        uint64_t off = va % VM_PAGE, chunk = VM_PAGE - off < n ? VM_PAGE - off : n;
        memcpy((uint8_t *)phys_to_virt(pa) + off, s, chunk);
        va += chunk;
        s += chunk;
        n -= chunk;
    }
    return rcOk;
}

void vm_destroy(struct vm *vm)
{
    for (unsigned i = 0; i < vm->count; i++)
        if (!vm->region[i].device) /* device pages are no frames; the tables go with the space */
            free_pages(vm, vm->region[i].va, vm->region[i].size);
    vm->count = 0;
    arch_aspace_destroy(vm->as);
    vm->as = 0;
    pmem_free(virt_to_phys(vm->region));
    vm->region = 0;
}
