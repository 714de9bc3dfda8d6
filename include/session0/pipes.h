/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsession0: named pipes (\\.\pipe\NAME), the native API under the Win32 layer's
 * CreateNamedPipe, ConnectNamedPipe, CreateFile, ReadFile, ... (docs/PIPES.md).
 *
 * One machine-wide namespace for all sessions: <runtime>/pipes/, made by session0d
 * (root 1777, sticky). A pipe is a directory there, owned by its first creator, holding
 * one Unix socket per listening server instance (SOCK_SEQPACKET for message pipes,
 * SOCK_STREAM for byte pipes). The kernel does the name lookup, the access check
 * (directory and socket modes) and tells each end who the other is (SO_PEERCRED,
 * SO_PEERPIDFD, the peer's cgroup): no daemon is on the data path.
 *
 * Every function returns 0 (or a documented positive value) on success and a negative
 * errno on failure; ret_* parameters are written only on success. The errors:
 *
 *   -ENOENT        ERROR_FILE_NOT_FOUND (2)        no pipe of that name
 *   -EACCES        ERROR_ACCESS_DENIED (5)         mode/DACL; FIRST_INSTANCE of an existing pipe;
 *                                                  an instance of another's pipe; other pipe type
 *   -EINVAL        ERROR_INVALID_PARAMETER (87)
 *   -EPIPE         ERROR_BROKEN_PIPE (109) on read, ERROR_NO_DATA (232) on write and connect
 *   -ETIMEDOUT     ERROR_SEM_TIMEOUT (121)         s0_pipe_wait()
 *   -EILSEQ        ERROR_INVALID_NAME (123)        empty or not UTF-8
 *   -ENAMETOOLONG  ERROR_FILENAME_EXCED_RANGE (206)
 *   -EBUSY         ERROR_PIPE_BUSY (231)           all instances busy / nMaxInstances reached
 *   -ENOTCONN      ERROR_PIPE_NOT_CONNECTED (233)
 *   -EMSGSIZE      ERROR_INVALID_PARAMETER (87)    a message above S0_PIPE_MESSAGE_MAX
 *   -ENOMSG        ERROR_CANNOT_IMPERSONATE (1368) nothing read yet / not allowed
 *
 * Thread safety: as a Windows HANDLE: one reader and one writer may use an end at once;
 * close it once, when nobody uses it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/objects.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The pipe name after \\.\pipe\: at most this many UTF-16 code units, so that the whole
 * name stays within Windows' 256 characters. */
#define S0_PIPE_PREFIX_UNITS 9u
#define S0_PIPE_NAME_UNITS_MAX (256u - S0_PIPE_PREFIX_UNITS)
/* PIPE_UNLIMITED_INSTANCES: session0 has this many slots (docs/PIPES.md). */
#define S0_PIPE_INSTANCES_MAX 255u
/* The largest message of a message pipe (the read side keeps a spill buffer this big). */
#define S0_PIPE_MESSAGE_MAX 65536u

enum s0_pipe_flags {
        S0_PIPE_MESSAGE = 1u << 0,        /* PIPE_TYPE_MESSAGE (SOCK_SEQPACKET) */
        S0_PIPE_FIRST_INSTANCE = 1u << 1, /* FILE_FLAG_FIRST_PIPE_INSTANCE */
        S0_PIPE_READ_MESSAGE = 1u << 2,   /* PIPE_READMODE_MESSAGE for this end */
};

struct s0_pipe;

struct s0_pipe_create_args {
        const char *runtime_dir;     /* NULL: s0_runtime_dir() */
        const char *name;            /* UTF-8, the part after \\.\pipe\, case-insensitive */
        uint32_t flags;              /* enum s0_pipe_flags */
        unsigned max_instances;      /* 1 .. S0_PIPE_INSTANCES_MAX */
        uint32_t default_timeout_ms; /* for s0_pipe_wait(timeout 0); 0: 50 ms */
        const struct s0_obj_sd *sd;  /* NULL: the default (creator, SYSTEM; Everyone connects) */
};

/* A new server instance, listening. Returns 1 if it made the pipe (the first instance),
 * 0 if it added an instance to an existing one. */
S0_EXPORT int s0_pipe_create(const struct s0_pipe_create_args *a, struct s0_pipe **ret);
/* ConnectNamedPipe: waits for a client. 0: connected now; 1: a client had connected
 * before the call (ERROR_PIPE_CONNECTED); -EPIPE: the client already left (ERROR_NO_DATA). */
S0_EXPORT int s0_pipe_connect(struct s0_pipe *p);
/* DisconnectNamedPipe: drops the client; s0_pipe_connect() listens again. */
S0_EXPORT int s0_pipe_disconnect(struct s0_pipe *p);

/* CreateFile(\\.\pipe\NAME): connects to a listening instance. */
S0_EXPORT int s0_pipe_open(const char *runtime_dir, const char *name, struct s0_pipe **ret);
/* WaitNamedPipe: until an instance listens. timeout_ms 0: the pipe's default timeout;
 * UINT32_MAX: forever. */
S0_EXPORT int s0_pipe_wait(const char *runtime_dir, const char *name, uint32_t timeout_ms);

/* Closes an end (the last instance removes the pipe). NULL is a no-op. */
S0_EXPORT void s0_pipe_close(struct s0_pipe *p);

/* Reads into buf. Returns 0, or 1 when a message did not fit (ERROR_MORE_DATA: the rest
 * comes with the next reads); *ret_n the bytes read. -EPIPE: the other end is gone. */
S0_EXPORT int s0_pipe_read(struct s0_pipe *p, void *buf, size_t size, size_t *ret_n);
/* Writes one message (message pipes) or all of buf (byte pipes). */
S0_EXPORT int s0_pipe_write(struct s0_pipe *p, const void *buf, size_t size, size_t *ret_n);
/* PeekNamedPipe: copies without consuming, never waits. */
S0_EXPORT int s0_pipe_peek(struct s0_pipe *p, void *buf, size_t size, size_t *ret_n, size_t *ret_avail,
                           size_t *ret_left_in_message);

S0_EXPORT bool s0_pipe_is_server(const struct s0_pipe *p);
S0_EXPORT uint32_t s0_pipe_flags(const struct s0_pipe *p);
/* SetNamedPipeHandleState's read mode: -EINVAL for message reads on a byte pipe. */
S0_EXPORT int s0_pipe_set_read_message(struct s0_pipe *p, bool message);

/* Who the other end is, from the kernel: SO_PEERCRED when the connection was made (the
 * server: the process that listened), and its session from its cgroup, checked through a
 * pidfd against pid reuse. -ENOTCONN on an instance without a client; -ESRCH if the
 * peer is gone or in no session. */
struct s0_pipe_peer {
        pid_t pid;
        uid_t uid;
        gid_t gid;
        uint32_t session;
};
S0_EXPORT int s0_pipe_peer(struct s0_pipe *p, struct s0_pipe_peer *ret);

/* ImpersonateNamedPipeClient: the calling thread (only it) takes the client's fsuid,
 * fsgid and (root only) supplementary groups for file access. Server end, after a read;
 * the caller must be root or the client's user. *ret_saved gets what to restore. */
struct s0_pipe_identity {
        uid_t fsuid;
        gid_t fsgid;
        bool groups_changed;
        size_t n_groups;
        gid_t *groups;
};
S0_EXPORT int s0_pipe_impersonate(struct s0_pipe *p, struct s0_pipe_identity *ret_saved);
/* RevertToSelf: restores *saved (and frees what it holds). */
S0_EXPORT int s0_pipe_revert(struct s0_pipe_identity *saved);

/* The file name of a pipe in <runtime>/pipes/: the name with ASCII and simple
 * Latin-1, Greek and Cyrillic case folding, escaped as object names are (docs/PIPES.md).
 * buf has S0_OBJ_FILE_MAX bytes. Pure. */
S0_EXPORT int s0_pipe_file_name(const char *name, char *buf);

#ifdef __cplusplus
}
#endif
