/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A thread's connection to its session host: one SOCK_SEQPACKET connection per thread,
 * made on first use, is that thread's message queue. Calls are request/reply; while a
 * thread waits for a reply the host may hand it sent messages (INCOMING), which it
 * runs at once and answers: that is how a SendMessage between two threads that send
 * to each other does not deadlock.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "user.h"
#include "win32.h"

static _Thread_local struct user_thread thread_state = { .fd = -1 };

/* A forked child must not share its parent's connection (the host would take it for
 * the parent's thread, and both would read its replies): the child's copy of the
 * connection is dropped on first use, found by a fork count kept by an atfork handler. */
static struct {
        pthread_once_t once;
        _Atomic unsigned forks;
        pthread_key_t exit_key; /* closes a thread's connection when the thread ends */
        bool have_key;
} user_fork = { .once = PTHREAD_ONCE_INIT };
static void on_fork_child(void) { user_fork.forks++; }
/* A thread that ends closes its connection, so the host drops what belongs to the thread
 * (its windows, its hooks) as Windows does when a thread exits. */
static void on_thread_exit(void *p) {
        struct user_thread *t = p;
        if (t->fd >= 0) {
                user_hook_thread_gone(t->tid);
                user_desktop_thread_gone(t->tid);
                (void) close(t->fd);
        }
        user_fast_free(t);
        t->fd = -1;
}
static void fork_watch(void) {
        (void) pthread_atfork(NULL, NULL, on_fork_child);
        user_fork.have_key = pthread_key_create(&user_fork.exit_key, on_thread_exit) == 0;
}
static _Thread_local _Alignas(struct s0h_msg) uint8_t reply_buf[S0H_MSG_SIZE_MAX];

static uint32_t connect_host(struct user_thread *t) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct s0h_msg m = { .type = S0H_HELLO, .msg = S0H_PROTOCOL_VERSION };
        const char *slow = getenv("S0_USER_SLOW"); /* every message through the host (tests, debugging) */
        bool fast = !(slow && *slow && strcmp(slow, "0") != 0);
        int fd;

        if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s/host/host.sock", s0_runtime_dir()) >=
            (int) sizeof sa.sun_path)
                return ERROR_NOT_SUPPORTED;
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return ERROR_NOT_ENOUGH_MEMORY;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                (void) close(fd);
                return ERROR_NOT_SUPPORTED; /* no host in this session */
        }
        t->fd = fd;
        t->forks = user_fork.forks;
        if (user_fork.have_key)
                (void) pthread_setspecific(user_fork.exit_key, t); /* only fails without memory: then it stays open */
        t->tid = (uint32_t) syscall(SYS_gettid);
        m.tid = t->tid;
        m.flags = fast ? 0 : S0H_HELLO_NO_FAST;
        struct s0h_msg rep;
        uint32_t e = user_call(&m, sizeof m, &rep, UINT32_MAX);
        if (e) {
                (void) close(fd);
                t->fd = -1;
                return e;
        }
        int fds[4];
        unsigned n = user_take_fds(t, fds, 4);
        if (fast && (e = user_fast_init(t, fds, n))) {
                /* the host took us for a thread of the fast path: senders would write to us in vain */
                (void) close(fd);
                t->fd = -1;
                return e;
        }
        if (!fast)
                user_close_fds(fds, n); /* none should come after S0H_HELLO_NO_FAST */
        return 0;
}

uint32_t user_thread_get(struct user_thread **ret) {
        struct user_thread *t = &thread_state;
        pthread_once(&user_fork.once, fork_watch);
        if (t->fd >= 0 && t->forks != user_fork.forks) {
                (void) close(t->fd); /* our copy only: the parent keeps its own */
                user_fast_free(t);   /* our mappings only */
                *t = (struct user_thread){ .fd = -1 };
        }
        if (t->fd < 0) {
                /* mark as connecting: user_call() below needs the fd */
                uint32_t e = connect_host(t);
                if (e)
                        return e;
        }
        *ret = t;
        return 0;
}

static int64_t now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void drop_fds(struct user_thread *t) {
        for (unsigned i = 0; i < t->rx_nfds; i++)
                (void) close(t->rx_fds[i]);
        t->rx_nfds = 0;
}

unsigned user_take_fds(struct user_thread *t, int *fds, unsigned max) {
        unsigned n = 0;
        for (unsigned i = 0; i < t->rx_nfds; i++) {
                if (n < max)
                        fds[n++] = t->rx_fds[i];
                else
                        (void) close(t->rx_fds[i]);
        }
        t->rx_nfds = 0;
        return n;
}

#define USER_KEPT 0x7fffffff /* wait_conn/recv_one: a nested call kept the answer we wait for */
static bool kept_for_innermost(void);

/* Waits for the connection, or for the doorbell's eventfd: a peer that sends to us on
 * the fast path while we wait for the host must not wait for us in turn (nested
 * SendMessage across both paths). Returns poll()'s result for the connection. */
static int wait_conn(struct user_thread *t, int timeout) {
        for (;;) {
                int efd = user_fast_efd(t);
                uint32_t seen = user_fast_seq(t);
                if (efd >= 0) {
                        (void) user_fast_drain(t);
                        if (kept_for_innermost())
                                return USER_KEPT;
                        user_fast_set_waiting(t, S0H_WAIT_POLL);
                        if (user_fast_seq(t) != seen) {
                                user_fast_set_waiting(t, S0H_WAIT_NONE);
                                continue;
                        }
                }
                struct pollfd p[2] = { { .fd = t->fd, .events = POLLIN }, { .fd = efd, .events = POLLIN } };
                int k = poll(p, efd >= 0 ? 2 : 1, timeout);
                int err = errno;
                user_fast_set_waiting(t, S0H_WAIT_NONE);
                if (k > 0 && efd >= 0 && p[1].revents) {
                        uint64_t v;
                        (void) !read(efd, &v, sizeof v);
                        if (!p[0].revents)
                                continue; /* the drain above runs what came */
                }
                errno = err;
                return k;
        }
}

/* Receives one datagram (blocking up to timeout_ms; UINT32_MAX = forever), with the
 * fds it carries in t->rx_fds. 0 or a Win32 error (ERROR_TIMEOUT;
 * ERROR_INVALID_WINDOW_HANDLE when the host is gone). */
static uint32_t recv_one(struct user_thread *t, int64_t deadline, size_t *ret_n) {
        drop_fds(t); /* what the previous datagram's caller did not take */
        for (;;) {
                int timeout = -1;
                if (deadline >= 0) {
                        int64_t left = deadline - now_ms();
                        timeout = left < 0 ? 0 : (int) (left > 3600000 ? 3600000 : left);
                }
                int k = wait_conn(t, timeout);
                if (k == USER_KEPT)
                        return USER_KEPT;
                if (k < 0 && errno == EINTR)
                        continue;
                if (k == 0)
                        return ERROR_TIMEOUT;
                union {
                        struct cmsghdr h;
                        char buf[CMSG_SPACE(sizeof(int) * 4)];
                } ctl;
                struct iovec iov = { reply_buf, sizeof reply_buf };
                struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                                     .msg_controllen = sizeof ctl.buf };
                ssize_t n = recvmsg(t->fd, &mh, MSG_TRUNC | MSG_CMSG_CLOEXEC);
                if (n < 0 && errno == EINTR)
                        continue;
                for (struct cmsghdr *cm = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL; cm; cm = CMSG_NXTHDR(&mh, cm))
                        if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
                                size_t nf = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                                int *fp = (int *) CMSG_DATA(cm);
                                for (size_t i = 0; i < nf; i++) {
                                        if (t->rx_nfds < 4)
                                                t->rx_fds[t->rx_nfds++] = fp[i];
                                        else
                                                (void) close(fp[i]);
                                }
                        }
                if (n <= 0 || s0h_msg_validate(reply_buf, (size_t) n) < 0) {
                        drop_fds(t);
                        return ERROR_INVALID_WINDOW_HANDLE; /* the host went away or spoke nonsense */
                }
                *ret_n = (size_t) n;
                return 0;
        }
}

/* Calls nest: a sent message that runs while a call waits (the host's INCOMING, or the
 * fast path's, drained while waiting) may make calls of its own, and those may read
 * the answer to the call below them. Such an answer is kept for it here, not dropped. */
#define NEST_MAX 16u
struct kept_reply {
        uint32_t cookie;
        size_t size;
        uint8_t *buf;        /* NULL: "a sent message ran" (an INCOMING answered a GET) */
        int fds[4];
        unsigned nfds;
};
static _Thread_local uint32_t nest_cookies[NEST_MAX];
static _Thread_local unsigned nest_depth;
static _Thread_local struct kept_reply kept[NEST_MAX];
static _Thread_local unsigned n_kept;

static bool kept_for_innermost(void) {
        if (!nest_depth || nest_depth > NEST_MAX)
                return false;
        for (unsigned i = 0; i < n_kept; i++)
                if (kept[i].cookie == nest_cookies[nest_depth - 1])
                        return true;
        return false;
}

static bool is_waited_for(uint32_t cookie) {
        for (unsigned i = 0; i + 1 < nest_depth && i < NEST_MAX; i++) /* not the innermost: that is us */
                if (nest_cookies[i] == cookie)
                        return true;
        return false;
}

static void keep_reply(struct user_thread *t, uint32_t cookie, const void *m, size_t size) {
        if (n_kept == NEST_MAX) {
                drop_fds(t);
                return;
        }
        struct kept_reply *k = &kept[n_kept];
        *k = (struct kept_reply){ .cookie = cookie, .size = size };
        if (m && !(k->buf = malloc(size))) {
                drop_fds(t);
                return; /* the call below then waits in vain, as when memory ran out before */
        }
        if (m)
                memcpy(k->buf, m, size);
        k->nfds = user_take_fds(t, k->fds, 4);
        n_kept++;
}

/* A kept answer to cookie: 1 (copied into rep, its fds back in t->rx_fds), 0 none. */
static int take_kept(struct user_thread *t, uint32_t cookie, struct s0h_msg *rep, uint32_t *ret_e) {
        for (unsigned i = 0; i < n_kept; i++) {
                struct kept_reply *k = &kept[i];
                if (k->cookie != cookie)
                        continue;
                if (!k->buf) {
                        memset(rep, 0, sizeof *rep);
                        rep->type = S0H_INCOMING;
                        *ret_e = 0;
                } else {
                        const struct s0h_msg *m = (const struct s0h_msg *) k->buf;
                        memcpy(rep, m, m->type == S0H_RESULT || m->type == S0H_OK ? k->size : sizeof *m);
                        *ret_e = m->type == S0H_ERROR ? (uint32_t) m->error : 0;
                }
                drop_fds(t);
                memcpy(t->rx_fds, k->fds, sizeof k->fds);
                t->rx_nfds = k->nfds;
                free(k->buf);
                kept[i] = kept[--n_kept];
                return 1;
        }
        return 0;
}

static uint32_t call_wait(struct user_thread *t, struct s0h_msg *req, uint32_t cookie, int64_t deadline,
                          struct s0h_msg *rep) {
        for (;;) {
                size_t got = 0;
                uint32_t e, ke;
                if (take_kept(t, cookie, rep, &ke))
                        return ke;
                e = recv_one(t, deadline, &got);
                if (e == USER_KEPT && take_kept(t, cookie, rep, &ke)) /* a call nested in the wait read it */
                        return ke;
                if (e == USER_KEPT)
                        continue;
                if (e == ERROR_TIMEOUT && req->type == S0H_SEND) {
                        /* SendMessageTimeout: the host forgets us; a late answer is dropped below */
                        struct s0h_msg c = { .type = S0H_CANCEL, .cookie = cookie };
                        (void) send(t->fd, &c, sizeof c, MSG_NOSIGNAL);
                        return ERROR_TIMEOUT;
                }
                if (e)
                        return e;
                struct s0h_msg *m = (struct s0h_msg *) reply_buf;
                if (m->type == S0H_CHANNEL_OPEN) { /* unsolicited: a sender has a channel to us */
                        int fds[4];
                        unsigned nf = user_take_fds(t, fds, 4);
                        user_fast_channel_open(t, m, fds, nf);
                        continue;
                }
                if (m->type == S0H_INCOMING) {
                        /* copy out: the handler may make calls that reuse reply_buf */
                        struct s0h_msg *in = malloc(got);
                        if (!in)
                                return ERROR_NOT_ENOUGH_MEMORY;
                        memcpy(in, m, got);
                        bool for_us = in->cookie == cookie; /* a GET answered with a sent message */
                        bool for_below = !for_us && in->cookie && is_waited_for(in->cookie);
                        user_handle_incoming(t, in);
                        if (for_below)
                                keep_reply(t, in->cookie, NULL, 0);
                        free(in);
                        if (for_us) {
                                memset(rep, 0, sizeof *rep);
                                rep->type = S0H_INCOMING;
                                return 0;
                        }
                        continue;
                }
                if (m->cookie != cookie) {
                        if (is_waited_for(m->cookie))
                                keep_reply(t, m->cookie, m, got);
                        continue; /* else the late answer of a call that timed out */
                }
                memcpy(rep, m, m->type == S0H_RESULT || m->type == S0H_OK ? got : sizeof *m);
                return m->type == S0H_ERROR ? (uint32_t) m->error : 0;
        }
}

uint32_t user_call(struct s0h_msg *req, size_t n, struct s0h_msg *rep, uint32_t timeout_ms) {
        struct user_thread *t = &thread_state;
        int64_t deadline = timeout_ms == UINT32_MAX ? -1 : now_ms() + timeout_ms;
        uint32_t cookie = ++t->cookie;
        ssize_t k;

        if (t->fd < 0)
                return ERROR_NOT_SUPPORTED;
        if (!cookie)
                cookie = ++t->cookie; /* 0 marks "nobody's" (an INCOMING to a thread in its SEND) */
        req->cookie = cookie;
        do
                k = send(t->fd, req, n, MSG_NOSIGNAL);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return ERROR_INVALID_WINDOW_HANDLE;
        if (nest_depth < NEST_MAX)
                nest_cookies[nest_depth] = cookie;
        nest_depth++;
        uint32_t e = call_wait(t, req, cookie, deadline, rep);
        nest_depth--;
        return e;
}

uint32_t user_pump_sent(struct user_thread *t) {
        struct s0h_msg req = { .type = S0H_GET, .flags = S0H_GET_SENT_ONLY, .timeout_ms = 0 }, rep;
        (void) user_fast_host_pending(t, true, NULL, 0, 0);
        uint32_t e = user_call(&req, sizeof req, &rep, UINT32_MAX); /* INCOMING (ran) or NONE */
        user_fast_host_recheck(t); /* a posted message the ring was also for stays at the host */
        return e;
}

void user_handle_incoming(struct user_thread *t, const struct s0h_msg *in) {
        /* the fixed part and its payload in one aligned buffer */
        _Alignas(struct s0h_msg) uint8_t repbuf[S0H_MSG_SIZE_MAX] = { 0 };
        struct s0h_msg *rep = (struct s0h_msg *) repbuf;
        HWND hwnd = (HWND) (uintptr_t) in->hwnd;
        LPARAM l = (LPARAM) in->lparam;
        COPYDATASTRUCT cds;
        WCHAR text[S0H_DATA_MAX / 2 + 1];

        if (in->flags & S0H_SEND_HOOK) {
                user_hook_incoming(t, in);
                return;
        }
        /* Pointer messages arrive marshalled: lParam points at our own copy. */
        switch (in->data_kind) {
        case S0H_DATA_COPYDATA:
                cds.dwData = (ULONG_PTR) in->lparam;
                cds.cbData = in->data_len;
                cds.lpData = in->data_len ? (PVOID) in->data : NULL;
                l = (LPARAM) &cds;
                break;
        case S0H_DATA_TEXT:
                memcpy(text, in->data, in->data_len);
                text[in->data_len / 2] = 0;
                l = (LPARAM) text;
                break;
        case S0H_DATA_GETTEXT:
                memset(text, 0, sizeof text);
                l = (LPARAM) text;
                break;
        default:
                break;
        }
        WPARAM w = (WPARAM) in->wparam;
        if (in->data_kind == S0H_DATA_GETTEXT && w > S0H_DATA_MAX / 2)
                w = S0H_DATA_MAX / 2; /* bounded by what can travel back */
        bool ours = in->pid == (uint32_t) getpid();
        user_hook_callwndproc(t->tid, hwnd, in->msg, w, l, ours);
        LRESULT r = user_call_wndproc(hwnd, in->msg, w, l);
        user_hook_callwndprocret(t->tid, hwnd, in->msg, w, l, r, ours);

        rep->type = S0H_REPLY;
        rep->txid = in->txid;
        rep->result = r;
        if (in->data_kind == S0H_DATA_GETTEXT && r > 0) {
                size_t units = (size_t) r < w ? (size_t) r : (w ? w - 1 : 0);
                rep->data_kind = S0H_DATA_GETTEXT;
                rep->data_len = (uint32_t) (units * 2);
                memcpy(rep->data, text, units * 2);
        }
        (void) send(t->fd, rep, sizeof *rep + rep->data_len, MSG_NOSIGNAL);
}
