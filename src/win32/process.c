/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The process-wide state of the Win32 layer: the handle table and the object context.
 * Windows gives every process this state implicitly; here it is one struct, made on
 * first use. It is never freed: as on Windows, handles live until the process exits.
 */
#include <errno.h>

#include "win32.h"

static struct s0_win32_process process;
static pthread_once_t process_once = PTHREAD_ONCE_INIT;

/* fork() copies the table, so a child keeps every handle (docs/WIN32.md, "Handle
 * inheritance"). Holding the locks across fork() keeps the child from inheriting one
 * that another thread held, which nobody would ever release. */
static void atfork_prepare(void) {
        (void) pthread_mutex_lock(&process.objctx_lock);
        (void) pthread_mutex_lock(&process.handles.lock);
}

static void atfork_release(void) {
        (void) pthread_mutex_unlock(&process.handles.lock);
        (void) pthread_mutex_unlock(&process.objctx_lock);
}

/* A forked child would share every object handle's open file description, and so the
 * flock that keeps the object alive, with its parent: a close in one would end an
 * object the other still holds. Each handle gets a description of its own for the child
 * before the fork (s0_obj_fork_prepare; docs/OBJECTS.md, "Lifetime"). */
static void for_each_object(void (*f)(struct s0_object *o)) {
        struct s0_win32_handle_table *t = &process.handles;
        for (uint32_t i = 0; i < t->used; i++) {
                struct s0_win32_ref *ref = t->slots[i].ref;
                if (ref && ref->ops == &s0_win32_object_ops)
                        f(ref->p);
        }
}
static void fork_prepare_one(struct s0_object *o) { (void) s0_obj_fork_prepare(o); }

static void atfork_prepare_objects(void) {
        atfork_prepare();
        for_each_object(fork_prepare_one);
}
static void atfork_parent(void) {
        for_each_object(s0_obj_fork_parent);
        atfork_release();
}
static void atfork_child(void) {
        for_each_object(s0_obj_fork_child);
        atfork_release();
}

static void process_init(void) {
        s0_win32_handles_init(&process.handles, S0_WIN32_HANDLES_MAX);
        (void) pthread_mutex_init(&process.objctx_lock, NULL);
        /* Fails only with ENOMEM; the locks are then merely not fork-safe. */
        (void) pthread_atfork(atfork_prepare_objects, atfork_parent, atfork_child);
}

struct s0_win32_process *s0_win32_process(void) {
        (void) pthread_once(&process_once, process_init);
        return &process;
}

uint32_t s0_win32_objctx_error(int r) {
        switch (r) {
        case -ENOMEM:
                return ERROR_NOT_ENOUGH_MEMORY;
        case -EMFILE:
        case -ENFILE:
                return ERROR_TOO_MANY_OPEN_FILES;
        default:
                /* -ESRCH (the process is in no session), or no session0d runtime
                 * directory: there is no object manager to talk to. Windows has no such
                 * state; ERROR_NOT_SUPPORTED says "not here" without suggesting that a
                 * name or a right was wrong. */
                return ERROR_NOT_SUPPORTED;
        }
}

uint32_t s0_win32_objctx(struct s0_objctx **ret) {
        struct s0_win32_process *p = s0_win32_process();
        uint32_t e = ERROR_SUCCESS;
        int r;

        (void) pthread_mutex_lock(&p->objctx_lock);
        if (!p->objctx) {
                /* Not cached on failure: a session0d started later, or a process moved
                 * into a session, makes the next call work. */
                r = s0_objctx_new(NULL, &p->objctx);
                if (r < 0)
                        e = s0_win32_objctx_error(r);
        }
        if (e == ERROR_SUCCESS)
                *ret = p->objctx;
        (void) pthread_mutex_unlock(&p->objctx_lock);
        return e;
}
