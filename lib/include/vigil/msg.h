/* The IPC message format shared by the kernel, ksm/ (structure verifier), tools/nkc (generated code)
 * and lib/ (transport runtime). See docs/ipc.md for the full description.
 *
 * A message is a constant part and an optional arena:
 *   constant part = struct vg_msg_hdr (24 bytes, 8-aligned) followed by the method's fixed-size
 *                   parameters, laid out as the IDL fixes them (natural alignment, packed by nkc);
 *   arena         = a byte buffer holding variable-size parameters; the constant part refers to it
 *                   with struct vg_arena_ptr {offset, size} descriptors (size in bytes).
 * Handles travel in the constant part as struct vg_handle_desc; hdr.ncaps counts them.
 * Bounds: constant part <= VG_MSG_MAX_SIZE bytes, arena <= VG_ARENA_MAX_SIZE bytes, ncaps <= VG_MSG_MAX_HANDLES. */
#ifndef VIGIL_MSG_H
#define VIGIL_MSG_H

#include <stdint.h>

#define VG_MSG_MAX_SIZE     4096u          /* constant part, header included */
#define VG_ARENA_MAX_SIZE   (64u * 1024u)  /* arena */
#define VG_MSG_MAX_HANDLES  8u

/* hdr.flags */
#define VG_MSG_REQUEST   0x1u
#define VG_MSG_RESPONSE  0x2u
#define VG_MSG_ERROR     0x4u   /* a response that carries error parameters instead of out parameters */

typedef uint16_t vg_iid_t;     /* RIID and MID */

struct vg_msg_hdr {
    uint32_t size;        /* bytes in the constant part, this header included */
    vg_iid_t riid;        /* endpoint (runtime implementation) index in the server's class */
    vg_iid_t mid;         /* method index in the endpoint's interface */
    uint32_t flags;       /* VG_MSG_* */
    uint32_t ncaps;       /* number of struct vg_handle_desc fields in the constant part */
    uint32_t arena_size;  /* bytes of arena used (0: no arena is sent) */
    uint32_t reserved;    /* must be 0 */
};

struct vg_arena_ptr {     /* a segment of the arena: [offset, offset + size) */
    uint32_t offset;
    uint32_t size;
};

struct vg_handle_desc {   /* a handle passed in a message; rights may only narrow */
    uint32_t handle;
    uint32_t rights;
};

/* Where a message lives in the sender's (or receiver's) memory: the argument of Call, Recv and Reply.
 * For a send, data_size/arena_size are the bytes to send; for a receive, the capacities. */
struct vg_msgbuf {
    void *data;           /* constant part, starting with struct vg_msg_hdr */
    uint32_t data_size;
    uint32_t arena_size;
    void *arena;
};

_Static_assert(sizeof(struct vg_msg_hdr) == 24, "message header is 24 bytes");
_Static_assert(sizeof(struct vg_arena_ptr) == 8, "arena descriptor is 8 bytes");

#endif
