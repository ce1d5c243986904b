/* The security audit on the console: after a decision the kernel prints the KSM's new audit records
 * (every denial, and whatever else the policy's audit profile selects), one line each:
 *   audit: #SEQ EVENT src=CLASS(SID) dst=CLASS(SID) ENDPOINT.METHOD DECISION: WHY
 * WHY is "FILE:LINE OBJECT.RULE" for a rule, "no binding matched" or "malformed message" — the same
 * format as tools/pslc's ksm-audit-decode prints from a dump.
 * The console is rate-limited per source, the process whose system call caused the decision (the
 * kernel's own decisions are not limited): at most AUDIT_BURST lines a source per AUDIT_WINDOW_NS. The
 * records beyond are counted, never lost, and their number is printed before that source's next
 * line, or when it ends, as
 *   audit: N records suppressed (source NAME pid PID)
 * Records the KSM's ring itself dropped are reported likewise ("audit: N records lost ..."). */
#ifndef KERNEL_AUDIT_H
#define KERNEL_AUDIT_H
#include <stdint.h>

#include "ksm/fast.h"

#define AUDIT_BURST 16u
#define AUDIT_WINDOW_NS 1000000000ull

/* A source's share of the console, embedded in struct process. */
struct audit_limit {
    uint64_t window_start_ns;
    uint32_t printed;       /* lines this window */
    uint32_t suppressed;    /* records not printed since the last report */
};

struct process;
void audit_print_records(void);
extern uint32_t audit_lost_reported;   /* ksm_audit_dropped() when a loss was last reported */
/* After every decision: nothing to do, in two loads, unless the KSM logged or lost a record. */
static inline void audit_print_pending(void)
{
    if (ksm_audit_count_now || ksm_audit_dropped_now != audit_lost_reported)
        audit_print_records();
}
/* p is ending: prints its count of suppressed records, if any. */
void audit_flush(struct process *p);
#endif
