/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Devices in the Win32 layer: CreateFile on \\.\NAME and \\.\GLOBALROOT\Device\NAME,
 * ReadFile, WriteFile, DeviceIoControl and CloseHandle, over the device protocol
 * (include/session0/drvhost-protocol.h) to the driver's host process (docs/DRIVERS.md).
 * A device handle is one connection; once its host is gone (a driver crash) every call
 * on it fails with ERROR_DEVICE_REMOVED, as UMDF applications see it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <session0/drvhost-protocol.h>
#include <session0/session0.h>

#include "shared/io-util.h"
#include "win32.h"

#define DEVICE_PREFIX "\\\\.\\"
#define GLOBALROOT_PREFIX "\\\\.\\GLOBALROOT\\Device\\"
#define DEVICE_NAME_MAX 63

struct device_handle {
        int fd;
        bool removed; /* the host went away: ERROR_DEVICE_REMOVED from now on */
        pthread_mutex_t lock; /* one request at a time on the connection */
};

static uint32_t device_close_op(void *p, uint32_t flags) {
        struct device_handle *d = p;

        (void) flags;
        close(d->fd);
        pthread_mutex_destroy(&d->lock);
        free(d);
        return ERROR_SUCCESS;
}

static const struct s0_win32_handle_ops device_ops = {
        .name = "device",
        .close = device_close_op,
};

static HANDLE fail_invalid(DWORD code) {
        SetLastError(code);
        return INVALID_HANDLE_VALUE;
}

const char *s0_win32_device_name_part(const char *name) {
        size_t g = strlen(GLOBALROOT_PREFIX), d = strlen(DEVICE_PREFIX);

        if (!name)
                return NULL;
        if (strncasecmp(name, GLOBALROOT_PREFIX, g) == 0)
                return name + g;
        if (strncmp(name, DEVICE_PREFIX, d) == 0 && strncasecmp(name, "\\\\.\\pipe\\", 9) != 0)
                return name + d;
        return NULL;
}

/* Sends header + payload in one call; 0 or -errno. */
static int send_msg(int fd, const struct s0_drv_header *h, const void *data, size_t len) {
        struct iovec iov[2] = { { (void *) h, sizeof *h }, { (void *) data, len } };
        struct msghdr m = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
        size_t total = sizeof *h + len;
        ssize_t n;

        do
                n = sendmsg(fd, &m, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if ((size_t) n == total)
                return 0;
        /* a short send: the rest the slow way */
        if ((size_t) n < sizeof *h) {
                int r = loop_write(fd, (const char *) h + n, sizeof *h - (size_t) n);
                return r < 0 ? r : (len ? loop_write(fd, data, len) : 0);
        }
        return loop_write(fd, (const char *) data + (n - (ssize_t) sizeof *h), total - (size_t) n);
}

/* Reads one reply: its payload (at most cap bytes) into out. 0 or -errno
 * (-EPIPE: the host is gone; -EBADMSG: it broke the protocol). */
static int recv_reply(int fd, struct s0_drv_header *ret, void *out, size_t cap) {
        uint8_t raw[sizeof *ret];
        ssize_t n = loop_read(fd, raw, sizeof raw);

        if (n < 0)
                return n == -ECONNRESET ? -EPIPE : (int) n;
        if (n < (ssize_t) sizeof raw)
                return -EPIPE;
        if (s0_drv_header_check(raw, sizeof raw, true, ret) < 0 || ret->length > cap)
                return -EBADMSG;
        if (ret->length) {
                n = loop_read(fd, out, ret->length);
                if (n != (ssize_t) ret->length)
                        return n < 0 && n != -ECONNRESET ? (int) n : -EPIPE;
        }
        return 0;
}

/* One request and its reply; the reply's Win32 status, or an error of the transport. */
static uint32_t transact(struct device_handle *d, const struct s0_drv_header *h, const void *in, size_t in_len,
                         void *out, size_t cap, struct s0_drv_header *ret) {
        int r;

        pthread_mutex_lock(&d->lock);
        if (d->removed) {
                pthread_mutex_unlock(&d->lock);
                return ERROR_DEVICE_REMOVED;
        }
        r = send_msg(d->fd, h, in, in_len);
        if (r == 0)
                r = recv_reply(d->fd, ret, out, cap);
        if (r == -EPIPE || r == -ECONNRESET || r == -EBADMSG)
                d->removed = true;
        pthread_mutex_unlock(&d->lock);
        if (r < 0)
                return r == -EAGAIN ? ERROR_SEM_TIMEOUT : d->removed ? ERROR_DEVICE_REMOVED : ERROR_GEN_FAILURE;
        return ret->status;
}

static void audit_refused(const char *device) {
        struct s0_client *c;
        char target[S0_EVENT_TARGET_MAX];

        if (s0_client_open(NULL, &c) < 0)
                return;
        snprintf(target, sizeof target, "\\\\.\\%s", device);
        (void) s0_audit_report(c, S0_EVENT_DEVICE, S0_SESSION_NONE, target, (int32_t) ERROR_ACCESS_DENIED);
        s0_client_close(c);
}

HANDLE s0_win32_device_create_file(const char *device, DWORD access, DWORD disposition, DWORD flags) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct s0_drv_header h = { .magic = S0_DRV_MAGIC, .version = S0_DRV_PROTOCOL_VERSION, .type = S0_DRV_OPEN,
                                   .arg0 = access },
                             rep;
        struct s0_drv_open_info info;
        struct device_handle *d;
        char lower[DEVICE_NAME_MAX + 1];
        size_t n = strlen(device);
        uint32_t e;
        HANDLE ret;
        int fd;

        if (n == 0 || n > DEVICE_NAME_MAX)
                return fail_invalid(ERROR_FILE_NOT_FOUND);
        for (size_t i = 0; i <= n; i++) {
                if (device[i] && !isalnum((unsigned char) device[i]) && device[i] != '_' && device[i] != '-')
                        return fail_invalid(ERROR_FILE_NOT_FOUND);
                lower[i] = (char) tolower((unsigned char) device[i]);
        }
        if (disposition != OPEN_EXISTING)
                return fail_invalid(ERROR_INVALID_PARAMETER);
        if (flags & FILE_FLAG_OVERLAPPED)
                return fail_invalid(ERROR_NOT_SUPPORTED);
        if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s/devices/%s", s0_runtime_dir(), lower) >=
            (int) sizeof sa.sun_path)
                return fail_invalid(ERROR_FILENAME_EXCED_RANGE);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return fail_invalid(ERROR_TOO_MANY_OPEN_FILES);
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                int err = errno;

                close(fd);
                if (err == EACCES || err == EPERM) {
                        audit_refused(lower);
                        return fail_invalid(ERROR_ACCESS_DENIED);
                }
                /* no socket, or one whose host is gone: no such device (now) */
                return fail_invalid(err == ENOENT || err == ECONNREFUSED || err == ENOTDIR ? ERROR_FILE_NOT_FOUND
                                                                                         : ERROR_GEN_FAILURE);
        }
        d = calloc(1, sizeof *d);
        if (!d) {
                close(fd);
                return fail_invalid(ERROR_NOT_ENOUGH_MEMORY);
        }
        d->fd = fd;
        pthread_mutex_init(&d->lock, NULL);
        e = transact(d, &h, NULL, 0, &info, sizeof info, &rep);
        if (e == ERROR_SUCCESS && rep.length != sizeof info)
                e = ERROR_GEN_FAILURE;
        if (e == ERROR_DEVICE_REMOVED) /* it went away while we opened: not there */
                e = ERROR_FILE_NOT_FOUND;
        if (e != ERROR_SUCCESS) {
                device_close_op(d, 0);
                return fail_invalid(e);
        }
        e = s0_win32_handle_insert(&s0_win32_process()->handles, &device_ops, d, &ret);
        if (e != ERROR_SUCCESS) {
                device_close_op(d, 0);
                return fail_invalid(e);
        }
        SetLastError(ERROR_SUCCESS);
        return ret;
}

static bool device_get(HANDLE h, struct s0_win32_ref **ret_ref, struct device_handle **ret) {
        if (s0_win32_handle_get(&s0_win32_process()->handles, h, &device_ops, ret_ref) != ERROR_SUCCESS)
                return false;
        *ret = (*ret_ref)->p;
        return true;
}

static void device_put(struct s0_win32_ref *ref) { (void) s0_win32_ref_put(&s0_win32_process()->handles, ref); }

bool s0_win32_device_read_file(HANDLE h, LPVOID buf, DWORD n, LPDWORD ret_n, BOOL *ret) {
        struct s0_drv_header q = { .magic = S0_DRV_MAGIC, .version = S0_DRV_PROTOCOL_VERSION, .type = S0_DRV_READ },
                             rep;
        struct s0_win32_ref *ref;
        struct device_handle *d;
        uint32_t e;

        if (!device_get(h, &ref, &d))
                return false;
        if (!ret_n || (!buf && n)) {
                device_put(ref);
                *ret = s0_win32_fail(ERROR_INVALID_PARAMETER);
                return true;
        }
        *ret_n = 0;
        /* a read returns at most one buffer's worth, like a device that has less */
        q.arg0 = n > S0_DRV_PAYLOAD_MAX ? S0_DRV_PAYLOAD_MAX : n;
        e = transact(d, &q, NULL, 0, buf, q.arg0, &rep);
        device_put(ref);
        if (e == ERROR_SUCCESS || e == ERROR_MORE_DATA)
                *ret_n = rep.length;
        *ret = e == ERROR_SUCCESS ? TRUE : s0_win32_fail(e);
        return true;
}

bool s0_win32_device_write_file(HANDLE h, LPCVOID buf, DWORD n, LPDWORD ret_n, BOOL *ret) {
        struct s0_drv_header q = { .magic = S0_DRV_MAGIC, .version = S0_DRV_PROTOCOL_VERSION, .type = S0_DRV_WRITE },
                             rep;
        struct s0_win32_ref *ref;
        struct device_handle *d;
        uint32_t e;

        if (!device_get(h, &ref, &d))
                return false;
        if (!ret_n || (!buf && n)) {
                device_put(ref);
                *ret = s0_win32_fail(ERROR_INVALID_PARAMETER);
                return true;
        }
        *ret_n = 0;
        /* one request carries at most 64 KiB: the driver takes what it takes of it */
        q.length = n > S0_DRV_PAYLOAD_MAX ? S0_DRV_PAYLOAD_MAX : n;
        e = transact(d, &q, buf, q.length, NULL, 0, &rep);
        device_put(ref);
        if (e == ERROR_SUCCESS)
                *ret_n = rep.arg0 > q.length ? q.length : rep.arg0;
        *ret = e == ERROR_SUCCESS ? TRUE : s0_win32_fail(e);
        return true;
}

WINBASEAPI BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize,
                                       LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned,
                                       LPOVERLAPPED lpOverlapped) {
        struct s0_drv_header q = { .magic = S0_DRV_MAGIC, .version = S0_DRV_PROTOCOL_VERSION, .type = S0_DRV_IOCTL,
                                   .arg0 = dwIoControlCode },
                             rep;
        struct s0_win32_ref *ref;
        struct device_handle *d;
        uint32_t e;

        (void) lpOverlapped; /* synchronous handles: ignored, as Windows does for them */
        if (!device_get(hDevice, &ref, &d))
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        /* Microsoft: lpBytesReturned cannot be NULL when lpOverlapped is NULL */
        if (!lpBytesReturned || (!lpInBuffer && nInBufferSize) || (!lpOutBuffer && nOutBufferSize) ||
            nInBufferSize > S0_DRV_PAYLOAD_MAX || nOutBufferSize > S0_DRV_PAYLOAD_MAX) {
                device_put(ref);
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        }
        *lpBytesReturned = 0;
        q.length = nInBufferSize;
        q.arg1 = nOutBufferSize;
        e = transact(d, &q, lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize, &rep);
        device_put(ref);
        if (e == ERROR_SUCCESS || e == ERROR_MORE_DATA)
                *lpBytesReturned = rep.length;
        return e == ERROR_SUCCESS ? TRUE : s0_win32_fail(e);
}
