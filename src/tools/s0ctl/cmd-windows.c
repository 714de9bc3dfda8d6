/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * windows: the windows of a session, from its s0-sessionhost (WINLIST). The host's
 * socket exists only in the session's mount namespace: a process of the session
 * reaches its own host directly; root, naming another session, first enters that
 * session's mount namespace (the anchor's) -- a step only root can take, which is why a
 * user cannot list another session's windows at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <session0/host-protocol.h>

#include "s0ctl.h"
#include "shared/macro.h"

static void help(void) {
        printf("Usage: s0ctl windows [--session N] [--json]\n"
               "\n"
               "Lists the windows of a session (default: the caller's), as its session host\n"
               "holds them: HWND, class, title, owner pid and thread, integrity level, window\n"
               "station and desktop, and whether it is a message-only or a child window.\n"
               "A user lists the session s0ctl runs in; root may name any session.\n");
}

/* Entering session id's mount namespace (root only): the anchor's, checked to be
 * the same process after the namespace was opened (its pid cannot have been reused). */
static int enter_session(struct s0_client *c, uint32_t id) {
        struct s0_session_info *list = NULL;
        size_t n = 0;
        pid_t anchor = 0;
        char path[64];
        int r = s0_list_sessions(c, &list, &n);

        if (r < 0)
                return s0ctl_fail(c, r, "cannot list sessions");
        for (size_t i = 0; i < n; i++)
                if (list[i].id == id)
                        anchor = list[i].anchor_pid;
        free(list);
        if (anchor <= 0) {
                fprintf(stderr, "s0ctl windows: no session %u\n", id);
                return 1;
        }
        _cleanup_close_ int pidfd = (int) syscall(SYS_pidfd_open, anchor, 0);
        if (pidfd < 0)
                return s0ctl_fail(NULL, -errno, "session %u's anchor (pid %d)", id, (int) anchor);
        snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int) anchor);
        _cleanup_close_ int ns = open(path, O_RDONLY | O_CLOEXEC);
        if (ns < 0)
                return s0ctl_fail(NULL, -errno, "cannot open '%s'", path);
        if (poll(&(struct pollfd){ .fd = pidfd, .events = POLLIN }, 1, 0) != 0) {
                fprintf(stderr, "s0ctl windows: session %u's anchor exited meanwhile\n", id);
                return 1;
        }
        if (setns(ns, CLONE_NEWNS) < 0)
                return s0ctl_fail(NULL, -errno, "cannot enter session %u's mount namespace", id);
        return 0;
}

/* Connects to the host of the mount namespace we are in and says HELLO. */
static int host_connect(const struct s0ctl_args *a, int *ret_fd) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct s0h_msg m = { .type = S0H_HELLO, .msg = S0H_PROTOCOL_VERSION, .cookie = 1 };
        const char *dir = a->runtime_dir ? a->runtime_dir : s0_runtime_dir();

        if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s/host/host.sock", dir) >= (int) sizeof sa.sun_path)
                return -ENAMETOOLONG;
        _cleanup_close_ int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return -errno;
        m.tid = (uint32_t) syscall(SYS_gettid);
        if (send(fd, &m, sizeof m, MSG_NOSIGNAL) != (ssize_t) sizeof m)
                return -EIO;
        ssize_t k = recv(fd, &m, sizeof m, 0);
        if (k != (ssize_t) sizeof m || s0h_msg_validate(&m, sizeof m) < 0 || m.type != S0H_OK)
                return -EPROTO;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static const char *il_name(uint32_t il) {
        switch (il) {
        case S0H_IL_LOW: return "low";
        case S0H_IL_MEDIUM: return "medium";
        case S0H_IL_HIGH: return "high";
        case S0H_IL_SYSTEM: return "system";
        default: return "?";
        }
}

static void print_record(const struct s0ctl_args *a, const struct s0h_window_record *r, bool first) {
        bool msgonly = r->parent == S0H_HWND_MESSAGE;
        if (a->json) {
                printf("%s\n  {\"hwnd\": %llu, \"class\": ", first ? "" : ",", (unsigned long long) r->hwnd);
                json_string(stdout, r->cls);
                printf(", \"title\": ");
                json_string(stdout, r->title);
                printf(", \"pid\": %u, \"tid\": %u, \"integrity\": \"%s\", \"station\": ", r->pid, r->tid,
                       il_name(r->il));
                json_string(stdout, r->station);
                printf(", \"desktop\": ");
                json_string(stdout, r->desktop);
                printf(", \"message_only\": %s, \"parent\": %llu}",
                       msgonly ? "true" : "false", msgonly ? 0ULL : (unsigned long long) r->parent);
                return;
        }
        char where[S0H_STATION_NAME_MAX + S0H_DESKTOP_NAME_MAX + 1];
        snprintf(where, sizeof where, "%s\\%s", r->station[0] ? r->station : "?", r->desktop[0] ? r->desktop : "?");
        printf("0x%08llx  %-7u %-7u %-6s  %-24s %-9s %-20s '%s'\n", (unsigned long long) r->hwnd, r->pid, r->tid,
               il_name(r->il), where, msgonly ? "message" : r->parent ? "child" : "top", r->cls, r->title);
}

static int list_windows(const struct s0ctl_args *a, int fd) {
        _Alignas(struct s0h_msg) uint8_t buf[S0H_MSG_SIZE_MAX];
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        uint64_t after = 0;
        bool first = true;

        if (a->json)
                printf("[");
        else
                printf("HWND        PID     TID     IL      STATION\\DESKTOP          KIND      CLASS                TITLE\n");
        for (uint32_t cookie = 2;; cookie++) {
                struct s0h_msg req = { .type = S0H_WINLIST, .cookie = cookie, .hwnd = after };
                if (send(fd, &req, sizeof req, MSG_NOSIGNAL) != (ssize_t) sizeof req)
                        return -EIO;
                ssize_t k = recv(fd, buf, sizeof buf, 0);
                if (k < 0)
                        return -errno;
                if (s0h_msg_validate(buf, (size_t) k) < 0 || rep->cookie != cookie)
                        return -EPROTO;
                if (rep->type != S0H_OK)
                        return -EOPNOTSUPP; /* an older host */
                uint32_t n = rep->data_len / (uint32_t) sizeof(struct s0h_window_record);
                for (uint32_t i = 0; i < n; i++) {
                        struct s0h_window_record r;
                        memcpy(&r, rep->data + i * sizeof r, sizeof r);
                        r.cls[sizeof r.cls - 1] = r.title[sizeof r.title - 1] = r.station[sizeof r.station - 1] =
                                r.desktop[sizeof r.desktop - 1] = 0;
                        print_record(a, &r, first);
                        first = false;
                }
                /* the position must advance, or a confused host would keep us here */
                if (!rep->result || rep->hwnd <= after)
                        break;
                after = rep->hwnd;
        }
        if (a->json)
                printf("%s]\n", first ? "" : "\n");
        return 0;
}

int cmd_windows(const struct s0ctl_args *a, int argc, char **argv) {
        uint32_t want = S0_SESSION_NONE, own = S0_SESSION_NONE;
        struct s0_client *c;
        int fd = -1, r;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(argv[i], "--session") == 0 && i + 1 < argc) {
                        if (s0ctl_parse_session(argv[++i], &want) < 0)
                                return 2;
                } else {
                        fprintf(stderr, "s0ctl windows: unexpected argument '%s'\n", argv[i]);
                        return 2;
                }
        }
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        /* our own session as the kernel has it (our cgroup), never a variable */
        if (s0_session_of_pid(c, getpid(), &own) < 0)
                own = S0_SESSION_NONE;
        if (want == S0_SESSION_NONE)
                want = own;
        if (want == S0_SESSION_NONE) {
                fprintf(stderr, "s0ctl windows: this process is in no session; name one with --session N (root)\n");
                s0_client_close(c);
                return 1;
        }
        if (want != own) {
                if (geteuid() != 0) {
                        struct s0_session_info *list = NULL;
                        size_t n = 0;
                        bool other_user = false;
                        if (s0_list_sessions(c, &list, &n) == 0)
                                for (size_t i = 0; i < n; i++)
                                        other_user |= list[i].id == want && list[i].uid != (uint32_t) getuid();
                        free(list);
                        fprintf(stderr, "s0ctl windows: session %u %s: only root may list another session's windows\n",
                                want, other_user ? "belongs to another user" : "is not this process's session");
                        s0_client_close(c);
                        return 1;
                }
                r = enter_session(c, want);
                if (r != 0) {
                        s0_client_close(c);
                        return r;
                }
        }
        s0_client_close(c);
        r = host_connect(a, &fd);
        if (r < 0) {
                fprintf(stderr, "s0ctl windows: cannot reach session %u's host: %s\n", want, strerror(-r));
                return 1;
        }
        r = list_windows(a, fd);
        (void) close(fd);
        if (r < 0) {
                fprintf(stderr, "s0ctl windows: session %u's host: %s\n", want, strerror(-r));
                return 1;
        }
        return 0;
}
