/* The security models as pslc sees them: each model's rules and expressions with their parameters,
 * and the checking of `policy object` declarations (types and config) into struct object. */
#include <string.h>

#include "pslc.h"

#define P(n, k) {n, k}
static const struct method_sig sigs[] = {
    {OK_BASE, "grant", KFN_GRANT, true, true, 0, {{0}}},
    {OK_BASE, "deny", KFN_DENY, true, true, 0, {{0}}},
    {OK_BASE, "assert", KFN_ASSERT, true, true, 1, {P("condition", PK_BOOL)}},
    {OK_PRED, "empty", KFN_EMPTY, false, true, 1, {P("value", PK_EMPTYABLE)}},
    {OK_BOOL, "all", KFN_ALL, false, true, 1, {P("values", PK_LIST)}},
    {OK_BOOL, "any", KFN_ANY, false, true, 1, {P("values", PK_LIST)}},
    {OK_BOOL, "cond", KFN_COND, false, false, 3, {P("if", PK_BOOL), P("then", PK_ANY), P("else", PK_ANY)}},
    {OK_MATH, "neg", KFN_NEG, false, true, 1, {P("value", PK_INT)}},
    {OK_MATH, "abs", KFN_ABS, false, true, 1, {P("value", PK_INT)}},
    {OK_MATH, "sum", KFN_SUM, false, true, 1, {P("values", PK_LIST)}},
    {OK_MATH, "product", KFN_PRODUCT, false, true, 1, {P("values", PK_LIST)}},
    {OK_REGEX, "match", KFN_RE_MATCH, false, false, 2, {P("pattern", PK_PATTERN), P("text", PK_TEXT)}},
    {OK_HASHSET, "init", KFN_HS_INIT, true, false, 1, {P("sid", PK_SID)}},
    {OK_HASHSET, "fini", KFN_HS_FINI, true, false, 1, {P("sid", PK_SID)}},
    {OK_HASHSET, "add", KFN_HS_ADD, true, false, 2, {P("sid", PK_SID), P("entry", PK_ENTRY)}},
    {OK_HASHSET, "remove", KFN_HS_REMOVE, true, false, 2, {P("sid", PK_SID), P("entry", PK_ENTRY)}},
    {OK_HASHSET, "contains", KFN_HS_CONTAINS, false, false, 2, {P("sid", PK_SID), P("entry", PK_ENTRY)}},
    {OK_STATICMAP, "init", KFN_SM_INIT, true, false, 1, {P("sid", PK_SID)}},
    {OK_STATICMAP, "fini", KFN_SM_FINI, true, false, 1, {P("sid", PK_SID)}},
    {OK_STATICMAP, "set", KFN_SM_SET, true, false, 3, {P("sid", PK_SID), P("key", PK_KEY), P("value", PK_VALUE)}},
    {OK_STATICMAP, "commit", KFN_SM_COMMIT, true, false, 1, {P("sid", PK_SID)}},
    {OK_STATICMAP, "rollback", KFN_SM_ROLLBACK, true, false, 1, {P("sid", PK_SID)}},
    {OK_STATICMAP, "get", KFN_SM_GET, false, false, 2, {P("sid", PK_SID), P("key", PK_KEY)}},
    {OK_STATICMAP, "get_uncommitted", KFN_SM_GET_UNCOMMITTED, false, false, 2, {P("sid", PK_SID), P("key", PK_KEY)}},
    {OK_STATICMAP, "get_uncommited", KFN_SM_GET_UNCOMMITTED, false, false, 2, {P("sid", PK_SID), P("key", PK_KEY)}},
    {OK_FLOW, "init", KFN_FLOW_INIT, true, false, 1, {P("sid", PK_SID)}},
    {OK_FLOW, "fini", KFN_FLOW_FINI, true, false, 1, {P("sid", PK_SID)}},
    {OK_FLOW, "enter", KFN_FLOW_ENTER, true, false, 2, {P("sid", PK_SID), P("state", PK_STATE)}},
    {OK_FLOW, "allow", KFN_FLOW_ALLOW, true, false, 2, {P("sid", PK_SID), P("states", PK_STATES)}},
    {OK_FLOW, "query", KFN_FLOW_QUERY, false, false, 1, {P("sid", PK_SID)}},
    {OK_MIC, "execute", KFN_MIC_EXECUTE, true, false, 4,
     {P("image", PK_SID_OPT), P("level", PK_LEVEL), P("levelR", PK_LEVEL), P("target", PK_SID)}},
    {OK_MIC, "create", KFN_MIC_CREATE, true, false, 5,
     {P("container", PK_SID_OPT), P("driver", PK_SID), P("level", PK_LEVEL), P("source", PK_SID), P("target", PK_SID)}},
    {OK_MIC, "upgrade", KFN_MIC_UPGRADE, true, false, 5,
     {P("container", PK_SID_OPT), P("driver", PK_SID), P("level", PK_LEVEL), P("source", PK_SID), P("target", PK_SID)}},
    {OK_MIC, "call", KFN_MIC_CALL, true, false, 2, {P("source", PK_SID), P("target", PK_SID)}},
    {OK_MIC, "invoke", KFN_MIC_INVOKE, true, false, 2, {P("source", PK_SID), P("target", PK_SID)}},
    {OK_MIC, "read", KFN_MIC_READ, true, false, 2, {P("source", PK_SID), P("target", PK_SID)}},
    {OK_MIC, "write", KFN_MIC_WRITE, true, false, 2, {P("source", PK_SID), P("target", PK_SID)}},
    {OK_MIC, "query_level", KFN_MIC_QUERY_LEVEL, false, false, 1, {P("source", PK_SID)}},
};

const struct method_sig *model_method(enum objkind k, const char *name) {
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigs[i].obj == k && strcmp(sigs[i].name, name) == 0)
            return &sigs[i];
    return NULL;
}

const char *objkind_model_name(enum objkind k) {
    static const char *const n[] = {"Base", "Pred", "Bool", "Math", "Struct", "Regex", "HashSet",
                                    "StaticMap", "Flow", "Mic"};
    return n[k];
}

/* ---- config helpers ---- */

static const struct expr *field(const struct expr *d, const char *key) {
    for (size_t i = 0; d && d->kind == E_DICT && i < d->n; i++)
        if (strcmp(d->keys[i], key) == 0)
            return d->items[i];
    return NULL;
}

static bool known_keys(const struct expr *d, const char *const *keys, const char *model) {
    bool ok = true;
    for (size_t i = 0; i < d->n; i++) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], d->keys[i]) != 0)
            k++;
        if (!keys[k]) {
            diag_error(d->key_locs[i], "unknown %s config key '%s'", model, d->keys[i]);
            ok = false;
        }
    }
    return ok;
}

static bool need(const struct object *o, const struct expr *e, const char *key, enum ekind kind,
                 const char *what) {
    if (!e) {
        diag_error(o->decl->config_loc, "%s config needs '%s' (%s)", objkind_model_name(o->kind), key, what);
        return false;
    }
    if (e->kind != kind) {
        diag_error(e->loc, "config '%s' must be %s", key, what);
        return false;
    }
    return true;
}

static bool positive(const struct object *o, const struct expr *d, const char *key, uint32_t *out,
                     bool required, uint32_t dflt) {
    const struct expr *e = field(d, key);
    if (!e && !required) {
        *out = dflt;
        return true;
    }
    if (!need(o, e, key, E_INT, "a positive integer"))
        return false;
    if (e->neg || e->mag == 0 || e->mag > 65535) {
        diag_error(e->loc, "config '%s' must be between 1 and 65535", key);
        return false;
    }
    *out = (uint32_t)e->mag;
    return true;
}

static int text_index(char **v, size_t n, const char *s) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return (int)i;
    return -1;
}

/* A list of distinct text literals. */
static bool text_list(const struct expr *e, const char *key, char ***out, size_t *n, size_t max) {
    if (!e || e->kind != E_LIST) {
        diag_error(e ? e->loc : (struct loc){0}, "config '%s' must be a list of texts", key);
        return false;
    }
    if (e->n > max) {
        diag_error(e->loc, "config '%s' has %zu entries; at most %zu are supported", key, e->n, max);
        return false;
    }
    *out = xalloc((e->n + 1) * sizeof **out);
    for (size_t i = 0; i < e->n; i++) {
        if (e->items[i]->kind != E_TEXT) {
            diag_error(e->items[i]->loc, "config '%s' must be a list of texts", key);
            return false;
        }
        if (text_index(*out, i, e->items[i]->text) >= 0) {
            diag_error(e->items[i]->loc, "'%s' is listed twice", e->items[i]->text);
            return false;
        }
        (*out)[i] = e->items[i]->text;
    }
    *n = e->n;
    return true;
}

const struct typedecl *find_type(const struct object_decl *d, const char *a, const char *b) {
    for (size_t i = 0; i < d->ntypes; i++)
        if (strcmp(d->types[i].name, a) == 0 || (b && strcmp(d->types[i].name, b) == 0))
            return &d->types[i];
    return NULL;
}

bool int_type_range(const char *name, struct ksm_range *r) {
    static const struct { const char *n; bool s; unsigned bits; } t[] = {
        {"UInt8", 0, 8}, {"UInt16", 0, 16}, {"UInt32", 0, 32}, {"UInt64", 0, 64},
        {"SInt8", 1, 8}, {"SInt16", 1, 16}, {"SInt32", 1, 32}, {"SInt64", 1, 64},
        {"Sid", 0, 32}, {"Handle", 0, 32}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strcmp(name, t[i].n) != 0)
            continue;
        if (t[i].s) {
            *r = (struct ksm_range){1, (uint64_t)1 << (t[i].bits - 1), ((uint64_t)1 << (t[i].bits - 1)) - 1};
        } else {
            *r = (struct ksm_range){0, 0, t[i].bits == 64 ? UINT64_MAX : ((uint64_t)1 << t[i].bits) - 1};
        }
        return true;
    }
    if (strcmp(name, "Boolean") == 0) {
        *r = (struct ksm_range){0, 0, 1};
        return true;
    }
    return false;
}

static bool range_has(const struct ksm_range *r, const struct expr *e) {
    if (e->neg)
        return r->lo_neg && e->mag <= r->lo_mag;
    return e->mag <= r->hi;
}

/* ---- per model ---- */

static bool flow_config(struct policy *pol, struct object *o) {
    const struct expr *c = o->decl->config;
    static const char *const keys[] = {"states", "initial", "transitions", "pool_size", NULL};
    if (!need(o, c, "config", E_DICT, "a dictionary") || !known_keys(c, keys, "Flow"))
        return false;
    if (!field(c, "states")) {
        diag_error(o->decl->config_loc, "Flow config needs 'states'");
        return false;
    }
    if (!text_list(field(c, "states"), "states", &o->states, &o->nstates, 64))
        return false;
    const struct expr *ini = field(c, "initial"), *tr = field(c, "transitions");
    if (!need(o, ini, "initial", E_TEXT, "a state name") || !need(o, tr, "transitions", E_DICT, "a dictionary"))
        return false;
    int i0 = text_index(o->states, o->nstates, ini->text);
    if (i0 < 0) {
        diag_error(ini->loc, "initial state '%s' is not one of the states", ini->text);
        return false;
    }
    o->initial = (uint32_t)i0;
    for (size_t i = 0; i < tr->n; i++) {
        int from = text_index(o->states, o->nstates, tr->keys[i]);
        if (from < 0) {
            diag_error(tr->key_locs[i], "transition from undeclared state '%s'", tr->keys[i]);
            return false;
        }
        const struct expr *to = tr->items[i];
        if (to->kind != E_LIST) {
            diag_error(to->loc, "the transitions of '%s' must be a list of states", tr->keys[i]);
            return false;
        }
        for (size_t j = 0; j < to->n; j++) {
            int t = to->items[j]->kind == E_TEXT ? text_index(o->states, o->nstates, to->items[j]->text) : -1;
            if (t < 0) {
                diag_error(to->items[j]->loc, "transition to undeclared state%s%s",
                           to->items[j]->kind == E_TEXT ? " " : "",
                           to->items[j]->kind == E_TEXT ? xsprintf("'%s'", to->items[j]->text) : "");
                return false;
            }
            o->trans[from] |= (uint64_t)1 << t;
        }
    }
    const struct typedecl *td = find_type(o->decl, "State", "States");
    if (td) {   /* the State variant must list exactly the states */
        const struct texpr *t = td->type;
        size_t n = t->kind == TY_VARIANT ? t->n : 1;
        bool same = n == o->nstates;
        for (size_t i = 0; same && i < n; i++) {
            const struct texpr *a = t->kind == TY_VARIANT ? t->items[i] : t;
            same = a->kind == TY_TEXTLIT && text_index(o->states, o->nstates, a->name) >= 0;
        }
        if (!same) {
            diag_error(td->loc, "type %s must list exactly the states of config 'states'", td->name);
            return false;
        }
    }
    return positive(o, c, "pool_size", &o->pool, false, (uint32_t)pol->pool_default);
}

/* Flattens an Entry type into per-scalar ranges. */
static bool entry_shape(const struct texpr *t, struct ksm_range *r, uint32_t *n) {
    if (t->kind == TY_NAMED) {
        if (*n >= 16 || !int_type_range(t->name, &r[*n])) {
            diag_error(t->loc, *n >= 16 ? "HashSet entries are limited to 16 scalars"
                                        : "a HashSet entry is built from integers and Boolean, not '%s'",
                       t->name);
            return false;
        }
        (*n)++;
        return true;
    }
    if (t->kind == TY_TUPLE || t->kind == TY_DICT) {
        /* dictionaries: fields in sorted key order, as at run time */
        size_t *order = xalloc((t->n + 1) * sizeof *order);
        for (size_t i = 0; i < t->n; i++)
            order[i] = i;
        if (t->kind == TY_DICT)
            for (size_t i = 1; i < t->n; i++)
                for (size_t j = i; j > 0 && strcmp(t->keys[order[j - 1]], t->keys[order[j]]) > 0; j--) {
                    size_t x = order[j];
                    order[j] = order[j - 1];
                    order[j - 1] = x;
                }
        for (size_t i = 0; i < t->n; i++)
            if (!entry_shape(t->items[order[i]], r, n))
                return false;
        return true;
    }
    diag_error(t->loc, "a HashSet entry is built from integers and Boolean");
    return false;
}

static bool hashset_config(struct object *o) {
    const struct expr *c = o->decl->config;
    static const char *const keys[] = {"set_size", "pool_size", NULL};
    if (!need(o, c, "config", E_DICT, "a dictionary") || !known_keys(c, keys, "HashSet"))
        return false;
    if (!positive(o, c, "set_size", &o->set_size, true, 0) || !positive(o, c, "pool_size", &o->pool, true, 0))
        return false;
    const struct typedecl *td = find_type(o->decl, "Entry", NULL);
    if (!td) {
        diag_error(o->loc, "HashSet object '%s' needs 'type Entry = ...'", o->name);
        return false;
    }
    o->entry_type = td->type;
    o->ranges = xalloc(16 * sizeof *o->ranges);
    return entry_shape(td->type, o->ranges, &o->width);
}

static bool staticmap_config(struct object *o) {
    const struct expr *c = o->decl->config;
    static const char *const keys[] = {"keys", "pool_size", NULL};
    if (!need(o, c, "config", E_DICT, "a dictionary") || !known_keys(c, keys, "StaticMap"))
        return false;
    if (!positive(o, c, "pool_size", &o->pool, true, 0))
        return false;
    const struct typedecl *td = find_type(o->decl, "Value", NULL);
    o->value_range = (struct ksm_range){0, 0, UINT64_MAX};
    if (td && (td->type->kind != TY_NAMED || !int_type_range(td->type->name, &o->value_range) ||
               strcmp(td->type->name, "Boolean") == 0)) {
        diag_error(td->type->loc, "a StaticMap Value is an integer type");
        return false;
    }
    const struct expr *k = field(c, "keys");
    if (!need(o, k, "keys", E_DICT, "a dictionary of keys and default values"))
        return false;
    if (k->n == 0) {
        diag_error(k->loc, "a StaticMap needs at least one key");
        return false;
    }
    o->nkeys = k->n;
    o->keys = k->keys;
    o->defaults = xalloc(k->n * sizeof *o->defaults);
    for (size_t i = 0; i < k->n; i++) {
        const struct expr *v = k->items[i];
        if (v->kind != E_INT || !range_has(&o->value_range, v)) {
            diag_error(v->loc, "the default of key '%s' must be an integer of the Value type", k->keys[i]);
            return false;
        }
        o->defaults[i] = (struct ksm_value){.tag = KV_INT, .neg = v->neg, .u.mag = v->mag};
    }
    return true;
}

static bool mic_config(struct policy *pol, struct object *o) {
    const struct expr *c = o->decl->config;
    o->pool = (uint32_t)pol->pool_default;
    if (c && c->kind == E_LIST)
        return text_list(c, "config", &o->degrees, &o->ndeg, 255) &&
               (o->ndeg ? true : (diag_error(c->loc, "Mic needs at least one level"), false));
    static const char *const keys[] = {"degrees", "categories", "pool_size", NULL};
    if (!need(o, c, "config", E_DICT, "a list of levels or {degrees, categories}") ||
        !known_keys(c, keys, "Mic"))
        return false;
    if (!text_list(field(c, "degrees"), "degrees", &o->degrees, &o->ndeg, 255) ||
        !text_list(field(c, "categories"), "categories", &o->cats, &o->ncat, 56))
        return false;
    if (o->ndeg == 0) {
        diag_error(c->loc, "Mic needs at least one degree");
        return false;
    }
    return positive(o, c, "pool_size", &o->pool, false, (uint32_t)pol->pool_default);
}

bool object_config(struct policy *pol, struct object *o) {
    switch (o->kind) {
    case OK_BASE:
        if (o->decl->config) {
            diag_error(o->decl->config_loc, "the Base model takes no config");
            return false;
        }
        return true;
    case OK_FLOW:
        return flow_config(pol, o);
    case OK_HASHSET:
        return hashset_config(o);
    case OK_STATICMAP:
        return staticmap_config(o);
    case OK_MIC:
        return mic_config(pol, o);
    default:
        diag_error(o->decl->model_loc, "%s objects are created by 'use'; they cannot be declared",
                   objkind_model_name(o->kind));
        return false;
    }
}
