/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interfaces of the USER part of the Win32 layer (windows and messages). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <session0/host-protocol.h>

#include "windows.h"

/* ---- user-conn.c: this thread's connection to the session host (its queue) ------- */
struct user_thread {
        int fd;              /* -1 until the first call that needs the host */
        uint32_t cookie;
        uint32_t tid;
        bool quit;           /* PostQuitMessage */
        int quit_code;
        unsigned forks;      /* the process's fork count when connected */
};
/* This thread's connection, connected on first use: ERROR_NOT_SUPPORTED if the
 * session has no host (a process outside any session). */
uint32_t user_thread_get(struct user_thread **ret);
/* One request and its reply (any of OK/ERROR), processing sent messages that arrive
 * meanwhile. *rep gets the reply (S0H_MSG_SIZE_MAX bytes). Returns the Win32 error. */
uint32_t user_call(struct s0h_msg *req, size_t n, struct s0h_msg *rep, uint32_t timeout_ms);
/* Runs an INCOMING: the window procedure, then REPLY with its result. */
void user_handle_incoming(struct user_thread *t, const struct s0h_msg *in);

/* ---- user-window.c: this process's windows and classes --------------------------- */
/* The window procedure and private fields of one of this process's windows. */
bool user_window_local(HWND hwnd, WNDPROC *ret_proc, uint32_t *ret_tid);
LRESULT user_call_wndproc(HWND hwnd, UINT msg, WPARAM w, LPARAM l);

/* ---- user-winsta.c: the threads' desktops ---------------------------------------- */
/* The calling thread ends: it no longer uses its desktop handle. */
void user_desktop_thread_gone(uint32_t tid);
/* The host's id of the calling thread's desktop; 0 for Default (no host call). */
uint64_t user_thread_desktop_id(void);

/* ---- user-broadcast.c: HWND_BROADCAST ------------------------------------------- */
/* PostMessage(HWND_BROADCAST): flags S0H_BCAST_SKIP_OWN or 0. A Win32 error. */
uint32_t user_broadcast_post(UINT msg, WPARAM w, LPARAM l, uint32_t flags);
/* SendMessage(Timeout) / SendNotifyMessage (notify) to HWND_BROADCAST. */
uint32_t user_broadcast_sendmsg(UINT msg, WPARAM w, LPARAM l, bool notify, UINT smto, UINT timeout);
/* ---- user-hook.c: this process's hooks ------------------------------------------ */
/* A hook call from the host (INCOMING with S0H_SEND_HOOK): runs the procedure, replies. */
void user_hook_incoming(struct user_thread *t, const struct s0h_msg *in);
/* This process's WH_GETMESSAGE hooks on the calling thread (tid), before GetMessage or
 * PeekMessage returns m; they may change it. */
void user_hook_getmessage(uint32_t tid, MSG *m, bool remove);
/* This process's WH_CALLWNDPROC hooks before, WH_CALLWNDPROCRET hooks after a sent
 * message runs in thread tid (the hook's wParam: sent by this process or not). */
void user_hook_callwndproc(uint32_t tid, HWND hwnd, UINT msg, WPARAM w, LPARAM l, bool from_current_process);
void user_hook_callwndprocret(uint32_t tid, HWND hwnd, UINT msg, WPARAM w, LPARAM l, LRESULT r,
                              bool from_current_process);
/* Thread tid ends: the hooks it installed end with it. */
void user_hook_thread_gone(uint32_t tid);
