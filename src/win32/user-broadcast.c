/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * HWND_BROADCAST (PostMessage, SendMessage, SendMessageTimeout, SendNotifyMessage) and
 * BroadcastSystemMessage. The session host chooses the recipients (broadcast.c there):
 * the top-level windows of this session's desktop that UIPI lets the caller reach;
 * message-only and child windows never, another session's never. A posted broadcast is
 * queued by the host in one step; a sent one is sent here to each window of the host's
 * list in turn, as Windows does (one SendMessage per window, each with the full
 * timeout of SendMessageTimeout). BroadcastSystemMessageEx's BSF_LUID keeps, of the
 * host's list, the windows of one logon session, which this library reads back from
 * each window's station (the host's WINLIST); see docs/WINDOWS.md "Broadcasts".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <session0/session0.h>

#include "user.h"
#include "win32.h"

static bool is_pointer_message(UINT msg) { return msg == WM_COPYDATA || msg == WM_SETTEXT || msg == WM_GETTEXT; }

uint32_t user_broadcast_post(UINT msg, WPARAM w, LPARAM l, uint32_t flags) {
        struct s0h_msg req = { .type = S0H_BROADCAST, .msg = msg, .wparam = w, .lparam = l,
                               .flags = flags | S0H_BCAST_POST }, rep;
        struct user_thread *t;
        uint32_t e;

        if (is_pointer_message(msg))
                return ERROR_MESSAGE_SYNC_ONLY; /* a pointer cannot be posted */
        e = user_thread_get(&t);
        return e ? e : user_call(&req, sizeof req, &rep, UINT32_MAX);
}

/* Every page of a paged host list (BROADCAST's LIST, WINLIST; req.hwnd = the position
 * after which a page starts): the records, size bytes each, in one array. */
static uint32_t all_pages(struct s0h_msg req, size_t size, uint8_t **ret, size_t *ret_n) {
        _Alignas(struct s0h_msg) uint8_t buf[S0H_MSG_SIZE_MAX];
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        struct user_thread *t;
        uint8_t *list = NULL;
        size_t n = 0;
        uint64_t after = 0;
        uint32_t e = user_thread_get(&t);

        if (e)
                return e;
        for (;;) {
                req.hwnd = after;
                e = user_call(&req, sizeof req, rep, UINT32_MAX);
                if (e) {
                        free(list);
                        return e;
                }
                size_t k = rep->data_len / size;
                uint8_t *p = k ? realloc(list, (n + k) * size) : list;
                if (k && !p) {
                        free(list);
                        return ERROR_NOT_ENOUGH_MEMORY;
                }
                list = p;
                if (k)
                        memcpy(list + n * size, rep->data, k * size);
                n += k;
                /* the position must advance, or a confused host would keep us here */
                if (!rep->result || rep->hwnd <= after)
                        break;
                after = rep->hwnd;
        }
        *ret = list;
        *ret_n = n;
        return 0;
}

/* The recipients now, all pages of them (at most the host's window table). */
static uint32_t recipients(UINT msg, uint32_t flags, HWND **ret, size_t *ret_n) {
        struct s0h_msg req = { .type = S0H_BROADCAST, .msg = msg, .flags = flags & ~S0H_BCAST_POST };
        uint8_t *raw = NULL;
        size_t n = 0;
        uint32_t e = all_pages(req, 8, &raw, &n);

        if (e)
                return e;
        HWND *list = malloc((n ? n : 1) * sizeof *list);
        if (!list) {
                free(raw);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        for (size_t i = 0; i < n; i++) {
                uint64_t v;
                memcpy(&v, raw + i * 8, 8);
                list[i] = (HWND) (uintptr_t) v;
        }
        free(raw);
        *ret = list;
        *ret_n = n;
        return 0;
}

/* ---- logon sessions (BSF_LUID, BSMINFO) --------------------------------------------- */

/* Every process of a user session -- and legacy session 0's console user -- is in the
 * one interactive logon session of its session; its LUID here is {session id, this}.
 * The service accounts' logon sessions have HighPart 0 (SYSTEM_LUID...), so the two
 * never meet. */
#define INTERACTIVE_LUID_HIGH 1

/* The logon session of a window's process, read back from its window station: Windows
 * names a service's station from its logon session's LUID, "Service-0x<high>-<low>$",
 * and so does the host (winsta.c); WinSta0 is the session's interactive logon. */
static bool station_luid(const char *station, uint32_t session, LUID *ret) {
        const char *p = station;
        char *end;
        unsigned long high, low;

        if (strcmp(station, "WinSta0") == 0) {
                *ret = (LUID){ .LowPart = session, .HighPart = INTERACTIVE_LUID_HIGH };
                return true;
        }
        if (strncmp(p, "Service-0x", 10) != 0)
                return false;
        errno = 0;
        high = strtoul(p + 10, &end, 16);
        if (errno || end == p + 10 || strncmp(end, "-", 1) != 0 || high > 0x7fffffffUL)
                return false;
        p = end + 1;
        low = strtoul(p, &end, 16);
        if (errno || end == p || strcmp(end, "$") != 0 || low > 0xffffffffUL)
                return false;
        *ret = (LUID){ .LowPart = (DWORD) low, .HighPart = (LONG) high };
        return true;
}

/* The window station of every window of the session (WINLIST, all pages). */
static uint32_t window_stations(struct s0h_window_record **ret, size_t *ret_n) {
        struct s0h_msg req = { .type = S0H_WINLIST };
        uint8_t *raw = NULL;
        uint32_t e = all_pages(req, sizeof **ret, &raw, ret_n);

        if (!e)
                *ret = (struct s0h_window_record *) raw; /* malloc'd: aligned for any type */
        return e;
}

/* HWND's station, "" if it is not in the list (destroyed meanwhile). */
static void station_of(struct s0h_window_record *ws, size_t n, HWND h, char *buf, size_t size) {
        buf[0] = 0;
        for (size_t i = 0; i < n; i++)
                if ((HWND) (uintptr_t) ws[i].hwnd == h) {
                        /* the host's text: bounded by its field, whatever it holds */
                        (void) snprintf(buf, size, "%.*s", (int) sizeof ws[i].station, ws[i].station);
                        return;
                }
}

static bool luid_equal(LUID a, LUID b) { return a.LowPart == b.LowPart && a.HighPart == b.HighPart; }

/* Keeps the recipients of logon session `only` (BSF_LUID). A window whose station is
 * gone (destroyed meanwhile) is left out. */
static uint32_t keep_logon_session(HWND *list, size_t *n, LUID only) {
        struct s0h_window_record *ws = NULL;
        size_t nws = 0, kept = 0;
        uint32_t session = 0;
        uint32_t e = s0_pid_session(getpid(), &session) < 0 ? ERROR_INVALID_PARAMETER : window_stations(&ws, &nws);

        if (e)
                return e;
        for (size_t i = 0; i < *n; i++) {
                char st[S0H_STATION_NAME_MAX + 1];
                LUID l;
                station_of(ws, nws, list[i], st, sizeof st);
                if (station_luid(st, session, &l) && luid_equal(l, only))
                        list[kept++] = list[i];
        }
        *n = kept;
        free(ws);
        return 0;
}

/* BSMINFO for the window that denied a BSF_QUERY: its HWND and logon session, and with
 * BSF_RETURNHDESK a new handle to its desktop (the caller's: a broadcast reaches no
 * other), which the caller closes with CloseDesktop. */
static void fill_denier(PBSMINFO info, HWND denier, bool want_hdesk) {
        struct s0h_window_record *ws = NULL;
        size_t nws = 0;
        uint32_t session = 0;
        char st[S0H_STATION_NAME_MAX + 1] = "";

        info->hwnd = denier;
        info->hdesk = NULL;
        if (s0_pid_session(getpid(), &session) == 0 && window_stations(&ws, &nws) == 0)
                station_of(ws, nws, denier, st, sizeof st);
        if (st[0]) {
                (void) station_luid(st, session, &info->luid);
                if (want_hdesk)
                        info->hdesk = user_own_desktop_handle();
        }
        free(ws);
}

/* ---- sending to a list --------------------------------------------------------------- */

enum bcast_send_mode { BCAST_SEND, BCAST_NOTIFY, BCAST_QUERY, BCAST_POST };

/* Sends (or posts) to each recipient. A window that went away meanwhile, or that UIPI now
 * refuses, is skipped: a broadcast does not fail for one recipient. *ret_denier: the
 * BSF_QUERY recipient that answered BROADCAST_QUERY_DENY (the rest got nothing), or
 * NULL. */
static void send_list(const HWND *list, size_t n, UINT msg, WPARAM w, LPARAM l, enum bcast_send_mode mode, UINT smto,
                      UINT timeout, HWND *ret_denier) {
        *ret_denier = NULL;
        for (size_t i = 0; i < n; i++) {
                DWORD_PTR r = 0;
                switch (mode) {
                case BCAST_POST:
                        (void) PostMessageW(list[i], msg, w, l);
                        break;
                case BCAST_NOTIFY:
                        (void) SendNotifyMessageW(list[i], msg, w, l);
                        break;
                case BCAST_SEND:
                case BCAST_QUERY:
                        if (timeout == UINT32_MAX && !smto)
                                r = (DWORD_PTR) SendMessageW(list[i], msg, w, l);
                        else
                                (void) SendMessageTimeoutW(list[i], msg, w, l, smto,
                                                           timeout == UINT32_MAX ? 0x7fffffffu : timeout, &r);
                        break;
                }
                if (mode == BCAST_QUERY && r == BROADCAST_QUERY_DENY) {
                        *ret_denier = list[i];
                        return;
                }
        }
}

/* The host's recipients (host flags S0H_BCAST_*), only those of logon session *only if
 * given, each sent or posted the message in turn. */
static uint32_t broadcast_send(UINT msg, WPARAM w, LPARAM l, uint32_t flags, const LUID *only,
                               enum bcast_send_mode mode, UINT smto, UINT timeout, HWND *ret_denier) {
        HWND *list = NULL, denier = NULL;
        size_t n = 0;
        uint32_t e = recipients(msg, flags, &list, &n);

        if (!e && only)
                e = keep_logon_session(list, &n, *only);
        if (!e)
                send_list(list, n, msg, w, l, mode, smto, timeout, &denier);
        free(list);
        if (ret_denier)
                *ret_denier = denier;
        return e;
}

uint32_t user_broadcast_sendmsg(UINT msg, WPARAM w, LPARAM l, bool notify, UINT smto, UINT timeout) {
        if (notify && is_pointer_message(msg))
                return ERROR_MESSAGE_SYNC_ONLY;
        return broadcast_send(msg, w, l, 0, NULL, notify ? BCAST_NOTIFY : BCAST_SEND, smto, timeout, NULL);
}

/* ---- BroadcastSystemMessage(Ex) ------------------------------------------------------ */

#define BSF_KNOWN                                                                                            \
        (BSF_QUERY | BSF_IGNORECURRENTTASK | BSF_FLUSHDISK | BSF_NOHANG | BSF_POSTMESSAGE | BSF_FORCEIFHUNG | \
         BSF_NOTIMEOUTIFNOTHUNG | BSF_ALLOWSFW | BSF_SENDNOTIFYMESSAGE | BSF_RETURNHDESK | BSF_LUID)

/* Parameter errors are 0 with ERROR_INVALID_PARAMETER, as on Windows (Wine's
 * dlls/user32/tests/broadcast.c, which passes there: an unknown flag returns 0); -1 is
 * "unable to broadcast", as Microsoft documents it. */
static long bsm_invalid(void) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
}

static uint32_t bsm_deliver(DWORD flags, UINT msg, WPARAM w, LPARAM l, const LUID *only, HWND *ret_denier) {
        uint32_t hflags = (flags & BSF_IGNORECURRENTTASK) ? S0H_BCAST_SKIP_OWN : 0;

        *ret_denier = NULL;
        /* BSF_QUERY goes before the others and BSF_POSTMESSAGE before
         * BSF_SENDNOTIFYMESSAGE: Windows accepts the combinations so (Wine's tests) */
        if (flags & BSF_QUERY)
                return broadcast_send(msg, w, l, hflags, only, BCAST_QUERY, (flags & BSF_NOHANG) ? SMTO_ABORTIFHUNG : 0,
                                      UINT32_MAX, ret_denier);
        if (flags & (BSF_POSTMESSAGE | BSF_SENDNOTIFYMESSAGE)) {
                if (is_pointer_message(msg))
                        return ERROR_MESSAGE_SYNC_ONLY;
                if (flags & BSF_POSTMESSAGE)
                        /* the host posts to every recipient in one step; for one logon
                         * session, the list is posted to in turn */
                        return only ? broadcast_send(msg, w, l, hflags, only, BCAST_POST, 0, UINT32_MAX, NULL)
                                    : user_broadcast_post(msg, w, l, hflags);
                return broadcast_send(msg, w, l, hflags, only, BCAST_NOTIFY, 0, UINT32_MAX, NULL);
        }
        return broadcast_send(msg, w, l, hflags, only, BCAST_SEND, (flags & BSF_NOHANG) ? SMTO_ABORTIFHUNG : 0,
                              UINT32_MAX, NULL);
}

WINUSERAPI long WINAPI BroadcastSystemMessageExW(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l,
                                                 PBSMINFO bsm) {
        DWORD want = info ? *info : BSM_ALLCOMPONENTS;
        HWND denier = NULL;
        uint32_t e;

        if (flags & ~(DWORD) BSF_KNOWN)
                return bsm_invalid();
        /* BSMINFO is read for BSF_LUID and written for BSF_QUERY: it must be there for
         * the flags that need it, and of its size whenever it is used (ReactOS' user32
         * checks the same; Microsoft documents no error) */
        if (!bsm && (flags & (BSF_RETURNHDESK | BSF_LUID)))
                return bsm_invalid();
        if (bsm && (flags & (BSF_QUERY | BSF_LUID)) && bsm->cbSize != sizeof *bsm)
                return bsm_invalid();
        /* Windows asks SE_TCB_NAME for it, which only LocalSystem (root) holds. It reaches
         * the caller's desktop only here (docs/WINDOWS.md, Deviations). */
        if ((want & BSM_ALLDESKTOPS) && geteuid() != 0) {
                SetLastError(ERROR_PRIVILEGE_NOT_HELD);
                return -1;
        }
        /* Applications are the only component there is: no VxDs, network or installable
         * drivers take broadcasts here. */
        if (want != BSM_ALLCOMPONENTS && !(want & (BSM_APPLICATIONS | BSM_ALLDESKTOPS))) {
                *info = 0;
                return 1;
        }
        e = bsm_deliver(flags, msg, w, l, (flags & BSF_LUID) ? &bsm->luid : NULL, &denier);
        if (e) {
                SetLastError(e);
                return -1;
        }
        if (info)
                *info = BSM_APPLICATIONS;
        if (denier && bsm)
                fill_denier(bsm, denier, flags & BSF_RETURNHDESK);
        return denier ? 0 : 1;
}

WINUSERAPI long WINAPI BroadcastSystemMessageExA(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l,
                                                 PBSMINFO bsm) {
        return (long) user_ansi_broadcast(flags, info, msg, w, l, bsm); /* WM_SETTEXT's text converted */
}

WINUSERAPI long WINAPI BroadcastSystemMessageW(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l) {
        return BroadcastSystemMessageExW(flags, info, msg, w, l, NULL);
}

WINUSERAPI long WINAPI BroadcastSystemMessageA(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l) {
        return BroadcastSystemMessageExA(flags, info, msg, w, l, NULL);
}
