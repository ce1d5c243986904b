/* The round-trip test's view of a generated process class: written by rtgen (from the EDL files of
 * the golden corpus), used by roundtrip.c. Every method is reachable through its generated proxy
 * (call) and served by the generated dispatchers, whose implementations all end in rt_serve(). */
#ifndef NKC_ROUNDTRIP_H
#define NKC_ROUNDTRIP_H

#include <stddef.h>

#include <ksm/layout.h>
#include <vigil/nk/transport.h>

typedef rc_t rt_call_fn(const struct nk_proxy *proxy, struct vg_msg_hdr *req, struct nk_arena *req_arena,
                        struct vg_msg_hdr *res, struct nk_arena *res_arena);

struct rt_method {
    vg_iid_t riid, mid;
    const char *endpoint;        /* "deep.nested.ints" */
    const char *method;          /* "types.Ints.Narrow" */
    rt_call_fn *call;            /* the generated proxy method */
    int folded;                  /* simplified error handling: an error response's UInt16 at this
                                    offset is the proxy's result (0: the extended form) */
};

struct rt_class {
    const char *name;
    const struct ksm_class_layout *layout;
    nk_dispatch_fn *dispatch;    /* the generated entity dispatcher */
    void *entity;
    void (*init)(void);          /* wires the entity's components to the test implementations */
    const struct rt_method *methods;
    size_t nmethods;
    size_t req_size, res_size;   /* sizeof the class's request/response unions */
};

extern const struct rt_class *const rt_classes[];
extern const size_t rt_nclasses;

/* Every generated implementation method calls this. */
rc_t rt_serve(const struct vg_msg_hdr *req, const struct nk_arena *req_arena, struct vg_msg_hdr *res,
              struct nk_arena *res_arena);

#endif
