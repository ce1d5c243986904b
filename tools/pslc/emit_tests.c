/* PAL tests to C (ksm/pal.h): each test case becomes an event with its message already encoded
 * (header, constant part and arena laid out from the method's IDL), and variables `x <- execute`
 * become indexes into the runner's SID table. */
#include <stdlib.h>
#include <string.h>
#include <vigil/msg.h>

#include "../../ksm/pal.h"
#include "pslc.h"

void c_string(FILE *f, const char *s, size_t n);

struct enc {
    uint8_t *msg, *arena;
    uint32_t msg_size, arena_size, arena_cap;
    int16_t hvars[KSM_MAX_HANDLES];
    uint32_t nh;
    bool ok;
};

struct vars {
    char **names;
    int *cls;
    size_t n, cap, ccap;
    size_t max;
};

static int var_find(const struct vars *v, const char *name) {
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->names[i], name) == 0)
            return (int)i;
    return -1;
}

static void put_le(uint8_t *p, uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t arena_alloc(struct enc *e, uint32_t size, uint32_t align) {
    uint32_t off = (e->arena_size + align - 1) / align * align;
    if (off + size > VG_ARENA_MAX_SIZE)
        return UINT32_MAX;
    e->arena = xrealloc_vec(e->arena, &(size_t){e->arena_cap}, off + size + 1, 1);
    e->arena_cap = off + size + 1 > e->arena_cap ? off + size + 1 : e->arena_cap;
    e->arena_size = off + size;
    return off;
}

static bool bad(struct enc *e, struct loc loc, const char *msg, const char *name) {
    diag_error(loc, msg, name);
    e->ok = false;
    return false;
}

static bool encode(struct enc *e, const struct vars *vars, const struct nkc_type *t, uint8_t *buf, uint32_t off,
                   const struct expr *v, const char *name) {
    t = nkc_type_resolve(t);
    switch (t->kind) {
    case NKC_T_INT: {
        if (v->kind != E_INT)
            return bad(e, v->loc, "'%s' is an integer parameter", name);
        struct ksm_range r;
        int_type_range(xsprintf("%sInt%u", t->is_signed ? "S" : "U", t->bits), &r);
        if (v->neg ? !r.lo_neg || v->mag > r.lo_mag : v->mag > r.hi)
            return bad(e, v->loc, "the value does not fit the type of '%s'", name);
        put_le(buf + off, v->neg ? (uint64_t)0 - v->mag : v->mag, t->bits / 8);
        return true;
    }
    case NKC_T_HANDLE: {
        const struct expr *h = v, *rights = NULL;
        if (v->kind == E_DICT) {
            h = NULL;
            for (size_t i = 0; i < v->n; i++) {
                if (strcmp(v->keys[i], "handle") == 0)
                    h = v->items[i];
                else if (strcmp(v->keys[i], "rights") == 0)
                    rights = v->items[i];
                else
                    return bad(e, v->key_locs[i], "a handle has the fields 'handle' and 'rights', not '%s'",
                               v->keys[i]);
            }
        }
        if (!h || h->kind != E_NAME || var_find(vars, h->text) < 0)
            return bad(e, v->loc, "handle '%s' must name a test variable bound by '<- execute'", name);
        if (rights && (rights->kind != E_INT || rights->neg || rights->mag > UINT32_MAX))
            return bad(e, rights->loc, "the rights of '%s' are a 32-bit unsigned integer", name);
        if (e->nh == KSM_MAX_HANDLES)
            return bad(e, v->loc, "too many handles at '%s'", name);
        e->hvars[e->nh++] = (int16_t)var_find(vars, h->text);
        put_le(buf + off, e->nh, 4);
        put_le(buf + off + 4, rights ? rights->mag : 0, 4);
        return true;
    }
    case NKC_T_STRING:
    case NKC_T_BYTES: {
        if (v->kind != E_TEXT)
            return bad(e, v->loc, "'%s' takes a text literal", name);
        uint32_t len = (uint32_t)strlen(v->text), size = len + (t->kind == NKC_T_STRING);
        if (len > t->bound)
            return bad(e, v->loc, "the text is longer than the bound of '%s'", name);
        uint32_t at = arena_alloc(e, size, 1);
        if (at == UINT32_MAX)
            return bad(e, v->loc, "the arena overflows at '%s'", name);
        memcpy(e->arena + at, v->text, len);
        e->arena[at + len] = 0;
        put_le(buf + off, at, 4);
        put_le(buf + off + 4, size, 4);
        return true;
    }
    case NKC_T_STRUCT:
        if (v->kind != E_DICT)
            return bad(e, v->loc, "'%s' is a structure: give a dictionary of its fields", name);
        for (size_t i = 0; i < v->n; i++) {
            const struct nkc_field *f = nkc_type_field(t, v->keys[i]);
            if (!f)
                return bad(e, v->key_locs[i], "the structure has no field '%s'", v->keys[i]);
            if (!encode(e, vars, f->type, buf, off + f->offset, v->items[i], v->keys[i]))
                return false;
        }
        return true;
    case NKC_T_ARRAY:
        if (v->kind != E_LIST || v->n > t->bound)
            return bad(e, v->loc, "'%s' is an array: give a list of at most its length", name);
        for (size_t i = 0; i < v->n; i++)
            if (!encode(e, vars, t->elem, buf, off + (uint32_t)i * nkc_type_resolve(t->elem)->size, v->items[i],
                        name))
                return false;
        return true;
    case NKC_T_SEQUENCE: {
        const struct nkc_type *el = nkc_type_resolve(t->elem);
        if (v->kind != E_LIST || v->n > t->bound || el->has_var || el->nhandles)
            return bad(e, v->loc, "'%s' is a sequence: give a list of fixed-size elements within its bound", name);
        uint32_t at = arena_alloc(e, (uint32_t)v->n * el->size, el->align ? el->align : 1);
        if (at == UINT32_MAX)
            return bad(e, v->loc, "the arena overflows at '%s'", name);
        for (size_t i = 0; i < v->n; i++) {
            uint8_t *tmp = xalloc(el->size + 8);
            if (!encode(e, vars, el, tmp, 0, v->items[i], name))
                return false;
            memcpy(e->arena + at + i * el->size, tmp, el->size);
        }
        put_le(buf + off, at, 4);
        put_le(buf + off + 4, (uint32_t)v->n * el->size, 4);
        return true;
    }
    default:
        return bad(e, v->loc, "PAL messages cannot give a value for '%s' (unions are not supported)", name);
    }
}

static void bytes(FILE *f, const char *name, const uint8_t *b, uint32_t n) {
    fprintf(f, "_Alignas(8) static const uint8_t %s[] = {", name);
    for (uint32_t i = 0; i < n; i++)
        fprintf(f, "%s%u", i ? "," : "", b[i]);
    fputs(n ? "};\n" : "0};\n", f);
}

/* Resolves a test case to a (riid, mid, layout). */
static const struct nkc_method *find_method(struct policy *pol, const struct tcase *c, int owner, uint16_t *riid,
                                            uint16_t *mid) {
    const struct class_info *ci = &pol->classes[owner];
    const struct iface_slot *slots = c->ev == EV_SECURITY ? ci->sec : ci->ep;
    size_t n = c->ev == EV_SECURITY ? ci->nsec : ci->nep;
    const char *ep = c->sel.v[SEL_ENDPOINT], *m = c->sel.v[SEL_METHOD], *itf = c->sel.v[SEL_INTERFACE];
    if (!m) {
        diag_error(c->loc, "a %s test case needs 'method='", event_names[c->ev]);
        return NULL;
    }
    const struct nkc_method *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (ep && strcmp(slots[i].path, ep) != 0)
            continue;
        if (itf && strcmp(slots[i].iface->name, itf) != 0)
            continue;
        const struct nkc_method *x = nkc_package_method(slots[i].iface, m);
        if (!x)
            continue;
        if (found) {
            diag_error(c->sel.loc[SEL_METHOD], "method '%s' is in more than one endpoint: add 'endpoint='", m);
            return NULL;
        }
        found = x;
        *riid = (uint16_t)i;
        *mid = x->mid;
    }
    if (!found)
        diag_error(c->sel.loc[SEL_METHOD], "process class '%s' has no %smethod '%s'%s%s", ci->name,
                   c->ev == EV_SECURITY ? "security " : "", m, ep ? " in endpoint " : "", ep ? ep : "");
    return found;
}

static bool emit_case(struct policy *pol, FILE *f, const struct tcase *c, struct vars *vars, size_t id,
                      char **row) {
    int src = -1, dst = -1, dst_class = -1;
    const char *sname = c->sel.v[SEL_SRC], *dname = c->sel.v[SEL_DST];
    if (sname && (src = var_find(vars, sname)) < 0) {
        diag_error(c->sel.loc[SEL_SRC], "unknown test variable '%s' (bind it with '%s <- execute ...')", sname, sname);
        return false;
    }
    if (c->ev == EV_EXECUTE) {
        if (!dname || (dst_class = policy_class(pol, dname)) < 0) {
            diag_error(dname ? c->sel.loc[SEL_DST] : c->loc, "execute needs 'dst=' naming a process class in the policy");
            return false;
        }
    } else {
        if (c->var) {
            diag_error(c->loc, "only execute binds a variable");
            return false;
        }
        if (src < 0) {
            diag_error(c->loc, "a %s test case needs 'src=' naming a test variable", event_names[c->ev]);
            return false;
        }
        if (c->ev != EV_SECURITY && (!dname || (dst = var_find(vars, dname)) < 0)) {
            diag_error(dname ? c->sel.loc[SEL_DST] : c->loc, "a %s test case needs 'dst=' naming a test variable",
                       event_names[c->ev]);
            return false;
        }
    }
    struct enc e = {.ok = true};
    uint16_t riid = 0, mid = 0;
    if (c->ev != EV_EXECUTE) {
        int owner = c->ev == EV_REQUEST ? vars->cls[dst] : vars->cls[src];
        const struct nkc_method *m = find_method(pol, c, owner, &riid, &mid);
        if (!m)
            return false;
        static const enum nkc_msg_dir dirs[] = {NKC_REQUEST, NKC_RESPONSE, NKC_ERROR_RESPONSE, NKC_REQUEST};
        const struct nkc_msg_layout *l = nkc_layout_for_method(m, dirs[c->ev]);
        e.msg_size = l->size;
        e.msg = xalloc(l->size);
        for (size_t i = 0; c->msg && i < c->msg->n; i++) {
            const struct nkc_slot *slot = nkc_layout_find(l, c->msg->keys[i]);
            if (!slot) {
                diag_error(c->msg->key_locs[i], "method %s has no parameter '%s' here", m->name, c->msg->keys[i]);
                return false;
            }
            /* handles are numbered in message order: encode slots in order, below */
        }
        for (size_t s = 0; s < l->nslots; s++)
            for (size_t i = 0; c->msg && i < c->msg->n; i++)
                if (strcmp(c->msg->keys[i], l->slots[s].param->name) == 0 &&
                    !encode(&e, vars, l->slots[s].param->type, e.msg, l->slots[s].offset, c->msg->items[i],
                            c->msg->keys[i]))
                    return false;
        static const uint32_t flags[] = {VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR,
                                         VG_MSG_REQUEST};
        if (e.nh != l->nhandles) {
            diag_error(c->msg ? c->msg->loc : c->loc, "method %s carries %u handle(s); the test gives %u", m->name,
                       l->nhandles, e.nh);
            return false;
        }
        struct vg_msg_hdr h = {e.msg_size, riid, mid, flags[c->ev], e.nh, e.arena_size, 0};
        memcpy(e.msg, &h, sizeof h);
        bytes(f, xsprintf("m%zu", id), e.msg, e.msg_size);
        bytes(f, xsprintf("a%zu", id), e.arena, e.arena_size);
    } else if (c->msg && c->msg->n) {
        diag_error(c->msg->loc, "execute events carry no message");
        return false;
    }
    int bind = -1;
    if (c->var) {
        bind = var_find(vars, c->var);
        if (bind < 0) {
            VEC_PUSH(vars->names, vars->n, vars->cap, c->var);
            size_t n0 = vars->n - 1;
            VEC_PUSH(vars->cls, n0, vars->ccap, dst_class);
            bind = (int)vars->n - 1;
        }
        vars->cls[bind] = dst_class;
        if (vars->n > vars->max)
            vars->max = vars->n;
        if (vars->n > KSM_PAL_MAX_VARS) {
            diag_error(c->loc, "a test may bind at most %d variables", KSM_PAL_MAX_VARS);
            return false;
        }
    }
    char *hv = xstrdup("");
    for (uint32_t i = 0; i < e.nh; i++)
        hv = xsprintf("%s%s%d", hv, i ? "," : "", e.hvars[i]);
    static const char *const ex[] = {"KSM_PAL_GRANT", "KSM_PAL_DENY", "KSM_PAL_ANY"};
    char *cap = c->caption ? xstrdup(c->caption) : NULL;
    *row = xsprintf("    {%s, %u, %d, %d, %d, %d, %u, %u, %s, %u, %s, %u, %u, {%s}, %s, \"%s:%u\"},\n",
                    ex[c->var ? X_GRANT : c->expect], c->ev, bind, src, dst, dst_class, riid, mid,
                    c->ev == EV_EXECUTE ? "0" : xsprintf("m%zu", id), e.msg_size,
                    c->ev == EV_EXECUTE ? "0" : xsprintf("a%zu", id), e.arena_size, e.nh, e.nh ? hv : "0",
                    "CAPTION", c->loc.src->path, c->loc.line);
    /* the caption, escaped */
    char *pos = strstr(*row, "CAPTION");
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (cap)
        c_string(m, cap, strlen(cap));
    else
        fputs("0", m);
    fclose(m);
    *pos = 0;
    *row = xsprintf("%s%s%s", *row, buf, pos + 7);
    free(buf);
    return e.ok;
}

bool emit_tests(struct policy *pol, FILE *f, bool with_main) {
    fputs("\n/* PAL tests, generated by pslc; do not edit. */\n#include <ksm/pal.h>\n#include <vigil/msg.h>\n\n", f);
    size_t id = 0, ntests = 0, maxvars = 0;
    char *table = xstrdup("");
    for (size_t fi = 0; fi < pol->nfiles; fi++)
        for (size_t si = 0; si < pol->files[fi]->ntests; si++) {
            const struct tset *set = &pol->files[fi]->tests[si];
            for (size_t q = 0; q < set->nseqs; q++) {
                const struct tseq *seq = &set->seqs[q];
                struct vars vars = {0};
                char *rows = xstrdup("");
                size_t ncases = 0;
                const struct tcase *lists[3] = {set->setup, seq->cases, set->fin};
                size_t counts[3] = {set->nsetup, seq->n, set->nfin};
                for (int k = 0; k < 3; k++)
                    for (size_t i = 0; i < counts[k]; i++) {
                        char *row;
                        if (!emit_case(pol, f, &lists[k][i], &vars, id++, &row))
                            return false;
                        rows = xsprintf("%s%s", rows, row);
                        ncases++;
                    }
                fprintf(f, "static const struct ksm_pal_case t%zu[] = {\n%s};\n", ntests, ncases ? rows : "    {0}\n");
                char *name = xsprintf("pal:%s/%s", set->name, seq->name);
                for (char *c = name; *c; c++)
                    if (*c == ' ' || *c == '"' || *c == '\\')
                        *c = '_';
                table = xsprintf("%s    {\"%s\", t%zu, %zu},\n", table, name, ntests, ncases);
                ntests++;
                if (vars.max > maxvars)
                    maxvars = vars.max;
            }
        }
    fprintf(f, "\nstatic const struct ksm_pal_test pal_tests[] = {\n%s%s};\n", table, ntests ? "" : "    {0}\n");
    fprintf(f, "const struct ksm_pal_suite ksm_pal_suite = {pal_tests, %zu, %zu};\n", ntests, maxvars);
    if (with_main)
        fputs("\n#ifndef KSM_PAL_NO_MAIN\n#include <stdio.h>\nstatic void pal_out(const char *line) { puts(line); }\n"
              "int main(void) { return ksm_pal_run(&ksm_pal_suite, pal_out) ? 1 : 0; }\n#endif\n", f);
    return !ferror(f) && diag_count() == 0;
}
