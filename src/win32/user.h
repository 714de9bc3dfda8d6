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
        struct user_fast *fast; /* the fast path (user-fast.c); NULL: everything through the host */
        int rx_fds[4];       /* fds that came with the last datagram, for its caller to take */
        unsigned rx_nfds;
};
/* This thread's connection, connected on first use: ERROR_NOT_SUPPORTED if the
 * session has no host (a process outside any session). */
uint32_t user_thread_get(struct user_thread **ret);
/* One request and its reply (any of OK/ERROR), processing sent messages that arrive
 * meanwhile. *rep gets the reply (S0H_MSG_SIZE_MAX bytes). Returns the Win32 error. */
uint32_t user_call(struct s0h_msg *req, size_t n, struct s0h_msg *rep, uint32_t timeout_ms);
/* Runs an INCOMING: the window procedure, then REPLY with its result. */
void user_handle_incoming(struct user_thread *t, const struct s0h_msg *in);
/* The fds that came with the reply user_call() just returned (at most max; the rest closed). */
unsigned user_take_fds(struct user_thread *t, int *fds, unsigned max);
/* Asks the host for sent messages only (a thread waiting for its own SendMessage on
 * the fast path) and runs them. 0 or a Win32 error. */
uint32_t user_pump_sent(struct user_thread *t);

/* ---- user-fast.c: the fast path (channels in shared memory) --------------------- */
struct user_fast;
/* Closes n received fds (-1 entries skipped). */
void user_close_fds(int *fds, unsigned n);
/* HELLO's fds: [doorbell, eventfd, HWND table], taken. 0 (none: no fast path) or
 * ERROR_NOT_ENOUGH_MEMORY (then the connection must not be used). */
uint32_t user_fast_init(struct user_thread *t, int *fds, unsigned nfds);
void user_fast_free(struct user_thread *t);
int user_fast_efd(const struct user_thread *t);
/* An S0H_CHANNEL_OPEN from the host, with its fds (taken). */
void user_fast_channel_open(struct user_thread *t, const struct s0h_msg *m, int *fds, unsigned nfds);
/* Runs the messages sent to us on channels and moves the posted ones to our local
 * queue; true if a sent message ran. */
bool user_fast_drain(struct user_thread *t);
/* A posted message from the local queue matching the filter. */
bool user_fast_take(struct user_thread *t, HWND hwnd, UINT min, UINT max, bool remove, MSG *m);
void user_fast_drop_hwnd(struct user_thread *t, HWND hwnd);
/* The doorbell's seq (read before looking, waited on after). */
uint32_t user_fast_seq(const struct user_thread *t);
/* The doorbell's futex word itself (NULL without a fast path), for a wait with objects. */
_Atomic uint32_t *user_fast_seq_word(const struct user_thread *t);
/* Has the host something for us (then GET it)? consume: we are about to ask. Always
 * true without a fast path. */
bool user_fast_host_pending(struct user_thread *t, bool consume, HWND hwnd, UINT min, UINT max);
/* The next GetMessage asks the host whatever its doorbell says (a GET for sent
 * messages only consumed a ring that may have been for a posted one). */
void user_fast_host_recheck(struct user_thread *t);
/* What the host answered to a GET: whether to ask it again before sleeping. */
void user_fast_host_answered(struct user_thread *t, const struct s0h_msg *rep, HWND hwnd, UINT min, UINT max);
void user_fast_wait(struct user_thread *t, uint32_t seen, uint32_t timeout_ms);
/* GetMessage/PeekMessage was called: the host's hung test (SMTO_ABORTIFHUNG) reads it. */
void user_fast_retrieving(struct user_thread *t);
void user_fast_set_waiting(struct user_thread *t, uint32_t mode);
/* 0 done, 1 not on the fast path (use the host), or a Win32 error. */
int user_fast_post(struct user_thread *t, HWND hwnd, UINT msg, WPARAM w, LPARAM l);
int user_fast_send(struct user_thread *t, HWND hwnd, UINT msg, WPARAM w, LPARAM l, LRESULT *ret);

/* ---- user-window.c: this process's windows and classes --------------------------- */
/* The window procedure and private fields of one of this process's windows. */
bool user_window_local(HWND hwnd, WNDPROC *ret_proc, uint32_t *ret_tid);
LRESULT user_call_wndproc(HWND hwnd, UINT msg, WPARAM w, LPARAM l);
/* Whether one of this process's windows is an ANSI window (false for any other). */
bool user_window_ansi(HWND hwnd);
/* Get/SetWindowLongPtrW (ansi false) and A. */
LONG_PTR user_window_get_long(HWND hwnd, int index, bool ansi);
LONG_PTR user_window_set_long(HWND hwnd, int index, LONG_PTR value, bool ansi);

/* ---- user-ansi.c: ANSI and Unicode windows (the only place text is converted) ------- */
/* Calls proc, of character set proc_ansi, with a message whose text is in the caller's
 * character set (from_ansi), converting WM_SETTEXT, WM_GETTEXT, WM_GETTEXTLENGTH and
 * when the two differ. */
LRESULT user_ansi_call_proc(WNDPROC proc, bool proc_ansi, bool from_ansi, HWND hwnd, UINT msg, WPARAM w, LPARAM l);
/* WM_NCCREATE or WM_CREATE from CreateWindowEx: a CREATESTRUCTA for an ANSI procedure.
 * (user_ansi_call_proc leaves these alone: a message from another process may carry any
 * lParam, and the library must not read it.) */
LRESULT user_ansi_call_create(WNDPROC proc, bool proc_ansi, HWND hwnd, UINT msg, const CREATESTRUCTW *cs);
/* What GetWindowLongPtr(GWLP_WNDPROC) gives: proc itself if its character set is the
 * caller's (want_ansi), else a handle that CallWindowProc and SetWindowLongPtr know. */
WNDPROC user_ansi_proc_handle(WNDPROC proc, bool proc_ansi, bool want_ansi);
/* The procedure a handle stands for, and its character set in *ansi (else proc, *ansi
 * unchanged). */
WNDPROC user_ansi_proc_resolve(WNDPROC proc, bool *ansi);
/* Window text between UTF-16 and UTF-8 (the ANSI code page here), as
 * WideCharToMultiByte/MultiByteToWideChar do it: what is not convertible becomes
 * U+FFFD (never fails). len: units/bytes of s (SIZE_MAX: up to its NUL). At most max - 1
 * units/bytes are written, whole characters only, then a NUL (if max > 0); out NULL
 * just counts. Returns what was (or would be) written, without the NUL. */
/* BroadcastSystemMessageExA: its WM_SETTEXT text converted for BroadcastSystemMessageExW. */
LRESULT user_ansi_broadcast(DWORD flags, LPDWORD info, UINT msg, WPARAM w, LPARAM l, PBSMINFO bsm);
size_t user_ansi_to_utf8(const WCHAR *s, size_t len, char *out, size_t max);
size_t user_ansi_to_utf16(const char *s, size_t len, WCHAR *out, size_t max);

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

/* ---- user-winsta.c ------------------------------------------------------------------ */
/* A new handle to the calling thread's desktop, or NULL. */
HDESK user_own_desktop_handle(void);
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
