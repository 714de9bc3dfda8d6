/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WTSRegisterSessionNotification / WTSUnRegisterSessionNotification: the session host
 * keeps the registration with the window (sessionnotify.c there) and posts
 * WM_WTSSESSION_CHANGE to it; the registration ends with the window.
 */
#include "user.h"
#include "win32.h"
#include "wtsapi32.h"

static BOOL wts_call(uint32_t type, HWND hwnd, DWORD flags) {
        struct s0h_msg req = { .type = type, .hwnd = (uint64_t) (uintptr_t) hwnd, .flags = flags }, rep;
        struct user_thread *t;
        uint32_t e;

        if (!hwnd || hwnd == HWND_BROADCAST || hwnd == HWND_MESSAGE)
                return s0_win32_fail(ERROR_INVALID_WINDOW_HANDLE);
        e = user_thread_get(&t);
        if (!e)
                e = user_call(&req, sizeof req, &rep, UINT32_MAX);
        return e ? s0_win32_fail(e) : TRUE;
}

WTSAPI32API BOOL WINAPI WTSRegisterSessionNotification(HWND hWnd, DWORD dwFlags) {
        if (dwFlags != NOTIFY_FOR_THIS_SESSION && dwFlags != NOTIFY_FOR_ALL_SESSIONS)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        return wts_call(S0H_WTS_REGISTER, hWnd, dwFlags);
}

WTSAPI32API BOOL WINAPI WTSUnRegisterSessionNotification(HWND hWnd) { return wts_call(S0H_WTS_UNREGISTER, hWnd, 0); }

WTSAPI32API BOOL WINAPI WTSRegisterSessionNotificationEx(HANDLE hServer, HWND hWnd, DWORD dwFlags) {
        if (hServer != WTS_CURRENT_SERVER_HANDLE)
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        return WTSRegisterSessionNotification(hWnd, dwFlags);
}

WTSAPI32API BOOL WINAPI WTSUnRegisterSessionNotificationEx(HANDLE hServer, HWND hWnd) {
        if (hServer != WTS_CURRENT_SERVER_HANDLE)
                return s0_win32_fail(ERROR_INVALID_HANDLE);
        return WTSUnRegisterSessionNotification(hWnd);
}
