/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * HWND_BROADCAST (PostMessage, SendMessage, SendMessageTimeout, SendNotifyMessage) and
 * BroadcastSystemMessage. The session host chooses the recipients (broadcast.c there):
 * the top-level windows of this session's desktop that UIPI lets the caller reach;
 * message-only and child windows never, another session's never. A posted broadcast is
 * queued by the host in one step; a sent one is sent here to each window of the host's
 * list in turn, as Windows does (one SendMessage per window, each with the full
 * timeout of SendMessageTimeout).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The recipients now, all pages of them (at most the host's window table). */
static uint32_t recipients(UINT msg, uint32_t flags, HWND **ret, size_t *ret_n) {
        _Alignas(struct s0h_msg) uint8_t buf[S0H_MSG_SIZE_MAX];
        struct s0h_msg *rep = (struct s0h_msg *) buf;
        struct user_thread *t;
        HWND *list = NULL;
        size_t n = 0;
        uint64_t after = 0;
        uint32_t e = user_thread_get(&t);

        if (e)
                return e;
        for (;;) {
                struct s0h_msg req = { .type = S0H_BROADCAST, .msg = msg, .flags = flags & ~S0H_BCAST_POST,
                                       .hwnd = after };
                e = user_call(&req, sizeof req, rep, UINT32_MAX);
                if (e) {
                        free(list);
                        return e;
                }
                uint32_t k = rep->data_len / 8;
                HWND *p = k ? realloc(list, (n + k) * sizeof *list) : list;
                if (k && !p) {
                        free(list);
                        return ERROR_NOT_ENOUGH_MEMORY;
                }
                list = p;
                for (uint32_t i = 0; i < k; i++) {
                        uint64_t v;
                        memcpy(&v, rep->data + i * 8, 8);
                        list[n++] = (HWND) (uintptr_t) v;
                }
                /* the position must advance, or a confused host would keep us here */
                if (!rep->result || rep->hwnd <= after)
                        break;
                after = rep->hwnd;
        }
        *ret = list;
        *ret_n = n;
        return 0;
}

enum bcast_send_mode { BCAST_SEND, BCAST_NOTIFY, BCAST_QUERY };

/* Sends to each recipient. A window that went away meanwhile, or that UIPI now refuses,
 * is skipped: a broadcast does not fail for one recipient. *ret_denied: a BSF_QUERY
 * recipient answered BROADCAST_QUERY_DENY (and the rest got nothing). */
static uint32_t broadcast_send(UINT msg, WPARAM w, LPARAM l, uint32_t flags, enum bcast_send_mode mode,
                               UINT smto, UINT timeout, bool *ret_denied) {
        HWND *list = NULL;
        size_t n = 0;
        uint32_t e = recipients(msg, flags, &list, &n);

        if (ret_denied)
                *ret_denied = false;
        if (e)
                return e;
        for (size_t i = 0; i < n; i++) {
                DWORD_PTR r = 0;
                switch (mode) {
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
                        if (ret_denied)
                                *ret_denied = true;
                        break;
                }
        }
        free(list);
        return 0;
}

uint32_t user_broadcast_sendmsg(UINT msg, WPARAM w, LPARAM l, bool notify, UINT smto, UINT timeout) {
        if (notify && is_pointer_message(msg))
                return ERROR_MESSAGE_SYNC_ONLY;
        return broadcast_send(msg, w, l, 0, notify ? BCAST_NOTIFY : BCAST_SEND, smto, timeout, NULL);
}

#define BSF_KNOWN                                                                                            \
        (BSF_QUERY | BSF_IGNORECURRENTTASK | BSF_FLUSHDISK | BSF_NOHANG | BSF_POSTMESSAGE | BSF_FORCEIFHUNG | \
         BSF_NOTIMEOUTIFNOTHUNG | BSF_ALLOWSFW | BSF_SENDNOTIFYMESSAGE)

WINUSERAPI long WINAPI BroadcastSystemMessageW(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l) {
        DWORD want = info ? *info : BSM_ALLCOMPONENTS;
        uint32_t hflags = (flags & BSF_IGNORECURRENTTASK) ? S0H_BCAST_SKIP_OWN : 0;
        bool denied = false;
        uint32_t e;

        if ((flags & ~(DWORD) BSF_KNOWN) ||
            ((flags & BSF_QUERY) && (flags & (BSF_POSTMESSAGE | BSF_SENDNOTIFYMESSAGE))) ||
            ((flags & BSF_POSTMESSAGE) && (flags & BSF_SENDNOTIFYMESSAGE))) {
                SetLastError(ERROR_INVALID_PARAMETER);
                return -1;
        }
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
        if (flags & BSF_POSTMESSAGE)
                e = user_broadcast_post(msg, w, l, hflags);
        else if (flags & BSF_SENDNOTIFYMESSAGE)
                e = is_pointer_message(msg) ? ERROR_MESSAGE_SYNC_ONLY
                                            : broadcast_send(msg, w, l, hflags, BCAST_NOTIFY, 0, UINT32_MAX, NULL);
        else
                e = broadcast_send(msg, w, l, hflags, (flags & BSF_QUERY) ? BCAST_QUERY : BCAST_SEND,
                                   (flags & BSF_NOHANG) ? SMTO_ABORTIFHUNG : 0, UINT32_MAX, &denied);
        if (e) {
                SetLastError(e);
                return -1;
        }
        if (info)
                *info = BSM_APPLICATIONS;
        return denied ? 0 : 1;
}

WINUSERAPI long WINAPI BroadcastSystemMessageA(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l) {
        /* as SendMessageA: text messages pass unconverted, the others are the same */
        return BroadcastSystemMessageW(flags, info, msg, w, l);
}
