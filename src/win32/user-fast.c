/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The fast path of window messages (include/session0/host-protocol.h, "The fast path";
 * docs/WINDOWS.md "Data path"): a thread asks the session host once for a channel to
 * the thread that owns a window; the host grants it only when nothing it enforces
 * (UIPI, another process's hooks) could concern the messages. From then on SendMessage
 * and PostMessage to that thread's windows are a write into shared memory and a futex
 * wake-up, as cheap as the raw primitive; everything else still goes through the host.
 *
 * The receiver trusts nothing a sender wrote: a sent or posted message must name one of
 * the receiving thread's own windows (or none: a thread message), pointer messages
 * never travel here, and the sender's identity is what the host said when it handed out
 * the channel.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "shared/chan-read.h"
#include "shared/doorbell.h"
#include "shared/msg-queue.h"
#include "user.h"
#include "win32.h"

#define OUT_MAX 64u   /* channels a thread sends on */
#define IN_MAX 256u   /* channels to a thread: the host's cap */
#define CACHE_SLOTS 256u

struct out_chan {
        bool used;
        uint64_t id;
        struct s0h_chan *c;
        struct s0h_doorbell *db; /* the receiver's */
        int efd;
        unsigned depth;          /* our SendMessages in flight on it (nested) */
};

struct in_chan {
        bool used;
        uint64_t id;
        struct s0h_chan *c;      /* nothing else of the sender's: answers wake it through the channel */
        uint32_t pid, tid;       /* the sender, as the host said */
};

struct hwnd_entry {
        uint64_t hwnd;
        int out;                 /* index into outs, or -1: through the host */
        uint64_t id;             /* the channel's */
        uint64_t epoch;          /* -1: the host's policy epoch when it refused */
};

struct user_fast {
        struct s0h_doorbell *db;
        int efd;
        const _Atomic uint64_t *wintab;
        uint32_t host_seen;
        bool host_more;          /* ask the host again: it answered with a message */
        bool host_left;          /* it had messages the filter below left */
        uint64_t left_hwnd;
        uint32_t left_min, left_max;
        struct msg_queue local;  /* posted messages taken off the channels */
        struct out_chan outs[OUT_MAX];
        struct in_chan ins[IN_MAX];
        unsigned ins_top;        /* ins[ins_top..] are unused: the drain looks at no more */
        struct hwnd_entry cache[CACHE_SLOTS];
};

static void *map_fd(int fd, size_t size, int prot) {
        void *p = mmap(NULL, size, prot, MAP_SHARED, fd, 0);
        return p == MAP_FAILED ? NULL : p;
}

static void unmap(const volatile void *p, size_t size) {
        if (p)
                (void) munmap((void *) p, size);
}

void user_close_fds(int *fds, unsigned n) {
        for (unsigned i = 0; i < n; i++)
                if (fds[i] >= 0)
                        (void) close(fds[i]);
}

uint32_t user_fast_init(struct user_thread *t, int *fds, unsigned nfds) {
        struct user_fast *f = nfds == 3 ? calloc(1, sizeof *f) : NULL;
        if (nfds == 0)
                return 0; /* the host has no fast path for us (out of memory there): all through it */
        if (!f) {
                user_close_fds(fds, nfds);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        f->db = map_fd(fds[0], S0H_DOORBELL_SIZE, PROT_READ | PROT_WRITE);
        f->wintab = map_fd(fds[2], S0H_WINTAB_SLOTS * sizeof(uint64_t), PROT_READ);
        (void) close(fds[0]);
        (void) close(fds[2]);
        f->efd = fds[1];
        if (!f->db || !f->wintab) {
                unmap(f->db, S0H_DOORBELL_SIZE);
                unmap(f->wintab, S0H_WINTAB_SLOTS * sizeof(uint64_t));
                (void) close(f->efd);
                free(f);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        f->host_seen = atomic_load(&f->db->host_seq) - 1; /* ask the host the first time */
        t->fast = f;
        return 0;
}

static void out_free(struct out_chan *o) {
        unmap(o->c, sizeof *o->c);
        unmap(o->db, S0H_DOORBELL_SIZE);
        (void) close(o->efd);
        *o = (struct out_chan){ 0 };
}

static void in_free(struct in_chan *i) {
        (void) munmap(i->c, sizeof *i->c);
        *i = (struct in_chan){ 0 };
}

void user_fast_free(struct user_thread *t) {
        struct user_fast *f = t->fast;
        if (!f)
                return;
        for (unsigned i = 0; i < OUT_MAX; i++)
                if (f->outs[i].used)
                        out_free(&f->outs[i]);
        for (unsigned i = 0; i < IN_MAX; i++)
                if (f->ins[i].used)
                        in_free(&f->ins[i]);
        unmap(f->db, S0H_DOORBELL_SIZE);
        unmap(f->wintab, S0H_WINTAB_SLOTS * sizeof(uint64_t));
        (void) close(f->efd);
        queue_free(&f->local);
        free(f);
        t->fast = NULL;
}

int user_fast_efd(const struct user_thread *t) { return t->fast ? t->fast->efd : -1; }

/* ---- the receiving side ------------------------------------------------------------ */

void user_fast_channel_open(struct user_thread *t, const struct s0h_msg *m, int *fds, unsigned nfds) {
        struct user_fast *f = t->fast;
        struct in_chan *slot = NULL;
        for (unsigned i = 0; f && i < IN_MAX && !slot; i++)
                if (!f->ins[i].used)
                        slot = &f->ins[i];
        if (slot && nfds == 1)
                slot->c = map_fd(fds[0], sizeof *slot->c, PROT_READ | PROT_WRITE);
        user_close_fds(fds, nfds);
        if (!slot || !slot->c) {
                /* We cannot read it: the host revokes it, so the sender goes through the
                 * host instead of writing to nobody. A datagram with no answer. */
                struct s0h_msg no = { .type = S0H_CHANNEL, .txid = m->txid, .flags = S0H_CHANNEL_GONE };
                if (slot)
                        *slot = (struct in_chan){ 0 };
                (void) send(t->fd, &no, sizeof no, MSG_NOSIGNAL | MSG_DONTWAIT);
                return;
        }
        slot->used = true;
        if ((unsigned) (slot - f->ins) >= f->ins_top)
                f->ins_top = (unsigned) (slot - f->ins) + 1;
        slot->id = m->txid;
        slot->pid = m->pid;
        slot->tid = m->tid;
}

static bool own_window(const struct user_thread *t, uint64_t hwnd) {
        uint32_t tid;
        return user_window_local((HWND) (uintptr_t) hwnd, NULL, &tid) && tid == t->tid;
}

static bool pointer_message(uint32_t msg) { return msg == WM_COPYDATA || msg == WM_SETTEXT || msg == WM_GETTEXT; }

static void run_sent(struct user_thread *t, struct in_chan *ic, struct s0h_chan_send *slot,
                     const struct s0h_chan_send *s) {
        HWND hwnd = (HWND) (uintptr_t) s->hwnd;
        UINT msg = s->msg;
        WPARAM w = (WPARAM) s->wparam;
        LPARAM l = (LPARAM) s->lparam;
        LRESULT r = 0;
        uint32_t e = 0;
        if (pointer_message(msg) || !own_window(t, s->hwnd))
                e = ERROR_INVALID_WINDOW_HANDLE; /* never from our library: refused */
        else {
                bool ours = ic->pid == (uint32_t) getpid();
                user_hook_callwndproc(t->tid, hwnd, msg, w, l, ours);
                r = user_call_wndproc(hwnd, msg, w, l);
                user_hook_callwndprocret(t->tid, hwnd, msg, w, l, r, ours);
        }
        s0h_chan_answer(ic->c, slot, r, e);
}

struct take_ctx {
        struct user_thread *t;
        struct user_fast *f;
        uint64_t checked; /* only this thread destroys its windows, and not while it moves
                           * messages: one check per run of the same HWND is enough */
};

static void take_post(void *p, const struct s0h_chan_post *post) {
        struct take_ctx *x = p;
        struct queued_msg q = { .hwnd = post->hwnd, .msg = post->msg, .wparam = post->wparam, .lparam = post->lparam };
        bool ok = !pointer_message(q.msg) &&
                  (!q.hwnd || q.hwnd == x->checked || (own_window(x->t, q.hwnd) && (x->checked = q.hwnd)));
        if (!ok || queue_push(&x->f->local, S0H_QUEUE_MAX, &q) < 0)
                s0h_doorbell_posted_sub(x->f->db, 1); /* dropped: not our window, or no memory */
}

bool user_fast_drain(struct user_thread *t) {
        struct user_fast *f = t->fast;
        bool ran = false;
        if (!f)
                return false;
        for (unsigned i = 0; i < f->ins_top; i++) {
                struct in_chan *ic = &f->ins[i];
                if (!ic->used)
                        continue;
                /* read before the last look: nothing comes after it */
                bool gone = atomic_load(&ic->c->state) == S0H_CHAN_SENDER_GONE;
                struct s0h_chan_send copy, *slot;
                unsigned cursor = 0;
                uint64_t id = ic->id;
                while ((slot = s0h_chan_take_send(ic->c, &cursor, &copy))) {
                        run_sent(t, ic, slot, &copy);
                        ran = true;
                        /* the handler may have made calls that let this channel go */
                        if (!ic->used || ic->id != id)
                                break;
                }
                if (!ic->used || ic->id != id)
                        continue;
                struct take_ctx x = { .t = t, .f = f };
                (void) s0h_chan_take_posts(ic->c, take_post, &x);
                if (gone)
                        in_free(ic);
        }
        while (f->ins_top && !f->ins[f->ins_top - 1].used)
                f->ins_top--;
        return ran;
}

bool user_fast_take(struct user_thread *t, HWND hwnd, UINT min, UINT max, bool remove, MSG *m) {
        struct user_fast *f = t->fast;
        struct queued_msg q;
        if (!f || !f->local.count ||
            !queue_take(&f->local, (uint64_t) (uintptr_t) hwnd, min, max, remove, &q))
                return false;
        if (remove)
                s0h_doorbell_posted_sub(f->db, 1);
        *m = (MSG){ .hwnd = (HWND) (uintptr_t) q.hwnd, .message = q.msg, .wParam = (WPARAM) q.wparam,
                    .lParam = (LPARAM) q.lparam };
        return true;
}

void user_fast_drop_hwnd(struct user_thread *t, HWND hwnd) {
        if (t->fast)
                s0h_doorbell_posted_sub(t->fast->db, queue_drop_hwnd(&t->fast->local, (uint64_t) (uintptr_t) hwnd));
}

uint32_t user_fast_seq(const struct user_thread *t) { return t->fast ? atomic_load(&t->fast->db->seq) : 0; }

_Atomic uint32_t *user_fast_seq_word(const struct user_thread *t) { return t->fast ? &t->fast->db->seq : NULL; }

bool user_fast_host_pending(struct user_thread *t, bool consume, HWND hwnd, UINT min, UINT max) {
        struct user_fast *f = t->fast;
        if (!f)
                return true;
        uint32_t hs = atomic_load(&f->db->host_seq);
        bool other_filter = f->host_left && (f->left_hwnd != (uint64_t) (uintptr_t) hwnd || f->left_min != min ||
                                             f->left_max != max);
        if (hs == f->host_seen && !f->host_more && !other_filter)
                return false;
        if (consume)
                f->host_seen = hs;
        return true;
}

void user_fast_host_recheck(struct user_thread *t) {
        if (t->fast)
                t->fast->host_more = true;
}

void user_fast_host_answered(struct user_thread *t, const struct s0h_msg *rep, HWND hwnd, UINT min, UINT max) {
        struct user_fast *f = t->fast;
        if (!f)
                return;
        /* A message or a sent one: there may be more. Nothing, with messages left: they
         * did not match this filter, but may match another; the host rings for new ones. */
        f->host_more = rep->type != S0H_NONE;
        f->host_left = rep->type == S0H_NONE && rep->result > 0;
        f->left_hwnd = (uint64_t) (uintptr_t) hwnd;
        f->left_min = min;
        f->left_max = max;
}

void user_fast_retrieving(struct user_thread *t) {
        if (t->fast) {
                struct timespec ts;
                (void) clock_gettime(CLOCK_MONOTONIC, &ts);
                atomic_store_explicit(&t->fast->db->last_get_ms, (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
                                      memory_order_relaxed);
        }
}

void user_fast_wait(struct user_thread *t, uint32_t seen, uint32_t timeout_ms) {
        if (t->fast)
                s0h_doorbell_wait(t->fast->db, seen, timeout_ms);
}

void user_fast_set_waiting(struct user_thread *t, uint32_t mode) {
        if (t->fast)
                atomic_store(&t->fast->db->waiting, mode);
}

/* ---- the sending side ------------------------------------------------------------- */

/* The channel to hwnd's thread, asking the host on first use; NULL: through the host. */
static struct out_chan *lookup(struct user_thread *t, HWND h) {
        struct user_fast *f = t->fast;
        uint64_t hwnd = (uint64_t) (uintptr_t) h;
        uint64_t idx = hwnd & 0xffffu;
        if (!f || idx == 0 || idx >= S0H_WINTAB_SLOTS || atomic_load(&f->wintab[idx]) != hwnd)
                return NULL; /* no such window (now): the host says why, and audits it */
        struct hwnd_entry *e = &f->cache[idx % CACHE_SLOTS];
        uint64_t epoch = atomic_load(&f->wintab[0]);
        /* the entry names its channel by id too: a freed slot may hold another one now */
        if (e->hwnd == hwnd) {
                if (e->out < 0 && e->epoch == epoch)
                        return NULL;
                if (e->out >= 0 && f->outs[e->out].used && f->outs[e->out].id == e->id) {
                        struct out_chan *o = &f->outs[e->out];
                        if (atomic_load(&o->c->state) == S0H_CHAN_OPEN)
                                return o;
                        if (!o->depth)
                                out_free(o); /* revoked or its receiver gone: ask again */
                }
        }
        struct s0h_msg req = { .type = S0H_CHANNEL, .hwnd = hwnd }, rep;
        uint32_t err = user_call(&req, sizeof req, &rep, UINT32_MAX);
        /* written after the call: a message run while we waited may have used this slot;
         * refused (or failed): through the host until the policy epoch moves */
        *e = (struct hwnd_entry){ .hwnd = hwnd, .out = -1, .epoch = epoch };
        if (err)
                return NULL;
        int fds[4];
        unsigned n = user_take_fds(t, fds, 4);
        for (unsigned i = 0; i < OUT_MAX; i++)
                if (f->outs[i].used && f->outs[i].id == rep.txid) { /* one we have: another window of its thread */
                        user_close_fds(fds, n);
                        e->out = (int) i;
                        e->id = rep.txid;
                        return &f->outs[i];
                }
        struct out_chan *o = NULL;
        for (unsigned i = 0; i < OUT_MAX && !o; i++)
                if (!f->outs[i].used)
                        o = &f->outs[i];
        if (!o || n != 3) {
                user_close_fds(fds, n);
                return NULL;
        }
        o->c = map_fd(fds[0], sizeof *o->c, PROT_READ | PROT_WRITE);
        o->db = map_fd(fds[1], S0H_DOORBELL_SIZE, PROT_READ | PROT_WRITE);
        (void) close(fds[0]);
        (void) close(fds[1]);
        o->efd = fds[2];
        if (!o->c || !o->db) {
                out_free(o); /* what was mapped, and the eventfd */
                return NULL;
        }
        o->used = true;
        o->id = rep.txid;
        e->out = (int) (o - f->outs);
        e->id = o->id;
        return o;
}

int user_fast_post(struct user_thread *t, HWND hwnd, UINT msg, WPARAM w, LPARAM l) {
        struct out_chan *o = lookup(t, hwnd);
        if (!o)
                return 1;
        struct s0h_chan *c = o->c;
        if (!s0h_doorbell_posted_add(o->db))
                return ERROR_NOT_ENOUGH_QUOTA;
        uint32_t tail = atomic_load_explicit(&c->tail, memory_order_relaxed);
        if (tail - atomic_load_explicit(&c->head, memory_order_acquire) >= S0H_CHAN_RING) {
                s0h_doorbell_posted_sub(o->db, 1);
                return ERROR_NOT_ENOUGH_QUOTA; /* only if the receiver's count was tampered with */
        }
        c->ring[tail & (S0H_CHAN_RING - 1)] = (struct s0h_chan_post){ .hwnd = (uint64_t) (uintptr_t) hwnd, .msg = msg,
                                                                      .wparam = w, .lparam = l };
        atomic_store_explicit(&c->tail, tail + 1, memory_order_release);
        s0h_doorbell_ring(o->db, o->efd);
        return 0;
}

int user_fast_send(struct user_thread *t, HWND hwnd, UINT msg, WPARAM w, LPARAM l, LRESULT *ret) {
        struct out_chan *o = lookup(t, hwnd);
        if (!o || o->depth >= S0H_CHAN_SENDS)
                return 1;
        struct s0h_chan_send *s = &o->c->sends[o->depth];
        if (atomic_load(&s->state) != S0H_SLOT_FREE)
                return 1;
        s->hwnd = (uint64_t) (uintptr_t) hwnd;
        s->msg = msg;
        s->wparam = w;
        s->lparam = l;
        o->depth++;
        atomic_store(&s->state, S0H_SLOT_SENT);
        s0h_doorbell_ring(o->db, o->efd);
        for (;;) {
                uint32_t seen = user_fast_seq(t);
                uint32_t reply_seen = atomic_load(&o->c->reply_seq);
                uint32_t st = atomic_load(&s->state);
                if (st == S0H_SLOT_DONE) {
                        *ret = (LRESULT) s->result;
                        uint32_t e = s->error;
                        atomic_store(&s->state, S0H_SLOT_FREE);
                        o->depth--;
                        return e ? (int) e : 0;
                }
                uint32_t cs = atomic_load(&o->c->state);
                if (cs != S0H_CHAN_OPEN) {
                        uint32_t expect = S0H_SLOT_SENT;
                        if (atomic_compare_exchange_strong(&s->state, &expect, S0H_SLOT_FREE)) {
                                o->depth--; /* never taken: the host delivers it (or says why not) */
                                return 1;
                        }
                        if (cs == S0H_CHAN_RECEIVER_GONE) {
                                o->depth--; /* taken and never answered: the receiver died on it */
                                return ERROR_INVALID_WINDOW_HANDLE;
                        }
                }
                /* While we wait, messages sent to us are processed, as on Windows. */
                if (user_fast_drain(t))
                        continue;
                if (atomic_load(&t->fast->db->host_seq) != t->fast->host_seen) {
                        uint32_t e = user_pump_sent(t);
                        if (e) {
                                o->depth--; /* the host is gone; so is the session */
                                return (int) e;
                        }
                        continue;
                }
                atomic_store(&o->c->sender_waiting, 1);
                if (atomic_load(&s->state) == st)
                        s0h_doorbell_wait2(t->fast->db, seen, &o->c->reply_seq, reply_seen);
                atomic_store(&o->c->sender_waiting, 0);
        }
}
