/* t_io (Einit of the user-io image, tests/suites/22-user.sh): the io.IO endpoint (docs/drivers.md).
 * Device regions: open by node name and by compatible string, map, read the PL031's identification
 * registers; every refusal (RAM, the kernel's console UART, GIC and timer, an unknown name, a device
 * the policy denies, a double open, a page shared with a held device, a wrong handle, a second map,
 * an executable map, vmm UNMAP/PROTECT of the mapping). Interrupts: the PL031's alarm fires, stays
 * masked until acknowledged (no second event while the line is still asserted), is acknowledged; a
 * second waiter is refused and a wait forever ends when another thread closes the handle.
 * Release: on close (a child that reads its registers after closing faults) and on death (a child
 * that exits or faults holding both, then the parent opens them again); the kernel's counters back to
 * their values from before. DMA buffers: zeroed, page-aligned bus address in RAM, mapped read-write,
 * the per-process quota, freed on close and on death. As IoChild (argv[1] a mode) it is that child. */
#include <string.h>
#include "../t_common/ut.h"
#include "../t_common/kernel_counts.h"

#define RTC "pl031@9010000"
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_MIS 0x18
#define RTC_ICR 0x1c

static inline uint32_t rd(volatile void *b, unsigned off) { return *(volatile uint32_t *)((volatile char *)b + off); }
static inline void wr(volatile void *b, unsigned off, uint32_t v) { *(volatile uint32_t *)((volatile char *)b + off) = v; }

static int child(const char *mode)
{
    vg_handle_t m, q, b;
    volatile void *regs = 0, *buf = 0;
    if (vg_io_open_mmio(RTC, &m, 0) != rcOk || vg_io_map_mmio(m, VG_PROT_READ, &regs) != rcOk ||
        vg_io_open_irq(RTC, &q, 0) != rcOk || vg_io_alloc_dma(64 * 1024, &b, 0) != rcOk ||
        vg_io_map_mmio(b, VG_PROT_READ | VG_PROT_WRITE, &buf) != rcOk)
        return 3;
    *(volatile uint32_t *)buf = 1;
    if (strcmp(mode, "hold") == 0)
        return 0; /* exits holding both */
    if (strcmp(mode, "fault") == 0)
        return (int)*(volatile uint32_t *)0; /* faults holding both */
    if (strcmp(mode, "after-close") == 0) {
        vg_handle_close(m);
        return (int)rd(regs, RTC_DR) ? 4 : 5; /* must fault: the region went with the handle */
    }
    return 2;
}

static void run_child(const char *mode, enum vg_task_end want_how, int want_code)
{
    const char *argv[] = { "IoChild", mode, NULL };
    vg_pid_t pid;
    rc_t rc = vg_task_start("IoChild", argv, NULL, &pid);
    int code = -100;
    enum vg_task_end how = VG_TASK_EXITED;
    if (rc == rcOk)
        rc = vg_task_wait(pid, 10 * UT_SEC, &code, &how);
    char name[48];
    snprintf(name, sizeof name, "child_%s", mode);
    UT_EXPECT(name, rc == rcOk && how == want_how && code == want_code, "%s, %s with %d", rc_name(rc),
              ut_how(how), code);
    /* What it held is free again. */
    vg_handle_t m = 0, q = 0;
    rc_t mrc = vg_io_open_mmio(RTC, &m, 0), qrc = vg_io_open_irq(RTC, &q, 0);
    snprintf(name, sizeof name, "child_%s_released", mode);
    UT_EXPECT(name, mrc == rcOk && qrc == rcOk, "mmio %s, irq %s", rc_name(mrc), rc_name(qrc));
    if (mrc == rcOk)
        vg_handle_close(m);
    if (qrc == rcOk)
        vg_handle_close(q);
}

static void refusals(void)
{
    static const struct { const char *name, *device; int irq; rc_t want; } cases[] = {
        { "mmio_ram_refused", "memory@40000000", 0, rcInvalidOperation },
        { "mmio_console_uart_refused", "pl011@9000000", 0, rcNoCapability },
        { "mmio_console_uart_by_compatible_refused", "arm,pl011", 0, rcNoCapability },
        { "mmio_gic_refused", "intc@8000000", 0, rcNoCapability },
        { "mmio_timer_refused", "timer", 0, rcNoCapability },
        { "mmio_unknown_refused", "nosuch@1234", 0, rcDeviceNotFound },
        { "mmio_empty_name_refused", "", 0, rcDeviceNotFound },
        { "mmio_policy_denies", "fw-cfg@9020000", 0, rcSecurityDisallow },
        { "mmio_no_region_refused", "gpio-keys", 0, rcDeviceNotFound },
        { "irq_ram_refused", "memory@40000000", 1, rcInvalidOperation },
        { "irq_console_uart_refused", "pl011@9000000", 1, rcNoCapability },
        { "irq_timer_refused", "timer", 1, rcNoCapability },
        { "irq_pmu_refused", "pmu", 1, rcNoCapability },
        { "irq_none_refused", "fw-cfg@9020000", 1, rcDeviceNotFound },
        { "irq_unknown_refused", "nosuch", 1, rcDeviceNotFound },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vg_handle_t h = 0;
        rc_t rc = cases[i].irq ? vg_io_open_irq(cases[i].device, &h, 0) : vg_io_open_mmio(cases[i].device, &h, 0);
        UT_EXPECT(cases[i].name, rc == cases[i].want && h == 0, "%s: %s, want %s", cases[i].device, rc_name(rc),
                  rc_name(cases[i].want));
        if (rc == rcOk)
            vg_handle_close(h);
    }
    char longname[80];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    vg_handle_t h = 0;
    rc_t rc = vg_io_open_mmio(longname, &h, 0);
    /* longer than the IDL's string<47>: the structure check refuses it (malformed) before the policy */
    UT_EXPECT("mmio_long_name_refused", rc == rcInvalidArgument, "%s", rc_name(rc));
}

static void regions(void)
{
    vg_handle_t m = 0, m2 = 0;
    uint64_t size = 0;
    rc_t rc = vg_io_open_mmio(RTC, &m, &size);
    UT_EXPECT("mmio_open_by_name", rc == rcOk && size == 0x1000, "%s, size 0x%llx", rc_name(rc), (unsigned long long)size);
    volatile void *regs = 0;
    rc = vg_io_map_mmio(m, VG_PROT_READ | VG_PROT_WRITE, &regs);
    uint32_t id0 = regs ? rd(regs, 0xfe0) : 0, id1 = regs ? rd(regs, 0xfe4) : 0, now = regs ? rd(regs, RTC_DR) : 0;
    UT_EXPECT("mmio_map_reads_pl031", rc == rcOk && id0 == 0x31 && id1 == 0x10 && now > 1500000000u,
              "%s, PeriphID 0x%x 0x%x, DR %u", rc_name(rc), id0, id1, now);
    volatile void *again = 0;
    rc = vg_io_map_mmio(m, VG_PROT_READ, &again);
    UT_EXPECT("mmio_map_twice_refused", rc == rcAlreadyExists, "%s", rc_name(rc));
    rc = vg_io_open_mmio(RTC, &m2, 0);
    UT_EXPECT("mmio_double_open_refused", rc == rcBusy, "%s", rc_name(rc));
    rc = vg_io_open_mmio("arm,pl031", &m2, 0);
    UT_EXPECT("mmio_double_open_by_compatible_refused", rc == rcBusy, "%s", rc_name(rc));
    void *page = (void *)((uintptr_t)regs & ~(uintptr_t)4095);
    rc = vg_vmm_unmap(page, 4096);
    rc_t prc = vg_vmm_protect(page, 4096, VG_PROT_READ);
    UT_EXPECT("mmio_vmm_unmap_protect_refused", rc == rcInvalidOperation && prc == rcInvalidOperation, "unmap %s, protect %s",
              rc_name(rc), rc_name(prc));
    static const struct { const char *name; vg_handle_t h; } bad[] = {
        { "mmio_map_core_handle_refused", VG_CORE_HANDLE }, { "mmio_map_zero_handle_refused", 0 },
        { "mmio_map_forged_handle_refused", 0x12345 },
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rc = vg_io_map_mmio(bad[i].h, VG_PROT_READ, &again);
        UT_EXPECT(bad[i].name, rc == rcInvalidArgument, "%s", rc_name(rc));
    }
    vg_handle_t q = 0;
    if (vg_io_open_irq(RTC, &q, 0) == rcOk) {
        rc = vg_io_map_mmio(q, VG_PROT_READ, &again);
        rc_t wrc = vg_io_wait_irq(m, 0), arc = vg_io_ack_irq(m);
        UT_EXPECT("io_wrong_handle_types_refused", rc == rcInvalidArgument && wrc == rcInvalidArgument &&
                  arc == rcInvalidArgument, "map(irq) %s, wait(mmio) %s, ack(mmio) %s", rc_name(rc), rc_name(wrc),
                  rc_name(arc));
        vg_handle_close(q);
    }
    rc = vg_handle_copy(m, 0, &m2);
    UT_EXPECT("mmio_handle_not_copyable", rc == rcNoCapability, "%s", rc_name(rc));
    UT_EXPECT("mmio_close", vg_handle_close(m) == rcOk, "close failed");
    rc = vg_io_open_mmio("arm,pl031", &m, &size);
    UT_EXPECT("mmio_open_by_compatible_after_close", rc == rcOk, "%s", rc_name(rc));
    rc = vg_io_map_mmio(m, VG_PROT_READ | VG_PROT_EXEC, &again);
    rc_t rc2 = vg_io_map_mmio(m, VG_PROT_READ | VG_PROT_WRITE | VG_PROT_EXEC, &again);
    rc_t rc3 = vg_io_map_mmio(m, 0, &again);
    UT_EXPECT("mmio_map_exec_or_none_refused", rc == rcInvalidArgument && rc2 == rcInvalidArgument && rc3 == rcInvalidArgument,
              "%s %s %s", rc_name(rc), rc_name(rc2), rc_name(rc3));
    vg_handle_close(m);

    /* Two virtio-mmio transports share a 4 KiB page: holding one keeps the other. */
    rc = vg_io_open_mmio("virtio_mmio@a000000", &m, &size);
    rc2 = vg_io_open_mmio("virtio_mmio@a000200", &m2, 0);
    UT_EXPECT("mmio_shared_page_refused", rc == rcOk && size == 0x200 && rc2 == rcBusy, "%s size 0x%llx, %s", rc_name(rc),
              (unsigned long long)size, rc_name(rc2));
    if (rc == rcOk && vg_io_map_mmio(m, VG_PROT_READ, &regs) == rcOk) {
        UT_EXPECT("mmio_virtio_magic", rd(regs, 0) == 0x74726976, "magic 0x%x", rd(regs, 0));
        /* Device memory handed to the kernel (unaligned, which device memory faults on; registers
         * that read as 0 bytewise): an error code, never a kernel fault. */
        struct vg_core_req q = { .hdr = { .size = sizeof q, .riid = VG_CORE_TIME, .mid = VG_TIME_NOW,
                                          .flags = VG_MSG_REQUEST } };
        struct vg_core_res r;
        struct vg_msgbuf in = { .data = (void *)((uintptr_t)regs + 3), .data_size = sizeof q };
        struct vg_msgbuf good_in = { .data = &q, .data_size = sizeof q };
        struct vg_msgbuf out = { .data = (void *)((uintptr_t)regs + 0x41), .data_size = sizeof r };
        struct vg_msgbuf good_out = { .data = &r, .data_size = sizeof r };
        rc = vg_call(VG_CORE_HANDLE, &in, &good_out);
        rc2 = vg_call(VG_CORE_HANDLE, &good_in, &out);
        rc3 = vg_call(VG_CORE_HANDLE, (const struct vg_msgbuf *)((uintptr_t)regs + 5), &good_out);
        UT_EXPECT("mmio_as_call_message", (rc == rcSourceFault || rc == rcInvalidArgument) && rc2 == rcTargetFault &&
                  (rc3 == rcSourceFault || rc3 == rcInvalidArgument), "request %s, response %s, msgbuf %s",
                  rc_name(rc), rc_name(rc2), rc_name(rc3));
    }
    vg_handle_close(m);
}

static vg_handle_t waited_irq;

static int irq_waiter(void *arg)
{
    (void)arg;
    return vg_io_wait_irq(waited_irq, VG_INFINITE);
}

/* A thread waiting forever on an interrupt: a second waiter is refused, and closing the handle from
 * another thread ends the wait (the handle's object goes, the waiter does not touch it). */
static void wait_ended_by_close(void)
{
    vg_handle_t q = 0;
    rc_t rc = vg_io_open_irq(RTC, &q, 0);
    vg_thread_t *th = 0;
    waited_irq = q;
    if (rc == rcOk)
        rc = vg_thread_create(&th, irq_waiter, 0, VG_PRIORITY_NORMAL, 0);
    vg_thread_sleep(20 * UT_MS);
    rc_t second = vg_io_wait_irq(q, 10 * UT_MS);
    rc_t crc = vg_handle_close(q);
    int code = 0;
    rc_t jrc = th ? vg_thread_join(th, 2 * UT_SEC, &code) : rcFail;
    UT_EXPECT("irq_second_waiter_refused", rc == rcOk && second == rcBusy, "%s, %s", rc_name(rc), rc_name(second));
    UT_EXPECT("irq_wait_ended_by_close", crc == rcOk && jrc == rcOk && code == rcNotConnected, "close %s, join %s, wait %s",
              rc_name(crc), rc_name(jrc), rc_name((rc_t)code));
}

static void interrupts(void)
{
    vg_handle_t m = 0, q = 0, q2 = 0;
    volatile void *regs = 0;
    uint32_t intid = 0;
    rc_t rc = vg_io_open_mmio(RTC, &m, 0);
    if (rc == rcOk)
        rc = vg_io_map_mmio(m, VG_PROT_READ | VG_PROT_WRITE, &regs);
    rc_t qrc = vg_io_open_irq(RTC, &q, &intid);
    UT_EXPECT("irq_open", rc == rcOk && qrc == rcOk && intid == 34, "mmio %s, irq %s, INTID %u", rc_name(rc),
              rc_name(qrc), intid);
    if (rc != rcOk || qrc != rcOk)
        return;
    rc = vg_io_open_irq("arm,pl031", &q2, 0);
    UT_EXPECT("irq_double_open_refused", rc == rcBusy, "%s", rc_name(rc));
    rc = vg_io_wait_irq(q, 0);
    rc_t arc = vg_io_ack_irq(q);
    UT_EXPECT("irq_poll_nothing", rc == rcTimeout && arc == rcInvalidOperation, "wait %s, ack %s", rc_name(rc), rc_name(arc));
    /* The alarm: the match register one second ahead. */
    wr(regs, RTC_ICR, 1);
    wr(regs, RTC_MR, rd(regs, RTC_DR) + 1);
    wr(regs, RTC_IMSC, 1);
    uint64_t t0 = ut_now();
    rc = vg_io_wait_irq(q, 5 * UT_SEC);
    uint64_t waited = ut_now() - t0;
    UT_EXPECT("irq_delivered", rc == rcOk && rd(regs, RTC_MIS) == 1 && waited < 3 * UT_SEC, "%s after %llu ms, MIS %u",
              rc_name(rc), (unsigned long long)(waited / UT_MS), rd(regs, RTC_MIS));
    /* The line is still asserted, but the interrupt is masked until the ack: no second event. */
    vg_thread_sleep(20 * UT_MS);
    rc = vg_io_wait_irq(q, 20 * UT_MS);
    UT_EXPECT("irq_masked_until_ack", rc == rcTimeout, "%s", rc_name(rc));
    wr(regs, RTC_IMSC, 0);
    wr(regs, RTC_ICR, 1);
    arc = vg_io_ack_irq(q);
    rc = vg_io_wait_irq(q, 20 * UT_MS);
    rc_t arc2 = vg_io_ack_irq(q);
    UT_EXPECT("irq_ack", arc == rcOk && rc == rcTimeout && arc2 == rcInvalidOperation, "ack %s, wait %s, ack again %s",
              rc_name(arc), rc_name(rc), rc_name(arc2));
    /* Fired while nobody waited: kept for the next wait. */
    wr(regs, RTC_MR, rd(regs, RTC_DR) + 1);
    wr(regs, RTC_IMSC, 1);
    vg_thread_sleep(2100 * UT_MS);
    rc = vg_io_wait_irq(q, 0);
    wr(regs, RTC_IMSC, 0);
    wr(regs, RTC_ICR, 1);
    arc = vg_io_ack_irq(q);
    UT_EXPECT("irq_kept_until_wait", rc == rcOk && arc == rcOk, "wait %s, ack %s", rc_name(rc), rc_name(arc));
    rc = vg_io_wait_irq(VG_CORE_HANDLE, 0);
    arc = vg_io_ack_irq(0x12345);
    UT_EXPECT("irq_wrong_handle_refused", rc == rcInvalidArgument && arc == rcInvalidArgument, "wait %s, ack %s",
              rc_name(rc), rc_name(arc));
    UT_EXPECT("irq_close", vg_handle_close(q) == rcOk, "close failed");
    rc = vg_io_wait_irq(q, 0);
    UT_EXPECT("irq_closed_handle_refused", rc == rcInvalidArgument, "%s", rc_name(rc));
    vg_handle_close(m);
}

#define DMA_QUOTA (1024u * 1024u) /* PROCESS_DMA_QUOTA_FRAMES pages */

static void dma(void)
{
    uint64_t free0 = ut_free_bytes();
    vg_handle_t b = 0, b2 = 0;
    uint64_t bus = 0;
    rc_t rc = vg_io_alloc_dma(3 * 4096 + 1, &b, &bus);
    UT_EXPECT("dma_alloc", rc == rcOk && bus && bus % 4096 == 0 && bus >= 0x40000000ull &&
              ut_free_bytes() <= free0 - 4 * 4096, "%s, bus 0x%llx, free %llu -> %llu", rc_name(rc),
              (unsigned long long)bus, (unsigned long long)free0, (unsigned long long)ut_free_bytes());
    volatile uint32_t *p = 0;
    rc = vg_io_map_mmio(b, VG_PROT_READ | VG_PROT_WRITE, (volatile void **)&p);
    int zero = 1;
    for (unsigned i = 0; p && i < 4 * 1024; i++)
        zero &= p[i] == 0;
    for (unsigned i = 0; p && i < 4 * 1024; i++)
        p[i] = i * 2654435761u;
    int same = 1;
    for (unsigned i = 0; p && i < 4 * 1024; i++)
        same &= p[i] == i * 2654435761u;
    UT_EXPECT("dma_map_zeroed_rw", rc == rcOk && zero && same, "%s, zeroed %d, read back %d", rc_name(rc), zero, same);
    volatile void *again;
    rc = vg_io_map_mmio(b, VG_PROT_READ, &again);
    rc_t urc = vg_vmm_unmap((void *)(uintptr_t)p, 4096);
    UT_EXPECT("dma_map_twice_unmap_refused", rc == rcAlreadyExists && urc == rcInvalidOperation, "map %s, unmap %s",
              rc_name(rc), rc_name(urc));
    rc = vg_io_alloc_dma(0, &b2, 0);
    rc_t big = vg_io_alloc_dma(DMA_QUOTA + 1, &b2, 0);
    UT_EXPECT("dma_bad_sizes_refused", rc == rcInvalidArgument && big == rcQuotaExceeded, "0: %s, over 1 MiB: %s",
              rc_name(rc), rc_name(big));
    /* The quota is the process's: 16 KiB held, so 1 MiB - 16 KiB more fits and a page beyond does not. */
    rc = vg_io_alloc_dma(DMA_QUOTA - 4 * 4096, &b2, 0);
    vg_handle_t b3 = 0;
    rc_t over = vg_io_alloc_dma(4096, &b3, 0);
    UT_EXPECT("dma_quota", rc == rcOk && over == rcQuotaExceeded, "rest: %s, one page more: %s", rc_name(rc),
              rc_name(over));
    rc = vg_handle_copy(b, 0, &b3);
    UT_EXPECT("dma_handle_not_copyable", rc == rcNoCapability, "%s", rc_name(rc));
    vg_handle_close(b2);
    vg_handle_close(b);
    UT_EXPECT("dma_freed_on_close", ut_free_bytes() == free0, "free %llu -> %llu", (unsigned long long)free0,
              (unsigned long long)ut_free_bytes());
    rc = vg_io_wait_irq(b, 0);
    UT_EXPECT("dma_closed_handle_refused", vg_io_map_mmio(b, VG_PROT_READ, &again) == rcInvalidArgument &&
              rc == rcInvalidArgument, "wait %s", rc_name(rc));
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    struct kcounts before;
    rc_t brc = kcounts_read(&before);
    refusals();
    regions();
    interrupts();
    wait_ended_by_close();
    dma();
    run_child("hold", VG_TASK_EXITED, 0);
    run_child("fault", VG_TASK_FAULTED, -1);
    run_child("after-close", VG_TASK_FAULTED, -1);
    kcounts_check_back("io", brc, &before);
    printf("t_io: %d failed\n", check_failures);
    return check_failures != 0;
}
