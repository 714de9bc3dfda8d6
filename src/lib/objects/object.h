/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals of the named-object library: the shared page every object file begins
 * with, the context and handle structures, and what the per-type files share.
 *
 * An object is a regular file in a namespace directory (<runtime>/objects/global,
 * sessions/N, or a private namespace's directory):
 *
 *   bytes 0..4095   struct s0_obj_shared: type, creation arguments, security
 *                   descriptor, and the state the futexes work on
 *   4096..          a section's memory (sections only)
 *
 * Lifetime: every handle is an open file description holding flock(LOCK_SH); the last
 * handle to close gets flock(LOCK_EX | LOCK_NB) and unlinks the name. A file nobody holds
 * a lock on is an orphan (its holders crashed): openers treat it as absent and reap it.
 */
#pragma once

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <session0/objects.h>

#define S0_OBJ_MAGIC 0x424f3053u /* "S0OB" */
#define S0_OBJ_VERSION 1u
#define S0_OBJ_PAGE 4096u
#define S0_OBJ_GROUPS_MAX 64

/* A mutex's word is a robust futex (owner tid | FUTEX_WAITERS | FUTEX_OWNER_DIED) that
 * sits on the owner thread's robust list, the one glibc registered with
 * set_robust_list(), linked as glibc links pthread_mutex_t nodes: the kernel finds the
 * word at entry + futex_offset (-32 on every 64-bit glibc) when the thread dies. The
 * list links (prev at word + 24, next at word + 32) are pointers the owner's process and
 * the kernel follow, so they must never be in memory another process can write: the word
 * is the last 8 bytes of the shared page, and the links fall in the page after it, which
 * every process maps privately (obj_map). Whoever may write the shared page can hold the
 * mutex or set bits in its word, never steer the owner's pointers. */
#define S0_MUTEX_WORD_OFFSET (S0_OBJ_PAGE - 8)
struct s0_mutex_link {
        uint32_t linked;        /* the entry is on a thread's robust list */
        uint32_t closed;        /* its handle was closed meanwhile: unmap at unlink */
        char pad[8];            /* .. word + 24 */
        void *prev;             /* word + 24 */
        void *next;             /* word + 32: the list entry */
};

struct s0_obj_shared {
        uint32_t magic;
        uint16_t version;
        uint16_t type;
        uint32_t flags;               /* S0_SHF_* */
        uid_t creator;                /* who made it (for the default descriptor) */
        /* the security descriptor, evaluated by the library on every open; the file's
         * mode and ACL, derived from it, are what the kernel enforces */
        uint32_t sd_flags;            /* S0_SDF_* */
        uint32_t n_aces;
        struct s0_obj_ace aces[S0_OBJ_ACES_MAX];
        uint32_t admin_gid;           /* the policy's admin group when made, or -1 */

        _Alignas(64) _Atomic uint32_t seq;   /* futex: bumped by every change that may satisfy a wait */
        _Atomic uint32_t waiters;            /* sleepers on seq */
        _Atomic int32_t state;               /* event / timer latch: 0 or 1; semaphore: count */
        int32_t maximum;                     /* semaphore */
        _Atomic uint32_t pulse_gen;          /* event: PulseEvent generation */
        _Atomic int32_t pulse_tokens;        /* event: waiters the last pulse may release */
        /* timer */
        _Atomic uint64_t due;                /* CLOCK_MONOTONIC ns, 0 = inactive */
        _Atomic uint32_t period_ms;
        /* mutex (its word: S0_MUTEX_WORD_OFFSET) */
        int32_t recursion;                   /* for listings only: the owner's count is private */
        pid_t owner_pid;                     /* for listings only */
        /* section */
        uint64_t size;
        uint32_t protect;
};
_Static_assert(sizeof(struct s0_obj_shared) <= S0_MUTEX_WORD_OFFSET, "shared page");

static inline _Atomic uint32_t *obj_mutex_word(struct s0_obj_shared *sh) {
        return (_Atomic uint32_t *) ((char *) sh + S0_MUTEX_WORD_OFFSET);
}
/* Only in a mapping made by obj_map() for a mutex: the private page after the shared one. */
static inline struct s0_mutex_link *obj_mutex_link(struct s0_obj_shared *sh) {
        return (struct s0_mutex_link *) ((char *) sh + S0_OBJ_PAGE);
}

enum {
        S0_SHF_MANUAL_RESET = 1u << 0,
};
enum {
        S0_SDF_DEFAULT = 1u << 0,   /* no DACL given: creator + SYSTEM (+ admins) */
        S0_SDF_NULL_DACL = 1u << 1, /* everyone, everything */
};

struct s0_objpolicy {
        bool strict;
        bool has_create_global_gid;
        gid_t create_global_gid;
        bool has_admin_gid;
        gid_t admin_gid;
};

struct s0_privns;

struct s0_objctx {
        pthread_mutex_t lock;      /* refs, privns list, views */
        unsigned refs;             /* 1 for the context + 1 per open object */
        bool freed;
        char *runtime_dir;
        int objects_fd;            /* <runtime>/objects */
        int global_fd;             /* objects/global */
        int sessions_fd;           /* objects/sessions */
        int local_fd;              /* the caller's namespace (global for session 0) */
        uint32_t session;
        uid_t uid;
        gid_t gid;
        int n_groups;
        gid_t groups[S0_OBJ_GROUPS_MAX];
        struct s0_objpolicy policy;
        struct s0_privns *privns;  /* open private namespaces */
        struct s0_view *views;     /* mapped views of sections */
};

struct s0_object {
        struct s0_objctx *ctx;
        uint32_t type;
        uint32_t access;
        int fd;                    /* holds flock(LOCK_SH) */
        int dir_fd;                /* the namespace directory, -1 when unnamed */
        bool dir_owned;            /* dir_fd is ours (else one of the context's) */
        bool writable;             /* fd is open read-write */
        pid_t pid;                 /* the process whose open file description fd is */
        dev_t dev;                 /* the object file, for mutex ownership (mutex.c) */
        ino_t ino;
        int fork_fd;               /* between s0_obj_fork_prepare() and _parent/_child */
        char *file;                /* the name in it, NULL when unnamed */
        struct s0_obj_shared *sh;  /* the shared page, mapped at first use (obj_map) */
};

struct s0_view {
        struct s0_view *next;
        void *addr;
        size_t len;
};

struct s0_privns {
        struct s0_privns *next;
        struct s0_objctx *ctx;
        char *alias;
        int dir_fd;
        int parent_fd;             /* private/u<UID> or g<GID> */
        char dir_name[80];
};

/* context.c */
void objctx_unref(struct s0_objctx *ctx);
void objctx_ref(struct s0_objctx *ctx);
bool objctx_in_group(const struct s0_objctx *ctx, gid_t gid);
/* May the caller create sections in Global\ (SeCreateGlobalPrivilege)? */
bool objctx_create_global_privilege(const struct s0_objctx *ctx);
/* The private namespace "alias" is open in ctx: its directory fd, else -1. */
int objctx_privns_dir(struct s0_objctx *ctx, const char *alias, size_t alias_len);

/* security.c */
uint32_t obj_generic_map(uint32_t type, uint32_t mask);
uint32_t obj_all_access(uint32_t type);
/* The rights the page's descriptor grants the caller. */
uint32_t obj_granted(const struct s0_objctx *ctx, const struct s0_obj_shared *sh);
/* Writes the descriptor into the page and the mode/ACL onto fd. */
int obj_sd_apply(const struct s0_objctx *ctx, int fd, struct s0_obj_shared *sh, const struct s0_obj_sd *sd);
/* Does a handle with these rights need to write the shared page? */
bool obj_needs_write(uint32_t type, bool manual_reset, uint32_t access);
int obj_sd_validate(const struct s0_obj_sd *sd);

/* futex.c */
int futex_wake(_Atomic uint32_t *word, int n);
uint64_t now_ns(int clock);

/* the per-type wait interface (wait.c) */
/* 1: acquired (and *abandoned), 0: not signaled. */
int obj_try_acquire(struct s0_object *o, bool *abandoned);
/* wait-all: signaled, without changing anything */
bool obj_is_signaled(struct s0_object *o);
/* gives back what obj_try_acquire took */
void obj_undo(struct s0_object *o);
/* after a change: wake sleepers */
void obj_signal_changed(struct s0_obj_shared *sh);

/* mutex.c */
pid_t obj_self_pid(void);
bool mutex_link_busy(struct s0_obj_shared *sh);
int mutex_try_acquire(struct s0_object *o, bool *abandoned);
void mutex_undo(struct s0_object *o);
bool mutex_is_free(struct s0_object *o);
int mutex_init_owned(struct s0_object *o);
/* timer.c */
int timer_try_acquire(struct s0_object *o);
bool timer_is_signaled(struct s0_obj_shared *sh, uint64_t now);
uint64_t timer_next_due(struct s0_obj_shared *sh);
/* event.c */
int event_try_acquire(struct s0_object *o);
/* object.c */
/* Maps the shared page if it is not yet (create and open only read or write the file:
 * a handle that is only opened and closed never pays for a mapping). */
int obj_map(struct s0_object *o);
/* The length of what obj_map() maps: a mutex has its private link page after it. */
static inline size_t obj_map_len(const struct s0_object *o) {
        return o->type == S0_OBJ_MUTEX ? 2 * S0_OBJ_PAGE : S0_OBJ_PAGE;
}
int obj_check(struct s0_object *o, uint32_t type, uint32_t need);
