/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The session host's queue, HWND table and request parser, without a host. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <session0/host-protocol.h>

#include "queue.h"
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
        m->type = 20;
        assert_int_equal(s0h_msg_validate(m, sizeof *m), -EBADMSG);
        m->type = 0;
        assert_int_equal(s0h_msg_validate(m, sizeof *m), -EBADMSG);
        (void) state;
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(queue_holds_exactly_the_limit),
                cmocka_unit_test(queue_filters_keep_the_order_of_the_rest),
                cmocka_unit_test(destroyed_hwnd_stays_invalid_after_slot_reuse),
                cmocka_unit_test(hwnd_table_is_bounded),
                cmocka_unit_test(malformed_host_messages_are_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
