/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Service definitions: the INI text of /etc/session0/services/NAME.conf (docs/SERVICES.md).
 * One parser for the files, the wire (SET_CONFIG/CONFIG carry this text) and the
 * Win32 layer. s0_svc_config_parse() is pure (no I/O) and fuzzed (fuzz/fuzz-svcconf.c).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define S0_SVC_DEPS_MAX      64u
#define S0_SVC_ACTIONS_MAX   8u
#define S0_SVC_PRINCIPALS_MAX 32u
#define S0_SVC_TEXT_MAX      12288u /* a definition longer than this is refused */
#define S0_SVC_STOP_TIMEOUT_DEFAULT 20000u /* ms: Windows' WaitToKillServiceTimeout */
/* ms a service that accepts SERVICE_CONTROL_PRESHUTDOWN gets before the shutdown goes on
 * (SERVICE_PRESHUTDOWN_INFO: 10 s since Windows 10 1703, 3 minutes before) */
#define S0_SVC_PRESHUTDOWN_TIMEOUT_DEFAULT 10000u

/* Windows' values (SERVICE_AUTO_START, ...), so the Win32 layer needs no table. */
enum s0_svc_start_type {
        S0_SVC_START_AUTO = 2,
        S0_SVC_START_DEMAND = 3,
        S0_SVC_START_DISABLED = 4,
};

enum s0_svc_account {
        S0_SVC_ACCOUNT_LOCAL_SYSTEM,   /* root */
        S0_SVC_ACCOUNT_LOCAL_SERVICE,  /* user s0-localservice */
        S0_SVC_ACCOUNT_NETWORK_SERVICE, /* user s0-networkservice */
        S0_SVC_ACCOUNT_USER,           /* a named user */
};
#define S0_SVC_LOCALSERVICE_USER "s0-localservice"
#define S0_SVC_NETWORKSERVICE_USER "s0-networkservice"

/* SC_ACTION_TYPE values: SC_ACTION_NONE 0, SC_ACTION_RESTART 1. */
struct s0_svc_action {
        uint32_t type;
        uint32_t delay_ms;
};

struct s0_svc_config {
        char *binary_path;              /* absolute */
        char *arguments;                /* split by s0_svc_split_args() */
        char *display_name;
        char *description;
        enum s0_svc_account account;
        char *account_user;             /* S0_SVC_ACCOUNT_USER */
        uint32_t start_type;
        char *dependencies[S0_SVC_DEPS_MAX];
        size_t n_dependencies;
        struct s0_svc_action actions[S0_SVC_ACTIONS_MAX];
        size_t n_actions;
        uint32_t reset_period_s;        /* failure count resets after this long without one; 0: never */
        uint32_t accepted_controls;     /* SERVICE_ACCEPT_* mask; all if !has_accepted_controls */
        bool has_accepted_controls;
        uint32_t stop_timeout_ms;
        uint32_t preshutdown_timeout_ms; /* SERVICE_CONFIG_PRESHUTDOWN_INFO */
        bool delayed_auto_start;        /* SERVICE_CONFIG_DELAYED_AUTO_START_INFO: started after the other auto ones */
        /* who besides root may start, stop, pause and continue it */
        char *control_users[S0_SVC_PRINCIPALS_MAX];
        size_t n_control_users;
        char *control_groups[S0_SVC_PRINCIPALS_MAX];
        size_t n_control_groups;
};

struct s0_svc_config_error {
        unsigned line;                  /* 1-based; 0: the file as a whole */
        char why[160];
};

/* Parses size bytes of text (need not be NUL-terminated). 0, or -EINVAL with *err
 * filled in, -ENOMEM. *ret is initialised either way; free with s0_svc_config_done(). */
int s0_svc_config_parse(const char *text, size_t size, struct s0_svc_config *ret, struct s0_svc_config_error *err);
/* The text form (malloc'd, NUL-terminated). -EINVAL if a value cannot be written (a
 * line break in it), -ENOMEM. */
int s0_svc_config_format(const struct s0_svc_config *c, char **ret);
void s0_svc_config_init(struct s0_svc_config *c);
void s0_svc_config_done(struct s0_svc_config *c);
/* Deep copy. */
int s0_svc_config_copy(const struct s0_svc_config *src, struct s0_svc_config *dst);
/* Splits Arguments= like a shell would for words: whitespace separates, "double" and
 * 'single' quotes group, no other expansion. A NULL-terminated array (free each and
 * the array), or -EINVAL for an unterminated quote, -E2BIG beyond max words. */
int s0_svc_split_args(const char *s, size_t max, char ***ret, size_t *ret_n);
/* "LocalSystem", ..., or "user NAME" into buf. */
const char *s0_svc_account_string(const struct s0_svc_config *c, char *buf, size_t size);
/* Parses an account value as in the file; also accepts Windows' spellings
 * ("NT AUTHORITY\\LocalService", ".\\NAME"). */
int s0_svc_account_parse(const char *s, enum s0_svc_account *ret, char **ret_user);
/* SERVICE_ACCEPT_* names ("stop,pause") <-> mask. */
int s0_svc_controls_parse(const char *s, uint32_t *ret);
