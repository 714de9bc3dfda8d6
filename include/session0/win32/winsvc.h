/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Services (winsvc.h): the service control manager client API and the service side
 * (StartServiceCtrlDispatcher, RegisterServiceCtrlHandlerEx, SetServiceStatus), over
 * s0-scm. Values from Microsoft's documentation. What is implemented and how it differs
 * from Windows: docs/SERVICES.md.
 */
#pragma once

#include "windef.h"
#include "winnt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* error codes of the service API (winerror.h values) */
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13u
#endif
#ifndef ERROR_CALL_NOT_IMPLEMENTED
#define ERROR_CALL_NOT_IMPLEMENTED 120u
#endif
#ifndef ERROR_INVALID_LEVEL
#define ERROR_INVALID_LEVEL 124u
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA 234u
#endif
#define ERROR_DEPENDENT_SERVICES_RUNNING 1051u
#define ERROR_INVALID_SERVICE_CONTROL 1052u
#define ERROR_SERVICE_REQUEST_TIMEOUT 1053u
#define ERROR_SERVICE_NO_THREAD 1054u
#define ERROR_SERVICE_ALREADY_RUNNING 1056u
#define ERROR_INVALID_SERVICE_ACCOUNT 1057u
#define ERROR_SERVICE_DISABLED 1058u
#define ERROR_CIRCULAR_DEPENDENCY 1059u
#define ERROR_SERVICE_DOES_NOT_EXIST 1060u
#define ERROR_SERVICE_CANNOT_ACCEPT_CTRL 1061u
#define ERROR_SERVICE_NOT_ACTIVE 1062u
#define ERROR_FAILED_SERVICE_CONTROLLER_CONNECT 1063u
#define ERROR_DATABASE_DOES_NOT_EXIST 1065u
#define ERROR_SERVICE_SPECIFIC_ERROR 1066u
#define ERROR_PROCESS_ABORTED 1067u
#define ERROR_SERVICE_DEPENDENCY_FAIL 1068u
#define ERROR_SERVICE_LOGON_FAILED 1069u
#define ERROR_SERVICE_MARKED_FOR_DELETE 1072u
#define ERROR_SERVICE_EXISTS 1073u
#define ERROR_SERVICE_DEPENDENCY_DELETED 1075u
#define ERROR_SHUTDOWN_IN_PROGRESS 1115u
#ifndef NO_ERROR
#define NO_ERROR 0u
#endif

/* service types */
#define SERVICE_KERNEL_DRIVER 0x00000001u
#define SERVICE_FILE_SYSTEM_DRIVER 0x00000002u
#define SERVICE_WIN32_OWN_PROCESS 0x00000010u
#define SERVICE_WIN32_SHARE_PROCESS 0x00000020u
#define SERVICE_WIN32 0x00000030u
#define SERVICE_INTERACTIVE_PROCESS 0x00000100u
#define SERVICE_DRIVER 0x0000000Bu
#define SERVICE_TYPE_ALL 0x000003FFu

/* start types, error control */
#define SERVICE_BOOT_START 0x00000000u
#define SERVICE_SYSTEM_START 0x00000001u
#define SERVICE_AUTO_START 0x00000002u
#define SERVICE_DEMAND_START 0x00000003u
#define SERVICE_DISABLED 0x00000004u
#define SERVICE_ERROR_IGNORE 0x00000000u
#define SERVICE_ERROR_NORMAL 0x00000001u
#define SERVICE_ERROR_SEVERE 0x00000002u
#define SERVICE_ERROR_CRITICAL 0x00000003u
#define SERVICE_NO_CHANGE 0xFFFFFFFFu

/* states */
#define SERVICE_STOPPED 0x00000001u
#define SERVICE_START_PENDING 0x00000002u
#define SERVICE_STOP_PENDING 0x00000003u
#define SERVICE_RUNNING 0x00000004u
#define SERVICE_CONTINUE_PENDING 0x00000005u
#define SERVICE_PAUSE_PENDING 0x00000006u
#define SERVICE_PAUSED 0x00000007u

/* controls */
#define SERVICE_CONTROL_STOP 0x00000001u
#define SERVICE_CONTROL_PAUSE 0x00000002u
#define SERVICE_CONTROL_CONTINUE 0x00000003u
#define SERVICE_CONTROL_INTERROGATE 0x00000004u
#define SERVICE_CONTROL_SHUTDOWN 0x00000005u
#define SERVICE_CONTROL_PARAMCHANGE 0x00000006u
#define SERVICE_CONTROL_NETBINDADD 0x00000007u
#define SERVICE_CONTROL_NETBINDREMOVE 0x00000008u
#define SERVICE_CONTROL_NETBINDENABLE 0x00000009u
#define SERVICE_CONTROL_NETBINDDISABLE 0x0000000Au
#define SERVICE_CONTROL_DEVICEEVENT 0x0000000Bu
#define SERVICE_CONTROL_HARDWAREPROFILECHANGE 0x0000000Cu
#define SERVICE_CONTROL_POWEREVENT 0x0000000Du
#define SERVICE_CONTROL_SESSIONCHANGE 0x0000000Eu
#define SERVICE_CONTROL_PRESHUTDOWN 0x0000000Fu

/* accepted controls */
#define SERVICE_ACCEPT_STOP 0x00000001u
#define SERVICE_ACCEPT_PAUSE_CONTINUE 0x00000002u
#define SERVICE_ACCEPT_SHUTDOWN 0x00000004u
#define SERVICE_ACCEPT_PARAMCHANGE 0x00000008u
#define SERVICE_ACCEPT_NETBINDCHANGE 0x00000010u
#define SERVICE_ACCEPT_HARDWAREPROFILECHANGE 0x00000020u
#define SERVICE_ACCEPT_POWEREVENT 0x00000040u
#define SERVICE_ACCEPT_SESSIONCHANGE 0x00000080u
#define SERVICE_ACCEPT_PRESHUTDOWN 0x00000100u

/* What SERVICE_CONTROL_SESSIONCHANGE brings: dwEventType is one of these codes and
 * lpEventData points to a WTSSESSION_NOTIFICATION (valid during the call). Windows
 * declares them in winuser.h, with WM_WTSSESSION_CHANGE; a service that includes only
 * <windows.h> finds them here. */
#ifndef WTS_CONSOLE_CONNECT
#define WTS_CONSOLE_CONNECT 0x1
#define WTS_CONSOLE_DISCONNECT 0x2
#define WTS_REMOTE_CONNECT 0x3
#define WTS_REMOTE_DISCONNECT 0x4
#define WTS_SESSION_LOGON 0x5
#define WTS_SESSION_LOGOFF 0x6
#define WTS_SESSION_LOCK 0x7
#define WTS_SESSION_UNLOCK 0x8
#define WTS_SESSION_REMOTE_CONTROL 0x9
#define WTS_SESSION_CREATE 0xA
#define WTS_SESSION_TERMINATE 0xB

typedef struct tagWTSSESSION_NOTIFICATION {
        DWORD cbSize;
        DWORD dwSessionId;
} WTSSESSION_NOTIFICATION, *PWTSSESSION_NOTIFICATION;
#endif

/* access rights */
#define SC_MANAGER_CONNECT 0x0001u
#define SC_MANAGER_CREATE_SERVICE 0x0002u
#define SC_MANAGER_ENUMERATE_SERVICE 0x0004u
#define SC_MANAGER_LOCK 0x0008u
#define SC_MANAGER_QUERY_LOCK_STATUS 0x0010u
#define SC_MANAGER_MODIFY_BOOT_CONFIG 0x0020u
#define SC_MANAGER_ALL_ACCESS 0xF003Fu
#define SERVICE_QUERY_CONFIG 0x0001u
#define SERVICE_CHANGE_CONFIG 0x0002u
#define SERVICE_QUERY_STATUS 0x0004u
#define SERVICE_ENUMERATE_DEPENDENTS 0x0008u
#define SERVICE_START 0x0010u
#define SERVICE_STOP 0x0020u
#define SERVICE_PAUSE_CONTINUE 0x0040u
#define SERVICE_INTERROGATE 0x0080u
#define SERVICE_USER_DEFINED_CONTROL 0x0100u
#define SERVICE_ALL_ACCESS 0xF01FFu

#define SERVICE_ACTIVE 0x00000001u
#define SERVICE_INACTIVE 0x00000002u
#define SERVICE_STATE_ALL 0x00000003u
#define SERVICE_RUNS_IN_SYSTEM_PROCESS 0x00000001u
/* ChangeServiceConfig2 / QueryServiceConfig2 levels (the others: ERROR_INVALID_LEVEL) */
#define SERVICE_CONFIG_DESCRIPTION 1u
#define SERVICE_CONFIG_FAILURE_ACTIONS 2u
#define SERVICE_CONFIG_DELAYED_AUTO_START_INFO 3u
#define SERVICE_CONFIG_PRESHUTDOWN_INFO 7u
#define SERVICE_CONTROL_STATUS_REASON_INFO 1u

typedef enum _SC_STATUS_TYPE { SC_STATUS_PROCESS_INFO = 0 } SC_STATUS_TYPE;
typedef enum _SC_ENUM_TYPE { SC_ENUM_PROCESS_INFO = 0 } SC_ENUM_TYPE;
typedef enum _SC_ACTION_TYPE {
        SC_ACTION_NONE = 0,
        SC_ACTION_RESTART = 1,
        SC_ACTION_REBOOT = 2,
        SC_ACTION_RUN_COMMAND = 3,
} SC_ACTION_TYPE;

typedef struct SC_HANDLE__ *SC_HANDLE, **LPSC_HANDLE;
typedef struct SERVICE_STATUS_HANDLE__ *SERVICE_STATUS_HANDLE;

typedef struct _SERVICE_STATUS {
        DWORD dwServiceType;
        DWORD dwCurrentState;
        DWORD dwControlsAccepted;
        DWORD dwWin32ExitCode;
        DWORD dwServiceSpecificExitCode;
        DWORD dwCheckPoint;
        DWORD dwWaitHint;
} SERVICE_STATUS, *LPSERVICE_STATUS;

typedef struct _SERVICE_STATUS_PROCESS {
        DWORD dwServiceType;
        DWORD dwCurrentState;
        DWORD dwControlsAccepted;
        DWORD dwWin32ExitCode;
        DWORD dwServiceSpecificExitCode;
        DWORD dwCheckPoint;
        DWORD dwWaitHint;
        DWORD dwProcessId;
        DWORD dwServiceFlags;
} SERVICE_STATUS_PROCESS, *LPSERVICE_STATUS_PROCESS;

typedef VOID(WINAPI *LPSERVICE_MAIN_FUNCTIONW)(DWORD dwNumServicesArgs, LPWSTR *lpServiceArgVectors);
typedef VOID(WINAPI *LPSERVICE_MAIN_FUNCTIONA)(DWORD dwNumServicesArgs, LPSTR *lpServiceArgVectors);
typedef VOID(WINAPI *LPHANDLER_FUNCTION)(DWORD dwControl);
typedef DWORD(WINAPI *LPHANDLER_FUNCTION_EX)(DWORD dwControl, DWORD dwEventType, LPVOID lpEventData, LPVOID lpContext);

typedef struct _SERVICE_TABLE_ENTRYW {
        LPWSTR lpServiceName;
        LPSERVICE_MAIN_FUNCTIONW lpServiceProc;
} SERVICE_TABLE_ENTRYW, *LPSERVICE_TABLE_ENTRYW;
typedef struct _SERVICE_TABLE_ENTRYA {
        LPSTR lpServiceName;
        LPSERVICE_MAIN_FUNCTIONA lpServiceProc;
} SERVICE_TABLE_ENTRYA, *LPSERVICE_TABLE_ENTRYA;

typedef struct _QUERY_SERVICE_CONFIGW {
        DWORD dwServiceType;
        DWORD dwStartType;
        DWORD dwErrorControl;
        LPWSTR lpBinaryPathName;
        LPWSTR lpLoadOrderGroup;
        DWORD dwTagId;
        LPWSTR lpDependencies;
        LPWSTR lpServiceStartName;
        LPWSTR lpDisplayName;
} QUERY_SERVICE_CONFIGW, *LPQUERY_SERVICE_CONFIGW;
typedef struct _QUERY_SERVICE_CONFIGA {
        DWORD dwServiceType;
        DWORD dwStartType;
        DWORD dwErrorControl;
        LPSTR lpBinaryPathName;
        LPSTR lpLoadOrderGroup;
        DWORD dwTagId;
        LPSTR lpDependencies;
        LPSTR lpServiceStartName;
        LPSTR lpDisplayName;
} QUERY_SERVICE_CONFIGA, *LPQUERY_SERVICE_CONFIGA;

typedef struct _ENUM_SERVICE_STATUS_PROCESSW {
        LPWSTR lpServiceName;
        LPWSTR lpDisplayName;
        SERVICE_STATUS_PROCESS ServiceStatusProcess;
} ENUM_SERVICE_STATUS_PROCESSW, *LPENUM_SERVICE_STATUS_PROCESSW;
typedef struct _ENUM_SERVICE_STATUS_PROCESSA {
        LPSTR lpServiceName;
        LPSTR lpDisplayName;
        SERVICE_STATUS_PROCESS ServiceStatusProcess;
} ENUM_SERVICE_STATUS_PROCESSA, *LPENUM_SERVICE_STATUS_PROCESSA;

typedef struct _SERVICE_DESCRIPTIONW {
        LPWSTR lpDescription;
} SERVICE_DESCRIPTIONW, *LPSERVICE_DESCRIPTIONW;
typedef struct _SERVICE_DESCRIPTIONA {
        LPSTR lpDescription;
} SERVICE_DESCRIPTIONA, *LPSERVICE_DESCRIPTIONA;
typedef struct _SC_ACTION {
        SC_ACTION_TYPE Type;
        DWORD Delay;
} SC_ACTION, *LPSC_ACTION;
typedef struct _SERVICE_FAILURE_ACTIONSW {
        DWORD dwResetPeriod;
        LPWSTR lpRebootMsg;
        LPWSTR lpCommand;
        DWORD cActions;
        SC_ACTION *lpsaActions;
} SERVICE_FAILURE_ACTIONSW, *LPSERVICE_FAILURE_ACTIONSW;
typedef struct _SERVICE_FAILURE_ACTIONSA {
        DWORD dwResetPeriod;
        LPSTR lpRebootMsg;
        LPSTR lpCommand;
        DWORD cActions;
        SC_ACTION *lpsaActions;
} SERVICE_FAILURE_ACTIONSA, *LPSERVICE_FAILURE_ACTIONSA;
typedef struct _SERVICE_DELAYED_AUTO_START_INFO {
        BOOL fDelayedAutostart;
} SERVICE_DELAYED_AUTO_START_INFO, *LPSERVICE_DELAYED_AUTO_START_INFO;
typedef struct _SERVICE_PRESHUTDOWN_INFO {
        DWORD dwPreshutdownTimeout;
} SERVICE_PRESHUTDOWN_INFO, *LPSERVICE_PRESHUTDOWN_INFO;

typedef struct _SERVICE_CONTROL_STATUS_REASON_PARAMSW {
        DWORD dwReason;
        LPWSTR pszComment;
        SERVICE_STATUS_PROCESS ServiceStatus;
} SERVICE_CONTROL_STATUS_REASON_PARAMSW, *PSERVICE_CONTROL_STATUS_REASON_PARAMSW;

/* the service side */
WINBASEAPI BOOL WINAPI StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *lpServiceStartTable);
WINBASEAPI BOOL WINAPI StartServiceCtrlDispatcherA(const SERVICE_TABLE_ENTRYA *lpServiceStartTable);
WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExW(LPCWSTR lpServiceName,
                                                                     LPHANDLER_FUNCTION_EX lpHandlerProc,
                                                                     LPVOID lpContext);
WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExA(LPCSTR lpServiceName,
                                                                     LPHANDLER_FUNCTION_EX lpHandlerProc,
                                                                     LPVOID lpContext);
WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerW(LPCWSTR lpServiceName, LPHANDLER_FUNCTION lpHandlerProc);
WINBASEAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerA(LPCSTR lpServiceName, LPHANDLER_FUNCTION lpHandlerProc);
WINBASEAPI BOOL WINAPI SetServiceStatus(SERVICE_STATUS_HANDLE hServiceStatus, LPSERVICE_STATUS lpServiceStatus);

/* the client side */
WINBASEAPI SC_HANDLE WINAPI OpenSCManagerW(LPCWSTR lpMachineName, LPCWSTR lpDatabaseName, DWORD dwDesiredAccess);
WINBASEAPI SC_HANDLE WINAPI OpenSCManagerA(LPCSTR lpMachineName, LPCSTR lpDatabaseName, DWORD dwDesiredAccess);
WINBASEAPI SC_HANDLE WINAPI CreateServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName, LPCWSTR lpDisplayName,
                                          DWORD dwDesiredAccess, DWORD dwServiceType, DWORD dwStartType,
                                          DWORD dwErrorControl, LPCWSTR lpBinaryPathName, LPCWSTR lpLoadOrderGroup,
                                          LPDWORD lpdwTagId, LPCWSTR lpDependencies, LPCWSTR lpServiceStartName,
                                          LPCWSTR lpPassword);
WINBASEAPI SC_HANDLE WINAPI CreateServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName, LPCSTR lpDisplayName,
                                          DWORD dwDesiredAccess, DWORD dwServiceType, DWORD dwStartType,
                                          DWORD dwErrorControl, LPCSTR lpBinaryPathName, LPCSTR lpLoadOrderGroup,
                                          LPDWORD lpdwTagId, LPCSTR lpDependencies, LPCSTR lpServiceStartName,
                                          LPCSTR lpPassword);
WINBASEAPI SC_HANDLE WINAPI OpenServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName, DWORD dwDesiredAccess);
WINBASEAPI SC_HANDLE WINAPI OpenServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName, DWORD dwDesiredAccess);
WINBASEAPI BOOL WINAPI StartServiceW(SC_HANDLE hService, DWORD dwNumServiceArgs, LPCWSTR *lpServiceArgVectors);
WINBASEAPI BOOL WINAPI StartServiceA(SC_HANDLE hService, DWORD dwNumServiceArgs, LPCSTR *lpServiceArgVectors);
WINBASEAPI BOOL WINAPI ControlService(SC_HANDLE hService, DWORD dwControl, LPSERVICE_STATUS lpServiceStatus);
WINBASEAPI BOOL WINAPI ControlServiceExW(SC_HANDLE hService, DWORD dwControl, DWORD dwInfoLevel, PVOID pControlParams);
WINBASEAPI BOOL WINAPI QueryServiceStatus(SC_HANDLE hService, LPSERVICE_STATUS lpServiceStatus);
WINBASEAPI BOOL WINAPI QueryServiceStatusEx(SC_HANDLE hService, SC_STATUS_TYPE InfoLevel, LPBYTE lpBuffer,
                                            DWORD cbBufSize, LPDWORD pcbBytesNeeded);
WINBASEAPI BOOL WINAPI QueryServiceConfigW(SC_HANDLE hService, LPQUERY_SERVICE_CONFIGW lpServiceConfig,
                                           DWORD cbBufSize, LPDWORD pcbBytesNeeded);
WINBASEAPI BOOL WINAPI QueryServiceConfigA(SC_HANDLE hService, LPQUERY_SERVICE_CONFIGA lpServiceConfig,
                                           DWORD cbBufSize, LPDWORD pcbBytesNeeded);
WINBASEAPI BOOL WINAPI ChangeServiceConfigW(SC_HANDLE hService, DWORD dwServiceType, DWORD dwStartType,
                                            DWORD dwErrorControl, LPCWSTR lpBinaryPathName, LPCWSTR lpLoadOrderGroup,
                                            LPDWORD lpdwTagId, LPCWSTR lpDependencies, LPCWSTR lpServiceStartName,
                                            LPCWSTR lpPassword, LPCWSTR lpDisplayName);
WINBASEAPI BOOL WINAPI ChangeServiceConfigA(SC_HANDLE hService, DWORD dwServiceType, DWORD dwStartType,
                                            DWORD dwErrorControl, LPCSTR lpBinaryPathName, LPCSTR lpLoadOrderGroup,
                                            LPDWORD lpdwTagId, LPCSTR lpDependencies, LPCSTR lpServiceStartName,
                                            LPCSTR lpPassword, LPCSTR lpDisplayName);
WINBASEAPI BOOL WINAPI ChangeServiceConfig2W(SC_HANDLE hService, DWORD dwInfoLevel, LPVOID lpInfo);
WINBASEAPI BOOL WINAPI ChangeServiceConfig2A(SC_HANDLE hService, DWORD dwInfoLevel, LPVOID lpInfo);
WINBASEAPI BOOL WINAPI QueryServiceConfig2W(SC_HANDLE hService, DWORD dwInfoLevel, LPBYTE lpBuffer, DWORD cbBufSize,
                                            LPDWORD pcbBytesNeeded);
WINBASEAPI BOOL WINAPI QueryServiceConfig2A(SC_HANDLE hService, DWORD dwInfoLevel, LPBYTE lpBuffer, DWORD cbBufSize,
                                            LPDWORD pcbBytesNeeded);
WINBASEAPI BOOL WINAPI DeleteService(SC_HANDLE hService);
WINBASEAPI BOOL WINAPI EnumServicesStatusExW(SC_HANDLE hSCManager, SC_ENUM_TYPE InfoLevel, DWORD dwServiceType,
                                             DWORD dwServiceState, LPBYTE lpServices, DWORD cbBufSize,
                                             LPDWORD pcbBytesNeeded, LPDWORD lpServicesReturned,
                                             LPDWORD lpResumeHandle, LPCWSTR pszGroupName);
WINBASEAPI BOOL WINAPI EnumServicesStatusExA(SC_HANDLE hSCManager, SC_ENUM_TYPE InfoLevel, DWORD dwServiceType,
                                             DWORD dwServiceState, LPBYTE lpServices, DWORD cbBufSize,
                                             LPDWORD pcbBytesNeeded, LPDWORD lpServicesReturned,
                                             LPDWORD lpResumeHandle, LPCSTR pszGroupName);
WINBASEAPI BOOL WINAPI CloseServiceHandle(SC_HANDLE hSCObject);

/* session0 extension (s0ctl sc, tests): the .conf text of a service, malloc'd; NULL
 * with the last error set. */
WINBASEAPI LPSTR WINAPI S0QueryServiceConfigTextA(SC_HANDLE hService);

#ifdef UNICODE
#define StartServiceCtrlDispatcher StartServiceCtrlDispatcherW
#define RegisterServiceCtrlHandlerEx RegisterServiceCtrlHandlerExW
#define OpenSCManager OpenSCManagerW
#define CreateService CreateServiceW
#define OpenService OpenServiceW
#define StartService StartServiceW
#define QueryServiceConfig QueryServiceConfigW
#define ChangeServiceConfig ChangeServiceConfigW
#define ChangeServiceConfig2 ChangeServiceConfig2W
#define QueryServiceConfig2 QueryServiceConfig2W
#define SERVICE_DESCRIPTION SERVICE_DESCRIPTIONW
#define SERVICE_FAILURE_ACTIONS SERVICE_FAILURE_ACTIONSW
#define EnumServicesStatusEx EnumServicesStatusExW
#define SERVICE_TABLE_ENTRY SERVICE_TABLE_ENTRYW
#define QUERY_SERVICE_CONFIG QUERY_SERVICE_CONFIGW
#define ENUM_SERVICE_STATUS_PROCESS ENUM_SERVICE_STATUS_PROCESSW
#else
#define StartServiceCtrlDispatcher StartServiceCtrlDispatcherA
#define RegisterServiceCtrlHandlerEx RegisterServiceCtrlHandlerExA
#define OpenSCManager OpenSCManagerA
#define CreateService CreateServiceA
#define OpenService OpenServiceA
#define StartService StartServiceA
#define QueryServiceConfig QueryServiceConfigA
#define ChangeServiceConfig ChangeServiceConfigA
#define ChangeServiceConfig2 ChangeServiceConfig2A
#define QueryServiceConfig2 QueryServiceConfig2A
#define SERVICE_DESCRIPTION SERVICE_DESCRIPTIONA
#define SERVICE_FAILURE_ACTIONS SERVICE_FAILURE_ACTIONSA
#define EnumServicesStatusEx EnumServicesStatusExA
#define SERVICE_TABLE_ENTRY SERVICE_TABLE_ENTRYA
#define QUERY_SERVICE_CONFIG QUERY_SERVICE_CONFIGA
#define ENUM_SERVICE_STATUS_PROCESS ENUM_SERVICE_STATUS_PROCESSA
#endif

#ifdef __cplusplus
}
#endif
