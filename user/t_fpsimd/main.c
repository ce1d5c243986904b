/* t_fpsimd (init of the user-fpsimd image): FP/SIMD state belongs to each thread. Threads at one
 * priority, preempted by the time slice, each hold their own values in all 32 vector registers and
 * their own FPCR/FPSR across long spins (fp_hold); compute in their own rounding modes and with NEON
 * vectors, yielding often, and must get results bit-identical to the ones computed alone; a new thread
 * starts with FPCR 0 whatever its creator's FPCR. */
#include <math.h>
#include <string.h>
#include "../t_common/ut.h"

/* uint64_t fp_hold(uint64_t seed, uint64_t iters, uint64_t fpcr, uint64_t fpsr, uint32_t *owner,
 *                  uint32_t id): sets v0..v31 to (seed + n*0x10001, ~that), FPCR and FPSR, stores id
 * to *owner, spins iters times, then compares. Returns a mask: bit n for register vn changed, bit 32
 * FPCR, bit 33 FPSR, bit 34 set when *owner changed meanwhile (another thread ran during the spin).
 * Saves and restores d8-d15 and FPCR (AAPCS64). */
uint64_t fp_hold(uint64_t seed, uint64_t iters, uint64_t fpcr, uint64_t fpsr, volatile uint32_t *owner,
                 uint32_t id);
__asm__(".text\n.global fp_hold\n.type fp_hold, %function\n.balign 4\nfp_hold:\n"
        "  stp d8, d9, [sp, #-80]!\n  stp d10, d11, [sp, #16]\n  stp d12, d13, [sp, #32]\n"
        "  stp d14, d15, [sp, #48]\n  mrs x9, fpcr\n  str x9, [sp, #64]\n"
        "  msr fpcr, x2\n  msr fpsr, x3\n  mov x10, x0\n  mov x16, #0x1\n  movk x16, #0x1, lsl #16\n"
        "  .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "  fmov d\\n, x10\n  mvn x11, x10\n  mov v\\n\\().d[1], x11\n  add x10, x10, x16\n"
        "  .endr\n"
        "  str w5, [x4]\n"
        "1: subs x1, x1, #1\n  b.ne 1b\n"
        "  mov x10, x0\n  mov x0, #0\n"
        "  .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "  fmov x11, d\\n\n  cmp x11, x10\n  cset x12, ne\n  mov x13, v\\n\\().d[1]\n  mvn x14, x10\n"
        "  cmp x13, x14\n  cset x15, ne\n  orr x12, x12, x15\n  lsl x12, x12, #\\n\n  orr x0, x0, x12\n"
        "  add x10, x10, x16\n"
        "  .endr\n"
        "  mrs x11, fpcr\n  cmp x11, x2\n  cset x12, ne\n  orr x0, x0, x12, lsl #32\n"
        "  mrs x11, fpsr\n  cmp x11, x3\n  cset x12, ne\n  orr x0, x0, x12, lsl #33\n"
        "  ldr w11, [x4]\n  cmp w11, w5\n  cset x12, ne\n  orr x0, x0, x12, lsl #34\n"
        "  ldr x9, [sp, #64]\n  msr fpcr, x9\n"
        "  ldp d14, d15, [sp, #48]\n  ldp d12, d13, [sp, #32]\n  ldp d10, d11, [sp, #16]\n"
        "  ldp d8, d9, [sp], #80\n  ret\n"
        ".size fp_hold, . - fp_hold\n");

static uint64_t get_fpcr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}

static void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" ::"r"(v));
}

#define RMODE(m) ((uint64_t)(m) << 22)   /* 0 nearest, 1 +inf, 2 -inf, 3 zero */
#define HOLDERS 4
#define HOLD_CALLS 6

static volatile uint32_t owner;
static volatile uint64_t hold_result[HOLDERS];
static volatile unsigned interleaved[HOLDERS];

static int holder(void *arg)
{
    int id = (int)(intptr_t)arg;
    uint64_t bad = 0;
    for (int i = 0; i < HOLD_CALLS; i++) {
        uint64_t seed = 0x0123456789abcdefull * (uint64_t)(id + 1) + (uint64_t)i;
        uint64_t fpcr = RMODE(id % 4) | ((uint64_t)(id & 1) << 25);
        uint64_t fpsr = (uint64_t)(0x9f & (0x11 << (id % 4))) | ((uint64_t)(id & 1) << 27);
        uint64_t r = fp_hold(seed, 20000000, fpcr, fpsr, &owner, (uint32_t)id + 1);
        bad |= r & 0x3ffffffffull;
        interleaved[id] += (unsigned)(r >> 34) & 1;
    }
    hold_result[id] = bad;
    return bad != 0;
}

/* sum of i/3 for i = 1..n in the current rounding mode; y > 0 yields every y steps. */
static double third_sum(int n, int y)
{
    volatile double three = 3.0;
    double acc = 0;
    for (int i = 1; i <= n; i++) {
        acc += (double)i / three;
        if (y && i % y == 0)
            vg_thread_yield();
    }
    return acc;
}

typedef uint32_t u32x4 __attribute__((vector_size(16)));

/* A NEON integer mix: exact, so every thread gets the same bits as the reference. */
static u32x4 vec_mix(uint32_t seed, int n, int y)
{
    u32x4 a = { seed, seed + 1, seed + 2, seed + 3 }, b = { 1, 3, 5, 7 };
    for (int i = 1; i <= n; i++) {
        a = a * (u32x4){ 1664525, 1664525, 1664525, 1664525 } + b;
        b ^= a >> 7;
        if (y && i % y == 0)
            vg_thread_yield();
    }
    return a + b;
}

static double ref_sum[4];
static u32x4 ref_vec[4];

static int computer(void *arg)
{
    int id = (int)(intptr_t)arg;
    if (get_fpcr() != 0)
        return 2;   /* a new thread starts with FPCR 0 */
    set_fpcr(RMODE(id));
    int bad = 0;
    for (int round = 0; round < 3; round++) {
        double s = third_sum(20000, 997 + id);
        u32x4 v = vec_mix(0x1000u * (uint32_t)id, 20000, 1009 + id);
        bad |= memcmp(&s, &ref_sum[id], sizeof s) != 0;
        bad |= memcmp(&v, &ref_vec[id], sizeof v) != 0;
        bad |= get_fpcr() != RMODE(id);
    }
    return bad;
}

int main(void)
{
    ut_known_bugs();
    vg_thread_t *t[HOLDERS];
    int created = 0, failed = 0;
    for (int i = 0; i < HOLDERS; i++)
        created += vg_thread_create(&t[i], holder, (void *)(intptr_t)i, VG_PRIORITY_NORMAL, 0) == rcOk;
    for (int i = 0; i < created; i++) {
        int code = 1;
        vg_thread_join(t[i], VG_INFINITE, &code);
        failed += code != 0;
    }
    unsigned inter = 0;
    for (int i = 0; i < HOLDERS; i++) {
        inter += interleaved[i];
        if (hold_result[i])
            printf("fp_hold thread %d: changed-register mask 0x%llx\n", i, (unsigned long long)hold_result[i]);
    }
    printf("fp_hold: %u of %d holds were interleaved with another thread\n", inter, HOLDERS * HOLD_CALLS);
    UT_EXPECT("fp_registers_per_thread", created == HOLDERS && failed == 0 && inter > 0,
              "%d threads, %d saw their v0-v31/FPCR/FPSR change, %u interleavings", created, failed, inter);

    /* References computed alone, each in its rounding mode; the modes really give different bits. */
    for (int m = 0; m < 4; m++) {
        set_fpcr(RMODE(m));
        ref_sum[m] = third_sum(20000, 0);
        ref_vec[m] = vec_mix(0x1000u * (uint32_t)m, 20000, 0);
    }
    set_fpcr(RMODE(3));   /* the creator's FPCR must not leak into new threads */
    /* (toward zero equals toward -inf on this positive sum) */
    int distinct = ref_sum[0] != ref_sum[1] && ref_sum[1] != ref_sum[2] && ref_sum[0] != ref_sum[2];
    vg_thread_t *c[4];
    int results[4] = { -1, -1, -1, -1 };
    created = 0;
    for (int i = 0; i < 4; i++)
        created += vg_thread_create(&c[i], computer, (void *)(intptr_t)i, VG_PRIORITY_NORMAL, 0) == rcOk;
    /* The main thread computes too, in its own mode, at the same time. */
    double mine = third_sum(20000, 1013);
    int main_ok = !memcmp(&mine, &ref_sum[3], sizeof mine) && get_fpcr() == RMODE(3);
    for (int i = 0; i < created; i++)
        vg_thread_join(c[i], VG_INFINITE, &results[i]);
    set_fpcr(0);
    int clean = 1, exact = main_ok;
    for (int i = 0; i < 4; i++) {
        clean &= results[i] != 2;
        exact &= results[i] == 0;
    }
    UT_EXPECT("fp_rounding_modes_distinct", distinct, "references %a %a %a %a", ref_sum[0], ref_sum[1], ref_sum[2],
              ref_sum[3]);
    UT_EXPECT("new_thread_fpcr_clean", created == 4 && clean, "a new thread inherited a non-zero FPCR");
    UT_EXPECT("fp_simd_exact_concurrent", created == 4 && exact, "results %d %d %d %d, main %s", results[0],
              results[1], results[2], results[3], main_ok ? "ok" : "wrong");

    printf("t_fpsimd: %d failed\n", check_failures);
    return check_failures;
}
