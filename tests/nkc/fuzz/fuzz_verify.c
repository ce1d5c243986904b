/* libFuzzer target: the KSM structure verifier on arbitrary messages against the golden corpus's
 * layout tables. Input: 2 bytes choose (class, endpoint, method, direction), 2 bytes the split
 * between the constant part and the arena, the rest is the message. Small values for the header's
 * size/arena_size fields are patched in often so that the field checks are reached. */
#include <string.h>

#include <ksm/verify.h>

extern const struct ksm_class_layout app_Types_layout, app_Full_layout, app_Imports_layout, app_TaskClass_layout,
    echo_Server_layout, app_Variants_layout;

static const struct ksm_class_layout *const classes[] = {
    &app_Types_layout, &app_Full_layout, &app_Imports_layout, &app_TaskClass_layout, &echo_Server_layout,
    &app_Variants_layout,
};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static _Alignas(8) unsigned char msg[VG_MSG_MAX_SIZE + 64];
    static unsigned char arena[VG_ARENA_MAX_SIZE];
    if (size < 4)
        return 0;
    const struct ksm_class_layout *c = classes[data[0] % (sizeof classes / sizeof classes[0])];
    if (!c->nendpoints)
        return 0;
    unsigned riid = (data[1] >> 2) % c->nendpoints;
    const struct ksm_iface_layout *i = c->endpoints[riid].iface;
    if (!i->nmethods)
        return 0;
    unsigned mid = (data[1] >> 4) % i->nmethods;
    const struct ksm_msg_layout *l = ksm_layout_lookup(c, riid, mid, (enum ksm_dir)(data[1] % 3));
    size_t split = (size_t)data[2] | (size_t)data[3] << 8;
    data += 4;
    size -= 4;
    size_t msg_size = split < size ? split : size;
    if (msg_size > VG_MSG_MAX_SIZE + 64)
        msg_size = VG_MSG_MAX_SIZE + 64;
    size_t arena_size = size - msg_size > sizeof arena ? sizeof arena : size - msg_size;
    memcpy(msg, data, msg_size);
    memcpy(arena, data + msg_size, arena_size);
    if (msg_size >= sizeof(struct vg_msg_hdr) && (data[-3] & 1)) {
        struct vg_msg_hdr h;
        memcpy(&h, msg, sizeof h);
        h.size = (uint32_t)msg_size;
        h.arena_size = (uint32_t)arena_size;
        h.mid = l->mid;
        h.ncaps = l->nhandles;
        h.flags = l->dir == KSM_DIR_REQUEST ? VG_MSG_REQUEST : l->dir == KSM_DIR_RESPONSE ? VG_MSG_RESPONSE
                                                                                            : VG_MSG_RESPONSE | VG_MSG_ERROR;
        h.reserved = 0;
        memcpy(msg, &h, sizeof h);
    }
    struct ksm_verify_info info;
    enum ksm_verify_result r = ksm_verify(l, msg, (uint32_t)msg_size, arena_size ? arena : NULL, (uint32_t)arena_size, &info);
    if (ksm_verify_name(r)[0] != 'K')
        __builtin_trap();
    return 0;
}
