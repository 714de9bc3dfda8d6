/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The s0-scm protocol: the one definition of what goes over <runtime>/scm (AF_UNIX,
 * SOCK_SEQPACKET: one datagram = one message) and over the socketpair s0-scm gives each
 * service process at exec (fd $S0_SCM_FD).
 *
 * Modelled on the session0d control protocol (include/session0/protocol.h): a 16-byte
 * header (magic, version, type, size, cookie), fixed-width layouts static-asserted
 * below, every datagram checked by s0_scm_msg_validate() (src/shared/scm-protocol.c,
 * pure, fuzzed by fuzz/fuzz-scm-protocol.c) before a handler sees it. Errors travel as
 * Win32 error codes (ERROR_SERVICE_DOES_NOT_EXIST, ...): the domain is Windows'.
 * The caller's identity is SO_PEERCRED's, never a field of a message.
 *
 * A service's configuration travels as the text of its .conf file (docs/SERVICES.md):
 * one format, one parser (src/shared/svcconf.c), on disk and on the wire.
 */
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define S0_SCM_PROTOCOL_VERSION 1u
#define S0_SCM_MAGIC            0x4d435330u /* "0SCM" little-endian */
#define S0_SCM_MSG_SIZE_MAX     16384u
#define S0_SCM_NAME_MAX         256u /* service name, NUL included (Windows: 256 chars) */
#define S0_SCM_DISPLAY_MAX      256u
#define S0_SCM_ERROR_TEXT_MAX   200u
#define S0_SCM_CONFIG_TEXT_MAX  (S0_SCM_MSG_SIZE_MAX - 512u)

enum s0_scm_msg_type {
        S0_SCM_MSG_INVALID = 0,
        /* replies */
        S0_SCM_MSG_ERROR = 1,     /* struct s0_scm_rep_error */
        S0_SCM_MSG_OK,            /* struct s0_scm_hdr alone */
        S0_SCM_MSG_STATUS,        /* struct s0_scm_msg_status */
        S0_SCM_MSG_CONFIG,        /* struct s0_scm_msg_config + text */
        S0_SCM_MSG_ENUM_LIST,     /* struct s0_scm_rep_enum + entries */
        /* client requests */
        S0_SCM_MSG_QUERY,         /* struct s0_scm_req_name    -> STATUS */
        S0_SCM_MSG_START,         /* struct s0_scm_req_name    -> OK once its dispatcher connected */
        S0_SCM_MSG_CONTROL,       /* struct s0_scm_req_control -> STATUS once the handler returned */
        S0_SCM_MSG_GET_CONFIG,    /* struct s0_scm_req_name    -> CONFIG */
        S0_SCM_MSG_SET_CONFIG,    /* struct s0_scm_msg_config + text -> OK (root) */
        S0_SCM_MSG_DELETE,        /* struct s0_scm_req_name    -> OK (root) */
        S0_SCM_MSG_ENUM,          /* struct s0_scm_req_enum    -> ENUM_LIST */
        S0_SCM_MSG_OPEN,          /* struct s0_scm_req_name    -> OK if it exists */
        /* service process <-> s0-scm */
        S0_SCM_MSG_HELLO,         /* service: struct s0_scm_msg_status (its name, current status) -> OK */
        S0_SCM_MSG_SET_STATUS,    /* service: struct s0_scm_msg_status, no reply */
        S0_SCM_MSG_SVC_CONTROL,   /* s0-scm -> service: struct s0_scm_msg_svc_control */
        S0_SCM_MSG_SVC_RESULT,    /* service: struct s0_scm_msg_svc_result, the handler's return */
        _S0_SCM_MSG_MAX,
};

struct s0_scm_hdr {
        uint32_t magic;   /* S0_SCM_MAGIC */
        uint16_t version; /* S0_SCM_PROTOCOL_VERSION */
        uint16_t type;    /* enum s0_scm_msg_type */
        uint32_t size;    /* whole datagram, header included */
        uint32_t cookie;  /* echoed in the reply */
};

struct s0_scm_rep_error {
        struct s0_scm_hdr hdr;
        uint32_t error;   /* Win32 error code, never 0 */
        uint32_t reserved;
        char text[S0_SCM_ERROR_TEXT_MAX];
};

/* SERVICE_STATUS_PROCESS, field for field, plus flags of our own. */
struct s0_scm_status {
        uint32_t service_type;
        uint32_t current_state;
        uint32_t controls_accepted;
        uint32_t win32_exit_code;
        uint32_t service_specific_exit_code;
        uint32_t check_point;
        uint32_t wait_hint;
        uint32_t process_id;
        uint32_t service_flags;
        uint32_t scm_flags;       /* S0_SCM_STATUS_* */
};

enum {
        S0_SCM_STATUS_HELD_BACK = 1u << 0,       /* crashed too often: recovery stopped */
        S0_SCM_STATUS_MARKED_FOR_DELETE = 1u << 1,
        S0_SCM_STATUS_RESTART_PENDING = 1u << 2, /* a recovery restart is scheduled */
        _S0_SCM_STATUS_ALL = 7u,
};

struct s0_scm_req_name {
        struct s0_scm_hdr hdr;
        char name[S0_SCM_NAME_MAX];
};

struct s0_scm_req_control {
        struct s0_scm_hdr hdr;
        uint32_t control;         /* SERVICE_CONTROL_* */
        uint32_t reserved;
        char name[S0_SCM_NAME_MAX];
};

struct s0_scm_msg_status {
        struct s0_scm_hdr hdr;
        struct s0_scm_status status;
        char name[S0_SCM_NAME_MAX];
};

enum {
        S0_SCM_CONFIG_CREATE = 1u << 0, /* SET_CONFIG: the service must not exist yet */
        _S0_SCM_CONFIG_ALL = 1u,
};

/* SET_CONFIG request and CONFIG reply: the .conf text follows, text_size bytes, no NUL. */
struct s0_scm_msg_config {
        struct s0_scm_hdr hdr;
        uint32_t flags;
        uint32_t text_size;
        char name[S0_SCM_NAME_MAX];
        char text[];
};

struct s0_scm_req_enum {
        struct s0_scm_hdr hdr;
        uint32_t start;           /* index to start at (the resume handle) */
        uint32_t reserved;
};

struct s0_scm_enum_entry {
        char name[S0_SCM_NAME_MAX];
        char display_name[S0_SCM_DISPLAY_MAX];
        struct s0_scm_status status;
};

struct s0_scm_rep_enum {
        struct s0_scm_hdr hdr;
        uint32_t count;
        uint32_t next;            /* resume index; 0 when this page is the last */
        struct s0_scm_enum_entry entries[];
};

#define S0_SCM_ENUM_PAGE ((S0_SCM_MSG_SIZE_MAX - sizeof(struct s0_scm_rep_enum)) / sizeof(struct s0_scm_enum_entry))

struct s0_scm_msg_svc_control {
        struct s0_scm_hdr hdr;
        uint32_t control;
        uint32_t event_type;
        uint32_t session_id;      /* SESSIONCHANGE: the WTSSESSION_NOTIFICATION's dwSessionId */
        uint32_t reserved;
};

struct s0_scm_msg_svc_result {
        struct s0_scm_hdr hdr;
        uint32_t result;          /* what the handler returned (NO_ERROR, ...) */
        uint32_t reserved;
};

static_assert(sizeof(struct s0_scm_hdr) == 16, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_rep_error) == 224, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_status) == 40, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_req_name) == 272, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_req_control) == 280, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_msg_status) == 312, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_msg_config) == 280, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_req_enum) == 24, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_enum_entry) == 552, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_rep_enum) == 24, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_msg_svc_control) == 32, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(sizeof(struct s0_scm_msg_svc_result) == 24, "wire layout changed: bump S0_SCM_PROTOCOL_VERSION");
static_assert(S0_SCM_ENUM_PAGE >= 16, "an enumeration page holds at least 16 services");

/* Checks a received datagram of n bytes (src/shared/scm-protocol.c): 0, or -EBADMSG
 * (malformed), -EPROTO (other version), -EOPNOTSUPP (unknown type). */
int s0_scm_msg_validate(const void *buf, size_t n);
/* A service name: 1..255 bytes of [A-Za-z0-9_.-], not starting with '.' (it is a file
 * name in the config and state directories). */
int s0_scm_name_valid(const char *name);
