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
 * put our nodes on it, laid out and linked exactly as glibc links pthread_mutex_t nodes
 * (struct s0_robust_node), with list_op_pending covering the instant between taking
 * the word and linking the node. Only the owner thread touches its list, so no lock is
 * needed. Recursion (a Windows mutex is recursive) is counted in the page by the owner.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
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
struct thread_cache {
        pid_t tid;
        pid_t pid;
        struct robust_head *head;
};
static _Thread_local struct thread_cache tcache;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void atfork_child(void) { tcache = (struct thread_cache) { 0 }; }
static void register_atfork(void) { (void) pthread_atfork(NULL, NULL, atfork_child); }

static void self_ids(void) {
        if (!tcache.pid) {
                (void) pthread_once(&atfork_once, register_atfork);
                tcache.tid = (pid_t) syscall(SYS_gettid);
                tcache.pid = getpid();
        }
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

_Static_assert(__builtin_offsetof(struct s0_robust_node, next) - __builtin_offsetof(struct s0_robust_node, word) == 32,
               "robust node layout");

/* glibc's ENQUEUE_MUTEX_BOTH / DEQUEUE_MUTEX: entries point at a node's next field; a
 * node's prev field is the pointer before it (the head's is glibc's robust_prev). */
static void **prev_slot(void *entry) { return (void **) ((char *) entry - sizeof(void *)); }

static void node_enqueue(struct robust_head *head, struct s0_robust_node *n) {
        void *entry = &n->next, *first = (void *) ((uintptr_t) head->next & ~(uintptr_t) 1);
        *prev_slot(first) = entry;
        n->next = head->next;
        n->prev = &head->next;
        head->next = entry;
}

static void node_dequeue(void *entry) {
        struct s0_robust_node *n = (struct s0_robust_node *) ((char *) entry - __builtin_offsetof(struct s0_robust_node, next));
        void *next = (void *) ((uintptr_t) n->next & ~(uintptr_t) 1);
        void *prev = (void *) ((uintptr_t) n->prev & ~(uintptr_t) 1);
        *prev_slot(next) = n->prev;
        *(void **) prev = n->next;
        n->next = n->prev = NULL;
}

/* 1: acquired (or acquired again by its owner), 0: owned by another thread. */
int mutex_try_acquire(struct s0_object *o, bool *abandoned) {
        struct s0_obj_shared *sh = o->sh;
        struct thread_cache *t;
        uint32_t w;
        int r = thread_get(&t);
        if (r < 0)
                return r;
        w = atomic_load(&sh->node.word);
        for (;;) {
                if ((w & TID_MASK) == (uint32_t) t->tid) {
                        if (sh->recursion == INT32_MAX)
                                return -EOVERFLOW; /* STATUS_MUTANT_LIMIT_EXCEEDED */
                        sh->recursion++;
                        *abandoned = false;
                        return 1;
                }
                if (w & TID_MASK)
                        return 0;
                t->head->list_op_pending = &sh->node.next;
                if (atomic_compare_exchange_strong(&sh->node.word, &w, (uint32_t) t->tid | (w & FUTEX_WAITERS)))
                        break;
                t->head->list_op_pending = NULL;
        }
        node_enqueue(t->head, &sh->node);
        t->head->list_op_pending = NULL;
        sh->recursion = 1;
        sh->owner_pid = t->pid;
        sh->owner_entry = &sh->node.next;
        *abandoned = (w & FUTEX_OWNER_DIED) != 0;
        return 1;
}

bool mutex_is_free(struct s0_object *o) {
        struct thread_cache *t;
        uint32_t w = atomic_load(&o->sh->node.word);
        if (!(w & TID_MASK))
                return true;
        return thread_get(&t) == 0 && (w & TID_MASK) == (uint32_t) t->tid;
}

static int release(struct s0_obj_shared *sh, struct thread_cache *t) {
        uint32_t old;
        if (sh->recursion > 1) {
                sh->recursion--;
                return 0;
        }
        sh->recursion = 0;
        sh->owner_pid = 0;
        t->head->list_op_pending = sh->owner_entry;
        node_dequeue(sh->owner_entry);
        sh->owner_entry = NULL;
        old = atomic_exchange(&sh->node.word, 0);
        t->head->list_op_pending = NULL;
        if (old & FUTEX_WAITERS)
                (void) futex_wake(&sh->node.word, INT_MAX);
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
        if ((atomic_load(&o->sh->node.word) & TID_MASK) != (uint32_t) t->tid)
                return -EPERM; /* ERROR_NOT_OWNER */
        return release(o->sh, t);
}

void mutex_undo(struct s0_object *o) {
        struct thread_cache *t;
        if (thread_get(&t) == 0 && (atomic_load(&o->sh->node.word) & TID_MASK) == (uint32_t) t->tid)
                (void) release(o->sh, t);
}
