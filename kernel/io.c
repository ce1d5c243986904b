/* Devices for user-space drivers (kernel/io.h, docs/drivers.md). The devices are the device tree's
 * (struct platform's list, parsed at boot); the kernel keeps one holder per device region and per
 * device interrupt in two fixed tables indexed like that list. */
#include "io.h"
#include "arch.h"
#include "handle.h"
#include "kcache.h"
#include "kheap.h"
#include "pmem.h"
#include "machine.h"
#include "platform.h"
#include "process.h"
#include "string.h"
#include "thread.h"
#include "vm.h"
#include <vigil/core.h>
#include <vigil/vmm.h>

#define IO_MMIO_MAX 1024u /* regions and DMA buffers in the whole system */
#define IO_SPI_FIRST 32u /* SGIs and PPIs are private to a CPU: the kernel's (its timer among them) */

/* A device's region (KOBJ_MMIO) or a DMA buffer (KOBJ_DMA): pages of one process's, mapped once. */
struct io_mmio {
    struct kobject obj;            /* KOBJ_MMIO or KOBJ_DMA */
    struct process *owner;         /* the process whose table holds the one handle */
    unsigned dev;                  /* index in the platform's device list (KOBJ_MMIO) */
    uint64_t page, pages_size;     /* the region's whole pages; the buffer's frames */
    uint64_t va;                   /* where it is mapped in owner (0: not mapped) */
};

struct io_irq {
    struct kobject obj;            /* KOBJ_IRQ */
    unsigned dev;
    uint32_t intid;
    bool fired;                    /* fired since the last wait consumed it */
    bool masked;                   /* masked at the controller since it fired, until the ack */
    struct thread *waiter;         /* the one thread in io_irq_wait */
    struct wait_queue waiters;
};

static struct io_mmio *mmio_holder[PLATFORM_MAX_DEVICES];
static struct io_irq *irq_holder[PLATFORM_MAX_DEVICES];
static struct kcache mmio_cache, irq_cache;
static bool caches_ready;

static rc_t caches_init(void)
{
    if (caches_ready)
        return rcOk;
    rc_t rc = kcache_init(&mmio_cache, "io-mmio", sizeof(struct io_mmio), IO_MMIO_MAX, &kheap_pages);
    if (rc == rcOk)
        rc = kcache_init(&irq_cache, "io-irq", sizeof(struct io_irq), PLATFORM_MAX_DEVICES, &kheap_pages);
    caches_ready = rc == rcOk;
    return rc;
}

unsigned io_held_count(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < PLATFORM_MAX_DEVICES; i++)
        n += (mmio_holder[i] != 0) + (irq_holder[i] != 0);
    return n;
}

static bool has_compat(const struct platform_device *d, const char *name)
{
    for (uint32_t at = 0; at < d->compat_len;) {
        const char *s = d->compat + at;
        size_t n = strnlen(s, d->compat_len - at);
        if (strcmp(s, name) == 0)
            return true;
        at += (uint32_t)n + 1;
    }
    return false;
}

/* The device named `name`: the node of that name, else the first node compatible with it that
 * `held` does not hold (the first compatible one when all are held: it then reports rcBusy). */
static rc_t find(const struct platform *plat, const char *name, void *const *held, unsigned *out)
{
    int first = -1;
    for (unsigned i = 0; i < plat->device_count; i++) {
        if (strcmp(plat->devices[i].name, name) == 0) {
            *out = i;
            return rcOk;
        }
    }
    for (unsigned i = 0; i < plat->device_count; i++) {
        if (!has_compat(&plat->devices[i], name))
            continue;
        if (!held[i]) {
            *out = i;
            return rcOk;
        }
        if (first < 0)
            first = (int)i;
    }
    if (first < 0)
        return rcDeviceNotFound;
    *out = (unsigned)first;
    return rcOk;
}

static bool overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
    return asize && bsize && a < b + bsize && b < a + asize;
}

/* Whether [base, base+size) touches RAM / one of the kernel's own devices. */
static bool touches_ram(const struct platform *plat, uint64_t base, uint64_t size)
{
    for (unsigned i = 0; i < plat->mem_count; i++)
        if (overlap(base, size, plat->mem[i].base, plat->mem[i].size))
            return true;
    return false;
}

static bool touches_kernel(const struct platform *plat, uint64_t base, uint64_t size)
{
    if (overlap(base, size, plat->uart_base & ~(VM_PAGE - 1), plat->uart_size + (plat->uart_base % VM_PAGE)))
        return true;
    for (unsigned i = 0; i < plat->gic_region_count; i++)
        if (overlap(base, size, plat->gic_regions[i].base, plat->gic_regions[i].size))
            return true;
    return false;
}

/* A zeroed object of cache c with its header initialised (one reference, the caller's). */
static rc_t object_new(struct kcache *c, uint32_t type, kobject_destroy_fn destroy, struct kobject **out)
{
    rc_t rc = caches_init();
    if (rc != rcOk)
        return rc;
    struct kobject *o = kcache_alloc(c);
    if (!o)
        return rcOutOfMemory;
    if ((rc = kobject_init(o, type, destroy)) != rcOk) {
        kcache_free(c, o);
        return rc;
    }
    *out = o;
    return rcOk;
}

/* The device for an open: found by name, never the kernel's, never RAM. */
static rc_t device_for(const char *name, void *const *held, unsigned *i, const struct platform_device **d)
{
    const struct platform *plat = platform_get();
    rc_t rc = find(plat, name, held, i);
    if (rc != rcOk)
        return rc;
    *d = &plat->devices[*i];
    if ((*d)->flags & PLATFORM_DEV_KERNEL)
        return rcNoCapability;
    if (((*d)->flags & PLATFORM_DEV_RAM) || touches_ram(plat, (*d)->base, (*d)->size))
        return rcInvalidOperation;
    return rcOk;
}

static void mmio_destroyed(struct kobject *o)
{
    struct io_mmio *m = (struct io_mmio *)o;
    if (m->va)
        vm_unmap_device(&m->owner->vm, m->va, m->pages_size);
    if (o->type == KOBJ_DMA) {
        /* Unmapped first: no user mapping of the frames survives their return to the allocator. */
        pmem_free_contig(m->page, m->pages_size / VM_PAGE);
        m->owner->dma_frames -= m->pages_size / VM_PAGE;
    } else {
        mmio_holder[m->dev] = 0;
    }
    kcache_free(&mmio_cache, m);
}

rc_t io_mmio_open(struct process *p, const char *name, uint32_t *h, uint64_t *size)
{
    unsigned i;
    const struct platform_device *d;
    rc_t rc = device_for(name, (void *const *)mmio_holder, &i, &d);
    if (rc != rcOk)
        return rc;
    if (d->size == 0)
        return rcDeviceNotFound;
    uint64_t page = d->base & ~(VM_PAGE - 1), end = d->base + d->size;
    if (end < d->base || end + VM_PAGE - 1 < end || end + VM_PAGE - 1 > (1ull << 48))
        return rcInvalidArgument; /* a tree the kernel cannot map from */
    uint64_t pages_size = ((end + VM_PAGE - 1) & ~(VM_PAGE - 1)) - page;
    if (touches_kernel(platform_get(), page, pages_size))
        return rcNoCapability;
    if (mmio_holder[i])
        return rcBusy;
    /* Pages, not bytes: a held device sharing a page with this one would be exposed to its holder. */
    for (unsigned j = 0; j < PLATFORM_MAX_DEVICES; j++)
        if (mmio_holder[j] && overlap(page, pages_size, mmio_holder[j]->page, mmio_holder[j]->pages_size))
            return rcBusy;
    struct kobject *o;
    if ((rc = object_new(&mmio_cache, KOBJ_MMIO, mmio_destroyed, &o)) != rcOk)
        return rc;
    struct io_mmio *m = (struct io_mmio *)o;
    m->owner = p;
    m->dev = i;
    m->page = page;
    m->pages_size = pages_size;
    mmio_holder[i] = m; /* before install: a failed install destroys it through mmio_destroyed */
    rc = handle_install(&p->handles, &m->obj, 0, h); /* no rights: neither copied nor sent */
    kobject_unref(&m->obj);
    if (rc == rcOk)
        *size = d->size;
    return rc;
}

rc_t io_dma_alloc(struct process *p, uint64_t size, uint32_t *h, uint64_t *bus)
{
    uint64_t frames = (size + VM_PAGE - 1) / VM_PAGE;
    if (size == 0 || size > PROCESS_DMA_QUOTA_FRAMES * VM_PAGE)
        return size ? rcQuotaExceeded : rcInvalidArgument;
    if (p->dma_frames + frames > PROCESS_DMA_QUOTA_FRAMES)
        return rcQuotaExceeded;
    uint64_t pa;
    rc_t rc = pmem_alloc_contig(frames, 0, &pa);
    if (rc != rcOk)
        return rc;
    struct kobject *o;
    if ((rc = object_new(&mmio_cache, KOBJ_DMA, mmio_destroyed, &o)) != rcOk) {
        pmem_free_contig(pa, frames);
        return rc;
    }
    struct io_mmio *m = (struct io_mmio *)o;
    memset(phys_to_virt(pa), 0, frames * VM_PAGE); /* never another process's old data */
    m->owner = p;
    m->page = pa;
    m->pages_size = frames * VM_PAGE;
    p->dma_frames += frames; /* before install: a failed install gives them back through mmio_destroyed */
    rc = handle_install(&p->handles, &m->obj, 0, h);
    kobject_unref(&m->obj);
    if (rc == rcOk)
        *bus = pa; /* QEMU virt has no IOMMU: devices see physical addresses */
    return rc;
}

rc_t io_mmio_map(struct process *p, uint32_t h, unsigned prot, uint64_t *va)
{
    struct kobject *o;
    rc_t rc = handle_lookup(&p->handles, h, KOBJ_ANY, 0, &o, 0);
    /* A revoked handle is never one of ours either (they have no copies to revoke). */
    if (rc != rcOk || (o->type != KOBJ_MMIO && o->type != KOBJ_DMA))
        return rcInvalidArgument;
    struct io_mmio *m = (struct io_mmio *)o;
    if (prot != VG_PROT_READ && prot != (VG_PROT_READ | VG_PROT_WRITE))
        return rcInvalidArgument;
    if (m->va)
        return rcAlreadyExists;
    uint64_t at;
    /* Where vmm MAP with hint 0 would put it: above VG_USER_MAP_BASE, a guard page below. */
    if ((rc = vm_find_free(&p->vm, VG_USER_MAP_BASE, PROCESS_STACK_TOP - PROCESS_STACK_SIZE - VM_PAGE,
                           m->pages_size, VM_PAGE, &at)) != rcOk)
        return rc;
    bool dma = o->type == KOBJ_DMA;
    if ((rc = vm_map_device(&p->vm, at, m->page, m->pages_size, prot, dma)) != rcOk)
        return rc;
    m->va = at;
    *va = dma ? at : at + (platform_get()->devices[m->dev].base - m->page);
    return rcOk;
}

static void irq_fired(uint32_t intid, void *arg)
{
    struct io_irq *q = arg;
    /* Masked until the holder acknowledges: a level interrupt the device keeps asserting cannot
     * take the CPU from everything else meanwhile. */
    arch_irq_mask(intid);
    q->masked = true;
    q->fired = true;
    wait_queue_wake_all(&q->waiters);
}

static void irq_destroyed(struct kobject *o)
{
    struct io_irq *q = (struct io_irq *)o;
    arch_irq_unregister(q->intid);
    wait_queue_wake_all(&q->waiters); /* a waiter finds its handle gone (io_irq_wait) */
    irq_holder[q->dev] = 0;
    kcache_free(&irq_cache, q);
}

rc_t io_irq_open(struct process *p, const char *name, uint32_t *h, uint32_t *intid)
{
    unsigned i;
    const struct platform_device *d;
    rc_t rc = device_for(name, (void *const *)irq_holder, &i, &d);
    if (rc != rcOk)
        return rc;
    if (d->intid == 0)
        return rcDeviceNotFound;
    if (d->intid < IO_SPI_FIRST || d->intid == platform_get()->uart_intid)
        return rcNoCapability;
    for (unsigned j = 0; j < PLATFORM_MAX_DEVICES; j++)
        if (irq_holder[j] && irq_holder[j]->intid == d->intid)
            return rcBusy; /* a line shared by two nodes still has one holder */
    struct kobject *o;
    if ((rc = object_new(&irq_cache, KOBJ_IRQ, irq_destroyed, &o)) != rcOk)
        return rc;
    struct io_irq *q = (struct io_irq *)o;
    q->dev = i;
    q->intid = d->intid;
    irq_holder[i] = q;
    /* Enabled before the handle exists (an early firing is kept in q->fired); a failed install
     * destroys q, which unregisters it. */
    rc = arch_irq_register(q->intid, irq_fired, q);
    if (rc == rcOk)
        rc = handle_install(&p->handles, &q->obj, 0, h);
    if (rc == rcOk)
        *intid = q->intid;
    kobject_unref(&q->obj);
    return rc;
}

static rc_t irq_lookup(struct process *p, uint32_t h, struct io_irq **out)
{
    struct kobject *o;
    if (handle_lookup(&p->handles, h, KOBJ_IRQ, 0, &o, 0) != rcOk)
        return rcInvalidArgument; /* revoked included: an irq handle has no copies to revoke */
    *out = (struct io_irq *)o;
    return rcOk;
}

rc_t io_irq_wait(struct process *p, uint32_t h, uint64_t timeout_ns)
{
    struct io_irq *q;
    rc_t rc = irq_lookup(p, h, &q);
    if (rc != rcOk)
        return rc;
    uint64_t flags = arch_irq_save();
    if (!q->fired && timeout_ns && q->waiter)
        rc = rcBusy;
    else if (!q->fired && timeout_ns) {
        struct thread *self = thread_current();
        q->waiter = self;
        sched_block(&q->waiters, timeout_ns);
        /* The handle may have been closed meanwhile (by another thread): then q is gone. Its value
         * never names anything else (generations), so a successful lookup finds q itself. */
        if (irq_lookup(p, h, &q) != rcOk) {
            arch_irq_restore(flags);
            return rcNotConnected;
        }
        q->waiter = 0;
    }
    if (rc == rcOk) {
        rc = q->fired ? rcOk : rcTimeout;
        q->fired = false;
    }
    arch_irq_restore(flags);
    return rc;
}

rc_t io_irq_ack(struct process *p, uint32_t h)
{
    struct io_irq *q;
    rc_t rc = irq_lookup(p, h, &q);
    if (rc != rcOk)
        return rc;
    if (!q->masked)
        return rcInvalidOperation;
    q->masked = false;
    arch_irq_unmask(q->intid);
    return rcOk;
}
