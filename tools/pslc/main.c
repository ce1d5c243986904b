/* pslc: compiles a PSL policy with its EDL/CDL/IDL descriptions into C for the security module. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../nkc/nkc_gen.h"
#include "pslc.h"

static void usage(FILE *f) {
    fputs("usage: pslc [-I DIR]... [-o FILE] [--tests skip|generate|run] [--out-tests FILE]\n"
          "            [--layouts-dir DIR] [--pool-size N] [--enable-preprocessor]\n"
          "            [--preprocessor-definition NAME[=VALUE]]... [--preprocessor-dump-dir DIR] security.psl\n"
          "\n"
          "Compiles a PSL policy (security.psl and the files it uses) together with the EDL, CDL and IDL\n"
          "descriptions of its process classes into C for Vigil's security module (ksm/).\n"
          "\n"
          "options:\n"
          "  -I DIR            add DIR to the search path for 'use a.b._' PSL files and for 'use EDL' classes\n"
          "                    and the descriptions they refer to (see nkc --help for the lookup rules)\n"
          "  -o FILE           write the policy C here (default: security.psl.c next to the input)\n"
          "  --tests skip      ignore the PAL tests (the default)\n"
          "  --tests generate  write the PAL tests as C (to --out-tests FILE, default FILE.tests.c)\n"
          "  --tests run       generate the tests into the policy C, with a main() that runs them\n"
          "                    (host or guest program printing 'ok NAME' / 'FAIL NAME: reason')\n"
          "  --out-tests FILE  where --tests generate writes the tests\n"
          "  --layouts-dir DIR also write every class's message layout tables (DIR/<path>.layout.c,\n"
          "                    as nkc --layout does) for the structure verifier\n"
          "  --pool-size N     security contexts per Flow and Mic object unless its config says\n"
          "                    pool_size (default 64)\n"
          "  -Werror           treat warnings (a request binding without a response binding, a Flow\n"
          "                    object no binding initialises) as errors\n"
          "  -w                print no warnings\n"
          "  --enable-preprocessor\n"
          "                    expand the templates ({% if %}, {% for %}, {{ NAME }}, ...: docs/psl.md) in\n"
          "                    every PSL file before compiling it; off by default, as in nk-psl-gen-c\n"
          "  --preprocessor-definition NAME[=VALUE]\n"
          "                    define the template variable NAME as the text VALUE (true without '=VALUE')\n"
          "  --preprocessor-dump-dir DIR\n"
          "                    also write each expanded file to DIR/<its file name>\n"
          "  -h, --help        show this help\n"
          "\n"
          "Build the result with ksm/*.c and the layout tables: see docs/ksm.md. The language Vigil\n"
          "accepts, and how it differs from KasperskyOS's, is in docs/psl.md. Errors are reported as\n"
          "file:line:col with the line and a caret; the exit status is 1 on errors, 2 on usage errors.\n",
          f);
}

static int write_layouts(struct policy *pol, const char *dir) {
    for (size_t c = 0; c < pol->nclasses; c++) {
        const char *rel = nkc_gen_layout_path(pol->nkc, pol->classes[c].comp);
        char *path = xsprintf("%s/%s", dir, rel);
        for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
            *s = 0;
            mkdir(path, 0777);
            *s = '/';
        }
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "pslc: cannot write %s\n", path);
            return -1;
        }
        int r = nkc_gen_layout(pol->nkc, pol->classes[c].comp, f);
        if (fclose(f) != 0 || r != 0) {
            fprintf(stderr, "pslc: cannot write %s\n", path);
            return -1;
        }
    }
    return 0;
}

static int run(int argc, char **argv) {
    const char **dirs = xalloc((size_t)argc * sizeof *dirs);
    size_t ndirs = 0;
    const char *out = NULL, *out_tests = NULL, *input = NULL, *tests = "skip", *layouts = NULL;
    size_t pool = 64;
    struct template_opts tmpl = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        /* nk-psl-gen-c's long spellings of -I and -o */
        if (strcmp(a, "--include-dir") == 0)
            a = "-I";
        else if (strcmp(a, "--output") == 0)
            a = "-o";
        if (strcmp(a, "--version") == 0) {
            printf("pslc (Vigil) %s\n", VIGIL_VERSION); /* the Makefile's VERSION */
            return 0;
        }
        if (strcmp(a, "-a") == 0 || strcmp(a, "--audit") == 0 || strcmp(a, "--platform") == 0) {
            bool audit = strcmp(a, "--platform") != 0;
            fprintf(stderr, "pslc: %s (nk-psl-gen-c) is not supported: %s (docs/kos-compat.md)\n", a,
                    audit ? "audit profiles are declared in the policy and records are decoded by ksm-audit-decode"
                          : "Vigil has one platform, QEMU virt");
            return 2;
        }
        const char *def = strncmp(a, "--preprocessor-definition=", 26) == 0 ? a + 26 : NULL;
        const char *dump = strncmp(a, "--preprocessor-dump-dir=", 24) == 0 ? a + 24 : NULL;
        /* nk-psl-gen-c spells these with '='; the separate argument is accepted too */
        bool def_opt = strcmp(a, "--preprocessor-definition") == 0;
        bool dump_opt = strcmp(a, "--preprocessor-dump-dir") == 0;
        if (def_opt || dump_opt) {
            if (!v) {
                fprintf(stderr, "pslc: %s needs an argument\n", a);
                return 2;
            }
            i++;
            if (def_opt)
                def = v;
            else
                dump = v;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--enable-preprocessor") == 0) {
            tmpl.enabled = true;
        } else if (strcmp(a, "-Werror") == 0) {
            diag_set_werror(true);
        } else if (strcmp(a, "-w") == 0) {
            diag_set_nowarn(true);
        } else if (def) {
            const char *why = template_define(&tmpl, def);
            if (why) {
                fprintf(stderr, "pslc: malformed --preprocessor-definition '%s': %s\n", def, why);
                return 2;
            }
        } else if (dump) {
            tmpl.dump_dir = dump;
        } else if (strncmp(a, "-I", 2) == 0 && a[2]) {
            dirs[ndirs++] = a + 2;
        } else if ((strcmp(a, "-I") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--tests") == 0 ||
                    strcmp(a, "-t") == 0 || strcmp(a, "--out-tests") == 0 || strcmp(a, "--layouts-dir") == 0 ||
                    strcmp(a, "--pool-size") == 0)) {
            if (!v) {
                fprintf(stderr, "pslc: %s needs an argument\n", a);
                return 2;
            }
            i++;
            if (a[1] == 'I')
                dirs[ndirs++] = v;
            else if (a[1] == 'o')
                out = v;
            else if (strcmp(a, "--tests") == 0 || strcmp(a, "-t") == 0)
                tests = v;
            else if (strcmp(a, "--out-tests") == 0)
                out_tests = v;
            else if (strcmp(a, "--layouts-dir") == 0)
                layouts = v;
            else {
                char *end;
                unsigned long n = strtoul(v, &end, 10);
                if (*end || n == 0 || n > 65535) {
                    fprintf(stderr, "pslc: --pool-size takes a number from 1 to 65535\n");
                    return 2;
                }
                pool = n;
            }
        } else if (a[0] == '-') {
            fprintf(stderr, "pslc: unknown option '%s' (see pslc --help)\n", a);
            return 2;
        } else if (input) {
            fprintf(stderr, "pslc: more than one input file ('%s' and '%s')\n", input, a);
            return 2;
        } else {
            input = a;
        }
    }
    if (!input) {
        usage(stderr);
        return 2;
    }
    if (strcmp(tests, "skip") != 0 && strcmp(tests, "generate") != 0 && strcmp(tests, "run") != 0) {
        fprintf(stderr, "pslc: --tests takes skip, generate or run, not '%s'\n", tests);
        return 2;
    }
    struct policy *pol = sema_load(input, dirs, ndirs, pool, &tmpl);
    int rc = 1;
    if (diag_count() == 0 && table_build(pol)) {
        if (pol->nblocks > 65535 || pol->nlocs > 65535 || pol->nsites > 65535) {
            fprintf(stderr, "pslc: the policy is too large (more than 65535 blocks, bindings or rule sites)\n");
            goto done;
        }
        const char *opath = out ? out : xsprintf("%s.c", input);
        FILE *f = fopen(opath, "w");
        if (!f) {
            fprintf(stderr, "pslc: cannot write %s\n", opath);
            goto done;
        }
        bool ok = emit_policy(pol, f);
        if (ok && strcmp(tests, "run") == 0)
            ok = emit_tests(pol, f, true);
        if (fclose(f) != 0 || !ok) {
            if (diag_count() == 0)
                fprintf(stderr, "pslc: cannot write %s\n", opath);
            remove(opath);
            goto done;
        }
        if (strcmp(tests, "generate") == 0) {
            const char *tpath = out_tests ? out_tests : xsprintf("%s.tests.c", opath);
            FILE *t = fopen(tpath, "w");
            bool tok = t && emit_tests(pol, t, false);
            if (t && fclose(t) != 0)
                tok = false;
            if (!tok) {
                if (diag_count() == 0)
                    fprintf(stderr, "pslc: cannot write %s\n", tpath);
                remove(tpath);
                remove(opath);
                goto done;
            }
        }
        if (layouts && write_layouts(pol, layouts) != 0)
            goto done;
        rc = diag_count() ? 1 : 0;
    }
done:
    nkc_free(pol->nkc);
    return rc;
}

int main(int argc, char **argv) {
    int rc = run(argc, argv);
    mem_free_all();
    return rc;
}
