/* Failing: says so and exits with 1, as a program that found something wrong would; the run's exit
 * status must tell (tools/run.sh). */
#include <stdio.h>

int main(void)
{
    fprintf(stderr, "failing: exiting with 1\n");
    return 1;
}
