/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WTSSendMessageW/A (SEMANTICS.md §9; docs/WIN32.md "WTSSendMessage"): a message box
 * shown by the target session's s0-msgagent, through session0d. Lengths are in BYTES, as
 * on Windows, and the strings need not be NUL-terminated; Timeout is in seconds.
 * Each call opens its own connection, as the other WTS calls do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <session0/session0.h>

#include "win32.h"
#include "wtsapi32.h"
#include "wtsmessage.h"

static_assert(IDTIMEOUT == S0_ID_TIMEOUT && IDASYNC == S0_ID_ASYNC, "IDTIMEOUT/IDASYNC on the wire");

uint32_t s0_win32_message_error(int r, const char **ret_name) {
        static const struct {
                int error;
                uint32_t code;
                const char *name;
        } table[] = {
                { -EACCES, ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED" },
                { -EPERM, ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED" },
                { -ENOENT, ERROR_CTX_WINSTATION_NOT_FOUND, "ERROR_CTX_WINSTATION_NOT_FOUND" },
                { -EINVAL, ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER" },
                { -EAGAIN, ERROR_NOT_ENOUGH_QUOTA, "ERROR_NOT_ENOUGH_QUOTA" }, /* flood: per sender, per session */
                { -ENOMEM, ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY" },
                { -ECONNREFUSED, ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED" }, /* no session0d */
                { -ECONNRESET, ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED" },
                { -ESRCH, ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED" }, /* caller in no session */
        };
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
                if (table[i].error == r) {
                        if (ret_name)
                                *ret_name = table[i].name;
                        return table[i].code;
                }
        if (ret_name)
                *ret_name = "ERROR_GEN_FAILURE";
        return ERROR_GEN_FAILURE;
}

/* Both variants end here with UTF-8 strings. */
static BOOL send_message(HANDLE server, DWORD session, const char *title, const char *text, DWORD style,
                         DWORD timeout, DWORD *response, BOOL wait) {
        struct s0_client *c = NULL;
        uint32_t resp = 0;
        int r;

        if (server != WTS_CURRENT_SERVER_HANDLE || !response)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (session == WTS_CURRENT_SESSION) {
                r = s0_pid_session(getpid(), &session);
                if (r < 0)
                        return s0_win32_fail(s0_win32_message_error(-ESRCH, NULL));
        }
        r = s0_client_open(NULL, &c);
        if (r < 0)
                return s0_win32_fail(ERROR_NOT_SUPPORTED);
        r = s0_send_message(c, session, title, text, style, timeout, wait != FALSE, &resp);
        s0_client_close(c);
        if (r < 0)
                return s0_win32_fail(s0_win32_message_error(r, NULL));
        *response = resp;
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

/* A byte-counted string (not necessarily NUL-terminated) as a C string. */
static char *bytes_dup(const void *p, DWORD bytes) {
        char *s = malloc((size_t) bytes + 1);
        if (!s)
                return NULL;
        if (bytes)
                memcpy(s, p, bytes);
        s[bytes] = 0;
        return s;
}

WTSAPI32API BOOL WINAPI WTSSendMessageA(HANDLE hServer, DWORD SessionId, LPSTR pTitle, DWORD TitleLength,
                                        LPSTR pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout,
                                        DWORD *pResponse, BOOL bWait) {
        char *title, *text;
        BOOL ok;

        if ((!pTitle && TitleLength) || (!pMessage && MessageLength) || TitleLength >= S0_MSG_TITLE_MAX ||
            MessageLength >= S0_MSG_TEXT_MAX)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        title = bytes_dup(pTitle, TitleLength);
        text = bytes_dup(pMessage, MessageLength);
        if (!title || !text) {
                free(title);
                free(text);
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        /* a NUL inside the counted bytes ends the string, as a C string would */
        ok = send_message(hServer, SessionId, title, text, Style, Timeout, pResponse, bWait);
        free(title);
        free(text);
        return ok;
}

/* UTF-16 counted in bytes -> UTF-8; an odd count is ERROR_INVALID_PARAMETER. */
static uint32_t utf16_bytes_to_utf8(const WCHAR *p, DWORD bytes, char **ret) {
        WCHAR *w;
        uint32_t e;

        if ((bytes & 1) || (!p && bytes))
                return ERROR_INVALID_PARAMETER;
        w = malloc((size_t) bytes + sizeof(WCHAR));
        if (!w)
                return ERROR_NOT_ENOUGH_MEMORY;
        if (bytes)
                memcpy(w, p, bytes);
        w[bytes / sizeof(WCHAR)] = 0;
        e = s0_win32_utf16_to_utf8(w, 0, ret);
        free(w);
        return e == ERROR_INVALID_NAME ? ERROR_INVALID_PARAMETER : e;
}

WTSAPI32API BOOL WINAPI WTSSendMessageW(HANDLE hServer, DWORD SessionId, LPWSTR pTitle, DWORD TitleLength,
                                        LPWSTR pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout,
                                        DWORD *pResponse, BOOL bWait) {
        char *title = NULL, *text = NULL;
        uint32_t e;
        BOOL ok;

        e = utf16_bytes_to_utf8(pTitle, TitleLength, &title);
        if (e == 0)
                e = utf16_bytes_to_utf8(pMessage, MessageLength, &text);
        if (e != 0) {
                free(title);
                return s0_win32_fail(e);
        }
        /* After conversion: the limits are on the UTF-8 bytes the daemon carries. */
        if (strlen(title) >= S0_MSG_TITLE_MAX || strlen(text) >= S0_MSG_TEXT_MAX)
                ok = s0_win32_fail(ERROR_INVALID_PARAMETER);
        else
                ok = send_message(hServer, SessionId, title, text, Style, Timeout, pResponse, bWait);
        free(title);
        free(text);
        return ok;
}
