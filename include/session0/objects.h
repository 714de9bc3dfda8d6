/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsession0: named kernel objects (events, mutexes, semaphores, waitable timers,
 * sections), the native API under the Win32 layer (include/session0/win32/).
 *
 * An object is a file in a namespace directory under <runtime>/objects/ (the kernel does
 * name lookup and access checks), its state a shared page of that file, and its waits
 * futexes: no daemon is on the create, open, set or wait path. See docs/OBJECTS.md.
 *
 * Every function returns 0 (or a documented positive value) on success and a negative
 * errno on failure; ret_* parameters are written only on success. The errors are
 * chosen so that each maps to exactly one Win32 error (s0_obj_win32_error()):
 *
 *   -ENOENT        ERROR_FILE_NOT_FOUND (2)       no object of that name
 *   -ENOTDIR       ERROR_PATH_NOT_FOUND (3)       a prefix or Session\N that does not exist
 *   -EACCES        ERROR_ACCESS_DENIED (5)        DACL, access mask, privilege, view access
 *   -EBADF         ERROR_INVALID_HANDLE (6)       NULL / closed object
 *   -EPROTOTYPE    ERROR_INVALID_HANDLE (6)       the name belongs to another type
 *   -ENOMEM        ERROR_NOT_ENOUGH_MEMORY (8)
 *   -EINVAL        ERROR_INVALID_PARAMETER (87)
 *   -EILSEQ        ERROR_INVALID_NAME (123)       a name that is not UTF-8
 *   -EBADR         ERROR_BAD_PATHNAME (161)       a name starting with '\'
 *   -ENAMETOOLONG  ERROR_FILENAME_EXCED_RANGE (206)
 *   -EPERM         ERROR_NOT_OWNER (288)          ReleaseMutex by a non-owner
 *   -EOVERFLOW     ERROR_TOO_MANY_POSTS (298)     ReleaseSemaphore past the maximum
 *   -ENODATA       ERROR_FILE_INVALID (1006)
 *   -EADDRNOTAVAIL ERROR_MAPPED_ALIGNMENT (1132)  view offset not a multiple of 64 KiB
 *   -EEXIST        ERROR_ALREADY_EXISTS (183)      CreatePrivateNamespace of an existing one
 *   -ETIMEDOUT     (a wait: WAIT_TIMEOUT)
 *   -EMFILE/-ENFILE ERROR_TOO_MANY_OPEN_FILES (4)
 *   -ENOSPC        ERROR_DISK_FULL (112)
 *   anything else  ERROR_GEN_FAILURE (31)
 *
 * Thread safety: a context may be used from any number of threads; an object handle may
 * be used from several threads at once (waits, sets, releases) but closed only once,
 * when no other thread uses it — as a Windows HANDLE.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/session0.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- access rights: the Windows values (SEMANTICS.md §3.2) --------------------------- */
#define S0_DELETE 0x00010000u
#define S0_READ_CONTROL 0x00020000u
#define S0_WRITE_DAC 0x00040000u
#define S0_WRITE_OWNER 0x00080000u
#define S0_SYNCHRONIZE 0x00100000u
#define S0_STANDARD_RIGHTS_REQUIRED 0x000F0000u
#define S0_GENERIC_READ 0x80000000u
#define S0_GENERIC_WRITE 0x40000000u
#define S0_GENERIC_EXECUTE 0x20000000u
#define S0_GENERIC_ALL 0x10000000u
#define S0_MAXIMUM_ALLOWED 0x02000000u

#define S0_EVENT_MODIFY_STATE 0x0002u
#define S0_EVENT_ALL_ACCESS 0x1F0003u
#define S0_MUTEX_MODIFY_STATE 0x0001u
#define S0_MUTEX_ALL_ACCESS 0x1F0001u
#define S0_SEMAPHORE_MODIFY_STATE 0x0002u
#define S0_SEMAPHORE_ALL_ACCESS 0x1F0003u
#define S0_TIMER_QUERY_STATE 0x0001u
#define S0_TIMER_MODIFY_STATE 0x0002u
#define S0_TIMER_ALL_ACCESS 0x1F0003u
#define S0_FILE_MAP_COPY 0x0001u
#define S0_FILE_MAP_WRITE 0x0002u
#define S0_FILE_MAP_READ 0x0004u
#define S0_FILE_MAP_EXECUTE 0x0020u
#define S0_FILE_MAP_ALL_ACCESS 0xF001Fu

/* Page protections of a section (CreateFileMapping flProtect). */
#define S0_PAGE_READONLY 0x02u
#define S0_PAGE_READWRITE 0x04u
#define S0_PAGE_WRITECOPY 0x08u
#define S0_PAGE_EXECUTE_READ 0x20u
#define S0_PAGE_EXECUTE_READWRITE 0x40u
#define S0_SEC_RESERVE 0x04000000u
#define S0_SEC_COMMIT 0x08000000u

/* Waits */
#define S0_MAXIMUM_WAIT_OBJECTS 64u
#define S0_INFINITE 0xFFFFFFFFu
/* Views of sections are placed on this granularity (Windows' allocation granularity). */
#define S0_ALLOCATION_GRANULARITY 65536u

enum s0_obj_type {
        S0_OBJ_NONE = 0,
        S0_OBJ_EVENT = 1,
        S0_OBJ_MUTEX = 2,
        S0_OBJ_SEMAPHORE = 3,
        S0_OBJ_TIMER = 4,
        S0_OBJ_SECTION = 5,
        _S0_OBJ_TYPE_MAX,
};

/* "event", "mutex", ... ; NULL for an unknown type. */
S0_EXPORT const char *s0_obj_type_name(uint32_t type);
/* The inverse; 0 (S0_OBJ_NONE) if unknown. */
S0_EXPORT uint32_t s0_obj_type_from_name(const char *name);

/* ---- security descriptors --------------------------------------------------------- */
/* Who an access control entry is for. Windows SIDs map onto these: S-1-22-1-UID (Unix
 * user), S-1-22-2-GID (Unix group), S-1-1-0 (Everyone), S-1-5-18 (SYSTEM = uid 0); see
 * docs/OBJECTS.md for the rest. */
enum s0_ace_who {
        S0_ACE_USER = 1,
        S0_ACE_GROUP = 2,
        S0_ACE_EVERYONE = 3,
};
enum s0_ace_kind {
        S0_ACE_ALLOW = 0,
        S0_ACE_DENY = 1,
};
struct s0_obj_ace {
        uint8_t kind;     /* enum s0_ace_kind */
        uint8_t who;      /* enum s0_ace_who */
        uint32_t id;      /* uid or gid; ignored for EVERYONE */
        uint32_t mask;    /* access rights (generic rights are mapped per type) */
};
#define S0_OBJ_ACES_MAX 32u
/* A security descriptor as the creator gives it. NULL (no descriptor) means Windows'
 * default: the creator and SYSTEM (root) get all access, nobody else any. */
struct s0_obj_sd {
        bool has_dacl;    /* false: no DACL given, the default applies */
        bool null_dacl;   /* a NULL DACL: everyone gets all access */
        size_t n_aces;    /* <= S0_OBJ_ACES_MAX; 0 with a non-NULL DACL: nobody */
        const struct s0_obj_ace *aces;
};

/* ---- the context ------------------------------------------------------------------ */
struct s0_objctx;
struct s0_object;

/* Opens the object namespace of the session0d serving runtime_dir (NULL:
 * s0_runtime_dir()). The caller's session is read from the kernel (its cgroup), once;
 * a process outside any session is refused with -ESRCH. */
S0_EXPORT int s0_objctx_new(const char *runtime_dir, struct s0_objctx **ret);
/* Closes the context. Objects still open stay valid and are closed with their own
 * s0_obj_close(); the context is freed after the last one. */
S0_EXPORT void s0_objctx_free(struct s0_objctx *ctx);
/* The session the context resolves Local\ names in. */
S0_EXPORT uint32_t s0_objctx_session(const struct s0_objctx *ctx);

/* ---- create, open, close ----------------------------------------------------------- */
struct s0_obj_create_args {
        uint32_t type;            /* enum s0_obj_type */
        const char *name;         /* UTF-8, Win32 syntax (Global\X, Local\X, Session\N\X, X);
                                   * NULL or "": an unnamed object */
        uint32_t access;          /* rights of the returned handle; 0: the type's ALL_ACCESS */
        const struct s0_obj_sd *sd; /* NULL: the default descriptor */
        union {
                struct { bool manual_reset; bool initial_state; } event;
                struct { bool initial_owner; } mutex;
                struct { int32_t initial; int32_t maximum; } semaphore;
                struct { bool manual_reset; } timer;
                struct { uint64_t size; uint32_t protect; } section;
        };
};
#define S0_OBJ_CREATED 0
#define S0_OBJ_EXISTED 1

/* CreateEvent/CreateMutex/...: S0_OBJ_CREATED for a new object, S0_OBJ_EXISTED when the
 * name already held an object of this type (its creation arguments are then ignored,
 * as on Windows: ERROR_ALREADY_EXISTS). Publication is atomic: an opener sees either
 * nothing or the whole object. */
S0_EXPORT int s0_obj_create(struct s0_objctx *ctx, const struct s0_obj_create_args *a, struct s0_object **ret);
/* OpenEvent/OpenMutex/...: name is required (-EINVAL for NULL); access 0 is -EACCES. */
S0_EXPORT int s0_obj_open(struct s0_objctx *ctx, uint32_t type, const char *name, uint32_t access,
                          struct s0_object **ret);
/* CloseHandle. The last handle in any process removes the object and its name. Closing a
 * mutex does not release it (the next waiter gets it abandoned only once its owner
 * thread has exited). */
S0_EXPORT int s0_obj_close(struct s0_object *o);
/* DuplicateHandle within the process: a new handle to the same object with access
 * (same_access: the source's; else access must be a subset of it, -EACCES otherwise). */
S0_EXPORT int s0_obj_duplicate(struct s0_object *o, uint32_t access, bool same_access, struct s0_object **ret);

S0_EXPORT uint32_t s0_obj_type(const struct s0_object *o);
S0_EXPORT uint32_t s0_obj_access(const struct s0_object *o);
/* The descriptor that keeps the object alive (a handle is an open file: it is what is
 * inherited across exec when the Win32 layer marks a handle inheritable). */
S0_EXPORT int s0_obj_fd(const struct s0_object *o);
/* fork(): the child would share its parent's open file descriptions, so that a close in
 * one process could remove an object the other still holds (or, racing with the other's
 * close, deadlock it). Call prepare for every handle just before fork() (it opens the
 * child's own description, holding its own shared lock), then in the parent
 * s0_obj_fork_parent() and in the child s0_obj_fork_child() (which puts it in place, on
 * the same descriptor number). The Win32 layer does it in pthread_atfork handlers. */
S0_EXPORT int s0_obj_fork_prepare(struct s0_object *o);
S0_EXPORT void s0_obj_fork_parent(struct s0_object *o);
S0_EXPORT void s0_obj_fork_child(struct s0_object *o);
/* Rebuilds a handle from an inherited descriptor (after exec). */
S0_EXPORT int s0_obj_from_fd(struct s0_objctx *ctx, int fd, uint32_t access, struct s0_object **ret);

/* ---- the operations ---------------------------------------------------------------- */
S0_EXPORT int s0_event_set(struct s0_object *o);
S0_EXPORT int s0_event_reset(struct s0_object *o);
S0_EXPORT int s0_event_pulse(struct s0_object *o);
/* ReleaseMutex: -EPERM unless the calling thread owns it. */
S0_EXPORT int s0_mutex_release(struct s0_object *o);
/* ReleaseSemaphore: count > 0 (else -EINVAL); past the maximum -EOVERFLOW and nothing
 * changes. *ret_previous (optional) gets the count before the call. */
S0_EXPORT int s0_semaphore_release(struct s0_object *o, int32_t count, int32_t *ret_previous);
/* SetWaitableTimer: due in 100 ns units, > 0 an absolute FILETIME (UTC since 1601),
 * < 0 relative; 0 fires at once. period in ms (0: once; < 0: -EINVAL). The timer
 * becomes non-signaled. Returns 1 if resume was asked (not supported: Windows reports
 * ERROR_NOT_SUPPORTED with success). */
S0_EXPORT int s0_timer_set(struct s0_object *o, int64_t due, int32_t period_ms, bool resume);
S0_EXPORT int s0_timer_cancel(struct s0_object *o);

/* MapViewOfFile: access S0_FILE_MAP_*; offset a multiple of S0_ALLOCATION_GRANULARITY
 * (else -EADDRNOTAVAIL); size 0 maps to the end of the section; beyond the end -EACCES. */
S0_EXPORT int s0_section_map(struct s0_object *o, uint32_t access, uint64_t offset, size_t size, void **ret_addr);
/* UnmapViewOfFile: addr must be a view's base address, -EINVAL otherwise. */
S0_EXPORT int s0_section_unmap(struct s0_objctx *ctx, void *addr);
/* The section's size in bytes. */
S0_EXPORT int s0_section_size(struct s0_object *o, uint64_t *ret_size);

/* WaitForSingleObject / WaitForMultipleObjects. n in 1..64 (else -EINVAL); timeout_ms
 * S0_INFINITE or a count of ms (0 polls). Returns 0 with *ret_index the satisfied object
 * (wait-any: the lowest signaled index; wait-all: 0) and *ret_abandoned set when an
 * abandoned mutex was acquired (then *ret_index is that mutex's index); -ETIMEDOUT;
 * -EACCES for a handle without SYNCHRONIZE (sections); -EINVAL for n, or one object
 * twice in a wait-all. */
S0_EXPORT int s0_obj_wait(struct s0_object *const *objs, size_t n, bool wait_all, uint32_t timeout_ms,
                          uint32_t *ret_index, bool *ret_abandoned);
/* The same, also ended by a change of one more shared futex word (MsgWaitForMultipleObjects:
 * a thread's message doorbell): returns 1 when *word no longer holds seen. n in 0..63. */
S0_EXPORT int s0_obj_wait_word(struct s0_object *const *objs, size_t n, bool wait_all, uint32_t timeout_ms,
                               _Atomic uint32_t *word, uint32_t seen, uint32_t *ret_index, bool *ret_abandoned);

/* ---- private namespaces (CreatePrivateNamespace, Windows' answer to squatting) -------
 * A private namespace is identified by its boundary: a name and a set of principals.
 * Only a caller that is every principal of the boundary (its uid, or a member of its
 * groups) may create it, so nobody else can squat it; who may open it is its
 * descriptor's business. While it is open in a context, object names "ALIAS\X" are
 * resolved in it. */
struct s0_boundary_entry {
        uint8_t who;   /* S0_ACE_USER or S0_ACE_GROUP */
        uint32_t id;
};
#define S0_BOUNDARY_ENTRIES_MAX 16u
struct s0_privns;
/* -EEXIST if it exists (ERROR_ALREADY_EXISTS), -EACCES if the caller is not every
 * principal of the boundary, -EINVAL for an empty boundary name or alias. */
S0_EXPORT int s0_privns_create(struct s0_objctx *ctx, const char *boundary_name,
                               const struct s0_boundary_entry *entries, size_t n_entries, const char *alias,
                               const struct s0_obj_sd *sd, struct s0_privns **ret);
/* -ENOENT if there is none, -EACCES if its descriptor does not admit the caller. */
S0_EXPORT int s0_privns_open(struct s0_objctx *ctx, const char *boundary_name,
                             const struct s0_boundary_entry *entries, size_t n_entries, const char *alias,
                             struct s0_privns **ret);
/* ClosePrivateNamespace (PRIVATE_NAMESPACE_FLAG_DESTROY: destroy). Objects opened through
 * it stay valid. */
S0_EXPORT int s0_privns_close(struct s0_privns *ns, bool destroy);

/* ---- listing (s0ctl objects) ------------------------------------------------------- */
struct s0_obj_info {
        char name[1024];       /* the object name (UTF-8), or "#<sha256>" for a hashed one */
        uint32_t type;
        uint32_t session;      /* 0 for the global namespace */
        uid_t owner;
        gid_t group;
        uint32_t mode;         /* file mode bits */
        int32_t handles;       /* open handles (from /proc/locks), -1 if unknown */
        /* state */
        bool signaled;         /* events, timers; mutex: not owned; semaphore: count > 0 */
        bool manual_reset;
        int32_t count;         /* semaphore count / mutex recursion */
        int32_t maximum;       /* semaphore maximum */
        pid_t owner_tid;       /* mutex owner thread, 0 if none */
        bool abandoned;
        uint64_t size;         /* section size */
};
/* Lists the namespace of session (0: the global one) that the caller may read. *ret is
 * an array to free(). -EACCES if the caller may not list it. */
S0_EXPORT int s0_obj_list(struct s0_objctx *ctx, uint32_t session, struct s0_obj_info **ret, size_t *ret_count);

/* The Win32 error code for a result of this API (0 for >= 0). */
S0_EXPORT uint32_t s0_obj_win32_error(int r);
/* Its name ("ERROR_ACCESS_DENIED"); "ERROR_GEN_FAILURE" for one not in the table. */
S0_EXPORT const char *s0_win32_error_name(uint32_t code);

#ifdef __cplusplus
}
#endif
