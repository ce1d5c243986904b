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
int arch_gic_version(void);

/* Time: the generic timer. The counter is monotonic; one one-shot deadline at a time. */
void arch_timer_init(const struct platform *plat);
uint64_t arch_counter_now(void);
uint64_t arch_counter_freq(void);
void arch_timer_set_deadline(uint64_t counter_value, void (*fire)(void));
void arch_timer_cancel(void);
uint32_t arch_timer_intid(void);

/* Leaving: semihosting exit with a status (tests, panics) or PSCI SYSTEM_OFF (normal shutdown). */
__attribute__((noreturn)) void arch_exit(int status);
__attribute__((noreturn)) void arch_poweroff(void);
void arch_idle(void);
void arch_irq_enable(void);
void arch_irq_disable(void);

/* Memory probes that survive a fault: rcOk, or rcSourceFault/rcTargetFault and the ESR in *esr. */
rc_t arch_probe_read64(const void *addr, uint64_t *val, uint64_t *esr);
rc_t arch_probe_write64(void *addr, uint64_t val, uint64_t *esr);

/* Kernel execution contexts: the callee-saved registers, the frame pointer, the link register and SP.
 * arch_context_init prepares a context that starts entry(arg) on a fresh stack with IRQs enabled;
 * arch_context_switch saves the current context in *from and resumes *to. */
struct arch_context {
    uint64_t x19_x28[10];
    uint64_t fp, lr, sp;
};
void arch_context_init(struct arch_context *ctx, uint64_t stack_top, void (*entry)(void *), void *arg);
void arch_context_switch(struct arch_context *from, struct arch_context *to);
/* IRQ mask state save/restore around short critical sections. */
uint64_t arch_irq_save(void);
void arch_irq_restore(uint64_t flags);

/* Prints a frame-pointer backtrace of the caller, with symbol names. */
void arch_print_backtrace(void);

/* Called by the architecture on the way out of every interrupt (kernel/sched.c). */
void sched_preempt_point(void);

/* The name of the exception level the kernel was entered at (1 or 2), saved by the boot code. */
extern uint64_t arch_entered_el;

#endif
