/* Names for return codes; compiled into the kernel, lib/ and host tools alike. */
#include <vigil/rc.h>

const char *rc_name(rc_t rc)
{
    switch (rc) {
#define VIGIL_RC_CASE(name, value) case value: return #name;
        VIGIL_RC_LIST(VIGIL_RC_CASE)
#undef VIGIL_RC_CASE
    case NK_ERROR_RESPONSE:
        return "NK_ERROR_RESPONSE";
    }
    return "rc?";
}
