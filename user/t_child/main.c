/* t_child: the child process of the in-guest process tests (t_faults, t_isolation, t_sched, t_quota,
 * t_badinput). argv[1] names what it does:
 *   fault modes (null, unmapped, kernel-read, write-text, ...): hold some memory and a blocked thread,
 *     print "t_child: fault <mode>" and commit that fault; exit 99 if the fault did not happen;
 *   owner HINT PATTERN: map page HINT, fill it (and g_word) from PATTERN, then check it every ms until
 *     killed (exit 1 if it ever changed, 2 if not killed within 20 s);
 *   reader HINT PATTERN: read g_word and page HINT: exit 3 if it sees PATTERN (another process's data),
 *     4 if the unmapped page read as anything; expected to fault;
 *   reader-own HINT PATTERN: map page HINT itself with ~PATTERN: exit 0 if it always reads its own data;
 *   same-va PATTERN HINT: g_word and page HINT hold PATTERN; exit 0 if they still do after many switches;
 *   blocked-exit / blocked-kill: threads blocked in futex wait, sleep, join, mutex; one thread ends the
 *     process with vg_task_exit(7) (blocked-exit) or the parent kills it (blocked-kill);
 *   last-thread: the main thread exits first, the last thread with 9;
 *   hog: map 1 MiB at a time until an error: rcQuotaExceeded -> keep it all and block until killed;
 *     rcOutOfMemory -> exit 2; anything else -> exit 3;
 *   block: block forever (until killed);  exit N: exit with N;
 *   bad-task-exit: task EXIT(13) with a non-zero unused argument: exit 0 if refused with
 *     rcInvalidArgument, 1 if refused otherwise (13 if the kernel took it);
 *   not-parent RUNNING SUSPENDED (decimal pids of two siblings, one blocked, one started suspended):
 *     wait for, kill and resume them, resume the parent, create channels for a sibling or the parent;
 *     each must give rcResourceNotFound (they are not this process's children): exit 0, else with a
 *     bit per call that did not;
 *   notice-busy kill|exit: threads waiting in notification receivers, a periodic timer armed; killed
 *     by the parent, or ended by one of its threads with vg_task_exit(6) (user/t_notice). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigil/vigil.h>

volatile uint64_t g_word = 0x5eed5eed5eed5eedull;
static uint32_t g_ret_insn[4] = { 0xd65f03c0, 0xd65f03c0, 0xd65f03c0, 0xd65f03c0 }; /* ret */
static const char g_rodata[64] = "read-only data of t_child";
static volatile uint32_t never;   /* futex word nobody wakes */

static void block_forever(void)
{
    for (;;)
        vg_futex_wait(&never, 0, VG_INFINITE);
}

static int blocker(void *arg)
{
    (void)arg;
    block_forever();
    return 0;
}

/* Memory and a blocked thread, so a fault has something to free. */
static void hold_resources(void)
{
    void *va;
    if (vg_vmm_map(0, 256 * 1024, VG_PROT_READ | VG_PROT_WRITE, &va) == rcOk)
        memset(va, 0xa5, 256 * 1024);
    char *heap = malloc(100 * 1024);
    if (heap)
        memset(heap, 0x5a, 100 * 1024);
    vg_thread_t *t;
    vg_thread_create(&t, blocker, 0, VG_PRIORITY_NORMAL, 0);
    vg_thread_yield();
}

static volatile int depth_limit = 1 << 30;   /* far below the guard page: never reached */

static int recurse(int depth)
{
    volatile char buf[512];
    buf[0] = (char)depth;
    buf[511] = (char)depth;
    if (depth >= depth_limit)
        return 0;
    return recurse(depth + 1) + buf[0] + buf[511];
}

static int recurse_thread(void *arg)
{
    (void)arg;
    return recurse(0);
}

typedef void (*fn_t)(void);

__attribute__((noinline)) void text_target(void) { __asm__ volatile(""); }

/* The fault whose report tests/suites/23-user-process.sh checks for this function's name and line and
 * for commit_fault as its caller. A leaf, so it builds no frame record: the caller comes from lr. */
static uint64_t *volatile null_ptr; /* 0, through a volatile so that the compiler cannot see the null */

__attribute__((noinline, noipa)) static void null_deref(void)
{
    (void)*(volatile uint64_t *)null_ptr; /* the null fault's line */
}

/* Corrupts x29 to fp, then loads from address 0: the kernel's backtrace of this fault follows a frame
 * pointer the program chose. In one asm statement so that nothing restores x29 before the fault. */
__attribute__((noinline, noipa)) static void hostile_fp(uint64_t fp)
{
    __asm__ volatile("mov x29, %0\n\tmov x0, #0\n\tldr x0, [x0]" : : "r"(fp) : "x0", "memory");
}

__attribute__((noinline, noipa)) static void commit_fault(const char *mode)
{
    printf("t_child: fault %s\n", mode);
    if (!strcmp(mode, "null")) {
        null_deref();
    } else if (!strncmp(mode, "fp-", 3)) {
        /* Two frame records that point at each other: a loop the backtrace must leave. */
        static uint64_t loop[4];
        loop[0] = (uint64_t)(uintptr_t)&loop[2];
        loop[1] = (uint64_t)(uintptr_t)text_target + 4;
        loop[2] = (uint64_t)(uintptr_t)&loop[0];
        loop[3] = (uint64_t)(uintptr_t)text_target + 4;
        hostile_fp(!strcmp(mode, "fp-kernel")     ? 0xffffff8040200000ull
                   : !strcmp(mode, "fp-unmapped") ? 0x7000000000ull
                   : !strcmp(mode, "fp-odd")      ? 0x400001ull
                                                  : (uint64_t)(uintptr_t)loop);
    } else if (!strcmp(mode, "unmapped")) {
        (void)*(volatile uint64_t *)0x7000000000ull;
    } else if (!strcmp(mode, "kernel-read")) {
        (void)*(volatile uint64_t *)0xffffff8040200000ull;
    } else if (!strcmp(mode, "kernel-write")) {
        *(volatile uint64_t *)0xffffff8040200000ull = 0;
    } else if (!strcmp(mode, "write-text")) {
        *(volatile uint32_t *)(uintptr_t)&text_target = 0xd503201f;
    } else if (!strcmp(mode, "write-rodata")) {
        *(volatile char *)(uintptr_t)g_rodata = 'X';
    } else if (!strcmp(mode, "exec-data")) {
        ((fn_t)(uintptr_t)g_ret_insn)();
    } else if (!strcmp(mode, "exec-heap")) {
        void *va;
        if (vg_vmm_map(0, 4096, VG_PROT_READ | VG_PROT_WRITE, &va) == rcOk) {
            memcpy(va, g_ret_insn, sizeof g_ret_insn);
            ((fn_t)va)();
        }
    } else if (!strcmp(mode, "exec-stack")) {
        uint32_t code[4];
        memcpy(code, g_ret_insn, sizeof code);
        ((fn_t)(uintptr_t)code)();
    } else if (!strcmp(mode, "udf")) {
        __asm__ volatile("udf #0");
    } else if (!strcmp(mode, "align")) {
        uint64_t v, p = (uintptr_t)&g_word + 1;
        __asm__ volatile("ldaxr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    } else if (!strcmp(mode, "stack")) {
        recurse(0);
    } else if (!strcmp(mode, "thread-stack")) {
        vg_thread_t *t;
        if (vg_thread_create(&t, recurse_thread, 0, VG_PRIORITY_NORMAL, 16 * 1024) == rcOk)
            vg_thread_join(t, VG_INFINITE, 0);
    } else if (!strcmp(mode, "svc1")) {
        __asm__ volatile("mov x8, #0\n svc #1" ::: "x0", "x8", "memory");
    } else if (!strcmp(mode, "badsys")) {
        __asm__ volatile("mov x8, #99\n mov x0, #1\n svc #0" ::: "x0", "x8", "memory");
    } else if (!strcmp(mode, "hvc")) {
        __asm__ volatile("hvc #0" ::: "memory");
    } else if (!strcmp(mode, "smc")) {
        __asm__ volatile("smc #0" ::: "memory");
    } else if (!strcmp(mode, "brk")) {
        __asm__ volatile("brk #0" ::: "memory");
    } else if (!strcmp(mode, "sysreg")) {
        uint64_t v;
        __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v)::"memory");
    } else if (!strcmp(mode, "prot-none")) {
        void *va;
        rc_t rc = vg_vmm_map(0, 4096, VG_PROT_READ | VG_PROT_WRITE, &va);
        if (rc == rcOk && (rc = vg_vmm_protect(va, 4096, 0)) == rcOk)
            (void)*(volatile uint64_t *)va;
        printf("t_child: map/protect(0): %s\n", rc_name(rc));
    } else if (!strcmp(mode, "use-after-unmap")) {
        void *va;
        if (vg_vmm_map(0, 4096, VG_PROT_READ | VG_PROT_WRITE, &va) == rcOk) {
            *(volatile uint64_t *)va = 1;   /* the translation is in the TLB now */
            if (vg_vmm_unmap(va, 4096) == rcOk)
                (void)*(volatile uint64_t *)va;
        }
    } else if (!strcmp(mode, "write-after-protect")) {
        void *va;
        if (vg_vmm_map(0, 4096, VG_PROT_READ | VG_PROT_WRITE, &va) == rcOk) {
            *(volatile uint64_t *)va = 1;
            if (vg_vmm_protect(va, 4096, VG_PROT_READ) == rcOk)
                *(volatile uint64_t *)va = 2;
        }
    } else if (!strcmp(mode, "thread-fault")) {
        vg_thread_t *t;
        if (vg_thread_create(&t, (vg_thread_fn)(uintptr_t)8, 0, VG_PRIORITY_NORMAL, 0) == rcOk)
            vg_thread_join(t, VG_INFINITE, 0);
    } else {
        printf("t_child: unknown mode %s\n", mode);
        exit(98);
    }
    printf("t_child: %s did not fault\n", mode);
    exit(99);
}

static uint64_t hex(const char *s) { return s ? strtoull(s, 0, 16) : 0; }

static int page_holds(const volatile uint64_t *p, uint64_t pattern)
{
    for (unsigned i = 0; i < 512; i++)
        if (p[i] != (pattern ^ i))
            return 0;
    return 1;
}

static void page_fill(volatile uint64_t *p, uint64_t pattern)
{
    for (unsigned i = 0; i < 512; i++)
        p[i] = pattern ^ i;
}

static int owner(uint64_t hint, uint64_t pattern)
{
    void *va;
    rc_t rc = vg_vmm_map((void *)(uintptr_t)hint, 4096, VG_PROT_READ | VG_PROT_WRITE, &va);
    if (rc != rcOk || (uintptr_t)va != hint) {
        printf("t_child: owner cannot map %llx: %s\n", (unsigned long long)hint, rc_name(rc));
        return 5;
    }
    page_fill(va, pattern);
    g_word = pattern;
    uint64_t end = 0;
    vg_time_now(&end);
    end += 20ull * 1000 * 1000 * 1000;
    for (;;) {
        if (!page_holds(va, pattern) || g_word != pattern) {
            printf("t_child: owner's data changed\n");
            return 1;
        }
        uint64_t now = 0;
        vg_time_now(&now);
        if (now > end)
            return 2;
        vg_thread_sleep(1000 * 1000);
    }
}

static int reader(uint64_t hint, uint64_t pattern, int own)
{
    if (g_word == pattern)
        return 3;
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)hint;
    if (own) {
        void *va;
        if (vg_vmm_map((void *)(uintptr_t)hint, 4096, VG_PROT_READ | VG_PROT_WRITE, &va) != rcOk)
            return 5;
        page_fill(p, ~pattern);
        g_word = ~pattern;
        for (int i = 0; i < 50; i++) {
            if (p[0] == pattern || g_word == pattern)
                return 3;
            if (!page_holds(p, ~pattern) || g_word != ~pattern)
                return 4;
            if (i % 2)
                vg_thread_yield();
            else
                vg_thread_sleep(200 * 1000);
        }
        return 0;
    }
    uint64_t v = p[0];   /* not mapped here: must fault */
    return v == pattern ? 3 : 4;
}

static int same_va(uint64_t pattern, uint64_t hint)
{
    void *va;
    if (vg_vmm_map((void *)(uintptr_t)hint, 4096, VG_PROT_READ | VG_PROT_WRITE, &va) != rcOk)
        return 5;
    printf("t_child: same-va g_word at %p, page at %p\n", (void *)&g_word, va);
    page_fill(va, pattern);
    g_word = pattern;
    for (int i = 0; i < 200; i++) {
        if (g_word != pattern || !page_holds(va, pattern))
            return 3;
        if (i % 2)
            vg_thread_yield();
        else
            vg_thread_sleep(100 * 1000);
    }
    return 0;
}

/* blocked-exit / blocked-kill */
static vg_mutex_t held = VG_MUTEX_INIT;
static volatile uint32_t futex_word;

static int futex_blocker(void *arg)
{
    (void)arg;
    for (;;)
        vg_futex_wait(&futex_word, 0, VG_INFINITE);
    return 0;
}

static int sleeper(void *arg)
{
    (void)arg;
    for (;;)
        vg_thread_sleep(3600ull * 1000 * 1000 * 1000);
    return 0;
}

static int joiner(void *arg)
{
    vg_thread_join((vg_thread_t *)arg, VG_INFINITE, 0);
    return 0;
}

static int locker(void *arg)
{
    (void)arg;
    vg_mutex_lock(&held);
    return 0;
}

static int exiter(void *arg)
{
    (void)arg;
    vg_thread_sleep(20 * 1000 * 1000);   /* every other thread is blocked by now */
    vg_task_exit(7);
}

static int blocked(int do_exit)
{
    vg_thread_t *f, *s, *j, *l, *e;
    vg_mutex_lock(&held);
    if (vg_thread_create(&f, futex_blocker, 0, VG_PRIORITY_NORMAL, 0) != rcOk ||
        vg_thread_create(&s, sleeper, 0, VG_PRIORITY_NORMAL, 0) != rcOk ||
        vg_thread_create(&j, joiner, f, VG_PRIORITY_NORMAL, 0) != rcOk ||
        vg_thread_create(&l, locker, 0, VG_PRIORITY_NORMAL, 0) != rcOk)
        return 5;
    if (do_exit && vg_thread_create(&e, exiter, 0, VG_PRIORITY_NORMAL, 0) != rcOk)
        return 5;
    vg_thread_join(s, VG_INFINITE, 0);   /* the main thread blocks too */
    return 6;
}

static int late_exit(void *arg)
{
    (void)arg;
    vg_thread_sleep(20 * 1000 * 1000);
    vg_thread_exit(9);
}

static int hog(void)
{
    for (;;) {
        void *va;
        rc_t rc = vg_vmm_map(0, 1024 * 1024, VG_PROT_READ | VG_PROT_WRITE, &va);
        if (rc == rcQuotaExceeded)
            block_forever();
        if (rc == rcOutOfMemory)
            return 2;
        if (rc != rcOk) {
            printf("t_child: hog: %s\n", rc_name(rc));
            return 3;
        }
    }
}

static int not_parent(vg_pid_t running, vg_pid_t suspended)
{
    struct vg_task_info me = { 0, 0 };
    vg_task_info(0, &me);
    vg_handle_t ch = 0, sh = 0;
    rc_t rc[7] = {
        vg_task_wait(running, 0, 0, 0),
        vg_task_kill(running),
        vg_task_resume(suspended),
        vg_task_resume(me.parent),
        vg_ipc_create_channel(running, 0, "not-parent-c", &ch, &sh),
        vg_ipc_create_channel(0, running, "not-parent-s", &ch, &sh),
        vg_ipc_create_channel(me.parent, 0, "not-parent-p", &ch, &sh),
    };
    int bits = 0;
    for (int i = 0; i < 7; i++) {
        if (rc[i] != rcResourceNotFound) {
            printf("t_child: not-parent: call %d gave %s\n", i, rc_name(rc[i]));
            bits |= 1 << i;
        }
    }
    return bits;
}

/* notice-busy kill|exit (user/t_notice): receivers with an armed periodic timer, a thread waiting in
 * GetEvents on one that never gets an event, the main thread reading the timer's; then it blocks until
 * killed (kill), or a third thread ends the process with 6 while the others wait (exit). */
static vg_handle_t busy_quiet;

static int busy_waiter(void *arg)
{
    (void)arg;
    struct vg_notice_event ev;
    uint32_t k;
    vg_notice_get_events(busy_quiet, &ev, 1, VG_INFINITE, &k);
    return 0;
}

static int busy_exit(void *arg)
{
    (void)arg;
    vg_thread_sleep(10000000);
    vg_task_exit(6);
    return 0;
}

static int notice_busy(int exit_self)
{
    vg_handle_t n, t, u;
    vg_thread_t *th;
    if (vg_notice_create(&n) != rcOk || vg_notice_create(&busy_quiet) != rcOk || vg_timer_create(&t) != rcOk ||
        vg_user_object_create(&u) != rcOk)
        return 2;
    vg_notice_subscribe(n, t, VG_EVENT_TIMER_EXPIRED, 1);
    vg_notice_subscribe(busy_quiet, u, VG_EVENT_SPEC(0), 2);
    vg_notice_subscribe(busy_quiet, busy_quiet, VG_EVENT_OBJECT_DESTROYED, 3);
    vg_timer_arm(t, 0, 1000000);
    if (vg_thread_create(&th, busy_waiter, 0, VG_PRIORITY_NORMAL, 0) != rcOk ||
        (exit_self && vg_thread_create(&th, busy_exit, 0, VG_PRIORITY_NORMAL, 0) != rcOk))
        return 3;
    for (;;) {
        struct vg_notice_event ev;
        uint32_t k;
        vg_notice_get_events(n, &ev, 1, VG_INFINITE, &k);
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    const char *a1 = argc > 2 ? argv[2] : 0, *a2 = argc > 3 ? argv[3] : 0;
    if (!strcmp(mode, "owner"))
        return owner(hex(a1), hex(a2));
    if (!strcmp(mode, "reader") || !strcmp(mode, "reader-own"))
        return reader(hex(a1), hex(a2), !strcmp(mode, "reader-own"));
    if (!strcmp(mode, "same-va"))
        return same_va(hex(a1), hex(a2));
    if (!strcmp(mode, "blocked-exit") || !strcmp(mode, "blocked-kill"))
        return blocked(!strcmp(mode, "blocked-exit"));
    if (!strcmp(mode, "last-thread")) {
        vg_thread_t *t;
        if (vg_thread_create(&t, late_exit, 0, VG_PRIORITY_NORMAL, 0) != rcOk)
            return 5;
        vg_thread_exit(5);
    }
    if (!strcmp(mode, "hog"))
        return hog();
    if (!strcmp(mode, "block"))
        block_forever();
    if (!strcmp(mode, "exit"))
        return a1 ? atoi(a1) : 0;
    if (!strcmp(mode, "not-parent"))
        return a1 && a2 ? not_parent((vg_pid_t)atoi(a1), (vg_pid_t)atoi(a2)) : 100;
    if (!strcmp(mode, "notice-busy"))
        return notice_busy(a1 && !strcmp(a1, "exit"));
    if (!strcmp(mode, "bad-task-exit")) {
        rc_t rc = vg_core_call4(VG_CORE_TASK, VG_TASK_EXIT, 13, 1, 0, 0, 0);
        return rc == rcInvalidArgument ? 0 : 1;
    }
    hold_resources();
    commit_fault(mode);
    return 99;
}
