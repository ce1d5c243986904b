/* counter.Client: adds 10 on UserServer's channel (its id from counter/ids.h, as init.yaml takes it)
 * and 5 on PrivilegedServer's, of which it is the only client, so it can print that total; then
 * names UserServer's counter (a union's string member). */
#include <stdio.h>

#include "counter/add.h"
#include "counter/ids.h"

int main(void)
{
    uint32_t total, length;
    if (add_to("counter.Client", COUNTER_CONNECTION_ID, 10, &total) != rcOk ||
        add_to("counter.Client", "privileged_connection", 5, &total) != rcOk ||
        name_to("counter.Client", COUNTER_CONNECTION_ID, "kitchen", &length) != rcOk)
        return 1;
    printf("counter.Client: PrivilegedServer's total is %u\n", total);
    printf("counter.Client: the label has %u characters\n", length);
    return 0;
}
