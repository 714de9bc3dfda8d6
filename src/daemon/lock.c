/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Locking a session (LockWorkStation, loginctl lock-session): a state of the session,
 * reported by WTS queries and as WTS_SESSION_LOCK / WTS_SESSION_UNLOCK to whoever follows
 * session changes. session0 does not draw a lock screen: the terminal agent or a display
 * manager that locks the screen tells the daemon, which is what services hear.
 */
#include <errno.h>
#include <sys/xattr.h>
#include <time.h>

#include "sessionchange.h"
#include "cgroup.h"
#include "shared/log.h"

#define XATTR_LOCKED "trusted.session0.locked"
#define LOCK_CHANGES_PER_SECOND 10u /* a user toggling faster is refused: the journal is shared */

void lock_adopt(struct s0_session *s) {
        uint64_t v;

        s->locked = s->id != 0 && cg_get_xattr_u64(s->dir_fd, XATTR_LOCKED, &v) == 0 && v == 1;
}

static bool rate_ok(struct s0_session *s) {
        struct timespec ts;

        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        if (ts.tv_sec != s->lock_rate_second) {
                s->lock_rate_second = ts.tv_sec;
                s->lock_rate_count = 0;
        }
        return ++s->lock_rate_count <= LOCK_CHANGES_PER_SECOND;
}

void handle_lock(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_session *req) {
        uint32_t cookie = req->hdr.cookie;
        struct s0_session *s = session_get(d, req->session_id);
        bool lock = !(req->flags & S0_LOCK_UNLOCK);
        int r = 0;

        if (!s) {
                (void) conn_reply_error(d, c, cookie, -ENOENT, "no session %u", req->session_id);
                return;
        }
        if (s->id == 0) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session 0 cannot be locked");
                return;
        }
        if (c->uid != 0 && c->uid != s->uid) {
                (void) conn_reply_error(d, c, cookie, -EPERM, "session %u belongs to another user", s->id);
                return;
        }
        if (s->logging_off) {
                (void) conn_reply_error(d, c, cookie, -ESHUTDOWN, "session %u is logging off", s->id);
                return;
        }
        if (s->locked == lock) { /* nothing changes, nobody is told */
                (void) conn_reply_ok(d, c, cookie);
                return;
        }
        if (c->uid != 0 && !rate_ok(s)) {
                (void) conn_reply_error(d, c, cookie, -EBUSY, "session %u: more than %u lock changes a second",
                                        s->id, LOCK_CHANGES_PER_SECOND);
                return;
        }
        if (lock)
                r = cg_set_xattr_u64(s->dir_fd, XATTR_LOCKED, 1);
        else if (fremovexattr(s->dir_fd, XATTR_LOCKED) < 0 && errno != ENODATA)
                r = -errno;
        if (r < 0)
                log_warning_errno(r, "Session %u: cannot record the lock state; a restarted daemon will not know it",
                                  s->id);
        s->locked = lock;
        log_info("Session %u %s by uid %u", s->id, lock ? "locked" : "unlocked", (unsigned) c->uid);
        session_change(d, s, lock ? S0_WTS_SESSION_LOCK : S0_WTS_SESSION_UNLOCK);
        (void) conn_reply_ok(d, c, cookie);
}
