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
        t->fd = -1;
}
static void fork_watch(void) {
        (void) pthread_atfork(NULL, NULL, on_fork_child);
        user_fork.have_key = pthread_key_create(&user_fork.exit_key, on_thread_exit) == 0;
}
static _Thread_local uint8_t reply_buf[S0H_MSG_SIZE_MAX];

static uint32_t connect_host(struct user_thread *t) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct s0h_msg m = { .type = S0H_HELLO, .msg = S0H_PROTOCOL_VERSION };
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
        struct s0h_msg rep;
        uint32_t e = user_call(&m, sizeof m, &rep, UINT32_MAX);
        if (e) {
                (void) close(fd);
                t->fd = -1;
        }
        return e;
}

uint32_t user_thread_get(struct user_thread **ret) {
        struct user_thread *t = &thread_state;
        pthread_once(&user_fork.once, fork_watch);
        if (t->fd >= 0 && t->forks != user_fork.forks) {
                (void) close(t->fd); /* our copy only: the parent keeps its own */
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

/* Receives one datagram (blocking up to timeout_ms; UINT32_MAX = forever). 0 or a
 * Win32 error (ERROR_TIMEOUT; ERROR_INVALID_WINDOW_HANDLE when the host is gone). */
static uint32_t recv_one(struct user_thread *t, int64_t deadline, size_t *ret_n) {
        for (;;) {
                int timeout = -1;
                if (deadline >= 0) {
                        int64_t left = deadline - now_ms();
                        timeout = left < 0 ? 0 : (int) (left > 3600000 ? 3600000 : left);
                }
                struct pollfd p = { .fd = t->fd, .events = POLLIN };
                int k = poll(&p, 1, timeout);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k == 0)
                        return ERROR_TIMEOUT;
                ssize_t n = recv(t->fd, reply_buf, sizeof reply_buf, MSG_TRUNC);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0 || s0h_msg_validate(reply_buf, (size_t) n) < 0)
                        return ERROR_INVALID_WINDOW_HANDLE; /* the host went away or spoke nonsense */
                *ret_n = (size_t) n;
                return 0;
        }
}

uint32_t user_call(struct s0h_msg *req, size_t n, struct s0h_msg *rep, uint32_t timeout_ms) {
        struct user_thread *t = &thread_state;
        int64_t deadline = timeout_ms == UINT32_MAX ? -1 : now_ms() + timeout_ms;
        uint32_t cookie = ++t->cookie;
        ssize_t k;

        if (t->fd < 0)
                return ERROR_NOT_SUPPORTED;
        req->cookie = cookie;
        do
                k = send(t->fd, req, n, MSG_NOSIGNAL);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return ERROR_INVALID_WINDOW_HANDLE;
        for (;;) {
                size_t got;
                uint32_t e = recv_one(t, deadline, &got);
                if (e == ERROR_TIMEOUT && req->type == S0H_SEND) {
                        /* SendMessageTimeout: the host forgets us; a late answer is dropped below */
                        struct s0h_msg c = { .type = S0H_CANCEL, .cookie = cookie };
                        (void) send(t->fd, &c, sizeof c, MSG_NOSIGNAL);
                        return ERROR_TIMEOUT;
                }
                if (e)
                        return e;
                struct s0h_msg *m = (struct s0h_msg *) reply_buf;
                if (m->type == S0H_INCOMING) {
                        /* copy out: the handler may make calls that reuse reply_buf */
                        struct s0h_msg *in = malloc(got);
                        if (!in)
                                return ERROR_NOT_ENOUGH_MEMORY;
                        memcpy(in, m, got);
                        bool for_us = in->cookie == cookie; /* a GET answered with a sent message */
                        user_handle_incoming(t, in);
                        free(in);
                        if (for_us) {
                                memset(rep, 0, sizeof *rep);
                                rep->type = S0H_INCOMING;
                                return 0;
                        }
                        continue;
                }
                if (m->cookie != cookie)
                        continue; /* the late answer of a call that timed out */
                memcpy(rep, m, m->type == S0H_RESULT || m->type == S0H_OK ? got : sizeof *m);
                return m->type == S0H_ERROR ? (uint32_t) m->error : 0;
        }
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
