/* Types and message layouts: how each IDL type is represented in the constant part and the arena.
 *   UIntN/SIntN  N/8 bytes, naturally aligned
 *   Handle       struct vg_handle_desc (8 bytes, align 4), counted in hdr.ncaps
 *   array<T,N>   N elements in place
 *   sequence, bytes, string   struct vg_arena_ptr (8 bytes, align 4); the data is one arena segment
 *                (bytes and strings: 1-byte elements; a string's segment ends with its NUL)
 *   struct       C layout: members in order, natural alignment, size rounded to the alignment
 *   union        uint32 tag (index of the member in use), then the members overlaid; a variable-size
 *                member is its descriptor there, so only the member in use has arena data
 * A message: the 24-byte header, then its parameters in order, each naturally aligned, the whole
 * rounded up to its alignment: exactly the C struct the generator writes. Arena segments start on
 * 8-byte boundaries (the runtime's allocator), which arena_max accounts for. */
#include <string.h>

#include <vigil/msg.h>

#include "internal.h"
#include "ksm/layout.h"

#define SAT32(x) ((x) > UINT32_MAX ? (uint64_t)UINT32_MAX : (x))

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    if (a && b > UINT32_MAX / a)
        return UINT32_MAX;
    return a * b;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return SAT32(a + b); /* both <= UINT32_MAX: no 64-bit overflow */
}

static uint64_t round8(uint64_t x)
{
    return SAT32((x + 7) & ~(uint64_t)7);
}

static uint32_t align_up(uint32_t x, uint32_t a)
{
    return (x + a - 1) & ~(a - 1);
}

#define INT_TYPE(n, b, s) {.kind = NKC_T_INT, .name = n, .bits = b, .is_signed = s, .size = b / 8, .align = b / 8}
static const struct nkc_type builtins[] = {
    INT_TYPE("UInt8", 8, false),  INT_TYPE("UInt16", 16, false), INT_TYPE("UInt32", 32, false),
    INT_TYPE("UInt64", 64, false), INT_TYPE("SInt8", 8, true),   INT_TYPE("SInt16", 16, true),
    INT_TYPE("SInt32", 32, true),  INT_TYPE("SInt64", 64, true),
    {.kind = NKC_T_HANDLE, .name = "Handle", .size = 8, .align = 4, .nhandles = 1, .nchecks = 1},
};

const struct nkc_type *nkc_builtin_type(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

const struct nkc_type *nkc_type_resolve(const struct nkc_type *t)
{
    while (t && t->kind == NKC_T_TYPEDEF)
        t = t->elem;
    return t;
}

const struct nkc_field *nkc_type_field(const struct nkc_type *t, const char *name)
{
    t = nkc_type_resolve(t);
    if (!t || (t->kind != NKC_T_STRUCT && t->kind != NKC_T_UNION))
        return NULL;
    for (size_t i = 0; i < t->nfields; i++)
        if (strcmp(t->fields[i].name, name) == 0)
            return &t->fields[i];
    return NULL;
}

const char *nkc_type_str(struct nkc_ctx *ctx, const struct nkc_type *t)
{
    switch (t->kind) {
    case NKC_T_INT:
    case NKC_T_HANDLE:
        return t->name;
    case NKC_T_ARRAY:
        return nkc_sprintf(ctx, "array<%s, %llu>", nkc_type_str(ctx, t->elem), (unsigned long long)t->bound);
    case NKC_T_SEQUENCE:
        return nkc_sprintf(ctx, "sequence<%s, %llu>", nkc_type_str(ctx, t->elem),
                           (unsigned long long)t->bound);
    case NKC_T_BYTES:
        return nkc_sprintf(ctx, "bytes<%llu>", (unsigned long long)t->bound);
    case NKC_T_STRING:
        return nkc_sprintf(ctx, "string<%llu>", (unsigned long long)t->bound);
    default:
        return t->pkg ? nkc_sprintf(ctx, "%s.%s", t->pkg->name, t->name) : t->name;
    }
}

bool nkc_type_checked(const struct nkc_type *t)
{
    return nkc_type_resolve(t)->nchecks > 0;
}

/* The counts below are kept in each type when it is declared (from its parts', declared before it):
 * walking the parts again would take time exponential in the nesting of unions, whose members share
 * one place and so do not grow the size that bounds everything else. */
static void finish_counts(struct nkc_parser *p, struct nkc_type *t)
{
    const struct nkc_type *e = t->elem;
    switch (t->kind) {
    case NKC_T_TYPEDEF:
        t->nchecks = e->nchecks;
        t->arena_depth = e->arena_depth;
        t->block_depth = e->block_depth;
        return;
    case NKC_T_ARRAY:
        t->nchecks = (uint32_t)sat_mul(e->nchecks, t->bound);
        t->arena_depth = e->arena_depth;
        t->block_depth = e->block_depth;
        break;
    case NKC_T_SEQUENCE:
        t->nchecks = (uint32_t)sat_add(1, e->nchecks);
        t->arena_depth = (uint8_t)(e->arena_depth + 1);
        t->block_depth = (uint8_t)(e->block_depth + (e->nchecks > 0)); /* a block for the element's fields */
        break;
    case NKC_T_BYTES:
    case NKC_T_STRING:
        t->nchecks = 1;
        t->arena_depth = 1;
        break;
    case NKC_T_STRUCT:
    case NKC_T_UNION: {
        bool members_checked = false;
        for (size_t i = 0; i < t->nfields; i++) {
            const struct nkc_type *f = t->fields[i].type;
            t->nchecks = (uint32_t)sat_add(t->nchecks, f->nchecks);
            if (f->arena_depth > t->arena_depth)
                t->arena_depth = f->arena_depth;
            if (f->block_depth > t->block_depth)
                t->block_depth = f->block_depth;
            members_checked |= f->nchecks > 0;
        }
        if (t->kind == NKC_T_UNION) {
            t->nchecks = (uint32_t)sat_add(t->nchecks, 1); /* the tag */
            t->block_depth = (uint8_t)(t->block_depth + members_checked); /* a block per member */
        }
        break;
    }
    default:
        return;
    }
    if (t->arena_depth > NKC_MAX_NESTING)
        nkc_perr(p, t->loc, "variable-size data nested more than %d levels deep", NKC_MAX_NESTING);
    /* The verifier descends at most KSM_LAYOUT_MAX_DEPTH blocks and refuses a deeper table as corrupt. */
    if (t->block_depth > KSM_LAYOUT_MAX_DEPTH)
        nkc_perr(p, t->loc, "%s nests unions and sequences more than %d levels deep (the structure check's limit)",
                 nkc_type_str(p->ctx, t), KSM_LAYOUT_MAX_DEPTH);
    /* Each member has its own block, so nested unions multiply the table without taking room (what
     * bounds it for structs and arrays): a union may need at most as many fields as 64 KiB of fixed-size
     * data can hold (8 bytes or more each). */
    if (t->kind == NKC_T_UNION && t->nchecks > NKC_MAX_CHECKS)
        nkc_perr(p, t->loc, "%s needs more than %u checked fields in its layout table (its members' together)",
                 nkc_type_str(p->ctx, t), NKC_MAX_CHECKS);
}

static void check_size(struct nkc_parser *p, struct nkc_type *t, uint64_t size)
{
    if (size > VG_ARENA_MAX_SIZE)
        nkc_perr(p, t->loc, "%s takes %llu bytes; a fixed-size type takes at most %u", nkc_type_str(p->ctx, t),
                 (unsigned long long)size, VG_ARENA_MAX_SIZE);
}

void nkc_type_finish(struct nkc_parser *p, struct nkc_type *t)
{
    switch (t->kind) {
    case NKC_T_INT:
    case NKC_T_HANDLE:
        break;
    case NKC_T_TYPEDEF: {
        const struct nkc_type *e = t->elem;
        t->size = e->size;
        t->align = e->align;
        t->union_offset = e->union_offset;
        t->nhandles = e->nhandles;
        t->has_var = e->has_var;
        t->arena_max = e->arena_max;
        break;
    }
    case NKC_T_ARRAY: {
        const struct nkc_type *e = t->elem;
        uint64_t size = (uint64_t)e->size * t->bound;
        check_size(p, t, size);
        t->size = (uint32_t)size;
        t->align = e->align;
        t->nhandles = (uint32_t)(e->nhandles * t->bound);
        t->has_var = e->has_var;
        t->arena_max = sat_mul(e->arena_max, t->bound);
        break;
    }
    case NKC_T_SEQUENCE:
        if (t->elem->nhandles)
            nkc_perr(p, t->loc, "a sequence cannot hold %s: it contains a Handle, and handles travel only "
                     "in the constant part", nkc_type_str(p->ctx, t->elem));
        t->size = 8;
        t->align = 4;
        t->has_var = true;
        t->arena_max = sat_add(round8(sat_mul(t->elem->size, t->bound)), sat_mul(t->elem->arena_max, t->bound));
        break;
    case NKC_T_BYTES:
    case NKC_T_STRING:
        t->size = 8;
        t->align = 4;
        t->has_var = true;
        t->arena_max = round8(t->bound + (t->kind == NKC_T_STRING));
        break;
    case NKC_T_STRUCT: {
        uint64_t off = 0;
        t->align = 1;
        for (size_t i = 0; i < t->nfields; i++) {
            struct nkc_field *f = (struct nkc_field *)&t->fields[i];
            const struct nkc_type *ft = f->type;
            off = align_up((uint32_t)off, ft->align);
            f->offset = (uint32_t)off;
            off += ft->size;
            check_size(p, t, off);
            if (ft->align > t->align)
                t->align = ft->align;
            t->nhandles += ft->nhandles;
            t->has_var |= ft->has_var;
            t->arena_max = sat_add(t->arena_max, ft->arena_max);
        }
        t->size = align_up((uint32_t)off, t->align);
        break;
    }
    case NKC_T_UNION: {
        uint32_t max_size = 0, max_align = 4;
        for (size_t i = 0; i < t->nfields; i++) {
            const struct nkc_field *f = &t->fields[i];
            /* hdr.ncaps is fixed per method: a handle in one member only would make it vary. */
            if (f->type->nhandles)
                nkc_perr(p, f->loc, "union member '%s' contains a Handle; handles cannot be in unions (the "
                         "handle count of a message is fixed)", f->name);
            if (f->type->size > max_size)
                max_size = f->type->size;
            if (f->type->align > max_align)
                max_align = f->type->align;
            /* One member is in use: the arena holds at most the largest member's data. */
            t->has_var |= f->type->has_var;
            if (f->type->arena_max > t->arena_max)
                t->arena_max = f->type->arena_max;
        }
        t->union_offset = align_up(4, max_align);
        t->align = max_align;
        uint64_t size = align_up(t->union_offset + max_size, max_align);
        check_size(p, t, size);
        t->size = (uint32_t)size;
        break;
    }
    }
    finish_counts(p, t);
}

static const char *const dir_names[] = {"request", "response", "error response"};

void nkc_method_layout(struct nkc_parser *p, struct nkc_method *m)
{
    for (int d = NKC_REQUEST; d <= NKC_ERROR_RESPONSE; d++) {
        struct nkc_msg_layout *l = &m->layout[d];
        struct nkc_slot *slots = nkc_alloc(p->ctx, (m->nparams + 1) * sizeof *slots);
        enum nkc_param_dir want = d == NKC_REQUEST ? NKC_IN : d == NKC_RESPONSE ? NKC_OUT : NKC_ERR;
        uint64_t off = sizeof(struct vg_msg_hdr);
        l->dir = (enum nkc_msg_dir)d;
        l->align = 4;
        for (size_t i = 0; i < m->nparams; i++) {
            const struct nkc_param *pp = &m->params[i];
            if (pp->dir != want)
                continue;
            off = align_up((uint32_t)off, pp->type->align);
            slots[l->nslots].param = pp;
            slots[l->nslots].offset = (uint32_t)off;
            l->nslots++;
            off += pp->type->size;
            if (off > VG_MSG_MAX_SIZE)
                nkc_perr(p, pp->loc, "the %s of %s needs more than %u bytes with '%s' (the constant part's "
                         "limit, header included)", dir_names[d], m->name, VG_MSG_MAX_SIZE, pp->name);
            if (pp->type->align > l->align)
                l->align = pp->type->align;
            l->nhandles += pp->type->nhandles;
            if (l->nhandles > VG_MSG_MAX_HANDLES)
                nkc_perr(p, pp->loc, "the %s of %s carries more than %u handles with '%s'", dir_names[d],
                         m->name, VG_MSG_MAX_HANDLES, pp->name);
            l->arena_max = sat_add(l->arena_max, pp->type->arena_max);
        }
        l->size = align_up((uint32_t)off, l->align);
        l->slots = slots;
    }
}

const struct nkc_msg_layout *nkc_layout_for_method(const struct nkc_method *m, enum nkc_msg_dir dir)
{
    if (!m || dir > NKC_ERROR_RESPONSE)
        return NULL;
    return &m->layout[dir];
}

const struct nkc_slot *nkc_layout_find(const struct nkc_msg_layout *l, const char *name)
{
    for (size_t i = 0; i < l->nslots; i++)
        if (strcmp(l->slots[i].param->name, name) == 0)
            return &l->slots[i];
    return NULL;
}

const struct nkc_method *nkc_package_method(const struct nkc_package *p, const char *name)
{
    for (size_t i = 0; i < p->nmethods; i++)
        if (strcmp(p->methods[i].name, name) == 0)
            return &p->methods[i];
    return NULL;
}
