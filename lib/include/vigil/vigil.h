/* Everything a Vigil user program may call, in one include. */
#ifndef VIGIL_VIGIL_H
#define VIGIL_VIGIL_H

#include <vigil/rc.h>
#include <vigil/syscall.h>
#include <vigil/core.h>
#include <vigil/core_call.h>
#include <vigil/thread.h>
#include <vigil/task.h>
#include <vigil/vmm.h>
#include <vigil/io.h>
#include <vigil/futex.h>
#include <vigil/clock.h>
#include <vigil/hal.h>
#include <vigil/handle.h>
#include <vigil/rights.h>
#include <vigil/ipc.h>
#include <vigil/notice.h>
#include <vigil/mutex.h>
#include <vigil/event.h>
#include <vigil/semaphore.h>
#include <vigil/condvar.h>
#include <vigil/rwlock.h>

#endif
