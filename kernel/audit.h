/* The security audit on the console: after a decision the kernel prints the KSM's new audit records
 * (every denial, and whatever else the policy's audit profile selects), one line each:
 *   audit: #SEQ EVENT src=CLASS(SID) dst=CLASS(SID) ENDPOINT.METHOD DECISION: WHY
 * WHY is "FILE:LINE OBJECT.RULE" for a rule, "no binding matched" or "malformed message" — the same
 * format as tools/pslc's ksm-audit-decode prints from a dump. */
#ifndef KERNEL_AUDIT_H
#define KERNEL_AUDIT_H
void audit_print_pending(void);
#endif
