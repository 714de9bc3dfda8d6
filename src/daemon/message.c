/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WTSSendMessage: a sender (a service, or a user to their own session) has a message
 * box shown in a session by that session's s0-msgagent, and gets the answer.
 *
 * The daemon is single-threaded and never waits: a message is a record with a timerfd
 * in the epoll set. It ends in exactly one of three ways, each answering a waiting
 * sender once: the agent answers; the timer fires (IDTIMEOUT); the agent's connection
 * goes away (IDTIMEOUT). A session with no agent answers IDTIMEOUT at once: nobody can
 * see the message, and a sender must never hang on it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "audit.h"
#include "daemon.h"
#include "message.h"
#include "shared/cgroup-path.h"
#include "shared/log.h"
#include "shared/macro.h"

/* The Windows answer each button gives (IDOK 1 .. IDCONTINUE 11), per MB_ type. */
static const uint32_t buttons_of_type[S0_MB_TYPE_LAST + 1] = {
        [0] = 1u << 1,                            /* MB_OK: IDOK */
        [1] = 1u << 1 | 1u << 2,                  /* MB_OKCANCEL */
        [2] = 1u << 3 | 1u << 4 | 1u << 5,        /* MB_ABORTRETRYIGNORE */
        [3] = 1u << 6 | 1u << 7 | 1u << 2,        /* MB_YESNOCANCEL */
        [4] = 1u << 6 | 1u << 7,                  /* MB_YESNO */
        [5] = 1u << 4 | 1u << 2,                  /* MB_RETRYCANCEL */
        [6] = 1u << 2 | 1u << 10 | 1u << 11,      /* MB_CANCELTRYCONTINUE */
};

struct s0_agent {
        uint64_t conn_id;
        uint32_t session;
        int64_t logon_time; /* of the session it registered in: an id reused later is another session */
        uint64_t seq;       /* registration order: the most recent agent is asked first */
        struct s0_agent *next;
};

struct s0_message {
        struct s0_watch timer; /* first member: the epoll watch is the message */
        uint32_t id;
        uint32_t session;
        uint32_t style;
        uint64_t agent_conn;
        uint64_t sender_conn; /* 0: nobody waits (not waiting, or the sender left) */
        uint32_t cookie;
        struct s0_message *next;
};

/* Token bucket per sender uid, in thousandths of a message. */
struct s0_msg_rate {
        uid_t uid;
        int64_t milli;
        int64_t last_ns;
        struct s0_msg_rate *next;
};

struct s0_msgd {
        struct s0_agent *agents;
        struct s0_message *messages;
        struct s0_msg_rate *rates;
        uint64_t agent_seq;
        uint32_t next_id;
};

static struct s0_msgd *msgd(struct s0_daemon *d) {
        if (!d->msgd)
                d->msgd = calloc(1, sizeof *d->msgd);
        return d->msgd;
}

static int64_t now_ns(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the answer to the sender ---------------------------------------------------------- */

static void reply_answer(struct s0_daemon *d, uint64_t conn_id, uint32_t cookie, uint32_t id, uint32_t response) {
        struct s0_msg_message_answer rep = { .id = id, .response = response };
        struct s0_conn *c = conn_id ? conn_by_id(d, conn_id) : NULL;

        if (!c)
                return;
        msg_header_init(&rep.hdr, S0_MSG_MESSAGE_ANSWER, sizeof rep, cookie);
        (void) conn_send(d, c, &rep, sizeof rep, -1);
}

static void message_free(struct s0_daemon *d, struct s0_message *m) {
        struct s0_message **p;

        for (p = &d->msgd->messages; *p; p = &(*p)->next)
                if (*p == m) {
                        *p = m->next;
                        break;
                }
        daemon_watch_del(d, &m->timer);
        safe_close(m->timer.fd);
        free(m);
}

/* The one way a message ends: the sender (if one waits) gets response. */
static void message_finish(struct s0_daemon *d, struct s0_message *m, uint32_t response) {
        log_debug("Message %u to session %u: answer %u", m->id, m->session, response);
        reply_answer(d, m->sender_conn, m->cookie, m->id, response);
        message_free(d, m);
}

static void on_message_timeout(struct s0_daemon *d, struct s0_watch *w, uint32_t events) {
        struct s0_message *m = (struct s0_message *) w;
        message_finish(d, m, S0_ID_TIMEOUT);
        (void) events;
}

/* ---- agents ----------------------------------------------------------------------------- */

static void agent_remove(struct s0_msgd *md, struct s0_agent *a) {
        for (struct s0_agent **p = &md->agents; *p; p = &(*p)->next)
                if (*p == a) {
                        *p = a->next;
                        free(a);
                        return;
                }
}

/* The agents of session s that may still be asked, most recent first, into out[]
 * (registration keeps at most S0_MESSAGE_AGENTS_PER_SESSION per session id). */
static size_t session_agents(struct s0_daemon *d, const struct s0_session *s, struct s0_agent **out, size_t max) {
        size_t n = 0;

        for (struct s0_agent *a = d->msgd->agents; a && n < max; a = a->next)
                if (a->session == s->id && a->logon_time == s->logon_time && conn_by_id(d, a->conn_id))
                        out[n++] = a;
        for (size_t i = 1; i < n; i++) /* insertion sort, newest first; n <= 4 */
                for (size_t j = i; j > 0 && out[j - 1]->seq < out[j]->seq; j--) {
                        struct s0_agent *t = out[j];
                        out[j] = out[j - 1];
                        out[j - 1] = t;
                }
        return n;
}

/* The caller's session, from its cgroup -- checked, after reading it, to still be the
 * process that connected (its pidfd is alive, so the pid was not reused). */
static int peer_session(struct s0_daemon *d, const struct s0_conn *c, uint32_t *ret) {
        _cleanup_free_ char *path = NULL;
        uint32_t id;
        int r;

        if (c->pidfd < 0)
                return -ESRCH;
        r = proc_cgroup_path(c->pid, &path);
        if (r < 0)
                return -ESRCH;
        r = s0_session_from_cgroup_path(d->root_path, path, &id);
        if (r < 0)
                return -ESRCH;
        if (syscall(SYS_pidfd_send_signal, c->pidfd, 0, NULL, 0) < 0)
                return -ESRCH;
        *ret = id;
        return 0;
}

void handle_agent_register(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_agent_register *req) {
        uint32_t cookie = req->hdr.cookie, id;
        struct s0_msgd *md = msgd(d);
        struct s0_session *s;
        struct s0_agent *a, *oldest = NULL;
        unsigned n = 0;

        if (!md) {
                (void) conn_reply_error(d, c, cookie, -ENOMEM, "out of memory");
                return;
        }
        if (peer_session(d, c, &id) < 0 || !(s = session_get(d, id)) || s->logging_off) {
                (void) conn_reply_error(d, c, cookie, -ESRCH, "a message agent must run inside a session");
                return;
        }
        /* Only the session's own user shows its messages: not root, not another user. */
        if (s->uid == (uid_t) -1 || s->uid != c->uid) {
                (void) conn_reply_error(d, c, cookie, -EACCES,
                                        "a message agent must run as the user of session %u (caller is uid %u)", id,
                                        (unsigned) c->uid);
                return;
        }
        for (a = md->agents; a; a = a->next) {
                if (a->conn_id == c->id) { /* registering again: just refresh */
                        a->seq = ++md->agent_seq;
                        goto done;
                }
                if (a->session == id) {
                        n++;
                        if (!oldest || a->seq < oldest->seq)
                                oldest = a;
                }
        }
        if (n >= S0_MESSAGE_AGENTS_PER_SESSION)
                agent_remove(md, oldest);
        a = calloc(1, sizeof *a);
        if (!a) {
                (void) conn_reply_error(d, c, cookie, -ENOMEM, "out of memory");
                return;
        }
        a->conn_id = c->id;
        a->session = id;
        a->logon_time = s->logon_time;
        a->seq = ++md->agent_seq;
        a->next = md->agents;
        md->agents = a;
done:
        log_info("Session %u: message agent registered (pid %d)", id, (int) c->pid);
        struct s0_rep_session rep = { .session_id = id };
        msg_header_init(&rep.hdr, S0_MSG_SESSION, sizeof rep, cookie);
        (void) conn_send(d, c, &rep, sizeof rep, -1);
}

/* ---- sending ----------------------------------------------------------------------------- */

/* Refills r to now; true if it is full again (and so need not be kept). */
static bool rate_refill(struct s0_msg_rate *r, int64_t t) {
        const int64_t full = (int64_t) S0_MESSAGE_RATE_BURST * 1000;

        r->milli += (t - r->last_ns) * S0_MESSAGE_RATE_PER_S / 1000000; /* ns -> thousandths */
        r->last_ns = t;
        if (r->milli >= full) {
                r->milli = full;
                return true;
        }
        return false;
}

/* One message taken from uid's bucket; false if it is empty. Full buckets of other
 * uids are dropped on the way, so the list holds only recent senders. */
static bool rate_take(struct s0_msgd *md, uid_t uid) {
        int64_t t = now_ns();
        struct s0_msg_rate *r = NULL;

        for (struct s0_msg_rate **p = &md->rates; *p;) {
                struct s0_msg_rate *e = *p;
                bool full = rate_refill(e, t);
                if (e->uid == uid)
                        r = e;
                else if (full) {
                        *p = e->next;
                        free(e);
                        continue;
                }
                p = &e->next;
        }
        if (!r) {
                r = calloc(1, sizeof *r);
                if (!r)
                        return false;
                r->uid = uid;
                r->milli = (int64_t) S0_MESSAGE_RATE_BURST * 1000;
                r->last_ns = t;
                r->next = md->rates;
                md->rates = r;
        }
        if (r->milli < 1000)
                return false;
        r->milli -= 1000;
        return true;
}

static unsigned pending_in(struct s0_msgd *md, uint32_t session) {
        unsigned n = 0;
        for (struct s0_message *m = md->messages; m; m = m->next)
                n += m->session == session;
        return n;
}

static int message_arm(struct s0_message *m, uint32_t timeout_s) {
        struct itimerspec its = { .it_value.tv_sec = timeout_s };

        m->timer.fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        if (m->timer.fd < 0)
                return -errno;
        m->timer.handler = on_message_timeout;
        if (timerfd_settime(m->timer.fd, 0, &its, NULL) < 0)
                return -errno;
        return 0;
}

/* Hands the message to the session's newest agent that takes it; false if none did. */
static bool message_route(struct s0_daemon *d, const struct s0_session *s, struct s0_message *m,
                          const struct s0_req_send_message *req, uint32_t timeout_s, uint32_t sender_session,
                          uid_t sender_uid) {
        struct s0_agent *agents[S0_MESSAGE_AGENTS_PER_SESSION];
        struct s0_msg_message_show show = {
                .id = m->id,
                .style = req->style,
                .timeout_s = timeout_s,
                .sender_session = sender_session,
                .sender_uid = (uint32_t) sender_uid,
        };
        size_t n = session_agents(d, s, agents, ELEMENTSOF(agents));

        msg_header_init(&show.hdr, S0_MSG_MESSAGE_SHOW, sizeof show, m->id);
        memcpy(show.title, req->title, sizeof show.title);
        memcpy(show.text, req->text, sizeof show.text);
        for (size_t i = 0; i < n; i++) {
                struct s0_conn *ac = conn_by_id(d, agents[i]->conn_id);
                /* A failed send cuts that agent off; its connection's end removes it. */
                if (ac && conn_send(d, ac, &show, sizeof show, -1) == 0) {
                        m->agent_conn = ac->id;
                        return true;
                }
        }
        return false;
}

/* Every send decided, allowed or refused, is a crossing in the audit journal. */
static void audit_send(struct s0_daemon *d, const struct s0_conn *c, uint32_t session, const char *title,
                       int result) {
        char what[S0_EVENT_TARGET_MAX];
        /* a long title is cut, on purpose: precision keeps the compiler's check quiet */
        snprintf(what, sizeof what, "message '%.*s'", (int) (sizeof what - 12), title);
        audit_record(d, c, S0_EVENT_WTS_MESSAGE, session, what, result);
}

static bool may_send_to(const struct s0_conn *c, const struct s0_session *s) {
        return c->uid == 0 || (s->uid != (uid_t) -1 && s->uid == c->uid);
}

void handle_send_message(struct s0_daemon *d, struct s0_conn *c, const struct s0_req_send_message *req) {
        uint32_t cookie = req->hdr.cookie, sender_session = S0_SESSION_NONE;
        uint32_t timeout_s = req->timeout_s;
        bool wait = req->flags & S0_SEND_MESSAGE_WAIT;
        struct s0_msgd *md = msgd(d);
        struct s0_session *s = session_get(d, req->session);
        struct s0_message *m;
        int r;

        if (!md) {
                (void) conn_reply_error(d, c, cookie, -ENOMEM, "out of memory");
                return;
        }
        if (!s || s->logging_off) {
                audit_send(d, c, req->session, req->title, -ENOENT);
                (void) conn_reply_error(d, c, cookie, -ENOENT, "no session %u", req->session);
                return;
        }
        if (!may_send_to(c, s)) {
                log_info("Refused message from uid %u to session %u: another user's session", (unsigned) c->uid,
                         s->id);
                audit_send(d, c, s->id, req->title, -EACCES);
                (void) conn_reply_error(d, c, cookie, -EACCES,
                                        "session %u belongs to another user: only root may send messages there",
                                        s->id);
                return;
        }
        if (pending_in(md, s->id) >= S0_MESSAGE_PENDING_PER_SESSION) {
                audit_send(d, c, s->id, req->title, -EAGAIN);
                (void) conn_reply_error(d, c, cookie, -EAGAIN,
                                        "session %u already has %u messages waiting for an answer", s->id,
                                        S0_MESSAGE_PENDING_PER_SESSION);
                return;
        }
        if (!rate_take(md, c->uid)) {
                audit_send(d, c, s->id, req->title, -EAGAIN);
                (void) conn_reply_error(d, c, cookie, -EAGAIN, "too many messages from uid %u: at most %u per second",
                                        (unsigned) c->uid, S0_MESSAGE_RATE_PER_S);
                return;
        }
        if (timeout_s == 0 || timeout_s > S0_MESSAGE_TIMEOUT_MAX_S)
                timeout_s = S0_MESSAGE_TIMEOUT_MAX_S;
        (void) peer_session(d, c, &sender_session); /* shown to the user; none is fine */
        audit_send(d, c, s->id, req->title, 0);

        m = calloc(1, sizeof *m);
        if (!m) {
                (void) conn_reply_error(d, c, cookie, -ENOMEM, "out of memory");
                return;
        }
        m->timer.fd = -1;
        if (++md->next_id == 0) /* 0 is "no message" in replies */
                md->next_id = 1;
        m->id = md->next_id;
        m->session = s->id;
        m->style = req->style;
        m->cookie = cookie;
        if (!message_route(d, s, m, req, timeout_s, sender_session, c->uid)) {
                /* Nobody in the session can see it (no agent): the documented IDTIMEOUT, at once. */
                free(m);
                log_debug("Message to session %u: no agent, IDTIMEOUT", s->id);
                reply_answer(d, c->id, cookie, 0, S0_ID_TIMEOUT);
                return;
        }
        r = message_arm(m, timeout_s);
        if (r >= 0)
                r = daemon_watch_add(d, &m->timer, EPOLLIN);
        if (r < 0) {
                safe_close(m->timer.fd);
                free(m);
                (void) conn_reply_error(d, c, cookie, r, "cannot arm the message's timer: %s", strerror(-r));
                return;
        }
        m->next = md->messages;
        md->messages = m;
        log_info("Message %u from uid %u to session %u (%s, %u s)", m->id, (unsigned) c->uid, s->id,
                 wait ? "waiting" : "not waiting", timeout_s);
        if (wait)
                m->sender_conn = c->id;
        else
                reply_answer(d, c->id, cookie, m->id, S0_ID_ASYNC);
}

void handle_message_answer(struct s0_daemon *d, struct s0_conn *c, const struct s0_msg_message_answer *req) {
        struct s0_message *m;
        uint32_t resp = req->response;

        if (!d->msgd)
                return;
        for (m = d->msgd->messages; m; m = m->next)
                if (m->id == req->id && m->agent_conn == c->id)
                        break;
        /* Late (already timed out) or not this agent's: nothing to answer, nothing to say. */
        if (!m)
                return;
        if (resp != S0_ID_TIMEOUT && (resp >= 32 || !(buttons_of_type[m->style & S0_MB_TYPEMASK] & (1u << resp)))) {
                log_warning("Message agent pid %d answered %u, which message %u has no button for", (int) c->pid,
                            resp, m->id);
                resp = S0_ID_TIMEOUT;
        }
        message_finish(d, m, resp);
}

void messages_forget_conn(struct s0_daemon *d, uint64_t conn_id) {
        struct s0_msgd *md = d->msgd;
        struct s0_message *m, *next;

        if (!md)
                return;
        for (struct s0_agent *a = md->agents, *an; a; a = an) {
                an = a->next;
                if (a->conn_id == conn_id)
                        agent_remove(md, a);
        }
        for (m = md->messages; m; m = next) {
                next = m->next;
                if (m->sender_conn == conn_id)
                        m->sender_conn = 0; /* still shown; answered to nobody */
                if (m->agent_conn == conn_id)
                        message_finish(d, m, S0_ID_TIMEOUT); /* the agent went away mid-message */
        }
}

void messages_free(struct s0_daemon *d) {
        struct s0_msgd *md = d->msgd;

        if (!md)
                return;
        while (md->messages)
                message_free(d, md->messages);
        while (md->agents)
                agent_remove(md, md->agents);
        while (md->rates) {
                struct s0_msg_rate *r = md->rates;
                md->rates = r->next;
                free(r);
        }
        free(md);
        d->msgd = NULL;
}
