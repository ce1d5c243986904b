/* Message layout tables for the KSM (<Class>.layout.c, see ksm/layout.h): for every endpoint of an
 * entity, every method and direction, the constant part's size, handle count, arena bound, and the
 * fields the verifier checks, flattened (arrays expanded, structs inlined) in message order; a
 * sequence's element fields and each union member's fields are blocks of their own. */
#include <string.h>

#include "gen_util.h"

struct lblock;

struct lfield {
    const char *kind;
    uint32_t offset, elem_size, max, elem_align;
    const char *name;
    struct lblock *elem;       /* SEQUENCE: the element's fields */
    struct lblock **arms;      /* TAG: `max` blocks, one per member, when any member has fields */
    const char *arms_cname;    /* set when emitted */
};

struct lblock {
    struct nkc_vec fields;     /* struct lfield */
    const char *cname;         /* set when emitted */
};

struct lgen {
    struct gen *g;
    unsigned counter;
};

/* What flatten() pushes for t, counted without building it. */
static size_t count_fields(const struct nkc_type *t)
{
    t = nkc_type_resolve(t);
    if (!nkc_type_checked(t))
        return 0;
    size_t n = 0;
    switch (t->kind) {
    case NKC_T_ARRAY:
        return (size_t)t->bound * count_fields(t->elem);
    case NKC_T_STRUCT:
        for (size_t i = 0; i < t->nfields; i++)
            n += count_fields(t->fields[i].type);
        return n;
    default:
        return 1;
    }
}

size_t nkc_layout_nfields(const struct nkc_msg_layout *l)
{
    size_t n = 0;
    for (size_t s = 0; s < l->nslots; s++)
        n += count_fields(l->slots[s].param->type);
    return n;
}

static struct lblock *new_block(struct gen *g)
{
    struct lblock *b = nkc_alloc(g->ctx, sizeof *b);
    nkc_vec_init(&b->fields, sizeof(struct lfield));
    return b;
}

static void flatten(struct gen *g, struct lblock *b, const struct nkc_type *t, uint32_t offset, const char *name)
{
    t = nkc_type_resolve(t);
    if (!nkc_type_checked(t))
        return;
    struct lfield *f;
    switch (t->kind) {
    case NKC_T_ARRAY: {
        const struct nkc_type *e = nkc_type_resolve(t->elem);
        for (uint64_t i = 0; i < t->bound; i++)
            flatten(g, b, e, offset + (uint32_t)i * e->size, nkc_sprintf(g->ctx, "%s[%llu]", name, (unsigned long long)i));
        return;
    }
    case NKC_T_STRUCT:
        for (size_t i = 0; i < t->nfields; i++)
            flatten(g, b, t->fields[i].type, offset + t->fields[i].offset,
                    nkc_sprintf(g->ctx, "%s.%s", name, t->fields[i].name));
        return;
    default:
        break;
    }
    f = nkc_vec_push(g->ctx, &b->fields);
    f->offset = offset;
    f->name = name;
    switch (t->kind) {
    case NKC_T_HANDLE:
        f->kind = "KSM_F_HANDLE";
        break;
    case NKC_T_UNION: {
        f->kind = "KSM_F_TAG";
        f->max = (uint32_t)t->nfields;
        bool any = false;
        for (size_t i = 0; i < t->nfields; i++)
            any |= nkc_type_checked(t->fields[i].type);
        if (!any)
            break;
        /* Each member's fields where they lie, from the same base as the tag's offset: the verifier
         * checks the selected member's in place. (f stays valid: flatten() grows only the arm blocks.) */
        struct lblock **arms = nkc_alloc(g->ctx, t->nfields * sizeof *arms);
        for (size_t i = 0; i < t->nfields; i++) {
            arms[i] = new_block(g);
            flatten(g, arms[i], t->fields[i].type, offset + t->union_offset + t->fields[i].offset,
                    nkc_sprintf(g->ctx, "%s.%s", name, t->fields[i].name));
        }
        f->arms = arms;
        break;
    }
    case NKC_T_STRING:
        f->kind = "KSM_F_STRING";
        f->max = (uint32_t)t->bound + 1;
        break;
    case NKC_T_BYTES:
        f->kind = "KSM_F_SEQUENCE";
        f->elem_size = f->elem_align = 1;
        f->max = (uint32_t)t->bound;
        break;
    case NKC_T_SEQUENCE: {
        const struct nkc_type *e = nkc_type_resolve(t->elem);
        f->kind = "KSM_F_SEQUENCE";
        f->elem_size = e->size;
        f->elem_align = e->align;
        f->max = (uint32_t)t->bound;
        if (nkc_type_checked(e)) {
            f->elem = new_block(g);
            flatten(g, f->elem, e, 0, nkc_sprintf(g->ctx, "%s[]", name));
        }
        break;
    }
    default:
        break;
    }
}

static void emit_fields(struct lgen *lg, struct lblock *b, const char *cname);

/* Emits the element and member blocks a field list refers to, before the list itself. */
static void emit_children(struct lgen *lg, struct lblock *b, const char *prefix)
{
    struct lfield *f = b->fields.data;
    for (size_t i = 0; i < b->fields.n; i++) {
        if (f[i].elem) {
            emit_children(lg, f[i].elem, prefix);
            const char *name = nkc_sprintf(lg->g->ctx, "%s_elem%u", prefix, lg->counter++);
            emit_fields(lg, f[i].elem, name);
            emit(lg->g, "static const struct ksm_block %s = {%zu, %s_fields};\n\n", name, f[i].elem->fields.n, name);
            f[i].elem->cname = name;
        }
        if (f[i].arms) {
            for (uint32_t a = 0; a < f[i].max; a++)
                emit_children(lg, f[i].arms[a], prefix);
            const char *name = nkc_sprintf(lg->g->ctx, "%s_arms%u", prefix, lg->counter++);
            for (uint32_t a = 0; a < f[i].max; a++)
                if (f[i].arms[a]->fields.n) {
                    f[i].arms[a]->cname = nkc_sprintf(lg->g->ctx, "%s_%u", name, a);
                    emit_fields(lg, f[i].arms[a], f[i].arms[a]->cname);
                }
            emit(lg->g, "static const struct ksm_block %s[] = {\n", name);
            for (uint32_t a = 0; a < f[i].max; a++)
                if (f[i].arms[a]->fields.n)
                    emit(lg->g, "    {%zu, %s_fields},\n", f[i].arms[a]->fields.n, f[i].arms[a]->cname);
                else
                    emit(lg->g, "    {0, 0},\n");
            emit(lg->g, "};\n\n");
            f[i].arms_cname = name;
        }
    }
}

static void emit_fields(struct lgen *lg, struct lblock *b, const char *cname)
{
    struct lfield *f = b->fields.data;
    emit(lg->g, "static const struct ksm_field %s_fields[] = {\n", cname);
    for (size_t i = 0; i < b->fields.n; i++) {
        emit(lg->g, "    {.kind = %s, .offset = %u", f[i].kind, f[i].offset);
        if (f[i].elem_size)
            emit(lg->g, ", .elem_size = %u, .elem_align = %u", f[i].elem_size, f[i].elem_align);
        if (f[i].max)
            emit(lg->g, ", .max = %u", f[i].max);
        if (f[i].elem)
            emit(lg->g, ", .elem = &%s", f[i].elem->cname);
        if (f[i].arms)
            emit(lg->g, ", .arms = %s", f[i].arms_cname);
        emit(lg->g, ", .name = \"%s\"},\n", f[i].name);
    }
    emit(lg->g, "};\n");
}

static const char *const dir_names[] = {"req", "out", "err"};
static const char *const dir_enum[] = {"KSM_DIR_REQUEST", "KSM_DIR_RESPONSE", "KSM_DIR_ERROR"};

static void gen_iface(struct lgen *lg, const struct nkc_package *p)
{
    struct gen *g = lg->g;
    struct lblock **blocks = nkc_alloc(g->ctx, (p->nmethods * 3 + 1) * sizeof *blocks);
    for (size_t i = 0; i < p->nmethods; i++)
        for (int d = 0; d < 3; d++) {
            const struct nkc_msg_layout *l = &p->methods[i].layout[d];
            struct lblock *b = blocks[i * 3 + d] = new_block(g);
            for (size_t s = 0; s < l->nslots; s++)
                flatten(g, b, l->slots[s].param->type, l->slots[s].offset, l->slots[s].param->name);
            if (b->fields.n) {
                const char *name = nkc_sprintf(g->ctx, "%s_%s_%s", p->cname, p->methods[i].name, dir_names[d]);
                lg->counter = 0;
                emit_children(lg, b, name);
                emit_fields(lg, b, name);
                emit(g, "\n");
            }
        }
    if (p->nmethods) {
        emit(g, "static const struct ksm_method_layout %s_methods[] = {\n", p->cname);
        for (size_t i = 0; i < p->nmethods; i++) {
            const struct nkc_method *m = &p->methods[i];
            emit(g, "    {{ /* %s */\n", m->name);
            for (int d = 0; d < 3; d++) {
                const struct nkc_msg_layout *l = &m->layout[d];
                size_t n = blocks[i * 3 + d]->fields.n;
                emit(g, "        {.mid = %u, .dir = %s, .size = %u, .nhandles = %u, .arena_max = %u,\n", m->mid,
                     dir_enum[d], l->size, l->nhandles, arena_cap(l->arena_max));
                if (n)
                    emit(g, "         .nfields = %zu, .fields = %s_%s_%s_fields, .method = \"%s\"},\n", n, p->cname,
                         m->name, dir_names[d], m->name);
                else
                    emit(g, "         .method = \"%s\"},\n", m->name);
            }
            emit(g, "    }},\n");
        }
        emit(g, "};\n\n");
    }
    emit(g, "static const struct ksm_iface_layout %s_iface = {\"%s\", %zu, %s};\n\n", p->cname, p->name, p->nmethods,
         p->nmethods ? nkc_sprintf(g->ctx, "%s_methods", p->cname) : "0");
}

static void gen_layout_body(struct gen *g, const void *arg)
{
    const struct nkc_component *e = arg;
    struct lgen lg = {g, 0};
    emit(g, "/* %s: generated by nkc from %s; do not edit. */\n", nkc_gen_layout_path(g->ctx, e), base_name(e->path));
    emit(g, "#include <ksm/layout.h>\n\n");
    /* Each interface once, however many endpoints implement it. */
    const struct nkc_package **done = nkc_alloc(g->ctx, (e->nflat + 2) * sizeof *done);
    size_t ndone = 0;
    for (size_t i = 0; i <= e->nflat; i++) {
        const struct nkc_package *p = i < e->nflat ? e->flat[i].iface : e->security;
        if (!p)
            continue;
        bool seen = false;
        for (size_t j = 0; j < ndone; j++)
            seen |= done[j] == p;
        if (!seen) {
            done[ndone++] = p;
            gen_iface(&lg, p);
        }
    }
    if (e->nflat) {
        emit(g, "static const struct ksm_endpoint_layout %s_endpoints[] = {\n", e->cname);
        for (size_t i = 0; i < e->nflat; i++)
            emit(g, "    {\"%s\", &%s_iface}, /* RIID %u */\n", e->flat[i].path, e->flat[i].iface->cname, e->flat[i].riid);
        emit(g, "};\n\n");
    }
    emit(g, "const struct ksm_class_layout %s_layout = {\"%s\", %zu, %s, %s};\n", e->cname, e->name, e->nflat,
         e->nflat ? nkc_sprintf(g->ctx, "%s_endpoints", e->cname) : "0",
         e->security ? nkc_sprintf(g->ctx, "&%s_iface", e->security->cname) : "0");
}

int nkc_gen_layout(struct nkc_ctx *ctx, const struct nkc_component *entity, FILE *out)
{
    return gen_run(ctx, out, gen_layout_body, entity);
}
