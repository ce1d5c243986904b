/* Handle rights: a 32-bit mask checked on every use of a handle. Bits 0..15 are general (meaningful
 * for every object type), bits 16..31 are specialised: each object type gives them its own meaning
 * with VG_RIGHT_SPEC(n) (as OCAP_HANDLE_SPEC does). Kept free of kernel types so lib/ can share it
 * (vg_handle_desc.rights and every handle call of lib/ use these bits). */
#ifndef VIGIL_HANDLE_RIGHTS_H
#define VIGIL_HANDLE_RIGHTS_H

#define VG_RIGHT_TRANSFER     (1u << 0)  /* may be sent in a message (a descendant in the receiver) */
#define VG_RIGHT_COPY         (1u << 1)  /* may be duplicated within its own table */
#define VG_RIGHT_GET_SID      (1u << 2)  /* the holder may learn the object's SID */
#define VG_RIGHT_IPC_CLIENT   (1u << 3)  /* Call on a channel's client end */
#define VG_RIGHT_IPC_SERVER   (1u << 4)  /* Recv/Reply on a channel's server end */
#define VG_RIGHT_IPC_LISTENER (1u << 5)  /* Recv on a listener; add server ends to it */

#define VG_RIGHTS_GENERAL     0x0000ffffu
#define VG_RIGHT_SPEC(n)      (1u << (16u + (n)))  /* n = 0..15, meaning fixed per object type */
#define VG_RIGHTS_SPEC        0xffff0000u
#define VG_RIGHTS_ALL         0xffffffffu

#endif
