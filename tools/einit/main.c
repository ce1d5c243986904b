/* einit: init.yaml -> Einit's C source (and a make fragment). See --help and docs/solutions.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "gen.h"
#include "init.h"

static const char usage[] =
    "usage: einit [-I DIR]... [--root DIR] [-o FILE] [--name NAME] [--make FILE --make-var VAR] init.yaml\n";

static const char help[] =
    "\n"
    "Reads a solution's init.yaml (KasperskyOS's init description) and generates its initializing\n"
    "program, Einit: it starts every process suspended (each start is an execute event the security\n"
    "module decides), creates the channels the connections declare (client = the process listing the\n"
    "connection, server = its target, name = its id), resumes them all, waits for them and reports, and\n"
    "exits with 0 if every process exited with 0. Servers end by themselves once all their clients have.\n"
    "\n"
    "init.yaml:\n"
    "  entities:\n"
    "  - name: echo.Client          # process class: an EDL name, also its ROMFS name\n"
    "    task: client1              # process name (default: the class); unique\n"
    "    path: Client               # its executable: the program directory Client, Client/src,\n"
    "                               # client or client/src (default: the class's last part)\n"
    "    connections:\n"
    "    - target: UserServer       # the server process (its task name)\n"
    "      id: echo                 # channel name (vg_ipc_connect / vg_ipc_register), or\n"
    "    - target: UserServer       #   the value of a C macro, #define ECHO_ID \"echo2\", of a header\n"
    "      id: {var: ECHO_ID, include: echo/ids.h}\n"
    "    args: [\"-v\", \"x\"]          # argv[1..]; argv[0] is the process name\n"
    "    env: { LEVEL: debug }      # environment\n"
    "  - name: echo.Server          # two processes of one class: a task name each\n"
    "    task: UserServer\n"
    "  - name: echo.Server\n"
    "    task: PrivilegedServer\n"
    "\n"
    "options:\n"
    "  -I DIR          add DIR to the search path of EDL descriptions (to check the classes; see nkc\n"
    "                  --help) and of the headers ids are read from; the solution directory comes first\n"
    "  --root DIR      the solution directory that paths are relative to (default: init.yaml's)\n"
    "  -o FILE         write Einit's C source here (compile it with tools/einit/runtime/einit_run.c)\n"
    "  --name NAME     the solution's name in Einit's messages (default: the solution directory)\n"
    "  --make FILE     write a make fragment: VAR_PROGRAMS (program directories), VAR_ROMFS\n"
    "                  (CLASS=directory for each class) and VAR_HEADERS (the headers ids came from),\n"
    "                  for tools/einit/solution.mk\n"
    "  --make-var VAR  the variable prefix for --make (default: EINIT)\n"
    "  -h, --help      show this help\n"
    "\n"
    "Without -o and --make, einit only checks. Errors are reported as file:line:col with the line and\n"
    "a caret; the exit status is 1 on errors, 2 on usage errors.\n";

/* Writes through a temporary file and a rename, so a failure never leaves a partial output. */
static int write_out(const char *path, int (*gen)(FILE *, const struct einit_solution *, const char *, const char *),
                     const struct einit_solution *sol, const char *arg, const char *yaml)
{
    size_t n = strlen(path) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "einit: cannot write %s: %s\n", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int rc = gen(f, sol, arg, yaml);
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        fprintf(stderr, "einit: cannot write %s: %s\n", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return rc;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, slash ? path : ".", n);
        d[n] = '\0';
        if (slash && n == 0)
            strcpy(d, "/");
    }
    return d;
}

int main(int argc, char **argv)
{
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    size_t ndirs = 0;
    const char *root = NULL, *out_c = NULL, *out_make = NULL, *var = "EINIT", *name = NULL, *yaml = NULL;
    if (!dirs)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **opt = !strcmp(a, "-I") ? &dirs[ndirs] : !strcmp(a, "--root") ? &root
                         : !strcmp(a, "-o") ? &out_c : !strcmp(a, "--make") ? &out_make
                         : !strcmp(a, "--make-var") ? &var : !strcmp(a, "--name") ? &name : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("%s%s", usage, help);
            free(dirs);
            return 0;
        }
        if (opt) {
            if (i + 1 == argc) {
                fprintf(stderr, "einit: %s needs an argument\n%s", a, usage);
                free(dirs);
                return 2;
            }
            *opt = argv[++i];
            if (opt == &dirs[ndirs])
                ndirs++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "einit: unknown option %s\n%s", a, usage);
            free(dirs);
            return 2;
        } else if (yaml) {
            fprintf(stderr, "einit: one init.yaml at a time (%s and %s)\n%s", yaml, a, usage);
            free(dirs);
            return 2;
        } else
            yaml = a;
    }
    if (!yaml) {
        fprintf(stderr, "einit: no init.yaml given\n%s", usage);
        free(dirs);
        return 2;
    }
    char *yaml_dir = dir_of(yaml);
    if (!root)
        root = yaml_dir;
    if (!name)
        name = root;
    /* The solution directory first, then -I in order. */
    const char **search = calloc(ndirs + 1, sizeof *search);
    int status = 1;
    struct src s;
    if (search && yaml_dir && src_load(&s, yaml, stderr) == 0) {
        search[0] = root;
        memcpy(search + 1, dirs, ndirs * sizeof *dirs);
        /* Headers of `id: {var, include}` are found as the C compiler would, on the same path. */
        struct einit_options o = {root, search, ndirs + 1, search, ndirs + 1};
        struct einit_solution sol;
        if (einit_load(&s, &o, &sol) == 0) {
            status = 0;
            if (out_c && write_out(out_c, einit_gen_c, &sol, name, yaml) != 0)
                status = 1;
            if (out_make && write_out(out_make, einit_gen_make, &sol, var, yaml) != 0)
                status = 1;
            einit_solution_free(&sol);
        }
        src_free(&s);
    } else if (!search || !yaml_dir)
        fprintf(stderr, "einit: out of memory\n");
    free(search);
    free(yaml_dir);
    free(dirs);
    return status;
}
