/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Win32 kernel-object names (CreateEvent, OpenMutex, ...) and where they live.
 *
 * A named object is a file in its namespace's directory (DESIGN.md, "Named kernel
 * objects"): \BaseNamedObjects, the global namespace, which is session 0's, and
 * \Sessions\N\BaseNamedObjects for each session N >= 1. This parser decides, without
 * touching the file system, which namespace a name given by a caller in a given
 * session refers to and which file name the object has in that directory. Whether the
 * directory (or the session) exists is for the caller to find out: a missing session
 * directory is ERROR_PATH_NOT_FOUND (SEMANTICS.md §2).
 *
 * These are internal functions of the Win32 layer: they return a Win32 error code
 * (0 = ERROR_SUCCESS), the value GetLastError() will report. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The Win32 codes used here (SEMANTICS.md §10). The public Win32 headers define the
 * unprefixed names; these stay private to the library. */
#define S0_ERROR_SUCCESS 0u
#define S0_ERROR_PATH_NOT_FOUND 3u
#define S0_ERROR_INVALID_HANDLE 6u
#define S0_ERROR_INVALID_PARAMETER 87u
#define S0_ERROR_INSUFFICIENT_BUFFER 122u
#define S0_ERROR_INVALID_NAME 123u
#define S0_ERROR_BAD_PATHNAME 161u
#define S0_ERROR_FILENAME_EXCED_RANGE 206u

/* Names of MAX_PATH or more UTF-16 code units fail with ERROR_FILENAME_EXCED_RANGE. */
#define S0_MAX_PATH 260
/* NAME_MAX + NUL: every object file name fits. */
#define S0_OBJ_FILE_MAX 256

struct s0_obj_name {
        bool global;            /* the global namespace (\BaseNamedObjects) */
        uint32_t session;       /* else: session N's namespace (N >= 1); 0 when global */
        bool is_directory;      /* the name denotes the namespace directory itself; file is "" */
        bool hashed;            /* file is "#<sha256>" (the escaped name was > 255 bytes) */
        char file[S0_OBJ_FILE_MAX];
};

/* Resolves name (UTF-8, as the A functions get it and as the W functions convert it)
 * for a caller in caller_session. *ret is written only on success. Checks, in order:
 *
 *   NULL name or ret, caller_session S0_SESSION_NONE     ERROR_INVALID_PARAMETER (87)
 *   >= MAX_PATH UTF-16 code units (U+10000.. count 2)    ERROR_FILENAME_EXCED_RANGE (206)
 *   invalid UTF-8 (overlong, surrogate, > U+10FFFF,      ERROR_INVALID_NAME (123)
 *     truncated or stray continuation bytes)
 *   leading backslash                                    ERROR_BAD_PATHNAME (161)
 *   a component before a backslash that is no link of    ERROR_PATH_NOT_FOUND (3)
 *     the directory, or Session\ without a canonical
 *     session number below S0_SESSION_NONE
 *
 * Invalid UTF-8 is a deviation: Windows converts A names with the ANSI code page and
 * never fails here; session0's A functions take UTF-8 and refuse what is not. While the
 * length is counted, each byte of an invalid sequence counts as one code unit (as if it
 * had become U+FFFD), so an over-long name is 206 whatever it contains.
 *
 * The walk starts in the caller's namespace (global for session 0) and follows the
 * links every directory holds, exactly and case-sensitively: "Global" (the global
 * namespace), "Local" (the directory itself) and "Session\N" (session N's; N = 0 is
 * the global one). The last component is the object name, unless it is itself a link:
 * the object manager follows a link at the end of a name too (ReactOS
 * ObpParseSymbolicLink; unverified on Windows), so "Global", "Local" and "Session\2"
 * alone name a namespace directory, and "Session" alone \Sessions\BNOLINKS.
 *
 * An empty object name ("" or a name ending in a link: "Global\", "Session\2\",
 * "Session\2", "Global", "Local", "Session") sets is_directory: the name denotes a
 * directory (for "Session" alone, not a namespace: session stays the caller's). The
 * callers decide what that means: Open fails with ERROR_INVALID_HANDLE (6, the type
 * mismatch Windows reports); Create treats "" as an unnamed object and the other
 * directory names as ERROR_INVALID_HANDLE. A NULL name
 * is refused here (87, which is Open's answer); Create checks for NULL first and makes
 * an unnamed object without calling this.
 *
 * file is the object name escaped into one Linux file name: '/' -> "%2F",
 * '%' -> "%25", a leading '.' -> "%2E" (so no ".", ".." or hidden file), a leading '#'
 * -> "%23", every other byte as is. If that is longer than NAME_MAX (255) bytes, file
 * is '#' and the 64 lowercase hex digits of the SHA-256 of the object name (UTF-8,
 * unescaped) and hashed is set; no escaped name starts with '#', so the two cannot
 * collide. */
uint32_t s0_obj_name_resolve(const char *name, uint32_t caller_session, struct s0_obj_name *ret);

/* object (non-empty, NUL-terminated) escaped into one file name exactly as
 * s0_obj_name_resolve() does it; returns true if it had to be hashed. Pure. */
bool s0_obj_name_escape(const char *object, char file[S0_OBJ_FILE_MAX]);

/* The object name a file in a namespace directory stands for (for listings), written
 * to buf as a NUL-terminated string. Accepts exactly the file names
 * s0_obj_name_resolve() produces for unhashed names, so the mapping is one-to-one:
 *
 *   NULL file or buf                                      ERROR_INVALID_PARAMETER (87)
 *   a hashed name ("#" + 64 lowercase hex digits): the    ERROR_FILENAME_EXCED_RANGE (206)
 *     object name cannot be recovered from the file name
 *   anything else the escaping cannot produce (empty,     ERROR_INVALID_NAME (123)
 *     bad or non-canonical escapes, raw '.' or '#' at
 *     the start, a backslash, invalid UTF-8, too long,
 *     "Global", "Local" or "Session", which name links)
 *   buf shorter than the name and its NUL                 ERROR_INSUFFICIENT_BUFFER (122)
 *
 * buf is written only on success. A buffer of S0_OBJ_FILE_MAX bytes always suffices:
 * unescaping never makes a name longer. */
uint32_t s0_obj_name_unescape(const char *file, char *buf, size_t size);
