/* libtest: in-guest tests of lib/ on the real kernel: threads with their own TLS (errno), the sync
 * library under contention and with timeouts, malloc and printf from many threads, FP in threads.
 * Prints one "ok <name>" or "FAIL <name>: <reason>" line per test and exits with the failure count. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigil/vigil.h>

#include "../t_common/check.h"

#define EXPECT CHECK

/* Runs n threads of fn(arg_i) and returns the sum of their exit codes (-1000 on a create/join error). */
static int run_threads(int n, vg_thread_fn fn, void *(*arg_of)(int))
{
    vg_thread_t *t[128];
    int sum = 0;
    for (int i = 0; i < n; i++)
        if (vg_thread_create(&t[i], fn, arg_of ? arg_of(i) : (void *)(intptr_t)i, VG_PRIORITY_NORMAL, 0) != rcOk)
            return -1000;
    for (int i = 0; i < n; i++) {
        int code;
        if (vg_thread_join(t[i], VG_INFINITE, &code) != rcOk)
            return -1000;
        sum += code;
    }
    return sum;
}

static _Thread_local int tls_value = 7;

static int tls_worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    if (tls_value != 7)
        return 1;   /* every thread starts from the template */
    tls_value = id;
    errno = 100 + id;
    vg_thread_yield();
    return (errno == 100 + id && tls_value == id) ? 0 : 1;
}

static vg_mutex_t counter_lock = VG_MUTEX_INIT;
static long counter;

static int mutex_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        vg_mutex_lock(&counter_lock);
        long v = counter;
        if (i % 1000 == 0)
            vg_thread_yield();   /* hold the lock across a switch: contention for real */
        counter = v + 1;
        vg_mutex_unlock(&counter_lock);
    }
    return 0;
}

static vg_sem_t items, slots;
static vg_mutex_t queue_lock = VG_MUTEX_INIT;
static int queue[8], head, tail;
static long consumed;

static int producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        vg_sem_wait(&slots);
        vg_mutex_lock(&queue_lock);
        queue[tail++ % 8] = i;
        vg_mutex_unlock(&queue_lock);
        vg_sem_signal(&items);
    }
    return 0;
}

static int consumer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        vg_sem_wait(&items);
        vg_mutex_lock(&queue_lock);
        consumed += queue[head++ % 8];
        vg_mutex_unlock(&queue_lock);
        vg_sem_signal(&slots);
    }
    return 0;
}

static int pc_worker(void *arg)
{
    return (intptr_t)arg % 2 ? consumer(arg) : producer(arg);
}

static vg_mutex_t cv_lock = VG_MUTEX_INIT;
static vg_cond_t cv = VG_COND_INIT;
static int turn;

static int pingpong(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < 500; i++) {
        vg_mutex_lock(&cv_lock);
        while (turn % 2 != id)
            vg_cond_wait(&cv, &cv_lock);
        turn++;
        vg_cond_broadcast(&cv);
        vg_mutex_unlock(&cv_lock);
    }
    return 0;
}

static vg_event_t go = VG_EVENT_INIT;

static int event_waiter(void *arg)
{
    (void)arg;
    vg_event_wait(&go);
    return 1;
}

static vg_rwlock_t rw = VG_RWLOCK_INIT;
static long rw_data[4];

static int rw_worker(void *arg)
{
    int id = (int)(intptr_t)arg, torn = 0;
    for (int i = 0; i < 2000; i++) {
        if ((i + id) % 4 == 0) {
            vg_rwlock_wrlock(&rw);
            for (int k = 0; k < 4; k++)
                rw_data[k]++;
            vg_rwlock_unlock(&rw);
        } else {
            vg_rwlock_rdlock(&rw);
            for (int k = 1; k < 4; k++)
                torn |= rw_data[k] != rw_data[0];
            vg_rwlock_unlock(&rw);
        }
    }
    return torn;
}

static int malloc_worker(void *arg)
{
    unsigned seed = (unsigned)(intptr_t)arg + 1;
    char *blocks[32] = { 0 };
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245u + 12345u;
        int k = (seed >> 8) % 32;
        if (blocks[k]) {
            if (blocks[k][0] != (char)k)
                return 1;
            free(blocks[k]);
        }
        blocks[k] = malloc(16 + (seed >> 20) % 4000);
        if (!blocks[k])
            return 1;
        blocks[k][0] = (char)k;
    }
    for (int k = 0; k < 32; k++)
        free(blocks[k]);
    return 0;
}

static int fp_worker(void *arg)
{
    double x = 1.0 + (intptr_t)arg, acc = 0;
    for (int i = 1; i <= 100000; i++) {
        acc += x / i;
        if (i % 20000 == 0)
            vg_thread_yield();
    }
    /* x * H(100000), H(n) ~ ln n + 0.5772156649 + 1/(2n) */
    double want = x * 12.090146129863428;
    return (acc - want < 1e-6 && want - acc < 1e-6) ? 0 : 1;
}

static int exit_code_worker(void *arg)
{
    vg_thread_exit((int)(intptr_t)arg * 3);
}

/* vg_futex_wake wakes exactly `count` waiters of the word (fewer only when fewer wait): 0 wakes none.
 * The waiters run above main, so each has blocked before vg_thread_create returns and each woken one
 * has run (and counted itself) before vg_futex_wake returns: no timing involved. */
static volatile uint32_t fw_word;
static volatile int fw_ran;

static int fw_waiter(void *arg)
{
    (void)arg;
    rc_t rc = vg_futex_wait(&fw_word, 0, VG_INFINITE);
    fw_ran++;
    return rc == rcOk ? 0 : 1;
}

static void futex_wake_count(void)
{
    enum { N = 4 };
    vg_thread_t *t[N];
    fw_word = 0;
    fw_ran = 0;
    int created = 0;
    for (int i = 0; i < N; i++)
        created += vg_thread_create(&t[i], fw_waiter, 0, VG_PRIORITY_NORMAL + 1, 0) == rcOk;
    static const uint32_t ask[] = { 0, 1, 2, VG_FUTEX_ALL };
    static const uint32_t want[] = { 0, 1, 2, 1 };   /* the last: only one was left */
    static const int want_ran[] = { 0, 1, 3, 4 };
    uint32_t got[4] = { 99, 99, 99, 99 };
    int ran[4], ok = created == N;
    for (int i = 0; i < 4; i++) {
        vg_futex_wake(&fw_word, ask[i], &got[i]);
        ran[i] = fw_ran;
        ok &= got[i] == want[i] && ran[i] == want_ran[i];
    }
    int sum = 0;
    for (int i = 0; i < created; i++) {
        int code = 1;
        vg_thread_join(t[i], VG_INFINITE, &code);
        sum += code;
    }
    EXPECT("futex_wake_exact_count", ok && sum == 0,
           "created %d; woke %u/%u/%u/%u (want 0/1/2/1), ran %d/%d/%d/%d (want 0/1/3/4), exit codes %d", created,
           got[0], got[1], got[2], got[3], ran[0], ran[1], ran[2], ran[3], sum);
}

int main(void)
{
    EXPECT("thread_tls_errno", run_threads(8, tls_worker, 0) == 0, "a thread saw another's TLS or errno");
    EXPECT("thread_exit_codes", run_threads(10, exit_code_worker, 0) == 3 * 45, "exit codes did not add up");
    int r = run_threads(100, tls_worker, 0);
    EXPECT("thread_100_create_join", r == 0, "sum %d", r);
    futex_wake_count();

    r = run_threads(8, mutex_worker, 0);
    EXPECT("mutex_contention", r == 0 && counter == 80000, "counter %ld, expected 80000", counter);

    vg_sem_init(&items, 0);
    vg_sem_init(&slots, 8);
    r = run_threads(4, pc_worker, 0);
    EXPECT("semaphore_producer_consumer", r == 0 && consumed == 2 * 500500, "consumed %ld", consumed);

    r = run_threads(2, pingpong, 0);
    EXPECT("condvar_pingpong", r == 0 && turn == 1000, "turn %d", turn);

    vg_thread_t *w[4];
    for (int i = 0; i < 4; i++)
        vg_thread_create(&w[i], event_waiter, 0, VG_PRIORITY_NORMAL, 0);
    int code = 0, sum = 0;
    rc_t jr = vg_thread_join(w[0], 10 * 1000 * 1000, &code);
    EXPECT("thread_join_timeout", jr == rcTimeout, "join of a blocked thread gave %s", rc_name(jr));
    vg_event_set(&go);
    for (int i = 0; i < 4; i++)
        if (vg_thread_join(w[i], VG_INFINITE, &code) == rcOk)
            sum += code;
    EXPECT("event_releases_all", sum == 4, "%d of 4 waiters released", sum);

    r = run_threads(6, rw_worker, 0);
    EXPECT("rwlock_no_torn_reads", r == 0 && rw_data[0] == 3000, "torn %d, writes %ld", r, rw_data[0]);

    r = run_threads(4, malloc_worker, 0);
    EXPECT("malloc_from_threads", r == 0, "%d threads saw corrupt or failed allocations", r);
    r = run_threads(4, fp_worker, 0);
    EXPECT("fp_in_threads", r == 0, "%d threads computed a wrong sum", r);

    uint64_t t0, t1;
    vg_mutex_t held = VG_MUTEX_INIT;
    vg_mutex_lock(&held);
    vg_time_now(&t0);
    rc_t rc = vg_mutex_lock_timeout(&held, 5 * 1000 * 1000);
    vg_time_now(&t1);
    EXPECT("mutex_timeout", rc == rcTimeout && t1 - t0 >= 5 * 1000 * 1000, "%s after %llu ns", rc_name(rc),
           (unsigned long long)(t1 - t0));
    vg_sem_t empty;
    vg_sem_init(&empty, 0);
    rc = vg_sem_wait_timeout(&empty, 1000 * 1000);
    EXPECT("semaphore_timeout", rc == rcTimeout, "%s", rc_name(rc));
    vg_event_t never = VG_EVENT_INIT;
    rc = vg_event_wait_timeout(&never, 1000 * 1000);
    EXPECT("event_timeout", rc == rcTimeout, "%s", rc_name(rc));
    vg_mutex_lock(&cv_lock);
    rc = vg_cond_wait_timeout(&cv, &cv_lock, 1000 * 1000);
    EXPECT("condvar_timeout", rc == rcTimeout && vg_mutex_trylock(&cv_lock) == rcBusy, "%s", rc_name(rc));
    vg_mutex_unlock(&cv_lock);
    vg_rwlock_rdlock(&rw);
    rc = vg_rwlock_wrlock_timeout(&rw, 1000 * 1000);
    EXPECT("rwlock_timeout", rc == rcTimeout && vg_rwlock_rdlock_timeout(&rw, 1000 * 1000) == rcOk, "%s",
           rc_name(rc));

    printf("libtest: %d failed\n", check_failures);
    return check_failures;
}
