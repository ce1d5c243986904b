/* libFuzzer: the PSL lexer and parser on arbitrary bytes, and the template expander (with the parser on
 * its expansion, positions going through the span map), must report or accept, never crash. */
#include <stdio.h>

#include "tools/pslc/pslc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    diag_set_stream(sink);
    const struct source *src = source_from_buffer("fuzz.psl", (const char *)data, size);
    parse_file(src);
    struct template_opts opts = {.enabled = true};
    template_define(&opts, "BOARD=QEMU");
    template_define(&opts, "DEBUG");
    const struct source *ex = template_expand(src, &opts);
    if (ex && ex != src)
        parse_file(ex);
    mem_free_all();
    return 0;
}
