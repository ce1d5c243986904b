/* nkc: the command line over libnkc. Parses each FILE (with its imports), then writes the generated
 * files; each output is written to a temporary file and renamed, so an error leaves no partial file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nkc.h"
#include "nkc_gen.h"

static const char usage[] =
    "usage: nkc [-I DIR]... [-o DIR] [--layout] [--check] FILE...\n"
    "\n"
    "Compiles IDL (.idl), CDL (.cdl) and EDL (.edl) descriptions into C for Vigil.\n"
    "For each FILE, writes into the output directory (created as needed):\n"
    "  a/b/Name.idl.h   for package a.b.Name: constants, types, message structs, method IDs,\n"
    "                   arena sizes and handle counts, the client proxy and the server dispatcher\n"
    "  a/b/Name.cdl.h   for component a.b.Name: the implementation struct, init, dispatcher, unions\n"
    "  a/b/Name.edl.h   for entity a.b.Name: the same for the process class, plus RIID constants\n"
    "  a/b/Name.layout.c  with --layout, for an entity: the KSM's message layout tables\n"
    "                   (struct ksm_class_layout a_b_Name_layout, see ksm/layout.h)\n"
    "Only the named files are generated; compile the descriptions they use separately.\n"
    "\n"
    "options:\n"
    "  -I DIR        add DIR to the search path for imported and referenced descriptions\n"
    "                (a.b.Name is looked for as DIR/a/b/Name.ext, then DIR/Name.ext; the\n"
    "                referring file's directory is searched first)\n"
    "  -o DIR        output directory (default: .)\n"
    "  --layout      also write the layout tables for EDL files\n"
    "  --check       parse and check only; write nothing\n"
    "  --types, --interface, --endpoints, --client, --server, --extended-errors\n"
    "                accepted as nk-gen-c's: the header always holds every part (types, proxy,\n"
    "                dispatcher) and error parameters of any type; --extended-errors also makes\n"
    "                a lone UInt16 error parameter the extended form (docs/nkc.md, \"Errors\")\n"
    "  --version     print the version\n"
    "  -h, --help    show this help\n"
    "\n"
    "Errors are reported as file:line:col with the line and a caret; the exit status is 1 on any\n"
    "error, 2 on a usage error. See docs/nkc.md for the languages as Vigil accepts them.\n";

static int mkdirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

enum what { GEN_IDL, GEN_COMPONENT, GEN_LAYOUT };

static int write_output(struct nkc_ctx *ctx, const char *outdir, const char *rel, enum what what, const void *obj)
{
    if (!rel)
        return -1;
    size_t n = strlen(outdir) + strlen(rel) + 32;
    char *path = malloc(n), *tmp = malloc(n);
    int rc = -1;
    if (!path || !tmp)
        goto out;
    snprintf(path, n, "%s/%s", outdir, rel);
    snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
    if (mkdirs(path) < 0) {
        fprintf(stderr, "nkc: cannot create the directory for %s: %s\n", path, strerror(errno));
        goto out;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "nkc: cannot write %s: %s\n", tmp, strerror(errno));
        goto out;
    }
    int gen = what == GEN_IDL ? nkc_gen_idl(ctx, obj, f)
            : what == GEN_COMPONENT ? nkc_gen_component(ctx, obj, f)
            : nkc_gen_layout(ctx, obj, f);
    if (fclose(f) != 0 && gen == 0) {
        fprintf(stderr, "nkc: error writing %s: %s\n", tmp, strerror(errno));
        gen = -1;
    }
    if (gen == 0 && rename(tmp, path) < 0) {
        fprintf(stderr, "nkc: cannot rename %s to %s: %s\n", tmp, path, strerror(errno));
        gen = -1;
    }
    if (gen != 0)
        remove(tmp);
    rc = gen;
out:
    free(path);
    free(tmp);
    return rc;
}

int main(int argc, char **argv)
{
    const char *outdir = ".";
    bool layout = false, check = false;
    struct nkc_ctx *ctx = nkc_new();
    if (!ctx) {
        fprintf(stderr, "nkc: out of memory\n");
        return 1;
    }
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t nfiles = 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            goto done;
        } else if (strcmp(a, "--layout") == 0) {
            layout = true;
        } else if (strcmp(a, "--check") == 0) {
            check = true;
        } else if (strcmp(a, "--version") == 0) {
            printf("nkc (Vigil) %s\n", VIGIL_VERSION); /* the Makefile's VERSION */
            goto done;
        } else if (strcmp(a, "--types") == 0 || strcmp(a, "--interface") == 0 || strcmp(a, "--endpoints") == 0 ||
                   strcmp(a, "--client") == 0 || strcmp(a, "--server") == 0) {
            /* nk-gen-c's selections of what to write: nkc's one header holds all of it, so a
             * KasperskyOS build line works unchanged. */
        } else if (strcmp(a, "--extended-errors") == 0) {
            /* Error parameters of any type are always accepted; the flag only makes a lone UInt16
             * error parameter the extended form, as nk-gen-c does. */
            nkc_set_extended_errors(ctx, true);
        } else if (strncmp(a, "--trace-", 8) == 0 || strcmp(a, "--ipc-trace-method-filter") == 0 ||
                   strcmp(a, "--enforce-alignment-check") == 0 || strcmp(a, "--deprecated-no-extended-errors") == 0) {
            fprintf(stderr, "nkc: %s (nk-gen-c) is not supported (docs/kos-compat.md)\n", a);
            status = 2;
            goto done;
        } else if (strncmp(a, "-I", 2) == 0 || strcmp(a, "-o") == 0) {
            const char *val = a[1] == 'I' && a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!val) {
                fprintf(stderr, "nkc: %s needs a directory\n%s", a, usage);
                status = 2;
                goto done;
            }
            if (a[1] == 'o')
                outdir = val;
            else if (nkc_add_include_dir(ctx, val) < 0) {
                fprintf(stderr, "nkc: out of memory\n");
                status = 1;
                goto done;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "nkc: unknown option %s\n%s", a, usage);
            status = 2;
            goto done;
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles == 0) {
        fprintf(stderr, "nkc: no input files\n%s", usage);
        status = 2;
        goto done;
    }
    for (size_t i = 0; i < nfiles; i++) {
        enum nkc_file_kind kind;
        const struct nkc_package *pkg;
        const struct nkc_component *comp;
        if (nkc_load_path(ctx, files[i], &kind, &pkg, &comp) < 0) {
            status = 1;
            continue;
        }
        if (check)
            continue;
        if (pkg && write_output(ctx, outdir, nkc_gen_idl_path(ctx, pkg), GEN_IDL, pkg) < 0)
            status = 1;
        if (comp && write_output(ctx, outdir, nkc_gen_component_path(ctx, comp), GEN_COMPONENT, comp) < 0)
            status = 1;
        if (comp && comp->is_entity && layout &&
            write_output(ctx, outdir, nkc_gen_layout_path(ctx, comp), GEN_LAYOUT, comp) < 0)
            status = 1;
    }
done:
    free(files);
    nkc_free(ctx);
    return status;
}
