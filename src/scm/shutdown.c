/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * System shutdown, as services.exe does it when Windows shuts down (docs/SERVICES.md,
 * "Shutdown"). SIGTERM or SIGINT begins it; SIGKILL is a crash and leaves every service
 * running for the next s0-scm to re-adopt.
 *
 *  1. Preshutdown: every running service that accepts SERVICE_ACCEPT_PRESHUTDOWN gets
 *     SERVICE_CONTROL_PRESHUTDOWN, dependents before what they depend on; s0-scm waits
 *     until it is STOPPED or its PreshutdownTimeout (SERVICE_PRESHUTDOWN_INFO) passed.
 *  2. Shutdown, once no preshutdown is outstanding: a service whose dependents have all
 *     ended gets SERVICE_CONTROL_SHUTDOWN if it accepts it, else SERVICE_CONTROL_STOP if
 *     it accepts that, else its cgroup is killed; one still there StopTimeout later is
 *     killed too.
 *  3. Whatever is left when --shutdown-timeout has passed since the signal is killed,
 *     and s0-scm exits once every service process has ended (or SCM_SHUTDOWN_REAP_MS
 *     after that kill).
 *
 * Nothing starts meanwhile: StartService is ERROR_SHUTDOWN_IN_PROGRESS, queued starts
 * and scheduled restarts are dropped, session changes are no longer delivered.
 */
#include <errno.h>

#include "scm.h"
#include "shared/log.h"

enum { ST_STOPPED = 1 };
enum { CTL_STOP = 1, CTL_SHUTDOWN = 5, CTL_PRESHUTDOWN = 15 };
enum { ACCEPT_STOP = 1, ACCEPT_SHUTDOWN = 4, ACCEPT_PRESHUTDOWN = 0x100 };
enum { E_SHUTDOWN_IN_PROGRESS = 1115 };

/* A service counts until its process has ended (a STOPPED report is not enough: the
 * process may still be writing what it saves at shutdown). */
static bool alive(const struct svc *v) { return v->pidfd >= 0 || v->st.current_state != ST_STOPPED; }

static bool wants_preshutdown(const struct svc *v) {
        return alive(v) && v->ctl && (scm_accepted(v) & ACCEPT_PRESHUTDOWN) && v->sd_stage <= SD_PRESHUTDOWN;
}

/* Is a dependent of v still in the phase? (reverse dependency order) */
static bool dependent_pending(struct scm *s, const struct svc *v, bool preshutdown) {
        for (size_t i = 0; i < s->n_svcs; i++) {
                const struct svc *d = s->svcs[i];

                if (d == v || !scm_depends_on(d, v->name))
                        continue;
                if (preshutdown ? wants_preshutdown(d) : alive(d))
                        return true;
        }
        return false;
}

void scm_shutdown_begin(struct scm *s) {
        if (s->shutting_down) {
                log_info("Shutdown already in progress");
                return;
        }
        s->shutting_down = true;
        s->shutdown_began = now_ms();
        s->shutdown_deadline = s->shutdown_began + s->shutdown_timeout_ms;
        scm_cancel_starts(s, E_SHUTDOWN_IN_PROGRESS);
        for (size_t i = 0; i < s->n_svcs; i++)
                s->svcs[i]->notify_len = 0; /* session changes are no news to a service going down */
        log_info("Shutting down: services get SERVICE_CONTROL_PRESHUTDOWN/SHUTDOWN (at most %u ms)",
                 s->shutdown_timeout_ms);
}

/* Phase 1 for v; true while v holds the preshutdown phase open. */
static bool preshutdown_step(struct scm *s, struct svc *v, uint64_t now) {
        if (v->sd_stage == SD_PRESHUTDOWN) {
                if (alive(v) && now < v->sd_deadline)
                        return true;
                if (alive(v))
                        log_warning("Service '%s' still runs %u ms after SERVICE_CONTROL_PRESHUTDOWN; going on",
                                    v->name, v->cfg.preshutdown_timeout_ms);
                v->sd_stage = SD_PRESHUTDOWN_DONE;
                v->sd_deadline = 0;
                return false;
        }
        if (v->sd_stage == SD_NONE && v->pidfd >= 0 && !v->ctl && v->st.current_state != ST_STOPPED &&
            now < s->shutdown_began + SCM_SHUTDOWN_RECONNECT_MS)
                return true; /* a re-adopted service whose dispatcher is on its way: what it accepts comes with it */
        if (v->sd_stage != SD_NONE || !wants_preshutdown(v))
                return false;
        if (dependent_pending(s, v, true) || v->ctl_busy)
                return true; /* its turn comes */
        if (scm_control_internal(s, v, CTL_PRESHUTDOWN) < 0) {
                v->sd_stage = SD_PRESHUTDOWN_DONE;
                return false;
        }
        log_info("Service '%s': SERVICE_CONTROL_PRESHUTDOWN", v->name);
        v->stop_requested = true; /* it may stop now: that is no crash */
        v->sd_stage = SD_PRESHUTDOWN;
        v->sd_deadline = now + v->cfg.preshutdown_timeout_ms;
        return true;
}

/* Phase 2 for v. */
static void shutdown_step(struct scm *s, struct svc *v, uint64_t now) {
        uint32_t a = scm_accepted(v);
        uint32_t control = (a & ACCEPT_SHUTDOWN) ? CTL_SHUTDOWN : (a & ACCEPT_STOP) ? CTL_STOP : 0;

        if (v->sd_stage == SD_SHUTDOWN || !alive(v) || dependent_pending(s, v, false))
                return;
        if (v->pidfd >= 0 && !v->ctl && v->st.current_state != ST_STOPPED && !v->stop_deadline) {
                /* a re-adopted service whose dispatcher has not reconnected yet (it retries
                 * every 50 ms): give it StopTimeout to come back and be told */
                v->stop_deadline = now + v->cfg.stop_timeout_ms;
                return;
        }
        if (v->ctl_busy || (v->pidfd >= 0 && !v->ctl && v->st.current_state != ST_STOPPED))
                return; /* the handler is busy, or the dispatcher is on its way */
        v->sd_stage = SD_SHUTDOWN;
        v->stop_requested = true;
        v->stop_deadline = now + v->cfg.stop_timeout_ms; /* scm_timers kills it then */
        if (v->st.current_state == ST_STOPPED)
                return; /* reported STOPPED, the process is ending: only the deadline applies */
        if (control && scm_control_internal(s, v, control) == 0) {
                log_info("Service '%s': %s", v->name,
                         control == CTL_SHUTDOWN ? "SERVICE_CONTROL_SHUTDOWN" : "SERVICE_CONTROL_STOP");
                return;
        }
        log_info("Service '%s' accepts neither SHUTDOWN nor STOP: killing it", v->name);
        v->stop_deadline = 0;
        (void) scm_cgroup_kill(s, v->name);
}

void scm_shutdown_pump(struct scm *s) {
        uint64_t now = now_ms();
        bool pre = false, any = false;

        if (!s->shutting_down)
                return;
        if (now >= s->shutdown_deadline && !s->shutdown_killed) {
                s->shutdown_killed = true;
                s->shutdown_deadline = now + SCM_SHUTDOWN_REAP_MS;
                for (size_t i = 0; i < s->n_svcs; i++)
                        if (alive(s->svcs[i])) {
                                log_warning("Service '%s' still runs at the end of the shutdown (%u ms): killing it",
                                            s->svcs[i]->name, s->shutdown_timeout_ms);
                                (void) scm_cgroup_kill(s, s->svcs[i]->name);
                        }
        }
        for (size_t i = 0; i < s->n_svcs; i++)
                pre |= preshutdown_step(s, s->svcs[i], now);
        for (size_t i = 0; !pre && i < s->n_svcs; i++)
                shutdown_step(s, s->svcs[i], now);
        for (size_t i = 0; i < s->n_svcs; i++)
                any |= s->svcs[i]->pidfd >= 0;
        if (!any || (s->shutdown_killed && now >= s->shutdown_deadline)) {
                if (any)
                        log_warning("Service processes did not end %u ms after being killed; exiting anyway",
                                    SCM_SHUTDOWN_REAP_MS);
                log_info("Shutdown complete");
                s->quit = true;
        }
}

int scm_shutdown_timer(struct scm *s) {
        uint64_t now = now_ms(), next;

        if (!s->shutting_down)
                return -1;
        next = s->shutdown_deadline;
        if (now < s->shutdown_began + SCM_SHUTDOWN_RECONNECT_MS && s->shutdown_began + SCM_SHUTDOWN_RECONNECT_MS < next)
                next = s->shutdown_began + SCM_SHUTDOWN_RECONNECT_MS; /* the end of the dispatchers' grace */
        for (size_t i = 0; i < s->n_svcs; i++)
                if (s->svcs[i]->sd_deadline && s->svcs[i]->sd_deadline < next)
                        next = s->svcs[i]->sd_deadline;
        return next <= now ? 0 : (int) (next - now > 60000 ? 60000 : next - now);
}
