/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Window stations and desktops (SEMANTICS.md section 5). A user session has the
 * interactive WinSta0 with the desktops Default and Winlogon; session 0 has a
 * non-interactive WinSta0 (the legacy console user's, and LocalSystem's) and one
 * non-interactive station per service account, named from the account as Windows names
 * it from the logon session: root Service-0x0-3e7$, s0-localservice Service-0x0-3e5$,
 * s0-networkservice Service-0x0-3e4$, another account Service-0x0-<uid hex>$, each with
 * a Default desktop. A process sees and opens only its own station (root also WinSta0);
 * other sessions' stations do not exist here at all. The caller's station is derived
 * from its uid and cgroup leaf, never from a message.
 *
 * Not done: windows are not separated by desktop inside a session (one desktop holds
 * them all), SwitchDesktop and CreateDesktop are refused.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <session0/protocol.h>

#include "host.h"

#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5

static void own_station(const struct host *h, const struct host_conn *c, char *buf, size_t size) {
        if (h->session != 0 || c->console) {
                snprintf(buf, size, "WinSta0");
                return;
        }
        unsigned luid = (unsigned) c->uid;
        struct passwd pw, *res = NULL;
        char tmp[1024];
        if (c->uid == 0)
                luid = 0x3e7;
        else if (getpwuid_r(c->uid, &pw, tmp, sizeof tmp, &res) == 0 && res) {
                if (strcmp(res->pw_name, "s0-localservice") == 0)
                        luid = 0x3e5;
                else if (strcmp(res->pw_name, "s0-networkservice") == 0)
                        luid = 0x3e4;
        }
        snprintf(buf, size, "Service-0x0-%x$", luid);
}

void host_conn_station(const struct host *h, const struct host_conn *c, char *buf, size_t size) {
        own_station(h, c, buf, size);
}

static bool station_exists(const struct host *h, const char *name) {
        if (strcasecmp(name, "WinSta0") == 0)
                return true;
        return h->session == 0 && strncasecmp(name, "Service-0x0-", 12) == 0 && name[strlen(name) - 1] == '$';
}

static bool may_open(const struct host *h, const struct host_conn *c, const char *name) {
        char own[64];
        own_station(h, c, own, sizeof own);
        if (strcasecmp(name, own) == 0)
                return true;
        return h->session == 0 && c->uid == 0 && strcasecmp(name, "WinSta0") == 0; /* LocalSystem */
}

static void refuse(struct host *h, struct host_conn *c, const struct s0h_msg *m, const char *what, uint32_t error) {
        char target[sizeof c->exe + S0H_CLASS_MAX + S0H_TITLE_MAX + 64]; /* the journal keeps the first 127 */
        (void) snprintf(target, sizeof target, "%s (pid %d): %s '%s%s%s'", c->exe, (int) c->pid, what, m->cls,
                        m->title[0] ? "\\" : "", m->title);
        if (error == ERROR_ACCESS_DENIED)
                host_audit(h, S0_EVENT_WINDOW, target, (int32_t) error);
        host_reply(h, c, S0H_ERROR, m->cookie, (int32_t) error, NULL);
}

static void reply_names(struct host *h, struct host_conn *c, uint32_t cookie, const char *const *names, size_t n) {
        _Alignas(struct s0h_msg) uint8_t buf[S0H_MSG_SIZE_MAX] = { 0 };
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        size_t used = 0;
        for (size_t i = 0; i < n; i++) {
                size_t l = strlen(names[i]) + 1;
                if (used + l > S0H_DATA_MAX)
                        break;
                memcpy(rep->data + used, names[i], l);
                used += l;
        }
        rep->type = S0H_OK;
        rep->cookie = cookie;
        rep->data_len = (uint32_t) used;
        (void) host_send(h, c, buf, sizeof *rep + used);
}

void host_station(struct host *h, struct host_conn *c, const struct s0h_msg *m) {
        char own[64];
        own_station(h, c, own, sizeof own);
        bool interactive = strcasecmp(m->cls, "WinSta0") == 0;

        switch (m->msg) {
        case S0H_STATION_OWN: {
                struct s0h_msg rep = { 0 };
                snprintf(rep.cls, sizeof rep.cls, "%s", own);
                snprintf(rep.title, sizeof rep.title, "Default");
                host_reply(h, c, S0H_OK, m->cookie, 0, &rep);
                return;
        }
        case S0H_STATION_ENUM: {
                const char *names[2] = { own, "WinSta0" };
                reply_names(h, c, m->cookie, names, h->session == 0 && c->uid == 0 && strcmp(own, "WinSta0") ? 2 : 1);
                return;
        }
        case S0H_STATION_OPEN:
        case S0H_DESKTOP_ENUM:
                if (!station_exists(h, m->cls)) {
                        refuse(h, c, m, "window station", ERROR_FILE_NOT_FOUND);
                        return;
                }
                if (!may_open(h, c, m->cls)) {
                        refuse(h, c, m, "window station", ERROR_ACCESS_DENIED);
                        return;
                }
                if (m->msg == S0H_DESKTOP_ENUM) {
                        const char *names[2] = { "Default", "Winlogon" };
                        reply_names(h, c, m->cookie, names, interactive ? 2 : 1);
                } else
                        host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
                return;
        case S0H_DESKTOP_OPEN:
                if (!station_exists(h, m->cls) || (strcasecmp(m->title, "Default") != 0 &&
                                                   !(interactive && strcasecmp(m->title, "Winlogon") == 0))) {
                        refuse(h, c, m, "desktop", ERROR_FILE_NOT_FOUND);
                        return;
                }
                /* Winlogon is the secure desktop: LocalSystem's only */
                if (!may_open(h, c, m->cls) || (strcasecmp(m->title, "Winlogon") == 0 && c->uid != 0)) {
                        refuse(h, c, m, "desktop", ERROR_ACCESS_DENIED);
                        return;
                }
                host_reply(h, c, S0H_OK, m->cookie, 0, NULL);
                return;
        default:
                host_reply(h, c, S0H_ERROR, m->cookie, 87, NULL);
        }
}
