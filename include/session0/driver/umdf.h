/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The user-mode driver ABI of s0-drvhost (session0-umdf(7), docs/DRIVERS.md).
 *
 * A driver is a shared object that exports s0_umdf_driver_entry(). Its host process
 * (s0-drvhost-worker, one per driver, session 0, account s0-umdf, no capabilities, no
 * new privileges) calls the entry once, then device_add for each device its .conf names,
 * then per open handle file_create / read / write / ioctl / file_close, and device_remove
 * at the end. Callbacks run on the host's one dispatch thread; a request may be completed
 * in its callback or later from any thread (s0_umdf_request_complete()). Status values
 * are Win32 error codes (0 = ERROR_SUCCESS): the caller's GetLastError() gets them as is.
 *
 * The ABI is versioned: a driver sets abi_version to S0_UMDF_ABI_VERSION it was built
 * with; the host refuses a driver of another major version.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What crosses between host and driver must be visible even under -fvisibility=hidden. */
#define S0_UMDF_API __attribute__((visibility("default")))

#define S0_UMDF_ABI_VERSION 1u
/* The largest read, write or IOCTL buffer a request carries (bytes). */
#define S0_UMDF_BUFFER_MAX 65536u

struct s0_umdf_device;  /* one \\.\NAME */
struct s0_umdf_file;    /* one open handle */
struct s0_umdf_request; /* one read, write or IOCTL, until completed */

/* Who opened the handle, from the kernel (SO_PEERCRED, the caller's cgroup). */
struct s0_umdf_caller {
        uid_t uid;
        gid_t gid;
        pid_t pid;
        uint32_t session;
        uint32_t access; /* the access granted by the device's security descriptor */
};

struct s0_umdf_callbacks {
        /* A device of the driver comes up; 0 or a Win32 error (the device then stays down). */
        uint32_t (*device_add)(struct s0_umdf_device *dev);
        void (*device_remove)(struct s0_umdf_device *dev);
        /* A handle is opened (after the host's access check); non-zero refuses it with
         * that error. Optional. */
        uint32_t (*file_create)(struct s0_umdf_file *file, const struct s0_umdf_caller *who);
        void (*file_close)(struct s0_umdf_file *file); /* optional */
        /* ReadFile of up to length bytes: fill s0_umdf_request_buffer(), complete with the count. */
        void (*read)(struct s0_umdf_request *req, size_t length);
        /* WriteFile of data: complete with the bytes taken. */
        void (*write)(struct s0_umdf_request *req, const void *data, size_t length);
        /* DeviceIoControl: in/in_len from the caller, up to out_len bytes of output into
         * s0_umdf_request_buffer(). Too small an output buffer: complete with
         * ERROR_INSUFFICIENT_BUFFER (nothing returned) or ERROR_MORE_DATA (partial). */
        void (*ioctl)(struct s0_umdf_request *req, uint32_t code, const void *in, size_t in_len, size_t out_len);
};

struct s0_umdf_driver {
        uint32_t abi_version; /* S0_UMDF_ABI_VERSION */
        const char *name;
        struct s0_umdf_callbacks cb;
};

/* Exported by the driver. */
typedef const struct s0_umdf_driver *(*s0_umdf_driver_entry_fn)(void);
S0_UMDF_API const struct s0_umdf_driver *s0_umdf_driver_entry(void);

/* ---- provided by the host ------------------------------------------------------------ */
S0_UMDF_API const char *s0_umdf_device_name(const struct s0_umdf_device *dev);
S0_UMDF_API void s0_umdf_device_set_context(struct s0_umdf_device *dev, void *ctx);
S0_UMDF_API void *s0_umdf_device_context(const struct s0_umdf_device *dev);

S0_UMDF_API struct s0_umdf_device *s0_umdf_file_device(const struct s0_umdf_file *file);
S0_UMDF_API const struct s0_umdf_caller *s0_umdf_file_caller(const struct s0_umdf_file *file);
S0_UMDF_API void s0_umdf_file_set_context(struct s0_umdf_file *file, void *ctx);
S0_UMDF_API void *s0_umdf_file_context(const struct s0_umdf_file *file);

S0_UMDF_API struct s0_umdf_file *s0_umdf_request_file(const struct s0_umdf_request *req);
/* The output buffer of a read or IOCTL (capacity: the length / out_len asked for). */
S0_UMDF_API void *s0_umdf_request_buffer(struct s0_umdf_request *req);
/* Completes req (once; from any thread): status is a Win32 error, bytes the count of
 * output (read, IOCTL) or input taken (write). After it, req is gone. 0 or -errno
 * (-EINVAL: bytes over the capacity; the request is then failed with
 * ERROR_INVALID_PARAMETER). A request whose handle closed meanwhile is dropped. */
S0_UMDF_API int s0_umdf_request_complete(struct s0_umdf_request *req, uint32_t status, size_t bytes);

/* A line in the host's log (stderr of the worker, collected by s0-drvhost). */
S0_UMDF_API void s0_umdf_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif
