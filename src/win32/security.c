/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Security descriptors, ACLs and SIDs in their Windows binary layouts (so code that
 * sizes buffers with sizeof(ACL), GetLengthSid(), SECURITY_DESCRIPTOR_MIN_LENGTH works
 * unchanged), and their translation to the native struct s0_obj_sd.
 *
 * Caller memory is read with memcpy(): an ACL or a self-relative descriptor has no
 * alignment guarantee once it has travelled through a byte buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "win32.h"

#define ACE_FIXED_SIZE (sizeof(ACE_HEADER) + sizeof(ACCESS_MASK)) /* before the SID */

/* ---- SIDs -------------------------------------------------------------------------- */

WINADVAPI BOOL WINAPI IsValidSid(PSID pSid) { return s0_win32_sid_is_valid(pSid); }

WINADVAPI DWORD WINAPI GetLengthSid(PSID pSid) {
        if (!s0_win32_sid_is_valid(pSid))
                return 0;
        return (DWORD) s0_win32_sid_length(pSid);
}

WINADVAPI BOOL WINAPI EqualSid(PSID pSid1, PSID pSid2) {
        if (!s0_win32_sid_is_valid(pSid1) || !s0_win32_sid_is_valid(pSid2))
                return s0_win32_fail(ERROR_INVALID_SID);
        SetLastError(ERROR_SUCCESS);
        return s0_win32_sid_length(pSid1) == s0_win32_sid_length(pSid2) &&
               memcmp(pSid1, pSid2, s0_win32_sid_length(pSid1)) == 0;
}

WINADVAPI BOOL WINAPI AllocateAndInitializeSid(PSID_IDENTIFIER_AUTHORITY pIdentifierAuthority,
                                               BYTE nSubAuthorityCount, DWORD nSubAuthority0,
                                               DWORD nSubAuthority1, DWORD nSubAuthority2, DWORD nSubAuthority3,
                                               DWORD nSubAuthority4, DWORD nSubAuthority5, DWORD nSubAuthority6,
                                               DWORD nSubAuthority7, PSID *pSid) {
        const DWORD sub[8] = { nSubAuthority0, nSubAuthority1, nSubAuthority2, nSubAuthority3,
                               nSubAuthority4, nSubAuthority5, nSubAuthority6, nSubAuthority7 };
        DWORD *dst;
        SID *s;

        if (!pIdentifierAuthority || !pSid || nSubAuthorityCount == 0 || nSubAuthorityCount > 8)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        s = malloc(8 + 4u * nSubAuthorityCount);
        if (!s)
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        s->Revision = SID_REVISION;
        s->SubAuthorityCount = nSubAuthorityCount;
        s->IdentifierAuthority = *pIdentifierAuthority;
        dst = s->SubAuthority; /* Windows' flexible array, declared [1] */
        for (BYTE i = 0; i < nSubAuthorityCount; i++)
                dst[i] = sub[i];
        *pSid = s;
        return TRUE;
}

WINADVAPI PVOID WINAPI FreeSid(PSID pSid) {
        free(pSid);
        return NULL;
}

WINBASEAPI HLOCAL WINAPI LocalFree(HLOCAL hMem) {
        free(hMem);
        return NULL;
}

static const char *well_known_sid_string(WELL_KNOWN_SID_TYPE type) {
        switch (type) {
        case WinNullSid:
                return "S-1-0-0";
        case WinWorldSid:
                return "S-1-1-0";
        case WinLocalSid:
                return "S-1-2-0";
        case WinCreatorOwnerSid:
                return "S-1-3-0";
        case WinCreatorGroupSid:
                return "S-1-3-1";
        case WinAuthenticatedUserSid:
                return "S-1-5-11";
        case WinLocalSystemSid:
                return "S-1-5-18";
        case WinBuiltinAdministratorsSid:
                return "S-1-5-32-544";
        }
        return NULL;
}

/* Only the well-known SIDs declared in winnt.h; none of them needs a domain. */
WINADVAPI BOOL WINAPI CreateWellKnownSid(WELL_KNOWN_SID_TYPE WellKnownSidType, PSID DomainSid, PSID pSid,
                                         DWORD *cbSid) {
        const char *str = well_known_sid_string(WellKnownSidType);
        union s0_win32_sid_buf buf;
        DWORD len;

        if (!str || !cbSid)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (s0_win32_sid_parse(str, NULL, &buf) != ERROR_SUCCESS)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        len = (DWORD) s0_win32_sid_length(&buf);
        if (!pSid || *cbSid < len) {
                *cbSid = len;
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        }
        memcpy(pSid, &buf, len);
        *cbSid = len;
        return TRUE;
}

/* ---- ACLs -------------------------------------------------------------------------- */

static bool acl_revision_ok(DWORD rev) { return rev == ACL_REVISION || rev == ACL_REVISION_DS; }

/* Walks the ACEs of acl (whose header is hdr): the offset just past the last one, or 0
 * if they do not fit in AclSize. */
static size_t acl_used(const BYTE *acl, const ACL *hdr) {
        size_t off = sizeof(ACL);

        for (WORD i = 0; i < hdr->AceCount; i++) {
                ACE_HEADER ace;

                if (off + sizeof ace > hdr->AclSize)
                        return 0;
                memcpy(&ace, acl + off, sizeof ace);
                if (ace.AceSize < sizeof ace || off + ace.AceSize > hdr->AclSize)
                        return 0;
                off += ace.AceSize;
        }
        return off;
}

WINADVAPI BOOL WINAPI InitializeAcl(PACL pAcl, DWORD nAclLength, DWORD dwAclRevision) {
        ACL hdr;

        if (!pAcl)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (nAclLength < sizeof(ACL))
                return s0_win32_fail(ERROR_INSUFFICIENT_BUFFER);
        if (nAclLength > 0xFFFF || !acl_revision_ok(dwAclRevision))
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        hdr = (ACL) {
                .AclRevision = (BYTE) dwAclRevision,
                /* ACEs are DWORD-aligned; the tail that cannot hold one is not used. */
                .AclSize = (WORD) (nAclLength & ~3u),
        };
        memcpy(pAcl, &hdr, sizeof hdr);
        return TRUE;
}

static BOOL add_ace(PACL pAcl, DWORD rev, BYTE type, DWORD mask, PSID pSid) {
        BYTE *acl = (BYTE *) pAcl;
        ACE_HEADER ace;
        size_t off, sid_len;
        ACL hdr;

        if (!pAcl)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        memcpy(&hdr, acl, sizeof hdr);
        if (!acl_revision_ok(hdr.AclRevision) || hdr.AclSize < sizeof hdr)
                return s0_win32_fail(ERROR_INVALID_ACL);
        if (!acl_revision_ok(rev))
                return s0_win32_fail(ERROR_UNKNOWN_REVISION);
        if (!s0_win32_sid_is_valid(pSid))
                return s0_win32_fail(ERROR_INVALID_SID);
        off = acl_used(acl, &hdr);
        if (off == 0)
                return s0_win32_fail(ERROR_INVALID_ACL);
        sid_len = s0_win32_sid_length(pSid);
        ace = (ACE_HEADER) { .AceType = type, .AceSize = (WORD) (ACE_FIXED_SIZE + sid_len) };
        if (off + ace.AceSize > hdr.AclSize)
                return s0_win32_fail(ERROR_ALLOTTED_SPACE_EXCEEDED);
        memcpy(acl + off, &ace, sizeof ace);
        memcpy(acl + off + sizeof ace, &mask, sizeof mask);
        memcpy(acl + off + ACE_FIXED_SIZE, pSid, sid_len);
        hdr.AceCount++;
        if (rev > hdr.AclRevision)
                hdr.AclRevision = (BYTE) rev;
        memcpy(acl, &hdr, sizeof hdr);
        return TRUE;
}

WINADVAPI BOOL WINAPI AddAccessAllowedAce(PACL pAcl, DWORD dwAceRevision, DWORD AccessMask, PSID pSid) {
        return add_ace(pAcl, dwAceRevision, ACCESS_ALLOWED_ACE_TYPE, AccessMask, pSid);
}

WINADVAPI BOOL WINAPI AddAccessDeniedAce(PACL pAcl, DWORD dwAceRevision, DWORD AccessMask, PSID pSid) {
        return add_ace(pAcl, dwAceRevision, ACCESS_DENIED_ACE_TYPE, AccessMask, pSid);
}

/* ---- security descriptors ---------------------------------------------------------- */

WINADVAPI BOOL WINAPI InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR pSecurityDescriptor, DWORD dwRevision) {
        SECURITY_DESCRIPTOR sd = { .Revision = SECURITY_DESCRIPTOR_REVISION };

        if (!pSecurityDescriptor)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (dwRevision != SECURITY_DESCRIPTOR_REVISION)
                return s0_win32_fail(ERROR_UNKNOWN_REVISION);
        memcpy(pSecurityDescriptor, &sd, sizeof sd);
        return TRUE;
}

WINADVAPI BOOL WINAPI SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSecurityDescriptor, BOOL bDaclPresent,
                                                PACL pDacl, BOOL bDaclDefaulted) {
        SECURITY_DESCRIPTOR sd;

        if (!pSecurityDescriptor)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        memcpy(&sd, pSecurityDescriptor, sizeof sd);
        if (sd.Revision != SECURITY_DESCRIPTOR_REVISION)
                return s0_win32_fail(ERROR_UNKNOWN_REVISION);
        /* Only an absolute descriptor holds pointers that can be set. */
        if (sd.Control & SE_SELF_RELATIVE)
                return s0_win32_fail(ERROR_INVALID_SECURITY_DESCR);
        sd.Control &= (SECURITY_DESCRIPTOR_CONTROL) ~(SE_DACL_PRESENT | SE_DACL_DEFAULTED);
        if (bDaclPresent) {
                sd.Control |= SE_DACL_PRESENT;
                if (bDaclDefaulted)
                        sd.Control |= SE_DACL_DEFAULTED;
                sd.Dacl = pDacl;
        } else
                sd.Dacl = NULL;
        memcpy(pSecurityDescriptor, &sd, sizeof sd);
        return TRUE;
}

/* ---- to the native descriptor ------------------------------------------------------ */

/* The DACL of psd: false if it has none (the default applies); *ret NULL for a NULL DACL. */
static uint32_t sd_dacl(const void *psd, bool *ret_present, const BYTE **ret) {
        SECURITY_DESCRIPTOR_RELATIVE rel;
        SECURITY_DESCRIPTOR abs;

        memcpy(&rel, psd, sizeof rel); /* the first 4 bytes are common to both forms */
        if (rel.Revision != SECURITY_DESCRIPTOR_REVISION)
                return ERROR_INVALID_SECURITY_DESCR;
        *ret_present = rel.Control & SE_DACL_PRESENT;
        if (!*ret_present)
                return ERROR_SUCCESS;
        if (rel.Control & SE_SELF_RELATIVE) {
                *ret = rel.Dacl == 0 ? NULL : (const BYTE *) psd + rel.Dacl;
                return ERROR_SUCCESS;
        }
        memcpy(&abs, psd, sizeof abs);
        *ret = (const BYTE *) abs.Dacl;
        return ERROR_SUCCESS;
}

/* One ACE of a DACL into the native list. Types other than allow/deny (audit, object,
 * callback ACEs) and inherit-only ACEs do not grant or deny access to this object. */
static uint32_t ace_to_native(const BYTE *p, const ACE_HEADER *ace, const struct s0_win32_sid_env *env,
                              struct s0_win32_native_sd *buf) {
        union s0_win32_sid_buf sid;
        size_t sid_room;
        ACCESS_MASK mask;
        uint8_t who;
        uint32_t id;

        if (ace->AceType != ACCESS_ALLOWED_ACE_TYPE && ace->AceType != ACCESS_DENIED_ACE_TYPE)
                return ERROR_SUCCESS;
        if (ace->AceFlags & INHERIT_ONLY_ACE)
                return ERROR_SUCCESS;
        if (ace->AceSize < ACE_FIXED_SIZE + 8)
                return ERROR_INVALID_ACL;
        sid_room = ace->AceSize - ACE_FIXED_SIZE;
        memcpy(&mask, p + sizeof *ace, sizeof mask);
        memcpy(&sid, p + ACE_FIXED_SIZE, sid_room < sizeof sid ? sid_room : sizeof sid);
        if (!s0_win32_sid_is_valid(&sid) || s0_win32_sid_length(&sid) > sid_room)
                return ERROR_INVALID_ACL;
        if (!s0_win32_sid_to_principal(&sid, env, &who, &id))
                return ERROR_SUCCESS; /* held by nobody here: it can never match */
        if (buf->sd.n_aces == S0_OBJ_ACES_MAX)
                return ERROR_NOT_SUPPORTED;
        buf->aces[buf->sd.n_aces++] = (struct s0_obj_ace) {
                .kind = ace->AceType == ACCESS_DENIED_ACE_TYPE ? S0_ACE_DENY : S0_ACE_ALLOW,
                .who = who,
                .id = id,
                .mask = mask,
        };
        return ERROR_SUCCESS;
}

uint32_t s0_win32_sd_to_native(const void *psd, const struct s0_win32_sid_env *env, struct s0_win32_native_sd *buf,
                               const struct s0_obj_sd **ret) {
        const BYTE *dacl = NULL;
        bool present = false;
        size_t off;
        uint32_t e;
        ACL hdr;

        if (!psd) {
                *ret = NULL;
                return ERROR_SUCCESS;
        }
        e = sd_dacl(psd, &present, &dacl);
        if (e != ERROR_SUCCESS)
                return e;
        *buf = (struct s0_win32_native_sd) { .sd.aces = buf->aces };
        buf->sd.has_dacl = present;
        buf->sd.null_dacl = present && !dacl;
        if (dacl) {
                memcpy(&hdr, dacl, sizeof hdr);
                if (!acl_revision_ok(hdr.AclRevision) || hdr.AclSize < sizeof hdr || acl_used(dacl, &hdr) == 0)
                        return ERROR_INVALID_ACL;
                off = sizeof hdr;
                for (WORD i = 0; i < hdr.AceCount; i++) {
                        ACE_HEADER ace;

                        memcpy(&ace, dacl + off, sizeof ace);
                        e = ace_to_native(dacl + off, &ace, env, buf);
                        if (e != ERROR_SUCCESS)
                                return e;
                        off += ace.AceSize;
                }
        }
        *ret = &buf->sd;
        return ERROR_SUCCESS;
}

uint32_t s0_win32_sa_to_native(const SECURITY_ATTRIBUTES *sa, struct s0_win32_native_sd *buf,
                               const struct s0_obj_sd **ret) {
        struct s0_win32_sid_env env;

        if (!sa || !sa->lpSecurityDescriptor) {
                *ret = NULL;
                return ERROR_SUCCESS;
        }
        s0_win32_sid_env_current(NULL, &env);
        return s0_win32_sd_to_native(sa->lpSecurityDescriptor, &env, buf, ret);
}
