/* Fixed-size object allocator for kernel objects (threads, processes, channels, ...). A cache per
 * object type takes whole 4 KiB pages from a page provider (the kernel's: pmem + phys-to-virt) and
 * carves them into objects; a page goes back to the provider as soon as its last object is freed.
 * Objects come zeroed and 16-byte aligned. No locking: callers serialise. */
#ifndef VIGIL_KERNEL_KCACHE_H
#define VIGIL_KERNEL_KCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>

#define KCACHE_PAGE_SIZE 4096u

/* get: a 4 KiB-aligned, writable page (kernel VA) or NULL when none is left; put: takes it back. */
struct kcache_pages {
    void *(*get)(void *ctx);
    void (*put)(void *ctx, void *page);
    void *ctx;
};

struct kcache_slab;

struct kcache {
    const char *name;
    size_t obj_size;          /* rounded up to 16 */
    unsigned per_slab;
    size_t limit;             /* 0: no limit besides the provider */
    size_t in_use;
    size_t slabs;
    struct kcache_slab *partial; /* slabs with at least one free object */
    struct kcache_slab *full;
    const struct kcache_pages *pages;
};

/* Largest object a cache can hold (one page minus the slab header). */
size_t kcache_max_object(void);

/* rcInvalidArgument for obj_size 0 or > kcache_max_object(), or a provider without get/put. */
rc_t kcache_init(struct kcache *c, const char *name, size_t obj_size, size_t limit,
                 const struct kcache_pages *pages);

/* A zeroed object, or NULL when the limit is reached or the provider has no page. */
void *kcache_alloc(struct kcache *c);

/* rcInvalidArgument (and nothing changes) for NULL, a pointer this cache did not hand out, a pointer
 * into the middle of an object, or an object already freed. obj must point into mapped memory
 * (the slab header at the start of its page is read to check it). */
rc_t kcache_free(struct kcache *c, void *obj);

/* The checking build (tests): freed objects are filled with KCACHE_POISON and an allocation first
 * checks that its object still holds only that byte; report(cache name, offset) is called for the
 * first byte written after the free (a use-after-free, reported where it is found). NULL turns it off. */
#define KCACHE_POISON 0x6bu
void kcache_set_poison(void (*report)(const char *cache, size_t offset));

size_t kcache_in_use(const struct kcache *c);
/* Pages the cache currently holds from its provider. */
size_t kcache_pages_held(const struct kcache *c);

#endif
