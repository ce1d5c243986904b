/* drone_controller.AutopilotConnector: adds 7 on UserServer's channel, under the same id as
 * counter.Client's (every client of one server may name its channel the same). Its Name is refused:
 * the policy lets only counter.Client name the counter. */
#include "counter/add.h"
#include "counter/ids.h"

int main(void)
{
    uint32_t total, length;
    if (add_to("drone_controller.AutopilotConnector", COUNTER_CONNECTION_ID, 7, &total) != rcOk)
        return 1;
    return name_to("drone_controller.AutopilotConnector", COUNTER_CONNECTION_ID, "autopilot", &length) ==
                   rcSecurityDisallow
               ? 0
               : 1;
}
