/* kernel/kcache: objects from provider pages, limits, exhaustion, double free, leak accounting. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel/kcache.h"

struct provider {
    int budget;  /* pages it may still hand out */
    int out;     /* pages currently handed out */
    int misalign;
};

static void *get_page(void *ctx)
{
    struct provider *p = ctx;
    if (p->budget == 0)
        return NULL;
    char *page = aligned_alloc(2 * KCACHE_PAGE_SIZE, 2 * KCACHE_PAGE_SIZE);
    if (page == NULL)
        return NULL;
    memset(page, 0xa5, 2 * KCACHE_PAGE_SIZE); /* garbage, as a fresh frame may hold */
    p->budget--;
    p->out++;
    return p->misalign ? page + 8 : page;
}

static void put_page(void *ctx, void *page)
{
    struct provider *p = ctx;
    p->out--;
    p->budget++;
    free((void *)((uintptr_t)page & ~(uintptr_t)(2 * KCACHE_PAGE_SIZE - 1)));
}

#define PROVIDER(name, n)                                                            \
    struct provider name##_state = { (n), 0, 0 };                                    \
    struct kcache_pages name = { get_page, put_page, &name##_state }

TEST(kcache_init_rejects_bad_sizes)
{
    PROVIDER(pp, 10);
    struct kcache c;
    CHECK_EQ(kcache_init(&c, "zero", 0, 0, &pp), rcInvalidArgument);
    CHECK_EQ(kcache_init(&c, "huge", kcache_max_object() + 1, 0, &pp), rcInvalidArgument);
    struct kcache_pages broken = { get_page, NULL, &pp_state };
    CHECK_EQ(kcache_init(&c, "noput", 64, 0, &broken), rcInvalidArgument);
    CHECK_EQ(kcache_init(&c, "max", kcache_max_object(), 0, &pp), rcOk);
    void *a = kcache_alloc(&c), *b = kcache_alloc(&c);
    CHECK(a && b);
    CHECK_EQ(kcache_pages_held(&c), 2); /* one max-size object per page */
    CHECK_EQ(kcache_free(&c, a), rcOk);
    CHECK_EQ(kcache_free(&c, b), rcOk);
    CHECK_EQ(pp_state.out, 0);
}

TEST(kcache_objects_zeroed_aligned_distinct)
{
    PROVIDER(pp, 100);
    struct kcache c;
    CHECK_EQ(kcache_init(&c, "thread", 200, 0, &pp), rcOk);
    enum { N = 100 };
    unsigned char *obj[N];
    for (int i = 0; i < N; i++) {
        obj[i] = kcache_alloc(&c);
        CHECK(obj[i] != NULL);
        CHECK_EQ((uintptr_t)obj[i] % 16, 0);
        for (int b = 0; b < 200; b++)
            CHECK_EQ(obj[i][b], 0);
        memset(obj[i], i + 1, 200); /* ASan catches any write past a page */
    }
    for (int i = 0; i < N; i++)
        for (int b = 0; b < 200; b++)
            CHECK_EQ(obj[i][b], i + 1); /* no two objects overlap */
    CHECK_EQ(kcache_in_use(&c), N);
    for (int i = 0; i < N; i++)
        CHECK_EQ(kcache_free(&c, obj[i]), rcOk);
    CHECK_EQ(kcache_in_use(&c), 0);
    CHECK_EQ(kcache_pages_held(&c), 0);
    CHECK_EQ(pp_state.out, 0);
}

TEST(kcache_limit_and_provider_exhaustion)
{
    PROVIDER(pp, 2);
    struct kcache c;
    CHECK_EQ(kcache_init(&c, "chan", 1000, 5, &pp), rcOk); /* 3 per page after the header */
    void *o[6];
    for (int i = 0; i < 5; i++)
        CHECK((o[i] = kcache_alloc(&c)) != NULL);
    CHECK(kcache_alloc(&c) == NULL); /* limit */
    CHECK_EQ(kcache_in_use(&c), 5);
    CHECK_EQ(kcache_free(&c, o[4]), rcOk);
    CHECK((o[4] = kcache_alloc(&c)) != NULL);

    struct kcache d;
    CHECK_EQ(kcache_init(&d, "proc", 1000, 0, &pp), rcOk);
    CHECK(kcache_alloc(&d) == NULL); /* the provider's two pages are with c */
    CHECK_EQ(kcache_in_use(&d), 0);
    for (int i = 0; i < 5; i++)
        CHECK_EQ(kcache_free(&c, o[i]), rcOk);
    void *p = kcache_alloc(&d);
    CHECK(p != NULL); /* pages went back and are reusable */
    CHECK_EQ(kcache_free(&d, p), rcOk);
    CHECK_EQ(pp_state.out, 0);
}

TEST(kcache_double_free_and_foreign_pointers)
{
    PROVIDER(pp, 10);
    struct kcache c, d;
    CHECK_EQ(kcache_init(&c, "a", 48, 0, &pp), rcOk);
    CHECK_EQ(kcache_init(&d, "b", 48, 0, &pp), rcOk);
    char *x = kcache_alloc(&c), *y = kcache_alloc(&c), *z = kcache_alloc(&d);
    CHECK(x && y && z);
    CHECK_EQ(kcache_free(&c, NULL), rcInvalidArgument);
    CHECK_EQ(kcache_free(&c, x + 8), rcInvalidArgument);   /* middle of an object */
    CHECK_EQ(kcache_free(&c, z), rcInvalidArgument);       /* another cache's object */
    CHECK_EQ(kcache_free(&c, (char *)((uintptr_t)x & ~(uintptr_t)4095)), rcInvalidArgument); /* header */
    char *plain = aligned_alloc(4096, 4096);
    memset(plain, 0, 4096);
    CHECK_EQ(kcache_free(&c, plain + 64), rcInvalidArgument); /* not a slab at all */
    free(plain);
    CHECK_EQ(kcache_in_use(&c), 2);
    CHECK_EQ(kcache_free(&c, x), rcOk);
    CHECK_EQ(kcache_free(&c, x), rcInvalidArgument);       /* double free */
    CHECK_EQ(kcache_in_use(&c), 1);
    CHECK_EQ(kcache_free(&c, y), rcOk);
    CHECK_EQ(kcache_free(&d, z), rcOk);
    CHECK_EQ(pp_state.out, 0);
}

TEST(kcache_misaligned_provider_page_refused)
{
    PROVIDER(pp, 10);
    pp_state.misalign = 1;
    struct kcache c;
    CHECK_EQ(kcache_init(&c, "a", 64, 0, &pp), rcOk);
    CHECK(kcache_alloc(&c) == NULL);
    CHECK_EQ(pp_state.out, 0);
}

TEST(kcache_random_churn)
{
    PROVIDER(pp, 1000);
    struct kcache c;
    CHECK_EQ(kcache_init(&c, "churn", 72, 0, &pp), rcOk);
    enum { SLOTS = 500 };
    unsigned char *slot[SLOTS] = { 0 };
    size_t live = 0;
    srand(7);
    for (int step = 0; step < 20000; step++) {
        int i = rand() % SLOTS;
        if (slot[i]) {
            CHECK_EQ(slot[i][0], (unsigned char)i);
            CHECK_EQ(kcache_free(&c, slot[i]), rcOk);
            slot[i] = NULL;
            live--;
        } else {
            slot[i] = kcache_alloc(&c);
            CHECK(slot[i] != NULL);
            memset(slot[i], i, 72);
            live++;
        }
        CHECK_EQ(kcache_in_use(&c), live);
    }
    for (int i = 0; i < SLOTS; i++)
        if (slot[i])
            CHECK_EQ(kcache_free(&c, slot[i]), rcOk);
    CHECK_EQ(kcache_pages_held(&c), 0);
    CHECK_EQ(pp_state.out, 0);
}

/* The checking build: a write to a freed object is reported when the object is handed out again, with
 * the cache and the offset; objects never freed and objects left alone after their free are not. */
static const char *poison_cache;
static size_t poison_offset;
static int poison_reports;

static void poison_seen(const char *cache, size_t offset)
{
    poison_cache = cache;
    poison_offset = offset;
    poison_reports++;
}

TEST(kcache_poison_reports_write_after_free)
{
    PROVIDER(pages, 4);
    struct kcache c;
    CHECK_EQ(kcache_init(&c, "victim", 64, 0, &pages), rcOk);
    kcache_set_poison(poison_seen);
    poison_reports = 0;
    char *a = kcache_alloc(&c), *b = kcache_alloc(&c);
    CHECK(a && b);
    CHECK_EQ(poison_reports, 0);              /* fresh objects of a poisoned slab */
    CHECK_EQ((unsigned char)a[0], 0);         /* still handed out zeroed */
    CHECK_EQ(kcache_free(&c, b), rcOk);
    CHECK_EQ((unsigned char)b[10], KCACHE_POISON);
    char *b2 = kcache_alloc(&c);              /* freed and untouched: no report */
    CHECK(b2 == b);
    CHECK_EQ(poison_reports, 0);
    CHECK_EQ(kcache_free(&c, b2), rcOk);
    b2[40] = 1;                               /* the use after free */
    char *b3 = kcache_alloc(&c);
    CHECK(b3 == b);
    CHECK_EQ(poison_reports, 1);
    CHECK(poison_cache && strcmp(poison_cache, "victim") == 0);
    CHECK_EQ(poison_offset, 40);
    kcache_set_poison(NULL);
    CHECK_EQ(kcache_free(&c, a), rcOk);
    CHECK_EQ(kcache_free(&c, b3), rcOk);
    CHECK_EQ(pages_state.out, 0);
}

int main(void)
{
    RUN(kcache_init_rejects_bad_sizes);
    RUN(kcache_objects_zeroed_aligned_distinct);
    RUN(kcache_limit_and_provider_exhaustion);
    RUN(kcache_double_free_and_foreign_pointers);
    RUN(kcache_misaligned_provider_page_refused);
    RUN(kcache_random_churn);
    RUN(kcache_poison_reports_write_after_free);
    return check_summary();
}
