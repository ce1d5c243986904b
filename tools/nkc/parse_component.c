/* The CDL and EDL parsers (one grammar, two headers):
 *   cdl     = "component" qname { section }
 *   edl     = ("entity" qname | "task" "class" qname) { section }
 *   section = "security" qname [";"]
 *           | ("endpoints" | "interfaces") "{" { NAME ":" qname [";" | ","] } "}" [";"]
 *           | "components" "{" { NAME ":" qname [";" | ","] } "}" [";"]
 * "interfaces" is the 1.0 spelling of "endpoints". Endpoint and instance names share one namespace
 * and may not contain '_'. RIIDs: own endpoints first in order, then each instance's endpoints. */
#include <string.h>

#include "internal.h"

struct section_item {
    const char *name;
    const char *type;
    struct nkc_loc loc, type_loc;
};

static void check_name(struct nkc_parser *p, struct nkc_vec *seen, const char *name, struct nkc_loc loc,
                       const char *comp)
{
    if (strchr(name, '_'))
        nkc_perr(p, loc, "name '%s' contains '_' (not allowed in endpoint and component names)", name);
    const char **s = seen->data;
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(s[i], name) == 0)
            nkc_perr(p, loc, "'%s' is already declared in %s", name, comp);
    *(const char **)nkc_vec_push(p->ctx, seen) = name;
}

static void parse_items(struct nkc_parser *p, struct nkc_vec *items, const char *what)
{
    nkc_advance(p);
    nkc_expect(p, TK_LBRACE);
    while (p->tok.kind != TK_RBRACE) {
        struct section_item *it = nkc_vec_push(p->ctx, items);
        it->name = nkc_parse_ident(p, nkc_sprintf(p->ctx, "%s name or '}'", what), &it->loc);
        nkc_expect(p, TK_COLON);
        it->type = nkc_parse_qname(p, "a qualified name", &it->type_loc);
        if (p->tok.kind == TK_SEMI || p->tok.kind == TK_COMMA)
            nkc_advance(p);
    }
    nkc_advance(p);
    if (p->tok.kind == TK_SEMI)
        nkc_advance(p);
}

static void add_flat(struct nkc_parser *p, struct nkc_vec *flat, const char *prefix,
                     const struct nkc_component *c, struct nkc_loc loc)
{
    for (size_t i = 0; i < c->nflat; i++) {
        if (flat->n >= UINT16_MAX)
            nkc_perr(p, loc, "more than %u endpoints in one class", UINT16_MAX);
        struct nkc_flat_endpoint *f = nkc_vec_push(p->ctx, flat);
        *f = c->flat[i];
        f->riid = (uint16_t)(flat->n - 1);
        f->path = nkc_sprintf(p->ctx, "%s.%s", prefix, c->flat[i].path);
    }
}

void nkc_parse_component(struct nkc_parser *p, bool entity)
{
    struct nkc_component *c = nkc_alloc(p->ctx, sizeof *c);
    c->is_entity = entity;
    c->path = p->src->path;
    c->loc = p->tok.loc;
    const char *kind = entity ? "entity" : "component";
    if (entity && nkc_is_word(&p->tok, "task")) {
        nkc_advance(p);
        nkc_expect_word(p, "class");
    } else {
        nkc_expect_word(p, kind);
    }
    struct nkc_loc loc;
    c->name = nkc_parse_qname(p, nkc_sprintf(p->ctx, "%s name", entity ? "a class" : "a component"), &loc);
    c->cname = nkc_cname(p->ctx, c->name);
    nkc_check_file_name(p, c->name, loc, entity ? ".edl" : ".cdl");
    if (entity) {
        const char *last = strrchr(c->name, '.');
        last = last ? last + 1 : c->name;
        if (!(last[0] >= 'A' && last[0] <= 'Z'))
            nkc_perr(p, loc, "class name '%s' must start with an upper-case letter", last);
    }
    p->unit->name = c->name;
    p->unit->comp = c; /* so that a component naming itself is seen as a cycle */
    if (p->tok.kind == TK_SEMI)
        nkc_advance(p);

    struct nkc_vec eps, comps, seen, flat;
    nkc_vec_init(&eps, sizeof(struct section_item));
    nkc_vec_init(&comps, sizeof(struct section_item));
    nkc_vec_init(&seen, sizeof(const char *));
    nkc_vec_init(&flat, sizeof(struct nkc_flat_endpoint));
    bool any_section = false;
    while (p->tok.kind != TK_EOF) {
        any_section = true;
        if (nkc_is_word(&p->tok, "security")) {
            struct nkc_loc sloc = p->tok.loc;
            if (c->security)
                nkc_perr(p, sloc, "%s %s already has a security interface", kind, c->name);
            nkc_advance(p);
            struct nkc_loc iloc;
            const char *iname = nkc_parse_qname(p, "an interface name", &iloc);
            const struct nkc_package *sec = nkc_require_idl(p, iname, iloc);
            if (!sec->has_interface)
                nkc_perr(p, iloc, "package %s declares no interface", iname);
            for (size_t i = 0; i < sec->nmethods; i++)
                for (size_t j = 0; j < sec->methods[i].nparams; j++)
                    if (sec->methods[i].params[j].dir != NKC_IN)
                        nkc_perr(p, iloc, "security interface %s: method %s has '%s', but a security "
                                 "interface takes only 'in' parameters", iname, sec->methods[i].name,
                                 sec->methods[i].params[j].name);
            c->security = sec;
            if (p->tok.kind == TK_SEMI)
                nkc_advance(p);
        } else if (nkc_is_word(&p->tok, "endpoints") || nkc_is_word(&p->tok, "interfaces")) {
            parse_items(p, &eps, "an endpoint");
        } else if (nkc_is_word(&p->tok, "components")) {
            parse_items(p, &comps, "a component instance");
        } else {
            nkc_expected(p, "'endpoints', 'components' or 'security'");
        }
    }
    /* An entity may be empty (a program that serves nothing, like KasperskyOS's Hello example). */
    if (!any_section && !entity)
        nkc_perr(p, loc, "component %s is empty: expected 'endpoints', 'components' or 'security'",
                 c->name);

    struct nkc_endpoint *ep = nkc_alloc(p->ctx, (eps.n + 1) * sizeof *ep);
    struct section_item *items = eps.data;
    for (size_t i = 0; i < eps.n; i++) {
        check_name(p, &seen, items[i].name, items[i].loc, c->name);
        ep[i].name = items[i].name;
        ep[i].loc = items[i].loc;
        ep[i].iface = nkc_require_idl(p, items[i].type, items[i].type_loc);
        if (!ep[i].iface->has_interface)
            nkc_perr(p, items[i].type_loc, "package %s declares no interface", items[i].type);
        if (flat.n >= UINT16_MAX)
            nkc_perr(p, items[i].loc, "more than %u endpoints in one class", UINT16_MAX);
        struct nkc_flat_endpoint *f = nkc_vec_push(p->ctx, &flat);
        f->riid = (uint16_t)(flat.n - 1);
        f->path = ep[i].name;
        f->iface = ep[i].iface;
    }
    struct nkc_instance *inst = nkc_alloc(p->ctx, (comps.n + 1) * sizeof *inst);
    items = comps.data;
    for (size_t i = 0; i < comps.n; i++) {
        check_name(p, &seen, items[i].name, items[i].loc, c->name);
        inst[i].name = items[i].name;
        inst[i].loc = items[i].loc;
        inst[i].iid_offset = (uint16_t)flat.n;
        inst[i].comp = nkc_require_cdl(p, items[i].type, items[i].type_loc);
        add_flat(p, &flat, inst[i].name, inst[i].comp, items[i].loc);
    }
    /* flat[].ep of own endpoints points into ep[], now final. */
    struct nkc_flat_endpoint *fl = flat.data;
    for (size_t i = 0; i < eps.n; i++)
        fl[i].ep = &ep[i];
    c->endpoints = ep;
    c->nendpoints = eps.n;
    c->components = inst;
    c->ncomponents = comps.n;
    c->flat = flat.data;
    c->nflat = flat.n;
}
