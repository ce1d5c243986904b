/* The arena: a byte buffer holding a message's variable-size parameters, referred to from the
 * constant part by struct vg_arena_ptr {offset, size} descriptors (see <vigil/msg.h>).
 *   start .. cur   the used part (what is sent; after a receive, what arrived)
 *   cur   .. end   free space
 * Segments are allocated at 8-byte boundaries, in the order the descriptors appear in the message:
 * the order the structure verifier requires (ksm/verify.h). Every function returns an rc_t:
 * rcBufferTooSmall when the arena is full, rcInvalidArgument for a descriptor that does not fit
 * the used part, is misaligned or is not a whole number of elements; on failure *ptr is {0, 0}. */
#ifndef VIGIL_NK_ARENA_H
#define VIGIL_NK_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include <vigil/msg.h>
#include <vigil/rc.h>

struct nk_arena {
    uint8_t *start, *cur, *end;
};

#define NK_ARENA_INITIALIZER(buf, size) \
    {(uint8_t *)(buf), (uint8_t *)(buf), (uint8_t *)(buf) + (size)}

void nk_arena_init(struct nk_arena *a, void *buf, size_t size);
void nk_arena_reset(struct nk_arena *a);                 /* forget the used part */
uint32_t nk_arena_used(const struct nk_arena *a);
/* Marks the first `used` bytes as holding data (after a receive); rcBufferTooLarge if beyond end. */
rc_t nk_arena_set_used(struct nk_arena *a, uint32_t used);

/* Reserves count elements of elem_size bytes (zeroed) and points *ptr at them. */
rc_t nk_arena_alloc(struct nk_arena *a, struct vg_arena_ptr *ptr, size_t elem_size, size_t count, void **data);
/* Copies count elements into the arena. */
rc_t nk_arena_store(struct nk_arena *a, struct vg_arena_ptr *ptr, const void *src, size_t elem_size, size_t count);
/* The elements *ptr refers to: *data and *count (0 for an empty segment, with *data possibly NULL). */
rc_t nk_arena_get(const struct nk_arena *a, const struct vg_arena_ptr *ptr, size_t elem_size, size_t elem_align,
                  const void **data, size_t *count);

/* Strings travel with their NUL; `bound` is the N of string<N> (characters, NUL excluded).
 * rcBufferTooLarge when strlen(s) > bound. */
rc_t nk_arena_store_string(struct nk_arena *a, struct vg_arena_ptr *ptr, const char *s, size_t bound);
/* A received string: "" for an empty segment; rcInvalidArgument when it does not end with NUL. */
rc_t nk_arena_get_string(const struct nk_arena *a, const struct vg_arena_ptr *ptr, const char **s);

/* Typed forms: NK_ARENA_STORE(uint32_t, &arena, &req.values, src, n), NK_ARENA_GET(T, a, ptr, &data, &n). */
#define NK_ARENA_ALLOC(T, a, ptr, count, data) nk_arena_alloc((a), (ptr), sizeof(T), (count), (void **)(data))
#define NK_ARENA_STORE(T, a, ptr, src, count) nk_arena_store((a), (ptr), (src), sizeof(T), (count))
#define NK_ARENA_GET(T, a, ptr, data, count) \
    nk_arena_get((a), (ptr), sizeof(T), _Alignof(T), (const void **)(data), (count))

#endif
