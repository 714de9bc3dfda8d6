/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Win32 object names -> (namespace, file name). Windows resolves "Global\X" and friends
 * in the object manager, through symbolic links each BaseNamedObjects directory holds;
 * session0's namespaces are plain directories, so the library walks those links itself,
 * here, before any file is touched. Pure: no I/O, no allocation, no global state. A
 * wrong answer puts an object in another session's namespace, so every rule of
 * SEMANTICS.md §2 is applied exactly and the result is fuzzed. */
#include <string.h>

#include <session0/protocol.h>

#include "name.h"
#include "shared/sha256.h"

/* Linux NAME_MAX; spelled out so that S0_OBJ_FILE_MAX provably holds every file name. */
#define FILE_NAME_MAX 255
_Static_assert(S0_OBJ_FILE_MAX == FILE_NAME_MAX + 1, "file[] holds a NAME_MAX name and its NUL");
_Static_assert(1 + 2 * S0_SHA256_DIGEST_SIZE <= FILE_NAME_MAX, "a hashed name is a file name");

#define HASH_PREFIX '#'
#define ESCAPE '%'

/* The length of the well-formed UTF-8 sequence at p (RFC 3629 §4), or 0 if there is
 * none: an overlong form, a surrogate, a code point above U+10FFFF, a stray
 * continuation byte or a sequence cut short (by the NUL or anything else). Never reads
 * past the first byte that is not a continuation byte, so never past the NUL. Stores
 * the number of UTF-16 code units the character takes. */
static size_t utf8_sequence(const unsigned char *p, unsigned *ret_units) {
        unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */
        size_t len;

        if (p[0] < 0x80) {
                *ret_units = 1;
                return 1;
        }
        if (p[0] >= 0xc2 && p[0] <= 0xdf)
                len = 2;
        else if (p[0] >= 0xe0 && p[0] <= 0xef) {
                len = 3;
                if (p[0] == 0xe0)
                        lo = 0xa0; /* below: overlong */
                else if (p[0] == 0xed)
                        hi = 0x9f; /* above: U+D800..U+DFFF, surrogates */
        } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
                len = 4;
                if (p[0] == 0xf0)
                        lo = 0x90; /* below: overlong */
                else if (p[0] == 0xf4)
                        hi = 0x8f; /* above: beyond U+10FFFF */
        } else
                return 0; /* 0x80..0xc1 (continuation, overlong 2-byte), 0xf5.. */

        if (p[1] < lo || p[1] > hi)
                return 0;
        for (size_t i = 2; i < len; i++)
                if (p[i] < 0x80 || p[i] > 0xbf)
                        return 0;
        /* U+10000 and above need a surrogate pair in UTF-16 */
        *ret_units = len == 4 ? 2 : 1;
        return len;
}

/* Length first, then encoding (SEMANTICS.md §2 order). The length is what the W
 * function would see: UTF-16 code units, an invalid byte counting as one (U+FFFD).
 * Stops counting at MAX_PATH, so an endless string costs no more than a long one. */
static uint32_t check_length_and_encoding(const char *name) {
        const unsigned char *p = (const unsigned char *) name;
        size_t units = 0;
        bool invalid = false;

        while (*p) {
                unsigned u = 1;
                size_t len = utf8_sequence(p, &u);
                if (len == 0) {
                        invalid = true;
                        len = 1;
                        u = 1;
                }
                p += len;
                units += u;
                if (units >= S0_MAX_PATH)
                        return S0_ERROR_FILENAME_EXCED_RANGE;
        }
        return invalid ? S0_ERROR_INVALID_NAME : S0_ERROR_SUCCESS;
}

static bool component_is(const char *s, size_t len, const char *word) {
        return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* The N of "Session\N": canonical decimal (no sign, no leading zero but "0" itself),
 * below S0_SESSION_NONE, which no session can have. */
static bool parse_session_number(const char *s, size_t len, uint32_t *ret) {
        uint64_t v = 0;

        if (len == 0 || (len > 1 && s[0] == '0'))
                return false;
        for (size_t i = 0; i < len; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (uint64_t) (s[i] - '0');
                if (v >= S0_SESSION_NONE)
                        return false; /* also keeps v far from overflowing */
        }
        *ret = (uint32_t) v;
        return true;
}

/* Session 0's namespace is the global one (\BaseNamedObjects). */
static void set_namespace(struct s0_obj_name *o, uint32_t session) {
        o->global = session == 0;
        o->session = session;
}

/* What one byte of an object name becomes in its file name; first: whether it is the
 * name's first byte. Returns the escape, or NULL for "the byte itself". */
static const char *escape_byte(char c, bool first) {
        switch (c) {
        case '/':
                return "%2F"; /* the one byte, with NUL, a file name cannot hold */
        case '%':
                return "%25"; /* the escape character itself */
        case '.':
                return first ? "%2E" : NULL; /* no ".", "..", hidden files */
        case '#':
                return first ? "%23" : NULL; /* '#' starts hashed names only */
        default:
                return NULL;
        }
}

/* Fills o->file and o->hashed from the object name (non-empty, no backslash). */
static void make_file_name(const char *object, struct s0_obj_name *o) {
        size_t n = 0, i;

        for (i = 0; object[i]; i++) {
                const char *e = escape_byte(object[i], i == 0);
                size_t el = e ? strlen(e) : 1;
                if (n + el > FILE_NAME_MAX)
                        break;
                if (e)
                        memcpy(o->file + n, e, el);
                else
                        o->file[n] = object[i];
                n += el;
        }
        if (object[i] == 0) {
                o->file[n] = 0;
                o->hashed = false;
                return;
        }

        /* Too long for a file name: the hash stands in for it. Listings cannot show such
         * a name, opening and creating by name work as for any other. */
        o->file[0] = HASH_PREFIX;
        s0_sha256_hex(object, strlen(object), o->file + 1);
        o->hashed = true;
}

/* The same escaping for other namespaces that store one name per file (named pipes). */
bool s0_obj_name_escape(const char *object, char file[S0_OBJ_FILE_MAX]) {
        struct s0_obj_name o = { 0 };

        make_file_name(object, &o);
        memcpy(file, o.file, S0_OBJ_FILE_MAX);
        return o.hashed;
}

uint32_t s0_obj_name_resolve(const char *name, uint32_t caller_session, struct s0_obj_name *ret) {
        struct s0_obj_name o = { 0 };
        const char *p;
        uint32_t r;

        if (!name || !ret || caller_session == S0_SESSION_NONE)
                return S0_ERROR_INVALID_PARAMETER;
        r = check_length_and_encoding(name);
        if (r != S0_ERROR_SUCCESS)
                return r;
        /* An absolute NT path ("\BaseNamedObjects\X") is not a Win32 object name. */
        if (name[0] == '\\')
                return S0_ERROR_BAD_PATHNAME;

        set_namespace(&o, caller_session);
        /* Every component followed by a backslash must be a link of the directory. */
        p = name;
        for (;;) {
                size_t len = strcspn(p, "\\");
                if (p[len] == 0)
                        break; /* p is the object name */

                if (component_is(p, len, "Global"))
                        set_namespace(&o, 0);
                else if (component_is(p, len, "Local"))
                        ; /* the directory itself */
                else if (component_is(p, len, "Session")) {
                        /* \Sessions\BNOLINKS: one link per session, named by its number */
                        const char *num = p + len + 1;
                        size_t num_len = strcspn(num, "\\");
                        uint32_t session;
                        if (!parse_session_number(num, num_len, &session))
                                return S0_ERROR_PATH_NOT_FOUND;
                        set_namespace(&o, session);
                        /* "Session\N" ends in the link, as "Global\" does */
                        p = num + num_len;
                        if (*p == '\\')
                                p++;
                        continue;
                } else
                        return S0_ERROR_PATH_NOT_FOUND; /* also "", "global", "LOCAL" */
                p += len + 1;
        }

        /* The last component is followed too when it is a link (ObpParseSymbolicLink
         * reparses a link at the end of a name unless the caller asks for the link
         * itself): "Global" and "Local" alone name a namespace directory, "Session"
         * alone \Sessions\BNOLINKS, none of them an object. */
        if (*p == 0 || component_is(p, strlen(p), "Local") || component_is(p, strlen(p), "Session"))
                o.is_directory = true; /* file stays "" */
        else if (component_is(p, strlen(p), "Global")) {
                set_namespace(&o, 0);
                o.is_directory = true;
        } else
                make_file_name(p, &o);
        *ret = o;
        return S0_ERROR_SUCCESS;
}

/* "#" and exactly 64 lowercase hex digits: what make_file_name() writes for long names. */
static bool is_hashed_file_name(const char *file) {
        if (file[0] != HASH_PREFIX)
                return false;
        for (size_t i = 1; i <= 2 * S0_SHA256_DIGEST_SIZE; i++)
                if (!((file[i] >= '0' && file[i] <= '9') || (file[i] >= 'a' && file[i] <= 'f')))
                        return false;
        return file[1 + 2 * S0_SHA256_DIGEST_SIZE] == 0;
}

/* The byte an escape at file[i] stands for, or 0 if there is no escape that
 * make_file_name() would have written there. Only the exact spellings count, so that
 * every object name has one file name and every file name at most one object name. */
static char unescape_at(const char *file, size_t i) {
        static const char bytes[] = { '/', '%', '.', '#' };

        for (size_t k = 0; k < sizeof bytes; k++) {
                const char *e = escape_byte(bytes[k], i == 0);
                if (e && strncmp(file + i, e, strlen(e)) == 0)
                        return bytes[k];
        }
        return 0;
}

uint32_t s0_obj_name_unescape(const char *file, char *buf, size_t size) {
        char out[S0_OBJ_FILE_MAX];
        const unsigned char *u;
        size_t n = 0;

        if (!file || !buf)
                return S0_ERROR_INVALID_PARAMETER;
        if (is_hashed_file_name(file))
                return S0_ERROR_FILENAME_EXCED_RANGE;
        if (file[0] == 0 || strnlen(file, FILE_NAME_MAX + 1) > FILE_NAME_MAX)
                return S0_ERROR_INVALID_NAME;
        /* escapes are ASCII: the file is valid UTF-8 exactly when the name is */
        for (u = (const unsigned char *) file; *u;) {
                unsigned units;
                size_t len = utf8_sequence(u, &units);
                if (len == 0)
                        return S0_ERROR_INVALID_NAME;
                u += len;
        }

        for (size_t i = 0; file[i];) {
                char c = file[i];
                if (c == ESCAPE) {
                        c = unescape_at(file, i);
                        if (c == 0)
                                return S0_ERROR_INVALID_NAME;
                        i += 3;
                } else {
                        /* bytes the escaping never leaves as they are ('/' among
                         * them); '\\' cannot be in an object name at all */
                        if (c == '\\' || escape_byte(c, i == 0))
                                return S0_ERROR_INVALID_NAME;
                        i++;
                }
                out[n++] = c; /* n <= i <= 255: unescaping only shortens */
        }
        /* Names spelled like a link resolve to a directory: no file stands for them. */
        if (component_is(out, n, "Global") || component_is(out, n, "Local") || component_is(out, n, "Session"))
                return S0_ERROR_INVALID_NAME;
        if (n + 1 > size)
                return S0_ERROR_INSUFFICIENT_BUFFER;
        memcpy(buf, out, n);
        buf[n] = 0;
        return S0_ERROR_SUCCESS;
}
