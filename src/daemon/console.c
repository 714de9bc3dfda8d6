/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The console rule (docs/WIN32.md, "Sessions"): Windows' console session is the one on
 * the physical display and keyboard. Here it is the session whose logon came from the
 * console terminal -- --console-tty, tty1 by default: login(1) on tty1 runs
 * pam_session0, whose JOIN makes the session. Who asked is the connection's SO_PEERCRED
 * pid, and its controlling terminal is what the kernel says in /proc/PID/stat; nothing
 * in the message is believed. At most one session is the console session; a later
 * console logon takes the mark, a disconnect drops it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cgroup.h"
#include "console.h"
#include "shared/log.h"
#include "shared/macro.h"
#include "shared/parse-util.h"

#define XATTR_CONSOLE "trusted.session0.console"
#define XATTR_REMOTE "trusted.session0.remote"

/* Linux device numbers of the virtual consoles (ttyN: 4,N; ttySN: 4,64+N) and of the
 * Unix98 pty slaves (pts/N: majors 136..143, 256 minors each), Documentation/admin-guide/devices.txt. */
#define TTY_MAJOR 4u
#define TTYS_MINOR_BASE 64u
#define PTS_MAJOR_FIRST 136u
#define PTS_MAJOR_COUNT 8u

static bool parse_suffix(const char *name, const char *prefix, uint32_t *ret) {
        size_t n = strlen(prefix);
        return strncmp(name, prefix, n) == 0 && safe_atou32(name + n, ret) == 0;
}

/* The device number of the terminal called name ("tty1", "pts/3"), or -ENODEV. */
static int tty_dev(const char *name, dev_t *ret) {
        char path[128];
        struct stat st;
        uint32_t n;

        if (parse_suffix(name, "tty", &n) && n < TTYS_MINOR_BASE) {
                *ret = makedev(TTY_MAJOR, n);
                return 0;
        }
        if (parse_suffix(name, "ttyS", &n) && n < 256 - TTYS_MINOR_BASE) {
                *ret = makedev(TTY_MAJOR, TTYS_MINOR_BASE + n);
                return 0;
        }
        if (parse_suffix(name, "pts/", &n) && n < PTS_MAJOR_COUNT * 256) {
                *ret = makedev(PTS_MAJOR_FIRST + n / 256, n % 256);
                return 0;
        }
        /* Any other terminal: whatever /dev says it is, when asked. */
        if (strstr(name, "..") || snprintf(path, sizeof path, "/dev/%s", name) >= (int) sizeof path)
                return -ENODEV;
        if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode))
                return -ENODEV;
        *ret = st.st_rdev;
        return 0;
}

int console_tty_check(const char *name) {
        dev_t dev;

        if (!name || !*name)
                return -EINVAL;
        if (strcmp(name, "none") == 0)
                return 0;
        return tty_dev(name, &dev) < 0 ? -EINVAL : 0;
}

/* tty_nr of /proc/PID/stat (field 7), after the command name, which may hold anything
 * up to its last ')'. */
static int proc_tty_nr(pid_t pid, uint64_t *ret) {
        char path[64], buf[1024], *p;
        unsigned long long tty;
        _cleanup_close_ int fd = -1;
        ssize_t n;

        (void) snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof buf - 1);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        p = strrchr(buf, ')');
        if (!p || sscanf(p + 1, " %*c %*d %*d %*d %llu", &tty) != 1)
                return -EBADMSG;
        *ret = tty;
        return 0;
}

static bool peer_on_console(const struct s0_daemon *d, const struct s0_conn *c) {
        unsigned major, minor;
        uint64_t tty;
        dev_t dev;

        if (!d->console_tty || c->pidfd < 0 || tty_dev(d->console_tty, &dev) < 0)
                return false;
        if (proc_tty_nr(c->pid, &tty) < 0)
                return false;
        /* The pid could have been reused between the read and now only if the peer had
         * died: its pidfd says it has not, so the stat was the peer's. */
        if (syscall(SYS_pidfd_send_signal, c->pidfd, 0, NULL, 0) < 0)
                return false;
        /* tty_nr encodes the device as new_encode_dev() does (fs/proc/array.c). */
        major = (unsigned) ((tty >> 8) & 0xfff);
        minor = (unsigned) ((tty & 0xff) | ((tty >> 12) & 0xfff00));
        return tty != 0 && major == major(dev) && minor == minor(dev);
}

static void set_mark(struct s0_session *s, const char *xattr, bool *field, bool on) {
        int r = 0;

        if (*field == on)
                return;
        *field = on;
        if (on)
                r = cg_set_xattr_u64(s->dir_fd, xattr, 1);
        else if (fremovexattr(s->dir_fd, xattr) < 0 && errno != ENODATA)
                r = -errno;
        if (r < 0)
                log_warning_errno(r, "Session %u: cannot %s xattr '%s'; a restarted daemon will not know it", s->id,
                                  on ? "set" : "remove", xattr);
}

void console_note_logon(struct s0_daemon *d, struct s0_session *s, const struct s0_conn *c, bool remote) {
        if (s->id != 0)
                set_mark(s, XATTR_REMOTE, &s->remote, remote);
        /* Legacy mode: the console is session 0's user, whoever that is (as on XP). */
        if (d->isolation == S0_ISOLATION_LEGACY || s->id == 0 || !peer_on_console(d, c))
                return;
        for (uint32_t id = 1; id < d->sessions_max && id < S0_SESSIONS_LIMIT; id++)
                if (d->sessions[id] && d->sessions[id] != s)
                        set_mark(d->sessions[id], XATTR_CONSOLE, &d->sessions[id]->console, false);
        set_mark(s, XATTR_CONSOLE, &s->console, true);
        log_info("Session %u is the console session (logon from '%s')", s->id, d->console_tty);
}

void console_note_disconnect(struct s0_daemon *d, struct s0_session *s) {
        (void) d;
        set_mark(s, XATTR_CONSOLE, &s->console, false);
}

void console_adopt(struct s0_session *s) {
        uint64_t v;

        s->console = s->id != 0 && cg_get_xattr_u64(s->dir_fd, XATTR_CONSOLE, &v) == 0 && v == 1;
        s->remote = s->id != 0 && cg_get_xattr_u64(s->dir_fd, XATTR_REMOTE, &v) == 0 && v == 1;
}

uint32_t console_session_flags(const struct s0_daemon *d, const struct s0_session *s) {
        bool console = d->isolation == S0_ISOLATION_LEGACY ? s->id == 0 && s->uid != (uid_t) -1 : s->console;

        return (console ? S0_SESSION_CONSOLE : 0) | (s->remote ? S0_SESSION_REMOTE : 0);
}
