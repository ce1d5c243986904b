#include "audit.h"
#include "arch.h"
#include "console.h"
#include "clock.h"
#include "process.h"
#include "ksm/audit.h"
#include "ksm/fast.h"

uint32_t audit_lost_reported;

static void put_text(const char *s, uint32_t len)
{
    for (uint32_t i = 0; i < len && s[i]; i++)
        arch_console_putc(s[i]);
}

/* CLASS(SID)[NAME pid PID]: the process that holds the SID now (the kernel's own SID: "kernel pid 0"). */
static void put_class(int id, uint32_t sid)
{
    const char *name = ksm_class_name(id);
    kprintf("%s(%u)", name ? name : "?", sid);
    if (sid == SID_KERNEL) {
        kputs("[kernel pid 0]");
        return;
    }
    for (struct process *p = process_list(); p; p = p->next)
        if (p->obj.sid == sid) {
            kprintf("[%s pid %u]", p->name, p->pid);
            return;
        }
}

static void print_record(const struct ksm_audit_record *r)
{
    static const char *const kinds[] = {"request", "response", "error", "security", "execute"};
    static const char *const decisions[] = {"granted", "denied", "malformed"};
    static const char *const results[] = {"granted", "denied", "error"};
    kprintf("audit: #%u %s src=", r->seq, r->kind < 5 ? kinds[r->kind] : "?");
    put_class(r->src_class, r->src_sid);
    if (r->kind != 3 /* security: no destination */) {
        kputs(" dst=");
        put_class(r->dst_class, r->dst_sid);
    }
    if (r->kind != 4 /* execute: no method */) {
        uint32_t len;
        /* Requests name the method in the destination's class, responses in the source's. */
        int owner = r->kind == 0 ? r->dst_class : r->src_class;
        const char *point = ksm_audit_point_name(owner, r->kind, r->riid, r->mid, &len);
        kputs(" ");
        if (point)
            put_text(point, len);
        else
            kprintf("riid=%u mid=%u", r->riid, r->mid);
    }
    kprintf(" %s: ", r->decision < 3 ? decisions[r->decision] : "?");
    static char why[256];   /* one record at a time, with preemption off */
    ksm_audit_reason_text(r, why, sizeof why);
    if (r->reason == KSM_AR_NO_BINDING || r->reason == KSM_AR_MALFORMED) {
        kprintf("%s%s%s\n", r->reason == KSM_AR_NO_BINDING ? "no binding matched" : "malformed message",
                why[0] ? ": " : "", why);
        return;
    }
    uint32_t len;
    const char *loc = ksm_audit_loc_name(r->loc, &len);
    if (loc)
        put_text(loc, len);
    else
        kputs("-");
    const char *site = ksm_audit_site_name(r->site);
    kprintf(" %s %s%s%s\n", site ? site : "-", r->reason == KSM_AR_ERROR ? "error" : r->result < 3 ? results[r->result] : "?",
            why[0] ? ": " : "", why);
}

static void report_suppressed(struct process *p, struct audit_limit *l)
{
    if (!l->suppressed)
        return;
    kprintf("audit: %u records suppressed (source %s pid %u)\n", l->suppressed, p ? p->name : "kernel",
            p ? p->pid : 0);
    l->suppressed = 0;
}

/* Whether a line of source p may go to the console now. */
static bool admit(struct process *p, struct audit_limit *l)
{
    uint64_t now = clock_now_ns();
    if (now - l->window_start_ns >= AUDIT_WINDOW_NS) {
        l->window_start_ns = now;
        l->printed = 0;
    }
    if (l->printed >= AUDIT_BURST) {
        l->suppressed++;
        return false;
    }
    report_suppressed(p, l);
    l->printed++;
    return true;
}

void audit_print_records(void)
{
    uint32_t lost = ksm_audit_dropped_now;   /* ksm/fast.h: a load, not a call, on every decision */
    if (lost != audit_lost_reported) {
        kprintf("audit: %u records lost (the audit ring was full)\n", lost - audit_lost_reported);
        audit_lost_reported = lost;
    }
    if (!ksm_audit_count_now)
        return;
    /* The kernel's own decisions (its start, the PAL runner's tests) are not limited. */
    struct process *p = process_current();
    if (p == process_kernel())
        p = 0;
    struct ksm_audit_record recs[8];
    size_t n;
    while ((n = ksm_audit_read(recs, 8)) > 0)
        for (size_t i = 0; i < n; i++)
            if (!p || admit(p, &p->audit))
                print_record(&recs[i]);
}

void audit_flush(struct process *p)
{
    report_suppressed(p, &p->audit);
}
