/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The process handle table: HANDLE values to native objects and private namespaces.
 *
 * One lock guards the table and the entries' reference counts. It is held only to look
 * up, add or remove an entry, never across a native call, so a wait on one handle does
 * not stop another thread from closing or creating handles. The slot array grows by
 * doubling up to t->max entries; a slot's index, and so a handle's value, never moves.
 */
#include <errno.h>
#include <stdlib.h>

#include "win32.h"

/* The lowest two bits of a handle are tag bits Windows ignores. */
#define HANDLE_TAG_BITS UINT64_C(3)
#define HANDLE_STEP 4u

void s0_win32_handles_init(struct s0_win32_handle_table *t, uint32_t max) {
        *t = (struct s0_win32_handle_table) {
                .lock = PTHREAD_MUTEX_INITIALIZER,
                .max = max == 0 || max > S0_WIN32_HANDLES_MAX ? S0_WIN32_HANDLES_MAX : max,
        };
}

void s0_win32_handles_done(struct s0_win32_handle_table *t) {
        for (uint32_t i = 0; i < t->used; i++)
                if (t->slots[i].ref)
                        (void) s0_win32_handle_close(t, (HANDLE) (uintptr_t) ((i + 1) * HANDLE_STEP), NULL, 0);
        free(t->slots);
        t->slots = NULL;
        t->allocated = t->used = t->free_head = 0;
}

static HANDLE index_to_handle(uint32_t i) { return (HANDLE) (uintptr_t) ((uint64_t) (i + 1) * HANDLE_STEP); }

/* The slot index of h, or false if h cannot be a table handle at all. */
static bool handle_to_index(HANDLE h, uint32_t *ret) {
        uint64_t v = (uint64_t) (uintptr_t) h & ~HANDLE_TAG_BITS;

        if (v == 0 || v / HANDLE_STEP > S0_WIN32_HANDLES_MAX)
                return false;
        *ret = (uint32_t) (v / HANDLE_STEP - 1);
        return true;
}

/* Called with the lock held: a free slot index, growing the array if need be. */
static uint32_t take_slot(struct s0_win32_handle_table *t, uint32_t *ret) {
        struct s0_win32_slot *slots;
        uint32_t n;

        if (t->free_head != 0) {
                *ret = t->free_head - 1;
                t->free_head = t->slots[*ret].next_free;
                return ERROR_SUCCESS;
        }
        if (t->used >= t->max)
                return ERROR_NO_SYSTEM_RESOURCES;
        if (t->used == t->allocated) {
                n = t->allocated == 0 ? 64 : t->allocated * 2;
                if (n > t->max)
                        n = t->max;
                slots = realloc(t->slots, (size_t) n * sizeof *slots);
                if (!slots)
                        return ERROR_NOT_ENOUGH_MEMORY;
                t->slots = slots;
                t->allocated = n;
        }
        *ret = t->used++;
        return ERROR_SUCCESS;
}

uint32_t s0_win32_handle_insert(struct s0_win32_handle_table *t, const struct s0_win32_handle_ops *ops, void *p,
                                HANDLE *ret) {
        struct s0_win32_ref *ref;
        uint32_t e, i;

        ref = malloc(sizeof *ref);
        if (!ref)
                return ERROR_NOT_ENOUGH_MEMORY;
        *ref = (struct s0_win32_ref) { .ops = ops, .p = p, .refs = 1 };

        (void) pthread_mutex_lock(&t->lock);
        e = take_slot(t, &i);
        if (e == ERROR_SUCCESS)
                t->slots[i] = (struct s0_win32_slot) { .ref = ref };
        (void) pthread_mutex_unlock(&t->lock);
        if (e != ERROR_SUCCESS) {
                free(ref);
                return e;
        }
        *ret = index_to_handle(i);
        return ERROR_SUCCESS;
}

/* Called with the lock held. */
static struct s0_win32_ref *lookup(struct s0_win32_handle_table *t, HANDLE h, const struct s0_win32_handle_ops *ops,
                                   uint32_t *ret_index) {
        struct s0_win32_ref *ref;
        uint32_t i;

        if (!handle_to_index(h, &i) || i >= t->used)
                return NULL;
        ref = t->slots[i].ref;
        if (!ref || (ops && ref->ops != ops))
                return NULL;
        *ret_index = i;
        return ref;
}

uint32_t s0_win32_handle_get(struct s0_win32_handle_table *t, HANDLE h, const struct s0_win32_handle_ops *ops,
                             struct s0_win32_ref **ret) {
        struct s0_win32_ref *ref;
        uint32_t i;

        (void) pthread_mutex_lock(&t->lock);
        ref = lookup(t, h, ops, &i);
        if (ref)
                ref->refs++;
        (void) pthread_mutex_unlock(&t->lock);
        if (!ref)
                return ERROR_INVALID_HANDLE;
        *ret = ref;
        return ERROR_SUCCESS;
}

uint32_t s0_win32_ref_put(struct s0_win32_handle_table *t, struct s0_win32_ref *ref) {
        unsigned left;
        uint32_t e;

        if (!ref)
                return ERROR_SUCCESS;
        (void) pthread_mutex_lock(&t->lock);
        left = --ref->refs;
        (void) pthread_mutex_unlock(&t->lock);
        if (left > 0)
                return ERROR_SUCCESS;
        e = ref->ops->close(ref->p, ref->close_flags);
        free(ref);
        return e;
}

uint32_t s0_win32_handle_close(struct s0_win32_handle_table *t, HANDLE h, const struct s0_win32_handle_ops *ops,
                               uint32_t flags) {
        struct s0_win32_ref *ref;
        uint32_t i;

        (void) pthread_mutex_lock(&t->lock);
        ref = lookup(t, h, ops, &i);
        if (ref) {
                ref->close_flags = flags;
                t->slots[i] = (struct s0_win32_slot) { .next_free = t->free_head };
                t->free_head = i + 1;
        }
        (void) pthread_mutex_unlock(&t->lock);
        if (!ref)
                return ERROR_INVALID_HANDLE;
        return s0_win32_ref_put(t, ref);
}

uint32_t s0_win32_handle_count(struct s0_win32_handle_table *t) {
        uint32_t n = 0;

        (void) pthread_mutex_lock(&t->lock);
        for (uint32_t i = 0; i < t->used; i++)
                if (t->slots[i].ref)
                        n++;
        (void) pthread_mutex_unlock(&t->lock);
        return n;
}
