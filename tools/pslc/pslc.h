/* pslc's semantic model: the policy after loading (sema.c), the compiled programs (compile.c), the
 * decision table (table.c), and the C emitters (emit.c, emit_tests.c). */
#ifndef PSLC_H
#define PSLC_H

#include "../../ksm/policy.h"
#include "../nkc/nkc.h"
#include "ast.h"

/* ---- process classes ---- */
struct iface_slot {            /* one RIID (endpoint) or one security interface of a class */
    const char *path;          /* "pingComp.pingImpl"; for security: component path or "" */
    const struct nkc_package *iface;
    uint32_t base;             /* first point */
};

struct class_info {
    const char *name;
    const struct nkc_component *comp;
    struct loc loc;
    struct iface_slot *ep, *sec;
    size_t nep, nsec;
    uint32_t nep_points, nsec_points;
};

/* ---- security-model objects ---- */
enum objkind { OK_BASE, OK_PRED, OK_BOOL, OK_MATH, OK_STRUCT, OK_REGEX, OK_HASHSET, OK_STATICMAP,
               OK_FLOW, OK_MIC };

struct object {
    const char *name;
    enum objkind kind;
    struct loc loc;
    const struct object_decl *decl;   /* NULL for the automatic objects */
    uint32_t pool;                    /* Flow/Mic contexts; HashSet/StaticMap tables */
    /* Flow */
    char **states;
    size_t nstates;
    uint32_t initial;
    uint64_t trans[64];
    /* HashSet: entry shape, one range per scalar */
    uint32_t set_size, width;
    struct ksm_range *ranges;
    const struct texpr *entry_type;
    /* StaticMap */
    char **keys;
    uint32_t *key_len;
    struct ksm_value *defaults;
    size_t nkeys;
    struct ksm_range value_range;
    /* Mic */
    char **degrees, **cats;
    size_t ndeg, ncat;
};

/* ---- compiled programs ---- */
struct program {
    struct ksm_insn *code;
    size_t n, cap;
    uint32_t depth, max_depth, heap;
    bool const_grant;          /* only `grant ()` calls */
};

struct block {                 /* one binding body or match section, compiled for one message layout */
    uint32_t prog;
    uint16_t profile, loc;
};

struct u32vec {
    uint32_t *v;
    size_t n, cap;
};

/* ---- audit ---- */
struct profile {
    const char *name;
    struct ksm_audit_entry *e;
    size_t n, cap;
    uint32_t levels;           /* bit per level with any entry (levels 0..31) */
};

struct site {
    uint16_t object;
    const char *text;
    const char *src;                  /* assert/deny (B): the statement's source text, else NULL */
};

struct policy {
    struct psl_file **files;
    size_t nfiles;
    struct nkc_ctx *nkc;
    struct class_info *classes;
    size_t nclasses;
    int core_class;
    const char *execute_iface;   /* `execute: I`, kl.core.Execute when the tree declares none */
    struct object *objects;
    size_t nobjects;
    bool imported[8];          /* nk.base, basic, regex, hashmap, staticmap, flow, mic */
    struct profile *profiles;
    size_t nprofiles;
    uint16_t default_profile;
    uint16_t default_level;
    struct program *progs;
    size_t nprogs, progs_cap;
    struct block *blocks;
    size_t nblocks, blocks_cap;
    struct ksm_value *consts;
    size_t nconsts, consts_cap;
    struct site *sites;
    size_t nsites, sites_cap;
    char **locs;
    size_t nlocs, locs_cap;
    struct regex_dfa **regexes;
    size_t nregexes, regexes_cap;
    /* decision table: sets of blocks (set 0 is empty: no binding matched), rows of per-point set
     * indices, and per event and (src, dst) pair the row (UINT32_MAX: no binding at all) */
    struct u32vec *sets;
    size_t nsets, sets_cap;
    struct u32vec *rows;
    size_t nrows, rows_cap;
    uint32_t *route_row[EV_COUNT];
    uint32_t max_stack, max_heap;
    size_t pool_default;
};

/* Templates: template.c. Definitions `NAME=VALUE` are texts, a bare `NAME` is true. */
struct template_def {
    const char *name, *value;  /* value NULL: given without '=' */
};
struct template_opts {
    bool enabled;              /* --enable-preprocessor */
    struct template_def *defs;
    size_t ndefs, cap;
    const char *dump_dir;      /* --preprocessor-dump-dir: where the expansions are written */
};
/* Adds the definition `NAME[=VALUE]`; returns NULL, or what is wrong with spec. */
const char *template_define(struct template_opts *o, const char *spec);
/* src expanded (src itself when templates are off or it has none); NULL after reporting an error. */
const struct source *template_expand(const struct source *src, const struct template_opts *o);

/* Loading and checking: sema.c. Every PSL file of the tree goes through template_expand(tmpl). */
struct policy *sema_load(const char *path, const char *const *dirs, size_t ndirs, size_t pool_default,
                         const struct template_opts *tmpl);
int policy_object(const struct policy *pol, const char *name);
int policy_class(const struct policy *pol, const char *name);
bool object_config(struct policy *pol, struct object *o);   /* models.c */
bool int_type_range(const char *name, struct ksm_range *r);
const struct typedecl *find_type(const struct object_decl *d, const char *a, const char *b);

/* Compiling blocks: compile.c. */
struct compile_ctx {
    struct policy *pol;
    enum event ev;
    const struct nkc_msg_layout *layout;  /* the message's layout, NULL: no message */
    const char *msg_what;                 /* "method Ping of endpoint pingComp.pingImpl" */
    uint16_t profile;
    bool uses_message;
};
/* Compiles stmts (calls and choices; matches are skipped) into a new program; -1 after errors. */
int compile_block(struct compile_ctx *cx, struct stmt **body, size_t n);
bool body_uses_message(struct stmt **body, size_t n);
uint32_t policy_const(struct policy *pol, struct ksm_value v);
uint32_t policy_text_const(struct policy *pol, const char *s, size_t len);
uint16_t policy_loc(struct policy *pol, struct loc loc);
uint16_t policy_profile(struct policy *pol, const char *name, struct loc loc);

/* Model signatures: models.c. */
enum pkind { PK_ANY, PK_BOOL, PK_INT, PK_LIST, PK_TEXT, PK_EMPTYABLE, PK_SID, PK_SID_OPT, PK_STATE,
             PK_STATES, PK_KEY, PK_VALUE, PK_ENTRY, PK_LEVEL, PK_PATTERN };
struct param_sig {
    const char *name;
    enum pkind kind;
};
struct method_sig {
    enum objkind obj;
    const char *name;
    uint8_t fn;
    bool rule;
    bool positional;           /* one argument, not a dictionary */
    uint8_t nparams;
    struct param_sig params[5];
};
const struct method_sig *model_method(enum objkind k, const char *name);
const char *objkind_model_name(enum objkind k);

/* Regex to DFA: regex.c. */
struct regex_dfa {
    const char *source;
    uint8_t cls[256];
    uint16_t nclass, nstates;
    uint16_t *next;
    uint8_t *accept;
};
/* NULL after reporting an error at loc. */
struct regex_dfa *regex_compile(const char *pattern, struct loc loc);
int policy_regex(struct policy *pol, const char *pattern, struct loc loc);

/* Decision table: table.c. Emitting C: emit.c, emit_tests.c. */
bool table_build(struct policy *pol);
bool emit_policy(const struct policy *pol, FILE *out);
/* Writes program p as `static int native<p>(ev, site)` when it is in the compiled subset (native.c). */
bool native_program(FILE *f, const struct policy *pol, size_t p);
bool emit_tests(struct policy *pol, FILE *out, bool with_main);

#endif
