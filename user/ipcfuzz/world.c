/* What the fuzzer draws its arguments from: the sandbox pages, pointers of every kind (valid, NULL,
 * unmapped, kernel, unaligned, straddling a page boundary or the top of the user range, read-only),
 * sizes, timeouts, rights and handle values (its own real handles, closed and forged ones). */
#include <string.h>
#include "fuzz.h"

struct fuzz_proc proc;

static rc_t map_at(uint64_t addr, uint64_t size, uint64_t prot)
{
    uint64_t val[2];
    return vg_core_call4(VG_CORE_VMM, VG_VMM_MAP, addr, size, prot, 0, val);
}

rc_t world_setup(void)
{
    rc_t rc = map_at(SANDBOX, SANDBOX_STABLE * PAGE, VG_PROT_READ | VG_PROT_WRITE);
    if (rc == rcOk)
        rc = map_at(SANDBOX + SANDBOX_STABLE * PAGE, 3 * PAGE, VG_PROT_READ | VG_PROT_WRITE);
    return rc;
}

/* Copies of a valid message at the start, the middle and across the end of every stable page; then
 * page 8 becomes read-only and page 9 inaccessible. */
void world_fill_sandbox(const void *msg, uint32_t size)
{
    uint8_t *s = (uint8_t *)(uintptr_t)SANDBOX;
    for (unsigned p = 0; p < SANDBOX_STABLE; p++) {
        memcpy(s + p * PAGE, msg, size);
        memcpy(s + p * PAGE + PAGE / 2 + 4, msg, size);
        if (p + 1 < SANDBOX_STABLE)
            memcpy(s + (p + 1) * PAGE - size / 2, msg, size);
    }
    vg_vmm_protect(s + 8 * PAGE, PAGE, VG_PROT_READ);
    vg_vmm_protect(s + 9 * PAGE, PAGE, 0);
}

uint64_t rand_ptr(struct fuzz_thread *t, const void *valid)
{
    struct rng *r = &t->rng;
    uint64_t v = (uint64_t)(uintptr_t)valid;
    if (t->clean)
        return v;
    switch (rng_below(r, 20)) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9:
        return v;
    case 10:
        return v + 1 + rng_below(r, 7);                                      /* unaligned, inside the slack */
    case 11:
        return 0;
    case 12:
        return SANDBOX + rng_below(r, SANDBOX_PAGES * PAGE);                 /* any sandbox page */
    case 13:
        return SANDBOX + (1 + rng_below(r, SANDBOX_PAGES)) * PAGE - 1 - rng_below(r, 48); /* across a page end */
    case 14:
        return SANDBOX + 8 * PAGE + rng_below(r, 2 * PAGE);                  /* read-only or inaccessible */
    case 15:
        return rng_chance(r, 50) ? 0xffff000000000000ull | (rng_next(r) & 0x0000fffffffffff8ull)
                                 : 0xffff800040000000ull + rng_below(r, 1u << 20);   /* kernel */
    case 16:
        return rng_chance(r, 50) ? rng_below(r, 0x10000)                     /* below the user range */
                                 : 0x8000000000ull - rng_below(r, 64);       /* across the top */
    case 17:
        return (uint64_t)(uintptr_t)&rand_ptr & ~7ull;                       /* our own code: read-only */
    case 18:
        return 0x4000000000ull + (rng_next(r) & 0xfffffff0ull);             /* unmapped user memory */
    default:
        return rng_next(r);
    }
}

uint32_t rand_size(struct fuzz_thread *t, uint32_t right, uint32_t max)
{
    static const uint32_t odd[] = {1, 23, 24, 25, 47, 48, 72, 4095, 4096, 4097, 65535, 65536, 65537, 0x7fffffffu,
                                   0xffffffffu};
    struct rng *r = &t->rng;
    if (t->clean)
        return right;
    switch (rng_below(r, 12)) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6:
        return right;
    case 7:
        return 0;
    case 8:
        return right + rng_below(r, 9) - 4;
    case 9:
        return rng_below(r, max + 2);
    case 10:
        return odd[rng_below(r, sizeof odd / sizeof odd[0])];
    default:
        return (uint32_t)rng_next(r);
    }
}

/* Short: the fuzzer must keep moving, and a call nobody will answer waits this long. */
uint64_t rand_timeout(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    unsigned k = rng_below(r, 100);
    if (k < 30)
        return 0;
    if (k < 80)
        return rng_below(r, 50000);
    if (k < 97)
        return 50000 + rng_below(r, 450000);
    return 1000000 + rng_below(r, 1000000);
}

uint32_t rand_rights(struct fuzz_thread *t)
{
    static const uint32_t common[] = {
        0, VG_RIGHT_IPC_CLIENT, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER,
        VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER | VG_RIGHT_COPY,
        VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER | VG_RIGHT_COPY | VG_RIGHT_GET_SID, VG_RIGHT_TRANSFER,
        VG_RIGHT_IPC_SERVER, VG_RIGHT_IPC_LISTENER, VG_RIGHTS_ALL, VG_RIGHT_SPEC(3),
    };
    struct rng *r = &t->rng;
    return rng_chance(r, 85) ? common[rng_below(r, sizeof common / sizeof common[0])] : (uint32_t)rng_next(r);
}

int is_protected(vg_handle_t h)
{
    return h == VG_CORE_HANDLE || h == proc.client || h == proc.listener || h == proc.server || h == proc.sync;
}

int is_dead(const struct fuzz_thread *t, uint64_t h)
{
    for (unsigned i = 0; i < t->ndead; i++)
        if (t->dead[i] == h)
            return 1;
    return 0;
}

vg_handle_t pool_pick(struct fuzz_thread *t, int *index)
{
    if (!t->npool) {
        *index = -1;
        return proc.client;
    }
    *index = (int)rng_below(&t->rng, t->npool);
    return t->pool[*index];
}

vg_handle_t rand_handle(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    const vg_handle_t mine[] = {proc.client, proc.listener, proc.server, proc.sync};
    int i;
    switch (rng_below(r, 20)) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
        return pool_pick(t, &i);
    case 8: case 9: case 10: case 11:
        return mine[rng_below(r, 4)];
    case 12:
        return t->ndead ? t->dead[rng_below(r, t->ndead)] : 0;
    case 13:
        return VG_CORE_HANDLE;
    case 14:
        return pool_pick(t, &i) ^ (1u << (10 + rng_below(r, 22)));          /* another generation */
    case 15:
        return (pool_pick(t, &i) & 1023u) | ((uint32_t)rng_next(r) & ~1023u); /* forged generation */
    case 16:
        return rng_below(r, 1100);
    case 17:
        return (uint32_t)rng_next(r);
    case 18:
        return 0;
    default:
        return mine[rng_below(r, 4)] + 1;
    }
}

void pool_add(struct fuzz_thread *t, vg_handle_t h)
{
    if (h == VG_INVALID_HANDLE || is_protected(h))
        return;
    for (unsigned i = 0; i < t->npool; i++)
        if (t->pool[i] == h)
            return;
    if (t->npool == POOL_MAX) {
        int i;
        vg_handle_t old = pool_pick(t, &i);
        if (fuzz_close(t, old) != rcOk) /* closed elsewhere already: forget it */
            t->pool[i] = t->pool[--t->npool];
    }
    if (t->npool < POOL_MAX)
        t->pool[t->npool++] = h;
}

void pool_closed(struct fuzz_thread *t, vg_handle_t h)
{
    for (unsigned i = 0; i < t->npool; i++) {
        if (t->pool[i] == h) {
            t->pool[i] = t->pool[--t->npool];
            break;
        }
    }
    if (t->ndead < DEAD_MAX)
        t->dead[t->ndead++] = h;
    else
        t->dead[t->dead_next++ % DEAD_MAX] = h;
}
