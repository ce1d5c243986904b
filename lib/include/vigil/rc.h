/* Return codes shared by the kernel, ksm/ and lib/ (one table; rc_name() names them).
 * 0 is success; every error is negative so a caller can test `rc < 0`. */
#ifndef VIGIL_RC_H
#define VIGIL_RC_H

typedef int rc_t;

#define VIGIL_RC_LIST(X)                                                        \
    X(rcOk, 0)                                                                  \
    X(rcFail, -1)                                                               \
    X(rcInvalidArgument, -2)                                                    \
    X(rcNotConnected, -3)                                                       \
    X(rcOutOfMemory, -4)                                                        \
    X(rcBufferTooSmall, -5)                                                     \
    X(rcBufferTooLarge, -6)                                                     \
    X(rcInternalError, -7)                                                      \
    X(rcTransferError, -8)                                                      \
    X(rcReceiveError, -9)                                                       \
    X(rcSourceFault, -10)                                                       \
    X(rcTargetFault, -11)                                                       \
    X(rcIpcInterrupt, -12)                                                      \
    X(rcRestart, -13)                                                           \
    X(rcNoCapability, -14)                                                      \
    X(rcNotReady, -15)                                                          \
    X(rcUnimplemented, -16)                                                     \
    X(rcBusy, -17)                                                              \
    X(rcResourceNotFound, -18)                                                  \
    X(rcTimeout, -19)                                                           \
    X(rcSecurityDisallow, -20)                                                  \
    X(rcFutexWouldBlock, -21)                                                   \
    X(rcAbort, -22)                                                             \
    X(rcInvalidThreadState, -23)                                                \
    X(rcAlreadyExists, -24)                                                     \
    X(rcInvalidOperation, -25)                                                  \
    X(rcHandleRevoked, -26)                                                     \
    X(rcQuotaExceeded, -27)                                                     \
    X(rcDeviceNotFound, -28)

enum {
#define VIGIL_RC_ENUM(name, value) name = value,
    VIGIL_RC_LIST(VIGIL_RC_ENUM)
#undef VIGIL_RC_ENUM
};

/* Not an error: a generated proxy's result when the server answered with error parameters (the
 * extended form, <vigil/nk/transport.h>). Here so that rc_name() names every code a caller can get. */
#define NK_ERROR_RESPONSE 1

/* "rcTimeout" for rcTimeout, "NK_ERROR_RESPONSE" for it; "rc?" for a value that is not in the table. */
const char *rc_name(rc_t rc);

#endif
