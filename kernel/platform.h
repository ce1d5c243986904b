/* The machine as the device tree describes it, parsed once at boot with libfdt: RAM and reserved
 * ranges, the PL011 console, the GIC (v2: GICD + GICC, v3: GICD + GICR), the generic timer's
 * interrupts as INTIDs, the PSCI conduit, /chosen stdout-path and the CPU count. Nothing here is a
 * hard-coded address: a device the tree does not describe is absent (uart_base == 0) or an error.
 * Every other device node is listed in `devices` for user-space drivers. */
#ifndef VIGIL_KERNEL_PLATFORM_H
#define VIGIL_KERNEL_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/rc.h>
#include "kernel/memmap.h"

#define PLATFORM_MAX_MEM      8u
#define PLATFORM_MAX_RESERVED 16u
#define PLATFORM_PATH_MAX     64u
#define PLATFORM_MAX_DEVICES  64u
#define PLATFORM_DEV_NAME_MAX 48u   /* a node name (with its @unit) fits, NUL included */
#define PLATFORM_DEV_COMPAT_MAX 64u

/* A device the tree describes, for user-space drivers (kernel/io.c): a node with a `reg` or an
 * `interrupts` property. Only its first reg entry and first interrupt are kept. */
enum {
    PLATFORM_DEV_RAM = 1u,     /* device_type = "memory" */
    PLATFORM_DEV_KERNEL = 2u,  /* the kernel's own: its console UART, the GIC, the timer */
};
struct platform_device {
    char name[PLATFORM_DEV_NAME_MAX];        /* "pl031@9010000" (longer names are skipped) */
    char compat[PLATFORM_DEV_COMPAT_MAX];    /* the compatible list, NUL-separated, cut to fit */
    uint32_t compat_len;
    uint64_t base, size;                     /* reg[0]; size 0: no reg */
    uint32_t intid;                          /* interrupts[0] as a GIC INTID; 0: none */
    uint32_t flags;                          /* PLATFORM_DEV_* */
};

enum { PSCI_CONDUIT_NONE = 0, PSCI_CONDUIT_HVC = 1, PSCI_CONDUIT_SMC = 2 };

struct platform {
    struct mem_range mem[PLATFORM_MAX_MEM];           /* device_type = "memory" reg entries */
    unsigned mem_count;
    struct mem_range reserved[PLATFORM_MAX_RESERVED]; /* /memreserve/ and /reserved-memory (not the DTB) */
    unsigned reserved_count;

    uint64_t uart_base, uart_size;   /* PL011 named by stdout-path, else the first one; base 0: none */
    uint32_t uart_intid;             /* 0 when the tree gives no usable interrupt */

    char bootargs[128];              /* /chosen/bootargs (QEMU's -append), cut to fit; "" if none */

    int gic_version;                 /* 2 or 3 */
    struct mem_range gicd;           /* distributor */
    struct mem_range gicc;           /* v2 CPU interface (size 0 on v3) */
    struct mem_range gicr;           /* v3 first redistributor region (size 0 on v2) */
    struct mem_range gic_regions[2]; /* the two above that the driver uses, for mapping */
    unsigned gic_region_count;

    uint32_t timer_virt_intid;       /* EL1 virtual timer (PPI 11 -> 27 on QEMU virt) */
    uint32_t timer_phys_intid;       /* EL1 non-secure physical timer (PPI 14 -> 30) */
    int psci_conduit;                /* PSCI_CONDUIT_* from the psci node's method */
    char stdout_path[PLATFORM_PATH_MAX]; /* /chosen stdout-path without ":options"; "" if none */
    unsigned cpu_count;
    struct platform_device devices[PLATFORM_MAX_DEVICES]; /* in tree order */
    unsigned device_count;           /* nodes past PLATFORM_MAX_DEVICES are left out */
};

/* Parses the DTB at fdt, trusting its header's totalsize for the bound (the kernel's case).
 * rcInvalidArgument: not a valid DTB, or a property of the wrong shape; rcResourceNotFound: no
 * memory, interrupt controller, timer or /cpus; rcBufferTooSmall: more ranges than the arrays hold;
 * rcUnimplemented: interrupts routed to a controller other than the GIC. */
rc_t platform_parse(const void *fdt, struct platform *out);

/* The same, for a blob of at most buf_size readable bytes (truncated blobs fail cleanly). */
rc_t platform_parse_buf(const void *fdt, size_t buf_size, struct platform *out);

#endif
