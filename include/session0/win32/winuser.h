/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: windows and messages (user32), for message-only and invisible
 * windows and message loops. Values from Microsoft's documentation (winuser.h).
 * Windows belong to the caller's session host (s0-sessionhost): another session's
 * windows do not exist here. What is implemented and how it differs: docs/WINDOWS.md.
 */
#pragma once

#include "windef.h"
#include "winnt.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef WINUSERAPI
#define WINUSERAPI S0_WIN32_EXPORT
#endif

typedef struct HWND__ *HWND;
typedef struct HINSTANCE__ *HINSTANCE;
typedef HINSTANCE HMODULE;
typedef struct HICON__ *HICON;
typedef HICON HCURSOR;
typedef struct HBRUSH__ *HBRUSH;
typedef struct HMENU__ *HMENU;
typedef struct HHOOK__ *HHOOK;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef WORD ATOM;

typedef LRESULT(CALLBACK *WNDPROC)(HWND, UINT, WPARAM, LPARAM);
typedef VOID(CALLBACK *TIMERPROC)(HWND, UINT, UINT_PTR, DWORD);
typedef BOOL(CALLBACK *WNDENUMPROC)(HWND, LPARAM);

typedef struct tagPOINT {
        LONG x, y;
} POINT, *PPOINT, *LPPOINT;

typedef struct tagMSG {
        HWND hwnd;
        UINT message;
        WPARAM wParam;
        LPARAM lParam;
        DWORD time;
        POINT pt;
} MSG, *PMSG, *LPMSG;

typedef struct tagWNDCLASSEXW {
        UINT cbSize;
        UINT style;
        WNDPROC lpfnWndProc;
        int cbClsExtra;
        int cbWndExtra;
        HINSTANCE hInstance;
        HICON hIcon;
        HCURSOR hCursor;
        HBRUSH hbrBackground;
        LPCWSTR lpszMenuName;
        LPCWSTR lpszClassName;
        HICON hIconSm;
} WNDCLASSEXW, *PWNDCLASSEXW, *LPWNDCLASSEXW;

typedef struct tagWNDCLASSEXA {
        UINT cbSize;
        UINT style;
        WNDPROC lpfnWndProc;
        int cbClsExtra;
        int cbWndExtra;
        HINSTANCE hInstance;
        HICON hIcon;
        HCURSOR hCursor;
        HBRUSH hbrBackground;
        LPCSTR lpszMenuName;
        LPCSTR lpszClassName;
        HICON hIconSm;
} WNDCLASSEXA, *PWNDCLASSEXA, *LPWNDCLASSEXA;

typedef struct tagCOPYDATASTRUCT {
        ULONG_PTR dwData;
        DWORD cbData;
        PVOID lpData;
} COPYDATASTRUCT, *PCOPYDATASTRUCT;

typedef struct tagCREATESTRUCTW {
        LPVOID lpCreateParams;
        HINSTANCE hInstance;
        HMENU hMenu;
        HWND hwndParent;
        int cy, cx, y, x;
        LONG style;
        LPCWSTR lpszName;
        LPCWSTR lpszClass;
        DWORD dwExStyle;
} CREATESTRUCTW, *LPCREATESTRUCTW;

#define HWND_MESSAGE ((HWND) (LONG_PTR) -3)
#define HWND_BROADCAST ((HWND) 0xffff)

/* messages */
#define WM_NULL 0x0000
#define WM_CREATE 0x0001
#define WM_DESTROY 0x0002
#define WM_SETTEXT 0x000C
#define WM_GETTEXT 0x000D
#define WM_GETTEXTLENGTH 0x000E
#define WM_CLOSE 0x0010
#define WM_QUIT 0x0012
#define WM_COPYDATA 0x004A
#define WM_NCCREATE 0x0081
#define WM_NCDESTROY 0x0082
#define WM_TIMER 0x0113
#define WM_WTSSESSION_CHANGE 0x02B1 /* wtsapi32.h: WTSRegisterSessionNotification */
#define WM_USER 0x0400
#define WM_APP 0x8000

/* styles */
#define WS_OVERLAPPED 0x00000000L
#define WS_POPUP 0x80000000L
#define WS_CHILD 0x40000000L
#define WS_VISIBLE 0x10000000L
#define WS_OVERLAPPEDWINDOW 0x00CF0000L
#define CW_USEDEFAULT ((int) 0x80000000)

#define PM_NOREMOVE 0x0000
#define PM_REMOVE 0x0001

#define SMTO_NORMAL 0x0000
#define SMTO_BLOCK 0x0001
#define SMTO_ABORTIFHUNG 0x0002

#define GWLP_WNDPROC (-4)
#define GWLP_USERDATA (-21)

#define SW_HIDE 0
#define SW_SHOW 5

WINUSERAPI ATOM WINAPI RegisterClassExW(const WNDCLASSEXW *);
WINUSERAPI ATOM WINAPI RegisterClassExA(const WNDCLASSEXA *);
WINUSERAPI BOOL WINAPI UnregisterClassW(LPCWSTR, HINSTANCE);
WINUSERAPI HWND WINAPI CreateWindowExW(DWORD, LPCWSTR, LPCWSTR, DWORD, int, int, int, int, HWND, HMENU, HINSTANCE,
                                       LPVOID);
WINUSERAPI HWND WINAPI CreateWindowExA(DWORD, LPCSTR, LPCSTR, DWORD, int, int, int, int, HWND, HMENU, HINSTANCE,
                                       LPVOID);
WINUSERAPI BOOL WINAPI DestroyWindow(HWND);
WINUSERAPI BOOL WINAPI ShowWindow(HWND, int);
WINUSERAPI LRESULT WINAPI DefWindowProcW(HWND, UINT, WPARAM, LPARAM);
WINUSERAPI HWND WINAPI FindWindowW(LPCWSTR, LPCWSTR);
WINUSERAPI HWND WINAPI FindWindowA(LPCSTR, LPCSTR);
WINUSERAPI HWND WINAPI FindWindowExW(HWND, HWND, LPCWSTR, LPCWSTR);
WINUSERAPI HWND WINAPI FindWindowExA(HWND, HWND, LPCSTR, LPCSTR);
WINUSERAPI BOOL WINAPI EnumWindows(WNDENUMPROC, LPARAM);
WINUSERAPI BOOL WINAPI IsWindow(HWND);
WINUSERAPI DWORD WINAPI GetWindowThreadProcessId(HWND, LPDWORD);
WINUSERAPI int WINAPI GetWindowTextW(HWND, LPWSTR, int);
WINUSERAPI BOOL WINAPI SetWindowTextW(HWND, LPCWSTR);
WINUSERAPI LONG_PTR WINAPI GetWindowLongPtrW(HWND, int);
WINUSERAPI LONG_PTR WINAPI SetWindowLongPtrW(HWND, int, LONG_PTR);

WINUSERAPI LRESULT WINAPI SendMessageW(HWND, UINT, WPARAM, LPARAM);
WINUSERAPI LRESULT WINAPI SendMessageA(HWND, UINT, WPARAM, LPARAM);
WINUSERAPI LRESULT WINAPI SendMessageTimeoutW(HWND, UINT, WPARAM, LPARAM, UINT, UINT, PDWORD_PTR);
WINUSERAPI BOOL WINAPI SendNotifyMessageW(HWND, UINT, WPARAM, LPARAM);
/* BroadcastSystemMessage (src/win32/user-broadcast.c): the recipients are this
 * session's top-level windows; values as Microsoft documents them. */
#define BSF_QUERY 0x00000001
#define BSF_IGNORECURRENTTASK 0x00000002
#define BSF_FLUSHDISK 0x00000004
#define BSF_NOHANG 0x00000008
#define BSF_POSTMESSAGE 0x00000010
#define BSF_FORCEIFHUNG 0x00000020
#define BSF_NOTIMEOUTIFNOTHUNG 0x00000040
#define BSF_ALLOWSFW 0x00000080
#define BSF_SENDNOTIFYMESSAGE 0x00000100
#define BSM_ALLCOMPONENTS 0x00000000
#define BSM_VXDS 0x00000001
#define BSM_NETDRIVER 0x00000002
#define BSM_INSTALLABLEDRIVERS 0x00000004
#define BSM_APPLICATIONS 0x00000008
#define BSM_ALLDESKTOPS 0x00000010
#define BROADCAST_QUERY_DENY 0x424D5144
WINUSERAPI long WINAPI BroadcastSystemMessageW(DWORD flags, LPDWORD lpInfo, UINT Msg, WPARAM wParam, LPARAM lParam);
WINUSERAPI long WINAPI BroadcastSystemMessageA(DWORD flags, LPDWORD lpInfo, UINT Msg, WPARAM wParam, LPARAM lParam);
WINUSERAPI BOOL WINAPI PostMessageW(HWND, UINT, WPARAM, LPARAM);
WINUSERAPI BOOL WINAPI PostMessageA(HWND, UINT, WPARAM, LPARAM);
WINUSERAPI BOOL WINAPI PostThreadMessageW(DWORD, UINT, WPARAM, LPARAM);
WINUSERAPI VOID WINAPI PostQuitMessage(int);
WINUSERAPI BOOL WINAPI GetMessageW(LPMSG, HWND, UINT, UINT);
WINUSERAPI BOOL WINAPI PeekMessageW(LPMSG, HWND, UINT, UINT, UINT);
WINUSERAPI LRESULT WINAPI DispatchMessageW(const MSG *);
WINUSERAPI BOOL WINAPI TranslateMessage(const MSG *);
WINUSERAPI UINT_PTR WINAPI SetTimer(HWND, UINT_PTR, UINT, TIMERPROC);
WINUSERAPI BOOL WINAPI KillTimer(HWND, UINT_PTR);
typedef struct tagCHANGEFILTERSTRUCT {
        DWORD cbSize;
        DWORD ExtStatus;
} CHANGEFILTERSTRUCT, *PCHANGEFILTERSTRUCT;
#define MSGFLT_RESET 0
#define MSGFLT_ALLOW 1
#define MSGFLT_DISALLOW 2
#define MSGFLTINFO_NONE 0
WINUSERAPI BOOL WINAPI ChangeWindowMessageFilterEx(HWND, UINT, DWORD, PCHANGEFILTERSTRUCT);
/* window stations and desktops (HWINSTA and HDESK are handles of the handle table) */
typedef HANDLE HWINSTA;
typedef HANDLE HDESK;
typedef BOOL(CALLBACK *WINSTAENUMPROCW)(LPWSTR, LPARAM);
typedef BOOL(CALLBACK *DESKTOPENUMPROCW)(LPWSTR, LPARAM);
#define WINSTA_ALL_ACCESS 0x37F
/* Desktop access rights (winuser.h; access is accepted and not checked here) */
#define DESKTOP_READOBJECTS 0x0001
#define DESKTOP_CREATEWINDOW 0x0002
#define DESKTOP_CREATEMENU 0x0004
#define DESKTOP_HOOKCONTROL 0x0008
#define DESKTOP_JOURNALRECORD 0x0010
#define DESKTOP_JOURNALPLAYBACK 0x0020
#define DESKTOP_ENUMERATE 0x0040
#define DESKTOP_WRITEOBJECTS 0x0080
#define DESKTOP_SWITCHDESKTOP 0x0100
#define DF_ALLOWOTHERACCOUNTHOOK 0x0001 /* CreateDesktop/OpenDesktop dwFlags: accepted, changes nothing */
#define GENERIC_ALL_DESKTOP 0x10000000
WINUSERAPI HWINSTA WINAPI GetProcessWindowStation(void);
WINUSERAPI BOOL WINAPI SetProcessWindowStation(HWINSTA);
WINUSERAPI HWINSTA WINAPI OpenWindowStationW(LPCWSTR, BOOL, DWORD);
WINUSERAPI BOOL WINAPI EnumWindowStationsW(WINSTAENUMPROCW, LPARAM);
WINUSERAPI BOOL WINAPI CloseWindowStation(HWINSTA);
/* Desktops of the caller's station: Default (and WinSta0's Winlogon, root's only) and
 * those CreateDesktop made (at most 64 per station, then ERROR_NOT_ENOUGH_MEMORY; a name
 * of at most 63 UTF-8 bytes, no '\\', not empty). A thread sees and reaches only the
 * windows of its desktop (docs/WINDOWS.md). lpszDevice and pDevmode must be NULL. */
WINUSERAPI HDESK WINAPI OpenDesktopW(LPCWSTR, DWORD, BOOL, DWORD);
WINUSERAPI HDESK WINAPI OpenDesktopA(LPCSTR, DWORD, BOOL, DWORD);
WINUSERAPI HDESK WINAPI CreateDesktopW(LPCWSTR, LPCWSTR, void *, DWORD, DWORD, void *);
WINUSERAPI HDESK WINAPI CreateDesktopA(LPCSTR, LPCSTR, void *, DWORD, DWORD, void *);
WINUSERAPI HDESK WINAPI OpenInputDesktop(DWORD, BOOL, DWORD);
WINUSERAPI HDESK WINAPI GetThreadDesktop(DWORD);
WINUSERAPI BOOL WINAPI SetThreadDesktop(HDESK);
WINUSERAPI BOOL WINAPI SwitchDesktop(HDESK);
WINUSERAPI BOOL WINAPI EnumDesktopsW(HWINSTA, DESKTOPENUMPROCW, LPARAM);
WINUSERAPI BOOL WINAPI CloseDesktop(HDESK);
WINUSERAPI BOOL WINAPI GetUserObjectInformationW(HANDLE, int, PVOID, DWORD, LPDWORD);
#define UOI_NAME 2
/* BroadcastSystemMessageEx: what the window that denied a BSF_QUERY was (docs/WINDOWS.md
 * "Broadcasts"); luid is also the logon session BSF_LUID restricts the broadcast to. */
#define BSF_RETURNHDESK 0x00000200
#define BSF_LUID 0x00000400
typedef struct {
        UINT cbSize;
        HDESK hdesk;
        HWND hwnd;
        LUID luid;
} BSMINFO, *PBSMINFO;
WINUSERAPI long WINAPI BroadcastSystemMessageExW(DWORD flags, LPDWORD lpInfo, UINT Msg, WPARAM wParam, LPARAM lParam,
                                                 PBSMINFO pbsmInfo);
WINUSERAPI long WINAPI BroadcastSystemMessageExA(DWORD flags, LPDWORD lpInfo, UINT Msg, WPARAM wParam, LPARAM lParam,
                                                 PBSMINFO pbsmInfo);

WINUSERAPI UINT WINAPI RegisterWindowMessageW(LPCWSTR);
WINUSERAPI UINT WINAPI RegisterWindowMessageA(LPCSTR);

#define QS_KEY 0x0001
#define QS_MOUSEMOVE 0x0002
#define QS_MOUSEBUTTON 0x0004
#define QS_POSTMESSAGE 0x0008
#define QS_TIMER 0x0010
#define QS_PAINT 0x0020
#define QS_SENDMESSAGE 0x0040
#define QS_HOTKEY 0x0080
#define QS_ALLPOSTMESSAGE 0x0100
#define QS_RAWINPUT 0x0400
#define QS_INPUT (QS_MOUSEMOVE | QS_MOUSEBUTTON | QS_KEY | QS_RAWINPUT)
#define QS_ALLEVENTS (QS_INPUT | QS_POSTMESSAGE | QS_TIMER | QS_PAINT | QS_HOTKEY)
#define QS_ALLINPUT (QS_INPUT | QS_POSTMESSAGE | QS_TIMER | QS_PAINT | QS_HOTKEY | QS_SENDMESSAGE)
/* Kernel objects and this thread's queue in one wait: WAIT_OBJECT_0 + nCount when a
 * message is there (docs/WINDOWS.md: messages are seen within 2 ms). */
WINUSERAPI DWORD WINAPI MsgWaitForMultipleObjects(DWORD, const HANDLE *, BOOL, DWORD, DWORD);
/* MsgWaitForMultipleObjectsEx dwFlags */
#define MWMO_WAITALL 0x0001
#define MWMO_ALERTABLE 0x0002
#define MWMO_INPUTAVAILABLE 0x0004
WINUSERAPI DWORD WINAPI MsgWaitForMultipleObjectsEx(DWORD, const HANDLE *, DWORD, DWORD, DWORD);

/* ---- hooks (docs/WINDOWS.md "Hooks": a hook procedure runs in its own process) ---- */
#define WH_MSGFILTER (-1)
#define WH_GETMESSAGE 3
#define WH_CALLWNDPROC 4
#define WH_SYSMSGFILTER 6
#define WH_CALLWNDPROCRET 12
#define HC_ACTION 0
typedef LRESULT(CALLBACK *HOOKPROC)(int, WPARAM, LPARAM);
typedef struct tagCWPSTRUCT {
        LPARAM lParam;
        WPARAM wParam;
        UINT message;
        HWND hwnd;
} CWPSTRUCT, *PCWPSTRUCT, *LPCWPSTRUCT;
typedef struct tagCWPRETSTRUCT {
        LRESULT lResult;
        LPARAM lParam;
        WPARAM wParam;
        UINT message;
        HWND hwnd;
} CWPRETSTRUCT, *PCWPRETSTRUCT, *LPCWPRETSTRUCT;
/* dwThreadId 0: every thread of the caller's desktop; hmod is accepted and ignored. */
WINUSERAPI HHOOK WINAPI SetWindowsHookExW(int, HOOKPROC, HINSTANCE, DWORD);
WINUSERAPI HHOOK WINAPI SetWindowsHookExA(int, HOOKPROC, HINSTANCE, DWORD);
WINUSERAPI BOOL WINAPI UnhookWindowsHookEx(HHOOK);
WINUSERAPI LRESULT WINAPI CallNextHookEx(HHOOK, int, WPARAM, LPARAM);
/* The window's text as the system keeps it, without sending WM_GETTEXT. */
WINUSERAPI int WINAPI InternalGetWindowText(HWND, LPWSTR, int);

/* ---- message boxes (src/win32/user-msgbox.c; docs/WINDOWS.md "Message boxes") --------
 * Shown by the session's s0-msgagent through session0d, as WTSSendMessage shows one. In
 * session 0 nobody can see it, MB_SERVICE_NOTIFICATION or not (that reached users only
 * on XP/2003): reported to the audit journal (ui0, for s0-ui0detect) and the call
 * blocks, as on Windows; legacy mode shows it to the console user. With
 * MB_SERVICE_NOTIFICATION / MB_DEFAULT_DESKTOP_ONLY hWnd must be NULL. Values from
 * Microsoft's documentation of MessageBox. */
#define MB_OK 0x00000000L
#define MB_OKCANCEL 0x00000001L
#define MB_ABORTRETRYIGNORE 0x00000002L
#define MB_YESNOCANCEL 0x00000003L
#define MB_YESNO 0x00000004L
#define MB_RETRYCANCEL 0x00000005L
#define MB_CANCELTRYCONTINUE 0x00000006L
#define MB_ICONHAND 0x00000010L
#define MB_ICONQUESTION 0x00000020L
#define MB_ICONEXCLAMATION 0x00000030L
#define MB_ICONASTERISK 0x00000040L
#define MB_ICONERROR MB_ICONHAND
#define MB_ICONWARNING MB_ICONEXCLAMATION
#define MB_ICONINFORMATION MB_ICONASTERISK
#define MB_DEFBUTTON1 0x00000000L
#define MB_DEFBUTTON2 0x00000100L
#define MB_DEFBUTTON3 0x00000200L
#define MB_DEFBUTTON4 0x00000300L
#define MB_SETFOREGROUND 0x00010000L
#define MB_TOPMOST 0x00040000L
#define MB_SERVICE_NOTIFICATION 0x00200000L
#define MB_ICONSTOP MB_ICONHAND
#define MB_USERICON 0x00000080L
#define MB_APPLMODAL 0x00000000L
#define MB_SYSTEMMODAL 0x00001000L
#define MB_TASKMODAL 0x00002000L
#define MB_HELP 0x00004000L
#define MB_NOFOCUS 0x00008000L
#define MB_DEFAULT_DESKTOP_ONLY 0x00020000L
#define MB_RIGHT 0x00080000L
#define MB_RTLREADING 0x00100000L
#define MB_SERVICE_NOTIFICATION_NT3X 0x00040000L
#define MB_TYPEMASK 0x0000000FL
#define MB_ICONMASK 0x000000F0L
#define MB_DEFMASK 0x00000F00L
#define MB_MODEMASK 0x00003000L
#define MB_MISCMASK 0x0000C000L
#define IDOK 1
#define IDCANCEL 2
#define IDABORT 3
#define IDRETRY 4
#define IDIGNORE 5
#define IDYES 6
#define IDNO 7
#define IDTRYAGAIN 10
#define IDCONTINUE 11
#define IDCLOSE 8
#define IDHELP 9
#ifndef IDTIMEOUT
#define IDTIMEOUT 32000 /* MessageBoxTimeout; here also: nobody answered (docs/WINDOWS.md) */
#define IDASYNC 32001
#endif
/* 0 on failure (GetLastError: ERROR_INVALID_MSGBOX_STYLE, ERROR_INVALID_WINDOW_HANDLE,
 * ERROR_INVALID_PARAMETER, ERROR_ACCESS_DENIED, ...); else IDOK .. IDCONTINUE, or
 * IDTIMEOUT when nobody answered. wLanguageId is accepted and ignored. */
WINUSERAPI int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType);
WINUSERAPI int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType);
WINUSERAPI int WINAPI MessageBoxExW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType, WORD wLanguageId);
WINUSERAPI int WINAPI MessageBoxExA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType, WORD wLanguageId);
/* Undocumented on Windows (exported by user32 since XP): IDTIMEOUT after dwMilliseconds
 * (0 or INFINITE: no timeout); rounded up to whole seconds here. */
WINUSERAPI int WINAPI MessageBoxTimeoutW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType,
                                         WORD wLanguageId, DWORD dwMilliseconds);
WINUSERAPI int WINAPI MessageBoxTimeoutA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType,
                                         WORD wLanguageId, DWORD dwMilliseconds);
#ifdef UNICODE
#define MessageBox MessageBoxW
#define MessageBoxEx MessageBoxExW
#define MessageBoxTimeout MessageBoxTimeoutW
#else
#define MessageBox MessageBoxA
#define MessageBoxEx MessageBoxExA
#define MessageBoxTimeout MessageBoxTimeoutA
#endif
/* ---- end of message boxes ---------------------------------------------------------- */

/* ---- the A (ANSI) forms and the other W ones (src/win32/user-ansi.c) --------------
 * A window whose class was registered with RegisterClass(Ex)A is an ANSI window: its
 * procedure gets char text (UTF-8 is the "ANSI code page" here) for WM_SETTEXT,
 * WM_GETTEXT, WM_GETTEXTLENGTH and a CREATESTRUCTA for WM_NCCREATE/WM_CREATE; the
 * system converts between a caller's character set and the window's
 * (docs/WINDOWS.md "ANSI and Unicode windows"). */
typedef struct tagWNDCLASSW {
        UINT style;
        WNDPROC lpfnWndProc;
        int cbClsExtra;
        int cbWndExtra;
        HINSTANCE hInstance;
        HICON hIcon;
        HCURSOR hCursor;
        HBRUSH hbrBackground;
        LPCWSTR lpszMenuName;
        LPCWSTR lpszClassName;
} WNDCLASSW, *PWNDCLASSW, *LPWNDCLASSW;

typedef struct tagWNDCLASSA {
        UINT style;
        WNDPROC lpfnWndProc;
        int cbClsExtra;
        int cbWndExtra;
        HINSTANCE hInstance;
        HICON hIcon;
        HCURSOR hCursor;
        HBRUSH hbrBackground;
        LPCSTR lpszMenuName;
        LPCSTR lpszClassName;
} WNDCLASSA, *PWNDCLASSA, *LPWNDCLASSA;

typedef struct tagCREATESTRUCTA {
        LPVOID lpCreateParams;
        HINSTANCE hInstance;
        HMENU hMenu;
        HWND hwndParent;
        int cy, cx, y, x;
        LONG style;
        LPCSTR lpszName;
        LPCSTR lpszClass;
        DWORD dwExStyle;
} CREATESTRUCTA, *LPCREATESTRUCTA;

typedef BOOL(CALLBACK *WINSTAENUMPROCA)(LPSTR, LPARAM);
typedef BOOL(CALLBACK *DESKTOPENUMPROCA)(LPSTR, LPARAM);

WINUSERAPI ATOM WINAPI RegisterClassW(const WNDCLASSW *);
WINUSERAPI ATOM WINAPI RegisterClassA(const WNDCLASSA *);
WINUSERAPI BOOL WINAPI UnregisterClassA(LPCSTR, HINSTANCE);
#define CreateWindowW(cls, name, style, x, y, cx, cy, parent, menu, inst, param) \
        CreateWindowExW(0L, cls, name, style, x, y, cx, cy, parent, menu, inst, param)
#define CreateWindowA(cls, name, style, x, y, cx, cy, parent, menu, inst, param) \
        CreateWindowExA(0L, cls, name, style, x, y, cx, cy, parent, menu, inst, param)
WINUSERAPI LRESULT WINAPI DefWindowProcA(HWND, UINT, WPARAM, LPARAM);
/* lpPrevWndFunc: a procedure, or what GetWindowLongPtr(GWLP_WNDPROC) returned */
WINUSERAPI LRESULT WINAPI CallWindowProcW(WNDPROC, HWND, UINT, WPARAM, LPARAM);
WINUSERAPI LRESULT WINAPI CallWindowProcA(WNDPROC, HWND, UINT, WPARAM, LPARAM);
WINUSERAPI BOOL WINAPI IsWindowUnicode(HWND);
WINUSERAPI BOOL WINAPI GetMessageA(LPMSG, HWND, UINT, UINT);
WINUSERAPI BOOL WINAPI PeekMessageA(LPMSG, HWND, UINT, UINT, UINT);
WINUSERAPI LRESULT WINAPI DispatchMessageA(const MSG *);
WINUSERAPI LRESULT WINAPI SendMessageTimeoutA(HWND, UINT, WPARAM, LPARAM, UINT, UINT, PDWORD_PTR);
WINUSERAPI BOOL WINAPI SendNotifyMessageA(HWND, UINT, WPARAM, LPARAM);
WINUSERAPI BOOL WINAPI PostThreadMessageA(DWORD, UINT, WPARAM, LPARAM);
WINUSERAPI int WINAPI GetWindowTextA(HWND, LPSTR, int);
WINUSERAPI BOOL WINAPI SetWindowTextA(HWND, LPCSTR);
WINUSERAPI int WINAPI GetWindowTextLengthW(HWND);
WINUSERAPI int WINAPI GetWindowTextLengthA(HWND);
/* GWLP_USERDATA and GWLP_WNDPROC, of this process's windows */
WINUSERAPI LONG_PTR WINAPI GetWindowLongPtrA(HWND, int);
WINUSERAPI LONG_PTR WINAPI SetWindowLongPtrA(HWND, int, LONG_PTR);
WINUSERAPI HWINSTA WINAPI OpenWindowStationA(LPCSTR, BOOL, DWORD);
WINUSERAPI BOOL WINAPI EnumWindowStationsA(WINSTAENUMPROCA, LPARAM);
WINUSERAPI BOOL WINAPI EnumDesktopsA(HWINSTA, DESKTOPENUMPROCA, LPARAM);
WINUSERAPI BOOL WINAPI GetUserObjectInformationA(HANDLE, int, PVOID, DWORD, LPDWORD);

/* ---- generic names: the W forms with UNICODE, else the A ones ---------------------- */
#ifdef UNICODE
#define WNDCLASSEX WNDCLASSEXW
#define PWNDCLASSEX PWNDCLASSEXW
#define LPWNDCLASSEX LPWNDCLASSEXW
#define WNDCLASS WNDCLASSW
#define PWNDCLASS PWNDCLASSW
#define LPWNDCLASS LPWNDCLASSW
#define CREATESTRUCT CREATESTRUCTW
#define LPCREATESTRUCT LPCREATESTRUCTW
#define WINSTAENUMPROC WINSTAENUMPROCW
#define DESKTOPENUMPROC DESKTOPENUMPROCW
#define RegisterClassEx RegisterClassExW
#define RegisterClass RegisterClassW
#define UnregisterClass UnregisterClassW
#define CreateWindowEx CreateWindowExW
#define CreateWindow CreateWindowW
#define DefWindowProc DefWindowProcW
#define CallWindowProc CallWindowProcW
#define FindWindow FindWindowW
#define FindWindowEx FindWindowExW
#define GetWindowText GetWindowTextW
#define SetWindowText SetWindowTextW
#define GetWindowTextLength GetWindowTextLengthW
#define GetWindowLongPtr GetWindowLongPtrW
#define SetWindowLongPtr SetWindowLongPtrW
#define SendMessage SendMessageW
#define SendMessageTimeout SendMessageTimeoutW
#define SendNotifyMessage SendNotifyMessageW
#define PostMessage PostMessageW
#define PostThreadMessage PostThreadMessageW
#define GetMessage GetMessageW
#define PeekMessage PeekMessageW
#define DispatchMessage DispatchMessageW
#define RegisterWindowMessage RegisterWindowMessageW
#define BroadcastSystemMessage BroadcastSystemMessageW
#define BroadcastSystemMessageEx BroadcastSystemMessageExW
#define SetWindowsHookEx SetWindowsHookExW
#define OpenWindowStation OpenWindowStationW
#define EnumWindowStations EnumWindowStationsW
#define OpenDesktop OpenDesktopW
#define CreateDesktop CreateDesktopW
#define EnumDesktops EnumDesktopsW
#define GetUserObjectInformation GetUserObjectInformationW
#else
#define WNDCLASSEX WNDCLASSEXA
#define PWNDCLASSEX PWNDCLASSEXA
#define LPWNDCLASSEX LPWNDCLASSEXA
#define WNDCLASS WNDCLASSA
#define PWNDCLASS PWNDCLASSA
#define LPWNDCLASS LPWNDCLASSA
#define CREATESTRUCT CREATESTRUCTA
#define LPCREATESTRUCT LPCREATESTRUCTA
#define WINSTAENUMPROC WINSTAENUMPROCA
#define DESKTOPENUMPROC DESKTOPENUMPROCA
#define RegisterClassEx RegisterClassExA
#define RegisterClass RegisterClassA
#define UnregisterClass UnregisterClassA
#define CreateWindowEx CreateWindowExA
#define CreateWindow CreateWindowA
#define DefWindowProc DefWindowProcA
#define CallWindowProc CallWindowProcA
#define FindWindow FindWindowA
#define FindWindowEx FindWindowExA
#define GetWindowText GetWindowTextA
#define SetWindowText SetWindowTextA
#define GetWindowTextLength GetWindowTextLengthA
#define GetWindowLongPtr GetWindowLongPtrA
#define SetWindowLongPtr SetWindowLongPtrA
#define SendMessage SendMessageA
#define SendMessageTimeout SendMessageTimeoutA
#define SendNotifyMessage SendNotifyMessageA
#define PostMessage PostMessageA
#define PostThreadMessage PostThreadMessageA
#define GetMessage GetMessageA
#define PeekMessage PeekMessageA
#define DispatchMessage DispatchMessageA
#define RegisterWindowMessage RegisterWindowMessageA
#define BroadcastSystemMessage BroadcastSystemMessageA
#define BroadcastSystemMessageEx BroadcastSystemMessageExA
#define SetWindowsHookEx SetWindowsHookExA
#define OpenWindowStation OpenWindowStationA
#define EnumWindowStations EnumWindowStationsA
#define OpenDesktop OpenDesktopA
#define CreateDesktop CreateDesktopA
#define EnumDesktops EnumDesktopsA
#define GetUserObjectInformation GetUserObjectInformationA
#endif

#ifdef __cplusplus
}
#endif
