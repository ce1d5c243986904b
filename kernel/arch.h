/* The narrow interface between the portable kernel (kernel/) and the architecture (arch/aarch64/).
 * kernel/ includes only this header from arch/; everything here is implemented once per architecture. */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdint.h>
#include <stddef.h>
#include <vigil/rc.h>

struct platform;

/* Console: the UART named by the DTB, or the early fallback before it is parsed. */
void arch_console_init_early(void);
void arch_console_init(const struct platform *plat);
void arch_console_putc(char c);

/* Physical <-> kernel virtual addresses (the kernel's linear map of RAM and devices). */
#define KERNEL_VA_BASE 0xFFFFFF8000000000ul
static inline void *phys_to_virt(uint64_t pa) { return (void *)(pa + KERNEL_VA_BASE); }
static inline uint64_t virt_to_phys(const void *va) { return (uint64_t)va - KERNEL_VA_BASE; }

/* Memory: replace the boot tables with the final W^X kernel tables (text RX, rodata R, data RW-NX, RAM
 * RW-NX, devices Device-nGnRE, guard pages unmapped). */
rc_t arch_mmu_init(const struct platform *plat);

/* Interrupts. Handlers run with IRQs masked. */
typedef void (*irq_handler_t)(uint32_t intid, void *arg);
rc_t arch_irq_init(const struct platform *plat);
rc_t arch_irq_register(uint32_t intid, irq_handler_t handler, void *arg);
/* Disables intid at the controller and forgets its handler (rcInvalidArgument: no such INTID). */
rc_t arch_irq_unregister(uint32_t intid);
/* Masks / unmasks one interrupt at the controller (a user driver's interrupt between its firing and
 * the holder's acknowledgement). */
void arch_irq_mask(uint32_t intid);
void arch_irq_unmask(uint32_t intid);
int arch_gic_version(void);

/* Time: the generic timer. The counter is monotonic; one one-shot deadline at a time. */
void arch_timer_init(const struct platform *plat);
uint64_t arch_counter_now(void);
uint64_t arch_counter_freq(void);
void arch_timer_set_deadline(uint64_t counter_value, void (*fire)(void));
void arch_timer_cancel(void);
uint32_t arch_timer_intid(void);

/* Instruction counting for benchmarks: user programs read the counter directly (docs/benchmarks.md). */
void arch_pmu_init(void);

/* Leaving: semihosting exit with a status (tests, panics) or PSCI SYSTEM_OFF (normal shutdown). */
__attribute__((noreturn)) void arch_exit(int status);
__attribute__((noreturn)) void arch_poweroff(void);
/* Records the PSCI conduit the DTB names, for arch_poweroff (without one it exits through semihosting). */
void arch_psci_init(const struct platform *plat);
void arch_idle(void);
void arch_irq_enable(void);
void arch_irq_disable(void);

/* Memory probes that survive a fault: rcOk, or rcSourceFault/rcTargetFault and the ESR in *esr. */
rc_t arch_probe_read64(const void *addr, uint64_t *val, uint64_t *esr);
rc_t arch_probe_write64(void *addr, uint64_t val, uint64_t *esr);

/* Kernel execution contexts: the callee-saved registers, the frame pointer, the link register and SP.
 * arch_context_init prepares a context that starts entry(arg) on a fresh stack with IRQs masked;
 * arch_context_switch saves the current context in *from and resumes *to. */
struct arch_context {
    uint64_t x19_x28[10];
    uint64_t fp, lr, sp;
    uint64_t tpidr_el0; /* the user thread pointer travels with the thread */
};
void arch_context_init(struct arch_context *ctx, uint64_t stack_top, void (*entry)(void *), void *arg);
void arch_context_switch(struct arch_context *from, struct arch_context *to);
/* IRQ mask state save/restore around short critical sections. */
uint64_t arch_irq_save(void);
void arch_irq_restore(uint64_t flags);

/* User address spaces (TTBR0, one 16-bit ASID each; no TLB flush on a switch, invalidation by ASID
 * when a space is destroyed). prot is VG_PROT_READ|WRITE|EXEC; write+exec together is refused. */
struct aspace;
#define ARCH_USER_TOP (1ull << 39)
rc_t arch_aspace_create(struct aspace **out);
void arch_aspace_destroy(struct aspace *as);
rc_t arch_aspace_map(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size, unsigned prot);
rc_t arch_aspace_unmap(struct aspace *as, uint64_t va, uint64_t size);
rc_t arch_aspace_protect(struct aspace *as, uint64_t va, uint64_t size, unsigned prot);
/* A device's registers for a user driver: Device-nGnRE, never executable (UXN and PXN), prot READ or
 * READ|WRITE; rcInvalidArgument for any other prot. Unmapped with arch_aspace_unmap. */
rc_t arch_aspace_map_device(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size, unsigned prot);
rc_t arch_aspace_lookup(struct aspace *as, uint64_t va, uint64_t *pa, unsigned *prot);
/* NULL: no user space. Nothing to do (and inline) when as is already the active space. */
extern struct aspace *arch_aspace_active;
void arch_aspace_switch(struct aspace *as);
static inline void arch_aspace_activate(struct aspace *as)
{
    if (as != arch_aspace_active)
        arch_aspace_switch(as);
}

/* Copies between kernel memory and the current user space with EL0 permissions (unprivileged
 * loads/stores), so a user pointer to kernel memory or to an unmapped or read-only page fails:
 * rcSourceFault (reading) / rcTargetFault (writing). Never dereference a user pointer otherwise. */
rc_t arch_copy_from_user(void *dst, uint64_t user_src, size_t n);
rc_t arch_copy_to_user(uint64_t user_dst, const void *src, size_t n);

/* Starts user mode in the current thread: entry(x0..x3) at EL0 with sp and TPIDR_EL0 = tp; the kernel
 * stack restarts at kstack_top. */
__attribute__((noreturn)) void arch_user_enter(uint64_t kstack_top, uint64_t entry, uint64_t sp,
                                               const uint64_t args[4], uint64_t tp);

/* FP/SIMD state of a thread, switched lazily: the first FP instruction after a switch traps and
 * arch_fp_trap loads the thread's registers. */
struct arch_fpstate {
    uint64_t q[64];
    uint64_t fpsr, fpcr;
};
void arch_fp_switch_out(void);  /* on every context switch: the next FP use traps */
void arch_fp_forget(struct arch_fpstate *fp); /* a thread that owned the FP registers is gone */
void arch_fast_set_checks(int on); /* the checking build: the IPC fastpath's switch runs the checks */

/* Prints a frame-pointer backtrace of the caller, with symbol names. */
void arch_print_backtrace(void);

/* Called by the architecture: on the way out of every interrupt and system call (kernel/sched.c); for
 * each system call (kernel/syscall.c: nr is x8, a[] are x0..x30, the result goes to x0); for a fault in
 * user mode (kernel/process.c: ends the process; `what` is the fault in words); for the FP state of the
 * current thread. */
void sched_preempt_point(void);
#define SYSCALL_COUNT 5 /* Call, Recv, Reply, CallReg, ReplyRecvReg: any other number in x8 is a fault */
int64_t syscall_dispatch(uint64_t nr, const uint64_t a[31]);
/* The user registers x0..x30 a thread saved on its last entry from EL0 (the frame at the top of its
 * kernel stack): register messages are read from and delivered there. */
uint64_t *arch_user_regs(uint64_t kstack_top);
/* The IPC fastpath (kernel/ipc_fast.c). A thread that blocks there keeps no kernel frames: its context
 * (arch_fast_save in the architecture's "fast_inline.h", with the other inline pieces the fastpath
 * uses) resumes at the architecture's trampoline, which calls ipc_fast_resumed(its saved user
 * registers) and returns to user mode from them. The architecture enters ipc_fast_call and
 * ipc_fast_reply_recv (kernel/ipc.h) for CallReg and ReplyRecvReg before the general dispatch, with
 * the saved registers and the message registers x1-x7 as they came, and continues into the general
 * dispatch when they return. arch_fast_exit leaves for user mode from the saved registers at regs
 * (the frame at the top of a kernel stack, abandoning the stack it runs on) with x0 = rcOk and
 * x1-x7 as passed; the frame's own x0-x7 are not read. */
__attribute__((noreturn)) void arch_fast_exit(uint64_t *regs, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4,
                                              uint64_t x5, uint64_t x6, uint64_t x7);
/* The end of a system call that the fastpath took whole (a kernel call): to user mode from the saved
 * registers at regs, the frame at the top of the current kernel stack. */
__attribute__((noreturn)) void arch_frame_return(uint64_t *regs);
#define USER_FAULT_NO_FAR UINT64_MAX /* the exception records no fault address */
/* Ends the current process for a fault in user mode (kernel/process.c), reporting it: elr is the
 * faulting instruction, lr and fp the user's link register and frame pointer as they were, for the
 * backtrace (both user-controlled: only ever read through arch_user_frame). */
__attribute__((noreturn)) void user_fault(const char *what, uint64_t far, uint64_t elr, uint64_t lr, uint64_t fp);
/* One step of a user backtrace in the current user space: the frame record at user address fp holds
 * the caller's frame pointer (*next) and the return address into it (*ret). Reads with arch_copy_from_user, so a hostile fp gives rcSourceFault, never a
 * kernel fault; an fp the ABI could not have produced (misaligned) gives rcInvalidArgument. */
rc_t arch_user_frame(uint64_t fp, uint64_t *next, uint64_t *ret);
/* The address of the call instruction that returns to ret (for a link register's value). */
uint64_t arch_call_site(uint64_t ret);
struct arch_fpstate *thread_current_fpstate(void);

/* The name of the exception level the kernel was entered at (1 or 2), saved by the boot code. */
extern uint64_t arch_entered_el;

#endif
