/* picolibc's retargetable locks (malloc, atexit, getenv, stdio) on vg_mutex, so the C library is
 * safe to use from several threads. Recursive locks record their owner as the address of a TLS
 * variable, which is unique per thread and costs no kernel call. These definitions replace the
 * no-op ones in libc.a (linker/user.ld forces them in with EXTERN). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <vigil/mutex.h>

struct __lock {
    vg_mutex_t mutex;
    uint32_t depth;
    const void *owner;
};

struct __lock __lock___libc_recursive_mutex;

static _Thread_local char self_token;
/* Where a lock goes when malloc cannot supply one: coarser, but still mutual exclusion. */
static struct __lock fallback_lock;

static void lock_new(_LOCK_T *lock)
{
    struct __lock *l = calloc(1, sizeof *l);
    *lock = l ? l : &fallback_lock;
}

static void lock_free(_LOCK_T lock)
{
    if (lock != &fallback_lock)
        free(lock);
}

void __retarget_lock_init(_LOCK_T *lock) { lock_new(lock); }
void __retarget_lock_init_recursive(_LOCK_T *lock) { lock_new(lock); }
void __retarget_lock_close(_LOCK_T lock) { lock_free(lock); }
void __retarget_lock_close_recursive(_LOCK_T lock) { lock_free(lock); }

void __retarget_lock_acquire(_LOCK_T lock)
{
    vg_mutex_lock(&lock->mutex);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
    return vg_mutex_trylock(&lock->mutex) == rcOk;
}

void __retarget_lock_release(_LOCK_T lock)
{
    vg_mutex_unlock(&lock->mutex);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
    if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == &self_token) {
        lock->depth++;
        return;
    }
    vg_mutex_lock(&lock->mutex);
    __atomic_store_n(&lock->owner, &self_token, __ATOMIC_RELAXED);
    lock->depth = 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
    if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == &self_token) {
        lock->depth++;
        return 1;
    }
    if (vg_mutex_trylock(&lock->mutex) != rcOk)
        return 0;
    __atomic_store_n(&lock->owner, &self_token, __ATOMIC_RELAXED);
    lock->depth = 1;
    return 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
    if (--lock->depth == 0) {
        __atomic_store_n(&lock->owner, NULL, __ATOMIC_RELAXED);
        vg_mutex_unlock(&lock->mutex);
    }
}
