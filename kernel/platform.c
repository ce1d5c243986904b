/* DTB -> struct platform. Bindings followed: devicetree spec (memory, reserved-memory, chosen, cpus),
 * arm,gic (3 interrupt cells: type SPI=0/PPI=1, number, flags), arm,armv8-timer (interrupts: secure
 * phys, non-secure phys, virtual, hypervisor), arm,psci (method). */
#include <stdbool.h>
#include <libfdt.h>
#include "kernel/platform.h"

struct parse {
    const void *fdt;
    struct platform *p;
    int gic_node;
    int timer_node, uart_node;
};

static bool str_eq(const char *a, int alen, const char *b)
{
    int i = 0;
    for (; i < alen && b[i] && a[i] == b[i]; i++)
        ;
    /* Properties include their NUL; accept a value with or without it. */
    return b[i] == '\0' && (i == alen || (i + 1 == alen && a[i] == '\0'));
}

static bool node_enabled(const void *fdt, int node)
{
    int len;
    const char *s = fdt_getprop(fdt, node, "status", &len);
    return s == NULL || str_eq(s, len, "okay") || str_eq(s, len, "ok");
}

static uint64_t read_cells(const fdt32_t *c, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 32) | fdt32_to_cpu(c[i]);
    return v;
}

/* reg entry idx of node, in the cells of its parent. rcResourceNotFound if there is no such entry. */
static rc_t read_reg(const void *fdt, int node, int idx, struct mem_range *r)
{
    int parent = fdt_parent_offset(fdt, node);
    if (parent < 0)
        return rcInvalidArgument;
    int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
    if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
        return rcInvalidArgument;
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (reg == NULL)
        return rcResourceNotFound;
    int entry = (ac + sc) * 4;
    if (len % entry != 0)
        return rcInvalidArgument;
    if ((idx + 1) * entry > len)
        return rcResourceNotFound;
    reg += idx * (ac + sc);
    r->base = read_cells(reg, ac);
    r->size = read_cells(reg + ac, sc);
    if (r->size > UINT64_MAX - r->base)
        return rcInvalidArgument;
    return rcOk;
}

static rc_t add_range(struct mem_range *arr, unsigned *count, unsigned cap, struct mem_range r)
{
    if (r.size == 0)
        return rcOk;
    if (*count >= cap)
        return rcBufferTooSmall;
    arr[(*count)++] = r;
    return rcOk;
}

static rc_t parse_memory(struct parse *ps)
{
    const void *fdt = ps->fdt;
    ps->p->mem_count = 0;
    for (int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7); node >= 0;
         node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7)) {
        if (!node_enabled(fdt, node))
            continue;
        for (int i = 0;; i++) {
            struct mem_range r;
            rc_t rc = read_reg(fdt, node, i, &r);
            if (rc == rcResourceNotFound)
                break;
            if (rc == rcOk)
                rc = add_range(ps->p->mem, &ps->p->mem_count, PLATFORM_MAX_MEM, r);
            if (rc != rcOk)
                return rc;
        }
    }
    return ps->p->mem_count ? rcOk : rcResourceNotFound;
}

static rc_t parse_reserved(struct parse *ps)
{
    const void *fdt = ps->fdt;
    struct platform *p = ps->p;
    p->reserved_count = 0;
    int n = fdt_num_mem_rsv(fdt);
    if (n < 0)
        return rcInvalidArgument;
    for (int i = 0; i < n; i++) {
        struct mem_range r;
        if (fdt_get_mem_rsv(fdt, i, &r.base, &r.size) < 0 || r.size > UINT64_MAX - r.base)
            return rcInvalidArgument;
        rc_t rc = add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, r);
        if (rc != rcOk)
            return rc;
    }
    int rm = fdt_path_offset(fdt, "/reserved-memory");
    if (rm < 0)
        return rcOk;
    int child;
    fdt_for_each_subnode(child, fdt, rm) {
        if (!node_enabled(fdt, child))
            continue;
        /* Nodes with only "size" ask the OS to allocate a region; nothing is reserved yet. */
        for (int i = 0;; i++) {
            struct mem_range r;
            rc_t rc = read_reg(fdt, child, i, &r);
            if (rc == rcResourceNotFound)
                break;
            if (rc == rcOk)
                rc = add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, r);
            if (rc != rcOk)
                return rc;
        }
    }
    return rcOk;
}

static int find_compatible(const void *fdt, const char *const *compat, int n)
{
    for (int i = 0; i < n; i++)
        for (int node = fdt_node_offset_by_compatible(fdt, -1, compat[i]); node >= 0;
             node = fdt_node_offset_by_compatible(fdt, node, compat[i]))
            if (node_enabled(fdt, node))
                return node;
    return -FDT_ERR_NOTFOUND;
}

static rc_t parse_gic(struct parse *ps)
{
    static const char *const v3[] = { "arm,gic-v3" };
    static const char *const v2[] = { "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
                                      "arm,cortex-a7-gic" };
    const void *fdt = ps->fdt;
    struct platform *p = ps->p;
    int node = find_compatible(fdt, v3, 1);
    p->gic_version = 3;
    if (node < 0) {
        node = find_compatible(fdt, v2, 4);
        p->gic_version = 2;
    }
    if (node < 0)
        return rcResourceNotFound;
    int len;
    const fdt32_t *cells = fdt_getprop(fdt, node, "#interrupt-cells", &len);
    if (cells == NULL || len != 4 || fdt32_to_cpu(*cells) != 3)
        return rcInvalidArgument;
    ps->gic_node = node;
    struct mem_range d, second;
    rc_t rc = read_reg(fdt, node, 0, &d);
    if (rc == rcOk)
        rc = read_reg(fdt, node, 1, &second);
    if (rc != rcOk)
        return rc == rcResourceNotFound ? rcInvalidArgument : rc;
    p->gicd = d;
    p->gicc = p->gic_version == 2 ? second : (struct mem_range){ 0, 0 };
    p->gicr = p->gic_version == 3 ? second : (struct mem_range){ 0, 0 };
    p->gic_regions[0] = d;
    p->gic_regions[1] = second;
    p->gic_region_count = 2;
    return rcOk;
}

/* The interrupt controller that node's interrupts go to (interrupt-parent, inherited). */
static int interrupt_parent(const void *fdt, int node)
{
    while (node >= 0) {
        int len;
        const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", &len);
        if (ph && len == 4)
            return fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*ph));
        node = fdt_parent_offset(fdt, node);
    }
    return -FDT_ERR_NOTFOUND;
}

/* INTID of interrupt idx of node. rcResourceNotFound: no such interrupt. */
static rc_t read_intid(struct parse *ps, int node, int idx, uint32_t *intid)
{
    int len;
    const fdt32_t *irq = fdt_getprop(ps->fdt, node, "interrupts", &len);
    if (irq == NULL)
        return rcResourceNotFound;
    if (interrupt_parent(ps->fdt, node) != ps->gic_node)
        return rcUnimplemented;
    if (len % 12 != 0)
        return rcInvalidArgument;
    if ((idx + 1) * 12 > len)
        return rcResourceNotFound;
    uint32_t type = fdt32_to_cpu(irq[idx * 3]), num = fdt32_to_cpu(irq[idx * 3 + 1]);
    if (type == 0 && num < 988)
        *intid = 32 + num;
    else if (type == 1 && num < 16)
        *intid = 16 + num;
    else
        return rcInvalidArgument;
    return rcOk;
}

static rc_t parse_timer(struct parse *ps)
{
    static const char *const compat[] = { "arm,armv8-timer", "arm,armv7-timer" };
    int node = find_compatible(ps->fdt, compat, 2);
    if (node < 0)
        return rcResourceNotFound;
    ps->timer_node = node;
    rc_t rc = read_intid(ps, node, 1, &ps->p->timer_phys_intid);
    if (rc == rcOk)
        rc = read_intid(ps, node, 2, &ps->p->timer_virt_intid);
    return rc == rcResourceNotFound ? rcInvalidArgument : rc;
}

static void copy_path(char *dst, const char *src, int len)
{
    int i = 0;
    for (; i < len && i + 1 < (int)PLATFORM_PATH_MAX && src[i]; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

static rc_t parse_uart(struct parse *ps)
{
    const void *fdt = ps->fdt;
    struct platform *p = ps->p;
    int node = -FDT_ERR_NOTFOUND;
    int chosen = fdt_path_offset(fdt, "/chosen");
    p->stdout_path[0] = '\0';
    p->bootargs[0] = '\0';
    if (chosen >= 0) {
        int len;
        const char *args = fdt_getprop(fdt, chosen, "bootargs", &len);
        int n = 0;
        for (; args != NULL && n < len && args[n] && n < (int)sizeof p->bootargs - 1; n++)
            p->bootargs[n] = args[n];
        p->bootargs[n] = '\0';
        const char *path = fdt_getprop(fdt, chosen, "stdout-path", &len);
        if (path == NULL)
            path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
        if (path != NULL) {
            int n = 0;
            while (n < len && path[n] && path[n] != ':')
                n++;
            copy_path(p->stdout_path, path, n);
            /* libfdt resolves a path that does not start with '/' as an alias. */
            node = n > 0 ? fdt_path_offset_namelen(fdt, path, n) : -FDT_ERR_NOTFOUND;
            if (node >= 0 && fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
                node = -FDT_ERR_NOTFOUND;
        }
    }
    if (node < 0) {
        static const char *const compat[] = { "arm,pl011" };
        node = find_compatible(fdt, compat, 1);
    }
    p->uart_base = p->uart_size = 0;
    p->uart_intid = 0;
    if (node < 0)
        return rcOk;
    ps->uart_node = node;
    struct mem_range r;
    rc_t rc = read_reg(fdt, node, 0, &r);
    if (rc != rcOk)
        return rc == rcResourceNotFound ? rcInvalidArgument : rc;
    p->uart_base = r.base;
    p->uart_size = r.size;
    rc = read_intid(ps, node, 0, &p->uart_intid);
    if (rc == rcResourceNotFound || rc == rcUnimplemented) {
        p->uart_intid = 0; /* the console still works polled */
        rc = rcOk;
    }
    return rc;
}

static rc_t parse_psci(struct parse *ps)
{
    static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
    ps->p->psci_conduit = PSCI_CONDUIT_NONE;
    int node = find_compatible(ps->fdt, compat, 3);
    if (node < 0)
        return rcOk;
    int len;
    const char *m = fdt_getprop(ps->fdt, node, "method", &len);
    if (m && str_eq(m, len, "hvc"))
        ps->p->psci_conduit = PSCI_CONDUIT_HVC;
    else if (m && str_eq(m, len, "smc"))
        ps->p->psci_conduit = PSCI_CONDUIT_SMC;
    else
        return rcInvalidArgument;
    return rcOk;
}

static rc_t parse_cpus(struct parse *ps)
{
    int cpus = fdt_path_offset(ps->fdt, "/cpus");
    if (cpus < 0)
        return rcResourceNotFound;
    unsigned n = 0;
    int node;
    fdt_for_each_subnode(node, ps->fdt, cpus) {
        int len;
        const char *t = fdt_getprop(ps->fdt, node, "device_type", &len);
        if (t && str_eq(t, len, "cpu") && node_enabled(ps->fdt, node))
            n++;
    }
    ps->p->cpu_count = n;
    return n ? rcOk : rcResourceNotFound;
}

/* Every enabled node with a reg or interrupts property, in tree order, for kernel/io.c. A malformed
 * reg or interrupts leaves that part out (the device then has no region or no interrupt): a tree the
 * kernel itself can use never fails to boot because of a device it does not drive. */
static rc_t parse_devices(struct parse *ps)
{
    const void *fdt = ps->fdt;
    struct platform *p = ps->p;
    p->device_count = 0;
    for (int node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
        int len;
        if (!node_enabled(fdt, node) || p->device_count >= PLATFORM_MAX_DEVICES)
            continue;
        if (!fdt_getprop(fdt, node, "reg", &len) && !fdt_getprop(fdt, node, "interrupts", &len))
            continue;
        const char *name = fdt_get_name(fdt, node, &len);
        if (!name || len <= 0 || len >= (int)PLATFORM_DEV_NAME_MAX)
            continue;
        struct platform_device *d = &p->devices[p->device_count];
        *d = (struct platform_device){0};
        for (int i = 0; i < len; i++)
            d->name[i] = name[i];
        const char *c = fdt_getprop(fdt, node, "compatible", &len);
        for (int i = 0; c && i < len && i < (int)PLATFORM_DEV_COMPAT_MAX - 1; i++)
            d->compat[d->compat_len++] = c[i];
        if (d->compat_len && d->compat[d->compat_len - 1] != '\0')
            d->compat[d->compat_len++] = '\0'; /* cut inside a string: end it */
        /* A reg is a CPU address only at the root or under an identity `ranges` (empty): deeper
         * translations are not followed, so such a device gets no region. */
        int parent = fdt_parent_offset(fdt, node);
        bool cpu_addr = parent == 0 || (parent > 0 && fdt_getprop(fdt, parent, "ranges", &len) && len == 0);
        struct mem_range r;
        if (cpu_addr && read_reg(fdt, node, 0, &r) == rcOk) {
            d->base = r.base;
            d->size = r.size;
        }
        if (read_intid(ps, node, 0, &d->intid) != rcOk)
            d->intid = 0;
        const char *t = fdt_getprop(fdt, node, "device_type", &len);
        if (t && str_eq(t, len, "memory"))
            d->flags |= PLATFORM_DEV_RAM;
        if (node == ps->gic_node || parent == ps->gic_node || node == ps->timer_node || node == ps->uart_node)
            d->flags |= PLATFORM_DEV_KERNEL;
        p->device_count++;
    }
    return rcOk;
}

rc_t platform_parse_buf(const void *fdt, size_t buf_size, struct platform *out)
{
    if (fdt == NULL || buf_size < sizeof(struct fdt_header) || fdt_check_header(fdt) != 0 ||
        fdt_totalsize(fdt) > buf_size || fdt_check_full(fdt, fdt_totalsize(fdt)) != 0)
        return rcInvalidArgument;
    struct parse ps = { fdt, out, -1, -1, -1 };
    rc_t rc = parse_memory(&ps);
    if (rc == rcOk)
        rc = parse_reserved(&ps);
    if (rc == rcOk)
        rc = parse_gic(&ps);
    if (rc == rcOk)
        rc = parse_timer(&ps);
    if (rc == rcOk)
        rc = parse_uart(&ps);
    if (rc == rcOk)
        rc = parse_psci(&ps);
    if (rc == rcOk)
        rc = parse_cpus(&ps);
    if (rc == rcOk)
        rc = parse_devices(&ps);
    return rc;
}

rc_t platform_parse(const void *fdt, struct platform *out)
{
    if (fdt == NULL || fdt_check_header(fdt) != 0)
        return rcInvalidArgument;
    return platform_parse_buf(fdt, fdt_totalsize(fdt), out);
}
