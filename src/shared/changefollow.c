/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Following session0d's session changes: see changefollow.h. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>

#include <session0/session0.h>

#include "changefollow.h"

static uint64_t mono_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

static void unsubscribe(struct change_follower *f) {
        if (!f->client)
                return;
        /* the fd is about to close, which would drop it from the set anyway; say so first
         * so that no event for it is still reported with our data pointer */
        (void) epoll_ctl(f->epoll_fd, EPOLL_CTL_DEL, s0_client_fd(f->client), NULL);
        s0_client_close(f->client);
        f->client = NULL;
}

static int subscribe(struct change_follower *f) {
        struct s0_event_filter filter = { .session = S0_SESSION_NONE, .kind = S0_EVENT_SESSION_CHANGE };
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = f->epoll_data };
        int r;

        r = s0_client_open(f->runtime_dir, &f->client);
        if (r < 0)
                return r;
        r = s0_events_follow(f->client, &filter, f->next_seq);
        if (r == 0 && epoll_ctl(f->epoll_fd, EPOLL_CTL_ADD, s0_client_fd(f->client), &ev) < 0)
                r = -errno;
        if (r < 0) {
                unsubscribe(f);
                return r;
        }
        f->retry_at_ms = 0;
        return 0;
}

static void retry_later(struct change_follower *f) {
        unsubscribe(f);
        f->retry_at_ms = mono_ms() + f->retry_ms;
}

int change_follower_start(struct change_follower *f) {
        int r;

        if (f->client)
                return 0;
        r = subscribe(f);
        if (r < 0)
                retry_later(f);
        return r;
}

void change_follower_stop(struct change_follower *f) {
        unsubscribe(f);
        f->retry_at_ms = 0;
        f->next_seq = 0;
}

int change_follower_read(struct change_follower *f, change_fn fn, void *userdata) {
        struct s0_event *list = NULL;
        size_t n = 0;
        uint32_t flags = 0;
        int r;

        if (!f->client)
                return 0; /* an event reported before we closed it */
        r = s0_events_next(f->client, &list, &n, &flags);
        if (r < 0) {
                retry_later(f);
                return r;
        }
        f->gap = flags & S0_EVENTS_GAP;
        for (size_t i = 0; i < n; i++) {
                uint32_t code;

                /* advance first: a callback that stops us must not see the event again */
                f->next_seq = list[i].seq + 1;
                if (s0_event_session_change(&list[i], &code) < 0)
                        continue; /* a client's report of that kind: not a change */
                fn(userdata, code, list[i].target_session, list[i].seq);
        }
        free(list);
        return 0;
}

int change_follower_timer(struct change_follower *f, bool *ret_resumed) {
        uint64_t now = mono_ms();

        *ret_resumed = false;
        if (!f->retry_at_ms)
                return -1;
        if (f->retry_at_ms > now)
                return (int) (f->retry_at_ms - now);
        if (subscribe(f) == 0) {
                *ret_resumed = true;
                return -1;
        }
        f->retry_at_ms = now + f->retry_ms;
        return (int) f->retry_ms;
}
