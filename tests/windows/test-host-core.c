/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The session host's queue, HWND table and request parser, without a host. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <session0/host-protocol.h>

#include "desktop.h"
#include "hooktable.h"
#include "shared/doorbell.h"
#include "shared/msg-queue.h"
#include "window.h"

static void queue_holds_exactly_the_limit(void **state) {
        struct msg_queue q = { 0 };
        struct queued_msg m = { .hwnd = 1, .msg = 0x400 }, out;
        for (uint32_t i = 0; i < S0H_QUEUE_MAX; i++) {
                m.wparam = i;
                assert_int_equal(queue_push(&q, S0H_QUEUE_MAX, &m), 0);
        }
        assert_int_equal(queue_push(&q, S0H_QUEUE_MAX, &m), -ENOSPC);
        for (uint32_t i = 0; i < S0H_QUEUE_MAX; i++) {
                assert_true(queue_take(&q, 0, 0, 0, true, &out));
                assert_int_equal(out.wparam, i);
        }
        assert_false(queue_take(&q, 0, 0, 0, true, &out));
        queue_free(&q);
        (void) state;
}

/* The fast path's quota: one count per thread for the host's queue and the channels,
 * exact at the limit, never below zero whatever a peer wrote. */
static void doorbell_quota_is_exact_and_saturates(void **state) {
        struct s0h_doorbell db = { 0 };
        for (uint32_t i = 0; i < S0H_QUEUE_MAX; i++)
                assert_true(s0h_doorbell_posted_add(&db));
        assert_false(s0h_doorbell_posted_add(&db));
        assert_int_equal(atomic_load(&db.posted), S0H_QUEUE_MAX);
        s0h_doorbell_posted_sub(&db, 3);
        assert_int_equal(atomic_load(&db.posted), S0H_QUEUE_MAX - 3);
        s0h_doorbell_posted_sub(&db, UINT32_MAX);
        assert_int_equal(atomic_load(&db.posted), 0);
        s0h_doorbell_posted_sub(&db, 1);
        assert_int_equal(atomic_load(&db.posted), 0);
        atomic_store(&db.posted, UINT32_MAX); /* scribbled on by a peer: full, not wrapped */
        assert_false(s0h_doorbell_posted_add(&db));
        (void) state;
}

static void *sleeper(void *p) {
        struct s0h_doorbell *db = p;
        /* no timeout: if the ring below were lost, the test would hang (and fail by timeout) */
        while (atomic_load(&db->seq) == 0)
                s0h_doorbell_wait(db, 0, UINT32_MAX);
        return NULL;
}

static void doorbell_wakes_a_futex_sleeper_and_a_poller(void **state) {
        struct s0h_doorbell db = { 0 };
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, sleeper, &db), 0);
        s0h_doorbell_ring(&db, -1);
        assert_int_equal(pthread_join(t, NULL), 0);
        assert_int_equal(atomic_load(&db.waiting), S0H_WAIT_NONE);
        /* a thread in poll() is woken through its eventfd */
        int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        uint64_t v = 0;
        assert_true(efd >= 0);
        atomic_store(&db.waiting, S0H_WAIT_POLL);
        s0h_doorbell_ring(&db, efd);
        assert_int_equal(read(efd, &v, sizeof v), (ssize_t) sizeof v);
        assert_int_equal(v, 1);
        assert_int_equal(atomic_load(&db.seq), 2);
        /* the ringer took the wait: a second ring makes no write */
        assert_int_equal(atomic_load(&db.waiting), S0H_WAIT_NONE);
        /* a running thread is not woken at all, only told by seq */
        atomic_store(&db.waiting, S0H_WAIT_NONE);
        s0h_doorbell_ring(&db, efd);
        assert_int_equal(read(efd, &v, sizeof v), -1);
        assert_int_equal(atomic_load(&db.seq), 3);
        close(efd);
        (void) state;
}

static void queue_filters_keep_the_order_of_the_rest(void **state) {
        struct msg_queue q = { 0 };
        struct queued_msg out;
        for (uint32_t i = 0; i < 40; i++) {
                struct queued_msg m = { .hwnd = i % 2 ? 2 : 1, .msg = 0x400 + i, .wparam = i };
                assert_int_equal(queue_push(&q, 100, &m), 0);
        }
        assert_true(queue_take(&q, 2, 0, 0, false, &out));
        assert_int_equal(out.wparam, 1);
        assert_true(queue_take(&q, 0, 0x410, 0x412, true, &out));
        assert_int_equal(out.wparam, 16);
        queue_drop_hwnd(&q, 2);
        for (uint32_t i = 0; i < 40; i += 2) {
                if (i == 16)
                        continue;
                assert_true(queue_take(&q, 0, 0, 0, true, &out));
                assert_int_equal(out.wparam, i);
        }
        assert_false(queue_take(&q, 0, 0, 0, true, &out));
        queue_free(&q);
        (void) state;
}

static void destroyed_hwnd_stays_invalid_after_slot_reuse(void **state) {
        struct window_table *t = calloc(1, sizeof *t);
        struct window w = { .owner = 1 };
        uint64_t a, b;
        assert_non_null(t);
        assert_int_equal(window_add(t, &w, &a), 0);
        assert_non_null(window_get(t, a));
        window_remove(t, a);
        assert_null(window_get(t, a));
        assert_int_equal(window_add(t, &w, &b), 0);
        assert_int_not_equal(a, b);
        assert_int_equal(a & 0xffff, b & 0xffff); /* same slot, new generation */
        assert_null(window_get(t, a));
        assert_null(window_get(t, 0));
        assert_null(window_get(t, 0xffff));
        assert_null(window_get(t, (uint64_t) -3));
        free(t);
        (void) state;
}

static void hwnd_table_is_bounded(void **state) {
        struct window_table *t = calloc(1, sizeof *t);
        struct window w = { .owner = 1 };
        uint64_t h;
        assert_non_null(t);
        for (uint32_t i = 0; i < WINDOWS_MAX; i++)
                assert_int_equal(window_add(t, &w, &h), 0);
        assert_int_equal(window_add(t, &w, &h), -ENOSPC);
        free(t);
        (void) state;
}

static void malformed_host_messages_are_refused(void **state) {
        uint8_t buf[S0H_MSG_SIZE_MAX + 8] = { 0 };
        struct s0h_msg *m = (struct s0h_msg *) buf;
        m->type = S0H_SEND;
        assert_int_equal(s0h_msg_validate(m, sizeof *m), 0);
        assert_int_equal(s0h_msg_validate(m, sizeof *m - 1), -EBADMSG);
        m->data_len = 10;
        assert_int_equal(s0h_msg_validate(m, sizeof *m), -EBADMSG);
        assert_int_equal(s0h_msg_validate(m, sizeof *m + 10), 0);
        m->data_len = S0H_DATA_MAX + 1;
        assert_int_equal(s0h_msg_validate(m, sizeof *m + S0H_DATA_MAX + 1), -EBADMSG);
        m->data_len = 0;
        memset(m->cls, 'x', sizeof m->cls);
        assert_int_equal(s0h_msg_validate(m, sizeof *m), -EBADMSG);
        m->cls[0] = 0;
        m->type = _S0H_REQUEST_MAX; /* the first number past the requests */
        assert_int_equal(s0h_msg_validate(m, sizeof *m), -EBADMSG);
        m->type = 0;
        assert_int_equal(s0h_msg_validate(m, sizeof *m), -EBADMSG);
        (void) state;
}

static struct hook hook_of(pid_t pid, int32_t type, uint32_t target, uint32_t owner_tid) {
        return (struct hook){ .owner = (uint64_t) pid, .pid = pid, .type = type, .target = target,
                              .owner_tid = owner_tid };
}

static void hooks_are_bounded_per_process_and_per_desktop(void **state) {
        static struct hook_table t;
        struct hook k;
        memset(&t, 0, sizeof t);
        for (unsigned i = 0; i < S0H_HOOKS_PROCESS_MAX; i++) {
                k = hook_of(100, HOOK_WH_GETMESSAGE, 0, i);
                assert_int_equal(hook_add(&t, &k), 0);
        }
        k = hook_of(100, HOOK_WH_GETMESSAGE, 0, 0);
        assert_int_equal(hook_add(&t, &k), -EDQUOT);
        /* other processes fill the desktop */
        for (unsigned i = S0H_HOOKS_PROCESS_MAX; i < S0H_HOOKS_DESKTOP_MAX; i++) {
                k = hook_of((pid_t) (200 + i / S0H_HOOKS_PROCESS_MAX), HOOK_WH_GETMESSAGE, 0, i);
                assert_int_equal(hook_add(&t, &k), 0);
        }
        k = hook_of(999, HOOK_WH_GETMESSAGE, 0, 0);
        assert_int_equal(hook_add(&t, &k), -ENOSPC);
        (void) state;
}

static void removed_hook_handle_stays_invalid_after_slot_reuse(void **state) {
        static struct hook_table t;
        memset(&t, 0, sizeof t);
        struct hook a = hook_of(1, HOOK_WH_CALLWNDPROC, 0, 0), b = hook_of(1, HOOK_WH_CALLWNDPROC, 0, 0);
        assert_int_equal(hook_add(&t, &a), 0);
        uint64_t old = a.handle;
        assert_non_null(hook_get(&t, old));
        hook_remove(&t, hook_get(&t, old));
        assert_null(hook_get(&t, old));
        assert_int_equal(hook_add(&t, &b), 0); /* the same slot */
        assert_int_equal(b.handle & 0xfff, old & 0xfff);
        assert_null(hook_get(&t, old));
        assert_non_null(hook_get(&t, b.handle));
        assert_null(hook_get(&t, 0));
        (void) state;
}

static void hook_chain_is_thread_hooks_then_desktop_newest_first_without_own_process(void **state) {
        static struct hook_table t;
        memset(&t, 0, sizeof t);
        struct hook g1 = hook_of(10, HOOK_WH_GETMESSAGE, 0, 0), th1 = hook_of(11, HOOK_WH_GETMESSAGE, 77, 0),
                    g2 = hook_of(12, HOOK_WH_GETMESSAGE, 0, 0), th2 = hook_of(13, HOOK_WH_GETMESSAGE, 77, 0),
                    other = hook_of(14, HOOK_WH_GETMESSAGE, 78, 0), cwp = hook_of(15, HOOK_WH_CALLWNDPROC, 0, 0),
                    own = hook_of(50, HOOK_WH_GETMESSAGE, 0, 0);
        struct hook *all[] = { &g1, &th1, &g2, &th2, &other, &cwp, &own };
        for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
                assert_int_equal(hook_add(&t, all[i]), 0);
        /* thread 77 of process 50 */
        struct hook *k = hook_next(&t, HOOK_WH_GETMESSAGE, 77, 50, NULL);
        assert_non_null(k);
        assert_int_equal(k->handle, th2.handle);
        k = hook_next(&t, HOOK_WH_GETMESSAGE, 77, 50, k);
        assert_int_equal(k->handle, th1.handle);
        k = hook_next(&t, HOOK_WH_GETMESSAGE, 77, 50, k);
        assert_int_equal(k->handle, g2.handle);
        k = hook_next(&t, HOOK_WH_GETMESSAGE, 77, 50, k);
        assert_int_equal(k->handle, g1.handle);
        assert_null(hook_next(&t, HOOK_WH_GETMESSAGE, 77, 50, k)); /* process 50's own hook is left out */
        (void) state;
}

static struct desktop_table desks; /* large: not on the stack */

static void desktop_names_are_checked_like_windows(void **state) {
        assert_int_equal(desktop_name_error(""), 6);            /* ERROR_INVALID_HANDLE */
        assert_int_equal(desktop_name_error("a\\b"), 161);      /* ERROR_BAD_PATHNAME */
        char longname[S0H_DESKTOP_NAME_MAX + 1];
        memset(longname, 'x', S0H_DESKTOP_NAME_MAX);
        longname[S0H_DESKTOP_NAME_MAX] = 0;
        assert_int_equal(desktop_name_error(longname), 206);    /* ERROR_FILENAME_EXCED_RANGE */
        longname[S0H_DESKTOP_NAME_MAX - 1] = 0;
        assert_int_equal(desktop_name_error(longname), 0);
        (void) state;
}

static void desktops_are_found_per_station_case_insensitively(void **state) {
        uint32_t a, b;
        desktop_table_init(&desks);
        assert_int_equal(desktop_find(&desks, "WinSta0", "default"), DESKTOP_DEFAULT);
        assert_int_equal(desktop_find(&desks, "Service-0x0-3e7$", "Default"), DESKTOP_DEFAULT);
        assert_int_equal(desktop_find(&desks, "WinSta0", "WINLOGON"), DESKTOP_WINLOGON);
        assert_int_equal(desktop_find(&desks, "Service-0x0-3e7$", "Winlogon"), 0);
        assert_int_equal(desktop_create(&desks, "WinSta0", "Second", &a), 0);
        assert_int_equal(desktop_create(&desks, "Service-0x0-3e7$", "Second", &b), 0);
        assert_int_not_equal(a, b);
        assert_int_equal(desktop_find(&desks, "winsta0", "SECOND"), a);
        assert_int_equal(desktop_find(&desks, "Service-0x0-3e7$", "second"), b);
        (void) state;
}

static void created_desktops_are_bounded_per_station(void **state) {
        uint32_t slot;
        char name[16];
        desktop_table_init(&desks);
        for (unsigned i = 0; i < S0H_DESKTOPS_STATION_MAX; i++) {
                snprintf(name, sizeof name, "d%u", i);
                assert_int_equal(desktop_create(&desks, "WinSta0", name, &slot), 0);
        }
        assert_int_equal(desktop_create(&desks, "WinSta0", "onemore", &slot), -EDQUOT);
        assert_int_equal(desktop_create(&desks, "Service-0x0-3e5$", "other", &slot), 0); /* another station's count */
        (void) state;
}

static void desktop_lives_while_a_handle_thread_window_or_input_uses_it(void **state) {
        uint32_t d;
        desktop_table_init(&desks);
        assert_int_equal(desktop_create(&desks, "WinSta0", "B", &d), 0);
        uint64_t id = desktop_id(&desks, d);
        assert_int_equal(desktop_slot(&desks, id), d);
        assert_int_equal(desktop_hold(&desks, 100, d), 0);
        assert_int_equal(desktop_hold(&desks, 100, d), 0);
        assert_int_equal(desktop_hold(&desks, 200, d), 0);
        assert_true(desktop_held_by(&desks, 200, d));
        assert_false(desktop_held_by(&desks, 300, d));
        assert_int_equal(desktop_release(&desks, 300, d), -ENOENT);
        assert_int_equal(desktop_release(&desks, 100, d), 0);
        desktop_release_all(&desks, 200);
        assert_false(desktop_gc(&desks, d)); /* process 100 still has one */
        desks.slots[d].windows = 1;
        assert_int_equal(desktop_release(&desks, 100, d), 0);
        assert_false(desktop_gc(&desks, d)); /* a window */
        desks.slots[d].windows = 0;
        desks.slots[d].threads = 1;
        assert_false(desktop_gc(&desks, d)); /* a thread */
        desks.slots[d].threads = 0;
        desks.input = d;
        assert_false(desktop_gc(&desks, d)); /* the input desktop */
        desks.input = DESKTOP_DEFAULT;
        assert_true(desktop_gc(&desks, d));
        assert_int_equal(desktop_find(&desks, "WinSta0", "B"), 0);
        assert_int_equal(desktop_slot(&desks, id), 0);
        uint32_t again;
        assert_int_equal(desktop_create(&desks, "WinSta0", "B", &again), 0);
        assert_int_equal(again, d);
        assert_int_equal(desktop_slot(&desks, id), 0); /* a stale id names nothing, even in the reused slot */
        assert_false(desktop_gc(&desks, DESKTOP_DEFAULT)); /* built-in: never freed */
        (void) state;
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(queue_holds_exactly_the_limit),
                cmocka_unit_test(doorbell_quota_is_exact_and_saturates),
                cmocka_unit_test(doorbell_wakes_a_futex_sleeper_and_a_poller),
                cmocka_unit_test(queue_filters_keep_the_order_of_the_rest),
                cmocka_unit_test(destroyed_hwnd_stays_invalid_after_slot_reuse),
                cmocka_unit_test(hwnd_table_is_bounded),
                cmocka_unit_test(malformed_host_messages_are_refused),
                cmocka_unit_test(hooks_are_bounded_per_process_and_per_desktop),
                cmocka_unit_test(removed_hook_handle_stays_invalid_after_slot_reuse),
                cmocka_unit_test(hook_chain_is_thread_hooks_then_desktop_newest_first_without_own_process),
                cmocka_unit_test(desktop_names_are_checked_like_windows),
                cmocka_unit_test(desktops_are_found_per_station_case_insensitively),
                cmocka_unit_test(created_desktops_are_bounded_per_station),
                cmocka_unit_test(desktop_lives_while_a_handle_thread_window_or_input_uses_it),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
