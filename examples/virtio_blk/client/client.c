/* virtio_blk.Client: asks the block driver behind the channel "blk" for the disk's size and the first
 * line of sectors 0 and 1, and prints them. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "virtio_blk/Blk.idl.h"

int main(void)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("blk", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "blkComp.blkImpl", &riid);
    if (rc != rcOk) {
        printf("virtio_blk.Client: cannot reach the driver: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct virtio_blk_Blk_proxy proxy;
    virtio_blk_Blk_proxy_init(&proxy, &t.base, riid);
    struct virtio_blk_Blk_Capacity_req creq;
    union virtio_blk_Blk_Capacity_res cres;
    if ((rc = virtio_blk_Blk_Capacity(&proxy, &creq, 0, &cres, 0)) != rcOk) {
        printf("virtio_blk.Client: Capacity failed: %s\n", rc_name(rc));
        return 1;
    }
    printf("virtio_blk.Client: the disk has %llu sectors\n", (unsigned long long)cres.out.sectors);
    for (uint64_t sector = 0; sector < 2; sector++) {
        struct virtio_blk_Blk_Read_req req = {.sector = sector};
        union virtio_blk_Blk_Read_res res;
        if ((rc = virtio_blk_Blk_Read(&proxy, &req, 0, &res, 0)) != rcOk) {
            printf("virtio_blk.Client: Read(%llu) failed: %s\n", (unsigned long long)sector, rc_name(rc));
            return 1;
        }
        char line[sizeof res.out.head + 1];
        unsigned n = 0;
        while (n < sizeof res.out.head && res.out.head[n] != '\n')
            line[n] = (char)res.out.head[n], n++;
        line[n] = 0;
        printf("virtio_blk.Client: sector %llu: %s\n", (unsigned long long)sector, line);
    }
    return 0;
}
