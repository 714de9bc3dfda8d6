/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include <session0/session0.h>

/* Options that apply to every verb; set once by main(). */
struct s0ctl_args {
        const char *runtime_dir;
        bool json;
};

int cmd_logon(const struct s0ctl_args *a, int argc, char **argv);
int cmd_run(const struct s0ctl_args *a, int argc, char **argv);
int cmd_sessions(const struct s0ctl_args *a, int argc, char **argv);
int cmd_session_of(const struct s0ctl_args *a, int argc, char **argv);
int cmd_logoff(const struct s0ctl_args *a, int argc, char **argv);
int cmd_lock(const struct s0ctl_args *a, int argc, char **argv);
int cmd_pipe(const struct s0ctl_args *a, int argc, char **argv);
int cmd_objects(const struct s0ctl_args *a, int argc, char **argv);
int cmd_object(const struct s0ctl_args *a, int argc, char **argv);
int cmd_events(const struct s0ctl_args *a, int argc, char **argv);
int cmd_message(const struct s0ctl_args *a, int argc, char **argv);
int cmd_sc(const struct s0ctl_args *a, int argc, char **argv);
int cmd_print(const struct s0ctl_args *a, int argc, char **argv);
int cmd_printers(const struct s0ctl_args *a, int argc, char **argv);
int cmd_jobs(const struct s0ctl_args *a, int argc, char **argv);
int cmd_job(const struct s0ctl_args *a, int argc, char **argv);
int cmd_devices(const struct s0ctl_args *a, int argc, char **argv);
int cmd_device(const struct s0ctl_args *a, int argc, char **argv);
int cmd_windows(const struct s0ctl_args *a, int argc, char **argv);

/* Connects, or prints a one-line error and returns NULL. */
struct s0_client *s0ctl_connect(const struct s0ctl_args *a);
/* Prints "s0ctl: <what>: <daemon's reason or strerror>" and returns 1. */
int s0ctl_fail(const struct s0_client *c, int r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Parses a session id argument, or prints why not and returns -EINVAL. */
int s0ctl_parse_session(const char *s, uint32_t *ret);
/* "VERB ID" or "VERB --help" (help(help_arg) is printed): -1 with *ret set when the verb
 * should run, else the exit status (0 after --help, 2 for a bad command line). */
int s0ctl_session_arg(int argc, char **argv, void (*help)(bool), bool help_arg, uint32_t *ret);
/* Starts argv in session and waits for it, forwarding INT/TERM/HUP/QUIT; returns the
 * exit status the way a shell would (128+N for signal N). */
/* *started tells whether CMD ran at all (a failure before it did leaves its session to the caller). */
int s0ctl_spawn_and_wait(struct s0_client *c, uint32_t session, const char *user, char **argv, uint32_t flags,
                         bool *started);
void json_string(FILE *f, const char *s);
