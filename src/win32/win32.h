/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal interfaces of the Win32 layer (libsession0-win32). Not installed.
 *
 * The layer is a thin mapping: each exported Win32 function converts its arguments
 * (UTF-16 names to UTF-8, SECURITY_ATTRIBUTES to struct s0_obj_sd, HANDLE to a native
 * object), calls the native API of include/session0/objects.h, and turns its
 * 0/-errno result into a return value and a last error (s0_obj_win32_error()).
 *
 * Internal helpers return a Win32 error code (0 = ERROR_SUCCESS); the exported
 * function that called them sets the last error once.
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/objects.h>

#include "windows.h"

/* ---- lasterror.c ------------------------------------------------------------------- */
/* SetLastError(code) and return fail: the one-line error exit of the exported functions. */
HANDLE s0_win32_fail_handle(DWORD code);
BOOL s0_win32_fail(DWORD code);

/* ---- string.c ---------------------------------------------------------------------- */
/* UTF-16 (NUL-terminated) to a new UTF-8 string (free()). With max_units > 0 a string of
 * max_units code units or more is ERROR_FILENAME_EXCED_RANGE (checked first, whatever it
 * contains, as the native name check does); an unpaired surrogate is ERROR_INVALID_NAME;
 * NULL s is ERROR_INVALID_PARAMETER. */
uint32_t s0_win32_utf16_to_utf8(const WCHAR *s, size_t max_units, char **ret);
/* UTF-8 to a new NUL-terminated UTF-16 string (free()); *ret_units (optional) gets its
 * length in code units. Invalid UTF-8 (overlong, surrogates, > U+10FFFF, truncated or
 * stray continuation bytes) is ERROR_INVALID_NAME. */
uint32_t s0_win32_utf8_to_utf16(const char *s, WCHAR **ret, size_t *ret_units);
/* A W object name for the native API: NULL stays NULL; MAX_PATH applies. */
uint32_t s0_win32_name_from_w(const WCHAR *name, char **ret);

/* ---- handle.c ---------------------------------------------------------------------- */
/* What a handle refers to. One ops table per kind (native object, private namespace);
 * close() gets the flags given to the closing call and returns a Win32 error. */
struct s0_win32_handle_ops {
        const char *name;
        uint32_t (*close)(void *p, uint32_t flags);
};

/* A table entry. Lookups take a reference, so a handle closed by one thread while
 * another still uses it (a wait in progress) is gone from the table at once but its
 * object is closed only when the last user is done. */
struct s0_win32_ref {
        const struct s0_win32_handle_ops *ops;
        void *p;
        unsigned refs;          /* under the table lock */
        uint32_t close_flags;   /* passed to ops->close */
};

struct s0_win32_slot {
        struct s0_win32_ref *ref; /* NULL: free */
        uint32_t next_free;       /* index + 1 of the next free slot, 0 ends the list */
};

/* HANDLE values are (index + 1) * 4, as on Windows: never 0 (NULL) or -1 (the
 * pseudo-handle and INVALID_HANDLE_VALUE), and the two low bits are ignored, which
 * Windows leaves to applications as tag bits. Freed slots are reused last in, first
 * out, so a closed value stays invalid until a later create takes it again. */
struct s0_win32_handle_table {
        pthread_mutex_t lock;
        struct s0_win32_slot *slots;
        uint32_t allocated;     /* slots[] size */
        uint32_t used;          /* slots[0..used) have been handed out at least once */
        uint32_t free_head;     /* index + 1 of the first free slot, 0: none */
        uint32_t max;           /* the most handles the table holds */
};

/* Windows' own per-process limit is 2^24 handles. */
#define S0_WIN32_HANDLES_MAX (UINT32_C(1) << 24)

void s0_win32_handles_init(struct s0_win32_handle_table *t, uint32_t max);
/* Closes every handle (tests; a process simply exits). */
void s0_win32_handles_done(struct s0_win32_handle_table *t);
/* Adds p; on failure (ERROR_NO_SYSTEM_RESOURCES at the limit, ERROR_NOT_ENOUGH_MEMORY)
 * p is still the caller's to close. */
uint32_t s0_win32_handle_insert(struct s0_win32_handle_table *t, const struct s0_win32_handle_ops *ops, void *p,
                                HANDLE *ret);
/* The entry of h with a reference the caller drops with s0_win32_ref_put();
 * ERROR_INVALID_HANDLE if h is not open or (ops non-NULL) of another kind. */
uint32_t s0_win32_handle_get(struct s0_win32_handle_table *t, HANDLE h, const struct s0_win32_handle_ops *ops,
                             struct s0_win32_ref **ret);
/* Drops a reference; the last one closes the object and returns close()'s result. */
uint32_t s0_win32_ref_put(struct s0_win32_handle_table *t, struct s0_win32_ref *ref);
/* CloseHandle: removes h from the table and drops the table's reference with flags. */
uint32_t s0_win32_handle_close(struct s0_win32_handle_table *t, HANDLE h, const struct s0_win32_handle_ops *ops,
                               uint32_t flags);
/* Number of open handles (tests). */
uint32_t s0_win32_handle_count(struct s0_win32_handle_table *t);

/* ---- process.c --------------------------------------------------------------------- */
/* All process-wide state of the layer. Made on first use (pthread_once); lives until
 * the process exits. The last error is the only other state, and it is per thread. */
struct s0_win32_process {
        struct s0_win32_handle_table handles;
        pthread_mutex_t objctx_lock;
        struct s0_objctx *objctx; /* made on the first call that needs it */
};

struct s0_win32_process *s0_win32_process(void);
/* The object context, made on first use. A process in no session, or with no session0d
 * serving it, gets ERROR_NOT_SUPPORTED (and the next call tries again). */
uint32_t s0_win32_objctx(struct s0_objctx **ret);
/* The Win32 error for a failed s0_objctx_new(). */
uint32_t s0_win32_objctx_error(int r);

/* ---- object.c: what the object types share ----------------------------------------- */
extern const struct s0_win32_handle_ops s0_win32_object_ops;

/* Create*: a->name is UTF-8 (the caller converted a W name). Sets the last error: 0
 * for a new object, ERROR_ALREADY_EXISTS (with the handle) for an existing one. */
HANDLE s0_win32_create(struct s0_obj_create_args *a, const SECURITY_ATTRIBUTES *sa);
HANDLE s0_win32_create_w(struct s0_obj_create_args *a, const WCHAR *name, const SECURITY_ATTRIBUTES *sa);
/* Open*: a NULL name is ERROR_INVALID_PARAMETER. */
HANDLE s0_win32_open(uint32_t type, DWORD access, BOOL inherit, const char *name);
HANDLE s0_win32_open_w(uint32_t type, DWORD access, BOOL inherit, const WCHAR *name);
/* The native object behind h, referenced; type 0 accepts any object type, another type
 * is ERROR_INVALID_HANDLE (Windows' object type mismatch). */
uint32_t s0_win32_object_get(HANDLE h, uint32_t type, struct s0_win32_ref **ret_ref, struct s0_object **ret);
void s0_win32_object_put(struct s0_win32_ref *ref);
/* ---- wait.c ------------------------------------------------------------------------ */
/* WaitForMultipleObjects, also ended (WAIT_TIMEOUT with *ret_word) when the shared futex
 * word (or NULL) no longer holds seen: MsgWaitForMultipleObjects's message doorbell. */
DWORD s0_win32_wait_word(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds,
                         _Atomic uint32_t *word, uint32_t seen, bool *ret_word);
/* Puts a new native object in the handle table, inheritable or not; on failure closes it. */
uint32_t s0_win32_object_insert(struct s0_object *o, bool inherit, HANDLE *ret);

/* ---- sid.c ------------------------------------------------------------------------- */
/* Who the well-known SIDs are on this system (docs/WIN32.md, "SIDs"). */
struct s0_win32_sid_env {
        uid_t creator_uid;      /* CREATOR OWNER */
        bool have_admin_gid;    /* BUILTIN\Administrators: this group, else root only */
        gid_t admin_gid;
};
/* The creator is the effective uid; the admin group is admin_gid= from
 * <runtime_dir>/objects/policy (NULL: s0_runtime_dir()). A missing or unreadable file
 * means no admin group. */
void s0_win32_sid_env_current(const char *runtime_dir, struct s0_win32_sid_env *ret);
/* Parses admin_gid= out of policy file contents (key=value lines). */
bool s0_win32_policy_admin_gid(const char *text, gid_t *ret);

/* Room for any SID, aligned for its DWORDs. */
union s0_win32_sid_buf {
        SID sid;
        BYTE bytes[SECURITY_MAX_SID_SIZE];
};

bool s0_win32_sid_is_valid(const void *sid);
/* Bytes of a valid SID. */
size_t s0_win32_sid_length(const void *sid);
/* Parses a string SID ("S-1-5-18", or an SDDL alias: WD SY BA CO AU, and the integrity
 * labels LW ME HI SI) at s into buf (SECURITY_MAX_SID_SIZE bytes); *ret_end (optional)
 * gets the first character not consumed. ERROR_INVALID_SID if there is none. */
uint32_t s0_win32_sid_parse(const char *s, const char **ret_end, void *buf);
/* The native principal of a SID: false for a SID no Linux principal holds (an ACE for
 * it can never match, so it is left out). */
bool s0_win32_sid_to_principal(const void *sid, const struct s0_win32_sid_env *env, uint8_t *ret_who,
                               uint32_t *ret_id);

/* ---- security.c -------------------------------------------------------------------- */
struct s0_win32_native_sd {
        struct s0_obj_sd sd;
        struct s0_obj_ace aces[S0_OBJ_ACES_MAX];
};
/* A Windows security descriptor (absolute or self-relative) as the native API takes it.
 * *ret is NULL when psd is NULL (the default descriptor), else &buf->sd.
 * ERROR_INVALID_SECURITY_DESCR for a bad revision, ERROR_INVALID_ACL for a malformed
 * DACL, ERROR_NOT_SUPPORTED for more than S0_OBJ_ACES_MAX ACEs that apply. */
uint32_t s0_win32_sd_to_native(const void *psd, const struct s0_win32_sid_env *env, struct s0_win32_native_sd *buf,
                               const struct s0_obj_sd **ret);
/* The same for SECURITY_ATTRIBUTES (NULL, or no descriptor: the default), with the
 * environment of this process (s0_win32_sid_env_current()). */
uint32_t s0_win32_sa_to_native(const SECURITY_ATTRIBUTES *sa, struct s0_win32_native_sd *buf,
                               const struct s0_obj_sd **ret);

/* ---- sddl.c ------------------------------------------------------------------------ */
/* Why and where s0_win32_sddl_parse() refused a string, for a tool to show. */
struct s0_win32_sddl_error {
        const char *why;        /* a static reason */
        size_t pos;             /* byte offset in the string */
};
/* Parses the SDDL subset (docs/WIN32.md) into a new self-relative descriptor (free()).
 * ERROR_INVALID_PARAMETER for anything else, with *ret_err (optional) filled in. */
uint32_t s0_win32_sddl_parse(const char *s, void **ret, uint32_t *ret_size, struct s0_win32_sddl_error *ret_err);

/* ---- wtsproc.c: process handles and user tokens (CreateProcessAsUser) --------------- */
extern const struct s0_win32_handle_ops s0_win32_process_ops;
extern const struct s0_win32_handle_ops s0_win32_token_ops;
/* A user's token, from WTSQueryUserToken: who and where, nothing more. */
struct s0_win32_token {
        uint32_t session;
        uid_t uid;
        char user[64]; /* S0_USER_NAME_MAX, asserted in wtsproc.c */
};
/* WaitForSingleObject on a process handle (ref from s0_win32_handle_get, dropped
 * here): waits for the exit on the process's pidfd. */
DWORD s0_win32_process_wait(struct s0_win32_ref *ref, DWORD ms);

/* ---- wts.c ---------------------------------------------------------------------------- */
/* Reports a token decision the library made (WTSQueryUserToken, CreateProcessAsUser with
 * a handle that is no token) to session0d's audit journal, kind 'wts_token', result the
 * Win32 code (0: allowed). session0d records it under the caller's kernel identity.
 * Best effort: the decision stands whether or not the daemon hears of it. */
void s0_win32_report_token(uint32_t target_session, const char *what, uint32_t result);

/* ---- files (file.c dispatches CreateFile, ReadFile, WriteFile by name and handle type) */
bool s0_win32_is_pipe_name(const char *name);
HANDLE s0_win32_pipe_create_file(const char *name, DWORD disposition, DWORD flags);
BOOL s0_win32_pipe_read_file(HANDLE h, LPVOID buf, DWORD n, LPDWORD ret_n);
BOOL s0_win32_pipe_write_file(HANDLE h, LPCVOID buf, DWORD n, LPDWORD ret_n);
/* \\.\NAME and \\.\GLOBALROOT\Device\NAME: the part after the prefix, or NULL. */
const char *s0_win32_device_name_part(const char *name);
HANDLE s0_win32_device_create_file(const char *device, DWORD access, DWORD disposition, DWORD flags);
/* true if h is a device handle (then the call was made and the result is in *ret). */
bool s0_win32_device_read_file(HANDLE h, LPVOID buf, DWORD n, LPDWORD ret_n, BOOL *ret);
bool s0_win32_device_write_file(HANDLE h, LPCVOID buf, DWORD n, LPDWORD ret_n, BOOL *ret);
