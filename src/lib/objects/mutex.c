/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Mutexes (SEMANTICS.md §3.4) on the kernel's robust futexes, so that a mutex whose
 * owner thread dies — returns, is cancelled, or its process is killed with SIGKILL — is
 * marked by the kernel itself (FUTEX_OWNER_DIED) and the next acquirer gets
 * WAIT_ABANDONED.
 *
 * The word is the owner's tid | FUTEX_WAITERS | FUTEX_OWNER_DIED, as the kernel's robust
 * list protocol wants. A thread has one robust list, which glibc registered for it with
 * set_robust_list(); we do not replace it (that would orphan glibc's robust mutexes) but
 * put our nodes on it, laid out and linked exactly as glibc links pthread_mutex_t nodes,
 * with list_op_pending covering the instant between taking the word and linking the
 * node. The links are in a page private to each process (object.h: struct
 * s0_mutex_link), never in the shared page, which other processes may write. Only the
 * owner thread touches its list, so no lock is needed. Recursion (a Windows mutex is
 * recursive) is counted in the thread's private table: nothing another process can write
 * decides what this one links, unlinks or unmaps.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "object.h"

#define TID_MASK 0x3fffffffu

struct robust_head {
        void *next;             /* struct robust_list list */
        long futex_offset;
        void *list_op_pending;
};

/* The calling thread's tid and robust list head, cached per thread (a fork's child
 * thread is a new thread: the atfork handler clears the cache). */
/* What this thread owns: for each mutex, the list entry it linked (in the private page
 * of the mapping it acquired through). A release may come through another handle, with
 * another mapping, of the same object: the object's identity (dev, ino) finds the entry.
 * Recursive acquisitions take no slot. */
#define OWNED_MAX 256
struct owned {
        dev_t dev;
        ino_t ino;
        void *entry;
        int32_t count;          /* acquisitions (a Windows mutex is recursive) */
};

/* The calling thread's tid and robust list head, cached per thread (a fork's child
 * thread is a new thread: the atfork handler clears the cache). */
struct thread_cache {
        pid_t tid;
        pid_t pid;
        struct robust_head *head;
        unsigned n_owned;
        struct owned owned[OWNED_MAX];
};
static _Thread_local struct thread_cache tcache;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/* The child's only thread owns nothing (the mutexes' words name the parent's threads). */
static void atfork_child(void) {
        tcache.tid = tcache.pid = 0;
        tcache.head = NULL;
        tcache.n_owned = 0;
}
static void register_atfork(void) { (void) pthread_atfork(NULL, NULL, atfork_child); }

static void self_ids(void) {
        if (!tcache.pid) {
                (void) pthread_once(&atfork_once, register_atfork);
                tcache.tid = (pid_t) syscall(SYS_gettid);
                tcache.pid = getpid();
        }
}

/* Is this mapping's link on a robust list (a thread of ours owns the mutex through it)?
 * Then object.c must not unmap it; it marks it closed, and the unlink unmaps it. */
bool mutex_link_busy(struct s0_obj_shared *sh) {
        struct s0_mutex_link *l = obj_mutex_link(sh);
        if (!l->linked)
                return false;
        l->closed = 1;
        return true;
}

/* getpid() without a system call on every object close (glibc does not cache it). */
pid_t obj_self_pid(void) {
        self_ids();
        return tcache.pid;
}

static int thread_get(struct thread_cache **ret) {
        self_ids();
        if (!tcache.head) {
                struct robust_head *head = NULL;
                size_t len = 0;
                if (syscall(SYS_get_robust_list, 0, &head, &len) < 0)
                        return -errno;
                /* glibc's node layout: the futex word 32 bytes before the list entry */
                if (!head || len != sizeof(struct robust_head) || head->futex_offset != -32)
                        return -ENOTSUP;
                tcache.head = head;
        }
        *ret = &tcache;
        return 0;
}

_Static_assert(__builtin_offsetof(struct s0_mutex_link, next) + S0_OBJ_PAGE - S0_MUTEX_WORD_OFFSET == 32,
               "robust node layout: the entry is 32 bytes after the word");
_Static_assert(__builtin_offsetof(struct s0_mutex_link, prev) + sizeof(void *) ==
                       __builtin_offsetof(struct s0_mutex_link, next),
               "robust node layout: prev just before next");

/* glibc's ENQUEUE_MUTEX_BOTH / DEQUEUE_MUTEX: entries point at a node's next field; a
 * node's prev field is the pointer before it (the head's is glibc's robust_prev). Every
 * pointer followed here is in private memory: glibc's nodes, or our link pages. */
static void **prev_slot(void *entry) { return (void **) ((char *) entry - sizeof(void *)); }

static struct s0_mutex_link *entry_link(void *entry) {
        return (struct s0_mutex_link *) ((char *) entry - __builtin_offsetof(struct s0_mutex_link, next));
}

static void node_enqueue(struct robust_head *head, void *entry) {
        void *first = (void *) ((uintptr_t) head->next & ~(uintptr_t) 1);
        *prev_slot(first) = entry;
        *(void **) entry = head->next;
        *prev_slot(entry) = &head->next;
        head->next = entry;
        entry_link(entry)->linked = 1;
}

static void node_dequeue(void *entry) {
        struct s0_mutex_link *l = entry_link(entry);
        void *next = (void *) ((uintptr_t) *(void **) entry & ~(uintptr_t) 1);
        void *prev = (void *) ((uintptr_t) *prev_slot(entry) & ~(uintptr_t) 1);
        *prev_slot(next) = *prev_slot(entry);
        *(void **) prev = *(void **) entry;
        *(void **) entry = *prev_slot(entry) = NULL;
        l->linked = 0;
        if (l->closed)
                /* its handle was closed while this thread owned the mutex (object.c kept
                 * the mapping for the list): it can go now */
                (void) munmap((char *) l - S0_OBJ_PAGE, 2 * S0_OBJ_PAGE);
}

static struct owned *owned_find(struct thread_cache *t, const struct s0_object *o) {
        for (unsigned i = t->n_owned; i-- > 0;)
                if (t->owned[i].ino == o->ino && t->owned[i].dev == o->dev)
                        return &t->owned[i];
        return NULL;
}

/* 1: acquired (or acquired again by its owner), 0: owned by another thread. */
int mutex_try_acquire(struct s0_object *o, bool *abandoned) {
        struct s0_obj_shared *sh = o->sh;
        _Atomic uint32_t *word = obj_mutex_word(sh);
        void *entry = &obj_mutex_link(sh)->next;
        struct thread_cache *t;
        struct owned *ow;
        uint32_t w;
        int r = thread_get(&t);
        if (r < 0)
                return r;
        w = atomic_load(word);
        for (;;) {
                if ((w & TID_MASK) == (uint32_t) t->tid) {
                        ow = owned_find(t, o);
                        if (!ow)
                                return 0; /* the word names us, our table does not: someone
                                           * wrote the page; not ours */
                        if (ow->count == INT32_MAX)
                                return -EOVERFLOW; /* STATUS_MUTANT_LIMIT_EXCEEDED */
                        sh->recursion = ++ow->count;
                        *abandoned = false;
                        return 1;
                }
                if (w & TID_MASK)
                        return 0;
                if (t->n_owned == OWNED_MAX)
                        return -ENOMEM;
                t->head->list_op_pending = entry;
                if (atomic_compare_exchange_strong(word, &w, (uint32_t) t->tid | (w & FUTEX_WAITERS)))
                        break;
                t->head->list_op_pending = NULL;
        }
        node_enqueue(t->head, entry);
        t->head->list_op_pending = NULL;
        t->owned[t->n_owned++] = (struct owned) { o->dev, o->ino, entry, 1 };
        sh->recursion = 1;
        sh->owner_pid = t->pid;
        *abandoned = (w & FUTEX_OWNER_DIED) != 0;
        return 1;
}

bool mutex_is_free(struct s0_object *o) {
        struct thread_cache *t;
        uint32_t w = atomic_load(obj_mutex_word(o->sh));
        if (!(w & TID_MASK))
                return true;
        return thread_get(&t) == 0 && (w & TID_MASK) == (uint32_t) t->tid;
}

static int release(struct s0_object *o, struct thread_cache *t) {
        struct s0_obj_shared *sh = o->sh;
        _Atomic uint32_t *word = obj_mutex_word(sh);
        struct owned *ow = owned_find(t, o);
        void *entry;
        uint32_t old;

        if (!ow)
                return -EPERM; /* the word says ours, our table does not: not ours */
        if (ow->count > 1) {
                sh->recursion = --ow->count;
                return 0;
        }
        entry = ow->entry;
        *ow = t->owned[--t->n_owned];
        sh->recursion = 0;
        sh->owner_pid = 0;
        /* unlinked before the word is released (as glibc does): another thread of ours
         * may take it at once through the same mapping and link the same entry.
         * list_op_pending covers the gap. The unlink may unmap the entry's pages (a
         * closed handle's), never the releasing handle's, whose word is used below. */
        t->head->list_op_pending = entry;
        node_dequeue(entry);
        old = atomic_exchange(word, 0);
        t->head->list_op_pending = NULL;
        if (old & FUTEX_WAITERS)
                (void) futex_wake(word, INT_MAX);
        return 0;
}

S0_EXPORT int s0_mutex_release(struct s0_object *o) {
        struct thread_cache *t;
        int r = obj_check(o, S0_OBJ_MUTEX, 0); /* any handle releases (SEMANTICS.md §3.2) */
        if (r < 0)
                return r;
        r = thread_get(&t);
        if (r < 0)
                return r;
        if ((atomic_load(obj_mutex_word(o->sh)) & TID_MASK) != (uint32_t) t->tid)
                return -EPERM; /* ERROR_NOT_OWNER */
        return release(o, t);
}

void mutex_undo(struct s0_object *o) {
        struct thread_cache *t;
        if (thread_get(&t) == 0 && (atomic_load(obj_mutex_word(o->sh)) & TID_MASK) == (uint32_t) t->tid)
                (void) release(o, t);
}
