/* The IPC fuzzer's one binary: Einit (the scenario and the leak checks) or a fuzzing process. */
#include <string.h>
#include "fuzz.h"

int einit_main(void);
int fuzzer_main(int argc, char **argv);
int known_bugs_main(void);

int main(int argc, char **argv)
{
    if (argc > 0 && (strcmp(argv[0], "FuzzA") == 0 || strcmp(argv[0], "FuzzB") == 0))
        return fuzzer_main(argc, argv);
    if (argc > 0 && strcmp(argv[0], "KnownBugs") == 0)
        return known_bugs_main();
    return einit_main();
}
