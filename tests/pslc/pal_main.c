/* Host driver for PAL tests generated with --tests generate (a separate tests file). */
#include <stdio.h>

#include "ksm/pal.h"

static void out(const char *line) { puts(line); }

int main(void) { return ksm_pal_run(&ksm_pal_suite, out) ? 1 : 0; }
