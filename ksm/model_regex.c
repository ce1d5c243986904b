/* Regex: runs a DFA that pslc built from the pattern (tools/pslc/regex.c). One table load per byte,
 * no backtracking; the DFA already encodes search (unanchored) or anchored semantics. */
#include "eval.h"

bool ksm_regex_run(const struct ksm_regex *re, const char *text, uint32_t len) {
    uint32_t s = 1;
    for (uint32_t i = 0; i < len && s != 0; i++)
        s = re->next[s * re->nclass + re->cls[(uint8_t)text[i]]];
    return re->accept[s] != 0;
}
