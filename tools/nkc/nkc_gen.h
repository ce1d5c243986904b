/* libnkc code generation, kept apart from the model (nkc.h): C transport code for programs and
 * message layout tables for the KSM. Each function writes one file's text to `out` and returns 0, or
 * -1 after reporting to the context's diagnostics sink (including write errors on `out`).
 *
 *   <pkg path>.idl.h   constants, types, per-method messages and constants, proxy, dispatcher
 *   <path>.cdl.h       the component's struct of implementations, init, dispatcher, unions
 *   <path>.edl.h       the same for a process class (entity), plus RIID constants
 *   <path>.layout.c    struct ksm_class_layout <cname>_layout (ksm/layout.h) for an entity
 * Generated headers include each other as <a/b/C.idl.h>, so the output directory goes on the
 * include path, next to lib/include. */
#ifndef NKC_GEN_H
#define NKC_GEN_H

#include <stdio.h>

#include "nkc.h"

int nkc_gen_idl(struct nkc_ctx *ctx, const struct nkc_package *pkg, FILE *out);
int nkc_gen_component(struct nkc_ctx *ctx, const struct nkc_component *c, FILE *out);
int nkc_gen_layout(struct nkc_ctx *ctx, const struct nkc_component *entity, FILE *out);
/* The number of fields the layout table of l lists (struct ksm_msg_layout's nfields): 0 iff the message
 * has scalars only, nothing for the verifier to check. pslc's fast tables need it (docs/ksm.md). */
size_t nkc_layout_nfields(const struct nkc_msg_layout *l);

/* "echo/Ping.idl.h" for package echo.Ping; "echo/Server.edl.h"; "echo/Server.layout.c". */
/* KasperskyOS's simplified error handling: a method whose only error parameter is one UInt16 has the
 * handler's rc folded into it and the proxy's result unfolded from it. That parameter's name, or
 * NULL (the extended form: error parameters reach res->err, the proxy returns NK_ERROR_RESPONSE),
 * as for every method under nkc_set_extended_errors. */
const char *nkc_simplified_error(const struct nkc_ctx *ctx, const struct nkc_method *m);
const char *nkc_gen_idl_path(struct nkc_ctx *ctx, const struct nkc_package *pkg);
const char *nkc_gen_component_path(struct nkc_ctx *ctx, const struct nkc_component *c);
const char *nkc_gen_layout_path(struct nkc_ctx *ctx, const struct nkc_component *entity);

#endif
