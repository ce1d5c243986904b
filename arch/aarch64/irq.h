/* Called from the vectors for every IRQ: drains the GIC. */
#ifndef ARCH_AARCH64_IRQ_H
#define ARCH_AARCH64_IRQ_H
void irq_handle(void);
#endif
