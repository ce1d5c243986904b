/* rtc.Client: asks the RTC driver behind the channel "rtc" for the time and prints it as seconds
 * since the epoch and as a UTC date. Then it tries to map the clock's registers itself, which the
 * policy refuses: only the driver may. */
#include <stdio.h>
#include <vigil/io.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "rtc/Time.idl.h"

/* Days since 1970-01-01 -> civil date (proleptic Gregorian), after Howard Hinnant's algorithm. */
static void civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400) + (*m <= 2);
}

int main(void)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("rtc", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "timeComp.timeImpl", &riid);
    if (rc != rcOk) {
        printf("rtc.Client: cannot reach the driver: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct rtc_Time_proxy proxy;
    rtc_Time_proxy_init(&proxy, &t.base, riid);
    struct rtc_Time_Now_req req;
    union rtc_Time_Now_res res;
    if ((rc = rtc_Time_Now(&proxy, &req, 0, &res, 0)) != rcOk) {
        printf("rtc.Client: Time.Now failed: %s\n", rc_name(rc));
        return 1;
    }
    uint64_t s = res.out.seconds;
    int y;
    unsigned mo, d;
    civil((int64_t)(s / 86400), &y, &mo, &d);
    printf("rtc.Client: Time.Now = %llu (%04d-%02u-%02u %02llu:%02llu UTC)\n", (unsigned long long)s, y, mo, d,
           (unsigned long long)(s % 86400 / 3600), (unsigned long long)(s % 3600 / 60));
    vg_handle_t dev;
    rc = vg_io_open_mmio("pl031@9010000", &dev, 0);
    printf("rtc.Client: mapping the PL031 myself: %s\n", rc_name(rc));
    return rc == rcSecurityDisallow ? 0 : 1;
}
