/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The object namespace directories in the runtime directory (see objdir.c). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define OBJDIR_NAME "objects"
#define OBJDIR_GLOBAL "global"
#define OBJDIR_SESSIONS "sessions"
#define OBJDIR_PRIVATE "private"
#define OBJDIR_POLICY "policy"
/* <runtime>/pipes: the machine-wide named pipe namespace, root 1777 (docs/PIPES.md). */
#define OBJDIR_PIPES "pipes"
/* made by s0-drvhost's workers (docs/DRIVERS.md); only removed here */
#define OBJDIR_DEVICES "devices"
/* No group configured. */
#define OBJDIR_NO_GID ((gid_t) -1)

/* Who may create objects in the global namespace (--global-create). */
enum objdir_global_create {
        OBJDIR_GLOBAL_CREATE_COMPAT, /* everyone (global/ is 01777) */
        OBJDIR_GLOBAL_CREATE_STRICT, /* root and create_global_gid only (global/ is 01771) */
};

/* The object policy, published in objects/policy for the library. */
struct objdir_policy {
        enum objdir_global_create global_create;
        gid_t create_global_gid; /* holds SeCreateGlobalPrivilege; OBJDIR_NO_GID: none */
        gid_t admin_gid;         /* may own private namespaces as a group; OBJDIR_NO_GID: none */
};

struct s0_objdir {
        const char *runtime_dir; /* for messages only */
        int objects_fd;          /* <runtime>/objects */
        int global_fd;           /* <runtime>/objects/global */
        int sessions_fd;         /* <runtime>/objects/sessions */
        int private_fd;          /* <runtime>/objects/private */
};

#define OBJDIR_INIT { .objects_fd = -1, .global_fd = -1, .sessions_fd = -1, .private_fd = -1 }

/* Creates objects/, global/, sessions/ (with the sessions/0 link), private/ (with u0
 * and the admin group's directory) and the policy file, or fixes the owner and mode
 * of what a previous daemon made, whatever policy it ran with. Refuses (logging one
 * line, returning -errno) an objects/, global/, sessions/ or private/ that is not a
 * directory owned by root. */
int objdir_init(struct s0_objdir *o, int runtime_fd, const char *runtime_dir, const struct objdir_policy *p);
void objdir_close(struct s0_objdir *o);

/* A new session (id >= 1): an empty sessions/ID owned by uid:gid, mode 0700; a leftover
 * of that id is removed first. */
int objdir_session_create(struct s0_objdir *o, uint32_t id, uid_t uid, gid_t gid);
/* A session re-adopted after a restart: keeps sessions/ID and what is in it, fixing its
 * owner and mode; creates it if missing. Returns 1 if it created or fixed something,
 * 0 if all was in order. gid (gid_t) -1 leaves the group as it is. */
int objdir_session_adopt(struct s0_objdir *o, uint32_t id, uid_t uid, gid_t gid);
/* Opens sessions/ID (never through a symbolic link) for reaping in it. */
int objdir_session_open(struct s0_objdir *o, uint32_t id, int *ret_fd);
/* Removes sessions/ID and everything in it, never following a symbolic link. Logs
 * what it could not remove. */
int objdir_session_remove(struct s0_objdir *o, uint32_t id);
/* Removes every sessions/N for which exists(userdata, N) is false (left by a daemon
 * that died between a logoff and the removal, or by a session that died unwatched). */
int objdir_prune(struct s0_objdir *o, bool (*exists)(void *userdata, uint32_t id), void *userdata);

/* private/u<UID>, owned by uid:gid, mode 0711: where uid's private namespaces live.
 * Created if missing, owner and mode fixed if not. */
int objdir_private_user(struct s0_objdir *o, uid_t uid, gid_t gid);

/* Removes the whole objects/ tree and pipes/ (--logoff-on-exit, --purge). */
int objdir_purge(int runtime_fd, const char *runtime_dir);
