/* kernel/platform: parsing REAL device trees dumped from QEMU at test time (argv[1]), hand-written
 * fixtures for what QEMU never produces (argv[2]), and malformed blobs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel/platform.h"

static const char *qemu_dir, *fixture_dir;

/* Reads dir/name into an exactly-sized heap buffer (so ASan sees any over-read). */
static void *load(const char *dir, const char *name, size_t *size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Checks one QEMU variant; returns NULL or a description of the first mismatch. */
/* The device list entry of node `name` (kernel/io.c's devices), NULL when absent. */
static const struct platform_device *device(const struct platform *p, const char *name)
{
    for (unsigned i = 0; i < p->device_count && i < PLATFORM_MAX_DEVICES; i++)
        if (strcmp(p->devices[i].name, name) == 0)
            return &p->devices[i];
    return NULL;
}

static const char *check_qemu(int gic, int el2, uint64_t mem, unsigned cpus, const char *name)
{
    static char err[256];
    size_t size;
    void *blob = load(qemu_dir, name, &size);
    if (!blob) {
        snprintf(err, sizeof err, "cannot read %s/%s (dumped by the suite script)", qemu_dir, name);
        return err;
    }
    struct platform p;
    memset(&p, 0xee, sizeof p);
    rc_t rc = platform_parse_buf(blob, size, &p);
    free(blob);
#define EXPECT(cond)                                                                  \
    do {                                                                              \
        if (!(cond)) {                                                                \
            snprintf(err, sizeof err, "%s: %s", name, #cond);                         \
            return err;                                                               \
        }                                                                             \
    } while (0)
    EXPECT(rc == rcOk);
    EXPECT(p.mem_count == 1 && p.mem[0].base == 0x40000000 && p.mem[0].size == mem);
    EXPECT(p.reserved_count == 0);
    EXPECT(p.uart_base == 0x09000000 && p.uart_size == 0x1000 && p.uart_intid == 33);
    EXPECT(strcmp(p.stdout_path, "/pl011@9000000") == 0);
    EXPECT(p.gic_version == gic);
    EXPECT(p.gicd.base == 0x08000000 && p.gicd.size == 0x10000);
    if (gic == 2) {
        EXPECT(p.gicc.base == 0x08010000 && p.gicc.size == 0x10000 && p.gicr.size == 0);
        EXPECT(p.gic_regions[1].base == 0x08010000);
    } else {
        EXPECT(p.gicr.base == 0x080A0000 && p.gicr.size == 0xF60000 && p.gicc.size == 0);
        EXPECT(p.gic_regions[1].base == 0x080A0000);
    }
    EXPECT(p.gic_region_count == 2 && p.gic_regions[0].base == 0x08000000);
    EXPECT(p.timer_virt_intid == 27 && p.timer_phys_intid == 30);
    EXPECT(p.psci_conduit == (el2 ? PSCI_CONDUIT_SMC : PSCI_CONDUIT_HVC));
    EXPECT(p.cpu_count == cpus);
    /* The devices for user-space drivers: regions and interrupts, the kernel's and RAM marked. */
    const struct platform_device *d = device(&p, "pl031@9010000");
    EXPECT(d && d->base == 0x09010000 && d->size == 0x1000 && d->intid == 34 && d->flags == 0);
    EXPECT(d && d->compat_len == sizeof "arm,pl031\0arm,primecell" && strcmp(d->compat, "arm,pl031") == 0);
    EXPECT((d = device(&p, "pl061@9030000")) && d->base == 0x09030000 && d->intid == 39 && d->flags == 0);
    EXPECT((d = device(&p, "virtio_mmio@a000200")) && d->base == 0x0a000200 && d->size == 0x200 && d->intid == 49);
    EXPECT((d = device(&p, "pl011@9000000")) && d->flags == PLATFORM_DEV_KERNEL);
    EXPECT((d = device(&p, "timer")) && d->flags == PLATFORM_DEV_KERNEL && d->size == 0);
    EXPECT((d = device(&p, "intc@8000000")) && d->flags == PLATFORM_DEV_KERNEL);
    EXPECT((d = device(&p, "memory@40000000")) && d->flags == PLATFORM_DEV_RAM && d->size == mem);
    EXPECT((d = device(&p, "gpio-keys")) == NULL); /* neither reg nor interrupts */
    EXPECT(p.device_count > 40 && p.device_count <= PLATFORM_MAX_DEVICES);
    /* platform_parse (the kernel's entry point, bounded by the header) agrees. */
    struct platform q;
    blob = load(qemu_dir, name, &size);
    memset(&q, 0xee, sizeof q);
    rc = platform_parse(blob, &q);
    free(blob);
    EXPECT(rc == rcOk && memcmp(&p, &q, sizeof p) == 0);
#undef EXPECT
    return NULL;
}

#define QEMU_TEST(tname, gic, el2, mem, cpus, file)                                    \
    TEST(tname)                                                                        \
    {                                                                                  \
        const char *e = check_qemu(gic, el2, mem, cpus, file);                         \
        CHECK_MSG(e == NULL, "%s", e);                                                 \
    }
#define M (1024ull * 1024)
QEMU_TEST(platform_qemu_gic2_el1_128M, 2, 0, 128 * M, 1, "virt-gic2-el1-128M.dtb")
QEMU_TEST(platform_qemu_gic2_el1_1G, 2, 0, 1024 * M, 1, "virt-gic2-el1-1G.dtb")
QEMU_TEST(platform_qemu_gic2_el1_2G, 2, 0, 2048 * M, 1, "virt-gic2-el1-2G.dtb")
QEMU_TEST(platform_qemu_gic2_el2_128M, 2, 1, 128 * M, 1, "virt-gic2-el2-128M.dtb")
QEMU_TEST(platform_qemu_gic2_el2_1G, 2, 1, 1024 * M, 1, "virt-gic2-el2-1G.dtb")
QEMU_TEST(platform_qemu_gic2_el2_2G, 2, 1, 2048 * M, 1, "virt-gic2-el2-2G.dtb")
QEMU_TEST(platform_qemu_gic3_el1_128M, 3, 0, 128 * M, 1, "virt-gic3-el1-128M.dtb")
QEMU_TEST(platform_qemu_gic3_el1_1G, 3, 0, 1024 * M, 1, "virt-gic3-el1-1G.dtb")
QEMU_TEST(platform_qemu_gic3_el1_2G, 3, 0, 2048 * M, 1, "virt-gic3-el1-2G.dtb")
QEMU_TEST(platform_qemu_gic3_el2_128M, 3, 1, 128 * M, 1, "virt-gic3-el2-128M.dtb")
QEMU_TEST(platform_qemu_gic3_el2_1G, 3, 1, 1024 * M, 1, "virt-gic3-el2-1G.dtb")
QEMU_TEST(platform_qemu_gic3_el2_2G, 3, 1, 2048 * M, 1, "virt-gic3-el2-2G.dtb")
QEMU_TEST(platform_qemu_gic3_smp4, 3, 0, 1024 * M, 4, "virt-gic3-el1-1G-smp4.dtb")

static rc_t parse_fixture(const char *name, struct platform *p)
{
    size_t size;
    void *blob = load(fixture_dir, name, &size);
    if (!blob)
        return 12345;
    rc_t rc = platform_parse_buf(blob, size, p);
    free(blob);
    return rc;
}

TEST(platform_fixture_reserved_aliases_gic400_smc)
{
    struct platform p;
    CHECK_EQ(parse_fixture("full.dtb", &p), rcOk);
    CHECK_EQ(p.mem_count, 3);
    CHECK(p.mem[0].base == 0x80000000 && p.mem[0].size == 0x40000000);
    CHECK(p.mem[1].base == 0x880000000 && p.mem[1].size == 0x20000000);
    CHECK(p.mem[2].base == 0x900000000 && p.mem[2].size == 0x1000);
    CHECK_EQ(p.reserved_count, 3);
    CHECK(p.reserved[0].base == 0x80000000 && p.reserved[0].size == 0x10000);
    CHECK(p.reserved[1].base == 0x80100000 && p.reserved[1].size == 0x2000);
    CHECK(p.reserved[2].base == 0x80200000 && p.reserved[2].size == 0x100000);
    CHECK(strcmp(p.stdout_path, "serial1") == 0);
    CHECK_EQ(p.uart_base, 0x1c0a0000);   /* the alias target, not the first PL011 */
    CHECK_EQ(p.uart_intid, 38);
    CHECK_EQ(p.gic_version, 2);
    CHECK(p.gicd.base == 0x2c001000 && p.gicd.size == 0x1000);
    CHECK(p.gicc.base == 0x2c002000 && p.gicc.size == 0x2000);
    CHECK_EQ(p.timer_virt_intid, 27);
    CHECK_EQ(p.timer_phys_intid, 30);
    CHECK_EQ(p.psci_conduit, PSCI_CONDUIT_SMC);
    CHECK_EQ(p.cpu_count, 4);
}

TEST(platform_fixture_missing_and_bad_nodes)
{
    struct platform p;
    CHECK_EQ(parse_fixture("no-memory.dtb", &p), rcResourceNotFound);
    CHECK_EQ(parse_fixture("no-gic.dtb", &p), rcResourceNotFound);
    CHECK_EQ(parse_fixture("no-timer.dtb", &p), rcResourceNotFound);
    CHECK_EQ(parse_fixture("short-timer.dtb", &p), rcInvalidArgument);
    CHECK_EQ(parse_fixture("bad-cells.dtb", &p), rcInvalidArgument);
    CHECK_EQ(parse_fixture("bad-psci.dtb", &p), rcInvalidArgument);
    CHECK_EQ(parse_fixture("many-memory.dtb", &p), rcBufferTooSmall);
}

TEST(platform_malformed_blobs)
{
    size_t size;
    unsigned char *good = load(qemu_dir, "virt-gic2-el1-128M.dtb", &size);
    CHECK(good != NULL);
    struct platform p;
    CHECK_EQ(platform_parse(NULL, &p), rcInvalidArgument);
    CHECK_EQ(platform_parse_buf(good, 16, &p), rcInvalidArgument);         /* shorter than a header */
    unsigned char *bad = malloc(size);
    memcpy(bad, good, size);
    bad[0] ^= 0xff;                                                         /* bad magic */
    CHECK_EQ(platform_parse_buf(bad, size, &p), rcInvalidArgument);
    CHECK_EQ(platform_parse(bad, &p), rcInvalidArgument);
    /* Truncated: only the bytes actually present are readable. */
    uint32_t total = (uint32_t)good[4] << 24 | good[5] << 16 | good[6] << 8 | good[7];
    CHECK(total <= size);
    unsigned char *cut = malloc(total / 2);
    memcpy(cut, good, total / 2);
    CHECK_EQ(platform_parse_buf(cut, total / 2, &p), rcInvalidArgument);
    free(cut);
    /* A corrupt structure block: the first token is no longer FDT_BEGIN_NODE. */
    memcpy(bad, good, size);
    uint32_t off_struct = (uint32_t)good[8] << 24 | good[9] << 16 | good[10] << 8 | good[11];
    bad[off_struct + 3] = 0x7;
    CHECK_EQ(platform_parse_buf(bad, size, &p), rcInvalidArgument);
    /* Random corruption never crashes (ASan would say) and gives a result or an error. */
    srand(99);
    for (int i = 0; i < 300; i++) {
        memcpy(bad, good, size);
        for (int k = 0; k < 4; k++)
            bad[(size_t)rand() % total] ^= (unsigned char)(1 + rand() % 255);
        rc_t rc = platform_parse_buf(bad, size, &p);
        CHECK(rc == rcOk || rc < 0);
    }
    free(bad);
    free(good);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s QEMU_DTB_DIR FIXTURE_DTB_DIR\n", argv[0]);
        return 2;
    }
    qemu_dir = argv[1];
    fixture_dir = argv[2];
    RUN(platform_qemu_gic2_el1_128M);
    RUN(platform_qemu_gic2_el1_1G);
    RUN(platform_qemu_gic2_el1_2G);
    RUN(platform_qemu_gic2_el2_128M);
    RUN(platform_qemu_gic2_el2_1G);
    RUN(platform_qemu_gic2_el2_2G);
    RUN(platform_qemu_gic3_el1_128M);
    RUN(platform_qemu_gic3_el1_1G);
    RUN(platform_qemu_gic3_el1_2G);
    RUN(platform_qemu_gic3_el2_128M);
    RUN(platform_qemu_gic3_el2_1G);
    RUN(platform_qemu_gic3_el2_2G);
    RUN(platform_qemu_gic3_smp4);
    RUN(platform_fixture_reserved_aliases_gic400_smc);
    RUN(platform_fixture_missing_and_bad_nodes);
    RUN(platform_malformed_blobs);
    return check_summary();
}
