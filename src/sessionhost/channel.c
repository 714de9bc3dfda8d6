/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The fast path's host side (include/session0/host-protocol.h, "The fast path"): each
 * thread's doorbell, the session's read-only table of live HWNDs, and the channels
 * between two threads that the host grants when nothing it enforces could concern their
 * messages:
 *  - UIPI: the sender's integrity level is at least the window's, so every message
 *    would pass (a lower sender goes through the host, which checks each message);
 *  - hooks: no hook installed by another process than the receiver's watches the
 *    receiver thread (its own process's hooks run in the receiver's library, as for
 *    messages through the host); a hook installed later revokes the channels;
 *  - desktops: the window is on the sender's desktop (a thread that changes its desktop
 *    loses its channels);
 *  - a different thread, live on both ends, within the caps.
 * The host never reads what the clients write there: a channel only carries what the
 * sender could have asked the host to deliver anyway.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host.h"
#include "shared/doorbell.h"
#include "shared/macro.h"

#define ERROR_NOT_SUPPORTED 50
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_WINDOW_HANDLE 1400

#define CHAN_PER_RECEIVER_MAX 256u /* a receiver scans its channels on every wake-up */
#define CHAN_PER_SENDER_MAX 64u    /* revoked ones count too: they live until a side goes */
#define CHAN_OPEN_UNREAD_MAX 16384 /* bytes the receiver has not read yet (SIOCOUTQ) */

struct host_chan {
        uint64_t id;
        uint64_t sender, receiver; /* conn ids */
        uint32_t state;            /* S0H_CHAN_*: the host's word (the shared one is the clients' to read, and to scribble on) */
        struct s0h_chan *map;      /* the first page: state and what precedes the ring */
        struct host_chan *next;
};

static const size_t chan_head_size = 4096;
static_assert(offsetof(struct s0h_chan, ring) <= 4096, "the host maps only the channel's first page");

/* A memfd of size bytes that nobody can shrink under a mapping (SIGBUS) or grow. */
static int make_memfd(const char *name, size_t size) {
        int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0)
                return -errno;
        if (ftruncate(fd, (off_t) size) < 0 ||
            fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
                int r = -errno;
                safe_close(fd);
                return r;
        }
        return fd;
}

int host_wintab_init(struct host *h) {
        int fd = make_memfd("s0-wintab", S0H_WINTAB_SLOTS * sizeof(uint64_t)), ro;
        char path[64];
        if (fd < 0)
                return fd;
        h->wintab = mmap(NULL, S0H_WINTAB_SLOTS * sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        /* clients get a read-only open of it: mmap(PROT_WRITE) on that fails */
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        ro = open(path, O_RDONLY | O_CLOEXEC);
        int e = errno;
        safe_close(fd);
        if (h->wintab == MAP_FAILED || ro < 0) {
                h->wintab = NULL;
                safe_close(ro);
                return -(h->wintab == MAP_FAILED ? EIO : e);
        }
        h->wintab_fd = ro;
        return 0;
}

void host_wintab_set(struct host *h, uint64_t hwnd, bool live) {
        if (h->wintab)
                atomic_store(&h->wintab[hwnd & 0xffffu], live ? hwnd : 0);
}

void host_policy_loosened(struct host *h) {
        if (h->wintab)
                atomic_fetch_add(&h->wintab[0], 1);
}

void host_ring(struct host *h, struct host_conn *c) {
        (void) h;
        if (!c->db)
                return;
        atomic_fetch_add(&c->db->host_seq, 1);
        s0h_doorbell_ring(c->db, c->efd);
}

bool host_conn_waits(const struct host_conn *c) {
        return c->waiting_get || (c->db && atomic_load(&c->db->waiting) != S0H_WAIT_NONE);
}

int64_t host_conn_last_get(const struct host_conn *c) {
        int64_t own = c->db ? atomic_load(&c->db->last_get_ms) : 0;
        return own > c->last_get_ms ? own : c->last_get_ms;
}

int host_conn_shm_init(struct host_conn *c) {
        c->db_fd = make_memfd("s0-doorbell", S0H_DOORBELL_SIZE);
        if (c->db_fd < 0)
                return c->db_fd;
        c->db = mmap(NULL, S0H_DOORBELL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, c->db_fd, 0);
        if (c->db == MAP_FAILED) {
                c->db = NULL;
                return -errno;
        }
        c->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        return c->efd < 0 ? -errno : 0;
}

void host_conn_shm_free(struct host_conn *c) {
        if (c->db)
                (void) munmap(c->db, S0H_DOORBELL_SIZE);
        c->db = NULL;
        c->db_fd = safe_close(c->db_fd);
        c->efd = safe_close(c->efd);
}

int host_send_fds(struct host *h, struct host_conn *c, const void *m, size_t n, const int *fds, unsigned nfds) {
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * 4)];
        } ctl = { 0 };
        struct iovec iov = { (void *) m, n };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                             .msg_controllen = CMSG_SPACE(sizeof(int) * nfds) };
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        ssize_t k;
        (void) h;
        if (nfds > 4)
                return -EINVAL;
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
        do
                k = sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
        while (k < 0 && errno == EINTR);
        if (k < 0) {
                int r = -errno;
                (void) shutdown(c->fd, SHUT_RDWR); /* as host_send: a client that does not read is dropped */
                return r;
        }
        return 0;
}

static unsigned chans_to(const struct host *h, uint64_t receiver) {
        unsigned n = 0;
        for (const struct host_chan *k = h->chans; k; k = k->next)
                n += k->receiver == receiver;
        return n;
}

static unsigned chans_from(const struct host *h, uint64_t sender) {
        unsigned n = 0;
        for (const struct host_chan *k = h->chans; k; k = k->next)
                n += k->sender == sender;
        return n;
}

static void chan_free(struct host_chan **p) {
        struct host_chan *k = *p;
        *p = k->next;
        (void) munmap(k->map, chan_head_size);
        free(k);
}

static void set_state(struct host_chan *k, uint32_t state) {
        if (k->state < state) /* a later state wins: gone is not undone by a revocation */
                k->state = state;
        atomic_store(&k->map->state, k->state);
}

/* The receiver could not take channel id (no room, no memory): it is revoked, and its
 * sender told, so it goes through the host. No reply. */
static void channel_refused(struct host *h, struct host_conn *c, uint64_t id) {
        for (struct host_chan *k = h->chans; k; k = k->next)
                if (k->id == id && k->receiver == c->id) {
                        set_state(k, S0H_CHAN_REVOKED);
                        struct host_conn *s = host_conn_by_id(h, k->sender);
                        if (s)
                                host_ring(h, s);
                        return;
                }
}

void host_channel(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        if (m->flags & S0H_CHANNEL_GONE) {
                channel_refused(h, c, m->txid);
                return;
        }
        struct window *w = window_get(&h->windows, m->hwnd);
        struct host_conn *r = w ? host_conn_by_id(h, w->owner) : NULL;
        struct s0h_msg rep = { 0 };
        struct host_chan *k;
        int fd;

        if (!w || !r) {
                /* the slow path says why, and audits it */
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_INVALID_WINDOW_HANDLE, NULL);
                return;
        }
        if (r == c || !c->db || !r->db || c->il < w->il || c->il < r->il || !host_same_desktop(c, w) ||
            hook_watches_remotely(h, r)) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_SUPPORTED, NULL);
                return;
        }
        rep.tid = r->tid; /* whose channel it is: the window's thread */
        rep.pid = (uint32_t) r->pid;
        for (k = h->chans; k; k = k->next)
                if (k->sender == c->id && k->receiver == r->id && k->state == S0H_CHAN_OPEN)
                        break;
        if (k) { /* the sender had it already (a second window of the same thread) */
                rep.txid = k->id;
                host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
                return;
        }
        /* CHANNEL_OPEN is a datagram the receiver reads when it next looks: a burst of
         * senders must not fill its socket (a client that cannot take a datagram loses
         * its connection), so past a little unread data it is the host's turn again. */
        int unread = 0;
        if (ioctl(r->fd, SIOCOUTQ, &unread) < 0 || unread > CHAN_OPEN_UNREAD_MAX ||
            chans_to(h, r->id) >= CHAN_PER_RECEIVER_MAX || chans_from(h, c->id) >= CHAN_PER_SENDER_MAX) {
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_SUPPORTED, NULL);
                return;
        }
        k = calloc(1, sizeof *k);
        fd = make_memfd("s0-channel", sizeof(struct s0h_chan));
        if (!k || fd < 0 ||
            (k->map = mmap(NULL, chan_head_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED) {
                free(k);
                safe_close(fd);
                host_reply(h, c, S0H_ERROR, m->cookie, ERROR_NOT_ENOUGH_MEMORY, NULL);
                return;
        }
        k->id = ++h->next_chan_id;
        k->sender = c->id;
        k->receiver = r->id;
        k->next = h->chans;
        h->chans = k;

        /* the receiver first: it learns the channel (and who sends on it) from the host */
        struct s0h_msg open = { .type = S0H_CHANNEL_OPEN, .txid = k->id, .pid = (uint32_t) c->pid, .tid = c->tid };
        /* the channel only: nothing of the sender's (its doorbell) goes to the receiver,
         * which may be of a lower integrity level */
        if (host_send_fds(h, r, &open, sizeof open, &fd, 1) == 0)
                host_ring(h, r);
        rep.txid = k->id;
        rep.type = S0H_OK;
        rep.cookie = m->cookie;
        int sfds[3] = { fd, r->db_fd, r->efd };
        (void) host_send_fds(h, c, &rep, sizeof rep, sfds, 3);
        safe_close(fd);
}


void host_channels_revoke(struct host *h, struct host_conn *r) {
        for (struct host_chan *k = h->chans; k; k = k->next)
                if (!r || k->receiver == r->id || k->sender == r->id) {
                        set_state(k, S0H_CHAN_REVOKED);
                        struct host_conn *s = host_conn_by_id(h, k->sender);
                        if (s)
                                host_ring(h, s);
                }
}

void host_channels_conn_gone(struct host *h, struct host_conn *c) {
        for (struct host_chan **p = &h->chans; *p;) {
                struct host_chan *k = *p;
                if (k->sender != c->id && k->receiver != c->id) {
                        p = &k->next;
                        continue;
                }
                struct host_conn *peer = host_conn_by_id(h, k->sender == c->id ? k->receiver : k->sender);
                set_state(k, k->sender == c->id ? S0H_CHAN_SENDER_GONE : S0H_CHAN_RECEIVER_GONE);
                /* The receiver learns it from the shared state (no datagram: a few hundred
                 * senders ending at once must not fill its socket); a sender that wrote
                 * SENDER_GONE itself only loses its own messages. */
                if (peer)
                        host_ring(h, peer); /* a sender waiting on it fails at once */
                chan_free(p);               /* the host has nothing more to say on it */
        }
}
