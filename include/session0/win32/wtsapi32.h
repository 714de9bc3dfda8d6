/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: the Remote Desktop Services (WTS) API over session0d's
 * sessions -- enumeration, queries, the console session, logoff and disconnect, and
 * the user token a LocalSystem service takes to start a helper in a user's session
 * (with CreateProcessAsUser, processthreadsapi.h). Declarations as Microsoft documents
 * them; what each returns here, and the deviations, are in docs/WIN32.md ("Sessions").
 */
#pragma once

#include "windows.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WTSAPI32API S0_WIN32_EXPORT

#define WTS_CURRENT_SERVER ((HANDLE) NULL)
#define WTS_CURRENT_SERVER_HANDLE ((HANDLE) NULL)
#define WTS_CURRENT_SERVER_NAME NULL
#define WTS_CURRENT_SESSION ((DWORD) -1)
#define WTS_ANY_SESSION ((DWORD) -2)

#define WINSTATIONNAME_LENGTH 32
#define DOMAIN_LENGTH 17
#define USERNAME_LENGTH 20

/* WTSClientProtocolType values. */
#define WTS_PROTOCOL_TYPE_CONSOLE 0
#define WTS_PROTOCOL_TYPE_ICA 1
#define WTS_PROTOCOL_TYPE_RDP 2

typedef enum _WTS_CONNECTSTATE_CLASS {
        WTSActive,       /* a user is logged on and attached */
        WTSConnected,
        WTSConnectQuery,
        WTSShadow,
        WTSDisconnected, /* a user is logged on, nothing is attached */
        WTSIdle,
        WTSListen,
        WTSReset,
        WTSDown,         /* logging off */
        WTSInit,
} WTS_CONNECTSTATE_CLASS;

typedef enum _WTS_INFO_CLASS {
        WTSInitialProgram,
        WTSApplicationName,
        WTSWorkingDirectory,
        WTSOEMId,
        WTSSessionId,
        WTSUserName,
        WTSWinStationName,
        WTSDomainName,
        WTSConnectState,
        WTSClientBuildNumber,
        WTSClientName,
        WTSClientDirectory,
        WTSClientProductId,
        WTSClientHardwareId,
        WTSClientAddress,
        WTSClientDisplay,
        WTSClientProtocolType,
        WTSIdleTime,
        WTSLogonTime,
        WTSIncomingBytes,
        WTSOutgoingBytes,
        WTSIncomingFrames,
        WTSOutgoingFrames,
        WTSClientInfo,
        WTSSessionInfo,
        WTSSessionInfoEx,
        WTSConfigInfo,
        WTSValidationInfo,
        WTSSessionAddressV4,
        WTSIsRemoteSession,
} WTS_INFO_CLASS;

typedef enum _WTS_TYPE_CLASS {
        WTSTypeProcessInfoLevel0,
        WTSTypeProcessInfoLevel1,
        WTSTypeSessionInfoLevel1,
} WTS_TYPE_CLASS;

typedef struct _WTS_SESSION_INFOW {
        DWORD SessionId;
        LPWSTR pWinStationName;
        WTS_CONNECTSTATE_CLASS State;
} WTS_SESSION_INFOW, *PWTS_SESSION_INFOW;

typedef struct _WTS_SESSION_INFOA {
        DWORD SessionId;
        LPSTR pWinStationName;
        WTS_CONNECTSTATE_CLASS State;
} WTS_SESSION_INFOA, *PWTS_SESSION_INFOA;

typedef struct _WTS_SESSION_INFO_1W {
        DWORD ExecEnvId;
        WTS_CONNECTSTATE_CLASS State;
        DWORD SessionId;
        LPWSTR pSessionName;
        LPWSTR pHostName;
        LPWSTR pUserName;
        LPWSTR pDomainName;
        LPWSTR pFarmName;
} WTS_SESSION_INFO_1W, *PWTS_SESSION_INFO_1W;

typedef struct _WTS_SESSION_INFO_1A {
        DWORD ExecEnvId;
        WTS_CONNECTSTATE_CLASS State;
        DWORD SessionId;
        LPSTR pSessionName;
        LPSTR pHostName;
        LPSTR pUserName;
        LPSTR pDomainName;
        LPSTR pFarmName;
} WTS_SESSION_INFO_1A, *PWTS_SESSION_INFO_1A;

/* Times are FILETIME values (100 ns since 1601-01-01 UTC); 0 when unknown. */
typedef struct _WTSINFOW {
        WTS_CONNECTSTATE_CLASS State;
        DWORD SessionId;
        DWORD IncomingBytes;
        DWORD OutgoingBytes;
        DWORD IncomingFrames;
        DWORD OutgoingFrames;
        DWORD IncomingCompressedBytes;
        DWORD OutgoingCompressedBytes;
        WCHAR WinStationName[WINSTATIONNAME_LENGTH];
        WCHAR Domain[DOMAIN_LENGTH];
        WCHAR UserName[USERNAME_LENGTH + 1];
        LARGE_INTEGER ConnectTime;
        LARGE_INTEGER DisconnectTime;
        LARGE_INTEGER LastInputTime;
        LARGE_INTEGER LogonTime;
        LARGE_INTEGER CurrentTime;
} WTSINFOW, *PWTSINFOW;

typedef struct _WTSINFOA {
        WTS_CONNECTSTATE_CLASS State;
        DWORD SessionId;
        DWORD IncomingBytes;
        DWORD OutgoingBytes;
        DWORD IncomingFrames;
        DWORD OutgoingFrames;
        DWORD IncomingCompressedBytes;
        DWORD OutgoingCompressedBytes;
        CHAR WinStationName[WINSTATIONNAME_LENGTH];
        CHAR Domain[DOMAIN_LENGTH];
        CHAR UserName[USERNAME_LENGTH + 1];
        LARGE_INTEGER ConnectTime;
        LARGE_INTEGER DisconnectTime;
        LARGE_INTEGER LastInputTime;
        LARGE_INTEGER LogonTime;
        LARGE_INTEGER CurrentTime;
} WTSINFOA, *PWTSINFOA;

WTSAPI32API BOOL WINAPI WTSEnumerateSessionsW(HANDLE hServer, DWORD Reserved, DWORD Version,
                                              PWTS_SESSION_INFOW *ppSessionInfo, DWORD *pCount);
WTSAPI32API BOOL WINAPI WTSEnumerateSessionsA(HANDLE hServer, DWORD Reserved, DWORD Version,
                                              PWTS_SESSION_INFOA *ppSessionInfo, DWORD *pCount);
WTSAPI32API BOOL WINAPI WTSEnumerateSessionsExW(HANDLE hServer, DWORD *pLevel, DWORD Filter,
                                                PWTS_SESSION_INFO_1W *ppSessionInfo, DWORD *pCount);
WTSAPI32API BOOL WINAPI WTSEnumerateSessionsExA(HANDLE hServer, DWORD *pLevel, DWORD Filter,
                                                PWTS_SESSION_INFO_1A *ppSessionInfo, DWORD *pCount);
WTSAPI32API BOOL WINAPI WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass,
                                                    LPWSTR *ppBuffer, DWORD *pBytesReturned);
WTSAPI32API BOOL WINAPI WTSQuerySessionInformationA(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass,
                                                    LPSTR *ppBuffer, DWORD *pBytesReturned);
WTSAPI32API void WINAPI WTSFreeMemory(PVOID pMemory);
WTSAPI32API BOOL WINAPI WTSFreeMemoryExW(WTS_TYPE_CLASS WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries);
WTSAPI32API BOOL WINAPI WTSFreeMemoryExA(WTS_TYPE_CLASS WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries);
WTSAPI32API BOOL WINAPI WTSLogoffSession(HANDLE hServer, DWORD SessionId, BOOL bWait);
WTSAPI32API BOOL WINAPI WTSDisconnectSession(HANDLE hServer, DWORD SessionId, BOOL bWait);
/* Only LocalSystem (root in session 0) may take a user's token. */
WTSAPI32API BOOL WINAPI WTSQueryUserToken(ULONG SessionId, PHANDLE phToken);

/* ---- session-change notifications (src/win32/user-notify.c; docs/WINDOWS.md) -------
 * WM_WTSSESSION_CHANGE (winuser.h) is posted to a registered window: wParam a WTS_*
 * code (winsvc.h: WTS_SESSION_LOGON...), lParam the session id. */
#define NOTIFY_FOR_THIS_SESSION 0
#define NOTIFY_FOR_ALL_SESSIONS 1
WTSAPI32API BOOL WINAPI WTSRegisterSessionNotification(HWND hWnd, DWORD dwFlags);
WTSAPI32API BOOL WINAPI WTSUnRegisterSessionNotification(HWND hWnd);
/* hServer must be WTS_CURRENT_SERVER_HANDLE: there is no other server. */
WTSAPI32API BOOL WINAPI WTSRegisterSessionNotificationEx(HANDLE hServer, HWND hWnd, DWORD dwFlags);
WTSAPI32API BOOL WINAPI WTSUnRegisterSessionNotificationEx(HANDLE hServer, HWND hWnd);

/* ---- WTSSendMessage (src/win32/wtsmessage.c; docs/WIN32.md "WTSSendMessage") -------
 * A message box in a session's s0-msgagent. Lengths in BYTES; Timeout in seconds, 0 =
 * the daemon's maximum (one hour). No agent in the session: TRUE with IDTIMEOUT, at once.
 * MB_* and ID* are winuser.h's, as on Windows (windows.h, included above, has it). */
#ifndef IDTIMEOUT
#define IDTIMEOUT 32000
#endif
#ifndef IDASYNC
#define IDASYNC 32001 /* WTSSendMessage with bWait FALSE */
#endif
WTSAPI32API BOOL WINAPI WTSSendMessageW(HANDLE hServer, DWORD SessionId, LPWSTR pTitle, DWORD TitleLength,
                                        LPWSTR pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout,
                                        DWORD *pResponse, BOOL bWait);
WTSAPI32API BOOL WINAPI WTSSendMessageA(HANDLE hServer, DWORD SessionId, LPSTR pTitle, DWORD TitleLength,
                                        LPSTR pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout,
                                        DWORD *pResponse, BOOL bWait);
#ifdef UNICODE
#define WTSSendMessage WTSSendMessageW
#else
#define WTSSendMessage WTSSendMessageA
#endif

#ifdef UNICODE
#define WTS_SESSION_INFO WTS_SESSION_INFOW
#define PWTS_SESSION_INFO PWTS_SESSION_INFOW
#define WTS_SESSION_INFO_1 WTS_SESSION_INFO_1W
#define PWTS_SESSION_INFO_1 PWTS_SESSION_INFO_1W
#define WTSINFO WTSINFOW
#define PWTSINFO PWTSINFOW
#define WTSEnumerateSessions WTSEnumerateSessionsW
#define WTSEnumerateSessionsEx WTSEnumerateSessionsExW
#define WTSQuerySessionInformation WTSQuerySessionInformationW
#define WTSFreeMemoryEx WTSFreeMemoryExW
#else
#define WTS_SESSION_INFO WTS_SESSION_INFOA
#define PWTS_SESSION_INFO PWTS_SESSION_INFOA
#define WTS_SESSION_INFO_1 WTS_SESSION_INFO_1A
#define PWTS_SESSION_INFO_1 PWTS_SESSION_INFO_1A
#define WTSINFO WTSINFOA
#define PWTSINFO PWTSINFOA
#define WTSEnumerateSessions WTSEnumerateSessionsA
#define WTSEnumerateSessionsEx WTSEnumerateSessionsExA
#define WTSQuerySessionInformation WTSQuerySessionInformationA
#define WTSFreeMemoryEx WTSFreeMemoryExA
#endif

#ifdef __cplusplus
}
#endif
