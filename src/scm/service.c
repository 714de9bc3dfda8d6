/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The service state machine: starts in dependency order, controls, the exit of a
 * service process (crash or stop), recovery with hold-back, and the deadlines (start,
 * control, stop timeout, restart delay). States and error codes are Windows' own
 * (winsvc.h values; docs/SERVICES.md).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scm.h"
#include "shared/log.h"

/* Windows' values (winsvc.h / winerror.h); the daemon does not include windows.h. */
enum {
        ST_STOPPED = 1, ST_START_PENDING, ST_STOP_PENDING, ST_RUNNING, ST_CONTINUE_PENDING, ST_PAUSE_PENDING, ST_PAUSED,
};
enum { CTL_STOP = 1, CTL_PAUSE = 2, CTL_CONTINUE = 3, CTL_INTERROGATE = 4, CTL_SHUTDOWN = 5 };
enum { ACCEPT_STOP = 1, ACCEPT_PAUSE_CONTINUE = 2, ACCEPT_SHUTDOWN = 4 };
enum {
        E_ACCESS_DENIED = 5,
        E_DEPENDENT_SERVICES_RUNNING = 1051,
        E_INVALID_SERVICE_CONTROL = 1052,
        E_SERVICE_REQUEST_TIMEOUT = 1053,
        E_SERVICE_ALREADY_RUNNING = 1056,
        E_SERVICE_DISABLED = 1058,
        E_CIRCULAR_DEPENDENCY = 1059,
        E_SERVICE_CANNOT_ACCEPT_CTRL = 1061,
        E_SERVICE_NOT_ACTIVE = 1062,
        E_PROCESS_ABORTED = 1067,
        E_SERVICE_DEPENDENCY_FAIL = 1068,
        E_SERVICE_MARKED_FOR_DELETE = 1072,
        E_SERVICE_DEPENDENCY_DELETED = 1075,
        E_SHUTDOWN_IN_PROGRESS = 1115,
};
#define SERVICE_WIN32_OWN_PROCESS 0x10u

uint64_t now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

struct svc *scm_find(struct scm *s, const char *name) {
        for (size_t i = 0; i < s->n_svcs; i++)
                if (strcasecmp(s->svcs[i]->name, name) == 0) /* service names are case-insensitive */
                        return s->svcs[i];
        return NULL;
}

int scm_add(struct scm *s, const char *name, struct s0_svc_config *cfg, struct svc **ret) {
        struct svc **a = realloc(s->svcs, (s->n_svcs + 1) * sizeof *a);
        struct svc *v;

        if (!a)
                return -ENOMEM;
        s->svcs = a;
        v = calloc(1, sizeof *v);
        if (!v)
                return -ENOMEM;
        (void) snprintf(v->name, sizeof v->name, "%s", name);
        v->cfg = *cfg;
        s0_svc_config_init(cfg);
        v->st = (struct s0_scm_status) { .service_type = SERVICE_WIN32_OWN_PROCESS, .current_state = ST_STOPPED };
        v->pidfd = -1;
        v->w = (struct watch) { W_PROC, v };
        s->svcs[s->n_svcs++] = v;
        if (ret)
                *ret = v;
        return 0;
}

/* Closing the pidfd is not enough to leave the epoll set: a service being spawned holds
 * a copy of every descriptor until its exec, and the registration lives as long as any
 * copy does -- an event would then name a freed svc. */
static void unwatch_proc(struct scm *s, struct svc *v) {
        (void) epoll_ctl(s->epoll_fd, EPOLL_CTL_DEL, v->pidfd, NULL);
        (void) close(v->pidfd);
        v->pidfd = -1;
}

void scm_remove(struct scm *s, struct svc *v) {
        for (size_t i = 0; i < s->n_svcs; i++)
                if (s->svcs[i] == v) {
                        memmove(&s->svcs[i], &s->svcs[i + 1], (s->n_svcs - i - 1) * sizeof *s->svcs);
                        s->n_svcs--;
                        break;
                }
        if (v->ctl)
                v->ctl->svc = NULL;
        for (struct conn *c = s->conns; c; c = c->next)
                if (c->bound == v)
                        c->bound = NULL;
        if (v->pidfd >= 0)
                unwatch_proc(s, v);
        s0_svc_config_done(&v->cfg);
        free(v);
}

static bool depends_on(const struct svc *v, const char *name) {
        for (size_t i = 0; i < v->cfg.n_dependencies; i++)
                if (strcasecmp(v->cfg.dependencies[i], name) == 0)
                        return true;
        return false;
}

bool scm_depends_on(const struct svc *v, const char *name) { return depends_on(v, name); }

/* Depth-first over dependencies; colour 1 = on the path, 2 = done. */
static bool cycle_from(struct scm *s, const char *name, const struct s0_svc_config *cfg, const char *override,
                       const struct s0_svc_config *ocfg, unsigned char *colour, unsigned depth) {
        struct svc *v = scm_find(s, name);
        size_t idx;

        if (depth > s->n_svcs + 1)
                return true;
        if (!v)
                return false; /* a missing dependency is no cycle */
        idx = 0;
        while (s->svcs[idx] != v)
                idx++;
        if (colour[idx] == 1)
                return true;
        if (colour[idx] == 2)
                return false;
        colour[idx] = 1;
        if (strcasecmp(name, override) == 0)
                cfg = ocfg;
        else
                cfg = &v->cfg;
        for (size_t i = 0; i < cfg->n_dependencies; i++)
                if (cycle_from(s, cfg->dependencies[i], NULL, override, ocfg, colour, depth + 1))
                        return true;
        colour[idx] = 2;
        return false;
}

bool scm_has_cycle(struct scm *s, const char *name, const struct s0_svc_config *cfg) {
        unsigned char *colour = calloc(s->n_svcs + 1, 1);
        bool r = false;

        if (!colour)
                return true;
        /* a service depending on itself, before it exists in the table */
        for (size_t i = 0; i < cfg->n_dependencies; i++)
                if (strcasecmp(cfg->dependencies[i], name) == 0)
                        r = true;
        for (size_t i = 0; !r && i < cfg->n_dependencies; i++) {
                memset(colour, 0, s->n_svcs + 1);
                r = cycle_from(s, cfg->dependencies[i], NULL, name, cfg, colour, 0);
        }
        free(colour);
        return r;
}

static void set_stopped(struct scm *s, struct svc *v, uint32_t exit_code) {
        v->st.current_state = ST_STOPPED;
        v->st.controls_accepted = 0;
        v->st.check_point = 0;
        v->st.wait_hint = 0;
        v->st.process_id = 0;
        if (exit_code)
                v->st.win32_exit_code = exit_code;
        store_save_state(s, v);
}

static void answer_start_waiters(struct svc *v, uint32_t error) {
        for (unsigned i = 0; i < v->n_start_waiters; i++) {
                if (!v->start_waiters[i].conn)
                        continue;
                if (error)
                        reply_error(v->start_waiters[i].conn, v->start_waiters[i].cookie, error,
                                    "service '%s' did not start", v->name);
                else
                        reply_ok(v->start_waiters[i].conn, v->start_waiters[i].cookie);
        }
        v->n_start_waiters = 0;
}

/* A queued start that can no longer happen fails, and so do its dependents'. */
static void fail_waiting(struct scm *s, struct svc *v, uint32_t error) {
        v->start_waiting = false;
        answer_start_waiters(v, error);
        for (size_t i = 0; i < s->n_svcs; i++)
                if (s->svcs[i]->start_waiting && depends_on(s->svcs[i], v->name))
                        fail_waiting(s, s->svcs[i], E_SERVICE_DEPENDENCY_FAIL);
}

static void launch(struct scm *s, struct svc *v) {
        uint32_t e;

        v->start_waiting = false;
        v->stop_requested = false;
        v->st.win32_exit_code = 0;
        v->st.service_specific_exit_code = 0;
        v->st.scm_flags &= ~(uint32_t) S0_SCM_STATUS_RESTART_PENDING;
        v->restart_at = 0;
        e = scm_spawn(s, v);
        if (e) {
                log_error("Cannot start service '%s' (error %u)", v->name, e);
                set_stopped(s, v, e);
                fail_waiting(s, v, e);
                return;
        }
        v->st.current_state = ST_START_PENDING;
        v->st.check_point = 0;
        v->st.wait_hint = 2000;
        v->start_deadline = now_ms() + SCM_START_TIMEOUT_MS;
        store_save_state(s, v);
}

/* Launches every queued service whose dependencies all run. */
static void pump_starts(struct scm *s) {
        bool again = true;

        while (again) {
                again = false;
                for (size_t i = 0; i < s->n_svcs; i++) {
                        struct svc *v = s->svcs[i];
                        /* A process that reported SERVICE_STOPPED may not have ended yet:
                         * the next one waits for it (scm_proc_exited pumps again), or the
                         * old one's exit would be taken for the new one's. */
                        bool ready = v->start_waiting && v->pidfd < 0;

                        for (size_t d = 0; ready && d < v->cfg.n_dependencies; d++) {
                                struct svc *dep = scm_find(s, v->cfg.dependencies[d]);
                                ready = dep && dep->st.current_state == ST_RUNNING;
                        }
                        if (ready) {
                                launch(s, v);
                                again = true;
                        }
                }
        }
}

/* Queues v and what it needs; Win32 error. */
static uint32_t queue_start(struct scm *s, struct svc *v, unsigned depth) {
        if (depth > s->n_svcs)
                return E_CIRCULAR_DEPENDENCY;
        if (v->marked_delete)
                return E_SERVICE_MARKED_FOR_DELETE;
        if (v->cfg.start_type == S0_SVC_START_DISABLED)
                return depth ? E_SERVICE_DEPENDENCY_FAIL : E_SERVICE_DISABLED;
        if (v->st.current_state != ST_STOPPED || v->start_waiting)
                return 0;
        for (size_t i = 0; i < v->cfg.n_dependencies; i++) {
                struct svc *dep = scm_find(s, v->cfg.dependencies[i]);
                uint32_t e;

                if (!dep || dep->marked_delete)
                        return E_SERVICE_DEPENDENCY_DELETED;
                e = queue_start(s, dep, depth + 1);
                if (e)
                        return e == E_SERVICE_DISABLED ? E_SERVICE_DEPENDENCY_FAIL : e;
        }
        v->start_waiting = true;
        return 0;
}

uint32_t scm_start(struct scm *s, struct svc *v, struct conn *c, uint32_t cookie) {
        uint32_t e;

        if (s->shutting_down)
                return E_SHUTDOWN_IN_PROGRESS; /* what services.exe answers once shutdown began */
        if (v->marked_delete)
                return E_SERVICE_MARKED_FOR_DELETE;
        if (v->cfg.start_type == S0_SVC_START_DISABLED)
                return E_SERVICE_DISABLED;
        if (v->st.current_state != ST_STOPPED || v->start_waiting)
                return E_SERVICE_ALREADY_RUNNING;
        if (scm_has_cycle(s, v->name, &v->cfg))
                return E_CIRCULAR_DEPENDENCY;
        e = queue_start(s, v, 0);
        if (e) {
                /* undo what was queued for this request */
                for (size_t i = 0; i < s->n_svcs; i++)
                        if (s->svcs[i]->n_start_waiters == 0)
                                s->svcs[i]->start_waiting = false;
                return e;
        }
        if (c && v->n_start_waiters < SCM_START_WAITERS_MAX)
                v->start_waiters[v->n_start_waiters++] = (struct waiter) { c, cookie };
        pump_starts(s);
        return 0;
}

static bool dependents_running(struct scm *s, struct svc *v) {
        for (size_t i = 0; i < s->n_svcs; i++)
                if (s->svcs[i]->st.current_state != ST_STOPPED && depends_on(s->svcs[i], v->name))
                        return true;
        return false;
}

static uint32_t accepted(const struct svc *v) {
        uint32_t a = v->st.controls_accepted;
        if (v->cfg.has_accepted_controls)
                a &= v->cfg.accepted_controls;
        return a;
}

uint32_t scm_accepted(const struct svc *v) { return accepted(v); }

int scm_control_internal(struct scm *s, struct svc *v, uint32_t control) {
        struct s0_scm_msg_svc_control m = { .control = control };
        int r;

        (void) s;
        if (!v->ctl || v->ctl_busy)
                return -EBUSY;
        r = send_msg(v->ctl, &m, S0_SCM_MSG_SVC_CONTROL, sizeof m, 0);
        if (r < 0)
                return r;
        v->ctl_waiter = (struct waiter) { 0 };
        v->ctl_busy = true;
        v->ctl_deadline = now_ms() + SCM_CONTROL_TIMEOUT_MS;
        return 0;
}

void scm_cancel_starts(struct scm *s, uint32_t error) {
        for (size_t i = 0; i < s->n_svcs; i++) {
                struct svc *v = s->svcs[i];

                v->restart_at = 0;
                v->st.scm_flags &= ~(uint32_t) S0_SCM_STATUS_RESTART_PENDING;
                if (v->start_waiting) {
                        v->start_waiting = false;
                        answer_start_waiters(v, error);
                }
        }
}

uint32_t scm_control(struct scm *s, struct svc *v, uint32_t control, struct conn *c, uint32_t cookie) {
        struct s0_scm_msg_svc_control m = { .control = control };
        uint32_t state = v->st.current_state;

        if (state == ST_STOPPED)
                return E_SERVICE_NOT_ACTIVE;
        if (!v->ctl || v->ctl_busy)
                return E_SERVICE_CANNOT_ACCEPT_CTRL;
        if (control != CTL_INTERROGATE) {
                if (state == ST_START_PENDING || state == ST_STOP_PENDING || state == ST_PAUSE_PENDING ||
                    state == ST_CONTINUE_PENDING)
                        return E_SERVICE_CANNOT_ACCEPT_CTRL;
                if (control == CTL_STOP && dependents_running(s, v))
                        return E_DEPENDENT_SERVICES_RUNNING;
                if ((control == CTL_STOP && !(accepted(v) & ACCEPT_STOP)) ||
                    ((control == CTL_PAUSE || control == CTL_CONTINUE) && !(accepted(v) & ACCEPT_PAUSE_CONTINUE)) ||
                    (control == CTL_SHUTDOWN && !(accepted(v) & ACCEPT_SHUTDOWN)))
                        return E_INVALID_SERVICE_CONTROL;
                if ((control > CTL_SHUTDOWN && control < 128))
                        return E_INVALID_SERVICE_CONTROL; /* notifications: only s0-scm sends them */
        }
        if (send_msg(v->ctl, &m, S0_SCM_MSG_SVC_CONTROL, sizeof m, 0) < 0)
                return E_SERVICE_CANNOT_ACCEPT_CTRL;
        v->ctl_waiter = (struct waiter) { c, cookie };
        v->ctl_busy = true;
        v->ctl_deadline = now_ms() + SCM_CONTROL_TIMEOUT_MS;
        if (control == CTL_STOP) {
                v->stop_requested = true;
                v->stop_deadline = now_ms() + v->cfg.stop_timeout_ms;
        }
        return 0;
}

void scm_svc_result(struct scm *s, struct svc *v, uint32_t result) {
        struct waiter w = v->ctl_waiter;

        v->ctl_waiter = (struct waiter) { 0 };
        v->ctl_busy = false;
        v->ctl_deadline = 0;
        if (w.conn) {
                if (result)
                        reply_error(w.conn, w.cookie, result, "the handler of '%s' refused the control", v->name);
                else
                        reply_status(w.conn, w.cookie, v);
        }
        scm_notify_pump(s, v); /* the next session change, now that the handler is free */
}

void scm_svc_status(struct scm *s, struct svc *v, const struct s0_scm_status *st) {
        uint32_t old = v->st.current_state;

        v->st.service_type = st->service_type ? st->service_type : SERVICE_WIN32_OWN_PROCESS;
        v->st.current_state = st->current_state;
        v->st.controls_accepted = st->controls_accepted;
        v->st.win32_exit_code = st->win32_exit_code;
        v->st.service_specific_exit_code = st->service_specific_exit_code;
        v->st.check_point = st->check_point;
        v->st.wait_hint = st->wait_hint;
        if (st->current_state == ST_STOP_PENDING && !v->stop_requested) {
                /* stopping of its own accord: give it the stop timeout too */
                v->stop_requested = true;
                v->stop_deadline = now_ms() + v->cfg.stop_timeout_ms;
        }
        if (st->current_state == ST_STOPPED)
                v->stop_requested = true; /* the exit that follows is no crash */
        if (old != st->current_state)
                store_save_state(s, v);
        if (st->current_state == ST_RUNNING && old != ST_RUNNING) {
                pump_starts(s);
        }
        if (st->current_state == ST_STOPPED)
                fail_waiting(s, v, E_SERVICE_DEPENDENCY_FAIL); /* its dependents cannot start now */
}

void scm_svc_hello(struct scm *s, struct svc *v, struct conn *c, const struct s0_scm_status *st) {
        if (v->ctl && v->ctl != c) {
                v->ctl->svc = NULL;
                conn_close(s, v->ctl);
        }
        v->ctl = c;
        c->svc = v;
        v->start_deadline = 0;
        if (st->current_state != ST_STOPPED || v->st.current_state != ST_START_PENDING)
                scm_svc_status(s, v, st);
        answer_start_waiters(v, 0);
}

static void recover(struct scm *s, struct svc *v) {
        uint64_t now = now_ms();
        size_t idx;

        if (v->cfg.n_actions == 0 || s->shutting_down) /* nothing restarts during a shutdown */
                return;
        if (v->cfg.reset_period_s && v->last_failure &&
            now - v->last_failure > (uint64_t) v->cfg.reset_period_s * 1000u)
                v->failures = 0;
        v->failures++;
        v->last_failure = now;
        idx = v->failures - 1;
        /* Past the last action: held back. (Windows repeats the last action forever;
         * session0 stops, so a crash loop is not restarted without end: SERVICES.md.) */
        if (idx >= v->cfg.n_actions || v->cfg.actions[idx].type != 1) {
                v->st.scm_flags |= S0_SCM_STATUS_HELD_BACK;
                log_warning("Service '%s' crashed %u times: held back, not restarted", v->name, v->failures);
                return;
        }
        v->restart_at = now + v->cfg.actions[idx].delay_ms;
        if (v->restart_at == 0)
                v->restart_at = 1;
        v->st.scm_flags |= S0_SCM_STATUS_RESTART_PENDING;
        log_notice("Service '%s' crashed (failure %u): restarting in %u ms", v->name, v->failures,
                   v->cfg.actions[idx].delay_ms);
}

void scm_proc_exited(struct scm *s, struct svc *v) {
        siginfo_t si = { 0 };
        bool crash;

        if (v->is_child)
                (void) waitid((idtype_t) 3 /* P_PIDFD */, (id_t) v->pidfd, &si, WEXITED | WNOHANG);
        unwatch_proc(s, v);
        v->is_child = false;
        if (v->ctl) {
                v->ctl->svc = NULL;
                conn_close(s, v->ctl);
                v->ctl = NULL;
        }
        crash = v->st.current_state != ST_STOPPED && !v->stop_requested;
        v->ctl_deadline = v->stop_deadline = v->start_deadline = 0;
        set_stopped(s, v, crash ? E_PROCESS_ABORTED : 0);
        if (v->ctl_waiter.conn) {
                if (crash)
                        reply_error(v->ctl_waiter.conn, v->ctl_waiter.cookie, E_PROCESS_ABORTED,
                                    "service '%s' ended during the control", v->name);
                else
                        reply_status(v->ctl_waiter.conn, v->ctl_waiter.cookie, v);
        }
        v->ctl_waiter = (struct waiter) { 0 };
        v->ctl_busy = false;
        v->notify_len = 0; /* changes it missed while stopped are not news to its next run */
        if (!v->start_waiting) { /* else: a new start waits for this (stopped) process to end */
                answer_start_waiters(v, E_PROCESS_ABORTED);
                fail_waiting(s, v, E_SERVICE_DEPENDENCY_FAIL);
        }
        scm_cgroup_remove(s, v->name);
        if (v->marked_delete) {
                store_delete_state(s, v->name);
                scm_remove(s, v);
                return;
        }
        if (crash) {
                log_warning("Service '%s' (pid %d) ended without reporting SERVICE_STOPPED", v->name,
                            (int) si.si_pid);
                recover(s, v);
        }
        pump_starts(s); /* a start that waited for this process to end */
}

static void autostart(struct scm *s, bool delayed);

int scm_timers(struct scm *s) {
        uint64_t now = now_ms(), next = UINT64_MAX;

        if (s->delayed_start_at && s->delayed_start_at <= now) {
                s->delayed_start_at = 0;
                if (!s->shutting_down)
                        autostart(s, true);
        }
        if (s->delayed_start_at)
                next = s->delayed_start_at;
        for (size_t i = 0; i < s->n_svcs; i++) {
                struct svc *v = s->svcs[i];

                if (v->restart_at && v->restart_at <= now) {
                        v->restart_at = 0;
                        v->st.scm_flags &= ~(uint32_t) S0_SCM_STATUS_RESTART_PENDING;
                        if (v->st.current_state == ST_STOPPED && !v->start_waiting)
                                (void) scm_start(s, v, NULL, 0);
                }
                if (v->stop_deadline && v->stop_deadline <= now) {
                        v->stop_deadline = 0;
                        log_warning("Service '%s' did not stop within %u ms: killing it", v->name,
                                    v->cfg.stop_timeout_ms);
                        v->st.win32_exit_code = E_SERVICE_REQUEST_TIMEOUT;
                        (void) scm_cgroup_kill(s, v->name);
                }
                if (v->start_deadline && v->start_deadline <= now) {
                        v->start_deadline = 0;
                        log_warning("Service '%s' did not connect within %u ms: killing it", v->name,
                                    SCM_START_TIMEOUT_MS);
                        v->stop_requested = true;
                        answer_start_waiters(v, E_SERVICE_REQUEST_TIMEOUT);
                        (void) scm_cgroup_kill(s, v->name);
                }
                if (v->ctl_deadline && v->ctl_deadline <= now) {
                        v->ctl_deadline = 0;
                        if (v->ctl_waiter.conn)
                                reply_error(v->ctl_waiter.conn, v->ctl_waiter.cookie, E_SERVICE_REQUEST_TIMEOUT,
                                            "the handler of '%s' did not return within %u ms", v->name,
                                            SCM_CONTROL_TIMEOUT_MS);
                        v->ctl_waiter = (struct waiter) { 0 };
                        v->ctl_busy = false;
                        scm_notify_pump(s, v);
                }
                uint64_t d[] = { v->restart_at, v->stop_deadline, v->start_deadline, v->ctl_deadline };
                for (size_t k = 0; k < 4; k++)
                        if (d[k] && d[k] < next)
                                next = d[k];
        }
        if (next == UINT64_MAX)
                return -1;
        now = now_ms();
        return next <= now ? 0 : (int) (next - now > 60000 ? 60000 : next - now);
}

void scm_conn_gone(struct scm *s, struct conn *c) {
        for (size_t i = 0; i < s->n_svcs; i++) {
                struct svc *v = s->svcs[i];
                for (unsigned k = 0; k < v->n_start_waiters; k++)
                        if (v->start_waiters[k].conn == c)
                                v->start_waiters[k].conn = NULL;
                if (v->ctl_waiter.conn == c)
                        v->ctl_waiter.conn = NULL;
                if (v->ctl == c) {
                        v->ctl = NULL;
                        v->ctl_busy = false;
                }
        }
}

/* Starts the auto-start services: the delayed ones (DelayedAutoStart=) when delayed is
 * set, the others when it is not. */
static void autostart(struct scm *s, bool delayed) {
        for (size_t i = 0; i < s->n_svcs; i++) {
                struct svc *v = s->svcs[i];
                uint32_t e;

                if (v->cfg.start_type != S0_SVC_START_AUTO || v->cfg.delayed_auto_start != delayed ||
                    v->st.current_state != ST_STOPPED || v->start_waiting)
                        continue;
                if (delayed)
                        log_info("Starting delayed auto-start service '%s'", v->name);
                e = scm_start(s, v, NULL, 0);
                if (e)
                        log_error("Cannot start auto-start service '%s' (error %u)", v->name, e);
        }
}

void scm_autostart(struct scm *s) {
        autostart(s, false);
        for (size_t i = 0; i < s->n_svcs; i++)
                if (s->svcs[i]->cfg.start_type == S0_SVC_START_AUTO && s->svcs[i]->cfg.delayed_auto_start) {
                        s->delayed_start_at = now_ms() + s->delayed_autostart_ms;
                        if (s->delayed_start_at == 0)
                                s->delayed_start_at = 1;
                        break;
                }
}
