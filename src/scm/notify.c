/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Session-change notifications (SERVICE_CONTROL_SESSIONCHANGE). session0d records
 * every logon, logoff, connect, disconnect, lock and unlock as an S0_EVENT_SESSION_CHANGE
 * event in its journal, in the order they happen; s0-scm (root, so it reads them all)
 * follows the journal and hands each change to every running service that accepts
 * SERVICE_ACCEPT_SESSIONCHANGE, through the same one-control-at-a-time channel as any
 * other control. A service's changes wait in a bounded queue, in order, and each is
 * delivered once: after its handler returned (or timed out) the next one goes.
 *
 * If session0d restarts, the subscription is taken up again from the sequence number
 * after the last event seen (the numbers survive the daemon's restart), so nothing is
 * lost or told twice while it is down, as far as the daemon's ring reaches.
 */
#include <session0/session0.h>

#include "scm.h"
#include "shared/log.h"

enum { ST_RUNNING = 4, ST_PAUSED = 7 };
enum { CTL_SESSIONCHANGE = 0x0E, ACCEPT_SESSIONCHANGE = 0x80 };

/* The subscription itself is shared with the session hosts (shared/changefollow.c);
 * here is only what s0-scm does with it: log, and queue each change for the services. */
static void warn_once(struct scm *s, int r) {
        if (s->changes_warned)
                return;
        s->changes_warned = true;
        log_warning_errno(r, "Cannot follow session0d's session changes (%s/control); retrying every %u ms",
                          s->runtime_dir, SCM_EVENTS_RETRY_MS);
}

void scm_notify_start(struct scm *s) {
        int r;

        s->events_w = (struct watch) { W_EVENTS, NULL };
        s->changes = (struct change_follower) {
                .runtime_dir = s->runtime_dir,
                .retry_ms = SCM_EVENTS_RETRY_MS,
                .epoll_fd = s->epoll_fd,
                .epoll_data = &s->events_w,
        };
        r = change_follower_start(&s->changes);
        if (r < 0)
                warn_once(s, r);
}

void scm_notify_stop(struct scm *s) { change_follower_stop(&s->changes); }

int scm_notify_timer(struct scm *s) {
        bool resumed;
        int t = change_follower_timer(&s->changes, &resumed);

        if (resumed) {
                s->changes_warned = false;
                log_info("Following session0d's session changes again from event %llu",
                         (unsigned long long) s->changes.next_seq);
        }
        return t;
}

static bool wants(const struct svc *v) {
        return v->ctl && (v->st.current_state == ST_RUNNING || v->st.current_state == ST_PAUSED) &&
               (v->st.controls_accepted & ACCEPT_SESSIONCHANGE);
}

void scm_notify_pump(struct scm *s, struct svc *v) {
        struct s0_scm_msg_svc_control m = { .control = CTL_SESSIONCHANGE };
        struct notify *n;

        if (!v->notify_len || v->ctl_busy || !v->ctl)
                return;
        if (s->shutting_down) { /* a service going down is not told about sessions */
                v->notify_len = 0;
                return;
        }
        if (!wants(v)) { /* stopped accepting, or stopping: what is queued is dropped */
                v->notify_len = 0;
                return;
        }
        n = &v->notify_q[v->notify_head];
        m.event_type = n->code;
        m.session_id = n->session;
        if (send_msg(v->ctl, &m, S0_SCM_MSG_SVC_CONTROL, sizeof m, 0) < 0) {
                log_warning("Service '%s': cannot deliver a session change; its dispatcher is gone", v->name);
                return;
        }
        v->notify_head = (v->notify_head + 1) % SCM_NOTIFY_QUEUE_MAX;
        v->notify_len--;
        v->ctl_busy = true;
        v->ctl_waiter = (struct waiter) { 0 };
        v->ctl_deadline = now_ms() + SCM_CONTROL_TIMEOUT_MS;
        s->notifications++;
}

static void enqueue(struct svc *v, uint32_t code, uint32_t session) {
        if (v->notify_len == SCM_NOTIFY_QUEUE_MAX) {
                /* A handler that does not keep up loses the oldest, never blocks us. */
                v->notify_head = (v->notify_head + 1) % SCM_NOTIFY_QUEUE_MAX;
                v->notify_len--;
                if (v->notify_dropped++ % 100 == 0)
                        log_warning("Service '%s' does not keep up with session changes: dropped %u", v->name,
                                    v->notify_dropped);
        }
        v->notify_q[(v->notify_head + v->notify_len) % SCM_NOTIFY_QUEUE_MAX] = (struct notify) { code, session };
        v->notify_len++;
}

static void on_change(void *userdata, uint32_t code, uint32_t session, uint64_t seq) {
        struct scm *s = userdata;

        log_debug("Session change %s of session %u (event %llu)", s0_session_change_name(code), session,
                  (unsigned long long) seq);
        for (size_t k = 0; k < s->n_svcs; k++) {
                struct svc *v = s->svcs[k];
                log_debug("  service %s: ctl %p state %u accepts %#x busy %d", v->name, (void *) v->ctl,
                          v->st.current_state, v->st.controls_accepted, v->ctl_busy);
                if (!wants(v))
                        continue;
                enqueue(v, code, session);
                scm_notify_pump(s, v);
        }
}

void scm_notify_event(struct scm *s) {
        uint64_t before = s->changes.next_seq;
        int r = change_follower_read(&s->changes, on_change, s);

        if (r < 0) {
                warn_once(s, r);
                return;
        }
        if (s->changes.gap)
                log_warning("Some session changes were lost after event %llu (s0-scm was too slow or away too long)",
                            (unsigned long long) before);
}
