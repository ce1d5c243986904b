/* Decoding follows the Arm ARM (DDI 0487) ESR_ELx tables; strings are static so a fault handler can
 * call this with nothing but a stack buffer. */
#include "arch/aarch64/esr.h"

struct out {
    char *buf;
    size_t len, pos;
};

static void put(struct out *o, const char *s)
{
    for (; *s; s++)
        if (o->pos + 1 < o->len)
            o->buf[o->pos++] = *s;
    if (o->len)
        o->buf[o->pos] = '\0';
}

static void put_hex(struct out *o, uint64_t v)
{
    char tmp[19];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    char s[21] = "0x";
    int i = 2;
    while (n)
        s[i++] = tmp[--n];
    s[i] = '\0';
    put(o, s);
}

static void put_dec(struct out *o, unsigned v)
{
    char s[12];
    int i = 11;
    s[i] = '\0';
    do {
        s[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(o, s + i);
}

const char *esr_fault_status(unsigned fsc)
{
    static const char *const levelled[][4] = {
        { "address size fault at level 0", "address size fault at level 1",
          "address size fault at level 2", "address size fault at level 3" },
        { "translation fault at level 0", "translation fault at level 1",
          "translation fault at level 2", "translation fault at level 3" },
        { "access flag fault at level 0", "access flag fault at level 1",
          "access flag fault at level 2", "access flag fault at level 3" },
        { "permission fault at level 0", "permission fault at level 1",
          "permission fault at level 2", "permission fault at level 3" },
    };
    static const char *const walk_ext[4] = {
        "synchronous external abort on table walk at level 0",
        "synchronous external abort on table walk at level 1",
        "synchronous external abort on table walk at level 2",
        "synchronous external abort on table walk at level 3",
    };
    static const char *const walk_ecc[4] = {
        "parity/ECC error on table walk at level 0", "parity/ECC error on table walk at level 1",
        "parity/ECC error on table walk at level 2", "parity/ECC error on table walk at level 3",
    };
    fsc &= 0x3f;
    if (fsc < 0x10)
        return levelled[fsc >> 2][fsc & 3];
    if (fsc >= 0x14 && fsc <= 0x17)
        return walk_ext[fsc & 3];
    if (fsc >= 0x1c && fsc <= 0x1f)
        return walk_ecc[fsc & 3];
    switch (fsc) {
    case 0x10: return "synchronous external abort";
    case 0x11: return "synchronous tag check fault";
    case 0x13: return "synchronous external abort on table walk at level -1";
    case 0x18: return "parity/ECC error on memory access";
    case 0x1b: return "parity/ECC error on table walk at level -1";
    case 0x21: return "alignment fault";
    case 0x22: return "granule protection fault";
    case 0x29: return "address size fault at level -1";
    case 0x2b: return "translation fault at level -1";
    case 0x30: return "TLB conflict abort";
    case 0x31: return "unsupported atomic hardware update fault";
    case 0x34: return "implementation defined fault (lockdown)";
    case 0x35: return "implementation defined fault (unsupported exclusive or atomic access)";
    }
    return NULL;
}

static void put_fault(struct out *o, unsigned fsc)
{
    const char *s = esr_fault_status(fsc);
    if (s) {
        put(o, s);
    } else {
        put(o, "fault status ");
        put_hex(o, fsc);
    }
}

static void describe_abort(struct out *o, uint32_t iss, int data)
{
    put_fault(o, iss & 0x3f);
    if (data) {
        /* Cache maintenance faults report WnR=1 although they are not writes. */
        if (iss & (1u << 8))
            put(o, ", cache maintenance");
        else
            put(o, (iss & (1u << 6)) ? ", write" : ", read");
        if (iss & (1u << 24)) { /* ISV: the syndrome describes the access */
            put(o, " of ");
            put_dec(o, 1u << ((iss >> 22) & 3));
            put(o, " bytes, register x");
            put_dec(o, (iss >> 16) & 0x1f);
        }
    }
    if (iss & (1u << 7))
        put(o, ", during stage-1 table walk");
    if (iss & (1u << 9))
        put(o, ", external abort");
    if (iss & (1u << 10))
        put(o, ", FAR not valid");
}

static void describe_sysreg(struct out *o, uint32_t iss)
{
    put(o, (iss & 1) ? "trapped MRS x" : "trapped MSR/system instruction, x");
    put_dec(o, (iss >> 5) & 0x1f);
    put(o, ", S");
    put_dec(o, (iss >> 20) & 3);
    put(o, "_");
    put_dec(o, (iss >> 14) & 7);
    put(o, "_C");
    put_dec(o, (iss >> 10) & 0xf);
    put(o, "_C");
    put_dec(o, (iss >> 1) & 0xf);
    put(o, "_");
    put_dec(o, (iss >> 17) & 7);
}

static void put_imm(struct out *o, const char *what, uint32_t iss)
{
    put(o, what);
    put(o, " #");
    put_hex(o, iss & 0xffff);
}

void esr_describe(uint64_t esr, char *buf, size_t len)
{
    struct out o = { buf, len, 0 };
    unsigned ec = ESR_EC(esr);
    uint32_t iss = ESR_ISS(esr);
    if (len)
        buf[0] = '\0';
    switch (ec) {
    case 0x00: put(&o, "undefined instruction"); break;
    case 0x01: put(&o, (iss & 1) ? "trapped WFE" : "trapped WFI"); break;
    case 0x03: put(&o, "trapped AArch32 MCR/MRC (cp15)"); break;
    case 0x04: put(&o, "trapped AArch32 MCRR/MRRC (cp15)"); break;
    case 0x05: put(&o, "trapped AArch32 MCR/MRC (cp14)"); break;
    case 0x06: put(&o, "trapped AArch32 LDC/STC (cp14)"); break;
    case 0x07: put(&o, "FP/SIMD access trapped"); break;
    case 0x08: put(&o, "trapped AArch32 VMRS (cp10)"); break;
    case 0x09: put(&o, "pointer authentication instruction trapped"); break;
    case 0x0a: put(&o, "trapped LD64B/ST64B"); break;
    case 0x0c: put(&o, "trapped AArch32 MRRC (cp14)"); break;
    case 0x0d: put(&o, "branch target exception"); break;
    case 0x0e: put(&o, "illegal execution state"); break;
    case 0x11: put_imm(&o, "SVC", iss); put(&o, " from AArch32"); break;
    case 0x12: put_imm(&o, "HVC", iss); put(&o, " from AArch32"); break;
    case 0x13: put(&o, "SMC from AArch32"); break;
    case 0x15: put_imm(&o, "SVC", iss); put(&o, " from AArch64"); break;
    case 0x16: put_imm(&o, "HVC", iss); put(&o, " from AArch64"); break;
    case 0x17: put_imm(&o, "SMC", iss); put(&o, " from AArch64"); break;
    case 0x18: describe_sysreg(&o, iss); break;
    case 0x19: put(&o, "SVE access trapped"); break;
    case 0x1a: put(&o, "trapped ERET"); break;
    case 0x1b: put(&o, "trapped TSTART"); break;
    case 0x1c: put(&o, "pointer authentication failure"); break;
    case 0x1d: put(&o, "SME access trapped"); break;
    case 0x1f: put(&o, "implementation defined exception to EL3"); break;
    case 0x20:
    case 0x21:
        put(&o, ec == 0x20 ? "instruction abort from EL0, " : "instruction abort from EL1, ");
        describe_abort(&o, iss, 0);
        break;
    case 0x22: put(&o, "PC alignment fault"); break;
    case 0x24:
    case 0x25:
        put(&o, ec == 0x24 ? "data abort from EL0, " : "data abort from EL1, ");
        describe_abort(&o, iss, 1);
        break;
    case 0x26: put(&o, "SP alignment fault"); break;
    case 0x27: put(&o, "memory operation (MOPS) exception"); break;
    case 0x28: put(&o, "trapped floating-point exception from AArch32"); break;
    case 0x2c: put(&o, "trapped floating-point exception from AArch64"); break;
    case 0x2f: put(&o, "SError interrupt"); break;
    case 0x30: put(&o, "breakpoint from EL0"); break;
    case 0x31: put(&o, "breakpoint from EL1"); break;
    case 0x32: put(&o, "software step from EL0"); break;
    case 0x33: put(&o, "software step from EL1"); break;
    case 0x34: put(&o, "watchpoint from EL0"); break;
    case 0x35: put(&o, "watchpoint from EL1"); break;
    case 0x38: put(&o, "BKPT instruction (AArch32)"); break;
    case 0x3a: put(&o, "vector catch (AArch32)"); break;
    case 0x3c: put_imm(&o, "BRK", iss); put(&o, " instruction"); break;
    default:
        put(&o, "exception class ");
        put_hex(&o, ec);
        put(&o, " (ESR ");
        put_hex(&o, esr);
        put(&o, ")");
        break;
    }
}
