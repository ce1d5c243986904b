/* init.yaml's schema and the checks of einit_load (init.h). Structural errors are collected for the
 * whole file before the checks that need the whole picture (targets, channel ids, classes, paths). */
#include "init.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/nkc/nkc.h"
#include "yaml.h"

static char *dup_text(const char *t)
{
    size_t n = strlen(t) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, t, n);
    return p;
}

static bool want(struct src *s, const struct yaml_node *n, enum yaml_kind kind, const char *what)
{
    if (n->kind == kind)
        return true;
    diag_error(s, n->line, n->col, "%s must be %s, not %s", what, yaml_kind_name(kind), yaml_kind_name(n->kind));
    return false;
}

static bool known_keys(struct src *s, const struct yaml_node *map, const char *const *keys, const char *where)
{
    bool ok = true;
    for (size_t i = 0; i < map->n; i++) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], map->keys[i]->text) != 0)
            k++;
        if (keys[k])
            continue;
        char list[128] = "";
        for (k = 0; keys[k]; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", keys[k]);
        diag_error(s, map->keys[i]->line, map->keys[i]->col, "unknown key '%s' in %s (known: %s)",
                   map->keys[i]->text, where, list);
        ok = false;
    }
    return ok;
}

/* A scalar value of a required or optional key; NULL when absent or wrong (reported). */
static const struct yaml_node *scalar_key(struct src *s, const struct yaml_node *map, const char *key, bool required,
                                          const char *where)
{
    const struct yaml_node *v = yaml_get(map, key);
    if (!v) {
        if (required)
            diag_error(s, map->line, map->col, "%s has no '%s'", where, key);
        return NULL;
    }
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    if (!want(s, v, YAML_SCALAR, what))
        return NULL;
    if (!v->text[0]) {
        diag_error(s, v->line, v->col, "'%s' is empty", key);
        return NULL;
    }
    return v;
}

/* ---- names ---- */

static bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

static bool check_class_name(struct src *s, const struct yaml_node *n)
{
    const char *t = n->text, *last = t;
    for (const char *p = t;; p++) {
        if (!ident_start(*p))
            goto bad;
        while (ident_char(*p))
            p++;
        if (*p == '\0')
            break;
        if (*p != '.')
            goto bad;
        last = p + 1;
    }
    if (!(*last >= 'A' && *last <= 'Z')) {
        diag_error(s, n->line, n->col, "class name '%s': its last part must start with an upper-case letter "
                   "(EDL class names do)", t);
        return false;
    }
    if (strlen(t) > EINIT_NAME_MAX) {
        diag_error(s, n->line, n->col, "class name '%s' is %zu characters long: the kernel keeps at most %u",
                   t, strlen(t), EINIT_NAME_MAX);
        return false;
    }
    if (strcmp(t, "Einit") == 0 || strncmp(t, "kl.", 3) == 0) {
        diag_error(s, n->line, n->col, "'%s' is reserved (%s)", t,
                   t[0] == 'E' ? "Einit is the program einit generates" : "kl.* are the kernel's classes");
        return false;
    }
    return true;
bad:
    diag_error(s, n->line, n->col, "'%s' is not a class name (identifiers separated by dots, e.g. echo.Server)",
               t);
    return false;
}

/* Program paths: relative, inside the solution, in characters make and the shell take as they are. */
static bool check_path_text(struct src *s, const struct yaml_node *n)
{
    const char *t = n->text;
    bool seg_start = true;
    for (const char *p = t; *p; p++) {
        char c = *p;
        if (c == '/') {
            if (seg_start)
                goto bad;
            seg_start = true;
            continue;
        }
        if (seg_start && c == '.')
            goto bad;   /* no "..", ".hidden" or "./" */
        if (!ident_char(c) && c != '-' && c != '.')
            goto bad;
        seg_start = false;
    }
    if (!seg_start)
        return true;
bad:
    diag_error(s, n->line, n->col, "path '%s': a program directory of the solution, relative to it (letters, "
               "digits, '_', '-', '.', '/'; no '..', no leading '/' or '.')", t);
    return false;
}

static bool check_id(struct src *s, const struct yaml_node *n)
{
    size_t len = strlen(n->text);
    if (len > EINIT_ID_MAX) {
        diag_error(s, n->line, n->col, "channel id is %zu bytes long: at most %u", len, EINIT_ID_MAX);
        return false;
    }
    for (const char *p = n->text; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f) {
            diag_error(s, n->line, n->col, "channel id '%s': only printable characters other than blanks, '\"' "
                       "and '\\'", n->text);
            return false;
        }
    }
    return true;
}

/* ---- one entity ---- */

static bool load_strings(struct src *s, const struct yaml_node *v, struct einit_entity *e)
{
    if (!v || v->kind == YAML_NULL)
        return true;
    if (!want(s, v, YAML_SEQ, "'args'"))
        return false;
    e->args = calloc(v->n ? v->n : 1, sizeof *e->args);
    bool ok = e->args != NULL;
    for (size_t i = 0; ok && i < v->n; i++) {
        if (!want(s, v->items[i], YAML_SCALAR, "an argument")) {
            ok = false;
            break;
        }
        if (!(e->args[e->nargs++] = dup_text(v->items[i]->text)))
            ok = false;
    }
    return ok;
}

static bool load_env(struct src *s, const struct yaml_node *v, struct einit_entity *e)
{
    if (!v || v->kind == YAML_NULL)
        return true;
    if (!want(s, v, YAML_MAP, "'env'"))
        return false;
    e->env = calloc(v->n ? v->n : 1, sizeof *e->env);
    if (!e->env)
        return false;
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) {
        const struct yaml_node *k = v->keys[i], *val = v->items[i];
        const char *p = k->text;
        bool good = ident_start(*p);
        while (good && *++p)
            good = ident_char(*p);
        if (!good) {
            diag_error(s, k->line, k->col, "environment variable name '%s': letters, digits and '_', not "
                       "starting with a digit", k->text);
            ok = false;
            continue;
        }
        if (val->kind != YAML_SCALAR && val->kind != YAML_NULL) {
            want(s, val, YAML_SCALAR, "an environment value");
            ok = false;
            continue;
        }
        const char *text = val->kind == YAML_SCALAR ? val->text : "";
        char *kv = malloc(strlen(k->text) + strlen(text) + 2);
        if (!kv)
            return false;
        sprintf(kv, "%s=%s", k->text, text);
        e->env[e->nenv++] = kv;
    }
    return ok;
}

static bool load_conns(struct src *s, const struct yaml_node *v, struct einit_entity *e)
{
    if (!v || v->kind == YAML_NULL)
        return true;
    if (!want(s, v, YAML_SEQ, "'connections'"))
        return false;
    e->conns = calloc(v->n ? v->n : 1, sizeof *e->conns);
    if (!e->conns)
        return false;
    bool ok = true;
    static const char *const keys[] = {"target", "id", NULL};
    for (size_t i = 0; i < v->n; i++) {
        const struct yaml_node *c = v->items[i];
        if (!want(s, c, YAML_MAP, "a connection")) {
            ok = false;
            continue;
        }
        ok &= known_keys(s, c, keys, "a connection");
        const struct yaml_node *t = scalar_key(s, c, "target", true, "the connection");
        const struct yaml_node *id = scalar_key(s, c, "id", true, "the connection");
        if (!t || !id || !check_id(s, id)) {
            ok = false;
            continue;
        }
        struct einit_conn *k = &e->conns[e->nconns++];
        k->line = c->line, k->col = c->col;
        k->target_line = t->line, k->target_col = t->col;
        k->id_line = id->line, k->id_col = id->col;
        if (!(k->target = dup_text(t->text)) || !(k->id = dup_text(id->text)))
            return false;
    }
    return ok;
}

static bool load_entity(struct src *s, const struct yaml_node *m, struct einit_entity *e)
{
    static const char *const keys[] = {"name", "path", "connections", "args", "env", NULL};
    if (!want(s, m, YAML_MAP, "an entity"))
        return false;
    bool ok = known_keys(s, m, keys, "an entity");
    const struct yaml_node *name = scalar_key(s, m, "name", true, "the entity");
    if (name && check_class_name(s, name)) {
        e->name = dup_text(name->text);
        e->line = name->line, e->col = name->col;
    } else
        ok = false;
    const struct yaml_node *path = scalar_key(s, m, "path", false, "the entity");
    if (path) {
        if (check_path_text(s, path)) {
            e->path = dup_text(path->text);
            e->path_line = path->line, e->path_col = path->col;
        } else
            ok = false;
    } else if (e->name) {
        /* The reference's default: the class's last part (net.Client -> Client). */
        const char *dot = strrchr(e->name, '.');
        e->path = dup_text(dot ? dot + 1 : e->name);
        e->path_line = e->line, e->path_col = e->col;
    }
    ok &= load_strings(s, yaml_get(m, "args"), e);
    ok &= load_env(s, yaml_get(m, "env"), e);
    ok &= load_conns(s, yaml_get(m, "connections"), e);
    return ok && e->name && e->path;
}

/* ---- checks across entities ---- */

static bool check_names_and_targets(struct src *s, struct einit_solution *sol)
{
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(sol->ents[i].name, sol->ents[j].name) == 0) {
                diag_error(s, sol->ents[i].line, sol->ents[i].col, "duplicate name '%s': each entity is a process "
                           "class of its own", sol->ents[i].name);
                diag_note(s, sol->ents[j].line, sol->ents[j].col, "first named here");
                ok = false;
                break;
            }
    for (size_t i = 0; i < sol->n; i++) {
        for (size_t c = 0; c < sol->ents[i].nconns; c++) {
            struct einit_conn *k = &sol->ents[i].conns[c];
            size_t j = 0;
            while (j < sol->n && strcmp(sol->ents[j].name, k->target) != 0)
                j++;
            if (j == sol->n) {
                diag_error(s, k->target_line, k->target_col, "unknown target '%s': no entity of that name",
                           k->target);
                ok = false;
                continue;
            }
            k->server = j;
            sol->ents[j].is_server = true;
        }
    }
    return ok;
}

/* A channel's name must be unique among the channels of both its processes (the kernel finds ends by name). */
static bool check_channels(struct src *s, struct einit_solution *sol)
{
    bool ok = true;
    for (size_t p = 0; p < sol->n; p++) {
        const struct einit_conn *seen[EINIT_CHANNELS_MAX];
        size_t nseen = 0;
        bool over = false;
        for (size_t i = 0; i < sol->n; i++) {
            for (size_t c = 0; c < sol->ents[i].nconns; c++) {
                const struct einit_conn *k = &sol->ents[i].conns[c];
                if (i != p && k->server != p)
                    continue;
                size_t d = 0;
                while (d < nseen && strcmp(seen[d]->id, k->id) != 0)
                    d++;
                if (d < nseen) {
                    diag_error(s, k->id_line, k->id_col, "channel id '%s' is used twice by %s: a process finds "
                               "its channels by id", k->id, sol->ents[p].name);
                    diag_note(s, seen[d]->id_line, seen[d]->id_col, "first used here");
                    ok = false;
                } else if (nseen < EINIT_CHANNELS_MAX) {
                    seen[nseen++] = k;
                } else if (!over) {
                    diag_error(s, k->line, k->col, "%s has more than %u channels (the kernel's limit per process)",
                               sol->ents[p].name, EINIT_CHANNELS_MAX);
                    over = true;
                    ok = false;
                }
            }
        }
    }
    return ok;
}

static bool check_strings_size(struct src *s, const struct einit_entity *e)
{
    size_t total = strlen(e->name) + 1;
    for (size_t i = 0; i < e->nargs; i++)
        total += strlen(e->args[i]) + 1;
    for (size_t i = 0; i < e->nenv; i++)
        total += strlen(e->env[i]) + 1;
    if (total <= EINIT_STRINGS_MAX)
        return true;
    diag_error(s, e->line, e->col, "the arguments and environment of %s take %zu bytes: a start carries at most %u",
               e->name, total, EINIT_STRINGS_MAX);
    return false;
}

struct diag_capture {
    char text[512];
};

static void capture(void *arg, const struct nkc_diag *d)
{
    struct diag_capture *c = arg;
    if (c->text[0] || d->severity != NKC_ERROR)
        return;
    if (d->loc.file)
        snprintf(c->text, sizeof c->text, "%s:%u:%u: %s", d->loc.file, d->loc.line, d->loc.col, d->message);
    else
        snprintf(c->text, sizeof c->text, "%s", d->message);
}

static bool check_classes(struct src *s, const struct einit_options *o, const struct einit_solution *sol)
{
    struct nkc_ctx *ctx = nkc_new();
    if (!ctx)
        return false;
    for (size_t i = 0; i < o->nedl_dirs; i++)
        nkc_add_include_dir(ctx, o->edl_dirs[i]);
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++) {
        struct diag_capture c = {""};
        nkc_set_diag_sink(ctx, capture, &c);
        if (nkc_load_entity(ctx, sol->ents[i].name))
            continue;
        diag_error(s, sol->ents[i].line, sol->ents[i].col, "unknown class '%s': no usable EDL description of it "
                   "in the solution's search path", sol->ents[i].name);
        if (c.text[0])
            fprintf(s->out, "note: %s\n", c.text);
        ok = false;
    }
    nkc_free(ctx);
    return ok;
}

static bool has_c_file(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        found = n > 2 && strcmp(de->d_name + n - 2, ".c") == 0;
    }
    closedir(d);
    return found;
}

static bool check_paths(struct src *s, const char *root, const struct einit_solution *sol)
{
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++) {
        const struct einit_entity *e = &sol->ents[i];
        char dir[4096];
        struct stat st;
        snprintf(dir, sizeof dir, "%s/%s", root, e->path);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            diag_error(s, e->path_line, e->path_col, "missing path: %s's program directory %s does not exist",
                       e->name, dir);
            ok = false;
        } else if (!has_c_file(dir)) {
            diag_error(s, e->path_line, e->path_col, "missing path: %s's program directory %s holds no .c file",
                       e->name, dir);
            ok = false;
        }
    }
    return ok;
}

int einit_load(struct src *s, const struct einit_options *o, struct einit_solution *sol)
{
    memset(sol, 0, sizeof *sol);
    struct yaml_node *root = yaml_parse(s);
    if (!root)
        return -1;
    bool ok = false;
    static const char *const top[] = {"entities", NULL};
    if (root->kind == YAML_NULL)
        diag_error(s, 1, 1, "the file is empty: it needs 'entities:', the list of processes to start");
    else if (want(s, root, YAML_MAP, "the document") && known_keys(s, root, top, "init.yaml")) {
        const struct yaml_node *ents = yaml_get(root, "entities");
        if (!ents)
            diag_error(s, root->line, root->col, "no 'entities:' (the list of processes to start)");
        else if (want(s, ents, YAML_SEQ, "'entities'")) {
            if (ents->n == 0)
                diag_error(s, ents->line, ents->col, "'entities' is empty: a solution has at least one process");
            else if (ents->n > EINIT_ENTITIES_MAX)
                diag_error(s, ents->items[EINIT_ENTITIES_MAX]->line, ents->items[EINIT_ENTITIES_MAX]->col,
                           "more than %u entities", EINIT_ENTITIES_MAX);
            else if ((sol->ents = calloc(ents->n, sizeof *sol->ents))) {
                ok = true;
                for (size_t i = 0; i < ents->n; i++) {
                    sol->n++;
                    ok &= load_entity(s, ents->items[i], &sol->ents[i]);
                }
            }
        }
    }
    yaml_free(root);
    if (ok) {
        /* Every entity is loaded: report every remaining problem, not only the first kind. */
        ok = check_names_and_targets(s, sol);
        ok &= check_channels(s, sol);
        for (size_t i = 0; i < sol->n; i++)
            ok &= check_strings_size(s, &sol->ents[i]);
        ok &= !o->edl_dirs || check_classes(s, o, sol);
        ok &= !o->root || check_paths(s, o->root, sol);
    }
    if (!ok || s->errors) {
        if (!s->errors)
            diag_error(s, 1, 1, "out of memory");
        einit_solution_free(sol);
        return -1;
    }
    return 0;
}

void einit_solution_free(struct einit_solution *sol)
{
    for (size_t i = 0; i < sol->n; i++) {
        struct einit_entity *e = &sol->ents[i];
        free(e->name);
        free(e->path);
        for (size_t k = 0; k < e->nargs; k++)
            free(e->args[k]);
        free(e->args);
        for (size_t k = 0; k < e->nenv; k++)
            free(e->env[k]);
        free(e->env);
        for (size_t k = 0; k < e->nconns; k++) {
            free(e->conns[k].target);
            free(e->conns[k].id);
        }
        free(e->conns);
    }
    free(sol->ents);
    sol->ents = NULL;
    sol->n = 0;
}
