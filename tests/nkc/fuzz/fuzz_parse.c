/* libFuzzer target: the IDL, CDL and EDL parsers, name resolution, layouts and the C generators on
 * arbitrary input. Imports resolve against the golden corpus (run from the repository root). */
#include <stdio.h>

#include "nkc.h"
#include "nkc_gen.h"

static void quiet(void *arg, const struct nkc_diag *d)
{
    (void)arg;
    (void)d;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    for (int kind = NKC_FILE_IDL; kind <= NKC_FILE_EDL; kind++) {
        struct nkc_ctx *ctx = nkc_new();
        nkc_set_diag_sink(ctx, quiet, NULL);
        nkc_add_include_dir(ctx, "tests/nkc/golden/src");
        const struct nkc_package *pkg;
        const struct nkc_component *comp;
        if (nkc_load_buffer(ctx, NULL, (const char *)data, size, (enum nkc_file_kind)kind, &pkg, &comp) == 0 && sink) {
            if (pkg)
                nkc_gen_idl(ctx, pkg, sink);
            if (comp)
                nkc_gen_component(ctx, comp, sink);
            if (comp && comp->is_entity)
                nkc_gen_layout(ctx, comp, sink);
        }
        nkc_free(ctx);
    }
    return 0;
}
