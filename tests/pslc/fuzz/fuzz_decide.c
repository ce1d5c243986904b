/* libFuzzer: random events and messages against a compiled policy (tests/pslc/examples/basic).
 * Nothing crashes, and a message that fails the structure check is never granted. */
#include <string.h>

#include "ksm/audit.h"
#include "ksm/policy.h"
#include "ksm/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int ready;
    if (!ready) {
        ksm_init(1);
        ready = 1;
    }
    if (size < 12)
        return 0;
    struct ksm_event ev = {0};
    int n = ksm_class_count();
    ev.kind = data[0] % (KSM_EV_COUNT + 1);   /* one past the end: an invalid kind */
    ev.src_class = (int32_t)(data[1] % (n + 1));
    ev.dst_class = (int32_t)(data[2] % (n + 1));
    ev.src_sid = data[3];
    ev.dst_sid = data[4];
    ev.riid = data[5] % 3;
    ev.mid = data[6] % 20;
    ev.nhandles = data[7] % (KSM_MAX_HANDLES + 2);
    if (ev.nhandles > KSM_MAX_HANDLES)
        ev.nhandles = KSM_MAX_HANDLES;
    for (uint32_t i = 0; i < ev.nhandles; i++)
        ev.handle_sids[i] = 100 + i;
    uint32_t split = data[8] | (uint32_t)data[9] << 8;
    const uint8_t *body = data + 10;
    size_t blen = size - 10;
    if (split > blen)
        split = (uint32_t)blen;
    static _Alignas(8) uint8_t msg[4096], arena[4096];
    uint32_t msz = split > sizeof msg ? sizeof msg : split;
    uint32_t asz = (uint32_t)(blen - split) > sizeof arena ? sizeof arena : (uint32_t)(blen - split);
    memcpy(msg, body, msz);
    memcpy(arena, body + split, asz);
    if (data[10 % size] & 1 && msz >= sizeof(struct vg_msg_hdr)) {   /* often make the header plausible */
        struct vg_msg_hdr h;
        memcpy(&h, msg, sizeof h);
        h.size = msz;
        h.riid = ev.riid;
        h.mid = ev.mid;
        h.ncaps = ev.nhandles;
        h.arena_size = asz;
        h.reserved = 0;
        memcpy(msg, &h, sizeof h);
    }
    ev.msg = msg;
    ev.msg_size = msz;
    ev.arena = asz ? arena : NULL;
    ev.arena_size = asz;
    int d = ksm_check(&ev);
    if (d == KSM_GRANTED && ev.kind != KSM_EV_EXECUTE) {
        int owner = ev.kind == KSM_EV_REQUEST ? ev.dst_class : ev.src_class;
        const struct ksm_class_layout *cl = ksm_policy.classes[owner].layout;
        const struct ksm_msg_layout *l =
            ev.kind == KSM_EV_SECURITY ? (cl->security && ev.riid == 0 && ev.mid < cl->security->nmethods
                                              ? &cl->security->methods[ev.mid].msg[KSM_DIR_REQUEST] : NULL)
                                       : ksm_layout_lookup(cl, ev.riid, ev.mid, (enum ksm_dir)ev.kind);
        if (!l || ksm_verify(l, msg, msz, ev.arena, asz, NULL) != KSM_VERIFY_OK)
            __builtin_trap();   /* a malformed message was granted */
    }
    struct ksm_audit_record r[4];
    while (ksm_audit_read(r, 4))
        ;
    return 0;
}
