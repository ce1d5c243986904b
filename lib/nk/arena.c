/* Arena helpers (see <vigil/nk/arena.h>). */
#include <string.h>

#include <vigil/nk/arena.h>

#define NK_SEGMENT_ALIGN 8u

void nk_arena_init(struct nk_arena *a, void *buf, size_t size)
{
    a->start = a->cur = buf;
    a->end = a->start ? a->start + size : a->start;
}

void nk_arena_reset(struct nk_arena *a)
{
    a->cur = a->start;
}

uint32_t nk_arena_used(const struct nk_arena *a)
{
    return a ? (uint32_t)(a->cur - a->start) : 0;
}

rc_t nk_arena_set_used(struct nk_arena *a, uint32_t used)
{
    if (used > (size_t)(a->end - a->start))
        return rcBufferTooLarge;
    a->cur = a->start + used;
    return rcOk;
}

rc_t nk_arena_alloc(struct nk_arena *a, struct vg_arena_ptr *ptr, size_t elem_size, size_t count, void **data)
{
    ptr->offset = ptr->size = 0;
    if (data)
        *data = NULL;
    if (!a || elem_size == 0)
        return rcInvalidArgument;
    size_t used = (size_t)(a->cur - a->start);
    if (count == 0) { /* an empty segment takes no space; its offset stays within the used part */
        ptr->offset = (uint32_t)used;
        return rcOk;
    }
    size_t off = (used + NK_SEGMENT_ALIGN - 1) & ~(size_t)(NK_SEGMENT_ALIGN - 1);
    size_t avail = (size_t)(a->end - a->start);
    if (count > SIZE_MAX / elem_size || off > avail || count * elem_size > avail - off ||
        off + count * elem_size > UINT32_MAX)
        return rcBufferTooSmall;
    size_t bytes = count * elem_size;
    memset(a->start + used, 0, off + bytes - used); /* padding too: no stale bytes leave the process */
    a->cur = a->start + off + bytes;
    ptr->offset = (uint32_t)off;
    ptr->size = (uint32_t)bytes;
    if (data)
        *data = a->start + off;
    return rcOk;
}

rc_t nk_arena_store(struct nk_arena *a, struct vg_arena_ptr *ptr, const void *src, size_t elem_size, size_t count)
{
    void *dst;
    rc_t rc = nk_arena_alloc(a, ptr, elem_size, count, &dst);
    if (rc == rcOk && count)
        memcpy(dst, src, count * elem_size);
    return rc;
}

rc_t nk_arena_get(const struct nk_arena *a, const struct vg_arena_ptr *ptr, size_t elem_size, size_t elem_align,
                  const void **data, size_t *count)
{
    *data = NULL;
    *count = 0;
    if (!a || elem_size == 0)
        return rcInvalidArgument;
    size_t used = (size_t)(a->cur - a->start);
    if (ptr->offset > used || ptr->size > used - ptr->offset || ptr->size % elem_size)
        return rcInvalidArgument;
    if (ptr->size == 0)
        return rcOk;
    const uint8_t *p = a->start + ptr->offset;
    if (elem_align > 1 && ((uintptr_t)p & (elem_align - 1)))
        return rcInvalidArgument;
    *data = p;
    *count = ptr->size / elem_size;
    return rcOk;
}

rc_t nk_arena_store_string(struct nk_arena *a, struct vg_arena_ptr *ptr, const char *s, size_t bound)
{
    size_t n = strlen(s);
    if (n > bound) {
        ptr->offset = ptr->size = 0;
        return rcBufferTooLarge;
    }
    return nk_arena_store(a, ptr, s, 1, n + 1);
}

rc_t nk_arena_get_string(const struct nk_arena *a, const struct vg_arena_ptr *ptr, const char **s)
{
    const void *data;
    size_t n;
    *s = NULL;
    rc_t rc = nk_arena_get(a, ptr, 1, 1, &data, &n);
    if (rc != rcOk)
        return rc;
    if (n == 0) {
        *s = "";
        return rcOk;
    }
    if (((const char *)data)[n - 1] != 0)
        return rcInvalidArgument;
    *s = data;
    return rcOk;
}
