/* PL011 UART output. Before the DTB is parsed the early-console fallback address is used (mapped by the
 * boot tables); afterwards the UART the DTB names (/chosen stdout-path, else the first arm,pl011). */
#include <stdint.h>
#include "kernel/arch.h"
#include "kernel/platform.h"
#include "early_console.h"
#include "mmio.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)

static uintptr_t uart_base;

void arch_console_init_early(void)
{
    uart_base = (uintptr_t)phys_to_virt(EARLY_UART_PA);
}

void arch_console_init(const struct platform *plat)
{
    if (plat->uart_base)
        uart_base = (uintptr_t)phys_to_virt(plat->uart_base);
}

void arch_console_putc(char c)
{
    if (!uart_base)
        return;
    if (c == '\n')
        arch_console_putc('\r');
    while (mmio_read32(uart_base + UART_FR) & UART_FR_TXFF)
        ;
    mmio_write32(uart_base + UART_DR, (uint8_t)c);
}
