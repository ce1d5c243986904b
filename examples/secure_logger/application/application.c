/* logger.Application LINE...: appends each LINE to the log, then tries to read the log back (the policy
 * must refuse: a writer may only append), then appends a last line that tells the viewer it is done.
 * Exits with 0 when every call went as the policy says. */
#include <string.h>

#include "log_client.h"

int main(int argc, char **argv)
{
    struct log_client c;
    rc_t rc = log_connect(&c, "log");
    if (rc != rcOk) {
        printf("logger.Application: cannot reach the logger: %s\n", rc_name(rc));
        return 1;
    }
    int wrong = 0;
    for (int i = 1; i < argc; i++) {
        uint32_t index;
        rc = log_append(&c, argv[i], &index);
        if (rc == rcOk)
            printf("logger.Application: appended line %u: %s\n", index, argv[i]);
        else
            printf("logger.Application: append failed: %s\n", rc_name(rc));
        wrong += rc != rcOk;
    }
    char line[128];
    uint32_t count;
    rc = log_read(&c, 0, line, sizeof line, &count);
    printf("logger.Application: reading the log: %s\n", rc == rcOk ? line : rc_name(rc));
    wrong += rc != rcSecurityDisallow;
    wrong += log_append(&c, "application done", 0) != rcOk;
    return wrong ? 1 : 0;
}
