/* The structure verifier: does a message match its method's layout (layout.h)? The first step of
 * every KSM decision, before any policy rule. Freestanding, no allocation, time linear in the number
 * of descriptors and checked fields in the message.
 *
 * Checks, in order: the header (size = layout size = bytes sent, MID, direction flags, ncaps, reserved,
 * arena_size = arena bytes sent <= layout bound), then every field in message order: union tags in
 * range, then the fields of the member the tag selects (none of the other members'); each arena
 * segment inside the arena, aligned for its element, a whole number of elements, at most the bound,
 * and not overlapping an earlier one (segments must appear in increasing offset order, depth first,
 * as the nk arena allocator produces them; empty segments are exempt); strings end with their NUL
 * within the bound; sequence elements' own fields, recursively.
 * The RIID is not checked here: the caller chose the layout by it (ksm_layout_lookup). */
#ifndef KSM_VERIFY_H
#define KSM_VERIFY_H

#include <stdint.h>

#include "layout.h"

#define KSM_VERIFY_LIST(X)                                                          \
    X(KSM_VERIFY_OK, "ok")                                                          \
    X(KSM_VERIFY_NO_LAYOUT, "no such endpoint or method")                           \
    X(KSM_VERIFY_SHORT, "message shorter than its header")                         \
    X(KSM_VERIFY_SIZE, "constant part size does not match the method")             \
    X(KSM_VERIFY_MID, "method id does not match the layout")                       \
    X(KSM_VERIFY_FLAGS, "message flags do not match the direction")                \
    X(KSM_VERIFY_RESERVED, "reserved header field is not zero")                    \
    X(KSM_VERIFY_NCAPS, "handle count does not match the method")                  \
    X(KSM_VERIFY_ARENA_SIZE, "arena size does not match the header or the bound")  \
    X(KSM_VERIFY_SEG_RANGE, "arena segment outside the arena")                     \
    X(KSM_VERIFY_SEG_ALIGN, "arena segment misaligned for its element type")       \
    X(KSM_VERIFY_SEG_PARTIAL, "arena segment is not a whole number of elements")   \
    X(KSM_VERIFY_SEG_BOUND, "arena segment exceeds its bound")                     \
    X(KSM_VERIFY_SEG_OVERLAP, "arena segments overlap or are out of order")        \
    X(KSM_VERIFY_STRING, "string not terminated within its bound")                 \
    X(KSM_VERIFY_TAG, "union tag out of range")                                    \
    X(KSM_VERIFY_LAYOUT, "malformed layout table")

enum ksm_verify_result {
#define KSM_VERIFY_ENUM(name, text) name,
    KSM_VERIFY_LIST(KSM_VERIFY_ENUM)
#undef KSM_VERIFY_ENUM
};

struct ksm_verify_info {           /* where the first problem is, for the audit line */
    const struct ksm_field *field; /* NULL for header problems */
    uint32_t offset;               /* byte offset of the field: constant part, or arena when in_arena */
    int in_arena;
};

/* Checks `msg` (msg_size bytes of constant part) and `arena` (arena_size bytes) against `l`.
 * `info` may be NULL. Returns KSM_VERIFY_OK or the first failure. */
enum ksm_verify_result ksm_verify(const struct ksm_msg_layout *l, const void *msg, uint32_t msg_size,
                                  const void *arena, uint32_t arena_size, struct ksm_verify_info *info);

/* "KSM_VERIFY_SEG_RANGE" and "arena segment outside the arena" (for audit records). */
const char *ksm_verify_name(enum ksm_verify_result r);
const char *ksm_verify_text(enum ksm_verify_result r);

#endif
