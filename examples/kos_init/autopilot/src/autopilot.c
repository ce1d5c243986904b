/* drone_controller.AutopilotConnector: adds 7 on UserServer's channel, under the same id as
 * counter.Client's (every client of one server may name its channel the same). */
#include "counter/add.h"
#include "counter/ids.h"

int main(void)
{
    uint32_t total;
    return add_to("drone_controller.AutopilotConnector", COUNTER_CONNECTION_ID, 7, &total) == rcOk ? 0 : 1;
}
