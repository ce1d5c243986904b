/* The structure verifier (see verify.h). Reads the message byte by byte (little-endian, as both the
 * host and AArch64 are), or the header as one copy, so that no alignment is assumed of the buffers it
 * is given. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verify.h"

struct vstate {
    const uint8_t *arena;
    uint32_t arena_size;
    uint32_t next_free;            /* segments must start at or after the end of the previous one */
    struct ksm_verify_info *info;
};

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static enum ksm_verify_result fail(struct vstate *s, enum ksm_verify_result r, const struct ksm_field *f,
                                   uint32_t offset, int in_arena)
{
    if (s->info) {
        s->info->field = f;
        s->info->offset = offset;
        s->info->in_arena = in_arena;
    }
    return r;
}

static enum ksm_verify_result check_fields(struct vstate *s, const struct ksm_field *fields, uint32_t nfields,
                                           const uint8_t *base, uint32_t base_size, uint32_t base_off,
                                           int in_arena, unsigned depth);

/* An arena segment {offset, size}: in range, in order; returns OK with *seg_off set. */
static enum ksm_verify_result check_segment(struct vstate *s, const struct ksm_field *f, const uint8_t *desc,
                                            uint32_t where, int in_arena, uint32_t *seg_off, uint32_t *seg_size)
{
    uint32_t off = rd32(desc), size = rd32(desc + 4);
    *seg_off = off;
    *seg_size = size;
    if (size == 0)
        return off <= s->arena_size ? KSM_VERIFY_OK : fail(s, KSM_VERIFY_SEG_RANGE, f, where, in_arena);
    if (off > s->arena_size || size > s->arena_size - off)
        return fail(s, KSM_VERIFY_SEG_RANGE, f, where, in_arena);
    if (off < s->next_free)
        return fail(s, KSM_VERIFY_SEG_OVERLAP, f, where, in_arena);
    return KSM_VERIFY_OK;
}

static enum ksm_verify_result check_field(struct vstate *s, const struct ksm_field *f, const uint8_t *base,
                                          uint32_t base_size, uint32_t base_off, int in_arena, unsigned depth)
{
    uint32_t need = f->kind == KSM_F_TAG ? 4 : 8;
    if (f->offset > base_size || base_size - f->offset < need)
        return fail(s, KSM_VERIFY_LAYOUT, f, base_off, in_arena);
    const uint8_t *p = base + f->offset;
    uint32_t where = base_off + f->offset;
    uint32_t off, size;
    enum ksm_verify_result r;
    switch (f->kind) {
    case KSM_F_HANDLE:
        return KSM_VERIFY_OK; /* the count is checked in the header; the kernel resolves the value */
    case KSM_F_TAG: {
        uint32_t tag = rd32(p);
        if (tag >= f->max)
            return fail(s, KSM_VERIFY_TAG, f, where, in_arena);
        if (!f->arms || f->arms[tag].nfields == 0)
            return KSM_VERIFY_OK;
        if (depth >= KSM_LAYOUT_MAX_DEPTH)
            return fail(s, KSM_VERIFY_LAYOUT, f, where, in_arena);
        /* Only the member in use: the others' bytes mean nothing (the sender need not clear them). */
        return check_fields(s, f->arms[tag].fields, f->arms[tag].nfields, base, base_size, base_off, in_arena,
                            depth + 1);
    }
    case KSM_F_STRING:
        if ((r = check_segment(s, f, p, where, in_arena, &off, &size)) != KSM_VERIFY_OK || size == 0)
            return r;
        if (size > f->max)
            return fail(s, KSM_VERIFY_SEG_BOUND, f, where, in_arena);
        if (s->arena[off + size - 1] != 0)
            return fail(s, KSM_VERIFY_STRING, f, where, in_arena);
        s->next_free = off + size;
        return KSM_VERIFY_OK;
    case KSM_F_SEQUENCE:
        if (f->elem_size == 0 || f->elem_align == 0 || (f->elem_align & (f->elem_align - 1)))
            return fail(s, KSM_VERIFY_LAYOUT, f, where, in_arena);
        if ((r = check_segment(s, f, p, where, in_arena, &off, &size)) != KSM_VERIFY_OK || size == 0)
            return r;
        if (off & (f->elem_align - 1u))
            return fail(s, KSM_VERIFY_SEG_ALIGN, f, where, in_arena);
        if (size % f->elem_size)
            return fail(s, KSM_VERIFY_SEG_PARTIAL, f, where, in_arena);
        if (size / f->elem_size > f->max)
            return fail(s, KSM_VERIFY_SEG_BOUND, f, where, in_arena);
        s->next_free = off + size;
        if (!f->elem || f->elem->nfields == 0)
            return KSM_VERIFY_OK;
        if (depth >= KSM_LAYOUT_MAX_DEPTH)
            return fail(s, KSM_VERIFY_LAYOUT, f, where, in_arena);
        for (uint32_t at = off; at < off + size; at += f->elem_size) {
            r = check_fields(s, f->elem->fields, f->elem->nfields, s->arena + at, f->elem_size, at, 1, depth + 1);
            if (r != KSM_VERIFY_OK)
                return r;
        }
        return KSM_VERIFY_OK;
    default:
        return fail(s, KSM_VERIFY_LAYOUT, f, where, in_arena);
    }
}

static enum ksm_verify_result check_fields(struct vstate *s, const struct ksm_field *fields, uint32_t nfields,
                                           const uint8_t *base, uint32_t base_size, uint32_t base_off,
                                           int in_arena, unsigned depth)
{
    for (uint32_t i = 0; i < nfields; i++) {
        enum ksm_verify_result r = check_field(s, &fields[i], base, base_size, base_off, in_arena, depth);
        if (r != KSM_VERIFY_OK)
            return r;
    }
    return KSM_VERIFY_OK;
}

static const uint32_t dir_flags[] = {
    [KSM_DIR_REQUEST] = VG_MSG_REQUEST,
    [KSM_DIR_RESPONSE] = VG_MSG_RESPONSE,
    [KSM_DIR_ERROR] = VG_MSG_RESPONSE | VG_MSG_ERROR,
};

/* Which check a header that does not match its layout fails first, in the documented order (verify.h). */
__attribute__((noinline)) static enum ksm_verify_result header_error(struct vstate *s, const struct ksm_msg_layout *l,
                                                                      const uint8_t *m, uint32_t msg_size)
{
    struct vg_msg_hdr hdr;
    const struct vg_msg_hdr *h = &hdr;
    __builtin_memcpy(&hdr, m, sizeof hdr);
    if (h->size != msg_size || msg_size != l->size)
        return fail(s, KSM_VERIFY_SIZE, NULL, offsetof(struct vg_msg_hdr, size), 0);
    if (h->mid != l->mid)
        return fail(s, KSM_VERIFY_MID, NULL, offsetof(struct vg_msg_hdr, mid), 0);
    if (h->flags != dir_flags[l->dir])
        return fail(s, KSM_VERIFY_FLAGS, NULL, offsetof(struct vg_msg_hdr, flags), 0);
    if (h->reserved != 0)
        return fail(s, KSM_VERIFY_RESERVED, NULL, offsetof(struct vg_msg_hdr, reserved), 0);
    if (h->ncaps != l->nhandles)
        return fail(s, KSM_VERIFY_NCAPS, NULL, offsetof(struct vg_msg_hdr, ncaps), 0);
    return fail(s, KSM_VERIFY_ARENA_SIZE, NULL, offsetof(struct vg_msg_hdr, arena_size), 0);
}

enum ksm_verify_result ksm_verify(const struct ksm_msg_layout *l, const void *msg, uint32_t msg_size,
                                  const void *arena, uint32_t arena_size, struct ksm_verify_info *info)
{
    struct vstate s = {.arena = arena, .arena_size = arena_size, .next_free = 0, .info = info};
    const uint8_t *m = msg;
    if (!l)
        return fail(&s, KSM_VERIFY_NO_LAYOUT, NULL, 0, 0);
    if (!m || msg_size < sizeof(struct vg_msg_hdr))
        return fail(&s, KSM_VERIFY_SHORT, NULL, 0, 0);
    if (l->dir > KSM_DIR_ERROR)
        return fail(&s, KSM_VERIFY_LAYOUT, NULL, 0, 0);
    /* The header as three words (each one copy, at any alignment) against the one the layout implies:
     * size, any riid (the caller chose the layout by it), mid | flags, ncaps | arena_size, reserved = 0.
     * Only a header that differs is looked at field by field, for the first check it fails. */
    _Static_assert(sizeof(struct vg_msg_hdr) == 24 && offsetof(struct vg_msg_hdr, riid) == 4 &&
                       offsetof(struct vg_msg_hdr, mid) == 6 && offsetof(struct vg_msg_hdr, flags) == 8 &&
                       offsetof(struct vg_msg_hdr, ncaps) == 12 && offsetof(struct vg_msg_hdr, arena_size) == 16,
                   "the header's words");
    uint64_t w0, w1, w2;
    __builtin_memcpy(&w0, m, 8);
    __builtin_memcpy(&w1, m + 8, 8);
    __builtin_memcpy(&w2, m + 16, 8);
    uint64_t diff = ((w0 ^ (msg_size | (uint64_t)l->mid << 48)) & ~((uint64_t)0xffff << 32)) |
                    (w1 ^ (dir_flags[l->dir] | (uint64_t)l->nhandles << 32)) | (w2 ^ arena_size);
    if (diff != 0 || msg_size != l->size || arena_size > l->arena_max || arena_size > VG_ARENA_MAX_SIZE ||
        (arena_size && !arena))
        return header_error(&s, l, m, msg_size);
    if (l->nfields == 0)
        return KSM_VERIFY_OK;
    return check_fields(&s, l->fields, l->nfields, m, msg_size, 0, 0, 0);
}

const char *ksm_verify_name(enum ksm_verify_result r)
{
    switch (r) {
#define KSM_VERIFY_NAME(name, text) case name: return #name;
        KSM_VERIFY_LIST(KSM_VERIFY_NAME)
#undef KSM_VERIFY_NAME
    }
    return "KSM_VERIFY_?";
}

const char *ksm_verify_text(enum ksm_verify_result r)
{
    switch (r) {
#define KSM_VERIFY_TEXT(name, text) case name: return text;
        KSM_VERIFY_LIST(KSM_VERIFY_TEXT)
#undef KSM_VERIFY_TEXT
    }
    return "unknown verifier result";
}
