/* virtio_blk.Server: a virtio-blk driver over virtio-mmio (version 2). It looks for the block device
 * among QEMU virt's 32 transports (virtio_mmio@a000000 ... @a003e00: opens each one's registers, reads
 * its device ID, closes the others again), negotiates VIRTIO_F_VERSION_1 only, and sets up queue 0 in
 * a DMA buffer: the descriptor table, the available and used rings, and one request's header, data
 * and status. Each Blk.Read puts a three-descriptor request (header, 512 bytes for the device to
 * write, status) on the queue, notifies the device and waits for its interrupt (io.IO: masked until
 * acknowledged), then answers with the sector's first bytes. It serves until every client has gone. */
#include <stdio.h>
#include <string.h>
#include <vigil/io.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "virtio_blk/Server.edl.h"

/* virtio-mmio registers (virtio 1.x, 4.2.2) */
#define VIRTIO_MAGIC 0x000
#define VIRTIO_VERSION 0x004
#define VIRTIO_DEVICE_ID 0x008
#define VIRTIO_DEVICE_FEATURES 0x010
#define VIRTIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_DRIVER_FEATURES 0x020
#define VIRTIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_QUEUE_SEL 0x030
#define VIRTIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_QUEUE_NUM 0x038
#define VIRTIO_QUEUE_READY 0x044
#define VIRTIO_QUEUE_NOTIFY 0x050
#define VIRTIO_INTERRUPT_STATUS 0x060
#define VIRTIO_INTERRUPT_ACK 0x064
#define VIRTIO_STATUS 0x070
#define VIRTIO_QUEUE_DESC 0x080   /* low, high at + 4 */
#define VIRTIO_QUEUE_DRIVER 0x090
#define VIRTIO_QUEUE_DEVICE 0x0a0
#define VIRTIO_CONFIG 0x100       /* virtio-blk: u64 capacity in 512-byte sectors */

#define STATUS_ACK 1u
#define STATUS_DRIVER 2u
#define STATUS_DRIVER_OK 4u
#define STATUS_FEATURES_OK 8u
#define DEVICE_BLOCK 2u
#define F_VERSION_1_HI 1u         /* feature bit 32 */

#define QSIZE 8u
#define DESC_F_NEXT 1u
#define DESC_F_WRITE 2u

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct avail {
    uint16_t flags, idx, ring[QSIZE], used_event;
};
struct used {
    uint16_t flags, idx;
    struct { uint32_t id, len; } ring[QSIZE];
    uint16_t avail_event;
};
struct blk_req {
    uint32_t type;                /* 0: read (VIRTIO_BLK_T_IN) */
    uint32_t reserved;
    uint64_t sector;
};

/* The DMA buffer's layout: the rings in the first page, the request in the second. */
struct dma {
    struct desc desc[QSIZE];      /* 16-byte aligned */
    struct avail avail;           /* 2-byte aligned */
    uint8_t pad0[256 - sizeof(struct desc[QSIZE]) - sizeof(struct avail)];
    struct used used;             /* 4-byte aligned */
    uint8_t pad1[4096 - 256 - sizeof(struct used)];
    struct blk_req req;
    uint8_t data[512];
    uint8_t status;
};

static volatile uint32_t *regs;
static volatile struct dma *dma;
static uint64_t bus;
static vg_handle_t irq;
static uint16_t used_seen;

static uint32_t rd(unsigned off) { return regs[off / 4]; }
static void wr(unsigned off, uint32_t v) { regs[off / 4] = v; }
static void wr64(unsigned off, uint64_t v)
{
    wr(off, (uint32_t)v);
    wr(off + 4, (uint32_t)(v >> 32));
}
static void barrier(void) { __asm__ volatile("dmb sy" ::: "memory"); }
#define BUS(field) (bus + (uint64_t)((uintptr_t)&dma->field - (uintptr_t)dma))

/* The transport holding the block device: its registers mapped and its node name in name. */
static rc_t find_device(char name[32], vg_handle_t *dev)
{
    for (unsigned i = 0; i < 32; i++) {
        snprintf(name, 32, "virtio_mmio@a%06x", 0x000000 + i * 0x200);
        volatile void *base;
        rc_t rc = vg_io_open_mmio(name, dev, 0);
        if (rc == rcOk && (rc = vg_io_map_mmio(*dev, VG_PROT_READ | VG_PROT_WRITE, &base)) == rcOk) {
            regs = base;
            if (rd(VIRTIO_MAGIC) == 0x74726976 && rd(VIRTIO_VERSION) == 2 && rd(VIRTIO_DEVICE_ID) == DEVICE_BLOCK)
                return rcOk;
        }
        if (rc == rcOk)
            vg_handle_close(*dev); /* not ours: free it (and its page) for the next one */
    }
    return rcDeviceNotFound;
}

static rc_t init_device(void)
{
    wr(VIRTIO_STATUS, 0);
    wr(VIRTIO_STATUS, STATUS_ACK);
    wr(VIRTIO_STATUS, STATUS_ACK | STATUS_DRIVER);
    wr(VIRTIO_DEVICE_FEATURES_SEL, 1);
    if (!(rd(VIRTIO_DEVICE_FEATURES) & F_VERSION_1_HI))
        return rcUnimplemented;
    wr(VIRTIO_DRIVER_FEATURES_SEL, 0);
    wr(VIRTIO_DRIVER_FEATURES, 0);
    wr(VIRTIO_DRIVER_FEATURES_SEL, 1);
    wr(VIRTIO_DRIVER_FEATURES, F_VERSION_1_HI);
    wr(VIRTIO_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK);
    if (!(rd(VIRTIO_STATUS) & STATUS_FEATURES_OK))
        return rcUnimplemented;
    wr(VIRTIO_QUEUE_SEL, 0);
    if (rd(VIRTIO_QUEUE_NUM_MAX) < QSIZE)
        return rcUnimplemented;
    wr(VIRTIO_QUEUE_NUM, QSIZE);
    wr64(VIRTIO_QUEUE_DESC, BUS(desc));
    wr64(VIRTIO_QUEUE_DRIVER, BUS(avail));
    wr64(VIRTIO_QUEUE_DEVICE, BUS(used));
    wr(VIRTIO_QUEUE_READY, 1);
    wr(VIRTIO_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK);
    return rcOk;
}

static rc_t read_sector(uint64_t sector)
{
    dma->req = (struct blk_req){0, 0, sector};
    dma->status = 0xff;
    dma->desc[0] = (struct desc){BUS(req), sizeof(struct blk_req), DESC_F_NEXT, 1};
    dma->desc[1] = (struct desc){BUS(data), 512, DESC_F_NEXT | DESC_F_WRITE, 2};
    dma->desc[2] = (struct desc){BUS(status), 1, DESC_F_WRITE, 0};
    dma->avail.ring[dma->avail.idx % QSIZE] = 0;
    barrier(); /* the descriptors before the index, the index before the notification */
    dma->avail.idx++;
    barrier();
    wr(VIRTIO_QUEUE_NOTIFY, 0);
    while (dma->used.idx == used_seen) {
        rc_t rc = vg_io_wait_irq(irq, 5000000000ull);
        if (rc != rcOk)
            return rc;
        wr(VIRTIO_INTERRUPT_ACK, rd(VIRTIO_INTERRUPT_STATUS)); /* the device's condition, then the GIC's mask */
        vg_io_ack_irq(irq);
        barrier();
    }
    used_seen = dma->used.idx;
    return dma->status == 0 ? rcOk : rcFail;
}

static rc_t capacity(struct virtio_blk_Blk *self, const struct virtio_blk_Blk_Capacity_req *req,
                     const struct nk_arena *req_arena, union virtio_blk_Blk_Capacity_res *res,
                     struct nk_arena *res_arena)
{
    (void)self, (void)req, (void)req_arena, (void)res_arena;
    res->out.sectors = (uint64_t)rd(VIRTIO_CONFIG) | (uint64_t)rd(VIRTIO_CONFIG + 4) << 32;
    return rcOk;
}

static rc_t read(struct virtio_blk_Blk *self, const struct virtio_blk_Blk_Read_req *req,
                 const struct nk_arena *req_arena, union virtio_blk_Blk_Read_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    rc_t rc = read_sector(req->sector);
    if (rc != rcOk) {
        printf("virtio_blk.Server: reading sector %llu: %s\n", (unsigned long long)req->sector, rc_name(rc));
        return rc;
    }
    for (unsigned i = 0; i < sizeof res->out.head; i++)
        res->out.head[i] = dma->data[i];
    return rcOk;
}

static const struct virtio_blk_Blk_ops blk_ops = {capacity, read};

static union virtio_blk_Server_entity_req sreq;
static union virtio_blk_Server_entity_res sres;

int main(void)
{
    char name[32];
    vg_handle_t dev, buf, listener, server;
    volatile void *p;
    uint32_t intid = 0;
    rc_t rc = find_device(name, &dev);
    if (rc == rcOk && (rc = vg_io_alloc_dma(sizeof(struct dma), &buf, &bus)) == rcOk &&
        (rc = vg_io_map_mmio(buf, VG_PROT_READ | VG_PROT_WRITE, &p)) == rcOk)
        rc = vg_io_open_irq(name, &irq, &intid);
    if (rc != rcOk) {
        printf("virtio_blk.Server: no block device: %s\n", rc_name(rc));
        return 1;
    }
    dma = p;
    if ((rc = init_device()) != rcOk) {
        printf("virtio_blk.Server: %s refused the driver: %s\n", name, rc_name(rc));
        return 1;
    }
    printf("virtio_blk.Server: block device at %s, interrupt %u, queue in DMA memory at bus address %s\n", name,
           intid, bus ? "non-zero" : "0");
    if ((rc = vg_ipc_register("blk", &listener, &server)) != rcOk) {
        printf("virtio_blk.Server: no channel blk: %s\n", rc_name(rc));
        return 1;
    }
    struct virtio_blk_Blk impl = {&blk_ops};
    struct virtio_blk_Blk_component comp;
    virtio_blk_Blk_component_init(&comp, &impl);
    struct virtio_blk_Server_entity entity;
    virtio_blk_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, virtio_blk_Server_entity_dispatch, &entity, &sreq, sizeof sreq, 0, 0, &sres,
                   sizeof sres, 0, 0);
    rc = nk_serve(&s);
    wr(VIRTIO_STATUS, 0); /* stopped before its buffer goes with the process */
    if (rc != rcOk) {
        printf("virtio_blk.Server: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    return 0;
}
