/* Loading: reading files, the search path, the cache of loaded descriptions, cycles, and the bail
 * points that turn a parser's error into a NULL result. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tools/common/file.h"

#define NKC_MAX_FILE_SIZE (16u << 20)
#define NKC_MAX_LOAD_DEPTH 32

static const char *const ext_of[] = {[NKC_FILE_IDL] = ".idl", [NKC_FILE_CDL] = ".cdl", [NKC_FILE_EDL] = ".edl"};
static const char *const kind_word[] = {[NKC_FILE_IDL] = "IDL package", [NKC_FILE_CDL] = "component",
                                        [NKC_FILE_EDL] = "entity"};

static struct nkc_unit *find_unit(struct nkc_ctx *ctx, enum nkc_file_kind kind, const char *name,
                                  const char *path)
{
    for (struct nkc_unit *u = ctx->units; u; u = u->next) {
        if (u->kind != kind)
            continue;
        if (name && u->name && strcmp(u->name, name) == 0)
            return u;
        if (path && u->path && strcmp(u->path, path) == 0)
            return u;
    }
    return NULL;
}

/* Reads a whole file into the context's memory; NULL with errno set (EFBIG when too large). */
static char *read_file(struct nkc_ctx *ctx, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = file_read_all(f, NKC_MAX_FILE_SIZE, len);
    fclose(f);
    if (!text)
        return NULL;
    char *kept = nkc_alloc(ctx, *len + 1);
    memcpy(kept, text, *len + 1);
    free(text);
    return kept;
}

/* Parses one source into a new unit. Returns NULL on error (reported). */
static struct nkc_unit *parse_unit(struct nkc_ctx *ctx, const char *path, const char *text, size_t len,
                                   enum nkc_file_kind kind)
{
    struct nkc_unit *unit = nkc_alloc(ctx, sizeof *unit);
    unit->any_name = path == NULL;
    if (!path)
        path = "<input>";
    unit->kind = kind;
    unit->path = nkc_strdup(ctx, path);
    unit->src.path = unit->path;
    unit->src.text = text;
    unit->src.len = len;
    unit->loading = true;
    unit->next = ctx->units;
    ctx->units = unit;

    jmp_buf here;
    jmp_buf *saved = ctx->bail;
    ctx->bail = &here;
    ctx->depth++;
    if (setjmp(here)) {
        ctx->bail = saved;
        ctx->depth--;
        unit->loading = false;
        unit->failed = true;
        unit->pkg = NULL;
        unit->comp = NULL;
        return NULL;
    }
    struct nkc_parser p;
    nkc_parser_init(&p, ctx, &unit->src, unit);
    if (kind == NKC_FILE_IDL) {
        nkc_parse_idl(&p);
        unit->pkg = p.pkg;
    } else {
        nkc_parse_component(&p, kind == NKC_FILE_EDL);
    }
    ctx->bail = saved;
    ctx->depth--;
    unit->loading = false;
    return unit;
}

static struct nkc_unit *load_file(struct nkc_ctx *ctx, const char *path, enum nkc_file_kind kind)
{
    struct nkc_unit *u = find_unit(ctx, kind, NULL, path);
    if (u)
        return u->failed ? NULL : u;
    size_t len = 0;
    char *text = read_file(ctx, path, &len);
    if (!text) {
        struct nkc_loc none = {0};
        nkc_report(ctx, NKC_ERROR, NULL, none, "cannot read %s: %s", path,
                   errno == EFBIG ? "file larger than 16 MiB" : strerror(errno));
        return NULL;
    }
    return parse_unit(ctx, path, text, len, kind);
}

/* "a.b.C" -> "a/b/C" */
static char *name_to_path(struct nkc_ctx *ctx, const char *qname)
{
    char *s = nkc_strdup(ctx, qname);
    for (char *c = s; *c; c++)
        if (*c == '.')
            *c = '/';
    return s;
}

static char *dir_of(struct nkc_ctx *ctx, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? nkc_strndup(ctx, path, (size_t)(slash - path)) : nkc_strdup(ctx, ".");
}

/* Finds the file for a qualified name; NULL when none exists, with `searched` listing the places. */
static char *search(struct nkc_ctx *ctx, const char *referrer, const char *qname, enum nkc_file_kind kind,
                    const char **searched)
{
    const char *rel = name_to_path(ctx, qname);
    const char *last = strrchr(qname, '.');
    last = last ? last + 1 : qname;
    struct nkc_vec dirs;
    nkc_vec_init(&dirs, sizeof(const char *));
    if (referrer)
        *(const char **)nkc_vec_push(ctx, &dirs) = dir_of(ctx, referrer);
    for (size_t i = 0; i < ctx->ndirs; i++) {
        bool dup = false; /* the referring file's directory is often on the path too */
        for (size_t j = 0; j < dirs.n; j++)
            dup |= strcmp(((const char **)dirs.data)[j], ctx->dirs[i]) == 0;
        if (!dup)
            *(const char **)nkc_vec_push(ctx, &dirs) = ctx->dirs[i];
    }
    if (dirs.n == 0)
        *(const char **)nkc_vec_push(ctx, &dirs) = ".";
    const char **d = dirs.data;
    const char *names[2] = {rel, last};
    for (int pass = 0; pass < (strchr(qname, '.') ? 2 : 1); pass++)
        for (size_t i = 0; i < dirs.n; i++) {
            char *path = nkc_sprintf(ctx, "%s/%s%s", d[i], names[pass], ext_of[kind]);
            if (file_readable(path))
                return path;
        }
    char *list = nkc_sprintf(ctx, "%s", d[0]);
    for (size_t i = 1; i < dirs.n; i++)
        list = nkc_sprintf(ctx, "%s, %s", list, d[i]);
    *searched = strchr(qname, '.')
                    ? nkc_sprintf(ctx, "looked for %s%s and %s%s in %s", rel, ext_of[kind], last, ext_of[kind], list)
                    : nkc_sprintf(ctx, "looked for %s%s in %s", rel, ext_of[kind], list);
    return NULL;
}

static struct nkc_unit *require(struct nkc_parser *p, const char *qname, struct nkc_loc loc,
                                enum nkc_file_kind kind)
{
    struct nkc_ctx *ctx = p->ctx;
    struct nkc_unit *u = find_unit(ctx, kind, qname, NULL);
    if (u && u->loading)
        nkc_perr(p, loc, "%s %s refers to itself (a cycle through %s)", kind_word[kind], qname, p->unit->name);
    if (u && u->failed)
        nkc_bail(ctx); /* already reported */
    if (u)
        return u;
    const char *searched = NULL;
    char *path = search(ctx, p->src->path, qname, kind, &searched);
    if (!path)
        nkc_perr(p, loc, "cannot find %s %s (%s)", kind_word[kind], qname, searched);
    if (ctx->depth >= NKC_MAX_LOAD_DEPTH)
        nkc_perr(p, loc, "descriptions nested more than %d files deep", NKC_MAX_LOAD_DEPTH);
    u = find_unit(ctx, kind, NULL, path);
    if (u && u->loading)
        nkc_perr(p, loc, "%s %s refers to itself (a cycle through %s)", kind_word[kind], qname, p->unit->name);
    if (!u)
        u = load_file(ctx, path, kind);
    if (!u) {
        nkc_report(ctx, NKC_NOTE, p->src, loc, "%s %s is used here", kind_word[kind], qname);
        nkc_bail(ctx);
    }
    if (!u->name || strcmp(u->name, qname) != 0)
        nkc_perr(p, loc, "%s declares %s, not %s", path, u->name ? u->name : "nothing", qname);
    return u;
}

struct nkc_package *nkc_require_idl(struct nkc_parser *p, const char *qname, struct nkc_loc loc)
{
    return require(p, qname, loc, NKC_FILE_IDL)->pkg;
}

struct nkc_component *nkc_require_cdl(struct nkc_parser *p, const char *qname, struct nkc_loc loc)
{
    return require(p, qname, loc, NKC_FILE_CDL)->comp;
}

/* ---- public entry points: each sets a bail point for errors outside any parser ---- */

static bool looks_like_path(const char *s, enum nkc_file_kind kind)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 4 && strcmp(s + n - 4, ext_of[kind]) == 0);
}

static struct nkc_unit *load_any(struct nkc_ctx *ctx, const char *name_or_path, enum nkc_file_kind kind)
{
    jmp_buf top;
    jmp_buf *saved = ctx->bail;
    ctx->bail = &top;
    struct nkc_unit *volatile u = NULL;
    if (setjmp(top)) {
        ctx->bail = saved;
        return NULL;
    }
    if (looks_like_path(name_or_path, kind)) {
        u = load_file(ctx, name_or_path, kind);
    } else {
        u = find_unit(ctx, kind, name_or_path, NULL);
        if (u && u->failed)
            u = NULL;
        else if (!u) {
            const char *searched = NULL;
            char *path = search(ctx, NULL, name_or_path, kind, &searched);
            if (!path) {
                struct nkc_loc none = {0};
                nkc_report(ctx, NKC_ERROR, NULL, none, "cannot find %s %s (%s)", kind_word[kind], name_or_path,
                           searched);
            } else {
                u = load_file(ctx, path, kind);
            }
        }
    }
    ctx->bail = saved;
    return u;
}

const struct nkc_component *nkc_load_entity(struct nkc_ctx *ctx, const char *name_or_path)
{
    struct nkc_unit *u = load_any(ctx, name_or_path, NKC_FILE_EDL);
    return u ? u->comp : NULL;
}

static int kind_from_path(const char *path, enum nkc_file_kind *kind)
{
    size_t n = strlen(path);
    for (int k = NKC_FILE_IDL; k <= NKC_FILE_EDL; k++)
        if (n > 4 && strcmp(path + n - 4, ext_of[k]) == 0) {
            *kind = (enum nkc_file_kind)k;
            return 0;
        }
    return -1;
}

static int result(struct nkc_unit *u, const struct nkc_package **pkg, const struct nkc_component **comp)
{
    if (pkg)
        *pkg = u ? u->pkg : NULL;
    if (comp)
        *comp = u ? u->comp : NULL;
    return u ? 0 : -1;
}

int nkc_load_path(struct nkc_ctx *ctx, const char *path, enum nkc_file_kind *kind,
                  const struct nkc_package **pkg, const struct nkc_component **comp)
{
    enum nkc_file_kind k;
    if (kind_from_path(path, &k) < 0) {
        struct nkc_loc none = {0};
        nkc_report(ctx, NKC_ERROR, NULL, none, "%s: unknown file type (expected .idl, .cdl or .edl)", path);
        return result(NULL, pkg, comp);
    }
    if (kind)
        *kind = k;
    return result(load_any(ctx, path, k), pkg, comp);
}

int nkc_load_buffer(struct nkc_ctx *ctx, const char *path, const char *text, size_t len,
                    enum nkc_file_kind kind, const struct nkc_package **pkg,
                    const struct nkc_component **comp)
{
    jmp_buf top;
    jmp_buf *saved = ctx->bail;
    ctx->bail = &top;
    struct nkc_unit *volatile u = NULL;
    if (setjmp(top) == 0) {
        char *copy = nkc_alloc(ctx, len + 1);
        memcpy(copy, text, len);
        u = parse_unit(ctx, path, copy, len, kind);
    }
    ctx->bail = saved;
    return result(u, pkg, comp);
}
