/* Host tests of tools/einit: the YAML subset, every init.yaml error with its file:line:col, the checks
 * against EDL descriptions and program directories, and the generated C and make fragment.
 * Built with ASan/UBSan ($(BUILD)/tools/einit-test); run by tests/suites/50-examples.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tools/einit/gen.h"
#include "tools/einit/init.h"
#include "tools/einit/yaml.h"

static char tmpdir[] = "/tmp/einit-test-XXXXXX";
static char diag[8192];

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
        const char *dirs[] = {tmpdir};
        struct einit_options o = {checked ? tmpdir : NULL, checked ? dirs : NULL, 1};
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
    "# the reference's init.yaml example (§6.5)\n"
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
    CHECK(error_at("entities:\n- name: A\n  task: a\n", "3:3", "unknown key 'task' in an entity"));
    CHECK(error_at("entities:\n- name: [A]\n", "2:9", "'name' must be a scalar, not a sequence"));
    CHECK(error_at("entities:\n- name: echo.server\n", "2:9", "must start with an upper-case letter"));
    CHECK(error_at("entities:\n- name: echo..Server\n", "2:9", "is not a class name"));
    CHECK(error_at("entities:\n- name: 9Lives\n", "2:9", "is not a class name"));
    CHECK(error_at("entities:\n- name: Einit\n", "2:9", "'Einit' is reserved"));
    CHECK(error_at("entities:\n- name: kl.core.Core\n", "2:9", "reserved"));
    CHECK(error_at("entities:\n- name: a.very.long.qualified.ClassNameX\n", "2:9", "the kernel keeps at most 31"));
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
    CHECK(error_at("entities:\n- name: A\n  path: a\n- name: A\n  path: a\n", "4:9", "duplicate name 'A'"));
    CHECK(strstr(diag, "init.yaml:2:9: note: first named here") != NULL);
    CHECK(error_at("entities:\n- name: A\n  path: a\n  connections:\n  - {target: B, id: x}\n"
                   "  - {target: C, id: x}\n- name: B\n  path: a\n- name: C\n  path: a\n",
                   "6:21", "channel id 'x' is used twice by A"));
    CHECK(error_at("entities:\n- name: A\n  path: a\n  connections:\n  - {target: C, id: x}\n"
                   "- name: B\n  path: a\n  connections:\n  - {target: C, id: x}\n- name: C\n  path: a\n",
                   "9:21", "channel id 'x' is used twice by C"));
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
    CHECK(error_at("entities:\n- name: Wrong\n  path: a\n", "2:9", "unknown class 'Wrong'"));
    CHECK(error_at("entities:\n- name: A\n  path: nothere\n", "3:9", "missing path"));
    CHECK(strstr(diag, "does not exist") != NULL);
    CHECK(error_at("entities:\n- name: A\n  path: empty\n", "3:9", "holds no .c file"));
    CHECK(error_at("entities:\n- name: A\n", "2:9", "missing path")); /* default path: A */
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
              strstr(buf, "{\"A\", argv_0, envp_0, 0},") && strstr(buf, "{\"B\", argv_1, envp_1, 1},") &&
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
    bool mk = rc == 0 && strstr(buf, "\nSOL.x_PROGRAMS := a\n") && strstr(buf, "\nSOL.x_ROMFS := A=a B=a\n");
    if (!mk)
        printf("# generated:\n%s", buf);
    free(buf);
    einit_solution_free(&sol);
    CHECK(ok);
    CHECK(mk);
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
    RUN(reference_example);
    RUN(yaml_forms);
    RUN(yaml_errors);
    RUN(schema_errors);
    RUN(solution_errors);
    RUN(class_and_path_checks);
    RUN(generated_c);
    RUN(mutations_never_crash);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", tmpdir);
    return check_summary();
}
