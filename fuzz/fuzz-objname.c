/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_obj_name_resolve() and s0_obj_name_unescape() on arbitrary bytes. The input is
 * the name (up to the first NUL, if any); it is resolved for callers in sessions 0, 1,
 * 3 and the largest id. Checked, besides "never crashes, never reads past the name":
 *
 *   - the result is one of the documented codes, and the output is untouched on error;
 *   - a success names a valid namespace (global exactly when session 0) and a file name
 *     that is a single Linux file name: not empty (unless is_directory), at most 255
 *     bytes, no '/', not "." or "..", a leading '#' only when hashed;
 *   - an unhashed file unescapes to the object name: the name's last component;
 *   - whether the name is refused, and with which code, does not depend on the caller;
 *   - unescape of the raw input never crashes, and what it accepts escapes back to it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/protocol.h>

#include "lib/objects/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                    \
        do {                                                                                        \
                if (!(x)) {                                                                         \
                        fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                                    \
                }                                                                                   \
        } while (0)

static const uint32_t callers[] = { 0, 1, 3, S0_SESSION_NONE - 1 };

static void check_success(const char *name, uint32_t caller, const struct s0_obj_name *o) {
        const char *object = strrchr(name, '\\');
        size_t len = strnlen(o->file, S0_OBJ_FILE_MAX);
        char back[S0_OBJ_FILE_MAX];

        object = object ? object + 1 : name;
        CHECK(len < S0_OBJ_FILE_MAX);
        CHECK(o->global == (o->session == 0));
        CHECK(o->session != S0_SESSION_NONE);
        CHECK(!(o->hashed && o->is_directory));
        if (o->is_directory) {
                CHECK(len == 0);
                return;
        }
        CHECK(len > 0);
        CHECK(memchr(o->file, '/', len) == NULL);
        CHECK(strcmp(o->file, ".") != 0 && strcmp(o->file, "..") != 0);
        CHECK((o->file[0] == '#') == o->hashed);
        /* no prefix: the caller's namespace */
        if (!strchr(name, '\\'))
                CHECK(o->session == caller);
        if (o->hashed) {
                CHECK(len == 65);
                CHECK(s0_obj_name_unescape(o->file, back, sizeof back) == S0_ERROR_FILENAME_EXCED_RANGE);
                return;
        }
        CHECK(s0_obj_name_unescape(o->file, back, sizeof back) == S0_ERROR_SUCCESS);
        CHECK(strcmp(back, object) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        /* An exact-size heap copy, so ASan catches a read past the NUL. */
        char *name = malloc(size + 1);
        uint32_t first = UINT32_MAX;
        char back[S0_OBJ_FILE_MAX];

        if (!name)
                abort();
        memcpy(name, data, size);
        name[size] = 0;

        for (size_t i = 0; i < sizeof callers / sizeof callers[0]; i++) {
                struct s0_obj_name o;
                uint32_t r;

                memset(&o, 0xa5, sizeof o);
                r = s0_obj_name_resolve(name, callers[i], &o);
                CHECK(r == S0_ERROR_SUCCESS || r == S0_ERROR_PATH_NOT_FOUND || r == S0_ERROR_INVALID_NAME ||
                      r == S0_ERROR_BAD_PATHNAME || r == S0_ERROR_FILENAME_EXCED_RANGE);
                /* the caller decides where a name goes, never whether it is valid */
                if (i == 0)
                        first = r;
                CHECK(r == first);
                if (r == S0_ERROR_SUCCESS)
                        check_success(name, callers[i], &o);
                else
                        for (size_t k = 0; k < sizeof o; k++)
                                CHECK(((const unsigned char *) &o)[k] == 0xa5);
        }

        /* The raw input as a file name found in a directory. */
        if (s0_obj_name_unescape(name, back, sizeof back) == S0_ERROR_SUCCESS) {
                struct s0_obj_name o;
                CHECK(strchr(back, '\\') == NULL);
                CHECK(s0_obj_name_resolve(back, 0, &o) == S0_ERROR_SUCCESS);
                CHECK(!o.is_directory && !o.hashed);
                CHECK(strcmp(o.file, name) == 0);
        }
        free(name);
        return 0;
}
