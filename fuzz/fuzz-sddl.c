/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_win32_sddl_parse() and s0_win32_sd_to_native() on arbitrary bytes: the one SDDL
 * parser, behind ConvertStringSecurityDescriptorToSecurityDescriptor and s0ctl --sddl.
 * The input is the string (up to the first NUL, if any); the SID environment is fixed.
 * Checked, besides "never crashes, never reads past the string, never leaks":
 *
 *   - a refusal is ERROR_INVALID_PARAMETER with a reason and an offset inside the
 *     string, and leaves the output alone;
 *   - a success is a self-relative descriptor the translation accepts (the parser never
 *     builds a malformed ACL); the only refusal of the translation is the native limit;
 *   - the native descriptor has at most S0_OBJ_ACES_MAX ACEs, each allow or deny for
 *     everyone, a user or a group; a NULL DACL has none; there is a DACL exactly when
 *     the string has a "D:" component;
 *   - the exported A function agrees with the internal parser. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win32/win32.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                    \
        do {                                                                                        \
                if (!(x)) {                                                                         \
                        fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                                    \
                }                                                                                   \
        } while (0)

/* As on a system where session0d was started with --admin-group 27, run by uid 1000. */
static const struct s0_win32_sid_env env = {
        .creator_uid = 1000,
        .have_admin_gid = true,
        .admin_gid = 27,
};

static void check_native(const char *s, const void *psd, uint32_t psd_size) {
        SECURITY_DESCRIPTOR_RELATIVE rel;
        struct s0_win32_native_sd buf;
        const struct s0_obj_sd *sd = NULL;
        uint32_t e;

        CHECK(psd_size >= sizeof rel);
        memcpy(&rel, psd, sizeof rel);
        CHECK(rel.Control & SE_SELF_RELATIVE);
        CHECK(rel.Owner < psd_size && rel.Group < psd_size && rel.Dacl < psd_size);

        e = s0_win32_sd_to_native(psd, &env, &buf, &sd);
        CHECK(e == ERROR_SUCCESS || e == ERROR_NOT_SUPPORTED);
        if (e != ERROR_SUCCESS)
                return;
        CHECK(sd == &buf.sd);
        CHECK(sd->aces == buf.aces);
        CHECK(sd->n_aces <= S0_OBJ_ACES_MAX);
        /* "D:" cannot occur inside a SID or an ACE field, only as the component */
        CHECK(sd->has_dacl == (strstr(s, "D:") != NULL));
        CHECK(!sd->null_dacl || (sd->has_dacl && sd->n_aces == 0));
        for (size_t i = 0; i < sd->n_aces; i++) {
                const struct s0_obj_ace *a = &sd->aces[i];
                CHECK(a->kind == S0_ACE_ALLOW || a->kind == S0_ACE_DENY);
                CHECK(a->who == S0_ACE_EVERYONE || a->who == S0_ACE_USER || a->who == S0_ACE_GROUP);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        /* An exact-size heap copy, so ASan catches a read past the NUL. */
        char *s = malloc(size + 1);
        struct s0_win32_sddl_error err = { 0 };
        void *psd = NULL, *psd_a = NULL;
        uint32_t psd_size = 0, e;
        BOOL ok;

        if (!s)
                abort();
        memcpy(s, data, size);
        s[size] = 0;

        e = s0_win32_sddl_parse(s, &psd, &psd_size, &err);
        CHECK(e == ERROR_SUCCESS || e == ERROR_INVALID_PARAMETER || e == ERROR_NOT_ENOUGH_MEMORY);
        if (e == ERROR_INVALID_PARAMETER) {
                CHECK(psd == NULL);
                CHECK(err.why != NULL);
                CHECK(err.pos <= strlen(s));
        }
        if (e == ERROR_SUCCESS)
                check_native(s, psd, psd_size);

        ok = ConvertStringSecurityDescriptorToSecurityDescriptorA(s, SDDL_REVISION_1, &psd_a, NULL);
        if (e != ERROR_NOT_ENOUGH_MEMORY) {
                CHECK(ok == (e == ERROR_SUCCESS));
                if (ok)
                        CHECK(memcmp(psd, psd_a, psd_size) == 0);
                else
                        CHECK(GetLastError() == e);
        }
        LocalFree(psd_a);
        free(psd);
        free(s);
        return 0;
}
