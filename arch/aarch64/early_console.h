/* The one hard-coded device address in Vigil, documented in docs/boot.md: the PL011 UART of QEMU virt,
 * used only until the DTB has been parsed (and for reports if the DTB is unusable). */
#ifndef ARCH_AARCH64_EARLY_CONSOLE_H
#define ARCH_AARCH64_EARLY_CONSOLE_H
#define EARLY_UART_PA 0x09000000ul
#endif
