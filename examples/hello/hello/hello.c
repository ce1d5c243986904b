/* Hello: prints one line through the console (lib's stderr sends it with the kernel's hal DebugWrite). */
#include <stdio.h>

int main(void)
{
    fprintf(stderr, "Hello world!\n");
    return 0;
}
