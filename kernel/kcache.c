/* One slab = one page: a header, then per_slab objects. The header's bitmap (1 = in use) lets free
 * detect double frees and foreign pointers without trusting anything stored in the object itself. */
#include "kernel/kcache.h"

#define ALIGN       16u
#define MAX_OBJECTS (KCACHE_PAGE_SIZE / ALIGN)
#define SLAB_MAGIC  0x6b63616368654b53ull /* "SKehcack" */

struct kcache_slab {
    uint64_t magic;
    struct kcache *owner;
    struct kcache_slab *prev, *next;
    unsigned used;
    uint64_t bits[MAX_OBJECTS / 64];
};

#define HEADER_SIZE ((sizeof(struct kcache_slab) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

static void (*poison_report)(const char *cache, size_t offset);

void kcache_set_poison(void (*report)(const char *cache, size_t offset)) { poison_report = report; }

static void poison(struct kcache *c, char *obj)
{
    for (size_t b = 0; b < c->obj_size; b++)
        obj[b] = (char)KCACHE_POISON;
}

size_t kcache_max_object(void) { return KCACHE_PAGE_SIZE - HEADER_SIZE; }

rc_t kcache_init(struct kcache *c, const char *name, size_t obj_size, size_t limit,
                 const struct kcache_pages *pages)
{
    if (obj_size == 0 || obj_size > kcache_max_object() || pages == NULL || pages->get == NULL ||
        pages->put == NULL)
        return rcInvalidArgument;
    c->name = name;
    c->obj_size = (obj_size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    c->per_slab = (unsigned)((KCACHE_PAGE_SIZE - HEADER_SIZE) / c->obj_size);
    c->limit = limit;
    c->in_use = 0;
    c->slabs = 0;
    c->partial = c->full = NULL;
    c->pages = pages;
    return rcOk;
}

static void list_remove(struct kcache_slab **head, struct kcache_slab *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        *head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->prev = s->next = NULL;
}

static void list_push(struct kcache_slab **head, struct kcache_slab *s)
{
    s->prev = NULL;
    s->next = *head;
    if (*head)
        (*head)->prev = s;
    *head = s;
}

static char *object_at(struct kcache_slab *s, unsigned i)
{
    return (char *)s + HEADER_SIZE + (size_t)i * s->owner->obj_size;
}

static struct kcache_slab *new_slab(struct kcache *c)
{
    void *page = c->pages->get(c->pages->ctx);
    if (page == NULL)
        return NULL;
    if ((uintptr_t)page % KCACHE_PAGE_SIZE != 0) {
        /* A provider bug; refuse the page rather than corrupt a neighbour. */
        c->pages->put(c->pages->ctx, page);
        return NULL;
    }
    struct kcache_slab *s = page;
    s->magic = SLAB_MAGIC;
    s->owner = c;
    s->used = 0;
    for (unsigned w = 0; w < MAX_OBJECTS / 64; w++)
        s->bits[w] = 0;
    if (poison_report)
        for (unsigned i = 0; i < c->per_slab; i++)
            poison(c, object_at(s, i));
    list_push(&c->partial, s);
    c->slabs++;
    return s;
}

void *kcache_alloc(struct kcache *c)
{
    if (c->limit != 0 && c->in_use >= c->limit)
        return NULL;
    struct kcache_slab *s = c->partial;
    if (s == NULL && (s = new_slab(c)) == NULL)
        return NULL;
    unsigned i = 0;
    while (s->bits[i / 64] & (1ull << (i % 64)))
        i++; /* a partial slab has a clear bit below per_slab */
    s->bits[i / 64] |= 1ull << (i % 64);
    if (++s->used == c->per_slab) {
        list_remove(&c->partial, s);
        list_push(&c->full, s);
    }
    c->in_use++;
    char *obj = object_at(s, i);
    for (size_t b = 0; b < c->obj_size; b++) {
        if (poison_report && (unsigned char)obj[b] != KCACHE_POISON) {
            void (*report)(const char *, size_t) = poison_report;
            poison_report = NULL; /* once: the report may itself allocate */
            report(c->name, b);
        }
        obj[b] = 0;
    }
    return obj;
}

rc_t kcache_free(struct kcache *c, void *obj)
{
    if (obj == NULL)
        return rcInvalidArgument;
    uintptr_t p = (uintptr_t)obj;
    struct kcache_slab *s = (struct kcache_slab *)(p & ~(uintptr_t)(KCACHE_PAGE_SIZE - 1));
    uintptr_t off = p - (uintptr_t)s;
    /* Checking the offset first keeps a pointer into a page header from being read as an object. */
    if (off < HEADER_SIZE || (off - HEADER_SIZE) % c->obj_size != 0)
        return rcInvalidArgument;
    unsigned i = (unsigned)((off - HEADER_SIZE) / c->obj_size);
    if (i >= c->per_slab || s->magic != SLAB_MAGIC || s->owner != c)
        return rcInvalidArgument;
    if (!(s->bits[i / 64] & (1ull << (i % 64))))
        return rcInvalidArgument; /* double free */
    s->bits[i / 64] &= ~(1ull << (i % 64));
    if (poison_report)
        poison(c, obj);
    if (s->used-- == c->per_slab) {
        list_remove(&c->full, s);
        list_push(&c->partial, s);
    }
    c->in_use--;
    if (s->used == 0) {
        list_remove(&c->partial, s);
        s->magic = 0;
        c->slabs--;
        c->pages->put(c->pages->ctx, s);
    }
    return rcOk;
}

size_t kcache_in_use(const struct kcache *c) { return c->in_use; }
size_t kcache_pages_held(const struct kcache *c) { return c->slabs; }
