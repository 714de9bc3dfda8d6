/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-test-rawclient: talks to session0d's control socket with hand-built datagrams,
 * bypassing libsession0, so that the attack tests (A13, A14) can send what a hostile
 * client would: requests it has no right to make, fields that lie, broken messages,
 * fd tricks, stalls and floods. Messages are built from <session0/protocol.h> only.
 *
 * Usage: s0-test-rawclient [--runtime-dir DIR] COMMAND [ARGS...]
 * (default: $S0_RUNTIME_DIR, else /run/session0)
 *
 *   list | logon USER | join USER | logoff ID | disconnect ID | session-of PID
 *   spawn [--fds N] [--env K=V]... SESSION USER CMD [ARG...]   (USER "-": empty field)
 *   build-spawn FILE SESSION USER CMD [ARG...]   write a SPAWN datagram to FILE
 *   send-file [--fds N] FILE                     send FILE as one datagram
 *   bad KIND               send a broken message (see bad_message()), print the reply,
 *                          then LIST on the same connection and print that reply
 *   stall                  connect, never send or read, until stdin reaches EOF
 *   stall-noread           send one LIST, never read the reply, until stdin EOF
 *   noread N               send up to N LISTs without ever reading replies
 *   many N                 hold N connections at once and make a request on each;
 *                          then wait for EOF on stdin before closing them
 *   fd-count PID           number of open descriptors of PID (for leak checks)
 *
 * Every reply is printed as one line on stdout:
 *   ERROR <ERRNO-NAME> <text> | OK | SESSION <id> | SESSION_LIST count=<n> |
 *   SPAWNED pid=<pid> session=<id> | EXITED code=<exited|killed|dumped> status=<n> |
 *   JOINED session=<id> | EOF | TIMEOUT | INVALID-REPLY ... | COOKIE-MISMATCH ...
 * A request with a complete header must get its cookie back (else COOKIE-MISMATCH
 * and exit 3). Exit 0 when a reply (of any kind) was printed, 1 on local failures,
 * 2 on usage errors.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <session0/protocol.h>

#define BUF_MAX (2 * S0_MSG_SIZE_MAX)
#define REPLY_GUARD_MS 10000 /* failure guard only: replies normally come at once */
#define EXIT_GUARD_MS 60000
#define COOKIE_BASE 0x5e5e0000u
#define FDS_MAX 16

static const char *runtime_dir;
static uint32_t next_cookie = COOKIE_BASE;

/* ---- plumbing ----------------------------------------------------------------- */

static int usage(void) {
        fprintf(stderr, "usage: s0-test-rawclient [--runtime-dir DIR] COMMAND [ARGS...] (see the source)\n");
        return 2;
}

static int connect_control(void) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd;

        if ((size_t) snprintf(sa.sun_path, sizeof sa.sun_path, "%s/control", runtime_dir) >= sizeof sa.sun_path)
                return -ENAMETOOLONG;
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        return fd;
}

static int connect_or_die(void) {
        int fd = connect_control();
        if (fd < 0) {
                fprintf(stderr, "s0-test-rawclient: cannot connect to '%s/control': %s\n", runtime_dir, strerror(-fd));
                exit(1);
        }
        return fd;
}

/* Sends one datagram with nfds descriptors attached (copies of 0, 1, 2, then 2 again). */
static int send_msg(int fd, const void *buf, size_t n, int nfds) {
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * FDS_MAX)];
        } ctl;
        struct iovec iov = { .iov_base = (void *) buf, .iov_len = n };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
        int fds[FDS_MAX];
        ssize_t k;

        if (nfds > FDS_MAX)
                return -EINVAL;
        if (nfds > 0) {
                for (int i = 0; i < nfds; i++)
                        fds[i] = i < 3 ? i : 2;
                memset(&ctl, 0, sizeof ctl);
                mh.msg_control = ctl.buf;
                mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t) nfds);
                struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
                cm->cmsg_level = SOL_SOCKET;
                cm->cmsg_type = SCM_RIGHTS;
                cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t) nfds);
                memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t) nfds);
        }
        do
                k = sendmsg(fd, &mh, MSG_NOSIGNAL);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return -errno;
        return (size_t) k == n ? 0 : -EIO;
}

/* Receives one datagram (closing any descriptors that come with it). Returns its
 * length, 0 at EOF, -ETIMEDOUT, or -errno. */
static ssize_t recv_msg(int fd, void *buf, size_t size, int timeout_ms) {
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * FDS_MAX)];
        } ctl;
        struct iovec iov = { .iov_base = buf, .iov_len = size };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
        struct pollfd p = { .fd = fd, .events = POLLIN };
        ssize_t n;
        int r;

        do
                r = poll(&p, 1, timeout_ms);
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return -errno;
        if (r == 0)
                return -ETIMEDOUT;
        n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
        if (n < 0)
                return -errno;
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
                if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
                        size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                        int got[FDS_MAX];
                        if (k > FDS_MAX)
                                k = FDS_MAX;
                        memcpy(got, CMSG_DATA(cm), k * sizeof(int));
                        for (size_t i = 0; i < k; i++)
                                close(got[i]);
                }
        return n;
}

static const char *errno_name(int e) {
        const char *s = strerrorname_np(e);
        return s ? s : "E?";
}

static const char *code_name(int code) {
        switch (code) {
        case CLD_EXITED:
                return "exited";
        case CLD_KILLED:
                return "killed";
        case CLD_DUMPED:
                return "dumped";
        default:
                return "?";
        }
}

/* Prints one reply; returns its type, or -1 when there was none / it was invalid. */
static int print_reply(const void *buf, ssize_t n, bool check_cookie, uint32_t cookie) {
        const struct s0_msg_header *h = buf;
        int r;

        if (n == 0) {
                puts("EOF");
                return -1;
        }
        if (n == -ETIMEDOUT) {
                puts("TIMEOUT");
                return -1;
        }
        if (n < 0) {
                printf("RECV-ERROR %s\n", errno_name((int) -n));
                return -1;
        }
        r = s0_msg_validate(buf, (size_t) n);
        if (r < 0) {
                printf("INVALID-REPLY n=%zd %s\n", n, errno_name(-r));
                return -1;
        }
        if (check_cookie && h->cookie != cookie) {
                printf("COOKIE-MISMATCH got=0x%08x want=0x%08x\n", (unsigned) h->cookie, (unsigned) cookie);
                fflush(stdout);
                exit(3);
        }
        switch (h->type) {
        case S0_MSG_ERROR: {
                const struct s0_rep_error *m = buf;
                printf("ERROR %s %s\n", errno_name(-m->error), m->text);
                break;
        }
        case S0_MSG_OK:
                puts("OK");
                break;
        case S0_MSG_SESSION:
                printf("SESSION %u\n", ((const struct s0_rep_session *) buf)->session_id);
                break;
        case S0_MSG_SESSION_LIST:
                printf("SESSION_LIST count=%u\n", ((const struct s0_rep_list *) buf)->count);
                break;
        case S0_MSG_SPAWNED: {
                const struct s0_rep_spawned *m = buf;
                printf("SPAWNED pid=%d session=%u\n", m->pid, m->session_id);
                break;
        }
        case S0_MSG_EXITED: {
                const struct s0_rep_exited *m = buf;
                printf("EXITED code=%s status=%d\n", code_name(m->code), m->status);
                break;
        }
        case S0_MSG_JOINED:
                printf("JOINED session=%u\n", ((const struct s0_rep_joined *) buf)->session_id);
                break;
        default:
                printf("UNEXPECTED-REPLY type=%u\n", h->type);
                break;
        }
        fflush(stdout);
        return h->type;
}

static void header(void *buf, uint16_t type, size_t size) {
        struct s0_msg_header *h = buf;
        h->magic = S0_MSG_MAGIC;
        h->version = S0_PROTOCOL_VERSION;
        h->type = type;
        h->size = (uint32_t) size;
        h->cookie = next_cookie++;
}

static int parse_u32(const char *s, uint32_t *ret) {
        char *end;
        unsigned long v;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno || !*s || *end || v > UINT32_MAX)
                return -EINVAL;
        *ret = (uint32_t) v;
        return 0;
}

/* ---- building requests ------------------------------------------------------------ */

static size_t build_list(void *buf) {
        struct s0_req_list *m = buf;
        memset(m, 0, sizeof *m);
        header(m, S0_MSG_LIST, sizeof *m);
        return sizeof *m;
}

/* Sends msg, prints the reply, and for SPAWNED also waits for and prints EXITED. With
 * then_list, the same connection then makes a LIST and prints that reply too: after
 * an error the connection must still work. */
static int transact_ex(const void *msg, size_t n, int nfds, bool check_cookie, bool then_list) {
        static uint8_t rep[BUF_MAX];
        uint32_t cookie = n >= sizeof(struct s0_msg_header) ? ((const struct s0_msg_header *) msg)->cookie : 0;
        int fd = connect_or_die(), r, type;
        ssize_t k;

        r = send_msg(fd, msg, n, nfds);
        if (r < 0) {
                printf("SEND-ERROR %s\n", errno_name(-r));
                close(fd);
                return 1;
        }
        k = recv_msg(fd, rep, sizeof rep, REPLY_GUARD_MS);
        type = print_reply(rep, k, check_cookie, cookie);
        if (type == S0_MSG_SPAWNED) {
                k = recv_msg(fd, rep, sizeof rep, EXIT_GUARD_MS);
                (void) print_reply(rep, k, true, cookie);
        }
        if (then_list && type >= 0) {
                uint8_t req[64];
                size_t m = build_list(req);
                r = send_msg(fd, req, m, 0);
                if (r < 0)
                        printf("SEND-ERROR %s\n", errno_name(-r));
                else {
                        k = recv_msg(fd, rep, sizeof rep, REPLY_GUARD_MS);
                        (void) print_reply(rep, k, true, ((struct s0_msg_header *) req)->cookie);
                }
        }
        close(fd);
        return 0;
}

static int transact(const void *msg, size_t n, int nfds, bool check_cookie) {
        return transact_ex(msg, n, nfds, check_cookie, false);
}

static size_t build_user_req(void *buf, uint16_t type, const char *user) {
        struct s0_req_logon *m = buf; /* LOGON and JOIN share the layout */
        static_assert(sizeof(struct s0_req_logon) == sizeof(struct s0_req_join), "layouts differ");
        memset(m, 0, sizeof *m);
        header(m, type, sizeof *m);
        snprintf(m->user, sizeof m->user, "%s", user);
        return sizeof *m;
}

static size_t build_session_req(void *buf, uint16_t type, uint32_t id) {
        struct s0_req_session *m = buf;
        memset(m, 0, sizeof *m);
        header(m, type, sizeof *m);
        m->session_id = id;
        return sizeof *m;
}

/* SPAWN: the fixed part, then argv and env strings. Returns 0 when it does not fit. */
static size_t build_spawn(void *buf, size_t cap, uint32_t session, const char *user, char **argv, int argc,
                          char **env, int envc) {
        struct s0_req_spawn *m = buf;
        size_t n = sizeof *m;

        memset(m, 0, sizeof *m);
        snprintf(m->user, sizeof m->user, "%s", strcmp(user, "-") == 0 ? "" : user);
        m->session_id = session;
        m->argc = (uint32_t) argc;
        m->envc = (uint32_t) envc;
        for (int i = 0; i < argc + envc; i++) {
                const char *s = i < argc ? argv[i] : env[i - argc];
                size_t l = strlen(s) + 1;
                if (n + l > cap)
                        return 0;
                memcpy((char *) buf + n, s, l);
                n += l;
        }
        m->strings_size = (uint32_t) (n - sizeof *m);
        header(m, S0_MSG_SPAWN, n);
        return n;
}

/* ---- broken messages (A14) ---------------------------------------------------------- */

struct bad {
        size_t n;
        int nfds;
        bool check_cookie;
};

static size_t spawn_true(uint8_t *buf, size_t cap) {
        char *argv[] = { (char *) "true", NULL };
        return build_spawn(buf, cap, 0, "-", argv, 1, NULL, 0);
}

static int bad_message(const char *kind, uint8_t *buf, size_t cap, struct bad *b) {
        struct s0_msg_header *h = (struct s0_msg_header *) buf;

        memset(buf, 0, cap);
        b->nfds = 0;
        b->check_cookie = true;
        if (strcmp(kind, "empty") == 0) {
                b->n = 0;
                b->check_cookie = false;
        } else if (strcmp(kind, "short") == 0) {
                build_list(buf);
                b->n = 7;
                b->check_cookie = false;
        } else if (strcmp(kind, "header-only") == 0) {
                build_list(buf);
                h->size = sizeof *h;
                b->n = sizeof *h; /* a LIST without its body */
        } else if (strcmp(kind, "truncated") == 0) {
                b->n = build_user_req(buf, S0_MSG_LOGON, "root");
                b->n = 40; /* header says 88 */
        } else if (strcmp(kind, "size-lies-small") == 0) {
                b->n = build_list(buf);
                h->size = sizeof *h;
        } else if (strcmp(kind, "size-lies-big") == 0) {
                b->n = build_list(buf);
                h->size = S0_MSG_SIZE_MAX;
        } else if (strcmp(kind, "size-lies-huge") == 0) {
                b->n = build_list(buf);
                h->size = UINT32_MAX;
        } else if (strcmp(kind, "oversized") == 0 || strcmp(kind, "oversized-by-one") == 0) {
                b->n = strcmp(kind, "oversized") == 0 ? 20000 : S0_MSG_SIZE_MAX + 1;
                if (b->n > cap)
                        return -ENOBUFS;
                build_list(buf);
                h->size = (uint32_t) b->n;
                b->check_cookie = false; /* the daemon does not read past its limit */
        } else if (strcmp(kind, "bad-version") == 0) {
                b->n = build_list(buf);
                h->version = S0_PROTOCOL_VERSION + 1;
        } else if (strcmp(kind, "bad-magic") == 0) {
                b->n = build_list(buf);
                h->magic = 0x12345678u;
        } else if (strcmp(kind, "unknown-type") == 0) {
                b->n = build_list(buf);
                h->type = 999;
        } else if (strcmp(kind, "type-zero") == 0) {
                b->n = build_list(buf);
                h->type = S0_MSG_INVALID;
        } else if (strcmp(kind, "reply-as-request") == 0) {
                header(buf, S0_MSG_OK, sizeof *h); /* out of order: a reply sent to the daemon */
                b->n = sizeof *h;
        } else if (strcmp(kind, "exited-as-request") == 0) {
                header(buf, S0_MSG_EXITED, sizeof(struct s0_rep_exited));
                b->n = sizeof(struct s0_rep_exited);
        } else if (strcmp(kind, "garbage") == 0) {
                b->n = 512;
                if (getrandom(buf, b->n, 0) != (ssize_t) b->n)
                        return -EIO;
                if (h->magic == S0_MSG_MAGIC)
                        h->magic ^= 1;
        } else if (strcmp(kind, "unterminated-user") == 0) {
                b->n = build_user_req(buf, S0_MSG_LOGON, "root");
                memset(((struct s0_req_logon *) buf)->user, 'A', S0_USER_NAME_MAX);
        } else if (strcmp(kind, "empty-user") == 0) {
                b->n = build_user_req(buf, S0_MSG_LOGON, "");
        } else if (strcmp(kind, "logon-flags") == 0) {
                b->n = build_user_req(buf, S0_MSG_LOGON, "root");
                ((struct s0_req_logon *) buf)->flags = 1;
        } else if (strcmp(kind, "spawn-argc-lies") == 0) {
                b->n = spawn_true(buf, cap);
                ((struct s0_req_spawn *) buf)->argc = 2;
                b->nfds = 3;
        } else if (strcmp(kind, "spawn-strings-size-lies") == 0) {
                b->n = spawn_true(buf, cap);
                ((struct s0_req_spawn *) buf)->strings_size += 100;
                b->nfds = 3;
        } else if (strcmp(kind, "spawn-unterminated") == 0) {
                b->n = spawn_true(buf, cap);
                buf[b->n - 1] = 'x';
                b->nfds = 3;
        } else if (strcmp(kind, "spawn-too-many-args") == 0) {
                struct s0_req_spawn *m = (struct s0_req_spawn *) buf;
                b->n = spawn_true(buf, cap);
                for (uint32_t i = 1; i < S0_SPAWN_ARGS_MAX + 44; i++) {
                        buf[b->n++] = 'a';
                        buf[b->n++] = 0;
                }
                m->argc = S0_SPAWN_ARGS_MAX + 44;
                m->strings_size = (uint32_t) (b->n - sizeof *m);
                h->size = (uint32_t) b->n;
                b->nfds = 3;
        } else if (strcmp(kind, "spawn-no-fds") == 0) {
                b->n = spawn_true(buf, cap);
        } else if (strcmp(kind, "spawn-2-fds") == 0) {
                b->n = spawn_true(buf, cap);
                b->nfds = 2;
        } else if (strcmp(kind, "list-with-fd") == 0) {
                b->n = build_list(buf);
                b->nfds = 1;
        } else if (strcmp(kind, "list-with-3-fds") == 0) {
                b->n = build_list(buf);
                b->nfds = 3;
        } else if (strcmp(kind, "list-with-4-fds") == 0) {
                b->n = build_list(buf);
                b->nfds = 4; /* CMSG_SPACE(3 ints) == CMSG_SPACE(4 ints) on 64-bit */
        } else if (strcmp(kind, "too-many-fds") == 0) {
                b->n = build_list(buf);
                b->nfds = 10;
                b->check_cookie = false; /* refused before the message is looked at */
        } else
                return -EINVAL;
        return 0;
}

/* ---- commands ----------------------------------------------------------------------- */

static int cmd_spawn_like(int argc, char **argv, bool to_file) {
        static uint8_t buf[BUF_MAX];
        char *env[S0_SPAWN_ENV_MAX + 8];
        int envc = 0, nfds = 3, i = 0;
        const char *file = NULL;
        uint32_t session;
        size_t n;

        if (to_file) {
                if (argc < 1)
                        return usage();
                file = argv[i++];
        }
        while (i < argc && strncmp(argv[i], "--", 2) == 0) {
                if (strcmp(argv[i], "--fds") == 0 && i + 1 < argc && !to_file)
                        nfds = atoi(argv[i + 1]);
                else if (strcmp(argv[i], "--env") == 0 && i + 1 < argc && envc < (int) (sizeof env / sizeof env[0]))
                        env[envc++] = argv[i + 1];
                else
                        return usage();
                i += 2;
        }
        if (argc - i < 3 || parse_u32(argv[i], &session) < 0)
                return usage();
        n = build_spawn(buf, S0_MSG_SIZE_MAX, session, argv[i + 1], argv + i + 2, argc - i - 2, env, envc);
        if (n == 0) {
                fprintf(stderr, "s0-test-rawclient: spawn message too large\n");
                return 1;
        }
        if (to_file) {
                int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (fd < 0 || write(fd, buf, n) != (ssize_t) n) {
                        fprintf(stderr, "s0-test-rawclient: cannot write '%s': %s\n", file, strerror(errno));
                        return 1;
                }
                close(fd);
                return 0;
        }
        return transact(buf, n, nfds, true);
}

static int cmd_send_file(int argc, char **argv) {
        static uint8_t buf[BUF_MAX];
        int nfds = 3, fd, i = 0;
        ssize_t n;

        if (argc >= 2 && strcmp(argv[0], "--fds") == 0) {
                nfds = atoi(argv[1]);
                i = 2;
        }
        if (argc - i != 1)
                return usage();
        fd = open(argv[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                fprintf(stderr, "s0-test-rawclient: cannot open '%s': %s\n", argv[i], strerror(errno));
                return 1;
        }
        n = read(fd, buf, sizeof buf);
        close(fd);
        if (n <= 0)
                return 1;
        return transact(buf, (size_t) n, nfds, true);
}

static int cmd_bad(const char *kind) {
        static uint8_t buf[BUF_MAX];
        struct bad b;
        int r = bad_message(kind, buf, sizeof buf, &b);

        if (r < 0) {
                fprintf(stderr, "s0-test-rawclient: unknown bad message kind '%s'\n", kind);
                return 2;
        }
        return transact_ex(buf, b.n, b.nfds, b.check_cookie, true);
}

/* Blocks until stdin reaches EOF: the test decides when a held client goes away. */
static void wait_stdin_eof(void) {
        char c;
        ssize_t k;
        do
                k = read(STDIN_FILENO, &c, 1);
        while (k > 0 || (k < 0 && errno == EINTR));
}

static int cmd_stall(bool send_one) {
        uint8_t buf[64];
        int fd = connect_or_die();

        if (send_one) {
                size_t n = build_list(buf);
                int r = send_msg(fd, buf, n, 0);
                if (r < 0) {
                        printf("SEND-ERROR %s\n", errno_name(-r));
                        return 1;
                }
        }
        puts("connected");
        fflush(stdout);
        wait_stdin_eof();
        close(fd);
        return 0;
}

/* Requests without ever reading the replies: the daemon must cut us off rather than
 * block on us. Prints "cut-off after=K" (K requests were sent before the daemon
 * hung up), or "not-cut-off sent=N". */
static int cmd_noread(uint32_t count) {
        struct timeval tv = { .tv_sec = REPLY_GUARD_MS / 1000 };
        uint8_t buf[64];
        int fd = connect_or_die();

        (void) setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        for (uint32_t i = 0; i < count; i++) {
                size_t n = build_list(buf);
                int r = send_msg(fd, buf, n, 0);
                if (r == -EPIPE || r == -ECONNRESET) {
                        printf("cut-off after=%u\n", i);
                        return 0;
                }
                if (r < 0) {
                        printf("send-error after=%u %s\n", i, errno_name(-r));
                        return 1;
                }
        }
        printf("not-cut-off sent=%u\n", count);
        return 0;
}

static void raise_nofile(rlim_t want) {
        struct rlimit rl;
        if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= want)
                return;
        rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
        (void) setrlimit(RLIMIT_NOFILE, &rl);
}

/* N clients at once: connect them all, then one LIST on each. A client the daemon
 * refuses (its connection limits) sees its connection closed. */
static int cmd_many(uint32_t count) {
        static uint8_t rep[BUF_MAX];
        uint32_t served = 0, refused = 0, other = 0;
        int *fds = calloc(count, sizeof(int));
        uint8_t buf[64];

        if (!fds || count == 0)
                return 1;
        raise_nofile((rlim_t) count + 64);
        for (uint32_t i = 0; i < count; i++) {
                fds[i] = connect_control();
                if (fds[i] < 0) {
                        printf("connect-failed at=%u %s\n", i, errno_name(-fds[i]));
                        return 1;
                }
        }
        for (uint32_t i = 0; i < count; i++) {
                size_t n = build_list(buf);
                int r = send_msg(fds[i], buf, n, 0);
                ssize_t k;
                if (r == -EPIPE || r == -ECONNRESET) {
                        refused++;
                        continue;
                }
                if (r < 0) {
                        other++;
                        continue;
                }
                k = recv_msg(fds[i], rep, sizeof rep, REPLY_GUARD_MS);
                if (k == 0 || k == -ECONNRESET)
                        refused++;
                else if (k > 0 && s0_msg_validate(rep, (size_t) k) == 0 &&
                         ((struct s0_msg_header *) rep)->type == S0_MSG_SESSION_LIST)
                        served++;
                else
                        other++;
        }
        printf("connected=%u served=%u refused=%u other=%u\n", count, served, refused, other);
        fflush(stdout);
        wait_stdin_eof();
        for (uint32_t i = 0; i < count; i++)
                close(fds[i]);
        free(fds);
        return 0;
}

static int cmd_fd_count(const char *pid) {
        char path[64];
        struct dirent *de;
        DIR *d;
        int n = 0;

        snprintf(path, sizeof path, "/proc/%s/fd", pid);
        d = opendir(path);
        if (!d) {
                fprintf(stderr, "s0-test-rawclient: cannot open '%s': %s\n", path, strerror(errno));
                return 1;
        }
        while ((de = readdir(d)))
                n += de->d_name[0] != '.';
        closedir(d);
        printf("%d\n", n);
        return 0;
}

int main(int argc, char **argv) {
        static uint8_t buf[BUF_MAX];
        const char *env = getenv("S0_RUNTIME_DIR");
        uint32_t v;
        int i = 1;

        runtime_dir = env && *env ? env : "/run/session0";
        if (i + 1 < argc && strcmp(argv[i], "--runtime-dir") == 0) {
                runtime_dir = argv[i + 1];
                i += 2;
        }
        if (i >= argc)
                return usage();
        const char *cmd = argv[i++];
        int rest = argc - i;
        char **args = argv + i;

        if (strcmp(cmd, "list") == 0 && rest == 0)
                return transact(buf, build_list(buf), 0, true);
        if ((strcmp(cmd, "logon") == 0 || strcmp(cmd, "join") == 0) && rest == 1)
                return transact(buf, build_user_req(buf, cmd[0] == 'l' ? S0_MSG_LOGON : S0_MSG_JOIN, args[0]), 0,
                                true);
        if ((strcmp(cmd, "logoff") == 0 || strcmp(cmd, "disconnect") == 0) && rest == 1 && parse_u32(args[0], &v) == 0)
                return transact(buf,
                                build_session_req(buf, strcmp(cmd, "logoff") == 0 ? S0_MSG_LOGOFF : S0_MSG_DISCONNECT, v),
                                0, true);
        if (strcmp(cmd, "session-of") == 0 && rest == 1 && parse_u32(args[0], &v) == 0) {
                struct s0_req_pid *m = (struct s0_req_pid *) buf;
                memset(m, 0, sizeof *m);
                header(m, S0_MSG_SESSION_OF, sizeof *m);
                m->pid = (int32_t) v;
                return transact(buf, sizeof *m, 0, true);
        }
        if (strcmp(cmd, "spawn") == 0)
                return cmd_spawn_like(rest, args, false);
        if (strcmp(cmd, "build-spawn") == 0)
                return cmd_spawn_like(rest, args, true);
        if (strcmp(cmd, "send-file") == 0)
                return cmd_send_file(rest, args);
        if (strcmp(cmd, "bad") == 0 && rest == 1)
                return cmd_bad(args[0]);
        if (strcmp(cmd, "stall") == 0 && rest == 0)
                return cmd_stall(false);
        if (strcmp(cmd, "stall-noread") == 0 && rest == 0)
                return cmd_stall(true);
        if (strcmp(cmd, "noread") == 0 && rest == 1 && parse_u32(args[0], &v) == 0)
                return cmd_noread(v);
        if (strcmp(cmd, "many") == 0 && rest == 1 && parse_u32(args[0], &v) == 0)
                return cmd_many(v);
        if (strcmp(cmd, "fd-count") == 0 && rest == 1)
                return cmd_fd_count(args[0]);
        return usage();
}
