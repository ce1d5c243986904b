/* libFuzzer: the PSL lexer and parser on arbitrary bytes must report or accept, never crash. */
#include <stdio.h>

#include "tools/pslc/ast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    diag_set_stream(sink);
    const struct source *src = source_from_buffer("fuzz.psl", (const char *)data, size);
    parse_file(src);
    mem_free_all();
    return 0;
}
