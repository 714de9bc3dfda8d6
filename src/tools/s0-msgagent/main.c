/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0-msgagent: shows WTSSendMessage boxes on the terminal of a user session.
 *
 * Run it inside the session, as its user, with the terminal as stdin and stdout
 * (`s0ctl run --session N -- s0-msgagent` from that terminal, or from the session's
 * login shell). It registers with session0d, which checks from the kernel that it is
 * the session's user's process in that session; messages for the session then come
 * here, one box at a time, and the key pressed goes back as IDYES, IDNO...
 *
 * The terminal is in raw mode only while a box waits for a key, and is put back when
 * the box is answered or times out, and on SIGTERM, SIGINT, SIGHUP, SIGQUIT. Input typed
 * before a box appeared is discarded: a key meant for something else never answers. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <session0/session0.h>

#include "box.h"
#include "config.h"

#define QUEUE_MAX 16 /* the daemon keeps at most 8 pending per session */

struct pending {
        struct s0_msg_message_show m;
        int64_t deadline_ms;
};

struct agent {
        int sock;
        int tty_in, tty_out;
        struct termios saved;
        bool raw;
        bool notify;
        uint32_t session;
        struct pending queue[QUEUE_MAX];
        size_t n; /* queue[0] is on screen when shown */
        bool shown;
};

static volatile sig_atomic_t got_signal;
static void on_signal(int sig) { got_signal = sig; }

extern char **environ;

static int64_t now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void out(struct agent *a, const char *s) {
        size_t n = strlen(s);
        while (n > 0) {
                ssize_t k = write(a->tty_out, s, n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return; /* the terminal is gone; the next poll says so */
                s += k;
                n -= (size_t) k;
        }
}

static void tty_raw(struct agent *a) {
        struct termios t;

        if (a->raw || tcgetattr(a->tty_in, &a->saved) < 0)
                return;
        t = a->saved;
        /* No echo, key by key, ^C and ^Z are keys (the agent is in no job of this terminal). */
        t.c_lflag &= ~(tcflag_t) (ICANON | ECHO | ISIG | IEXTEN);
        t.c_iflag &= ~(tcflag_t) (IXON | ICRNL | INLCR | IGNCR | ISTRIP);
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(a->tty_in, TCSANOW, &t) == 0)
                a->raw = true;
}

static void tty_restore(struct agent *a) {
        if (a->raw)
                (void) tcsetattr(a->tty_in, TCSANOW, &a->saved);
        a->raw = false;
}

static int send_answer(struct agent *a, uint32_t id, uint32_t response) {
        struct s0_msg_message_answer m = { .id = id, .response = response };

        m.hdr = (struct s0_msg_header){ .magic = S0_MSG_MAGIC, .version = S0_PROTOCOL_VERSION,
                                        .type = S0_MSG_MESSAGE_ANSWER, .size = sizeof m, .cookie = id };
        return send(a->sock, &m, sizeof m, MSG_NOSIGNAL) == (ssize_t) sizeof m ? 0 : -errno;
}

/* Optional: a desktop notification too, where a graphical session runs. Not tested
 * here (no display in the test machines); the terminal box is what answers. */
static void notify(struct agent *a, const char *title, const char *text) {
        char *argv[] = { "notify-send", "--app-name=session0", "--", (char *) title, (char *) text, NULL };
        pid_t pid;

        if (!a->notify || (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY")))
                return;
        (void) posix_spawnp(&pid, "notify-send", NULL, NULL, argv, environ); /* absent: no notification */
}

static void show_next(struct agent *a) {
        struct winsize ws = { 0 };
        char *title, *text, *box = NULL;
        struct s0_msg_message_show *m;

        if (a->shown || a->n == 0)
                return;
        m = &a->queue[0].m;
        title = msgbox_sanitize(m->title, false);
        text = msgbox_sanitize(m->text, true);
        if (ioctl(a->tty_out, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0)
                ws.ws_col = 80;
        if (title && text)
                box = msgbox_render(title, text, m->style, m->sender_session, m->sender_uid, m->timeout_s, ws.ws_col);
        tty_raw(a);
        (void) tcflush(a->tty_in, TCIFLUSH); /* type-ahead must not answer a box nobody saw */
        out(a, box ? box : "\r\n[s0-msgagent: out of memory showing a message]\r\n");
        if (title && text)
                notify(a, title, text);
        free(title);
        free(text);
        free(box);
        a->shown = true;
}

static void finish_current(struct agent *a, uint32_t response) {
        const char *name = s0_message_response_name(response);
        char line[96];

        (void) send_answer(a, a->queue[0].m.id, response);
        snprintf(line, sizeof line, "  -> %s\r\n", name ? name : "?");
        out(a, line);
        tty_restore(a);
        memmove(a->queue, a->queue + 1, (a->n - 1) * sizeof a->queue[0]);
        a->n--;
        a->shown = false;
}

static void on_show(struct agent *a, const struct s0_msg_message_show *m) {
        if (a->n == QUEUE_MAX) {
                (void) send_answer(a, m->id, S0_ID_TIMEOUT);
                return;
        }
        a->queue[a->n].m = *m;
        a->queue[a->n].deadline_ms = now_ms() + (int64_t) m->timeout_s * 1000;
        a->n++;
}

/* 0: go on; > 0: the daemon went away. */
static int on_socket(struct agent *a) {
        union {
                struct s0_msg_header h;
                struct s0_msg_message_show show;
                char buf[S0_MSG_SIZE_MAX];
        } u;
        ssize_t n = recv(a->sock, &u, sizeof u, MSG_DONTWAIT);

        if (n < 0)
                return errno == EAGAIN || errno == EINTR ? 0 : 1;
        if (n == 0 || s0_msg_validate(&u, (size_t) n) < 0)
                return n == 0 ? 1 : 0;
        if (u.h.type == S0_MSG_MESSAGE_SHOW)
                on_show(a, &u.show);
        return 0;
}

static void on_key(struct agent *a) {
        unsigned char buf[32];
        ssize_t n = read(a->tty_in, buf, sizeof buf);
        uint32_t r;

        if (n <= 0 || !a->shown)
                return;
        /* A lone ESC is the Esc key; ESC with more bytes in one read is a function or
         * arrow key's sequence, which answers nothing. */
        if (buf[0] == 0x1b && n > 1)
                return;
        for (ssize_t i = 0; i < n; i++) {
                r = msgbox_key(a->queue[0].m.style, buf[i]);
                if (r != 0) {
                        finish_current(a, r);
                        return;
                }
        }
}

static void expire(struct agent *a) {
        int64_t t = now_ms();

        /* Queued ones first (not on screen), so the daemon's slots free up. */
        for (size_t i = a->shown ? 1 : 0; i < a->n;) {
                if (a->queue[i].deadline_ms <= t) {
                        (void) send_answer(a, a->queue[i].m.id, S0_ID_TIMEOUT);
                        memmove(a->queue + i, a->queue + i + 1, (a->n - i - 1) * sizeof a->queue[0]);
                        a->n--;
                } else
                        i++;
        }
        if (a->shown && a->queue[0].deadline_ms <= t) {
                out(a, "  (no answer in time)");
                finish_current(a, S0_ID_TIMEOUT);
        }
}

static int next_timeout_ms(const struct agent *a) {
        int64_t t = now_ms(), next = -1;
        for (size_t i = 0; i < a->n; i++)
                if (next < 0 || a->queue[i].deadline_ms < next)
                        next = a->queue[i].deadline_ms;
        if (next < 0)
                return -1;
        return next <= t ? 0 : (int) (next - t > 60000 ? 60000 : next - t);
}

static int agent_register(struct agent *a) {
        struct s0_req_agent_register req = { 0 };
        union {
                struct s0_msg_header h;
                struct s0_rep_session s;
                struct s0_rep_error e;
                char buf[S0_MSG_SIZE_MAX];
        } u;
        ssize_t n;

        req.hdr = (struct s0_msg_header){ .magic = S0_MSG_MAGIC, .version = S0_PROTOCOL_VERSION,
                                          .type = S0_MSG_AGENT_REGISTER, .size = sizeof req, .cookie = 1 };
        if (send(a->sock, &req, sizeof req, MSG_NOSIGNAL) != (ssize_t) sizeof req)
                return -errno;
        do
                n = recv(a->sock, &u, sizeof u, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if (n == 0 || s0_msg_validate(&u, (size_t) n) < 0)
                return -EBADMSG;
        if (u.h.type == S0_MSG_ERROR) {
                fprintf(stderr, "s0-msgagent: cannot register with session0d: %s\n", u.e.text);
                return u.e.error;
        }
        if (u.h.type != S0_MSG_SESSION)
                return -EBADMSG;
        a->session = u.s.session_id;
        return 0;
}

static int loop(struct agent *a, const sigset_t *unblocked) {
        for (;;) {
                struct pollfd p[2] = { { .fd = a->sock, .events = POLLIN }, { .fd = a->tty_in, .events = POLLIN } };
                int t = next_timeout_ms(a), k;
                struct timespec ts = { .tv_sec = t / 1000, .tv_nsec = (long) (t % 1000) * 1000000 };

                k = ppoll(p, a->shown ? 2 : 1, t < 0 ? NULL : &ts, unblocked);
                if (got_signal)
                        return 0;
                if (k < 0 && errno != EINTR)
                        return -errno;
                while (waitpid(-1, NULL, WNOHANG) > 0) /* notify-send */
                        ;
                if (k > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) && on_socket(a) > 0) {
                        fprintf(stderr, "s0-msgagent: session0d closed the connection\n");
                        return 1;
                }
                if (k > 0 && a->shown && (p[1].revents & (POLLHUP | POLLERR)))
                        return 1; /* the terminal is gone */
                if (k > 0 && a->shown && (p[1].revents & POLLIN))
                        on_key(a);
                expire(a);
                show_next(a);
        }
}

static void help(void) {
        printf("Usage: s0-msgagent [--no-notify]\n"
               "\n"
               "Shows messages sent to this session (WTSSendMessage, 's0ctl message') on this\n"
               "terminal and sends back the key pressed. Run it inside the session, as its\n"
               "user, on the terminal that should show them. With a graphical desktop\n"
               "(DISPLAY or WAYLAND_DISPLAY set) and notify-send, a notification is shown too.\n");
}

int main(int argc, char **argv) {
        struct agent a = { .sock = -1, .tty_in = STDIN_FILENO, .tty_out = STDOUT_FILENO, .notify = true };
        struct sigaction sa = { .sa_handler = on_signal };
        static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
        struct s0_client *c = NULL;
        sigset_t block, orig;
        char line[128];
        int r;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(argv[i], "--version") == 0) {
                        printf("s0-msgagent %s\n", S0_VERSION);
                        return 0;
                } else if (strcmp(argv[i], "--no-notify") == 0)
                        a.notify = false;
                else {
                        fprintf(stderr, "s0-msgagent: unknown option '%s'\n", argv[i]);
                        return 2;
                }
        }
        if (!isatty(a.tty_in) || !isatty(a.tty_out)) {
                fprintf(stderr, "s0-msgagent: stdin and stdout must be the terminal that shows messages\n");
                return 2;
        }
        /* Signals are taken only inside ppoll(), so none is lost between checks. */
        sigemptyset(&block);
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
                sigaddset(&block, sigs[i]);
                (void) sigaction(sigs[i], &sa, NULL);
        }
        (void) sigprocmask(SIG_BLOCK, &block, &orig);
        sigdelset(&orig, SIGTERM), sigdelset(&orig, SIGINT), sigdelset(&orig, SIGHUP), sigdelset(&orig, SIGQUIT);

        r = s0_client_open(NULL, &c);
        if (r < 0) {
                fprintf(stderr, "s0-msgagent: cannot connect to session0d at '%s/control': %s\n", s0_runtime_dir(),
                        strerror(-r));
                return 1;
        }
        a.sock = s0_client_fd(c);
        r = agent_register(&a);
        if (r < 0) {
                if (r != -EACCES && r != -ESRCH)
                        fprintf(stderr, "s0-msgagent: cannot register with session0d: %s\n", strerror(-r));
                s0_client_close(c);
                return 1;
        }
        snprintf(line, sizeof line, "s0-msgagent: ready, showing messages for session %u (pid %d)\r\n", a.session,
                 (int) getpid());
        out(&a, line);
        r = loop(&a, &orig);
        tty_restore(&a);
        if (got_signal)
                out(&a, "\r\ns0-msgagent: stopped\r\n");
        s0_client_close(c);
        return r == 0 ? 0 : 1;
}
