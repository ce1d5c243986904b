/* Futex-style wait/wake on a 32-bit word of the calling process (kl.core.Core sync.Sync), the base
 * of mutex, event, semaphore, condvar and rwlock.
 *   vg_futex_wait: sleeps if *addr == expected (checked atomically with going to sleep) until a wake
 *     on addr or the timeout: rcOk (woken), rcFutexWouldBlock (*addr != expected), rcTimeout.
 *   vg_futex_wake: wakes up to count waiters on addr (VG_FUTEX_ALL: all); *woken may be NULL. */
#ifndef VIGIL_FUTEX_H
#define VIGIL_FUTEX_H

#include <stdint.h>
#include <vigil/rc.h>

#define VG_FUTEX_ALL UINT32_MAX

rc_t vg_futex_wait(const volatile uint32_t *addr, uint32_t expected, uint64_t timeout_ns);
rc_t vg_futex_wake(const volatile uint32_t *addr, uint32_t count, uint32_t *woken);

#endif
