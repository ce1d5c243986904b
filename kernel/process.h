/* Processes: an address space (kernel/vm.h), threads, a name and a class, a parent, limits, and the
 * exit status its parent waits for. A process ends when its last thread exits, when it calls task exit,
 * when it faults (the kernel prints a one-line report) or when its parent kills it; everything it
 * holds is freed then. The ended process stays as a zombie until its parent waits for it (or at once
 * when it has no parent). */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdint.h>
#include <stdbool.h>
#include <vigil/rc.h>
#include <vigil/task.h>
#include "handle.h"
#include "kobject.h"
#include "thread.h"
#include "vm.h"
#include "audit.h"

#define PROCESS_NAME_MAX 128                 /* a ROMFS name (and class name) fits whole */
#define PROCESS_MAX 64
#define PROCESS_MAX_THREADS 128
#define PROCESS_QUOTA_FRAMES 8192            /* 32 MiB per process */
#define PROCESS_STACK_SIZE (64 * 1024ull)
#define PROCESS_STACK_TOP (ARCH_USER_TOP - 0x10000)
#define PROCESS_ARGS_MAX 4096                /* bytes of argv + envp strings */
#define PROCESS_MAX_HANDLES 256
#define PROCESS_MAX_CHANNELS 16              /* channel names a process knows */
#define PROCESS_CHANNEL_NAME_MAX 48
#define PROCESS_DMA_QUOTA_FRAMES 256         /* 1 MiB of DMA buffers per process (kernel/io.c) */

enum process_state { PROCESS_RUNNING, PROCESS_ENDED };

struct ksm_route;

struct process_channel_name {
    char name[PROCESS_CHANNEL_NAME_MAX];
    uint32_t client_h, server_h;     /* this process's ends (0: not its end) */
};

/* What a task handle names (task.GetHandle, for notifications): a process while it lives, "ended"
 * after it; it holds no reference on the process, which is reclaimed as if it had none. */
struct task_obj {
    struct kobject obj;            /* KOBJ_TASK */
    struct process *p;             /* NULL once the process is released */
    bool ended;
};
#define TASK_OBJ_MAX 1024u

struct process {
    struct kobject obj;            /* KOBJ_PROCESS: the process's SID */
    struct task_obj *task;         /* its task object, made by the first task handle, or NULL */
    uint32_t pid;
    int class_id;                  /* the KSM's id for the class (the program's name) */
    const struct ksm_route *core_route; /* its class -> kl.core.Core, for calls to kernel endpoints */
    uint32_t core_memo_epoch;      /* core_memo holds constant grants of this KSM epoch */
    uint32_t core_memo[16];        /* per RIID, bit MID: kernel methods granted whatever the arguments */
    struct handle_table handles;
    struct listener *listener;     /* gathers every channel this process serves (created on demand) */
    uint32_t listener_h;           /* its handle in this process, once asked for (ipc Register) */
    struct process_channel_name names[PROCESS_MAX_CHANNELS];
    unsigned nnames;
    char name[PROCESS_NAME_MAX];
    struct process *parent;
    struct process *next;          /* all processes */
    enum process_state state;
    int exit_code;
    enum vg_task_end how;
    struct thread *threads;        /* live and unjoined threads */
    struct thread *suspended;      /* the main thread, until process_resume (started suspended) */
    unsigned nthreads;             /* counts against PROCESS_MAX_THREADS */
    unsigned max_threads;
    struct wait_queue waiters;     /* the parent in task wait */
    struct wait_queue futex_waiters;
    struct vm vm;
    uint64_t dma_frames;           /* frames of the DMA buffers it holds (kernel/io.c) */
    struct audit_limit audit;      /* its share of the console's audit lines (kernel/audit.h) */
    const void *image;             /* its program's ELF in the ROMFS, for the symbols of fault reports */
    size_t image_size;
};

void process_init(void);

/* Starts the ROMFS program `program` as a new process, child of parent (NULL for the first), with
 * argv/envp given as back-to-back NUL-terminated strings (argc + envc of them in `strings`). */
rc_t process_start(struct process *parent, const char *program, const char *strings, uint32_t strings_size,
                   uint32_t argc, uint32_t envc, bool suspended, struct process **out);
/* Starts the main thread of a process started suspended; rcInvalidOperation if it is not. */
rc_t process_resume(struct process *p);
/* Ends p (every thread; the current one too when it belongs to p: then it does not return). */
/* p's task object (made on first use, held by p until it is released): for a task handle. rcOutOfMemory. */
rc_t process_task_obj(struct process *p, struct kobject **out);
void process_end(struct process *p, int code, enum vg_task_end how);
/* Waits for parent's child `pid` to end; then releases it. rcTimeout leaves it waitable;
 * rcResourceNotFound when there is no such child, also when another thread's wait released it first. */
rc_t process_wait(struct process *parent, uint32_t pid, uint64_t timeout_ns, int *code, enum vg_task_end *how);

struct process *process_current(void);
/* The kernel as a parent: the first process's parent, with pid 0 and no threads or memory. */
struct process *process_kernel(void);
struct process *process_by_pid(uint32_t pid);
/* The first of every process (ended ones waiting for their parent included), linked by ->next. */
struct process *process_list(void);
struct aspace *process_aspace(struct process *p);

/* The process's channel names (ServiceLocator): rcResourceNotFound when unknown. A name is released
 * when the process no longer holds its end of the channel (its handle closed or revoked). */
rc_t process_channel_find(struct process *p, const char *name, uint32_t *client_h, uint32_t *server_h);
void process_channel_add(struct process *p, const char *name, uint32_t client_h, uint32_t server_h);
/* Whether one more name fits (after releasing those of channels the process left). */
bool process_channel_room(struct process *p);

#endif
