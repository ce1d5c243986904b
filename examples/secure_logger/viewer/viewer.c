/* logger.LogViewer: waits until the log holds $LINES lines (the application's last line is its own
 * "done"), prints them all, then tries to append (the policy must refuse: a viewer may only read).
 * Exits with 0 when every call went as the policy says. */
#include <stdlib.h>
#include <vigil/thread.h>

#include "log_client.h"

int main(void)
{
    const char *lines = getenv("LINES");
    uint32_t want = lines ? (uint32_t)atoi(lines) : 1, count = 0;
    struct log_client c;
    rc_t rc = log_connect(&c, "view");
    if (rc != rcOk) {
        printf("logger.LogViewer: cannot reach the logger: %s\n", rc_name(rc));
        return 1;
    }
    char line[128];
    for (int tries = 0; rc == rcOk && count < want && tries < 5000; tries++) {
        rc = log_read(&c, 0, line, sizeof line, &count);
        if (count < want)
            vg_thread_sleep(1000000);
    }
    if (rc != rcOk || count < want) {
        printf("logger.LogViewer: the log has %u of %u lines: %s\n", count, want, rc_name(rc));
        return 1;
    }
    int wrong = 0;
    for (uint32_t i = 0; i < count; i++) {
        rc = log_read(&c, i, line, sizeof line, &count);
        printf("logger.LogViewer: line %u: %s\n", i, rc == rcOk ? line : rc_name(rc));
        wrong += rc != rcOk;
    }
    rc = log_append(&c, "forged entry", 0);
    printf("logger.LogViewer: appending to the log: %s\n", rc_name(rc));
    wrong += rc != rcSecurityDisallow;
    return wrong ? 1 : 0;
}
