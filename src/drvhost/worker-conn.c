/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One open handle of a device: a connection to its socket. OPEN (access check with the
 * caller from SO_PEERCRED and its cgroup), then READ / WRITE / IOCTL, each a request the
 * driver completes now or later (s0_umdf_request_complete, worker-api.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <session0/drvhost-protocol.h>
#include <session0/session0.h>

#include "shared/io-util.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "worker.h"

#define ERR_ACCESS_DENIED 5u
#define ERR_INVALID_PARAMETER 87u
#define ERR_NOT_SUPPORTED 50u
#define ERR_INVALID_FUNCTION 1u

static int send_reply(int fd, uint32_t status, uint32_t bytes, const void *data, size_t len) {
        struct s0_drv_header h = { .magic = S0_DRV_MAGIC, .version = S0_DRV_PROTOCOL_VERSION, .type = S0_DRV_REPLY,
                                   .length = (uint32_t) len, .status = status, .arg0 = bytes };
        struct iovec iov[2] = { { &h, sizeof h }, { (void *) data, len } };
        ssize_t n;

        /* one call for header and payload: a reply is one round trip's worth of syscalls */
        do
                n = writev(fd, iov, len ? 2 : 1);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if ((size_t) n == sizeof h + len)
                return 0;
        if ((size_t) n < sizeof h) {
                int r = loop_write(fd, (const char *) &h + n, sizeof h - (size_t) n);
                return r < 0 ? r : len ? loop_write(fd, data, len) : 0;
        }
        return loop_write(fd, (const char *) data + ((size_t) n - sizeof h), sizeof h + len - (size_t) n);
}

void worker_accept(struct worker *w, struct s0_umdf_device *dev) {
        struct timeval tv = { .tv_sec = 2 };
        struct conn *c;
        int fd = accept4(dev->listen_fd, NULL, NULL, SOCK_CLOEXEC);

        if (fd < 0)
                return; /* the client went away first, or no fds: it sees the failure */
        /* a client that stalls mid-message holds the dispatch thread at most this long */
        if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0) {
                close(fd);
                return;
        }
        for (size_t i = 0; i < WORKER_CONNS_MAX; i++)
                if (!w->conns[i]) {
                        c = calloc(1, sizeof *c);
                        if (!c)
                                break;
                        c->fd = fd;
                        c->file.dev = dev;
                        w->conns[i] = c;
                        return;
                }
        close(fd); /* full: the client's OPEN finds the socket closed */
}

void worker_conn_close(struct worker *w, struct conn *c) {
        if (c->opened) {
                if (w->drv->cb.file_close) {
                        w->busy_since_ms = worker_now_ms();
                        w->drv->cb.file_close(&c->file);
                        w->busy_since_ms = 0;
                }
                c->file.dev->opens--;
                worker_write_status(w, c->file.dev, "running");
        }
        pthread_mutex_lock(&w->lock);
        if (c->pending)
                c->pending->conn = NULL; /* its completion is dropped */
        pthread_mutex_unlock(&w->lock);
        for (size_t i = 0; i < WORKER_CONNS_MAX; i++)
                if (w->conns[i] == c)
                        w->conns[i] = NULL;
        close(c->fd);
        free(c);
}

static bool do_open(struct worker *w, struct conn *c, const struct s0_drv_header *h) {
        struct s0_umdf_device *dev = c->file.dev;
        struct s0_drv_open_info info;
        struct ucred cred;
        socklen_t len = sizeof cred;
        uint32_t session = S0_SESSION_NONE, granted, e = 0;
        char target[128];
        bool denied;

        if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return false;
        if (s0_pid_session(cred.pid, &session) < 0)
                session = S0_SESSION_NONE;
        granted = device_access_check(&dev->sd, cred.uid, cred.gid, h->arg0, &denied);
        if (denied) {
                snprintf(target, sizeof target, "\\\\.\\%s uid %u", dev->name, (unsigned) cred.uid);
                worker_audit(w, session, target, (int32_t) ERR_ACCESS_DENIED);
                (void) send_reply(c->fd, ERR_ACCESS_DENIED, 0, NULL, 0);
                return false;
        }
        c->file.who = (struct s0_umdf_caller) { .uid = cred.uid, .gid = cred.gid, .pid = cred.pid,
                                                .session = session, .access = granted };
        if (w->drv->cb.file_create) {
                w->busy_since_ms = worker_now_ms();
                e = w->drv->cb.file_create(&c->file, &c->file.who);
                w->busy_since_ms = 0;
        }
        if (e) {
                (void) send_reply(c->fd, e, 0, NULL, 0);
                return false;
        }
        c->opened = true;
        dev->opens++;
        worker_write_status(w, dev, "running");
        info = (struct s0_drv_open_info) { cred.uid, (uint32_t) cred.pid, session, granted };
        return send_reply(c->fd, 0, 0, &info, sizeof info) == 0;
}

/* The rights an IOCTL code asks for: CTL_CODE's Access field (bits 14-15). */
static uint32_t ioctl_rights(uint32_t code) {
        uint32_t a = (code >> 14) & 3, r = 0;

        if (a & 1) /* FILE_READ_ACCESS */
                r |= 0x1;
        if (a & 2) /* FILE_WRITE_ACCESS */
                r |= 0x2;
        return r;
}

bool worker_serve(struct worker *w, struct conn *c) {
        struct s0_drv_header h;
        struct s0_umdf_request *req;
        _cleanup_free_ uint8_t *in = NULL;
        uint8_t raw[sizeof h];
        ssize_t n = loop_read(c->fd, raw, sizeof raw);
        uint32_t need = 0;

        if (n == 0)
                return false; /* CloseHandle */
        if (n < 0 || s0_drv_header_check(raw, (size_t) n, false, &h) < 0 || (h.type == S0_DRV_OPEN) == c->opened ||
            c->pending) {
                (void) send_reply(c->fd, ERR_INVALID_PARAMETER, 0, NULL, 0);
                return false;
        }
        if (h.length) {
                in = malloc(h.length);
                if (!in || loop_read(c->fd, in, h.length) != (ssize_t) h.length) {
                        (void) send_reply(c->fd, ERR_INVALID_PARAMETER, 0, NULL, 0);
                        return false;
                }
        }
        if (h.type == S0_DRV_OPEN)
                return do_open(w, c, &h);
        need = h.type == S0_DRV_READ ? 0x1 : h.type == S0_DRV_WRITE ? 0x2 : ioctl_rights(h.arg0);
        if ((c->file.who.access & need) != need)
                return send_reply(c->fd, ERR_ACCESS_DENIED, 0, NULL, 0) == 0;
        if ((h.type == S0_DRV_READ && !w->drv->cb.read) || (h.type == S0_DRV_WRITE && !w->drv->cb.write) ||
            (h.type == S0_DRV_IOCTL && !w->drv->cb.ioctl))
                return send_reply(c->fd, ERR_INVALID_FUNCTION, 0, NULL, 0) == 0;
        req = calloc(1, sizeof *req);
        if (!req)
                return false;
        req->conn = c;
        req->type = h.type;
        req->cap = h.type == S0_DRV_READ ? h.arg0 : h.type == S0_DRV_IOCTL ? h.arg1 : 0;
        req->buf = req->cap ? calloc(1, req->cap) : NULL;
        if (req->cap && !req->buf) {
                free(req);
                return false;
        }
        c->pending = req;
        w->busy_since_ms = worker_now_ms();
        if (h.type == S0_DRV_READ)
                w->drv->cb.read(req, req->cap);
        else if (h.type == S0_DRV_WRITE)
                w->drv->cb.write(req, in, h.length);
        else
                w->drv->cb.ioctl(req, h.arg0, in, h.length, req->cap);
        w->busy_since_ms = 0;
        return true;
}

/* ---- what the driver calls ---------------------------------------------------------- */

int s0_umdf_request_complete(struct s0_umdf_request *req, uint32_t status, size_t bytes) {
        struct worker *w = worker_self;
        int r = 0;

        if (!req)
                return -EINVAL;
        pthread_mutex_lock(&w->lock);
        if (req->conn) {
                size_t out = req->type == S0_DRV_WRITE ? 0 : bytes;

                if ((req->type != S0_DRV_WRITE && bytes > req->cap) || bytes > S0_DRV_PAYLOAD_MAX) {
                        status = ERR_INVALID_PARAMETER;
                        bytes = out = 0;
                        r = -EINVAL;
                }
                /* ERROR_INSUFFICIENT_BUFFER returns nothing; ERROR_MORE_DATA the part that fits */
                if (status != 0 && status != 234 /* ERROR_MORE_DATA */)
                        out = 0;
                (void) send_reply(req->conn->fd, status, (uint32_t) (status && !out ? 0 : bytes), req->buf, out);
                req->conn->pending = NULL;
        }
        pthread_mutex_unlock(&w->lock);
        free(req->buf);
        free(req);
        return r;
}

struct s0_umdf_file *s0_umdf_request_file(const struct s0_umdf_request *req) {
        return req->conn ? &req->conn->file : NULL;
}
void *s0_umdf_request_buffer(struct s0_umdf_request *req) { return req->buf; }
