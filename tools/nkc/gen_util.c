/* Helpers shared by the C generators. */
#include <string.h>

#include <vigil/msg.h>

#include "gen_util.h"

void emit(struct gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(g->out, fmt, ap);
    va_end(ap);
}

int gen_run(struct nkc_ctx *ctx, FILE *out, void (*body)(struct gen *g, const void *arg), const void *arg)
{
    struct gen g = {ctx, out};
    jmp_buf here;
    jmp_buf *saved = ctx->bail;
    ctx->bail = &here;
    if (setjmp(here)) {
        ctx->bail = saved;
        return -1;
    }
    body(&g, arg);
    ctx->bail = saved;
    if (fflush(out) != 0 || ferror(out)) {
        struct nkc_loc none = {0};
        nkc_report(ctx, NKC_ERROR, NULL, none, "error writing the generated file");
        return -1;
    }
    return 0;
}

const char *c_type(struct gen *g, const struct nkc_type *t)
{
    switch (t->kind) {
    case NKC_T_INT:
        return nkc_sprintf(g->ctx, "%sint%u_t", t->is_signed ? "" : "u", t->bits);
    case NKC_T_HANDLE:
        return "struct vg_handle_desc";
    case NKC_T_SEQUENCE:
    case NKC_T_BYTES:
    case NKC_T_STRING:
        return "struct vg_arena_ptr";
    case NKC_T_ARRAY:
        return c_type(g, t->elem);
    case NKC_T_STRUCT:
    case NKC_T_UNION:
        return nkc_sprintf(g->ctx, "struct %s_%s", t->pkg->cname, t->name);
    case NKC_T_TYPEDEF:
        return nkc_sprintf(g->ctx, "%s_%s", t->pkg->cname, t->name);
    }
    return "?";
}

const char *c_decl(struct gen *g, const struct nkc_type *t, const char *name)
{
    if (t->kind == NKC_T_ARRAY)
        return c_decl(g, t->elem, nkc_sprintf(g->ctx, "%s[%llu]", name, (unsigned long long)t->bound));
    return nkc_sprintf(g->ctx, "%s %s", c_type(g, t), name);
}

const char *c_comment(struct gen *g, const struct nkc_type *t)
{
    while (t->kind == NKC_T_ARRAY)
        t = t->elem;
    if (t->kind == NKC_T_SEQUENCE || t->kind == NKC_T_BYTES || t->kind == NKC_T_STRING)
        return nkc_sprintf(g->ctx, " /* %s */", nkc_type_str(g->ctx, t));
    return "";
}

const char *c_const_value(struct gen *g, const struct nkc_const *c)
{
    const struct nkc_type *t = nkc_type_resolve(c->type);
    if (!t->is_signed) {
        uint64_t v = (uint64_t)c->value;
        return t->bits == 64 ? nkc_sprintf(g->ctx, "UINT64_C(%llu)", (unsigned long long)v)
                             : nkc_sprintf(g->ctx, "%lluu", (unsigned long long)v);
    }
    if (c->value == INT64_MIN)
        return "(-INT64_C(9223372036854775807) - 1)";
    if (t->bits == 64)
        return nkc_sprintf(g->ctx, "INT64_C(%lld)", (long long)c->value);
    return c->value < 0 ? nkc_sprintf(g->ctx, "(%lld)", (long long)c->value)
                        : nkc_sprintf(g->ctx, "%lld", (long long)c->value);
}

const char *c_upper(struct gen *g, const char *cname)
{
    char *s = nkc_strdup(g->ctx, cname);
    for (char *c = s; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    return s;
}

const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

uint32_t arena_cap(uint64_t arena_max)
{
    return arena_max > VG_ARENA_MAX_SIZE ? VG_ARENA_MAX_SIZE : (uint32_t)arena_max;
}

static const char *file_path(struct nkc_ctx *ctx, const char *qname, const char *ext)
{
    char *s = nkc_sprintf(ctx, "%s%s", qname, ext);
    for (char *c = s; *c && c < s + strlen(qname); c++)
        if (*c == '.')
            *c = '/';
    return s;
}

/* Path helpers allocate; with no bail point set they must not fail, so use plain malloc-free logic:
 * a context allocation failure here is reported and the name is NULL. */
static const char *safe_path(struct nkc_ctx *ctx, const char *qname, const char *ext)
{
    jmp_buf here;
    jmp_buf *saved = ctx->bail;
    const char *volatile r = NULL;
    ctx->bail = &here;
    if (setjmp(here) == 0)
        r = file_path(ctx, qname, ext);
    ctx->bail = saved;
    return r;
}

const char *nkc_gen_idl_path(struct nkc_ctx *ctx, const struct nkc_package *pkg)
{
    return safe_path(ctx, pkg->name, ".idl.h");
}

const char *nkc_gen_component_path(struct nkc_ctx *ctx, const struct nkc_component *c)
{
    return safe_path(ctx, c->name, c->is_entity ? ".edl.h" : ".cdl.h");
}

const char *nkc_gen_layout_path(struct nkc_ctx *ctx, const struct nkc_component *entity)
{
    return safe_path(ctx, entity->name, ".layout.c");
}
