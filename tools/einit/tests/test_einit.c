/* Host tests of tools/einit: the YAML subset, every init.yaml error with its file:line:col, the checks
 * against EDL descriptions and program directories, and the generated C and make fragment; the
 * KOS forms (task names, ids from C headers, kl.* classes, shared ids, long names, executable paths).
 * Built with ASan/UBSan ($(BUILD)/tools/einit-test); run by tests/suites/50-examples.sh. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tools/einit/cmacro.h"
#include "tools/einit/gen.h"
#include "tools/einit/init.h"
#include "tools/einit/yaml.h"

static char tmpdir[] = "/tmp/einit-test-XXXXXX";
static char diag[8192];
static char inc_dir[600];   /* tmpdir/include: the include path's second directory */

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_dir(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    mkdir(path, 0755);
}

/* Loads `text` as init.yaml; diagnostics land in diag. With `checked`, classes and paths are checked
 * against the fixture solution in tmpdir. */
static int load(const char *text, bool checked, struct einit_solution *sol)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct src s;
    int rc = -1;
    if (out && src_from_string(&s, "init.yaml", text, out) == 0) {
        const char *dirs[] = {tmpdir, inc_dir};
        struct einit_options o = {checked ? tmpdir : NULL, checked ? dirs : NULL, 1, dirs, 2};
        rc = einit_load(&s, &o, sol);
        if (rc == 0 && s.errors)
            rc = -2; /* success must mean no error was printed */
        src_free(&s);
    }
    if (out)
        fclose(out);
    snprintf(diag, sizeof diag, "%s", buf ? buf : "");
    free(buf);
    return rc;
}

static int load_ok(const char *text, bool checked, struct einit_solution *sol)
{
    int rc = load(text, checked, sol);
    if (rc != 0)
        fprintf(stdout, "# unexpected diagnostics:\n%s", diag);
    return rc;
}

/* The first diagnostic must start with "init.yaml:LINE:COL: error: " and contain `what`. */
static bool error_at(const char *text, const char *where, const char *what)
{
    struct einit_solution sol;
    if (load(text, true, &sol) == 0) {
        einit_solution_free(&sol);
        printf("# accepted: %s\n", text);
        return false;
    }
    char prefix[64];
    snprintf(prefix, sizeof prefix, "init.yaml:%s: error: ", where);
    bool ok = strncmp(diag, prefix, strlen(prefix)) == 0 && strstr(diag, what) != NULL &&
              strchr(diag, '^') != NULL;
    if (!ok)
        printf("# expected '%s...%s', got:\n%s", prefix, what, diag);
    return ok;
}

static const char reference_example[] =
    "# KasperskyOS's init.yaml example\n"
    "entities:\n"
    "- name: Client                 # process class\n"
    "  path: cl\n"
    "  connections:\n"
    "  - target: Server             # server process\n"
    "    id: server_connection\n"
    "  args: [ \"-v\", \"x\" ]\n"
    "  env:  { VAR: value }\n"
    "- name: Server\n";

TEST(reference_example)
{
    struct einit_solution sol;
    CHECK(load_ok(reference_example, false, &sol) == 0);
    CHECK_EQ(sol.n, 2);
    struct einit_entity *c = &sol.ents[0], *s = &sol.ents[1];
    bool ok = !strcmp(c->name, "Client") && !strcmp(c->path, "cl") && c->nconns == 1 &&
              !strcmp(c->conns[0].target, "Server") && !strcmp(c->conns[0].id, "server_connection") &&
              c->conns[0].server == 1 && c->nargs == 2 && !strcmp(c->args[0], "-v") && !strcmp(c->args[1], "x") &&
              c->nenv == 1 && !strcmp(c->env[0], "VAR=value") && !c->is_server && !strcmp(s->path, "Server") &&
              s->is_server && c->line == 3 && c->col == 9;
    einit_solution_free(&sol);
    CHECK(ok);
}

TEST(yaml_forms)
{
    struct src s;
    const char *text = "---\n"
                       "a:\n"
                       "  - 'it''s'\n"
                       "  - \"q\\\"\\\\\\t\\x41\\u00e9\"\n"
                       "  - - nested\n"
                       "    - two\n"
                       "  -\n"
                       "    k: v   # comment\n"
                       "b: {x: [1, 2, []], y: , 'z': \"\"}\n"
                       "c: plain t#xt with:colon # a comment\n"
                       "d:\n"
                       "...\n"
                       "ignored: [\n";
    CHECK(src_from_string(&s, "t.yaml", text, stderr) == 0);
    struct yaml_node *r = yaml_parse(&s);
    bool ok = r && r->kind == YAML_MAP && r->n == 4;
    const struct yaml_node *a = yaml_get(r, "a"), *b = yaml_get(r, "b");
    ok = ok && a && a->kind == YAML_SEQ && a->n == 4 && !strcmp(a->items[0]->text, "it's") &&
         !strcmp(a->items[1]->text, "q\"\\\tA\xc3\xa9") && a->items[2]->kind == YAML_SEQ &&
         a->items[2]->n == 2 && !strcmp(a->items[2]->items[1]->text, "two") && a->items[3]->kind == YAML_MAP &&
         !strcmp(yaml_get(a->items[3], "k")->text, "v");
    ok = ok && b && b->kind == YAML_MAP && b->n == 3 && yaml_get(b, "x")->n == 3 &&
         yaml_get(b, "x")->items[2]->kind == YAML_SEQ && yaml_get(b, "y")->kind == YAML_NULL &&
         yaml_get(b, "z")->quoted && !strcmp(yaml_get(b, "z")->text, "");
    ok = ok && !strcmp(yaml_get(r, "c")->text, "plain t#xt with:colon") &&
         yaml_get(r, "d")->kind == YAML_NULL && yaml_get(r, "d")->line == 11;
    yaml_free(r);
    src_free(&s);
    CHECK(ok);
}

TEST(yaml_errors)
{
    CHECK(error_at("entities:\n\t- name: A\n", "2:1", "tab in indentation"));
    CHECK(error_at("entities:\n- name: \"A\n", "2:9", "unterminated string"));
    CHECK(error_at("entities:\n- name: A\n  args: [\"a\",\n", "3:9", "not closed on this line"));
    CHECK(error_at("entities:\n- name: A\n  env: {A: 1\n", "3:8", "not closed on this line"));
    CHECK(error_at("entities: &x\n", "1:11", "anchors"));
    CHECK(error_at("entities: *x\n", "1:11", "aliases"));
    CHECK(error_at("entities: !!seq\n", "1:11", "tags"));
    CHECK(error_at("entities: |\n  text\n", "1:11", "block scalars"));
    CHECK(error_at("entities:\n- name: A\n   path: a\n", "3:4", "unexpected indentation"));
    CHECK(error_at("entities:\n- name: A\n  path: a\n connections:\n", "4:2", "bad indentation"));
    CHECK(error_at("entities:\n- name: A\n  name: B\n", "3:3", "duplicate key 'name'"));
    CHECK(error_at("entities:\n- name: A: B\n", "2:10", "':' followed by a space inside a value"));
    CHECK(error_at("entities: - name: A\n", "1:11", "a sequence cannot start on the line of its key"));
    CHECK(error_at("entities:\n- name: A\n  args: [\"a\" \"b\"]\n", "3:14", "',' or ']' expected"));
    CHECK(error_at("entities:\n- name: \"A\\q\"\n", "2:11", "unknown escape"));
    CHECK(error_at("entities:\n- name: \"A\\x00\"\n", "2:11", "NUL"));
    CHECK(error_at("---\na: 1\n---\nb: 2\n", "3:1", "a second document"));
    CHECK(error_at("entities:\n- name: \"A\" x\n", "2:13", "unexpected text after the value"));
    CHECK(error_at("a: b\n  c: d\n", "2:3", "unexpected indentation"));
    CHECK(error_at("x\x01y: 1\n", "1:2", "control character"));
    CHECK(error_at("? complex\n", "1:1", "complex keys"));
    CHECK(error_at("entities:\n- name: A\n- path: b\n  - x\n", "4:3", "sequence item"));
}

TEST(schema_errors)
{
    CHECK(error_at("", "1:1", "the file is empty"));
    CHECK(error_at("# only a comment\n", "1:1", "the file is empty"));
    CHECK(error_at("- a\n", "1:1", "the document must be a mapping"));
    CHECK(error_at("entity:\n- name: A\n", "1:1", "unknown key 'entity' in init.yaml (known: entities)"));
    CHECK(error_at("entities:\n  name: A\n", "2:3", "'entities' must be a sequence"));
    CHECK(error_at("entities: []\n", "1:11", "'entities' is empty"));
    CHECK(error_at("entities:\n- path: a\n", "2:3", "the entity has no 'name'"));
    CHECK(error_at("entities:\n- name: A\n  priority: 1\n", "3:3", "unknown key 'priority' in an entity"));
    CHECK(error_at("entities:\n- name: [A]\n", "2:9", "'name' must be a scalar, not a sequence"));
    CHECK(error_at("entities:\n- name: echo.server\n", "2:9", "must start with an upper-case letter"));
    CHECK(error_at("entities:\n- name: echo..Server\n", "2:9", "is not a class name"));
    CHECK(error_at("entities:\n- name: 9Lives\n", "2:9", "is not a class name"));
    CHECK(error_at("entities:\n- name: Einit\n", "2:9", "'Einit' is reserved"));
    CHECK(error_at("entities:\n- name: kl.core.Core\n", "2:9", "reserved"));
    /* 128 characters: one more than a ROMFS name holds (127 are accepted: sdk_classes_and_long_names) */
    char long_name[256] = "entities:\n- name: drone_controller.Autopilot";
    memset(long_name + strlen(long_name), 'X', 128 - strlen("drone_controller.Autopilot"));
    strcat(long_name, "\n");
    CHECK(error_at(long_name, "2:9", "is 128 characters long: the kernel keeps at most 127"));
    CHECK(error_at("entities:\n- name: A\n  path: ../x\n", "3:9", "path '../x'"));
    CHECK(error_at("entities:\n- name: A\n  path: /abs\n", "3:9", "path '/abs'"));
    CHECK(error_at("entities:\n- name: A\n  path: a b\n", "3:9", "path 'a b'"));
    CHECK(error_at("entities:\n- name: A\n  args: x\n", "3:9", "'args' must be a sequence"));
    CHECK(error_at("entities:\n- name: A\n  args: [[x]]\n", "3:10", "an argument must be a scalar"));
    CHECK(error_at("entities:\n- name: A\n  env: {1X: y}\n", "3:9", "environment variable name '1X'"));
    CHECK(error_at("entities:\n- name: A\n  env: [X]\n", "3:8", "'env' must be a mapping"));
    CHECK(error_at("entities:\n- name: A\n  connections:\n  - target: A\n", "4:5", "the connection has no 'id'"));
    CHECK(error_at("entities:\n- name: A\n  connections:\n  - {target: A, id: \"a b\"}\n", "4:21",
                   "only printable characters"));
    CHECK(error_at("entities:\n- name: A\n  connections:\n  - {target: A, id: "
                   "x123456789012345678901234567890123456789012345678}\n", "4:21", "at most 47"));
}

TEST(solution_errors)
{
    /* unknown target, duplicate name, channel ids, limits; the fixture has the classes A, B, C */
    CHECK(error_at("entities:\n- name: A\n  path: a\n  connections:\n  - {target: D, id: x}\n", "5:14",
                   "unknown target 'D'"));
    /* the valid names, each once */
    CHECK(error_at("entities:\n- name: A\n  path: a\n  connections:\n  - {target: D, id: x}\n- name: B\n  path: a\n"
                   "- name: C\n  task: B2\n  path: a\n", "5:14", "no process of that name (expected one of: A, B, B2)"));
    CHECK(error_at("entities:\n- name: A\n  path: a\n- name: A\n  path: a\n", "4:9", "duplicate process name 'A'"));
    CHECK(strstr(diag, "init.yaml:2:9: note: first named here") != NULL);
    CHECK(error_at("entities:\n- name: A\n  path: a\n  connections:\n  - {target: B, id: x}\n"
                   "  - {target: C, id: x}\n- name: B\n  path: a\n- name: C\n  path: a\n",
                   "6:21", "channel id 'x' is used twice by A"));
    /* two clients of C under one id: C knows it once (shared_ids) */
    struct einit_solution sol;
    CHECK(load_ok("entities:\n- name: A\n  path: a\n  connections:\n  - {target: C, id: x}\n"
                  "- name: B\n  path: a\n  connections:\n  - {target: C, id: x}\n- name: C\n  path: a\n",
                  true, &sol) == 0);
    einit_solution_free(&sol);
    char text[4096] = "entities:\n- name: A\n  path: a\n  connections:\n";
    for (int i = 0; i < 17; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "  - {target: B, id: c%d}\n", i);
    strcat(text, "- name: B\n  path: a\n");
    CHECK(error_at(text, "21:5", "A has more than 16 channels"));
    char big[6000] = "entities:\n- name: A\n  path: a\n  args: [\"";
    memset(big + strlen(big), 'x', 4200);
    strcat(big, "\"]\n");
    CHECK(error_at(big, "2:9", "a start carries at most 4096"));
}

TEST(class_and_path_checks)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n- name: A\n  path: a\n- name: B\n  path: a\n", true, &sol) == 0);
    einit_solution_free(&sol);
    CHECK(error_at("entities:\n- name: A\n  path: a\n- name: Missing\n  path: a\n", "4:9",
                   "unknown class 'Missing'"));
    CHECK(strstr(diag, "note: ") != NULL);
    /* B.edl exists but declares another class: nkc's rule, the file must declare exactly that name */
    /* ... and the description's own error comes first, at its file:line:col with its line and caret,
     * then the init.yaml error that depends on it */
    CHECK(load("entities:\n- name: Wrong\n  path: a\n", true, &sol) != 0);
    const char *own = strstr(diag, "/Wrong.edl:1:"), *dep = strstr(diag, "init.yaml:2:9: error: unknown class 'Wrong'");
    CHECK(own && dep && own < dep && strstr(own, ": error: ") < dep && strstr(own, "\n    entity Other\n") &&
          strstr(own, "^\n") < dep && !strstr(diag, "note: "));
    if (!(own && dep && own < dep))
        printf("# got:\n%s", diag);
    CHECK(error_at("entities:\n- name: A\n  path: nothere\n", "3:9", "missing path"));
    CHECK(strstr(diag, "/nothere, ") && strstr(diag, "/nothere/src")); /* where it looked */
    CHECK(error_at("entities:\n- name: A\n  path: empty\n", "3:9", "no program directory of the solution builds"));
    CHECK(error_at("entities:\n- name: B\n", "2:9", "missing path")); /* default path: B (or B/src, b, b/src) */
    /* every kind of problem is reported, not only the first */
    CHECK(error_at("entities:\n- name: A\n  path: nothere\n  connections:\n  - {target: Z, id: x}\n- name: Missing\n"
                   "  path: a\n", "5:14", "unknown target"));
    CHECK(strstr(diag, "unknown class 'Missing'") && strstr(diag, "missing path"));
}

TEST(generated_c)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n- name: A\n  path: a\n  connections:\n  - {target: B, id: chan}\n"
                  "  args: [\"q\\\"b\\\\s\\nn?\?=\", x]\n  env: {K: v}\n- name: B\n  path: a\n", true, &sol) == 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = einit_gen_c(f, &sol, "demo", "init.yaml");
    fclose(f);
    bool ok = rc == 0 &&
              strstr(buf, "static const char *const argv_0[] = {\"A\", \"q\\\"b\\\\s\\012n\\077\\077=\", \"x\", 0};") &&
              strstr(buf, "static const char *const envp_0[] = {\"K=v\", 0};") &&
              strstr(buf, "{\"A\", \"A\", argv_0, envp_0, 0},") && strstr(buf, "{\"B\", \"B\", argv_1, envp_1, 1},") &&
              strstr(buf, "{0, 1, \"chan\"},  /* A -> B */") &&
              strstr(buf, "static const struct einit_solution_desc solution = {\"demo\", ents, 2, chans, 1};") &&
              strstr(buf, "return einit_run(&solution);");
    if (!ok)
        printf("# generated:\n%s", buf);
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    rc = einit_gen_make(f, &sol, "SOL.x", "init.yaml");
    fclose(f);
    bool mk = rc == 0 && strstr(buf, "\nSOL.x_PROGRAMS := a\n") && strstr(buf, "\nSOL.x_ROMFS := A=a B=a\n") &&
              strstr(buf, "\nSOL.x_HEADERS :=\n");
    if (!mk)
        printf("# generated:\n%s", buf);
    free(buf);
    einit_solution_free(&sol);
    CHECK(ok);
    CHECK(mk);
}

/* What a generator writes for `sol`, as a malloc'd string. */
static char *generate(int (*gen)(FILE *, const struct einit_solution *, const char *, const char *),
                      const struct einit_solution *sol, const char *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    gen(f, sol, arg, "init.yaml");
    fclose(f);
    return buf;
}

static char *gen_c(const struct einit_solution *sol) { return generate(einit_gen_c, sol, "kos"); }
static char *gen_make(const struct einit_solution *sol) { return generate(einit_gen_make, sol, "SOL.k"); }

/* The end of a generator test: shows what was generated if `ok` is false, frees it all, says `ok`. */
static bool generated_ok(bool ok, char *c, char *mk, struct einit_solution *sol)
{
    if (!ok)
        printf("# generated:\n%s%s", c ? c : "", mk ? mk : "");
    free(c);
    free(mk);
    einit_solution_free(sol);
    return ok;
}

/* KOS's "two servers of one class and a client" example: processes have task names, connections
 * target them, the class (and its one program) is shared. */
TEST(task_names)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n"
                  "- name: Client\n"
                  "  connections:\n"
                  "  - target: UserServer\n"
                  "    id: server_connection_us\n"
                  "  - target: PrivilegedServer\n"
                  "    id: server_connection_ps\n"
                  "- task: UserServer\n"
                  "  name: Server\n"
                  "- task: PrivilegedServer\n"
                  "  name: Server\n", true, &sol) == 0);
    char *c = gen_c(&sol), *mk = gen_make(&sol);
    bool ok = sol.n == 3 && !strcmp(sol.ents[1].task, "UserServer") && !strcmp(sol.ents[2].name, "Server") &&
              sol.ents[0].conns[1].server == 2 && !strcmp(sol.ents[0].program, "client/src") &&
              !strcmp(sol.ents[1].program, "server") && c && mk &&
              strstr(c, "static const char *const argv_1[] = {\"UserServer\", 0};") &&
              strstr(c, "{\"UserServer\", \"Server\", argv_1, envp_1, 1},") &&
              strstr(c, "{\"PrivilegedServer\", \"Server\", argv_2, envp_2, 1},") &&
              strstr(c, "{0, 2, \"server_connection_ps\"},  /* Client -> PrivilegedServer */") &&
              strstr(mk, "\nSOL.k_PROGRAMS := client/src server\n") &&
              strstr(mk, "\nSOL.k_ROMFS := Client=client/src Server=server\n");
    CHECK(generated_ok(ok, c, mk, &sol));
}

TEST(task_name_errors)
{
    /* two processes of one class without task names: both would be named Server */
    CHECK(error_at("entities:\n- name: Server\n- name: Server\n", "3:9", "duplicate process name 'Server'"));
    CHECK(strstr(diag, "init.yaml:2:9: note: first named here"));
    CHECK(error_at("entities:\n- task: S1\n  name: Server\n- task: S1\n  name: Server\n", "4:9",
                   "duplicate process name 'S1'"));
    /* a connection naming the class of processes that have task names */
    CHECK(error_at("entities:\n- name: Client\n  connections:\n  - target: Server\n    id: s\n"
                   "- task: UserServer\n  name: Server\n", "4:13", "unknown target 'Server': no process of that name"));
    CHECK(strstr(diag, "init.yaml:6:9: note: a process of class Server is named 'UserServer'"));
    CHECK(error_at("entities:\n- task: 2fast\n  name: Server\n", "2:9", "'2fast' is not a process name"));
    CHECK(error_at("entities:\n- task: user server\n  name: Server\n", "2:9", "is not a process name"));
    CHECK(error_at("entities:\n- task: [UserServer]\n  name: Server\n", "2:9", "'task' must be a scalar"));
    CHECK(error_at("entities:\n- task: Einit\n  name: Server\n", "2:9", "process name 'Einit' is reserved"));
    CHECK(error_at("entities:\n- task: kl.core.Core\n  name: Server\n", "2:9", "reserved"));
    CHECK(error_at("entities:\n- name: Server\n  task:\n", "3:8", "'task' must be a scalar, not an empty value"));
    /* one class, two programs: the image holds one file per class */
    CHECK(error_at("entities:\n- task: UserServer\n  name: Server\n  path: srv\n- task: BkServer\n  name: Server\n"
                   "  path: cl\n", "7:9", "BkServer runs the program cl, but UserServer, of the same class Server, "
                   "runs srv"));
}

/* id: {var: MACRO, include: header.h}, as KOS solutions take ids from the headers their programs use. */
TEST(ids_from_headers)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n"
                  "- name: Client\n"
                  "  connections:\n"
                  "  - target: Server\n"
                  "    id: {var: SERVER_CONN, include: conn/ids.h}\n"
                  "  - target: kl.VfsRamFs\n"
                  "    id:\n"
                  "      var: _VFS_CONNECTION_ID\n"
                  "      include: vfs/defs.h\n"
                  "- name: Server\n"
                  "- name: kl.VfsRamFs\n"
                  "  path: ntpd\n", true, &sol) == 0);
    char *c = gen_c(&sol), *mk = gen_make(&sol);
    bool ok = c && mk && !strcmp(sol.ents[0].conns[0].id, "server_connection") &&
              !strcmp(sol.ents[0].conns[1].id, "kl.VfsRamFs") && strstr(c, "{0, 1, \"server_connection\"},") &&
              strstr(c, "{0, 2, \"kl.VfsRamFs\"},") && sol.nheaders == 2 && strstr(mk, "/conn/ids.h ") &&
              strstr(mk, "/include/vfs/defs.h\n");
    CHECK(generated_ok(ok, c, mk, &sol));
}

TEST(id_header_errors)
{
    static const char head[] = "entities:\n- name: Server\n- name: Client\n  connections:\n  - target: Server\n";
    char t[512];
#define ID(x) (snprintf(t, sizeof t, "%s    id: %s\n", head, x), t)
    CHECK(error_at(ID("{var: SERVER_CONN, include: nothere.h}"), "6:37", "header 'nothere.h' not found"));
    CHECK(strstr(diag, "/nothere.h, ") && strstr(diag, "/include/nothere.h)"));
    CHECK(error_at(ID("{var: NO_SUCH_ID, include: conn/ids.h}"), "6:15", "no '#define NO_SUCH_ID' in"));
    CHECK(error_at(ID("{var: SERVER_PORT, include: conn/ids.h}"), "6:15",
                   "macro 'SERVER_PORT' of " /* the path */));
    CHECK(strstr(diag, "is not a string literal: a channel id is a string (#define SERVER_PORT \"name\")"));
    CHECK(strstr(diag, "/conn/ids.h:4:21: note: SERVER_PORT is defined here") && strstr(diag, "\n                     ^"));
    /* macros of conn/ids.h that are no usable id: each reported at the var */
    static const struct { const char *macro, *what; } bad[] = {
        {"SERVER_FN", "is a function-like macro"},
        {"SERVER_WIDE", "a wide or Unicode string"},
        {"SERVER_EMPTY", "defined without a value"},
        {"SERVER_OPEN", "not closed on its line"},
        {"SERVER_BLANK", "channel id 'two words' (the value of SERVER_BLANK in "},
        {"SERVER_NOTHING", "channel id is empty (the value"},
        {"IN_COMMENT", "no '#define IN_COMMENT'"},
        {"9LIVES", "'9LIVES' is not a C macro name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char id[128];
        snprintf(id, sizeof id, "{var: %s, include: conn/ids.h}", bad[i].macro);
        CHECK_MSG(error_at(ID(id), "6:15", bad[i].what), "%s", bad[i].macro);
    }
    CHECK(error_at(ID("{include: conn/ids.h}"), "6:9", "the id has no 'var'"));
    CHECK(error_at(ID("{var: SERVER_CONN}"), "6:9", "the id has no 'include'"));
    CHECK(error_at(ID("{var: SERVER_CONN, include: conn/ids.h, value: x}"), "6:49", "unknown key 'value' in an id"));
    CHECK(error_at(ID("[SERVER_CONN, conn/ids.h]"), "6:9",
                   "'id' must be a scalar or {var: MACRO, include: header.h}, not a sequence"));
    CHECK(error_at(ID("{var: SERVER_CONN, include: [conn/ids.h]}"), "6:37", "'include' must be a scalar"));
#undef ID
}

/* Several clients of one server under one id (every client of a KOS VFS names its channel after it):
 * the server knows the name once. */
TEST(shared_ids)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n"
                  "- name: Client\n"
                  "  connections:\n"
                  "  - {target: kl.VfsRamFs, id: kl.VfsRamFs}\n"
                  "- name: kl.Ntpd\n"
                  "  path: ntpd\n"
                  "  connections:\n"
                  "  - target: kl.VfsRamFs\n"
                  "    id: kl.VfsRamFs\n"
                  "- name: drone_controller.AutopilotConnector\n"
                  "  path: cl\n"
                  "  connections:\n"
                  "  - target: kl.VfsRamFs\n"
                  "    id: {var: _VFS_CONNECTION_ID, include: vfs/defs.h}\n"
                  "- name: kl.VfsRamFs\n"
                  "  path: ntpd\n", true, &sol) == 0);
    char *c = gen_c(&sol);
    bool ok = c && strstr(c, "{0, 3, \"kl.VfsRamFs\"},  /* Client -> kl.VfsRamFs */") &&
              strstr(c, "{1, 3, \"kl.VfsRamFs\"},  /* kl.Ntpd -> kl.VfsRamFs */") &&
              strstr(c, "{2, 3, \"kl.VfsRamFs\"},  /* drone_controller.AutopilotConnector -> kl.VfsRamFs */") &&
              strstr(c, "ents, 4, chans, 3};");
    CHECK(generated_ok(ok, c, NULL, &sol));
    /* one client cannot know one name twice, nor a process be client and server under one name */
    CHECK(error_at("entities:\n- name: Client\n  connections:\n  - {target: UserServer, id: vfs}\n"
                   "  - {target: PrivilegedServer, id: vfs}\n- {task: UserServer, name: Server}\n"
                   "- {task: PrivilegedServer, name: Server}\n", "5:36", "channel id 'vfs' is used twice by Client"));
    CHECK(strstr(diag, "init.yaml:4:30: note: first used here"));
    CHECK(error_at("entities:\n- name: Client\n  connections:\n  - {target: Server, id: vfs}\n- name: Server\n"
                   "  connections:\n  - {target: kl.VfsRamFs, id: vfs}\n- name: kl.VfsRamFs\n  path: ntpd\n",
                   "7:31", "channel id 'vfs': Server would be both a client and the server under it"));
}

/* Only the kernel's names are reserved: kl.core.Core and its endpoints. This list must follow the
 * kernel's descriptions, kernel/idl/kl/core (the suite runs from the top of the tree), but for the name
 * server's class and interface, which are a process's (docs/dynamic-channels.md). */
TEST(reserved_names_follow_the_kernel)
{
    DIR *d = opendir("kernel/idl/kl/core");
    CHECK_MSG(d, "cannot list kernel/idl/kl/core");
    unsigned n = 0;
    bool ok = true;
    struct dirent *de;
    while ((de = readdir(d))) {
        char name[300];
        const char *dot = strrchr(de->d_name, '.');
        if (de->d_name[0] == '.' || !dot || strncmp(de->d_name, "NameServer.", 11) == 0 ||
            strncmp(de->d_name, "NS.", 3) == 0)
            continue;
        snprintf(name, sizeof name, "kl.core.%.*s", (int)(dot - de->d_name), de->d_name);
        const char *const *r = einit_reserved_names;
        while (*r && strcmp(*r, name))
            r++;
        if (!*r) {
            printf("# %s is not reserved\n", name);
            ok = false;
        }
        n++;
    }
    closedir(d);
    unsigned listed = 0;
    while (einit_reserved_names[listed])
        listed++;
    CHECK(ok && n > 0 && listed == n + 1); /* + Einit */
    CHECK(error_at("entities:\n- name: kl.core.Task\n", "2:9", "class name 'kl.core.Task' is reserved"));
    CHECK(error_at("entities:\n- name: kl.core.Core\n", "2:9", "the kernel's class and its endpoints"));
}

/* The name server's class without a program directory runs Vigil's (user/nameserver): "@nameserver" in
 * the ROMFS list and nothing to build in the program list. */
TEST(name_server_program)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n"
                  "- name: kl.core.NameServer\n"
                  "- name: Client\n"
                  "  path: cl\n"
                  "  connections:\n"
                  "  - {target: kl.core.NameServer, id: kl.core.NameServer}\n",
                  true, &sol) == 0);
    char *mk = gen_make(&sol);
    CHECK(generated_ok(mk && strstr(mk, "\nSOL.k_PROGRAMS := cl\n") &&
                           strstr(mk, "\nSOL.k_ROMFS := kl.core.NameServer=@nameserver Client=cl\n"),
                       0, mk, &sol));
    /* another class of that name's last part still needs its own program */
    CHECK(error_at("entities:\n- name: kl.NameServer\n", "2:9", "missing path"));
}

TEST(sdk_classes_and_long_names)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n"
                  "- name: kl.Ntpd\n"
                  "  path: ntpd\n"
                  "  args:\n"
                  "    - \"-4\"\n"
                  "    - -c\n"
                  "    - /etc/ntp.conf\n"
                  "  connections:\n"
                  "  - target: kl.VfsRamFs\n"
                  "    id: kl.VfsRamFs\n"
                  "- name: kl.VfsRamFs\n"
                  "  path: ntpd\n"
                  "- name: drone_controller.AutopilotConnector\n"
                  "  task: drone_controller.AutopilotConnector.primary-instance\n"
                  "  path: cl\n", true, &sol) == 0);
    bool ok = sol.n == 3 && sol.ents[0].nargs == 3 && !strcmp(sol.ents[0].args[2], "/etc/ntp.conf") &&
              !strcmp(sol.ents[2].program, "cl");
    einit_solution_free(&sol);
    CHECK(ok);
    /* 127 characters: the longest class name (unchecked: there is no EDL of it) */
    char text[512] = "entities:\n- name: A";
    memset(text + strlen(text), 'b', 125);
    strcat(text, "C\n");
    CHECK(load_ok(text, false, &sol) == 0);
    ok = strlen(sol.ents[0].name) == 127 && strlen(sol.ents[0].task) == 127;
    einit_solution_free(&sol);
    CHECK(ok);
}

/* path: KOS's executable name, found as a program directory; the old form, a directory, still works. */
TEST(paths_as_executables)
{
    struct einit_solution sol;
    CHECK(load_ok("entities:\n- name: Client\n  path: cl\n- name: MainServer\n  path: srv\n- name: BkServer\n"
                  "  path: srv\n- name: A\n  path: apps/client\n- name: B\n  path: Client\n- name: C\n  path: server\n",
                  true, &sol) == 0);
    char *mk = gen_make(&sol);
    bool ok = mk && !strcmp(sol.ents[4].program, "client/src") &&
              strstr(mk, "\nSOL.k_PROGRAMS := cl srv apps/client client/src server\n") &&
              strstr(mk, "\nSOL.k_ROMFS := Client=cl MainServer=srv BkServer=srv A=apps/client B=client/src "
                         "C=server\n");
    CHECK(generated_ok(ok, NULL, mk, &sol));
    /* a directory path is taken as it is: no src/ or lower-case variant */
    CHECK(error_at("entities:\n- name: A\n  path: apps/Client\n", "3:9", "missing path: no program directory"));
    CHECK(strstr(diag, "looked at ") && strstr(diag, "/apps/Client)"));
    CHECK(error_at("entities:\n- name: kl.Ntpd\n  path: chronyd\n", "3:9", "kl.Ntpd's executable 'chronyd'"));
}

/* cmacro on its own: what a header may look like around a string define. */
TEST(cmacro_forms)
{
    static const char text[] =
        "/* #define A \"in a comment\" */\n"
        "#ifndef IDS_H\n"
        "#  define A \"first\" // an earlier definition\n"
        "#define A  /* the id */ \"srv\" \".\" \\\n"
        "           \"Main\\x41\\101\\n\"\n"
        "#define AB \"other\"\n"
        "#define B(x) \"fn\"\n"
        "const char *s = \"#define C \\\"no\\\"\";\n"
        "#endif\n";
    struct src h;
    CHECK(src_from_string(&h, "ids.h", text, stderr) == 0);
    struct cmacro m;
    cmacro_string(&h, "A", &m);
    bool ok = m.status == CMACRO_OK && !strcmp(m.value, "srv.MainAA\n") && m.line == 4 && m.col == 25;
    free(m.value);
    cmacro_string(&h, "AB", &m);
    ok = ok && m.status == CMACRO_OK && !strcmp(m.value, "other");
    free(m.value);
    cmacro_string(&h, "B", &m);
    ok = ok && m.status == CMACRO_NOT_STRING && m.line == 7 && m.col == 10;
    cmacro_string(&h, "C", &m);
    ok = ok && m.status == CMACRO_MISSING;
    cmacro_string(&h, "IDS_H", &m);
    ok = ok && m.status == CMACRO_MISSING; /* an #ifndef is no definition */
    src_free(&h);
    CHECK(ok);
    static const char bad[] = "#define E \"a\\q\"\n#define N \"a\\0b\"\n#define X \"\\x100\"\n";
    CHECK(src_from_string(&h, "bad.h", bad, stderr) == 0);
    cmacro_string(&h, "E", &m);
    ok = m.status == CMACRO_NOT_STRING && strstr(m.why, "escape");
    cmacro_string(&h, "N", &m);
    ok = ok && m.status == CMACRO_NOT_STRING && strstr(m.why, "NUL");
    cmacro_string(&h, "X", &m);
    ok = ok && m.status == CMACRO_NOT_STRING && strstr(m.why, "\\xff");
    src_free(&h);
    CHECK(ok);
}

/* Every prefix of a valid file and every single-byte substitution by a YAML-significant character must
 * be accepted or rejected with a diagnostic, never crash (ASan/UBSan watch). */
TEST(mutations_never_crash)
{
    static const char subst[] = " \t\n-:#'\"[]{},&*!|>?\\%x";
    size_t n = strlen(reference_example);
    char *text = malloc(n + 1);
    unsigned accepted = 0, rejected = 0;
    for (size_t cut = 0; cut <= n; cut++) {
        memcpy(text, reference_example, cut);
        text[cut] = '\0';
        struct einit_solution sol;
        int rc = load(text, false, &sol);
        if (rc == 0) {
            accepted++;
            einit_solution_free(&sol);
        } else {
            rejected++;
            CHECK_MSG(rc == -1 && diag[0], "prefix %zu: rc %d without a diagnostic", cut, rc);
        }
    }
    for (size_t i = 0; i < n; i++)
        for (const char *c = subst; *c; c++) {
            memcpy(text, reference_example, n + 1);
            text[i] = *c;
            struct einit_solution sol;
            int rc = load(text, false, &sol);
            if (rc == 0) {
                accepted++;
                einit_solution_free(&sol);
            } else {
                rejected++;
                CHECK_MSG(rc == -1 && diag[0], "byte %zu -> 0x%02x: rc %d without a diagnostic", i, *c, rc);
            }
        }
    free(text);
    CHECK(accepted > 0 && rejected > 0);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        printf("FAIL einit_fixture: cannot create a temporary directory\n");
        return 1;
    }
    make_dir("a");
    make_dir("empty");
    write_file("a/main.c", "int main(void) { return 0; }\n");
    write_file("A.edl", "entity A\n");
    write_file("B.edl", "entity B\n");
    write_file("C.edl", "entity C\n");
    write_file("Wrong.edl", "entity Other\n");
    /* what KOS solutions hold: classes of their own, SDK classes (kl.*), long package names; programs
     * laid out as KOS projects (client/src) or named after their executables (cl, srv, ntpd) */
    write_file("Client.edl", "entity Client\n");
    write_file("Server.edl", "entity Server\n");
    write_file("MainServer.edl", "entity MainServer\n");
    write_file("BkServer.edl", "entity BkServer\n");
    make_dir("kl");
    write_file("kl/VfsRamFs.edl", "entity kl.VfsRamFs\n");
    write_file("kl/Ntpd.edl", "entity kl.Ntpd\n");
    write_file("kl/NameServer.edl", "entity kl.NameServer\n");
    make_dir("kl/core");
    write_file("kl/core/NameServer.edl", "entity kl.core.NameServer\n");
    make_dir("drone_controller");
    write_file("drone_controller/AutopilotConnector.edl", "entity drone_controller.AutopilotConnector\n");
    const char *const programs[] = {"cl", "srv", "ntpd", "server", "client", "client/src", "apps", "apps/client"};
    for (size_t i = 0; i < sizeof programs / sizeof *programs; i++) {
        char rel[64];
        make_dir(programs[i]);
        snprintf(rel, sizeof rel, "%s/main.c", programs[i]);
        if (strcmp(programs[i], "client") && strcmp(programs[i], "apps"))
            write_file(rel, "int main(void) { return 0; }\n");
    }
    /* headers: one in the solution directory, one on the include path (-I) */
    make_dir("conn");
    write_file("conn/ids.h",
               "/* channel ids shared by the client and the server */\n"
               "#define SERVER_CONN \"server_connection\"\n"
               "#define SERVER_FN(x) \"fn\"\n"
               "#define SERVER_PORT 8080\n"
               "#define SERVER_WIDE L\"wide\"\n"
               "#define SERVER_EMPTY\n"
               "#define SERVER_OPEN \"open\n"
               "#define SERVER_BLANK \"two words\"\n"
               "#define SERVER_NOTHING \"\"\n"
               "// #define IN_COMMENT \"x\"\n");
    snprintf(inc_dir, sizeof inc_dir, "%s/include", tmpdir);
    make_dir("include");
    make_dir("include/vfs");
    write_file("include/vfs/defs.h", "#ifndef VFS_DEFS_H\n#define VFS_DEFS_H\n\n#define _VFS_CONNECTION_ID \"kl.VfsRamFs\"\n"
                                     "\n#endif\n");
    RUN(reference_example);
    RUN(yaml_forms);
    RUN(yaml_errors);
    RUN(schema_errors);
    RUN(solution_errors);
    RUN(class_and_path_checks);
    RUN(generated_c);
    RUN(task_names);
    RUN(task_name_errors);
    RUN(ids_from_headers);
    RUN(id_header_errors);
    RUN(shared_ids);
    RUN(reserved_names_follow_the_kernel);
    RUN(name_server_program);
    RUN(sdk_classes_and_long_names);
    RUN(paths_as_executables);
    RUN(cmacro_forms);
    RUN(mutations_never_crash);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", tmpdir);
    return check_summary();
}
