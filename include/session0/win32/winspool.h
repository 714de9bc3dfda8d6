/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * session0 Win32 layer: the print spooler API (winspool.h), over s0-spooler
 * (docs/PRINTING.md, docs/WIN32.md "Printing"). Only what is implemented is declared;
 * values are Microsoft's. The A functions take and return UTF-8 (the ANSI code page here).
 */
#pragma once

#include "windef.h"
#include "winnt.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ERROR_INVALID_LEVEL
#define ERROR_INVALID_LEVEL 124u
#endif
#define ERROR_INVALID_PRINTER_NAME 1801u
#define ERROR_INVALID_DATATYPE 1804u
#define ERROR_SPL_NO_STARTDOC 3003u
#define RPC_S_SERVER_UNAVAILABLE 1722u

#define PRINTER_ENUM_DEFAULT 0x00000001u
#define PRINTER_ENUM_LOCAL 0x00000002u
#define PRINTER_ENUM_CONNECTIONS 0x00000004u
#define PRINTER_ENUM_NAME 0x00000008u

#define PRINTER_ATTRIBUTE_QUEUED 0x00000001u
#define PRINTER_ATTRIBUTE_LOCAL 0x00000040u

#define PRINTER_STATUS_PAUSED 0x00000001u
#define PRINTER_STATUS_ERROR 0x00000002u
#define PRINTER_STATUS_PAPER_JAM 0x00000008u
#define PRINTER_STATUS_PAPER_OUT 0x00000010u
#define PRINTER_STATUS_OFFLINE 0x00000080u
#define PRINTER_STATUS_PRINTING 0x00000400u

#define JOB_CONTROL_PAUSE 1u
#define JOB_CONTROL_RESUME 2u
#define JOB_CONTROL_CANCEL 3u
#define JOB_CONTROL_RESTART 4u
#define JOB_CONTROL_DELETE 5u

#define MIN_PRIORITY 1u
#define MAX_PRIORITY 99u
#define DEF_PRIORITY 1u
#define JOB_POSITION_UNSPECIFIED 0u

#define JOB_STATUS_PAUSED 0x00000001u
#define JOB_STATUS_ERROR 0x00000002u
#define JOB_STATUS_DELETING 0x00000004u
#define JOB_STATUS_SPOOLING 0x00000008u
#define JOB_STATUS_PRINTING 0x00000010u
#define JOB_STATUS_PRINTED 0x00000080u
#define JOB_STATUS_DELETED 0x00000100u
#define JOB_STATUS_COMPLETE 0x00001000u

#ifndef _SYSTEMTIME_DEFINED
#define _SYSTEMTIME_DEFINED
typedef struct _SYSTEMTIME {
        WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;
#endif

/* DEVMODE is not implemented: always NULL. */
typedef struct _devicemodeW DEVMODEW, *LPDEVMODEW;
typedef struct _devicemodeA DEVMODEA, *LPDEVMODEA;

typedef struct _PRINTER_DEFAULTSW {
        LPWSTR pDatatype;
        LPDEVMODEW pDevMode;
        ACCESS_MASK DesiredAccess;
} PRINTER_DEFAULTSW, *LPPRINTER_DEFAULTSW;
typedef struct _PRINTER_DEFAULTSA {
        LPSTR pDatatype;
        LPDEVMODEA pDevMode;
        ACCESS_MASK DesiredAccess;
} PRINTER_DEFAULTSA, *LPPRINTER_DEFAULTSA;

typedef struct _DOC_INFO_1W {
        LPWSTR pDocName;
        LPWSTR pOutputFile;
        LPWSTR pDatatype;
} DOC_INFO_1W, *LPDOC_INFO_1W;
typedef struct _DOC_INFO_1A {
        LPSTR pDocName;
        LPSTR pOutputFile;
        LPSTR pDatatype;
} DOC_INFO_1A, *LPDOC_INFO_1A;

typedef struct _PRINTER_INFO_1W {
        DWORD Flags;
        LPWSTR pDescription;
        LPWSTR pName;
        LPWSTR pComment;
} PRINTER_INFO_1W, *LPPRINTER_INFO_1W;

typedef struct _PRINTER_INFO_2W {
        LPWSTR pServerName;
        LPWSTR pPrinterName;
        LPWSTR pShareName;
        LPWSTR pPortName;
        LPWSTR pDriverName;
        LPWSTR pComment;
        LPWSTR pLocation;
        LPDEVMODEW pDevMode;
        LPWSTR pSepFile;
        LPWSTR pPrintProcessor;
        LPWSTR pDatatype;
        LPWSTR pParameters;
        PSECURITY_DESCRIPTOR pSecurityDescriptor;
        DWORD Attributes;
        DWORD Priority;
        DWORD DefaultPriority;
        DWORD StartTime;
        DWORD UntilTime;
        DWORD Status;
        DWORD cJobs;
        DWORD AveragePPM;
} PRINTER_INFO_2W, *LPPRINTER_INFO_2W;

typedef struct _PRINTER_INFO_4W {
        LPWSTR pPrinterName;
        LPWSTR pServerName; /* NULL: a local printer */
        DWORD Attributes;
} PRINTER_INFO_4W, *LPPRINTER_INFO_4W;

typedef struct _JOB_INFO_1W {
        DWORD JobId;
        LPWSTR pPrinterName;
        LPWSTR pMachineName;
        LPWSTR pUserName;
        LPWSTR pDocument;
        LPWSTR pDatatype;
        LPWSTR pStatus;
        DWORD Status;
        DWORD Priority;
        DWORD Position;
        DWORD TotalPages;
        DWORD PagesPrinted;
        SYSTEMTIME Submitted;
} JOB_INFO_1W, *LPJOB_INFO_1W;

/* SetJob level 2 reads pDocument, Priority and Position; EnumJobs does not return it. */
typedef struct _JOB_INFO_2W {
        DWORD JobId;
        LPWSTR pPrinterName;
        LPWSTR pMachineName;
        LPWSTR pUserName;
        LPWSTR pDocument;
        LPWSTR pNotifyName;
        LPWSTR pDatatype;
        LPWSTR pPrintProcessor;
        LPWSTR pParameters;
        LPWSTR pDriverName;
        LPDEVMODEW pDevMode;
        LPWSTR pStatus;
        PSECURITY_DESCRIPTOR pSecurityDescriptor;
        DWORD Status;
        DWORD Priority;
        DWORD Position;
        DWORD StartTime;
        DWORD UntilTime;
        DWORD TotalPages;
        DWORD Size;
        SYSTEMTIME Submitted;
        DWORD Time;
        DWORD PagesPrinted;
} JOB_INFO_2W, *LPJOB_INFO_2W;

/* The ANSI structures: the W ones' layout with LPSTR strings. */
typedef struct _PRINTER_INFO_1A {
        DWORD Flags;
        LPSTR pDescription;
        LPSTR pName;
        LPSTR pComment;
} PRINTER_INFO_1A, *LPPRINTER_INFO_1A;

typedef struct _PRINTER_INFO_2A {
        LPSTR pServerName;
        LPSTR pPrinterName;
        LPSTR pShareName;
        LPSTR pPortName;
        LPSTR pDriverName;
        LPSTR pComment;
        LPSTR pLocation;
        LPDEVMODEA pDevMode;
        LPSTR pSepFile;
        LPSTR pPrintProcessor;
        LPSTR pDatatype;
        LPSTR pParameters;
        PSECURITY_DESCRIPTOR pSecurityDescriptor;
        DWORD Attributes;
        DWORD Priority;
        DWORD DefaultPriority;
        DWORD StartTime;
        DWORD UntilTime;
        DWORD Status;
        DWORD cJobs;
        DWORD AveragePPM;
} PRINTER_INFO_2A, *LPPRINTER_INFO_2A;

typedef struct _PRINTER_INFO_4A {
        LPSTR pPrinterName;
        LPSTR pServerName;
        DWORD Attributes;
} PRINTER_INFO_4A, *LPPRINTER_INFO_4A;

typedef struct _JOB_INFO_1A {
        DWORD JobId;
        LPSTR pPrinterName;
        LPSTR pMachineName;
        LPSTR pUserName;
        LPSTR pDocument;
        LPSTR pDatatype;
        LPSTR pStatus;
        DWORD Status;
        DWORD Priority;
        DWORD Position;
        DWORD TotalPages;
        DWORD PagesPrinted;
        SYSTEMTIME Submitted;
} JOB_INFO_1A, *LPJOB_INFO_1A;

typedef struct _JOB_INFO_2A {
        DWORD JobId;
        LPSTR pPrinterName;
        LPSTR pMachineName;
        LPSTR pUserName;
        LPSTR pDocument;
        LPSTR pNotifyName;
        LPSTR pDatatype;
        LPSTR pPrintProcessor;
        LPSTR pParameters;
        LPSTR pDriverName;
        LPDEVMODEA pDevMode;
        LPSTR pStatus;
        PSECURITY_DESCRIPTOR pSecurityDescriptor;
        DWORD Status;
        DWORD Priority;
        DWORD Position;
        DWORD StartTime;
        DWORD UntilTime;
        DWORD TotalPages;
        DWORD Size;
        SYSTEMTIME Submitted;
        DWORD Time;
        DWORD PagesPrinted;
} JOB_INFO_2A, *LPJOB_INFO_2A;

WINBASEAPI BOOL WINAPI OpenPrinterW(LPWSTR pPrinterName, LPHANDLE phPrinter, LPPRINTER_DEFAULTSW pDefault);
WINBASEAPI BOOL WINAPI OpenPrinterA(LPSTR pPrinterName, LPHANDLE phPrinter, LPPRINTER_DEFAULTSA pDefault);
WINBASEAPI BOOL WINAPI ClosePrinter(HANDLE hPrinter);
WINBASEAPI DWORD WINAPI StartDocPrinterW(HANDLE hPrinter, DWORD Level, LPBYTE pDocInfo);
WINBASEAPI DWORD WINAPI StartDocPrinterA(HANDLE hPrinter, DWORD Level, LPBYTE pDocInfo);
WINBASEAPI BOOL WINAPI StartPagePrinter(HANDLE hPrinter);
WINBASEAPI BOOL WINAPI WritePrinter(HANDLE hPrinter, LPVOID pBuf, DWORD cbBuf, LPDWORD pcWritten);
WINBASEAPI BOOL WINAPI EndPagePrinter(HANDLE hPrinter);
WINBASEAPI BOOL WINAPI EndDocPrinter(HANDLE hPrinter);
WINBASEAPI BOOL WINAPI AbortPrinter(HANDLE hPrinter);
WINBASEAPI BOOL WINAPI EnumPrintersW(DWORD Flags, LPWSTR Name, DWORD Level, LPBYTE pPrinterEnum, DWORD cbBuf,
                                     LPDWORD pcbNeeded, LPDWORD pcReturned);
WINBASEAPI BOOL WINAPI EnumPrintersA(DWORD Flags, LPSTR Name, DWORD Level, LPBYTE pPrinterEnum, DWORD cbBuf,
                                     LPDWORD pcbNeeded, LPDWORD pcReturned);
WINBASEAPI BOOL WINAPI EnumJobsA(HANDLE hPrinter, DWORD FirstJob, DWORD NoJobs, DWORD Level, LPBYTE pJob, DWORD cbBuf,
                                 LPDWORD pcbNeeded, LPDWORD pcReturned);
WINBASEAPI BOOL WINAPI EnumJobsW(HANDLE hPrinter, DWORD FirstJob, DWORD NoJobs, DWORD Level, LPBYTE pJob, DWORD cbBuf,
                                 LPDWORD pcbNeeded, LPDWORD pcReturned);
WINBASEAPI BOOL WINAPI SetJobW(HANDLE hPrinter, DWORD JobId, DWORD Level, LPBYTE pJob, DWORD Command);
WINBASEAPI BOOL WINAPI SetJobA(HANDLE hPrinter, DWORD JobId, DWORD Level, LPBYTE pJob, DWORD Command);

#ifdef UNICODE
#define OpenPrinter OpenPrinterW
#define StartDocPrinter StartDocPrinterW
#define SetJob SetJobW
#else
#define OpenPrinter OpenPrinterA
#define StartDocPrinter StartDocPrinterA
#define SetJob SetJobA
#endif
#define EnumPrinters EnumPrintersW
#define EnumJobs EnumJobsW
typedef PRINTER_INFO_1W PRINTER_INFO_1;
typedef PRINTER_INFO_2W PRINTER_INFO_2;
typedef JOB_INFO_1W JOB_INFO_1;

#ifdef __cplusplus
}
#endif
