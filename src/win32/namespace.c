/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private namespaces: boundary descriptors (CreateBoundaryDescriptor,
 * AddSIDToBoundaryDescriptor, DeleteBoundaryDescriptor) and CreatePrivateNamespace,
 * OpenPrivateNamespace, ClosePrivateNamespace over s0_privns_*().
 *
 * A boundary descriptor is not a kernel object on Windows either: its HANDLE is a
 * pointer to memory of the caller's process, which is what it is here, with a magic
 * number to catch a stale or foreign pointer. A namespace handle is in the handle
 * table, so CloseHandle() works on it as on Windows (closing without destroying).
 */
#include <stdlib.h>
#include <string.h>

#include "shared/macro.h"
#include "win32.h"

#define BOUNDARY_MAGIC UINT32_C(0x53304244) /* "S0BD" */

struct s0_win32_boundary {
        uint32_t magic;
        char *name;
        size_t n_entries;
        struct s0_boundary_entry entries[S0_BOUNDARY_ENTRIES_MAX];
};

static struct s0_win32_boundary *boundary_from(const void *p) {
        struct s0_win32_boundary *b = (struct s0_win32_boundary *) p;

        return b && b->magic == BOUNDARY_MAGIC ? b : NULL;
}

static HANDLE boundary_new(char *name, ULONG flags) {
        struct s0_win32_boundary *b;

        /* The only flag Windows defines adds an AppContainer SID: there are none. */
        if (flags != 0) {
                free(name);
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        }
        b = calloc(1, sizeof *b);
        if (!b) {
                free(name);
                return s0_win32_fail_handle(ERROR_NOT_ENOUGH_MEMORY);
        }
        b->magic = BOUNDARY_MAGIC;
        b->name = name;
        return b;
}

WINBASEAPI HANDLE WINAPI CreateBoundaryDescriptorW(LPCWSTR Name, ULONG Flags) {
        char *name;
        uint32_t e;

        if (!Name)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_utf16_to_utf8(Name, MAX_PATH, &name);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        return boundary_new(name, Flags);
}

WINBASEAPI HANDLE WINAPI CreateBoundaryDescriptorA(LPCSTR Name, ULONG Flags) {
        char *name;

        if (!Name)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        name = strdup(Name);
        if (!name)
                return s0_win32_fail_handle(ERROR_NOT_ENOUGH_MEMORY);
        return boundary_new(name, Flags);
}

/* Everyone and Authenticated Users add nothing: every caller is both, so they do not
 * narrow who may create the namespace. A SID no Linux principal holds could never be
 * satisfied and is refused with ERROR_NONE_MAPPED. */
WINBASEAPI BOOL WINAPI AddSIDToBoundaryDescriptor(HANDLE *BoundaryDescriptor, PSID RequiredSid) {
        struct s0_win32_boundary *b = BoundaryDescriptor ? boundary_from(*BoundaryDescriptor) : NULL;
        struct s0_win32_sid_env env;
        uint8_t who;
        uint32_t id;

        if (!b)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (!s0_win32_sid_is_valid(RequiredSid))
                return s0_win32_fail(ERROR_INVALID_SID);
        s0_win32_sid_env_current(NULL, &env);
        if (!s0_win32_sid_to_principal(RequiredSid, &env, &who, &id))
                return s0_win32_fail(ERROR_NONE_MAPPED);
        if (who == S0_ACE_EVERYONE)
                return TRUE;
        for (size_t i = 0; i < b->n_entries; i++)
                if (b->entries[i].who == who && b->entries[i].id == id)
                        return TRUE;
        if (b->n_entries == S0_BOUNDARY_ENTRIES_MAX)
                return s0_win32_fail(ERROR_NOT_SUPPORTED);
        b->entries[b->n_entries++] = (struct s0_boundary_entry) { .who = who, .id = id };
        return TRUE;
}

WINBASEAPI VOID WINAPI DeleteBoundaryDescriptor(HANDLE BoundaryDescriptor) {
        struct s0_win32_boundary *b = boundary_from(BoundaryDescriptor);

        if (!b)
                return;
        b->magic = 0;
        free(b->name);
        free(b);
}

/* ---- the namespaces ---------------------------------------------------------------- */

static uint32_t namespace_close(void *p, uint32_t flags) {
        int r = s0_privns_close(p, flags & PRIVATE_NAMESPACE_FLAG_DESTROY);

        return r < 0 ? s0_obj_win32_error(r) : ERROR_SUCCESS;
}

static const struct s0_win32_handle_ops namespace_ops = {
        .name = "private namespace",
        .close = namespace_close,
};

static HANDLE namespace_insert(struct s0_privns *ns) {
        HANDLE h;
        uint32_t e;

        e = s0_win32_handle_insert(&s0_win32_process()->handles, &namespace_ops, ns, &h);
        if (e != ERROR_SUCCESS) {
                (void) s0_privns_close(ns, false);
                return s0_win32_fail_handle(e);
        }
        return h;
}

/* An existing namespace is ERROR_ALREADY_EXISTS and no handle, as on Windows (unlike
 * the objects' Create*, which return the existing one). */
static HANDLE namespace_create(const SECURITY_ATTRIBUTES *sa, const void *boundary, const char *alias) {
        const struct s0_win32_boundary *b = boundary_from(boundary);
        struct s0_win32_native_sd nsd;
        const struct s0_obj_sd *sd;
        struct s0_objctx *ctx;
        struct s0_privns *ns;
        uint32_t e;
        int r;

        if (!b || !alias)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_sa_to_native(sa, &nsd, &sd);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        e = s0_win32_objctx(&ctx);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        r = s0_privns_create(ctx, b->name, b->entries, b->n_entries, alias, sd, &ns);
        if (r < 0)
                return s0_win32_fail_handle(s0_obj_win32_error(r));
        return namespace_insert(ns);
}

static HANDLE namespace_open(const void *boundary, const char *alias) {
        const struct s0_win32_boundary *b = boundary_from(boundary);
        struct s0_objctx *ctx;
        struct s0_privns *ns;
        uint32_t e;
        int r;

        if (!b || !alias)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_objctx(&ctx);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        r = s0_privns_open(ctx, b->name, b->entries, b->n_entries, alias, &ns);
        if (r < 0)
                return s0_win32_fail_handle(s0_obj_win32_error(r));
        return namespace_insert(ns);
}

WINBASEAPI HANDLE WINAPI CreatePrivateNamespaceA(LPSECURITY_ATTRIBUTES lpPrivateNamespaceAttributes,
                                                 LPVOID lpBoundaryDescriptor, LPCSTR lpAliasPrefix) {
        return namespace_create(lpPrivateNamespaceAttributes, lpBoundaryDescriptor, lpAliasPrefix);
}

WINBASEAPI HANDLE WINAPI CreatePrivateNamespaceW(LPSECURITY_ATTRIBUTES lpPrivateNamespaceAttributes,
                                                 LPVOID lpBoundaryDescriptor, LPCWSTR lpAliasPrefix) {
        _cleanup_free_ char *alias = NULL;
        uint32_t e;

        if (!lpAliasPrefix)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_utf16_to_utf8(lpAliasPrefix, MAX_PATH, &alias);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        return namespace_create(lpPrivateNamespaceAttributes, lpBoundaryDescriptor, alias);
}

WINBASEAPI HANDLE WINAPI OpenPrivateNamespaceA(LPVOID lpBoundaryDescriptor, LPCSTR lpAliasPrefix) {
        return namespace_open(lpBoundaryDescriptor, lpAliasPrefix);
}

WINBASEAPI HANDLE WINAPI OpenPrivateNamespaceW(LPVOID lpBoundaryDescriptor, LPCWSTR lpAliasPrefix) {
        _cleanup_free_ char *alias = NULL;
        uint32_t e;

        if (!lpAliasPrefix)
                return s0_win32_fail_handle(ERROR_INVALID_PARAMETER);
        e = s0_win32_utf16_to_utf8(lpAliasPrefix, MAX_PATH, &alias);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail_handle(e);
        return namespace_open(lpBoundaryDescriptor, alias);
}

WINBASEAPI BOOLEAN WINAPI ClosePrivateNamespace(HANDLE Handle, ULONG Flags) {
        uint32_t e;

        if (Flags & ~PRIVATE_NAMESPACE_FLAG_DESTROY)
                return (BOOLEAN) s0_win32_fail(ERROR_INVALID_PARAMETER);
        e = s0_win32_handle_close(&s0_win32_process()->handles, Handle, &namespace_ops, Flags);
        if (e != ERROR_SUCCESS)
                return (BOOLEAN) s0_win32_fail(e);
        return TRUE;
}
