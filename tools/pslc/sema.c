/* Loading a policy: the tree of PSL files (`use`), the process classes (`use EDL`, through libnkc),
 * the security-model objects and the audit profiles. Bindings are checked and compiled by table.c. */
#include <stdlib.h>
#include <string.h>

#include "pslc.h"
#include "tools/common/file.h"

static const char *const builtin_files[] = {"nk.base", "nk.basic", "nk.regex", "nk.hashmap",
                                            "nk.staticmap", "nk.flow", "nk.mic"};
enum { NK_BASE, NK_BASIC, NK_REGEX, NK_HASHMAP, NK_STATICMAP, NK_FLOW, NK_MIC, NK_COUNT };

struct loader {
    struct policy *pol;
    const char *const *dirs;
    size_t ndirs;
    char **paths;
    size_t npaths, cap;
    size_t fcap;
    const struct template_opts *tmpl;
};

static char *dir_of(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? xstrndup(path, (size_t)(s - path)) : xstrdup(".");
}

static bool load_file(struct loader *ld, const char *path, struct loc from);

static bool load_use(struct loader *ld, const struct psl_file *f, const struct use_decl *u) {
    for (int i = 0; i < NK_COUNT; i++)
        if (strcmp(u->name, builtin_files[i]) == 0) {
            ld->pol->imported[i] = true;
            if (i != NK_BASIC)
                ld->pol->imported[NK_BASE] = true;   /* every model file brings the Base rules */
            return true;
        }
    char *rel = xstrdup(u->name);
    for (char *c = rel; *c; c++)
        if (*c == '.')
            *c = '/';
    char *cand = xsprintf("%s/%s.psl", dir_of(f->src->path), rel);
    for (size_t i = 0; !file_readable(cand) && i < ld->ndirs; i++)
        cand = xsprintf("%s/%s.psl", ld->dirs[i], rel);
    if (!file_readable(cand)) {
        diag_error(u->loc, "cannot find PSL file '%s.psl' for 'use %s._' in the search path", rel, u->name);
        return false;
    }
    return load_file(ld, cand, u->loc);
}

static bool load_file(struct loader *ld, const char *path, struct loc from) {
    for (size_t i = 0; i < ld->npaths; i++)
        if (strcmp(ld->paths[i], path) == 0)
            return true;
    char *p = xstrdup(path);
    VEC_PUSH(ld->paths, ld->npaths, ld->cap, p);
    const struct source *src = source_load(path);
    if (!src) {
        diag_error(from, "cannot read '%s'", path);
        return false;
    }
    if (!(src = template_expand(src, ld->tmpl)))
        return false;
    struct psl_file *f = parse_file(src);
    if (!f)
        return false;
    VEC_PUSH(ld->pol->files, ld->pol->nfiles, ld->fcap, f);
    bool ok = true;
    for (size_t i = 0; i < f->nuses; i++)
        if (!f->uses[i].edl && !load_use(ld, f, &f->uses[i]))
            ok = false;
    return ok;
}

int policy_class(const struct policy *pol, const char *name) {
    for (size_t i = 0; i < pol->nclasses; i++)
        if (strcmp(pol->classes[i].name, name) == 0)
            return (int)i;
    return -1;
}

int policy_object(const struct policy *pol, const char *name) {
    for (size_t i = 0; i < pol->nobjects; i++)
        if (strcmp(pol->objects[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void add_sec(struct class_info *c, const struct nkc_component *comp, const char *path, size_t *cap) {
    if (comp->security) {
        struct iface_slot s = {.path = path, .iface = comp->security, .base = c->nsec_points};
        c->nsec_points += (uint32_t)comp->security->nmethods;
        VEC_PUSH(c->sec, c->nsec, *cap, s);
    }
    /* Only the class's own security interface: the verifier's layout tables (ksm/layout.h) hold one. */
}

/* libnkc's diagnostics while one `use EDL` line loads its class. Every error counts towards pslc's exit
 * status (a class that fails to load must fail the build, not leave the policy without it). Positioned
 * ones (errors inside a description) are printed as libnkc formats them; unpositioned ones (the EDL is
 * not found or cannot be read) are reported at the `use EDL` line, which is where the user can act. */
struct nkc_sink_state {
    const struct use_decl *use;   /* the line being loaded */
    unsigned positioned;          /* errors printed inside descriptions */
    const char **failed;          /* classes already reported (a second `use EDL` line stays quiet) */
    size_t nfailed, failed_cap;
};
static struct nkc_sink_state nkc_state;

static void nkc_sink(void *arg, const struct nkc_diag *d) {
    struct nkc_sink_state *st = arg;
    if (!d->loc.file) {
        if (d->severity == NKC_ERROR)
            diag_error(st->use ? st->use->loc : (struct loc){0}, "%s", d->message);
        return;
    }
    nkc_diag_print(d, stderr);
    if (d->severity == NKC_ERROR) {
        diag_count_external();
        st->positioned++;
    }
}

static bool load_class(struct policy *pol, const struct use_decl *u, size_t *cap) {
    if (policy_class(pol, u->name) >= 0)
        return true;
    for (size_t i = 0; i < nkc_state.nfailed; i++)
        if (strcmp(nkc_state.failed[i], u->name) == 0)
            return false;
    unsigned errors = diag_count(), positioned = nkc_state.positioned;
    nkc_state.use = u;
    const struct nkc_component *comp = nkc_load_entity(pol->nkc, u->name);
    nkc_state.use = NULL;
    if (!comp || !comp->is_entity) {
        VEC_PUSH(nkc_state.failed, nkc_state.nfailed, nkc_state.failed_cap, u->name);
        /* The errors are inside the class's descriptions (maybe several files down): say which line
         * asked for them. */
        if (nkc_state.positioned != positioned)
            diag_note(u->loc, "process class '%s' named here failed to load", u->name);
        else if (diag_count() == errors)   /* not expected: libnkc reports every failure */
            diag_error(u->loc, "cannot load process class '%s'", u->name);
        return false;
    }
    struct class_info c = {.name = u->name, .comp = comp, .loc = u->loc};
    size_t ecap = 0, scap = 0;
    for (size_t i = 0; i < comp->nflat; i++) {
        struct iface_slot s = {.path = comp->flat[i].path, .iface = comp->flat[i].iface, .base = c.nep_points};
        c.nep_points += (uint32_t)comp->flat[i].iface->nmethods;
        VEC_PUSH(c.ep, c.nep, ecap, s);
    }
    add_sec(&c, comp, "", &scap);
    VEC_PUSH(pol->classes, pol->nclasses, *cap, c);
    return true;
}

static struct object *add_object(struct policy *pol, size_t *cap, const char *name, enum objkind k,
                                 struct loc loc) {
    struct object o = {.name = name, .kind = k, .loc = loc};
    VEC_PUSH(pol->objects, pol->nobjects, *cap, o);
    return &pol->objects[pol->nobjects - 1];
}

static bool load_objects(struct policy *pol) {
    size_t cap = 0;
    bool ok = true;
    add_object(pol, &cap, "base", OK_BASE, (struct loc){0});
    if (pol->imported[NK_BASIC]) {
        add_object(pol, &cap, "pred", OK_PRED, (struct loc){0});
        add_object(pol, &cap, "bool", OK_BOOL, (struct loc){0});
        add_object(pol, &cap, "math", OK_MATH, (struct loc){0});
        add_object(pol, &cap, "struct", OK_STRUCT, (struct loc){0});
    }
    if (pol->imported[NK_REGEX])
        add_object(pol, &cap, "re", OK_REGEX, (struct loc){0});
    static const struct { const char *model; enum objkind k; int file; } models[] = {
        {"Base", OK_BASE, NK_BASE}, {"HashSet", OK_HASHSET, NK_HASHMAP},
        {"StaticMap", OK_STATICMAP, NK_STATICMAP}, {"Flow", OK_FLOW, NK_FLOW}, {"Mic", OK_MIC, NK_MIC},
        {"Pred", OK_PRED, NK_BASIC}, {"Bool", OK_BOOL, NK_BASIC}, {"Math", OK_MATH, NK_BASIC},
        {"Struct", OK_STRUCT, NK_BASIC}, {"Regex", OK_REGEX, NK_REGEX}};
    for (size_t fi = 0; fi < pol->nfiles; fi++) {
        const struct psl_file *f = pol->files[fi];
        for (size_t i = 0; i < f->nobjects; i++) {
            const struct object_decl *d = &f->objects[i];
            size_t m = 0;
            while (m < sizeof models / sizeof models[0] && strcmp(models[m].model, d->model) != 0)
                m++;
            if (m == sizeof models / sizeof models[0]) {
                diag_error(d->model_loc, "unknown security model '%s'", d->model);
                ok = false;
                continue;
            }
            if (!pol->imported[models[m].file]) {
                diag_error(d->model_loc, "security model '%s' is not imported (add 'use %s._')", d->model,
                           builtin_files[models[m].file]);
                ok = false;
                continue;
            }
            if (policy_object(pol, d->name) >= 0) {
                diag_error(d->loc, "object '%s' is already declared", d->name);
                ok = false;
                continue;
            }
            struct object *o = add_object(pol, &cap, d->name, models[m].k, d->loc);
            o->decl = d;
            if (!object_config(pol, o))
                ok = false;
        }
    }
    return ok;
}

static bool kss_list(const struct expr *e, uint8_t *mask, const char *what) {
    if (e->kind != E_LIST) {
        diag_error(e->loc, "'%s' must be a list", what);
        return false;
    }
    for (size_t i = 0; i < e->n; i++) {
        const struct expr *x = e->items[i];
        const char *a = strcmp(what, "kss") == 0 ? "granted" : "match";
        const char *b = strcmp(what, "kss") == 0 ? "denied" : "select";
        if (x->kind != E_TEXT || (strcmp(x->text, a) != 0 && strcmp(x->text, b) != 0)) {
            diag_error(x->loc, "'%s' lists \"%s\" and \"%s\"", what, a, b);
            return false;
        }
        *mask |= strcmp(x->text, a) == 0 ? 1u : 2u;
    }
    return true;
}

static bool load_profile(struct policy *pol, const struct profile_decl *d, struct profile *pr) {
    const struct expr *v = d->value;
    if (v->kind != E_DICT) {
        diag_error(v->loc, "an audit profile is a dictionary from levels to object settings");
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        char *end;
        unsigned long lvl = strtoul(v->keys[i], &end, 10);
        if (*end || lvl > 31 || !*v->keys[i]) {
            diag_error(v->key_locs[i], "audit level '%s' is not an integer from 0 to 31", v->keys[i]);
            return false;
        }
        const struct expr *objs = v->items[i];
        if (objs->kind != E_DICT) {
            diag_error(objs->loc, "audit level %lu must map objects to settings", lvl);
            return false;
        }
        for (size_t j = 0; j < objs->n; j++) {
            int oi = policy_object(pol, objs->keys[j]);
            if (oi < 0) {
                diag_error(objs->key_locs[j], "unknown object '%s' in audit profile", objs->keys[j]);
                return false;
            }
            const struct object *o = &pol->objects[oi];
            const struct expr *s = objs->items[j];
            struct ksm_audit_entry e = {.level = (uint16_t)lvl, .object = (uint16_t)oi};
            if (s->kind != E_DICT) {
                diag_error(s->loc, "audit settings of '%s' must be a dictionary", o->name);
                return false;
            }
            for (size_t k = 0; k < s->n; k++) {
                const char *key = s->keys[k];
                if (strcmp(key, "kss") == 0) {
                    if (!kss_list(s->items[k], &e.kss, "kss"))
                        return false;
                } else if (strcmp(key, "omit") == 0 && o->kind == OK_FLOW) {
                    const struct expr *l = s->items[k];
                    for (size_t q = 0; l->kind == E_LIST && q < l->n; q++) {
                        int st = -1;
                        for (size_t r = 0; l->items[q]->kind == E_TEXT && r < o->nstates; r++)
                            if (strcmp(o->states[r], l->items[q]->text) == 0)
                                st = (int)r;
                        if (st < 0) {
                            diag_error(l->items[q]->loc, "'omit' names a state Flow object '%s' does not declare",
                                       o->name);
                            return false;
                        }
                        e.omit |= (uint64_t)1 << st;
                    }
                } else if (strcmp(key, "emit") == 0 && o->kind == OK_REGEX) {
                    if (!kss_list(s->items[k], &e.emit, "emit"))
                        return false;
                } else {
                    diag_error(s->key_locs[k], "unknown audit setting '%s' for a %s object", key,
                               objkind_model_name(o->kind));
                    return false;
                }
            }
            VEC_PUSH(pr->e, pr->n, pr->cap, e);
            pr->levels |= 1u << lvl;
        }
    }
    return true;
}

uint16_t policy_profile(struct policy *pol, const char *name, struct loc loc) {
    for (size_t i = 0; i < pol->nprofiles; i++)
        if (strcmp(pol->profiles[i].name, name) == 0)
            return (uint16_t)i;
    diag_error(loc, "unknown audit profile '%s'", name);
    return 0;
}

static bool load_profiles(struct policy *pol) {
    size_t cap = 0;
    struct profile empty = {.name = "empty"};
    VEC_PUSH(pol->profiles, pol->nprofiles, cap, empty);
    bool ok = true;
    for (size_t fi = 0; fi < pol->nfiles; fi++)
        for (size_t i = 0; i < pol->files[fi]->nprofiles; i++) {
            const struct profile_decl *d = &pol->files[fi]->profiles[i];
            for (size_t j = 0; j < pol->nprofiles; j++)
                if (strcmp(pol->profiles[j].name, d->name) == 0) {
                    diag_error(d->loc, "audit profile '%s' is already defined", d->name);
                    return false;
                }
            struct profile pr = {.name = d->name};
            if (!load_profile(pol, d, &pr))
                ok = false;
            VEC_PUSH(pol->profiles, pol->nprofiles, cap, pr);
        }
    for (size_t fi = 0; fi < pol->nfiles; fi++) {
        const struct psl_file *f = pol->files[fi];
        if (!f->audit_default)
            continue;
        unsigned before = diag_count();
        pol->default_profile = policy_profile(pol, f->audit_default, f->audit_loc);
        if (diag_count() != before)
            return false;
        if (f->audit_level > 31) {
            diag_error(f->audit_loc, "the audit level must be from 0 to 31");
            return false;
        }
        pol->default_level = (uint16_t)f->audit_level;
    }
    return ok;
}

struct policy *sema_load(const char *path, const char *const *dirs, size_t ndirs, size_t pool_default,
                         const struct template_opts *tmpl) {
    struct policy *pol = xalloc(sizeof *pol);
    pol->pool_default = pool_default;
    pol->core_class = -1;
    pol->nkc = nkc_new();
    nkc_state = (struct nkc_sink_state){0};
    nkc_set_diag_sink(pol->nkc, nkc_sink, &nkc_state);
    for (size_t i = 0; i < ndirs; i++)
        nkc_add_include_dir(pol->nkc, dirs[i]);
    struct loader ld = {.pol = pol, .dirs = dirs, .ndirs = ndirs, .tmpl = tmpl};
    if (!load_file(&ld, path, (struct loc){0}))
        return pol;
    /* `execute: I` may be left out (the interface is then kl.core.Execute) and may be repeated in the
     * files of the tree, as long as every declaration names the same interface. */
    const struct psl_file *first = NULL;
    for (size_t i = 0; i < pol->nfiles; i++) {
        const struct psl_file *f = pol->files[i];
        if (!f->execute_iface)
            continue;
        if (!first) {
            first = f;
        } else if (strcmp(f->execute_iface, first->execute_iface) != 0) {
            diag_error(f->execute_loc, "the execute interface '%s' differs from '%s' declared before",
                       f->execute_iface, first->execute_iface);
            diag_note(first->execute_loc, "'execute: %s' is declared here", first->execute_iface);
        }
    }
    pol->execute_iface = first ? first->execute_iface : "kl.core.Execute";
    size_t ccap = 0;
    for (size_t fi = 0; fi < pol->nfiles; fi++)
        for (size_t i = 0; i < pol->files[fi]->nuses; i++)
            if (pol->files[fi]->uses[i].edl)
                load_class(pol, &pol->files[fi]->uses[i], &ccap);
    pol->core_class = policy_class(pol, "kl.core.Core");
    if (diag_count() == 0 && load_objects(pol))
        load_profiles(pol);
    return pol;
}
