/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-printhost: the driver host of one printer (docs/PRINTING.md). The spooler starts it
 * already dropped to s0-printdrv, with no capabilities, PR_SET_NO_NEW_PRIVS and an
 * RLIMIT_AS; it dlopen()s the printer's driver and renders the jobs the spooler sends on
 * fd 3 (a SOCK_SEQPACKET socketpair), one at a time. Whatever the driver does -- crash,
 * hang, leak -- happens in this process; the spooler sees it and restarts us.
 *
 *   s0-printhost --driver PATH --printer NAME [--options STRING]
 */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <session0/driver/printer.h>
#include <session0/spooler-protocol.h>

#include "shared/macro.h"

#define HOST_FD 3

struct printhost {
        struct s0_print_host host; /* first: the driver's callbacks get &ph->host */
        int fd;
        uint32_t job;
        bool have_output;
        /* ABI 1.1: while render() runs, a second thread watches fd for HOST_CANCEL */
        void (*cancel)(void *ctx, uint32_t job_id);
        void *ctx;
        int stop_fd; /* eventfd: render() returned, the watcher ends */
};

static int send_msg(int fd, const void *m, size_t n) {
        ssize_t w;
        do
                w = send(fd, m, n, MSG_NOSIGNAL);
        while (w < 0 && errno == EINTR);
        if (w < 0)
                return -errno;
        return (size_t) w == n ? 0 : -EIO;
}

static int send_text(struct printhost *ph, uint16_t type, int32_t code, const char *text) {
        struct s0_spool_host_status m = { .job = ph->job, .code = code };
        s0_spool_header_init(&m.hdr, type, sizeof m);
        snprintf(m.text, sizeof m.text, "%s", text ? text : "");
        return send_msg(ph->fd, &m, sizeof m);
}

static void cb_status(struct s0_print_host *h, uint32_t code, const char *text) {
        (void) send_text((struct printhost *) h, S0_SPOOL_HOST_STATUS, (int32_t) code, text);
}

static int cb_output(struct s0_print_host *h, const char *name) {
        struct printhost *ph = (struct printhost *) h;
        if (ph->have_output || !name || !*name || name[0] == '.' || strchr(name, '/') ||
            strlen(name) >= S0_SPOOL_TEXT_MAX)
                return -EINVAL;
        ph->have_output = true;
        return send_text(ph, S0_SPOOL_HOST_OUTPUT, 0, name);
}

/* The watcher: the spooler sends nothing but HOST_CANCEL while a job renders (it waits
 * for DONE), so this thread may read fd until render() returns and stop_fd fires. */
static void *cancel_watch(void *arg) {
        struct printhost *ph = arg;
        struct pollfd pfd[2] = { { .fd = ph->fd, .events = POLLIN }, { .fd = ph->stop_fd, .events = POLLIN } };

        for (;;) {
                struct s0_spool_host_cancel m;
                ssize_t n;
                int r = poll(pfd, 2, -1);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0 || pfd[1].revents)
                        return NULL;
                if (!(pfd[0].revents & POLLIN))
                        return NULL; /* POLLHUP, POLLERR: the spooler is gone; render() ends with us */
                n = recv(ph->fd, &m, sizeof m, MSG_DONTWAIT | MSG_TRUNC);
                if (n < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                if (n <= 0)
                        return NULL;
                if ((size_t) n == sizeof m && s0_spool_msg_validate(&m, sizeof m) == 0 &&
                    m.hdr.type == S0_SPOOL_HOST_CANCEL && m.job == ph->job) {
                        ph->cancel(ph->ctx, m.job);
                        return NULL; /* one cancel per job is all there is */
                }
                /* anything else is not the spooler's protocol while a job runs: ignored */
        }
}

/* Renders one job; with an ABI 1.1 cancel(), under the watcher thread. */
static int render_job(struct printhost *ph, const struct s0_printer_driver *drv, const struct s0_print_job_info *job,
                      int in_fd, int dir_fd) {
        pthread_t watcher;
        eventfd_t v;
        int r, t = ph->cancel ? pthread_create(&watcher, NULL, cancel_watch, ph) : -1;

        if (t > 0) /* no thread, no cancel: the spooler falls back to killing us */
                fprintf(stderr, "s0-printhost: cannot start the cancel watcher: %s\n", strerror(t));
        r = drv->render(ph->ctx, job, in_fd, dir_fd, &ph->host);
        if (t == 0) {
                if (eventfd_write(ph->stop_fd, 1) < 0 || pthread_join(watcher, NULL) != 0)
                        _exit(1); /* a watcher we cannot stop would read the next job: give up */
                (void) eventfd_read(ph->stop_fd, &v); /* reset for the next job; it was 1 */
        }
        return r;
}

/* One job message and its two fds; 0, -EAGAIN for a late HOST_CANCEL (the job it meant
 * had ended: ignored), or -ECONNRESET at the spooler's end. */
static int recv_job(int fd, struct s0_spool_host_job *m, int *ret_in, int *ret_dir) {
        char cbuf[CMSG_SPACE(2 * sizeof(int))];
        struct iovec iov = { .iov_base = m, .iov_len = sizeof *m };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
        struct cmsghdr *c;
        ssize_t n;
        int fds[2] = { -1, -1 };

        do
                n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if (n == 0)
                return -ECONNRESET;
        c = CMSG_FIRSTHDR(&mh);
        if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
            c->cmsg_len == CMSG_LEN(2 * sizeof(int)))
                memcpy(fds, CMSG_DATA(c), sizeof fds);
        if (!(mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) && s0_spool_msg_validate(m, (size_t) n) == 0 &&
            m->hdr.type == S0_SPOOL_HOST_CANCEL) {
                safe_close(fds[0]);
                safe_close(fds[1]);
                return -EAGAIN;
        }
        if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || s0_spool_msg_validate(m, (size_t) n) < 0 ||
            m->hdr.type != S0_SPOOL_HOST_JOB || fds[0] < 0 || fds[1] < 0) {
                safe_close(fds[0]);
                safe_close(fds[1]);
                return -EBADMSG;
        }
        *ret_in = fds[0];
        *ret_dir = fds[1];
        return 0;
}

int main(int argc, char **argv) {
        const char *driver_path = NULL, *printer = NULL, *options = "";
        const struct s0_printer_driver *drv;
        s0_printer_driver_entry_fn entry;
        struct printhost ph = { .host = { .size = sizeof(struct s0_print_host), .status = cb_status, .output = cb_output },
                                .fd = HOST_FD, .stop_fd = -1 };
        struct s0_spool_host_hello hello = { 0 };
        void *ctx = NULL, *dl;
        int r;

        for (int i = 1; i + 1 < argc; i += 2) {
                if (strcmp(argv[i], "--driver") == 0)
                        driver_path = argv[i + 1];
                else if (strcmp(argv[i], "--printer") == 0)
                        printer = argv[i + 1];
                else if (strcmp(argv[i], "--options") == 0)
                        options = argv[i + 1];
        }
        if (!driver_path || !printer) {
                fprintf(stderr, "usage: s0-printhost --driver PATH --printer NAME [--options STRING] (run by s0-spooler)\n");
                return 2;
        }
        /* The spooler set this before exec; check, since a driver must never gain privileges. */
        if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1 || geteuid() == 0) {
                fprintf(stderr, "s0-printhost: refusing to load a driver with privileges (uid %u)\n", (unsigned) geteuid());
                return 1;
        }
        dl = dlopen(driver_path, RTLD_NOW | RTLD_LOCAL);
        if (!dl) {
                fprintf(stderr, "s0-printhost: cannot load driver '%s': %s\n", driver_path, dlerror());
                return 1;
        }
        *(void **) &entry = dlsym(dl, S0_PRINTER_DRIVER_ENTRY);
        drv = entry ? entry() : NULL;
        if (!drv || S0_PRINTER_DRIVER_ABI_MAJOR_OF(drv->abi_version) != S0_PRINTER_DRIVER_ABI || !drv->render ||
            !drv->name) {
                fprintf(stderr, "s0-printhost: '%s' is not a session0 printer driver of ABI %u\n", driver_path,
                        S0_PRINTER_DRIVER_ABI);
                return 1;
        }
        if (drv->init && (r = drv->init(options, &ctx)) < 0) {
                fprintf(stderr, "s0-printhost: driver '%s' failed to start: %s\n", drv->name, strerror(-r));
                return 1;
        }
        ph.ctx = ctx;
        /* a 1.0 driver's struct ends before cancel: read it only if the driver says 1.1 */
        if (S0_PRINTER_DRIVER_ABI_MINOR_OF(drv->abi_version) >= 1 && drv->cancel) {
                ph.stop_fd = eventfd(0, EFD_CLOEXEC);
                if (ph.stop_fd < 0)
                        fprintf(stderr, "s0-printhost: eventfd: %s; cancelling will stop the host\n", strerror(errno));
                else
                        ph.cancel = drv->cancel;
        }
        s0_spool_header_init(&hello.hdr, S0_SPOOL_HOST_HELLO, sizeof hello);
        /* the spooler sends HOST_CANCEL only to a host that says 1.1 */
        hello.abi_version = ph.cancel ? S0_PRINTER_DRIVER_ABI_VERSION(S0_PRINTER_DRIVER_ABI, 1) : S0_PRINTER_DRIVER_ABI;
        hello.capabilities = drv->capabilities;
        snprintf(hello.driver, sizeof hello.driver, "%s", drv->name);
        if (send_msg(HOST_FD, &hello, sizeof hello) < 0)
                return 1;

        for (;;) {
                struct s0_spool_host_job m;
                struct s0_print_job_info job;
                int in_fd = -1, dir_fd = -1;

                r = recv_job(HOST_FD, &m, &in_fd, &dir_fd);
                if (r == -ECONNRESET)
                        return 0; /* the spooler closed us: done */
                if (r == -EAGAIN)
                        continue;
                if (r < 0)
                        return 1;
                job = (struct s0_print_job_info) {
                        .size = sizeof job, .job_id = m.job, .uid = m.uid, .session = m.session,
                        .datatype = m.datatype, .bytes = m.size, .user = m.user, .document = m.document,
                        .printer = printer, .options = options,
                };
                ph.job = m.job;
                ph.have_output = false;
                r = render_job(&ph, drv, &job, in_fd, dir_fd);
                safe_close(in_fd);
                safe_close(dir_fd);
                if (send_text(&ph, S0_SPOOL_HOST_DONE, r < 0 ? r : 0, r < 0 ? strerror(-r) : "") < 0)
                        return 1;
        }
}
