/* C for an IDL package (<pkg>.idl.h): constants, types, and for the interface: per-method message
 * structs and constants, the proxy, the implementation ops table and the dispatcher. Static
 * assertions tie every struct to the layout nkc computed (and the KSM checks against). */
#include <string.h>

#include "gen_util.h"

static const char *const dir_struct[] = {"req", "out", "err"};

static void gen_type(struct gen *g, const struct nkc_package *pkg, const struct nkc_type *t)
{
    const char *cname = nkc_sprintf(g->ctx, "%s_%s", pkg->cname, t->name);
    if (t->kind == NKC_T_TYPEDEF) {
        emit(g, "typedef %s;%s\n", c_decl(g, t->elem, cname), c_comment(g, t->elem));
        emit(g, "_Static_assert(sizeof(%s) == %u, \"nkc layout of %s.%s\");\n\n", cname, t->size, pkg->name,
             t->name);
        return;
    }
    if (t->kind == NKC_T_UNION) {
        for (size_t i = 0; i < t->nfields; i++)
            emit(g, "#define %s_tag_%s %zuu\n", cname, t->fields[i].name, i);
        emit(g, "struct %s {\n    uint32_t tag; /* %s_tag_* */\n    union {\n", cname, cname);
        for (size_t i = 0; i < t->nfields; i++)
            emit(g, "        %s;%s\n", c_decl(g, t->fields[i].type, t->fields[i].name),
                 c_comment(g, t->fields[i].type));
        emit(g, "    } u;\n};\n");
        emit(g, "_Static_assert(sizeof(struct %s) == %u && offsetof(struct %s, u) == %u, \"nkc layout of %s.%s\");\n\n",
             cname, t->size, cname, t->union_offset, pkg->name, t->name);
        return;
    }
    emit(g, "struct %s {\n", cname);
    for (size_t i = 0; i < t->nfields; i++)
        emit(g, "    %s;%s\n", c_decl(g, t->fields[i].type, t->fields[i].name), c_comment(g, t->fields[i].type));
    emit(g, "};\n_Static_assert(sizeof(struct %s) == %u", cname, t->size);
    for (size_t i = 0; i < t->nfields; i++)
        emit(g, " &&\n               offsetof(struct %s, %s) == %u", cname, t->fields[i].name, t->fields[i].offset);
    emit(g, ", \"nkc layout of %s.%s\");\n\n", pkg->name, t->name);
}

static const char *signature(struct gen *g, const struct nkc_method *m)
{
    static const char *const dirs[] = {"in", "out", "error"};
    const char *s = nkc_sprintf(g->ctx, "%s(", m->name);
    for (size_t i = 0; i < m->nparams; i++)
        s = nkc_sprintf(g->ctx, "%s%s%s %s %s", s, i ? ", " : "", dirs[m->params[i].dir],
                        nkc_type_str(g->ctx, m->params[i].type), m->params[i].name);
    return nkc_sprintf(g->ctx, "%s)", s);
}

static void gen_message(struct gen *g, const char *mname, const struct nkc_msg_layout *l, int dir)
{
    const char *sname = nkc_sprintf(g->ctx, "%s_%s", mname, dir_struct[dir]);
    emit(g, "struct %s {\n    struct vg_msg_hdr hdr;\n", sname);
    for (size_t i = 0; i < l->nslots; i++)
        emit(g, "    %s;%s\n", c_decl(g, l->slots[i].param->type, l->slots[i].param->name),
             c_comment(g, l->slots[i].param->type));
    emit(g, "};\n_Static_assert(sizeof(struct %s) == %u", sname, l->size);
    for (size_t i = 0; i < l->nslots; i++)
        emit(g, " &&\n               offsetof(struct %s, %s) == %u", sname, l->slots[i].param->name,
             l->slots[i].offset);
    emit(g, ", \"nkc layout of %s\");\n\n", sname);
}

static void gen_method(struct gen *g, const struct nkc_package *pkg, const struct nkc_method *m)
{
    const char *mname = nkc_sprintf(g->ctx, "%s_%s", pkg->cname, m->name);
    const struct nkc_msg_layout *req = &m->layout[NKC_REQUEST], *out = &m->layout[NKC_RESPONSE],
                                *err = &m->layout[NKC_ERROR_RESPONSE];
    uint64_t res_arena = out->arena_max > err->arena_max ? out->arena_max : err->arena_max;
    emit(g, "/* %s */\n", signature(g, m));
    emit(g, "#define %s_mid %u\n", mname, m->mid);
    emit(g, "#define %s_req_handles %uu\n", mname, req->nhandles);
    emit(g, "#define %s_res_handles %uu\n", mname, out->nhandles);
    emit(g, "#define %s_err_handles %uu\n", mname, err->nhandles);
    emit(g, "#define %s_req_arena_size %uu\n", mname, arena_cap(req->arena_max));
    emit(g, "#define %s_res_arena_size %uu\n\n", mname, arena_cap(res_arena));
    for (int d = NKC_REQUEST; d <= NKC_ERROR_RESPONSE; d++)
        gen_message(g, mname, &m->layout[d], d);
    emit(g, "union %s_res {\n    struct vg_msg_hdr hdr;\n    struct %s_out out;\n    struct %s_err err;\n};\n\n",
         mname, mname, mname);
}

/* The simplified form carries the handler's result code in the UInt16, and the proxy folds it back
 * into its own result, so the client gets exactly the code the handler returned. */
const char *nkc_simplified_error(const struct nkc_ctx *ctx, const struct nkc_method *m)
{
    const struct nkc_param *e = NULL;
    if (ctx->extended_errors)
        return NULL;
    for (size_t i = 0; i < m->nparams; i++) {
        if (m->params[i].dir != NKC_ERR)
            continue;
        if (e)
            return NULL;
        e = &m->params[i];
    }
    if (!e)
        return NULL;
    const struct nkc_type *t = nkc_type_resolve(e->type);
    return t->kind == NKC_T_INT && t->bits == 16 && !t->is_signed ? e->name : NULL;
}

static void gen_proxy(struct gen *g, const struct nkc_package *pkg)
{
    const char *p = pkg->cname;
    emit(g, "/* Client side: proxy_init with the transport and the endpoint's RIID, then one call per method.\n"
            " * A call returns rcOk (res->out), NK_ERROR_RESPONSE (res->err) or a negative rc. */\n");
    emit(g, "struct %s_proxy {\n    struct nk_proxy base;\n};\n\n", p);
    emit(g, "static inline void %s_proxy_init(struct %s_proxy *proxy, struct nk_transport *transport, vg_iid_t riid)\n"
            "{\n    nk_proxy_init(&proxy->base, transport, riid);\n}\n\n", p, p);
    for (size_t i = 0; i < pkg->nmethods; i++) {
        const char *m = nkc_sprintf(g->ctx, "%s_%s", p, pkg->methods[i].name);
        emit(g, "static inline rc_t %s(struct %s_proxy *proxy, struct %s_req *req, const struct nk_arena *req_arena,\n"
                "        union %s_res *res, struct nk_arena *res_arena)\n{\n", m, p, m, m);
        const char *folded = nkc_simplified_error(g->ctx, &pkg->methods[i]);
        if (!folded) {
            emit(g, "    return nk_proxy_call(&proxy->base, %s_mid, &req->hdr, sizeof *req, %s_req_handles, req_arena,\n"
                    "                         &res->hdr, sizeof *res, sizeof res->out, sizeof res->err, res_arena);\n}\n\n",
                 m, m);
            continue;
        }
        emit(g, "    rc_t rc = nk_proxy_call(&proxy->base, %s_mid, &req->hdr, sizeof *req, %s_req_handles, req_arena,\n"
                "                            &res->hdr, sizeof *res, sizeof res->out, sizeof res->err, res_arena);\n",
             m, m);
        emit(g, "    /* Simplified error handling: the handler's code, folded into the one UInt16 error parameter. */\n"
                "    return rc == NK_ERROR_RESPONSE ? nk_error_unfold(res->err.%s) : rc;\n}\n\n", folded);
    }
}

static void gen_server(struct gen *g, const struct nkc_package *pkg)
{
    const char *p = pkg->cname;
    emit(g, "/* Server side: an implementation is a struct %s (put it first in your state) whose ops\n"
            " * fill res->out and return rcOk, or fill res->err and return NK_ERROR_RESPONSE. */\n", p);
    emit(g, "struct %s;\n\nstruct %s_ops {\n", p, p);
    for (size_t i = 0; i < pkg->nmethods; i++) {
        const char *m = nkc_sprintf(g->ctx, "%s_%s", p, pkg->methods[i].name);
        emit(g, "    rc_t (*%s)(struct %s *self, const struct %s_req *req, const struct nk_arena *req_arena,\n"
                "            union %s_res *res, struct nk_arena *res_arena);\n", pkg->methods[i].name, p, m, m);
    }
    if (pkg->nmethods == 0)
        emit(g, "    int unused; /* the interface has no methods */\n");
    emit(g, "};\n\nstruct %s {\n    const struct %s_ops *ops;\n};\n\n", p, p);

    emit(g, "/* Any request or response of the interface: sizes receive buffers. */\n");
    emit(g, "union %s_req {\n    struct vg_msg_hdr hdr;\n", p);
    for (size_t i = 0; i < pkg->nmethods; i++)
        emit(g, "    struct %s_%s_req %s;\n", p, pkg->methods[i].name, pkg->methods[i].name);
    emit(g, "};\n\nunion %s_res {\n    struct vg_msg_hdr hdr;\n", p);
    for (size_t i = 0; i < pkg->nmethods; i++)
        emit(g, "    union %s_%s_res %s;\n", p, pkg->methods[i].name, pkg->methods[i].name);
    uint64_t req_arena = 0, res_arena = 0;
    for (size_t i = 0; i < pkg->nmethods; i++) {
        const struct nkc_method *m = &pkg->methods[i];
        if (m->layout[NKC_REQUEST].arena_max > req_arena)
            req_arena = m->layout[NKC_REQUEST].arena_max;
        for (int d = NKC_RESPONSE; d <= NKC_ERROR_RESPONSE; d++)
            if (m->layout[d].arena_max > res_arena)
                res_arena = m->layout[d].arena_max;
    }
    emit(g, "};\n\n#define %s_req_arena_size %uu\n#define %s_res_arena_size %uu\n\n", p, arena_cap(req_arena), p,
         arena_cap(res_arena));

    emit(g, "/* Routes a request by MID to impl's method and completes the response header. */\n");
    emit(g, "static inline rc_t %s_dispatch(struct %s *impl, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,\n"
            "        struct vg_msg_hdr *res, struct nk_arena *res_arena)\n{\n", p, p);
    emit(g, "    if (!impl)\n        return nk_reply_reject(req, res, res_arena, rcResourceNotFound);\n");
    if (pkg->nmethods == 0) {
        emit(g, "    (void)req_arena;\n    return nk_reply_reject(req, res, res_arena, rcResourceNotFound);\n}\n\n");
        return;
    }
    emit(g, "    switch (req->mid) {\n");
    for (size_t i = 0; i < pkg->nmethods; i++) {
        const char *name = pkg->methods[i].name;
        const char *m = nkc_sprintf(g->ctx, "%s_%s", p, name);
        emit(g, "    case %s_mid: {\n", m);
        emit(g, "        union %s_res *r = (union %s_res *)res;\n", m, m);
        emit(g, "        if (req->size != sizeof(struct %s_req) || !impl->ops->%s)\n"
                "            return nk_reply_reject(req, res, res_arena, rcInvalidArgument);\n", m, name);
        emit(g, "        rc_t rc = impl->ops->%s(impl, (const struct %s_req *)req, req_arena, r, res_arena);\n", name, m);
        const char *folded = nkc_simplified_error(g->ctx, &pkg->methods[i]);
        emit(g, "        %snk_reply_finish(req, res, rc, sizeof r->out, %s_res_handles, sizeof r->err,\n"
                "%s%s_err_handles, res_arena);\n", folded ? "rc = " : "return ", m,
             folded ? "                           " : "                               ", m);
        if (folded)
            emit(g, "        if (rc < 0) /* simplified error handling: the code travels in the UInt16 */\n"
                    "            r->err.%s = nk_error_fold(rc);\n        return rc;\n", folded);
        emit(g, "    }\n");
    }
    emit(g, "    default:\n        return nk_reply_reject(req, res, res_arena, rcResourceNotFound);\n    }\n}\n\n");
}

static void gen_idl_body(struct gen *g, const void *arg)
{
    const struct nkc_package *pkg = arg;
    const char *guard = nkc_sprintf(g->ctx, "%s_IDL_H", c_upper(g, pkg->cname));
    emit(g, "/* %s: generated by nkc from %s; do not edit. */\n", nkc_gen_idl_path(g->ctx, pkg), base_name(pkg->path));
    emit(g, "#ifndef %s\n#define %s\n\n#include <stddef.h>\n#include <stdint.h>\n\n", guard, guard);
    emit(g, "#include <vigil/msg.h>\n#include <vigil/nk/arena.h>\n#include <vigil/nk/transport.h>\n#include <vigil/rc.h>\n");
    for (size_t i = 0; i < pkg->nimports; i++)
        emit(g, "#include <%s>\n", nkc_gen_idl_path(g->ctx, pkg->imports[i]));
    emit(g, "\n");
    if (pkg->nconsts) {
        for (size_t i = 0; i < pkg->nconsts; i++)
            emit(g, "#define %s_%s %s\n", pkg->cname, pkg->consts[i].name, c_const_value(g, &pkg->consts[i]));
        emit(g, "\n");
    }
    for (size_t i = 0; i < pkg->ntypes; i++)
        gen_type(g, pkg, pkg->types[i]);
    if (pkg->has_interface) {
        emit(g, "#define %s_methods %zuu\n\n", pkg->cname, pkg->nmethods);
        for (size_t i = 0; i < pkg->nmethods; i++)
            gen_method(g, pkg, &pkg->methods[i]);
        gen_proxy(g, pkg);
        gen_server(g, pkg);
    }
    emit(g, "#endif\n");
}

int nkc_gen_idl(struct nkc_ctx *ctx, const struct nkc_package *pkg, FILE *out)
{
    return gen_run(ctx, out, gen_idl_body, pkg);
}
