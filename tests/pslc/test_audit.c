/* Audit: profiles per binding, run-time levels, Flow omit, always-logged denials, ring overflow and the
 * dump. Linked with tests/pslc/audit/security.psl. With an argument, also writes a dump there for
 * ksm-audit-decode (checked by 40-pslc.sh). */
#include <stdio.h>
#include <string.h>

#include "../host/check.h"
#include "ksm/audit.h"
#include "ksm/layout.h"
#include "ksm/policy.h"

enum { MID_V1 = 7, MID_V2, MID_V3, MID_V4, MID_V5, MID_V6 };
static int app, core;
static const char *dump_path;

static int security(ksm_sid_t sid, uint16_t mid, uint32_t v, int32_t size_delta) {
    const struct ksm_class_layout *cl = ksm_policy.classes[app].layout;
    uint32_t size = cl->security->methods[mid].msg[KSM_DIR_REQUEST].size;
    _Alignas(8) uint8_t buf[64] = {0};
    struct vg_msg_hdr h = {size + (uint32_t)size_delta, 0, mid, VG_MSG_REQUEST, 0, 0, 0};
    memcpy(buf, &h, sizeof h);
    memcpy(buf + 24, &v, 4);
    struct ksm_event ev = {.kind = KSM_EV_SECURITY, .src_sid = sid, .src_class = app, .dst_class = app,
                           .mid = mid, .msg = buf, .msg_size = size + (uint32_t)size_delta};
    return ksm_check(&ev);
}

static size_t drain(struct ksm_audit_record *r, size_t max) { return ksm_audit_read(r, max); }

static const char *loc(const struct ksm_audit_record *r) {
    return r->loc == KSM_AUDIT_NONE ? "-" : ksm_policy.locs[r->loc].s;
}
static const char *site(const struct ksm_audit_record *r) {
    return r->site == KSM_AUDIT_NONE ? "-" : ksm_policy.sites[r->site].text;
}

TEST(audit_levels_and_profiles) {
    struct ksm_audit_record r[8];
    app = ksm_class_id("App");
    core = ksm_class_id("kl.core.Core");
    CHECK(app >= 0 && core >= 0);
    CHECK_EQ(ksm_init(1), KSM_GRANTED);
    CHECK_EQ(ksm_audit_level(), 1);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(r[0].kind == KSM_EV_EXECUTE && r[0].decision == KSM_GRANTED && strcmp(site(&r[0]), "grant") == 0);
    CHECK(strstr(loc(&r[0]), "security.psl:20") != NULL);
    struct ksm_event ex = {.kind = KSM_EV_EXECUTE, .src_sid = 1, .dst_sid = 100, .src_class = core, .dst_class = app};
    CHECK_EQ(ksm_check(&ex), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 2);   /* grant () and f.init, both at level 1 */
    CHECK(strcmp(site(&r[1]), "f.init") == 0 && r[1].dst_sid == 100);
    CHECK_EQ(security(100, MID_V1, 1, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK_EQ(security(100, MID_V1, 2, 0), KSM_DENIED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(r[0].decision == KSM_DENIED && r[0].result == 1 && strcmp(site(&r[0]), "assert") == 0);
    CHECK_EQ(security(100, MID_V2, 0, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 0);   /* Flow omit: entering "b" */
    CHECK_EQ(security(100, MID_V3, 0, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK_EQ(security(100, MID_V4, 0, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 0);   /* the binding's own profile: quiet */
    CHECK_EQ(ksm_audit_set_level(0), 0);
    CHECK_EQ(security(100, MID_V1, 1, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 0);
    CHECK_EQ(security(100, MID_V1, 2, 0), KSM_DENIED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK_EQ(ksm_audit_set_level(5), 0);
    CHECK_EQ(security(100, MID_V1, 2, 0), KSM_DENIED);
    CHECK_EQ(drain(r, 8), 0);
    CHECK_EQ(ksm_audit_set_level(-1), -1);
}

TEST(audit_always_logged) {
    struct ksm_audit_record r[8];
    CHECK_EQ(security(100, MID_V5, 0, 0), KSM_DENIED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(r[0].reason == KSM_AR_NO_BINDING && r[0].site == KSM_AUDIT_NONE && r[0].mid == MID_V5);
    CHECK_EQ(security(100, MID_V1, 1, 8), KSM_MALFORMED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(r[0].reason == KSM_AR_MALFORMED && r[0].decision == KSM_MALFORMED);
}

TEST(audit_ring_overflow) {
    static struct ksm_audit_record r[KSM_AUDIT_RING + 8];
    uint32_t before = ksm_audit_dropped();
    for (int i = 0; i < (int)KSM_AUDIT_RING + 44; i++)
        security(100, MID_V5, 0, 0);
    CHECK_EQ(drain(r, KSM_AUDIT_RING + 8), KSM_AUDIT_RING);
    CHECK_EQ(ksm_audit_dropped() - before, 44);
    CHECK(r[KSM_AUDIT_RING - 1].seq - r[0].seq == KSM_AUDIT_RING - 1);   /* the newest are kept */
}

TEST(audit_dump) {
    static uint8_t buf[8192];
    ksm_audit_set_level(1);
    CHECK_EQ(security(100, MID_V1, 1, 0), KSM_GRANTED);
    CHECK_EQ(security(100, MID_V1, 2, 0), KSM_DENIED);
    CHECK_EQ(security(100, MID_V5, 0, 0), KSM_DENIED);
    CHECK_EQ(ksm_audit_dump(buf, 16), 0);   /* too small for the names */
    size_t n = ksm_audit_dump(buf, sizeof buf);
    CHECK(n > 3 * KSM_AUDIT_RECORD_BYTES);
    struct ksm_audit_record r[2];
    CHECK_EQ(ksm_audit_read(r, 2), 0);      /* consumed */
    if (dump_path) {
        FILE *f = fopen(dump_path, "wb");
        CHECK(f && fwrite(buf, 1, n, f) == n);
        fclose(f);
    }
}

/* `deny (B)` (security.psl:27): its records name it "deny", as assert's name "assert", granted and denied. */
TEST(audit_deny_condition) {
    struct ksm_audit_record r[8];
    ksm_audit_set_level(1);
    drain(r, 8);
    CHECK_EQ(security(100, MID_V6, 6, 0), KSM_DENIED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(r[0].decision == KSM_DENIED && r[0].result == 1 && strcmp(site(&r[0]), "deny") == 0);
    CHECK(strstr(loc(&r[0]), "security.psl:27") != NULL);
    CHECK_EQ(security(100, MID_V6, 7, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(r[0].decision == KSM_GRANTED && strcmp(site(&r[0]), "deny") == 0);
    CHECK_EQ(ksm_audit_set_level(0), 0);   /* level 0 logs base's denials only */
    CHECK_EQ(security(100, MID_V6, 7, 0), KSM_GRANTED);
    CHECK_EQ(drain(r, 8), 0);
    CHECK_EQ(security(100, MID_V6, 6, 0), KSM_DENIED);
    CHECK_EQ(drain(r, 8), 1);
    CHECK(strcmp(site(&r[0]), "deny") == 0);
}

/* The reason of the last denial, as the audit line and PAL reports give it. */
static const char *last_reason(void) {
    static char text[256];
    const struct ksm_denial *d = ksm_last_denial();
    struct ksm_audit_record r = {.kind = KSM_EV_SECURITY, .reason = d->reason, .src_class = app, .dst_class = app,
                                 .mid = MID_V5, .loc = d->loc, .site = d->site, .why = d->why};
    ksm_audit_reason_text(&r, text, sizeof text);
    return text;
}

/* Why: the same whether the block ran on the interpreter (a level that logs) or as C (one that does not),
 * for the structure check, no binding and the rules; and the records carry it. */
TEST(audit_reasons) {
    struct ksm_audit_record r[8];
    for (int lvl = 1; lvl <= 5; lvl += 4) {
        CHECK_EQ(ksm_audit_set_level(lvl), 0);
        CHECK_EQ(security(100, MID_V1, 2, 0), KSM_DENIED);
        CHECK(strcmp(last_reason(), "assert (message.v == 1): 2 == 1 is false") == 0);
        CHECK_EQ(security(100, MID_V6, 6, 0), KSM_DENIED);
        CHECK(strcmp(last_reason(), "deny (message.v == 6): 6 == 6 is true") == 0);
        CHECK_EQ(security(100, MID_V1, 1, 8), KSM_MALFORMED);
        CHECK(strcmp(last_reason(), "header at offset 0: constant part size does not match the method "
                                    "(expected a constant part of 28 bytes)") == 0);
        CHECK_EQ(security(100, MID_V5, 0, 0), KSM_DENIED);
        CHECK(strcmp(last_reason(), "security src=App method=V5") == 0);
        drain(r, 8);
    }
    /* f is in "a" (audit_levels_and_profiles): entering "a" again is no transition */
    CHECK_EQ(ksm_audit_set_level(1), 0);
    CHECK_EQ(security(100, MID_V3, 0, 0), KSM_DENIED);
    CHECK(strcmp(last_reason(), "f is in state \"a\", no transition to \"a\"") == 0);
    CHECK_EQ(drain(r, 8), 1);
    char text[256];
    ksm_audit_reason_text(&r[0], text, sizeof text);
    CHECK(strcmp(text, last_reason()) == 0 && r[0].why.code == KSM_WHY_FLOW);
    /* a string whose arena segment lies outside the arena: the field, its offset, what was expected */
    const struct ksm_class_layout *cl = ksm_policy.classes[app].layout;
    uint16_t mid_name = 4;
    uint32_t size = cl->security->methods[mid_name].msg[KSM_DIR_REQUEST].size;
    _Alignas(8) uint8_t buf[64] = {0};
    struct vg_msg_hdr h = {size, 0, mid_name, VG_MSG_REQUEST, 0, 4, 0};
    memcpy(buf, &h, sizeof h);
    uint32_t seg[2] = {8, 4};   /* offset 8, size 4, in an arena of 4 bytes */
    memcpy(buf + 24, seg, sizeof seg);
    static const char arena[4] = "abc";
    struct ksm_event ev = {.kind = KSM_EV_SECURITY, .src_sid = 100, .src_class = app, .dst_class = app,
                           .mid = mid_name, .msg = buf, .msg_size = size, .arena = arena, .arena_size = 4};
    CHECK_EQ(ksm_check(&ev), KSM_MALFORMED);
    CHECK(strcmp(last_reason(), "field s at offset 24: arena segment outside the arena") == 0);
    CHECK_EQ(drain(r, 8), 1);
    ksm_audit_reason_text(&r[0], text, sizeof text);
    CHECK(strcmp(text, last_reason()) == 0);
    /* a buffer too small for the text is cut, and terminated */
    CHECK_EQ(ksm_audit_reason_text(&r[0], text, 6), 5);
    CHECK(strcmp(text, "field") == 0);
    CHECK_EQ(ksm_audit_reason_text(&r[0], text, 0), 0);
}

int main(int argc, char **argv) {
    dump_path = argc > 1 ? argv[1] : NULL;
    RUN(audit_levels_and_profiles);
    RUN(audit_always_logged);
    RUN(audit_ring_overflow);
    RUN(audit_reasons);
    RUN(audit_dump);
    RUN(audit_deny_condition);
    return check_summary();
}
