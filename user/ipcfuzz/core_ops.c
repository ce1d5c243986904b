/* Random kernel-endpoint calls on VG_CORE_HANDLE. Arguments are drawn per method so that the call
 * can never end or park the fuzzer (no thread/task EXIT, short sleeps and timeouts, no START of a real
 * program, no THREAD CREATE with a runnable entry, UNMAP/PROTECT only in the chaos pages or its own
 * mappings); within that, every argument is random. One call in six has its message structure damaged
 * (header, unused arguments or strings, segments outside the arena, buffers), which must be refused
 * before the method runs. The method's code must be one the kernel documents for that method. */
#include <string.h>
#include "fuzz.h"

struct creq {
    struct vg_core_req q;
    uint32_t arena_len;
    int broken; /* the structure is damaged: Call must not return rcOk */
};

static uint64_t rand_pid(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    static const uint64_t odd[] = {0, 1, 2, 3, 0xffffffffull, 0x100000001ull, UINT64_MAX};
    return rng_chance(r, 50) ? rng_below(r, 70) : odd[rng_below(r, sizeof odd / sizeof odd[0])];
}

static uint64_t chaos_page(struct fuzz_thread *t, unsigned *first)
{
    *first = SANDBOX_STABLE + rng_below(&t->rng, SANDBOX_PAGES - SANDBOX_STABLE);
    return SANDBOX + (uint64_t)*first * PAGE;
}

static uint64_t bad_addr(struct fuzz_thread *t)
{
    static const uint64_t odd[] = {0, 8, 0xfff0, SANDBOX + 3, SANDBOX + SANDBOX_STABLE * PAGE + 1, 0x8000000000ull,
                                   0x7ffffff000ull + 0x1000, 0xffff000040000000ull, UINT64_MAX & ~0xfffull};
    return odd[rng_below(&t->rng, sizeof odd / sizeof odd[0])];
}

static uint64_t rand_prot(struct fuzz_thread *t)
{
    return rng_chance(&t->rng, 80) ? rng_below(&t->rng, 8) : rng_next(&t->rng) & 0xff;
}

/* Where UNMAP and PROTECT may point: chaos pages, our own hint-0 mappings, or something invalid. */
static void vmm_range(struct fuzz_thread *t, uint64_t *addr, uint64_t *size, int *map_index)
{
    struct rng *r = &t->rng;
    unsigned first;
    *map_index = -1;
    unsigned k = rng_below(r, 10);
    if (k < 5) {
        *addr = chaos_page(t, &first);
        *size = (uint64_t)(1 + rng_below(r, SANDBOX_PAGES - first + (rng_chance(r, 20) ? 2 : 0))) * PAGE;
    } else if (k < 8 && t->nmaps) {
        *map_index = (int)rng_below(r, t->nmaps);
        *addr = t->maps[*map_index].addr;
        *size = t->maps[*map_index].size;
    } else {
        *addr = bad_addr(t);
        *size = rng_chance(r, 50) ? PAGE : rng_next(r);
    }
    if (rng_chance(r, 5))
        *size = rng_chance(r, 50) ? 0 : *size + 1;
}

static void put_string(struct creq *c, unsigned i, const char *s, uint32_t len, uint8_t *arena)
{
    memcpy(arena + c->arena_len, s, len);
    c->q.str[i] = (struct vg_arena_ptr){c->arena_len, len};
    c->arena_len += len;
}

static void rand_name(struct fuzz_thread *t, struct creq *c, unsigned i, uint8_t *arena, int real)
{
    struct rng *r = &t->rng;
    static const char *const real_names[] = {"ab", "ba", "c1", "c2", "c3"};
    char s[64];
    uint32_t len;
    if (real && rng_chance(r, 60)) {
        const char *n = real_names[rng_below(r, 5)];
        len = (uint32_t)strlen(n) + 1;
        memcpy(s, n, len);
    } else {
        /* Never the name of a ROMFS program: those all start with an upper-case letter. */
        len = rng_below(r, 60);
        for (uint32_t j = 0; j < len; j++)
            s[j] = (char)(rng_chance(r, 95) ? 'a' + rng_below(r, 26) : rng_below(r, 256));
        if (len && rng_chance(r, 85))
            s[len - 1] = 0;
        if (len && (uint8_t)s[0] < 'a')
            s[0] = 'z';
    }
    put_string(c, i, s, len, arena);
}

/* The method's arguments. Returns 0 when the method must not be called (EXIT). */
static int method_args(struct fuzz_thread *t, unsigned riid, unsigned mid, struct creq *c)
{
    struct rng *r = &t->rng;
    uint64_t *a = c->q.arg;
    unsigned first;
    int mi;
    switch (riid * 16 + mid) {
    case VG_CORE_THREAD * 16 + VG_THREAD_CREATE: {
        static const uint64_t entries[] = {0, 4, 0x8000000000ull, 0xffff000000080000ull};
        a[0] = rng_chance(r, 50) ? entries[rng_below(r, 4)] : ((uint64_t)(uintptr_t)&method_args | (1 + rng_below(r, 3)));
        a[1] = rng_next(r);
        a[2] = rng_chance(r, 50) ? SANDBOX + 4 * PAGE : rng_next(r);
        a[3] = rng_below(r, 40);
        return 1;
    }
    case VG_CORE_THREAD * 16 + VG_THREAD_JOIN:
        a[0] = rng_chance(r, 50) ? rng_below(r, 40) : rng_next(r);
        a[1] = rng_below(r, 50000);
        return 1;
    case VG_CORE_THREAD * 16 + VG_THREAD_SLEEP:
        a[0] = rng_below(r, 50000);
        return 1;
    case VG_CORE_THREAD * 16 + VG_THREAD_SET_PRIORITY:
        a[0] = rng_chance(r, 50) ? 0 : rng_chance(r, 80) ? rng_below(r, 40) : rng_next(r);
        a[1] = rng_chance(r, 85) ? 10 + rng_below(r, 11) : rng_chance(r, 50) ? 32 + rng_below(r, 100) : rng_next(r);
        return 1;
    case VG_CORE_THREAD * 16 + VG_THREAD_YIELD:
    case VG_CORE_THREAD * 16 + VG_THREAD_SELF:
        return 1;
    case VG_CORE_TASK * 16 + VG_TASK_START: {
        uint8_t *arena = t->arena_tx;
        rand_name(t, c, 0, arena, 0);
        a[0] = rng_below(r, 4);
        a[1] = rng_below(r, 3);
        a[2] = rng_chance(r, 70) ? rng_below(r, 2) : rng_next(r);
        uint32_t len = rng_below(r, 24);
        char list[24];
        for (uint32_t j = 0; j < len; j++)
            list[j] = rng_chance(r, 30) ? 0 : (char)('a' + rng_below(r, 26));
        put_string(c, 1, list, len, arena);
        return 1;
    }
    case VG_CORE_TASK * 16 + VG_TASK_WAIT:
        a[0] = rand_pid(t);
        a[1] = rng_below(r, 50000);
        return 1;
    case VG_CORE_TASK * 16 + VG_TASK_KILL:
    case VG_CORE_TASK * 16 + VG_TASK_INFO:
    case VG_CORE_TASK * 16 + VG_TASK_RESUME:
        a[0] = rand_pid(t);
        return 1;
    case VG_CORE_VMM * 16 + VG_VMM_MAP: {
        unsigned k = rng_below(r, 10);
        if (k < 4) {
            a[0] = 0;
            a[1] = rng_chance(r, 90) ? (1 + rng_below(r, 3)) * PAGE - rng_below(r, 2) : rng_next(r) & 0xffffffffffull;
        } else if (k < 8) {
            a[0] = chaos_page(t, &first);
            a[1] = (uint64_t)(1 + rng_below(r, SANDBOX_PAGES - first + 1)) * PAGE;
        } else {
            a[0] = rng_chance(r, 50) ? SANDBOX + rng_below(r, SANDBOX_STABLE) * PAGE : bad_addr(t);
            a[1] = rng_chance(r, 50) ? PAGE : rng_next(r);
        }
        a[2] = rand_prot(t);
        return 1;
    }
    case VG_CORE_VMM * 16 + VG_VMM_UNMAP:
        vmm_range(t, &a[0], &a[1], &mi);
        return 1;
    case VG_CORE_VMM * 16 + VG_VMM_PROTECT:
        vmm_range(t, &a[0], &a[1], &mi);
        a[2] = rand_prot(t);
        return 1;
    case VG_CORE_SYNC * 16 + VG_SYNC_WAIT:
    case VG_CORE_SYNC * 16 + VG_SYNC_WAKE: {
        static const uint64_t where[] = {SANDBOX + 9 * PAGE, SANDBOX + 8 * PAGE + 12, SANDBOX + 2, 0, 0x8000000000ull,
                                         0xffff000040000000ull, SANDBOX + 15 * PAGE};
        uint64_t word = (uint64_t)(uintptr_t)&t->futex_word;
        a[0] = rng_chance(r, 60) ? word + (rng_chance(r, 10) ? 2 : 0) : where[rng_below(r, 7)];
        if (mid == VG_SYNC_WAKE) {
            a[1] = rng_chance(r, 80) ? rng_below(r, 4) : rng_next(r) & (rng_chance(r, 50) ? 0xffffffffull : ~0ull);
            return 1;
        }
        a[1] = rng_chance(r, 50) ? t->futex_word : rng_chance(r, 80) ? t->futex_word + 1 : rng_next(r);
        a[2] = rng_below(r, 50000);
        return 1;
    }
    case VG_CORE_TIME * 16 + VG_TIME_NOW:
    case VG_CORE_HAL * 16 + VG_HAL_MEM_INFO:
    case VG_CORE_HAL * 16 + VG_HAL_OBJECT_INFO:
        return 1;
    case VG_CORE_HAL * 16 + VG_HAL_DEBUG_WRITE: /* nothing on the console: the suite reads it */
        c->q.str[0] = (struct vg_arena_ptr){rng_below(r, 3), 0};
        c->arena_len = rng_below(r, 3);
        return 1;
    case VG_CORE_HANDLE_EP * 16 + VG_HANDLE_CLOSE:
    case VG_CORE_HANDLE_EP * 16 + VG_HANDLE_REVOKE: {
        vg_handle_t h = rng_chance(r, 60) ? pool_pick(t, &mi) : rand_handle(t);
        if (is_protected(h) && h != VG_CORE_HANDLE)
            h = rng_chance(r, 50) && t->ndead ? t->dead[rng_below(r, t->ndead)] : pool_pick(t, &mi);
        a[0] = is_protected(h) && h != VG_CORE_HANDLE ? 0 : h;
        if (rng_chance(r, 3))
            a[0] |= rng_next(r) << 32;
        return 1;
    }
    case VG_CORE_HANDLE_EP * 16 + VG_HANDLE_COPY:
        a[0] = rand_handle(t);
        a[1] = rand_rights(t);
        if (rng_chance(r, 3))
            a[rng_below(r, 2)] |= rng_next(r) << 32;
        return 1;
    case VG_CORE_IPC * 16 + VG_IPC_CREATE_CHANNEL:
        a[0] = rng_chance(r, 80) ? 0 : rand_pid(t);
        a[1] = rng_chance(r, 80) ? 0 : rand_pid(t);
        rand_name(t, c, 0, t->arena_tx, 1);
        return 1;
    case VG_CORE_IPC * 16 + VG_IPC_CONNECT:
    case VG_CORE_IPC * 16 + VG_IPC_REGISTER:
        rand_name(t, c, 0, t->arena_tx, 1);
        return 1;
    case VG_CORE_IPC * 16 + VG_IPC_CREATE_SYNC:
        return 1;
    case VG_CORE_TASK * 16 + VG_TASK_GET_HANDLE:
        a[0] = rand_pid(t);
        return 1;
    case VG_CORE_NOTICE * 16 + VG_NOTICE_CREATE:
    case VG_CORE_NOTICE * 16 + VG_NOTICE_CREATE_USER_OBJECT:
    case VG_CORE_NOTICE * 16 + VG_NOTICE_CREATE_TIMER:
        return 1;
    case VG_CORE_NOTICE * 16 + VG_NOTICE_SUBSCRIBE:
    case VG_CORE_NOTICE * 16 + VG_NOTICE_UNSUBSCRIBE:
        a[0] = rng_chance(r, 70) ? pool_pick(t, &mi) : rand_handle(t);
        a[1] = rng_chance(r, 70) ? pool_pick(t, &mi) : rand_handle(t);
        if (mid == VG_NOTICE_SUBSCRIBE) {
            a[2] = rng_chance(r, 70) ? 1u << rng_below(r, 32) : rng_next(r) & (rng_chance(r, 80) ? 0xffffffffull : ~0ull);
            a[3] = rng_next(r);
        }
        return 1;
    case VG_CORE_NOTICE * 16 + VG_NOTICE_GET_EVENTS:
        a[0] = rng_chance(r, 70) ? pool_pick(t, &mi) : rand_handle(t);
        a[1] = rng_chance(r, 60) ? SANDBOX + rng_below(r, SANDBOX_PAGES) * PAGE + rng_below(r, 4) * 8 : bad_addr(t);
        a[2] = rng_chance(r, 80) ? 1 + rng_below(r, VG_NOTICE_EVENTS_MAX) : rng_next(r);
        a[3] = rng_below(r, 50000);
        return 1;
    case VG_CORE_NOTICE * 16 + VG_NOTICE_SET_OBJECT_EVENT:
        a[0] = rng_chance(r, 70) ? pool_pick(t, &mi) : rand_handle(t);
        a[1] = rng_chance(r, 70) ? 1u << (16 + rng_below(r, 16)) : rng_next(r) & 0xffffffffull;
        return 1;
    case VG_CORE_NOTICE * 16 + VG_NOTICE_ARM_TIMER:
        a[0] = rng_chance(r, 70) ? pool_pick(t, &mi) : rand_handle(t);
        a[1] = rng_chance(r, 10) ? ~0ull : rng_below(r, 2000000);
        a[2] = rng_chance(r, 70) ? 0 : 100000 + rng_below(r, 1000000);
        return 1;
    case VG_CORE_IPC * 16 + VG_IPC_SET_INTERRUPT:
    case VG_CORE_IPC * 16 + VG_IPC_CLEAR_INTERRUPT:
        a[0] = rng_chance(r, 40) ? proc.sync : rand_handle(t);
        return 1;
    case VG_CORE_IO * 16 + VG_IO_OPEN_MMIO:
    case VG_CORE_IO * 16 + VG_IO_OPEN_IRQ: {
        /* Real devices (the kernel's, RAM, free ones, by name and compatible) or random names. */
        static const char *const devices[] = {"pl031@9010000", "arm,pl031", "pl011@9000000", "intc@8000000",
                                              "memory@40000000", "timer", "virtio,mmio", "virtio_mmio@a000200"};
        if (rng_chance(r, 60)) {
            const char *n = devices[rng_below(r, 8)];
            put_string(c, 0, n, (uint32_t)strlen(n) + 1, t->arena_tx);
        } else {
            rand_name(t, c, 0, t->arena_tx, 0);
        }
        return 1;
    }
    case VG_CORE_IO * 16 + VG_IO_MAP_MMIO:
        a[0] = rng_chance(r, 60) ? pool_pick(t, &mi) : rand_handle(t);
        a[1] = rng_chance(r, 80) ? rng_below(r, 8) : rng_next(r);
        return 1;
    case VG_CORE_IO * 16 + VG_IO_WAIT_IRQ:
        a[0] = rng_chance(r, 60) ? pool_pick(t, &mi) : rand_handle(t);
        a[1] = rng_below(r, 50000);
        return 1;
    case VG_CORE_IO * 16 + VG_IO_ACK_IRQ:
        a[0] = rng_chance(r, 60) ? pool_pick(t, &mi) : rand_handle(t);
        return 1;
    case VG_CORE_IO * 16 + VG_IO_ALLOC_DMA:
        a[0] = rng_chance(r, 85) ? rng_below(r, 3 * PAGE) : rng_next(r);
        return 1;
    default: /* thread EXIT, task EXIT */
        return 0;
    }
}

static const uint8_t nargs[VG_CORE_RIID_COUNT][8] = {
    [VG_CORE_THREAD] = {4, 1, 2, 1, 0, 2, 0}, [VG_CORE_TASK] = {3, 1, 2, 1, 1, 1, 1}, [VG_CORE_VMM] = {3, 2, 3},
    [VG_CORE_SYNC] = {3, 2},                   [VG_CORE_TIME] = {0},                [VG_CORE_HAL] = {0, 0, 0},
    [VG_CORE_HANDLE_EP] = {1, 2, 1},           [VG_CORE_IPC] = {2, 0, 0, 0, 1, 1},
    [VG_CORE_NOTICE] = {0, 4, 2, 4, 2, 0, 0, 3},
    [VG_CORE_IO] = {0, 2, 0, 2, 1, 1},
};
static const uint8_t mids[VG_CORE_RIID_COUNT] = {7, 7, 3, 2, 1, 3, 3, 6, 8, 6};

/* Damage the structure in one place the check must catch before the method runs. */
static void break_structure(struct fuzz_thread *t, unsigned riid, unsigned mid, struct creq *c, uint32_t *data_size,
                            uint32_t *res_size)
{
    struct rng *r = &t->rng;
    struct vg_msg_hdr *h = &c->q.hdr;
    unsigned kind = rng_below(r, 10);
    c->broken = 1 + (int)kind;
    switch (kind) {
    case 0: h->size = rand_size(t, sizeof c->q, 4096); if (h->size == sizeof c->q) h->size++; break;
    case 1: h->flags = rng_chance(r, 50) ? VG_MSG_RESPONSE : VG_MSG_REQUEST | (1u << rng_below(r, 32)); if (h->flags == VG_MSG_REQUEST) h->flags = 0; break;
    case 2: h->ncaps = 1 + rng_below(r, 9); break;
    case 3: h->reserved = 1 + (uint32_t)rng_below(r, 1000); break;
    case 4: h->riid = (vg_iid_t)(VG_CORE_RIID_COUNT + rng_below(r, 1000)); break;
    case 5: h->mid = (vg_iid_t)(0x4000 + rng_below(r, 0xc000)); break; /* beyond any method count, new ones too */
    case 6:
        if (nargs[riid][mid] < 4) {
            c->q.arg[nargs[riid][mid] + rng_below(r, 4 - nargs[riid][mid])] = rng_next(r) | 1;
            break;
        }
        __attribute__((fallthrough)); /* every argument is used: damage a string instead */
    case 7:
        c->q.str[rng_below(r, 2)] = (struct vg_arena_ptr){(uint32_t)rng_next(r) | 0x10000u, 1 + rng_below(r, 100)};
        break;
    case 8: *data_size = rng_chance(r, 50) ? sizeof c->q - 1 - rng_below(r, 48) : sizeof c->q + 1 + rng_below(r, 100); break;
    default: *res_size = rng_below(r, sizeof(struct vg_core_res)); break;
    }
    (void)mid;
}

static void after(struct fuzz_thread *t, unsigned riid, unsigned mid, const struct creq *c, rc_t rc, uint64_t val[2])
{
    const uint64_t *a = c->q.arg;
    switch (riid * 16 + mid) {
    case VG_CORE_VMM * 16 + VG_VMM_MAP:
        if (a[0] == 0 && rc == rcOk) {
            if (t->nmaps == MAPS_MAX) { /* the oldest goes: the quota is not the point here */
                vg_vmm_unmap((void *)(uintptr_t)t->maps[0].addr, t->maps[0].size);
                memmove(&t->maps[0], &t->maps[1], sizeof t->maps[0] * (MAPS_MAX - 1));
                t->nmaps--;
            }
            t->maps[t->nmaps].addr = val[0];
            t->maps[t->nmaps++].size = (a[1] + PAGE - 1) & ~(uint64_t)(PAGE - 1);
        }
        break;
    case VG_CORE_VMM * 16 + VG_VMM_UNMAP:
        for (unsigned i = 0; rc == rcOk && i < t->nmaps; i++) {
            if (t->maps[i].addr == a[0]) {
                t->maps[i] = t->maps[--t->nmaps];
                break;
            }
        }
        break;
    case VG_CORE_HANDLE_EP * 16 + VG_HANDLE_CLOSE:
    case VG_CORE_HANDLE_EP * 16 + VG_HANDLE_REVOKE:
        if (a[0] == VG_CORE_HANDLE && rc != rcInvalidOperation)
            fuzz_violation(t, "closing or revoking VG_CORE_HANDLE returned %s, expected rcInvalidOperation", rc_name(rc));
        else if (a[0] <= UINT32_MAX && is_dead(t, a[0]) && rc != rcInvalidArgument)
            fuzz_violation(t, "closing or revoking the closed handle 0x%llx returned %s", (unsigned long long)a[0],
                           rc_name(rc));
        if (rc == rcOk)
            pool_closed(t, (vg_handle_t)a[0]);
        break;
    case VG_CORE_HANDLE_EP * 16 + VG_HANDLE_COPY:
        if (a[0] <= UINT32_MAX && is_dead(t, a[0]) && rc != rcInvalidArgument)
            fuzz_violation(t, "copying the closed handle 0x%llx returned %s", (unsigned long long)a[0], rc_name(rc));
        if (rc == rcOk)
            pool_add(t, (vg_handle_t)val[0]);
        break;
    case VG_CORE_IPC * 16 + VG_IPC_CREATE_CHANNEL:
        if (rc == rcOk) {
            pool_add(t, (vg_handle_t)val[0]);
            pool_add(t, (vg_handle_t)val[1]);
        }
        break;
    case VG_CORE_IPC * 16 + VG_IPC_CREATE_SYNC:
    case VG_CORE_NOTICE * 16 + VG_NOTICE_CREATE:
    case VG_CORE_NOTICE * 16 + VG_NOTICE_CREATE_USER_OBJECT:
    case VG_CORE_NOTICE * 16 + VG_NOTICE_CREATE_TIMER:
    case VG_CORE_IO * 16 + VG_IO_OPEN_MMIO:
    case VG_CORE_IO * 16 + VG_IO_OPEN_IRQ:
    case VG_CORE_IO * 16 + VG_IO_ALLOC_DMA:
        if (rc == rcOk)
            pool_add(t, (vg_handle_t)val[0]);
        break;
    case VG_CORE_THREAD * 16 + VG_THREAD_CREATE:
    case VG_CORE_TASK * 16 + VG_TASK_START:
        if (rc == rcOk)
            fuzz_violation(t, "%s with arguments that must be refused succeeded",
                           riid == VG_CORE_THREAD ? "thread CREATE" : "task START");
        break;
    }
}

void op_core(struct fuzz_thread *t)
{
    struct rng *r = &t->rng;
    static const uint8_t weight[VG_CORE_RIID_COUNT] = {3, 2, 3, 2, 1, 1, 4, 3, 3, 2}; /* out of 24 */
    unsigned riid = 0, w = rng_below(r, 24);
    while (w >= weight[riid])
        w -= weight[riid++];
    unsigned mid = rng_below(r, mids[riid]);
    struct creq c;
    memset(&c, 0, sizeof c);
    if (!method_args(t, riid, mid, &c)) { /* an EXIT: something harmless of the same endpoint instead */
        mid = riid == VG_CORE_THREAD ? VG_THREAD_YIELD : VG_TASK_INFO;
        method_args(t, riid, mid, &c);
    }
    c.q.hdr = (struct vg_msg_hdr){.size = sizeof c.q, .riid = (vg_iid_t)riid, .mid = (vg_iid_t)mid,
                                  .flags = VG_MSG_REQUEST, .arena_size = c.arena_len};
    uint32_t data_size = sizeof c.q, res_size = rng_chance(r, 80) ? sizeof(struct vg_core_res) : DATA_CAP - 64;
    if (rng_chance(r, 16))
        break_structure(t, riid, mid, &c, &data_size, &res_size);
    memcpy(t->req, &c.q, sizeof c.q);
    memset(t->res, 0, sizeof(struct vg_core_res));
    t->mb_a = (struct vg_msgbuf){t->req, data_size, c.arena_len, c.arena_len ? t->arena_tx : 0};
    t->mb_b = (struct vg_msgbuf){t->res, res_size, 0, 0};
    if (rng_chance(r, 4)) { /* a bad pointer somewhere: Call must fail with a fault code */
        unsigned kind = rng_below(r, 3);
        c.broken = 11 + (int)kind;
        switch (kind) {
        case 0: t->mb_a.data = (void *)(uintptr_t)(SANDBOX + 9 * PAGE + rng_below(r, 64)); break;
        case 1: t->mb_b.data = (void *)(uintptr_t)(SANDBOX + 8 * PAGE + rng_below(r, 64)); break;
        default:
            if (c.arena_len)
                t->mb_a.arena = (void *)(uintptr_t)0xffff000040000000ull;
            else
                t->mb_a.data = 0;
        }
    }
    rc_t rc = (rc_t)raw_svc(VG_SYS_CALL, VG_CORE_HANDLE, (uint64_t)(uintptr_t)&t->mb_a, (uint64_t)(uintptr_t)&t->mb_b,
                            rng_next(r), rng_next(r));
    fuzz_record(t, OP_CORE, rc);
    const struct vg_core_res *res = (const void *)t->res;
    if (!rc_documented_core_call(rc)) {
        fuzz_violation(t, "kernel call %u.%u returned %d (%s), not a documented code", riid, mid, rc, rc_name(rc));
    } else if (c.broken && rc == rcOk) {
        fuzz_violation(t, "kernel call %u.%u with a damaged message (kind %d: size %u flags 0x%x ncaps %u "
                       "reserved %u riid %u mid %u arena %u/%u str {%u,%u} {%u,%u} sizes %u/%u) returned rcOk "
                       "(method rc %s)", riid, mid, c.broken, c.q.hdr.size, c.q.hdr.flags, c.q.hdr.ncaps,
                       c.q.hdr.reserved, c.q.hdr.riid, c.q.hdr.mid, c.q.hdr.arena_size, t->mb_a.arena_size,
                       c.q.str[0].offset, c.q.str[0].size, c.q.str[1].offset, c.q.str[1].size, t->mb_a.data_size,
                       t->mb_b.data_size, rc_name(res->rc));
    } else if (rc == rcOk) {
        if (res->hdr.size != sizeof *res || res->hdr.flags != VG_MSG_RESPONSE || res->hdr.riid != riid ||
            res->hdr.mid != mid)
            fuzz_violation(t, "kernel call %u.%u: response header size %u flags 0x%x riid %u mid %u", riid, mid,
                           res->hdr.size, res->hdr.flags, res->hdr.riid, res->hdr.mid);
        else if (!rc_documented_method(riid, mid, res->rc))
            fuzz_violation(t, "kernel method %u.%u returned %d (%s), not documented for it", riid, mid, res->rc,
                           rc_name(res->rc));
        uint64_t val[2] = {res->val[0], res->val[1]};
        after(t, riid, mid, &c, res->rc, val);
    }
}

rc_t fuzz_close(struct fuzz_thread *t, vg_handle_t h)
{
    rc_t rc = vg_handle_close(h);
    fuzz_record(t, OP_CORE, rc);
    if (!rc_documented_method(VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, rc))
        fuzz_violation(t, "handle CLOSE 0x%x returned %s", h, rc_name(rc));
    if (rc == rcOk)
        pool_closed(t, h);
    return rc;
}
