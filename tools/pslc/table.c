/* The decision table: for every event kind, (source class, destination class) and point (endpoint
 * RIID and method MID of the server class), the ordered set of blocks that apply, found at build time
 * by matching every binding's selectors (and its `match` sections) against the classes' EDL/CDL/IDL.
 * A block is compiled once per distinct message layout it is used with (once if it never reads
 * `message`). Identical sets and identical rows are shared. */
#include <string.h>

#include "pslc.h"

/* ---- hashing of u32 lists (sets and rows) ---- */
struct dedup {
    uint32_t *slots;   /* index + 1, 0 empty */
    size_t cap, used;
};

static uint64_t hash_list(const uint32_t *v, size_t n) {
    uint64_t h = 1469598103934665603ull ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ v[i]) * 1099511628211ull;
    return h;
}

static uint32_t intern(struct dedup *d, struct u32vec **vecs, size_t *nvec, size_t *vcap, const uint32_t *v,
                       size_t n) {
    if (d->used * 2 >= d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 1024;
        uint32_t *ns = xalloc(ncap * sizeof *ns);
        for (size_t i = 0; i < d->cap; i++)
            if (d->slots[i]) {
                const struct u32vec *x = &(*vecs)[d->slots[i] - 1];
                size_t j = hash_list(x->v, x->n) & (ncap - 1);
                while (ns[j])
                    j = (j + 1) & (ncap - 1);
                ns[j] = d->slots[i];
            }
        d->slots = ns;
        d->cap = ncap;
    }
    size_t j = hash_list(v, n) & (d->cap - 1);
    for (; d->slots[j]; j = (j + 1) & (d->cap - 1)) {
        const struct u32vec *x = &(*vecs)[d->slots[j] - 1];
        if (x->n == n && (n == 0 || memcmp(x->v, v, n * sizeof *v) == 0))
            return d->slots[j] - 1;
    }
    struct u32vec nv = {.n = n, .cap = n};
    nv.v = xalloc((n + 1) * sizeof *v);
    if (n)
        memcpy(nv.v, v, n * sizeof *v);
    VEC_PUSH(*vecs, *nvec, *vcap, nv);
    d->slots[j] = (uint32_t)*nvec;
    d->used++;
    return (uint32_t)*nvec - 1;
}

/* ---- compiled block variants, keyed by (body, layout) ---- */
struct variant {
    const void *body;
    const void *layout;
    uint16_t profile;
    int block;
};
static struct variant *vars;
static size_t vcap;

static size_t vhash(const void *body, const void *layout, uint16_t profile, size_t cap) {
    uint64_t h = ((uintptr_t)body * 0x9e3779b97f4a7c15ull) ^ ((uintptr_t)layout * 0xc2b2ae3d27d4eb4full) ^ profile;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static int *vslot(const void *body, const void *layout, uint16_t profile) {
    static size_t used;
    if ((used + 1) * 2 >= vcap) {
        size_t ncap = vcap ? vcap * 2 : 1024;
        struct variant *nv = xalloc(ncap * sizeof *nv);
        for (size_t i = 0; i < vcap; i++)
            if (vars[i].body) {
                size_t j = vhash(vars[i].body, vars[i].layout, vars[i].profile, ncap);
                while (nv[j].body)
                    j = (j + 1) & (ncap - 1);
                nv[j] = vars[i];
            }
        vars = nv;
        vcap = ncap;
    }
    size_t j = vhash(body, layout, profile, vcap);
    for (; vars[j].body; j = (j + 1) & (vcap - 1))
        if (vars[j].body == body && vars[j].layout == layout && vars[j].profile == profile)
            return &vars[j].block;
    vars[j] = (struct variant){body, layout, profile, -2};
    used++;
    return &vars[j].block;
}

/* ---- matching ---- */
struct point {
    int src, dst;
    enum event ev;
    const struct iface_slot *slot;   /* NULL for execute */
    const struct nkc_method *method;
};

/* `component=C` selects the endpoints inside instance C at any depth ("C.x", "C.y.z"): whole path
 * segments ("left" is not a prefix of "lefty.impl"), and never an endpoint named C itself. */
static bool path_in_component(const char *path, const char *comp) {
    size_t n = strlen(comp);
    return strncmp(path, comp, n) == 0 && path[n] == '.';
}

/* The KOS meaning of `component=T`: T is a component type as declared in the CDL ("Half",
 * "trafficlight.CLightMode"); the endpoint is inside an instance of T at any depth, i.e. some instance on
 * its path (every segment but the last) is of type T. */
static bool path_in_type(const struct nkc_component *cls, const char *path, const char *type) {
    const struct nkc_component *c = cls;
    const char *seg = path;
    for (const char *dot; c && (dot = strchr(seg, '.')); seg = dot + 1) {
        const struct nkc_component *next = NULL;
        for (size_t i = 0; i < c->ncomponents; i++)
            if (strlen(c->components[i].name) == (size_t)(dot - seg) &&
                strncmp(c->components[i].name, seg, (size_t)(dot - seg)) == 0)
                next = c->components[i].comp;
        if (next && strcmp(next->name, type) == 0)
            return true;
        c = next;
    }
    return false;
}

/* `component=C`: an instance path of the server class, or a component type in it (checked to be not both). */
static bool comp_match(const struct nkc_component *cls, const char *path, const char *comp) {
    return path_in_component(path, comp) || (cls && path_in_type(cls, path, comp));
}

static bool sel_match(const struct policy *pol, const struct selectors *s, const struct point *p) {
    if (s->v[SEL_SRC] && policy_class(pol, s->v[SEL_SRC]) != p->src)
        return false;
    if (s->v[SEL_DST] && policy_class(pol, s->v[SEL_DST]) != p->dst)
        return false;
    if (!p->slot)
        return true;
    if (s->v[SEL_ENDPOINT] && strcmp(s->v[SEL_ENDPOINT], p->slot->path) != 0)
        return false;
    if (s->v[SEL_COMPONENT] &&
        !comp_match(pol->classes[p->ev == EV_REQUEST ? p->dst : p->src].comp, p->slot->path, s->v[SEL_COMPONENT]))
        return false;
    if (s->v[SEL_INTERFACE] && strcmp(s->v[SEL_INTERFACE], p->slot->iface->name) != 0)
        return false;
    if (s->v[SEL_METHOD] && strcmp(s->v[SEL_METHOD], p->method->name) != 0)
        return false;
    return true;
}

/* The valid names for an unknown one: "; expected one of: a, b, c", each name once, in order, at most 16
 * (then ", ..."). */
struct names {
    const char *v[17];
    size_t n;
};
static void names_add(struct names *ns, const char *name) {
    for (size_t i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], name) == 0)
            return;
    if (ns->n < 17)
        ns->v[ns->n++] = name;
}
static const char *names_text(const struct names *ns) {
    if (!ns->n)
        return "";
    char *t = xsprintf("; expected one of: %s", ns->v[0]);
    for (size_t i = 1; i < ns->n && i < 16; i++)
        t = xsprintf("%s, %s", t, ns->v[i]);
    return ns->n > 16 ? xsprintf("%s, ...", t) : t;
}

/* Checks that every selector names something that exists (a class, an endpoint, a method). */
static bool sel_check(const struct policy *pol, enum event ev, const struct selectors *s) {
    bool ok = true;
    for (int k = SEL_SRC; k <= SEL_DST; k++)
        if (s->v[k] && policy_class(pol, s->v[k]) < 0) {
            struct names ns = {{0}, 0};
            for (size_t c = 0; c < pol->nclasses; c++)
                names_add(&ns, pol->classes[c].name);
            diag_error(s->loc[k], "unknown process class '%s' (add 'use EDL %s'%s)", s->v[k], s->v[k],
                       names_text(&ns));
            ok = false;
        }
    if (ev == EV_SECURITY && s->v[SEL_DST]) {
        diag_error(s->loc[SEL_DST], "security events have no destination: 'dst' cannot be selected");
        ok = false;
    }
    if (ev == EV_EXECUTE)
        for (int k = SEL_COMPONENT; k < SEL_COUNT; k++)
            if (s->v[k]) {
                diag_error(s->loc[k], "execute bindings select only 'src' and 'dst'");
                ok = false;
            }
    if (!ok || ev == EV_EXECUTE)
        return ok;
    /* the server class: dst of a request, src otherwise */
    int owner_sel = ev == EV_REQUEST ? SEL_DST : SEL_SRC;
    int owner = s->v[owner_sel] ? policy_class(pol, s->v[owner_sel]) : -1;
    const char *itf = s->v[SEL_INTERFACE];
    bool found_ep = !s->v[SEL_ENDPOINT], found_comp = !s->v[SEL_COMPONENT], found_i = !itf;
    bool found_m = !s->v[SEL_METHOD];
    int comp_both = -1;   /* a class where component= names both an instance path and a type */
    bool comp_any = false;   /* component= names something in a class, whatever endpoint= says */
    struct names eps = {{0}, 0}, methods = {{0}, 0};   /* what could have been meant */
    for (size_t c = 0; c < pol->nclasses; c++) {
        if (owner >= 0 && (int)c != owner)
            continue;
        const struct class_info *ci = &pol->classes[c];
        const struct iface_slot *slots = ev == EV_SECURITY ? ci->sec : ci->ep;
        size_t n = ev == EV_SECURITY ? ci->nsec : ci->nep;
        bool comp_path = false, comp_type = false;
        for (size_t i = 0; i < n; i++) {
            bool as_path = s->v[SEL_COMPONENT] && path_in_component(slots[i].path, s->v[SEL_COMPONENT]);
            bool as_type = s->v[SEL_COMPONENT] && path_in_type(ci->comp, slots[i].path, s->v[SEL_COMPONENT]);
            comp_path |= as_path;
            comp_type |= as_type;
            if (comp_path && comp_type)
                comp_both = (int)c;
            comp_any |= as_path || as_type;
            names_add(&eps, slots[i].path);
            if (s->v[SEL_ENDPOINT] && strcmp(slots[i].path, s->v[SEL_ENDPOINT]) != 0)
                continue;
            found_ep = true;
            if (s->v[SEL_COMPONENT] && !as_path && !as_type)
                continue;
            found_comp = true;
            if (itf && strcmp(slots[i].iface->name, itf) != 0)
                continue;
            found_i = true;
            for (size_t m = 0; m < slots[i].iface->nmethods; m++)
                names_add(&methods, slots[i].iface->methods[m].name);
            if (s->v[SEL_METHOD] && nkc_package_method(slots[i].iface, s->v[SEL_METHOD]))
                found_m = true;
        }
    }
    const char *who = owner >= 0 ? xsprintf("process class '%s'", pol->classes[owner].name) : "no process class";
    const char *has = owner >= 0 ? "has no" : "has";
    if (!found_ep) {
        diag_error(s->loc[SEL_ENDPOINT], "%s %s endpoint '%s'%s", who, has, s->v[SEL_ENDPOINT],
                   names_text(&eps));
        return false;
    }
    if (comp_both >= 0) {
        diag_error(s->loc[SEL_COMPONENT], "component '%s' of process class '%s' is both an instance path and a "
                   "component type", s->v[SEL_COMPONENT], pol->classes[comp_both].name);
        return false;
    }
    if (!found_comp && comp_any && s->v[SEL_ENDPOINT]) {
        diag_error(s->loc[SEL_COMPONENT], "endpoint '%s' of %s is not inside component '%s'", s->v[SEL_ENDPOINT],
                   owner >= 0 ? xsprintf("process class '%s'", pol->classes[owner].name) : "any process class",
                   s->v[SEL_COMPONENT]);
        return false;
    }
    if (!found_comp) {
        diag_error(s->loc[SEL_COMPONENT], "%s %s component '%s'", who, has, s->v[SEL_COMPONENT]);
        return false;
    }
    if (!found_i) {
        const char *where = s->v[SEL_ENDPOINT] ? xsprintf("endpoint '%s'", s->v[SEL_ENDPOINT])
                            : s->v[SEL_COMPONENT] ? xsprintf("component '%s'", s->v[SEL_COMPONENT]) : NULL;
        if (where)
            diag_error(s->loc[SEL_INTERFACE], "%s of %s is not of interface '%s'", where,
                       owner >= 0 ? xsprintf("process class '%s'", pol->classes[owner].name) : "any process class",
                       itf);
        else
            diag_error(s->loc[SEL_INTERFACE], "%s %s %s of interface '%s'", who, has,
                       ev == EV_SECURITY ? "security interface" : "endpoint", itf);
        return false;
    }
    if (!found_m) {
        const char *valid = names_text(&methods);
        if (itf && !s->v[SEL_ENDPOINT])
            diag_error(s->loc[SEL_METHOD], "interface '%s' has no method '%s'%s", itf, s->v[SEL_METHOD], valid);
        else if (s->v[SEL_ENDPOINT])
            diag_error(s->loc[SEL_METHOD], "endpoint '%s' has no method '%s'%s", s->v[SEL_ENDPOINT],
                       s->v[SEL_METHOD], valid);
        else
            diag_error(s->loc[SEL_METHOD], "%s %s %smethod '%s'%s", who, has,
                       ev == EV_SECURITY ? "security " : "", s->v[SEL_METHOD], valid);
        return false;
    }
    return true;
}

static bool check_matches(const struct policy *pol, enum event ev, struct stmt **body, size_t n) {
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        if (body[i]->kind == S_MATCH)
            ok = sel_check(pol, ev, &body[i]->sel) && check_matches(pol, ev, body[i]->body, body[i]->n) && ok;
    return ok;
}

static bool has_calls(struct stmt **body, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (body[i]->kind == S_CALL || body[i]->kind == S_CHOICE)
            return true;
    return false;
}

static uint16_t level_profile(struct policy *pol, struct stmt **body, size_t n, uint16_t inherited) {
    for (size_t i = 0; i < n; i++)
        if (body[i]->kind == S_AUDIT)
            inherited = policy_profile(pol, body[i]->name, body[i]->name_loc);
    return inherited;
}

struct acc {
    uint32_t *v;
    size_t n, cap;
};

/* Adds to out the blocks of body (and of its matching match sections) that apply at p. */
static bool collect(struct policy *pol, const struct point *p, struct stmt **body, size_t n, uint16_t prof,
                    struct loc loc, struct acc *out) {
    prof = level_profile(pol, body, n, prof);
    if (has_calls(body, n)) {
        const struct nkc_msg_layout *layout = NULL;
        if (p->method && body_uses_message(body, n)) {
            static const enum nkc_msg_dir dirs[] = {NKC_REQUEST, NKC_RESPONSE, NKC_ERROR_RESPONSE, NKC_REQUEST};
            layout = nkc_layout_for_method(p->method, dirs[p->ev]);
        }
        int *blk = vslot(body, layout, prof);
        if (*blk == -2) {
            struct compile_ctx cx = {.pol = pol, .ev = p->ev, .layout = layout, .profile = prof};
            if (p->method)
                cx.msg_what = xsprintf("method %s of %s '%s'", p->method->name,
                                       p->ev == EV_SECURITY ? "security interface" : "endpoint",
                                       p->ev == EV_SECURITY ? p->slot->iface->name : p->slot->path);
            else if (p->ev != EV_EXECUTE)
                cx.msg_what = "the event";
            int prog = compile_block(&cx, body, n);
            if (prog < 0) {
                *blk = -1;
                return false;
            }
            struct block b = {(uint32_t)prog, prof, policy_loc(pol, loc)};
            VEC_PUSH(pol->blocks, pol->nblocks, pol->blocks_cap, b);
            *blk = (int)pol->nblocks - 1;
        }
        if (*blk < 0)
            return false;
        uint32_t x = (uint32_t)*blk;
        VEC_PUSH(out->v, out->n, out->cap, x);
    }
    for (size_t i = 0; i < n; i++)
        if (body[i]->kind == S_MATCH && sel_match(pol, &body[i]->sel, p))
            if (!collect(pol, p, body[i]->body, body[i]->n, prof, body[i]->loc, out))
                return false;
    return true;
}

/* ---- the table ---- */
struct cell {      /* blocks collected for one (event, pair, point) */
    uint32_t *v;
    size_t n, cap;
    const struct binding *first;   /* the first binding that added a block */
};

/* Warns about what is likely a mistake though the policy is valid: a method with a request binding but
 * no response binding for the same pair of classes (its responses are all denied). One warning per
 * request binding, naming the first such methods and their number. The kernel's own endpoints
 * (kl.core.Core) answer without a response event, and it is no client. */
static void warn_no_response(const struct policy *pol, struct cell **cells[EV_COUNT]) {
    size_t nc = pol->nclasses;
    for (size_t fi = 0; fi < pol->nfiles; fi++)
        for (size_t bi = 0; bi < pol->files[fi]->nbindings; bi++) {
            const struct binding *b = &pol->files[fi]->bindings[bi];
            if (b->ev != EV_REQUEST)
                continue;
            size_t count = 0;
            const char *first = NULL, *pair = NULL;
            for (size_t d = 0; d < nc; d++) {
                if ((int)d == pol->core_class)
                    continue;
                const struct class_info *srv = &pol->classes[d];
                for (size_t s = 0; s < nc; s++) {
                    struct cell *req = cells[EV_REQUEST][s * nc + d], *rsp = cells[EV_RESPONSE][d * nc + s];
                    if (!req || (int)s == pol->core_class)
                        continue;
                    for (size_t si = 0; si < srv->nep; si++)
                        for (size_t m = 0; m < srv->ep[si].iface->nmethods; m++) {
                            uint32_t pt = srv->ep[si].base + (uint32_t)m;
                            if (req[pt].first != b || (rsp && rsp[pt].n))
                                continue;
                            if (!count++) {
                                first = xsprintf("%s.%s", srv->ep[si].path, srv->ep[si].iface->methods[m].name);
                                pair = xsprintf("from '%s' to '%s'", srv->name, pol->classes[s].name);
                            }
                        }
                }
            }
            if (count)
                diag_warning(b->loc, "request binding without a response binding: method %s%s has none %s, so "
                             "its responses will be denied", first,
                             count > 1 ? xsprintf(" (and %zu more methods or class pairs)", count - 1) : "", pair);
        }
}

/* A Flow object whose rules bindings call but that no binding initialises ('init'): every one of those
 * calls is denied. */
static void flow_uses(const struct policy *pol, struct stmt **body, size_t n, bool *inited, const struct stmt **used) {
    for (size_t i = 0; i < n; i++) {
        const struct stmt *st = body[i];
        if (st->kind == S_CALL && st->obj) {
            int oi = policy_object(pol, st->obj);
            if (oi >= 0 && pol->objects[oi].kind == OK_FLOW) {
                if (strcmp(st->name, "init") == 0)
                    inited[oi] = true;
                else if (!used[oi])
                    used[oi] = st;
            }
        }
        flow_uses(pol, st->body, st->kind == S_MATCH ? st->n : 0, inited, used);
        if (st->kind == S_CHOICE)
            for (size_t b = 0; b < st->nbranches; b++)
                flow_uses(pol, st->branches[b].body, st->branches[b].n, inited, used);
    }
}

static void warn_flow_uninitialised(const struct policy *pol) {
    bool *inited = xalloc(pol->nobjects * sizeof *inited + 1);
    const struct stmt **used = xalloc(pol->nobjects * sizeof *used + 1);
    for (size_t fi = 0; fi < pol->nfiles; fi++)
        for (size_t bi = 0; bi < pol->files[fi]->nbindings; bi++)
            flow_uses(pol, pol->files[fi]->bindings[bi].body, pol->files[fi]->bindings[bi].n, inited, used);
    for (size_t oi = 0; oi < pol->nobjects; oi++)
        if (used[oi] && !inited[oi])
            diag_warning(used[oi]->name_loc, "Flow object '%s' is used by a binding but no binding initialises it "
                         "(call '%s.init {sid : ...}'): every call of it will be denied", pol->objects[oi].name,
                         pol->objects[oi].name);
}

bool table_build(struct policy *pol) {
    size_t nc = pol->nclasses;
    struct dedup dsets = {0}, drows = {0};
    uint32_t empty = 0;
    intern(&dsets, &pol->sets, &pol->nsets, &pol->sets_cap, &empty, 0);   /* set 0 */
    /* cells[ev][pair] -> array over the owner's points */
    struct cell **cells[EV_COUNT];
    for (int ev = 0; ev < EV_COUNT; ev++)
        cells[ev] = xalloc(nc * nc * sizeof *cells[ev] + 1);
    bool ok = true;
    for (size_t fi = 0; fi < pol->nfiles; fi++) {
        const struct psl_file *f = pol->files[fi];
        for (size_t bi = 0; bi < f->nbindings; bi++) {
            const struct binding *b = &f->bindings[bi];
            if (!sel_check(pol, b->ev, &b->sel) || !check_matches(pol, b->ev, b->body, b->n)) {
                ok = false;
                continue;
            }
            if (b->n == 0) {
                diag_error(b->loc, "the binding calls no rule (write 'grant ()' or 'deny ()')");
                ok = false;
                continue;
            }
            int s0 = b->sel.v[SEL_SRC] ? policy_class(pol, b->sel.v[SEL_SRC]) : 0;
            int s1 = b->sel.v[SEL_SRC] ? s0 + 1 : (int)nc;
            for (int s = s0; s < s1; s++) {
                int d0 = b->sel.v[SEL_DST] ? policy_class(pol, b->sel.v[SEL_DST]) : 0;
                int d1 = b->sel.v[SEL_DST] ? d0 + 1 : (int)nc;
                if (b->ev == EV_SECURITY)
                    d0 = s, d1 = s + 1;
                for (int d = d0; d < d1; d++) {
                    size_t pair = (size_t)s * nc + (size_t)d;
                    const struct class_info *owner = &pol->classes[b->ev == EV_REQUEST ? d : s];
                    const struct iface_slot *slots = b->ev == EV_SECURITY ? owner->sec : owner->ep;
                    size_t nslots = b->ev == EV_EXECUTE ? 1 : b->ev == EV_SECURITY ? owner->nsec : owner->nep;
                    uint32_t npts = b->ev == EV_EXECUTE ? 1
                                    : b->ev == EV_SECURITY ? owner->nsec_points : owner->nep_points;
                    if (!cells[b->ev][pair] && npts)
                        cells[b->ev][pair] = xalloc(npts * sizeof(struct cell));
                    for (size_t si = 0; si < nslots; si++) {
                        size_t nm = b->ev == EV_EXECUTE ? 1 : slots[si].iface->nmethods;
                        for (size_t m = 0; m < nm; m++) {
                            struct point p = {s, d, b->ev, NULL, NULL};
                            if (b->ev != EV_EXECUTE) {
                                p.slot = &slots[si];
                                p.method = &slots[si].iface->methods[m];
                            }
                            if (!sel_match(pol, &b->sel, &p))
                                continue;
                            uint32_t pt = b->ev == EV_EXECUTE ? 0 : slots[si].base + (uint32_t)m;
                            struct cell *c = &cells[b->ev][pair][pt];
                            struct acc a = {c->v, c->n, c->cap};
                            if (!collect(pol, &p, b->body, b->n, pol->default_profile, b->loc, &a))
                                ok = false;
                            if (a.n > c->n && !c->first)
                                c->first = b;
                            c->v = a.v, c->n = a.n, c->cap = a.cap;
                        }
                    }
                }
            }
        }
    }
    if (!ok || diag_count())
        return false;
    warn_no_response(pol, cells);
    warn_flow_uninitialised(pol);
    if (diag_count())   /* -Werror */
        return false;
    for (int ev = 0; ev < EV_COUNT; ev++) {
        pol->route_row[ev] = xalloc(nc * nc * sizeof(uint32_t) + 1);
        for (size_t pair = 0; pair < nc * nc; pair++) {
            pol->route_row[ev][pair] = UINT32_MAX;
            if (!cells[ev][pair])
                continue;
            const struct class_info *owner = &pol->classes[ev == EV_REQUEST ? pair % nc : pair / nc];
            uint32_t npts = ev == EV_EXECUTE ? 1 : ev == EV_SECURITY ? owner->nsec_points : owner->nep_points;
            uint32_t *row = xalloc(npts * sizeof *row + 1);
            for (uint32_t pt = 0; pt < npts; pt++) {
                struct cell *c = &cells[ev][pair][pt];
                row[pt] = intern(&dsets, &pol->sets, &pol->nsets, &pol->sets_cap, c->v, c->n);
            }
            pol->route_row[ev][pair] = intern(&drows, &pol->rows, &pol->nrows, &pol->rows_cap, row, npts);
        }
    }
    return true;
}
