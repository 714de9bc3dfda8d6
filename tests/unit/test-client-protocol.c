/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Round trips through the real libsession0 client against a fake daemon: every request
 * the library puts on the wire must pass s0_msg_validate() (what session0d runs first),
 * carry what the caller asked for, and the library must read the replies the daemon
 * sends and refuse malformed ones.
 *
 * The client runs in a forked child (its calls block on the socket); the parent is the
 * fake daemon and makes the assertions. The parent closes its end of the connection
 * after each reply, so a child that waits for more gets ECONNRESET instead of hanging. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <session0/session0.h>

#define GUARD_MS 10000 /* failure guard only: every wait below normally ends at once */

struct fake {
        char dir[64];
        char path[sizeof(((struct sockaddr_un *) 0)->sun_path)];
        int listen_fd;
        int conn_fd;
        pid_t child;
};

/* Returned by client functions when the library call succeeded but gave wrong data. */
#define CLIENT_WRONG_RESULT 1

typedef int (*client_fn)(struct s0_client *c);

static int fake_setup(void **state) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct fake *f = calloc(1, sizeof *f);

        if (!f)
                return -1;
        f->listen_fd = f->conn_fd = -1;
        f->child = -1;
        snprintf(f->dir, sizeof f->dir, "/tmp/s0-unit-XXXXXX");
        if (!mkdtemp(f->dir))
                return -1;
        snprintf(f->path, sizeof f->path, "%s/control", f->dir);
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", f->path);
        f->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (f->listen_fd < 0 || bind(f->listen_fd, (struct sockaddr *) &sa, sizeof sa) < 0 ||
            listen(f->listen_fd, 4) < 0)
                return -1;
        *state = f;
        return 0;
}

static int fake_teardown(void **state) {
        struct fake *f = *state;

        if (!f)
                return 0;
        if (f->child > 0) {
                /* only on a failed test: the child we forked is still around */
                (void) kill(f->child, SIGKILL);
                (void) waitpid(f->child, NULL, 0);
        }
        if (f->conn_fd >= 0)
                close(f->conn_fd);
        if (f->listen_fd >= 0)
                close(f->listen_fd);
        (void) unlink(f->path);
        (void) rmdir(f->dir);
        free(f);
        return 0;
}

static void client_start(struct fake *f, client_fn fn) {
        f->child = fork();
        assert_true(f->child >= 0);
        if (f->child == 0) {
                struct s0_client *c;
                int r = s0_client_open(f->dir, &c);
                if (r >= 0) {
                        r = fn(c);
                        s0_client_close(c);
                }
                _exit(r == 0 ? 0 : r > 0 ? r : 128 + (-r & 127));
        }
}

/* Waits for the child and checks what its library call returned (0 or -errno). */
static void client_finished_with(struct fake *f, int expected) {
        int status, got;

        /* Closing our end first: a client still waiting for a reply gets EOF, not a hang. */
        if (f->conn_fd >= 0)
                f->conn_fd = (close(f->conn_fd), -1);
        assert_int_equal(waitpid(f->child, &status, 0), f->child);
        f->child = -1;
        assert_true(WIFEXITED(status));
        got = WEXITSTATUS(status);
        if (got == CLIENT_WRONG_RESULT)
                fail_msg("the client call succeeded but returned the wrong data");
        got = got >= 128 ? -(got - 128) : got;
        if (got != expected)
                fail_msg("client call returned %d (%s), want %d (%s)", got, strerror(-got), expected,
                         strerror(-expected));
}

static void wait_readable(int fd) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int r = poll(&p, 1, GUARD_MS);
        if (r != 1)
                fail_msg("nothing arrived within %d ms", GUARD_MS);
}

/* Receives one datagram from the client (accepting its connection first); the
 * attached fds are counted and closed. Returns the length (0 on EOF). */
static size_t fake_receive(struct fake *f, void *buf, size_t room, size_t *ret_nfds) {
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * 8)];
        } ctl;
        struct iovec iov = { .iov_base = buf, .iov_len = room };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                             .msg_controllen = sizeof ctl.buf };
        size_t nfds = 0;
        ssize_t n;

        if (f->conn_fd < 0) {
                wait_readable(f->listen_fd);
                f->conn_fd = accept4(f->listen_fd, NULL, NULL, SOCK_CLOEXEC);
                assert_true(f->conn_fd >= 0);
        }
        wait_readable(f->conn_fd);
        n = recvmsg(f->conn_fd, &mh, MSG_CMSG_CLOEXEC);
        assert_true(n >= 0);
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
                if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
                        size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                        int fds[8];
                        memcpy(fds, CMSG_DATA(cm), k * sizeof(int));
                        for (size_t i = 0; i < k; i++)
                                close(fds[i]);
                        nfds += k;
                }
        assert_false(mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC));
        if (ret_nfds)
                *ret_nfds = nfds;
        return (size_t) n;
}

static void fake_reply(struct fake *f, void *reply, uint16_t type, size_t size, uint32_t cookie) {
        struct s0_msg_header *h = reply;
        h->magic = S0_MSG_MAGIC;
        h->version = S0_PROTOCOL_VERSION;
        h->type = type;
        h->size = (uint32_t) size;
        h->cookie = cookie;
        assert_int_equal(send(f->conn_fd, reply, size, MSG_NOSIGNAL), (ssize_t) size);
}

/* Receives a request and checks that it validates, has the expected type and no fds. */
static size_t receive_valid(struct fake *f, void *buf, uint16_t type, size_t expected_fds) {
        size_t nfds, n = fake_receive(f, buf, S0_MSG_SIZE_MAX, &nfds);
        const struct s0_msg_header *h = buf;

        assert_true(n > 0);
        assert_int_equal(s0_msg_validate(buf, n), 0);
        assert_int_equal(h->type, type);
        assert_int_equal(nfds, expected_fds);
        return n;
}

/* ---- logon ------------------------------------------------------------------------- */

static int client_logon(struct s0_client *c) {
        uint32_t id = 0;
        int r = s0_logon(c, "alice", &id);
        return r < 0 ? r : id == 7 ? 0 : CLIENT_WRONG_RESULT;
}

static void logon_request_from_the_library_validates(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_logon req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_rep_session rep = { .session_id = 7 };

        client_start(f, client_logon);
        assert_int_equal(receive_valid(f, &in, S0_MSG_LOGON, 0), sizeof(struct s0_req_logon));
        assert_string_equal(in.req.user, "alice");
        assert_int_equal(in.req.flags, 0);
        fake_reply(f, &rep, S0_MSG_SESSION, sizeof rep, in.req.hdr.cookie);
        client_finished_with(f, 0);
}

/* ---- logoff ------------------------------------------------------------------------ */

static int client_logoff(struct s0_client *c) { return s0_logoff(c, 5); }

static void logoff_request_from_the_library_validates(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_session req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_msg_header ok;

        client_start(f, client_logoff);
        assert_int_equal(receive_valid(f, &in, S0_MSG_LOGOFF, 0), sizeof(struct s0_req_session));
        assert_int_equal(in.req.session_id, 5);
        fake_reply(f, &ok, S0_MSG_OK, sizeof ok, in.req.hdr.cookie);
        client_finished_with(f, 0);
}

/* ---- obj-reap ------------------------------------------------------------------------ */

static int client_obj_reap(struct s0_client *c) { return s0_obj_reap(c, 3, "%2Ehidden"); }

static void obj_reap_request_from_the_library_validates(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_obj_reap req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_msg_header ok;

        client_start(f, client_obj_reap);
        assert_int_equal(receive_valid(f, &in, S0_MSG_OBJ_REAP, 0), sizeof(struct s0_req_obj_reap));
        assert_int_equal(in.req.session, 3);
        assert_string_equal(in.req.file, "%2Ehidden");
        fake_reply(f, &ok, S0_MSG_OK, sizeof ok, in.req.hdr.cookie);
        client_finished_with(f, 0);
}

static int client_obj_reap_path(struct s0_client *c) {
        static const char *const bad[] = { "", ".", "..", "../x", "a/b" };
        char longest[S0_OBJ_FILE_NAME_MAX + 1];

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                if (s0_obj_reap(c, 0, bad[i]) != -EINVAL)
                        return CLIENT_WRONG_RESULT;
        memset(longest, 'a', S0_OBJ_FILE_NAME_MAX);
        longest[S0_OBJ_FILE_NAME_MAX] = 0; /* 256 bytes: one too many */
        if (s0_obj_reap(c, 0, longest) != -EINVAL || s0_obj_reap(c, 0, NULL) != -EINVAL)
                return CLIENT_WRONG_RESULT;
        return -EINVAL;
}

static void obj_reap_of_a_path_is_refused_before_sending(void **state) {
        struct fake *f = *state;
        static char buf[S0_MSG_SIZE_MAX];

        client_start(f, client_obj_reap_path);
        assert_int_equal(fake_receive(f, buf, sizeof buf, NULL), 0);
        client_finished_with(f, -EINVAL);
}

/* ---- session-of -------------------------------------------------------------------- */

static int client_session_of(struct s0_client *c) {
        uint32_t id = 0;
        int r = s0_session_of_pid(c, 1234, &id);
        return r < 0 ? r : id == 9 ? 0 : CLIENT_WRONG_RESULT;
}

static void session_of_request_from_the_library_validates(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_pid req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_rep_session rep = { .session_id = 9 };

        client_start(f, client_session_of);
        assert_int_equal(receive_valid(f, &in, S0_MSG_SESSION_OF, 0), sizeof(struct s0_req_pid));
        assert_int_equal(in.req.pid, 1234);
        fake_reply(f, &rep, S0_MSG_SESSION, sizeof rep, in.req.hdr.cookie);
        client_finished_with(f, 0);
}

/* ---- list -------------------------------------------------------------------------- */

static int client_list(struct s0_client *c) {
        struct s0_session_info *all = NULL;
        size_t n = 0;
        int r = s0_list_sessions(c, &all, &n);
        if (r < 0)
                return r;
        r = n == 2 && all[0].id == 0 && all[0].user[0] == 0 && all[1].id == 1 && strcmp(all[1].user, "bob") == 0
                    ? 0
                    : CLIENT_WRONG_RESULT;
        free(all);
        return r;
}

static void list_request_from_the_library_validates_and_its_reply_is_read(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_list req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        static union {
                struct s0_rep_list rep;
                char raw[S0_MSG_SIZE_MAX];
        } out;
        size_t size = sizeof out.rep + 2 * sizeof(struct s0_session_info);

        client_start(f, client_list);
        assert_int_equal(receive_valid(f, &in, S0_MSG_LIST, 0), sizeof(struct s0_req_list));
        assert_int_equal(in.req.first_id, 0);
        memset(&out, 0, sizeof out);
        out.rep.count = 2;
        out.rep.next_id = S0_SESSION_NONE;
        out.rep.entries[0] = (struct s0_session_info) { .id = 0, .uid = UINT32_MAX, .state = S0_STATE_DISCONNECTED };
        out.rep.entries[1] = (struct s0_session_info) { .id = 1, .uid = 1000, .state = S0_STATE_ACTIVE };
        strcpy(out.rep.entries[1].user, "bob");
        fake_reply(f, &out, S0_MSG_SESSION_LIST, size, in.req.hdr.cookie);
        assert_int_equal(s0_msg_validate(&out, size), 0); /* what the client will check */
        client_finished_with(f, 0);
}

/* ---- spawn ------------------------------------------------------------------------- */

static int client_spawn(struct s0_client *c) {
        static char *const argv[] = { (char *) "/bin/echo", (char *) "", (char *) "hello world", NULL };
        static char *const envp[] = { (char *) "TERM=dumb", (char *) "LANG=C.UTF-8", NULL };
        struct s0_spawn_args a = { .session = 2, .user = "bob", .argv = argv, .envp = envp,
                                   .fds = { 0, 1, 2 }, .flags = S0_SPAWN_LOGOFF_ON_EXIT };
        pid_t pid = 0;
        int r = s0_spawn(c, &a, &pid, NULL);
        return r < 0 ? r : pid == 4242 ? 0 : CLIENT_WRONG_RESULT;
}

static void spawn_request_from_the_library_validates_and_unpacks(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_spawn req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        char *argv[S0_SPAWN_ARGS_MAX + 1], *envp[S0_SPAWN_ENV_MAX + 1];
        struct s0_rep_spawned rep = { .pid = 4242, .session_id = 2 };
        size_t n;

        client_start(f, client_spawn);
        n = receive_valid(f, &in, S0_MSG_SPAWN, 3);
        assert_int_equal(in.req.session_id, 2);
        assert_int_equal(in.req.flags, S0_SPAWN_LOGOFF_ON_EXIT);
        assert_string_equal(in.req.user, "bob");
        assert_int_equal(in.req.argc, 3);
        assert_int_equal(in.req.envc, 2);
        assert_int_equal(s0_spawn_unpack(&in.req, n, argv, envp), 0);
        assert_string_equal(argv[0], "/bin/echo");
        assert_string_equal(argv[1], "");
        assert_string_equal(argv[2], "hello world");
        assert_null(argv[3]);
        assert_string_equal(envp[0], "TERM=dumb");
        assert_string_equal(envp[1], "LANG=C.UTF-8");
        assert_null(envp[2]);
        fake_reply(f, &rep, S0_MSG_SPAWNED, sizeof rep, in.req.hdr.cookie);
        client_finished_with(f, 0);
}

static char *many_args[S0_SPAWN_ARGS_MAX + 2];

static int client_spawn_many(struct s0_client *c, size_t nargs) {
        struct s0_spawn_args a = { .session = 1, .argv = many_args, .fds = { 0, 1, 2 } };
        for (size_t i = 0; i < nargs; i++)
                many_args[i] = (char *) "arg";
        many_args[nargs] = NULL;
        return s0_spawn(c, &a, NULL, NULL);
}

static int client_spawn_max(struct s0_client *c) { return client_spawn_many(c, S0_SPAWN_ARGS_MAX); }
static int client_spawn_too_many(struct s0_client *c) { return client_spawn_many(c, S0_SPAWN_ARGS_MAX + 1); }

static void spawn_with_the_most_arguments_the_library_sends_validates(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_spawn req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_rep_spawned rep = { .pid = 1, .session_id = 1 };

        client_start(f, client_spawn_max);
        receive_valid(f, &in, S0_MSG_SPAWN, 3);
        assert_int_equal(in.req.argc, S0_SPAWN_ARGS_MAX);
        fake_reply(f, &rep, S0_MSG_SPAWNED, sizeof rep, in.req.hdr.cookie);
        client_finished_with(f, 0);
}

static void spawn_with_too_many_arguments_is_refused_before_sending(void **state) {
        struct fake *f = *state;
        static char buf[S0_MSG_SIZE_MAX];

        client_start(f, client_spawn_too_many);
        /* The child exits without sending anything: its connection just ends. */
        assert_int_equal(fake_receive(f, buf, sizeof buf, NULL), 0);
        client_finished_with(f, -E2BIG);
}

/* ---- replies the library must refuse or report ------------------------------------- */

#define DENIED_TEXT "logon needs root (caller is uid 1000)"

static int client_logon_denied(struct s0_client *c) {
        int r = s0_logon(c, "alice", NULL);
        if (r == -EPERM && strcmp(s0_client_error_text(c), DENIED_TEXT) != 0)
                return CLIENT_WRONG_RESULT;
        return r;
}

static void error_reply_reaches_the_caller_with_its_text(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_logon req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_rep_error rep = { .error = -EPERM };

        client_start(f, client_logon_denied);
        receive_valid(f, &in, S0_MSG_LOGON, 0);
        strcpy(rep.text, DENIED_TEXT);
        fake_reply(f, &rep, S0_MSG_ERROR, sizeof rep, in.req.hdr.cookie);
        client_finished_with(f, -EPERM);
}

static void malformed_reply_is_refused_by_the_library(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_logon req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_rep_error rep = { .error = 0 }; /* an "error" that is no error: invalid */

        client_start(f, client_logon);
        receive_valid(f, &in, S0_MSG_LOGON, 0);
        strcpy(rep.text, "x");
        fake_reply(f, &rep, S0_MSG_ERROR, sizeof rep, in.req.hdr.cookie);
        client_finished_with(f, -EBADMSG);
}

static void reply_of_the_wrong_type_is_refused_by_the_library(void **state) {
        struct fake *f = *state;
        static union {
                struct s0_req_logon req;
                char raw[S0_MSG_SIZE_MAX];
        } in;
        struct s0_msg_header ok;

        client_start(f, client_logon);
        receive_valid(f, &in, S0_MSG_LOGON, 0);
        fake_reply(f, &ok, S0_MSG_OK, sizeof ok, in.req.hdr.cookie); /* logon answers SESSION */
        client_finished_with(f, -EBADMSG);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(logon_request_from_the_library_validates, fake_setup, fake_teardown),
                cmocka_unit_test_setup_teardown(logoff_request_from_the_library_validates, fake_setup, fake_teardown),
                cmocka_unit_test_setup_teardown(obj_reap_request_from_the_library_validates, fake_setup, fake_teardown),
                cmocka_unit_test_setup_teardown(obj_reap_of_a_path_is_refused_before_sending, fake_setup,
                                                fake_teardown),
                cmocka_unit_test_setup_teardown(session_of_request_from_the_library_validates, fake_setup,
                                                fake_teardown),
                cmocka_unit_test_setup_teardown(list_request_from_the_library_validates_and_its_reply_is_read,
                                                fake_setup, fake_teardown),
                cmocka_unit_test_setup_teardown(spawn_request_from_the_library_validates_and_unpacks, fake_setup,
                                                fake_teardown),
                cmocka_unit_test_setup_teardown(spawn_with_the_most_arguments_the_library_sends_validates,
                                                fake_setup, fake_teardown),
                cmocka_unit_test_setup_teardown(spawn_with_too_many_arguments_is_refused_before_sending, fake_setup,
                                                fake_teardown),
                cmocka_unit_test_setup_teardown(error_reply_reaches_the_caller_with_its_text, fake_setup,
                                                fake_teardown),
                cmocka_unit_test_setup_teardown(malformed_reply_is_refused_by_the_library, fake_setup, fake_teardown),
                cmocka_unit_test_setup_teardown(reply_of_the_wrong_type_is_refused_by_the_library, fake_setup,
                                                fake_teardown),
        };
        /* A client whose parent died mid-test must not get SIGPIPE-killed silently. */
        signal(SIGPIPE, SIG_IGN);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
