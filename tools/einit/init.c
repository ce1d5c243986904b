/* init.yaml's schema and the checks of einit_load (init.h). Structural errors are collected for the
 * whole file before the checks that need the whole picture (ids from headers, targets, channel ids,
 * classes, programs). */
#include "init.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmacro.h"
#include "lookup.h"
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

/* The kernel's class and its endpoints (kernel/idl/kl/core; einit's host test compares the two): no
 * process may take their names. Other kl.* names are ordinary classes, the KOS SDK's programs among
 * them (kl.VfsRamFs, kl.Ntpd). */
const char *const einit_reserved_names[] = {
    "Einit", "kl.core.Core", "kl.core.HAL", "kl.core.Handle", "kl.core.IO", "kl.core.IPC", "kl.core.Sync",
    "kl.core.Notice", "kl.core.Task", "kl.core.Thread", "kl.core.Time", "kl.core.VMM", NULL,
};

static bool check_reserved(struct src *s, const struct yaml_node *n, const char *what)
{
    for (const char *const *r = einit_reserved_names; *r; r++)
        if (strcmp(n->text, *r) == 0) {
            diag_error(s, n->line, n->col, "%s '%s' is reserved (%s)", what, n->text,
                       r == einit_reserved_names ? "Einit is the program einit generates"
                                                 : "the kernel's class and its endpoints");
            return false;
        }
    return true;
}

static bool check_length(struct src *s, const struct yaml_node *n, const char *what)
{
    if (strlen(n->text) <= EINIT_NAME_MAX)
        return true;
    diag_error(s, n->line, n->col, "%s '%s' is %zu characters long: the kernel keeps at most %u", what, n->text,
               strlen(n->text), EINIT_NAME_MAX);
    return false;
}

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
    return check_length(s, n, "class name") && check_reserved(s, n, "class name");
bad:
    diag_error(s, n->line, n->col, "'%s' is not a class name (identifiers separated by dots, e.g. echo.Server)",
               t);
    return false;
}

/* Process names appear in argv[0], in Einit's messages and as targets; they need no EDL, so they may
 * be spelt more freely than classes (UserServer, user-server, net.Client2). */
static bool check_task_name(struct src *s, const struct yaml_node *n)
{
    const char *t = n->text;
    bool ok = ident_start(t[0]);
    for (const char *p = t; ok && *p; p++)
        ok = ident_char(*p) || *p == '.' || *p == '-';
    if (!ok) {
        diag_error(s, n->line, n->col, "'%s' is not a process name (a letter or '_', then letters, digits, '_', "
                   "'.' and '-')", t);
        return false;
    }
    return check_length(s, n, "process name") && check_reserved(s, n, "process name");
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

/* A channel id as the kernel takes it (ipc CreateChannel); `from` says where a macro's value came from. */
static bool check_id(struct src *s, const char *id, unsigned line, unsigned col, const char *from)
{
    size_t len = strlen(id);
    if (len == 0) {
        diag_error(s, line, col, "channel id is empty%s", from);
        return false;
    }
    if (len > EINIT_ID_MAX) {
        diag_error(s, line, col, "channel id is %zu bytes long%s: at most %u", len, from, EINIT_ID_MAX);
        return false;
    }
    for (const char *p = id; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f) {
            diag_error(s, line, col, "channel id '%s'%s: only printable characters other than blanks, '\"' "
                       "and '\\'", id, from);
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

/* A C identifier: a macro's name. */
static bool check_macro_name(struct src *s, const struct yaml_node *n)
{
    bool ok = ident_start(n->text[0]);
    for (const char *p = n->text; ok && *p; p++)
        ok = ident_char(*p);
    if (!ok)
        diag_error(s, n->line, n->col, "'%s' is not a C macro name", n->text);
    return ok;
}

/* `id: name`, or KOS's `id: {var: MACRO, include: header.h}` (resolved later: resolve_ids). */
static bool load_id(struct src *s, const struct yaml_node *c, struct einit_conn *k)
{
    const struct yaml_node *id = yaml_get(c, "id");
    if (!id) {
        diag_error(s, c->line, c->col, "the connection has no 'id'");
        return false;
    }
    k->id_line = id->line, k->id_col = id->col;
    if (id->kind == YAML_SCALAR)
        return check_id(s, id->text, id->line, id->col, "") && (k->id = dup_text(id->text));
    if (id->kind != YAML_MAP) {
        diag_error(s, id->line, id->col, "'id' must be a scalar or {var: MACRO, include: header.h}, not %s",
                   yaml_kind_name(id->kind));
        return false;
    }
    static const char *const keys[] = {"var", "include", NULL};
    bool ok = known_keys(s, id, keys, "an id");
    const struct yaml_node *var = scalar_key(s, id, "var", true, "the id");
    const struct yaml_node *inc = scalar_key(s, id, "include", true, "the id");
    if (!var || !inc || !check_macro_name(s, var))
        return false;
    k->var_line = var->line, k->var_col = var->col;
    k->include_line = inc->line, k->include_col = inc->col;
    return ok && (k->var = dup_text(var->text)) && (k->include = dup_text(inc->text));
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
        struct einit_conn *k = &e->conns[e->nconns++];
        k->line = c->line, k->col = c->col;
        bool id_ok = load_id(s, c, k);
        if (!t || !id_ok) {
            ok = false;
            continue;
        }
        k->target_line = t->line, k->target_col = t->col;
        if (!(k->target = dup_text(t->text)))
            return false;
    }
    return ok;
}

/* An optional key of an entity naming something: its checked value, or `dflt` at the class name's
 * position when absent (nothing when the class name is unusable). False if present but unusable. */
static bool optional_name(struct src *s, const struct yaml_node *m, const char *key,
                          bool (*check)(struct src *, const struct yaml_node *), const char *dflt,
                          const struct einit_entity *e, char **out, unsigned *line, unsigned *col)
{
    const struct yaml_node *v = scalar_key(s, m, key, false, "the entity");
    if (!v && yaml_get(m, key))
        return false; /* present but not a usable scalar: reported */
    if (v && !check(s, v))
        return false;
    if (!v && !dflt)
        return true;
    *out = dup_text(v ? v->text : dflt);
    *line = v ? v->line : e->line;
    *col = v ? v->col : e->col;
    return true;
}

static bool load_entity(struct src *s, const struct yaml_node *m, struct einit_entity *e)
{
    static const char *const keys[] = {"name", "task", "path", "connections", "args", "env", NULL};
    if (!want(s, m, YAML_MAP, "an entity"))
        return false;
    bool ok = known_keys(s, m, keys, "an entity");
    const struct yaml_node *name = scalar_key(s, m, "name", true, "the entity");
    if (name && check_class_name(s, name)) {
        e->name = dup_text(name->text);
        e->line = name->line, e->col = name->col;
    } else
        ok = false;
    /* KasperskyOS's defaults: the process is named after its class, its executable after the
     * class's last part (net.Client -> Client). */
    const char *dot = e->name ? strrchr(e->name, '.') : NULL;
    ok &= optional_name(s, m, "task", check_task_name, e->name, e, &e->task, &e->task_line, &e->task_col);
    ok &= optional_name(s, m, "path", check_path_text, dot ? dot + 1 : e->name, e, &e->path, &e->path_line,
                        &e->path_col);
    ok &= load_strings(s, yaml_get(m, "args"), e);
    ok &= load_env(s, yaml_get(m, "env"), e);
    ok &= load_conns(s, yaml_get(m, "connections"), e);
    return ok && e->name && e->task && e->path;
}

/* ---- checks across entities ---- */

static bool check_names_and_targets(struct src *s, struct einit_solution *sol)
{
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(sol->ents[i].task, sol->ents[j].task) == 0) {
                diag_error(s, sol->ents[i].task_line, sol->ents[i].task_col, "duplicate process name '%s': "
                           "two processes of one class need a 'task' name each", sol->ents[i].task);
                diag_note(s, sol->ents[j].task_line, sol->ents[j].task_col, "first named here");
                ok = false;
                break;
            }
    for (size_t i = 0; i < sol->n; i++) {
        for (size_t c = 0; c < sol->ents[i].nconns; c++) {
            struct einit_conn *k = &sol->ents[i].conns[c];
            size_t j = 0;
            while (j < sol->n && strcmp(sol->ents[j].task, k->target) != 0)
                j++;
            if (j < sol->n) {
                k->server = j;
                sol->ents[j].is_server = true;
                continue;
            }
            char names[512] = "";   /* the valid ones: every process name, as far as they fit */
            size_t used = 0;
            for (j = 0; j < sol->n && used < sizeof names; j++) {
                size_t u = 0;
                while (u < j && strcmp(sol->ents[u].task, sol->ents[j].task) != 0)
                    u++;
                if (u == j)
                    used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "",
                                             sol->ents[j].task);
            }
            diag_error(s, k->target_line, k->target_col, "unknown target '%s': no process of that name "
                       "(expected one of: %s)", k->target, names);
            /* The usual slip: naming the class of processes that have task names of their own. */
            for (j = 0; j < sol->n; j++)
                if (strcmp(sol->ents[j].name, k->target) == 0)
                    diag_note(s, sol->ents[j].task_line, sol->ents[j].task_col, "a process of class %s is "
                              "named '%s': a connection targets a process name", k->target, sol->ents[j].task);
            ok = false;
        }
    }
    return ok;
}

/* The channel names process p knows: one per connection it lists, and one per id it serves. Several
 * clients of p may share an id: p knows it once and its registration by it gathers them all (the
 * kernel keeps the name's first channel). A client cannot know one name twice, nor a process serve a
 * name it also uses as a client. */
static bool check_channels(struct src *s, struct einit_solution *sol)
{
    bool ok = true;
    for (size_t p = 0; p < sol->n; p++) {
        const struct einit_conn *seen[EINIT_CHANNELS_MAX];
        bool seen_as_client[EINIT_CHANNELS_MAX];
        size_t nseen = 0;
        bool over = false;
        for (size_t i = 0; i < sol->n; i++) {
            for (size_t c = 0; c < sol->ents[i].nconns; c++) {
                const struct einit_conn *k = &sol->ents[i].conns[c];
                bool as_client = i == p;
                if ((!as_client && k->server != p) || !k->id)
                    continue;
                size_t d = 0;
                while (d < nseen && strcmp(seen[d]->id, k->id) != 0)
                    d++;
                if (d < nseen && !as_client && !seen_as_client[d])
                    continue; /* one more client of p under a name p serves */
                if (d < nseen) {
                    if (as_client && seen_as_client[d])
                        diag_error(s, k->id_line, k->id_col, "channel id '%s' is used twice by %s: a process finds "
                                   "its channels by id", k->id, sol->ents[p].task);
                    else
                        diag_error(s, k->id_line, k->id_col, "channel id '%s': %s would be both a client and the "
                                   "server under it (a process finds its channels by id)", k->id,
                                   sol->ents[p].task);
                    diag_note(s, seen[d]->id_line, seen[d]->id_col, "first used here");
                    ok = false;
                } else if (nseen < EINIT_CHANNELS_MAX) {
                    seen_as_client[nseen] = as_client;
                    seen[nseen++] = k;
                } else if (!over) {
                    diag_error(s, k->line, k->col, "%s has more than %u channels (the kernel's limit per process)",
                               sol->ents[p].task, EINIT_CHANNELS_MAX);
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
    size_t total = strlen(e->task) + 1; /* argv[0] */
    for (size_t i = 0; i < e->nargs; i++)
        total += strlen(e->args[i]) + 1;
    for (size_t i = 0; i < e->nenv; i++)
        total += strlen(e->env[i]) + 1;
    if (total <= EINIT_STRINGS_MAX)
        return true;
    diag_error(s, e->line, e->col, "the arguments and environment of %s take %zu bytes: a start carries at most %u",
               e->task, total, EINIT_STRINGS_MAX);
    return false;
}

/* The description's own first error: one in a file is printed at once, with its line and caret, so that
 * it comes before the init.yaml error that depends on it; one with no position (no such file) is kept
 * for a note after it. */
struct diag_capture {
    FILE *out;
    bool seen;
    char text[512];
};

static void capture(void *arg, const struct nkc_diag *d)
{
    struct diag_capture *c = arg;
    if (c->seen || d->severity != NKC_ERROR)
        return;
    c->seen = true;
    if (d->loc.file)
        nkc_diag_print(d, c->out);
    else
        snprintf(c->text, sizeof c->text, "%s", d->message);
}

/* Each class once, however many processes it has. */
static bool check_classes(struct src *s, const struct einit_options *o, const struct einit_solution *sol)
{
    struct nkc_ctx *ctx = nkc_new();
    if (!ctx)
        return false;
    for (size_t i = 0; i < o->nedl_dirs; i++)
        nkc_add_include_dir(ctx, o->edl_dirs[i]);
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++) {
        size_t j = 0;
        while (j < i && strcmp(sol->ents[j].name, sol->ents[i].name) != 0)
            j++;
        if (j < i)
            continue;
        struct diag_capture c = {s->out, false, ""};
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

/* Every entity's program directory (lookup.h); without a root, the path itself. */
static bool find_programs(struct src *s, const char *root, struct einit_solution *sol)
{
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++) {
        struct einit_entity *e = &sol->ents[i];
        char looked[1024];
        if (!root)
            e->program = dup_text(e->path);
        else if (einit_find_program(root, e->path, &e->program, looked, sizeof looked) != 0 &&
                 strcmp(e->name, EINIT_NAME_SERVER) == 0)
            e->program = dup_text(EINIT_NAME_SERVER_PROGRAM); /* Vigil's own, unless the solution has one */
        else if (!e->program && looked[0]) {
            diag_error(s, e->path_line, e->path_col, "missing path: no program directory of the solution builds "
                       "%s's executable '%s' (a directory holding .c files; looked at %s)", e->task, e->path,
                       looked);
            ok = false;
            continue;
        }
        if (!e->program)
            return false;
    }
    return ok;
}

/* The kernel takes a process's class from its program's ROMFS name, so the image holds one program
 * per class: every process of a class runs the same one. */
static bool check_one_program_per_class(struct src *s, const struct einit_solution *sol)
{
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(sol->ents[i].name, sol->ents[j].name) == 0 &&
                strcmp(sol->ents[i].program, sol->ents[j].program) != 0) {
                diag_error(s, sol->ents[i].path_line, sol->ents[i].path_col, "%s runs the program %s, but %s, of the "
                           "same class %s, runs %s: the image holds one program per class (its file is named "
                           "after the class)", sol->ents[i].task, sol->ents[i].program, sol->ents[j].task,
                           sol->ents[i].name, sol->ents[j].program);
                diag_note(s, sol->ents[j].path_line, sol->ents[j].path_col, "%s's program", sol->ents[j].task);
                ok = false;
                break;
            }
    return ok;
}

static bool add_header(struct einit_solution *sol, char *path)
{
    for (size_t i = 0; i < sol->nheaders; i++)
        if (strcmp(sol->headers[i], path) == 0) {
            free(path);
            return true;
        }
    char **h = realloc(sol->headers, (sol->nheaders + 1) * sizeof *h);
    if (!h) {
        free(path);
        return false;
    }
    sol->headers = h;
    sol->headers[sol->nheaders++] = path;
    return true;
}

/* id: {var: MACRO, include: header.h}: the macro's string value, read from the header found on the
 * include path (lookup.h, cmacro.h). */
static bool resolve_id(struct src *s, const struct einit_options *o, struct einit_solution *sol,
                       struct einit_conn *k)
{
    char looked[2048], *found;
    if (einit_find_header(o->include_dirs, o->ninclude_dirs, k->include, &found, looked, sizeof looked) != 0) {
        if (!looked[0])
            return false;
        diag_error(s, k->include_line, k->include_col, "header '%s' not found (looked for %s)", k->include, looked);
        return false;
    }
    struct src h;
    if (src_load(&h, found, s->out) != 0) {
        diag_error(s, k->include_line, k->include_col, "cannot read the header '%s' (%s)", k->include, found);
        src_free(&h);
        free(found);
        return false;
    }
    struct cmacro m;
    cmacro_string(&h, k->var, &m);
    bool ok = false;
    char from[512];
    snprintf(from, sizeof from, " (the value of %s in %s)", k->var, found);
    if (m.status == CMACRO_MISSING)
        diag_error(s, k->var_line, k->var_col, "no '#define %s' in %s", k->var, found);
    else if (m.status == CMACRO_NOT_STRING) {
        diag_error(s, k->var_line, k->var_col, "macro '%s' of %s is %s: a channel id is a string (#define %s "
                   "\"name\")", k->var, found, m.why, k->var);
        diag_note(&h, m.line, m.col, "%s is defined here", k->var);
    } else if (m.status == CMACRO_OK && check_id(s, m.value, k->var_line, k->var_col, from)) {
        k->id = m.value;
        m.value = NULL;
        ok = true;
    }
    free(m.value);
    src_free(&h);
    return add_header(sol, found) && ok;
}

static bool resolve_ids(struct src *s, const struct einit_options *o, struct einit_solution *sol)
{
    bool ok = true;
    for (size_t i = 0; i < sol->n; i++)
        for (size_t c = 0; c < sol->ents[i].nconns; c++)
            if (sol->ents[i].conns[c].var)
                ok &= resolve_id(s, o, sol, &sol->ents[i].conns[c]);
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
        /* Every entity is loaded: report every remaining problem, not only the first kind (a connection
         * whose id could not be read takes no part in the channel checks). */
        ok = resolve_ids(s, o, sol);
        ok &= check_names_and_targets(s, sol);
        ok &= check_channels(s, sol);
        for (size_t i = 0; i < sol->n; i++)
            ok &= check_strings_size(s, &sol->ents[i]);
        ok &= !o->edl_dirs || check_classes(s, o, sol);
        if (find_programs(s, o->root, sol))
            ok &= check_one_program_per_class(s, sol);
        else
            ok = false;
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
        free(e->task);
        free(e->path);
        free(e->program);
        for (size_t k = 0; k < e->nargs; k++)
            free(e->args[k]);
        free(e->args);
        for (size_t k = 0; k < e->nenv; k++)
            free(e->env[k]);
        free(e->env);
        for (size_t k = 0; k < e->nconns; k++) {
            free(e->conns[k].target);
            free(e->conns[k].id);
            free(e->conns[k].var);
            free(e->conns[k].include);
        }
        free(e->conns);
    }
    free(sol->ents);
    for (size_t i = 0; i < sol->nheaders; i++)
        free(sol->headers[i]);
    free(sol->headers);
    memset(sol, 0, sizeof *sol);
}
