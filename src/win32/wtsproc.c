/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User tokens and process handles: the pair a LocalSystem service uses to start a
 * helper in a user's session (SEMANTICS.md §9). A token is what WTSQueryUserToken
 * found -- the session and its user -- and session0d checks again, from the caller's
 * SO_PEERCRED, that whoever uses it may start processes there as that user. The child
 * is born in the session by session0d (s0_spawn): its cgroup, its namespaces, its
 * user. A process handle holds the child's pidfd, which becomes readable when it
 * exits (the waits), and the connection its exit report arrives on (the exit code).
 */
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <session0/wts.h>

#include "shared/macro.h"
#include "win32.h"

static_assert(sizeof(((struct s0_win32_token *) 0)->user) == S0_USER_NAME_MAX, "token user field");

/* ---- tokens ------------------------------------------------------------------------ */

static uint32_t token_close(void *p, uint32_t flags) {
        (void) flags;
        free(p);
        return ERROR_SUCCESS;
}

const struct s0_win32_handle_ops s0_win32_token_ops = {
        .name = "token",
        .close = token_close,
};

/* ---- processes --------------------------------------------------------------------- */

/* hProcess and hThread of one CreateProcessAsUser are two handles of one of these. */
struct wts_process {
        pthread_mutex_t lock;
        unsigned refs;           /* handles referring to it */
        struct s0_client *client;/* the connection the exit report arrives on */
        int pidfd;
        pid_t pid;
        bool have_exit;
        DWORD exit_code;
};

static void wts_process_unref(struct wts_process *p) {
        unsigned left;

        (void) pthread_mutex_lock(&p->lock);
        left = --p->refs;
        (void) pthread_mutex_unlock(&p->lock);
        if (left > 0)
                return;
        safe_close(p->pidfd);
        s0_client_close(p->client);
        (void) pthread_mutex_destroy(&p->lock);
        free(p);
}

static uint32_t process_close(void *p, uint32_t flags) {
        (void) flags;
        wts_process_unref(p);
        return ERROR_SUCCESS;
}

const struct s0_win32_handle_ops s0_win32_process_ops = {
        .name = "process",
        .close = process_close,
};

static int64_t now_ms(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 if the process has exited, 0 if not within ms (INFINITE: no limit), -errno. */
static int pidfd_wait(int pidfd, DWORD ms) {
        int64_t deadline = ms == INFINITE ? -1 : now_ms() + ms;

        for (;;) {
                struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
                int64_t left = deadline < 0 ? -1 : deadline - now_ms();
                int n;

                if (deadline >= 0 && left < 0)
                        left = 0;
                n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int) left);
                if (n > 0)
                        return 1;
                if (n == 0 && deadline >= 0 && now_ms() >= deadline)
                        return 0;
                if (n < 0 && errno != EINTR)
                        return -errno;
        }
}

DWORD s0_win32_process_wait(struct s0_win32_ref *ref, DWORD ms) {
        struct wts_process *p = ref->p;
        int r = pidfd_wait(p->pidfd, ms);

        (void) s0_win32_ref_put(&s0_win32_process()->handles, ref);
        if (r < 0) {
                SetLastError(s0_obj_win32_error(r));
                return WAIT_FAILED;
        }
        return r ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
}

/* The exit code, once: session0d reports it on the spawn's connection (the child is its
 * child, not ours). A signal N becomes 128 + N, as a shell shows it. */
static DWORD process_exit_code(struct wts_process *p) {
        int code, status;

        if (!p->have_exit && s0_spawn_wait(p->client, &code, &status) == 0) {
                p->have_exit = true;
                p->exit_code = code == CLD_EXITED ? (DWORD) status : 128u + (DWORD) status;
        }
        return p->have_exit ? p->exit_code : 1;
}

WINBASEAPI BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode) {
        struct s0_win32_process *w = s0_win32_process();
        struct s0_win32_ref *ref;
        struct wts_process *p;
        uint32_t e;
        int r;

        if (!lpExitCode)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (hProcess == GetCurrentProcess()) {
                *lpExitCode = STILL_ACTIVE;
                return TRUE;
        }
        e = s0_win32_handle_get(&w->handles, hProcess, &s0_win32_process_ops, &ref);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        p = ref->p;
        r = pidfd_wait(p->pidfd, 0);
        if (r == 0)
                *lpExitCode = STILL_ACTIVE;
        else if (r > 0) {
                (void) pthread_mutex_lock(&p->lock);
                *lpExitCode = process_exit_code(p);
                (void) pthread_mutex_unlock(&p->lock);
        }
        (void) s0_win32_ref_put(&w->handles, ref);
        if (r < 0)
                return s0_win32_fail(s0_obj_win32_error(r));
        return TRUE;
}

WINBASEAPI DWORD WINAPI GetProcessId(HANDLE Process) {
        struct s0_win32_process *w = s0_win32_process();
        struct s0_win32_ref *ref;
        DWORD pid;
        uint32_t e;

        if (Process == GetCurrentProcess())
                return GetCurrentProcessId();
        e = s0_win32_handle_get(&w->handles, Process, &s0_win32_process_ops, &ref);
        if (e != ERROR_SUCCESS) {
                SetLastError(e);
                return 0;
        }
        pid = (DWORD) ((struct wts_process *) ref->p)->pid;
        (void) s0_win32_ref_put(&w->handles, ref);
        return pid;
}

/* ---- command lines ----------------------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Splits a command line as CommandLineToArgvW does: the program name is taken as is
 * (up to the closing quote, or the first blank); in the arguments 2n backslashes
 * before a quote make n and the quote toggles quoting, 2n+1 make n and a literal
 * quote, other backslashes are literal, and "" inside quotes is a literal quote. */
static uint32_t split_command_line(const char *s, char ***ret) {
        size_t len = strlen(s), n = 0, cap = 8;
        _cleanup_free_ char **argv = calloc(cap + 1, sizeof *argv);
        _cleanup_free_ char *buf = malloc(len + 1);
        char *out, *start;
        bool quoted = false;

        if (!argv || !buf)
                return ERROR_NOT_ENOUGH_MEMORY;
        out = buf;
        /* argv[0] */
        start = out;
        if (*s == '"') {
                for (s++; *s && *s != '"'; s++)
                        *out++ = *s;
                if (*s == '"')
                        s++;
        } else
                for (; *s && !is_blank(*s); s++)
                        *out++ = *s;
        *out++ = 0;
        argv[n++] = start;
        for (;;) {
                while (is_blank(*s))
                        s++;
                if (!*s)
                        break;
                start = out;
                quoted = false;
                while (*s && (quoted || !is_blank(*s))) {
                        size_t bs = 0;
                        while (*s == '\\') {
                                bs++;
                                s++;
                        }
                        if (*s == '"') {
                                for (size_t i = 0; i < bs / 2; i++)
                                        *out++ = '\\';
                                if (bs % 2) {
                                        *out++ = '"';
                                        s++;
                                } else if (quoted && s[1] == '"') {
                                        *out++ = '"';
                                        s += 2;
                                } else {
                                        quoted = !quoted;
                                        s++;
                                }
                        } else {
                                for (size_t i = 0; i < bs; i++)
                                        *out++ = '\\';
                                if (*s && (quoted || !is_blank(*s)))
                                        *out++ = *s++;
                        }
                }
                *out++ = 0;
                if (n == cap) {
                        char **grown = realloc(argv, (cap * 2 + 1) * sizeof *argv);
                        if (!grown)
                                return ERROR_NOT_ENOUGH_MEMORY;
                        argv = grown;
                        cap *= 2;
                }
                argv[n++] = start;
        }
        argv[n] = NULL;
        /* One block: the strings live in buf, which argv[0] points at. */
        (void) TAKE_PTR(buf);
        *ret = TAKE_PTR(argv);
        return ERROR_SUCCESS;
}

static void free_argv(char **argv) {
        if (argv)
                free(argv[0]);
        free(argv);
}

/* ---- CreateProcessAsUser ----------------------------------------------------------- */

static uint32_t spawn_error(int r) {
        switch (r) {
        case -ENOENT:
        case -ENOTDIR:
                return ERROR_FILE_NOT_FOUND;     /* no such program, or the session is gone */
        case -EACCES:
                return ERROR_ACCESS_DENIED;
        case -EPERM:
                return ERROR_PRIVILEGE_NOT_HELD; /* only root may start as another user */
        case -ESHUTDOWN:
                return ERROR_NO_TOKEN;           /* the session is logging off */
        case -E2BIG:
                return ERROR_INVALID_PARAMETER;
        default:
                return s0_obj_win32_error(r);
        }
}

static uint32_t insert_process(struct wts_process *p, HANDLE *ret_process, HANDLE *ret_thread) {
        struct s0_win32_process *w = s0_win32_process();
        uint32_t e;

        e = s0_win32_handle_insert(&w->handles, &s0_win32_process_ops, p, ret_process);
        if (e != ERROR_SUCCESS)
                return e;
        p->refs++;
        e = s0_win32_handle_insert(&w->handles, &s0_win32_process_ops, p, ret_thread);
        if (e != ERROR_SUCCESS) {
                p->refs--;
                (void) s0_win32_handle_close(&w->handles, *ret_process, &s0_win32_process_ops, 0);
                return e;
        }
        return ERROR_SUCCESS;
}

/* app and cmdline are UTF-8 (either may be NULL, not both). */
static BOOL create_process_as_user(HANDLE hToken, const char *app, const char *cmdline, DWORD flags,
                                   LPPROCESS_INFORMATION pi) {
        struct s0_win32_process *w = s0_win32_process();
        struct s0_win32_token tok;
        struct s0_win32_ref *ref;
        struct wts_process *p;
        char **words = NULL, **argv;
        size_t n = 0;
        HANDLE hp, ht;
        uint32_t e;
        pid_t pid;
        int r;

        if (!pi || (!app && !cmdline) || (app && !*app))
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (flags & CREATE_SUSPENDED) /* there is no thread to resume */
                return s0_win32_fail(ERROR_NOT_SUPPORTED);
        e = s0_win32_handle_get(&w->handles, hToken, &s0_win32_token_ops, &ref);
        if (e != ERROR_SUCCESS) {
                /* No token (a forged value, another object's handle): a start in a
                 * session refused before any daemon saw it, so the journal hears it here. */
                s0_win32_report_token(S0_SESSION_NONE, "CreateProcessAsUser: not a token", e);
                return s0_win32_fail(e);
        }
        tok = *(struct s0_win32_token *) ref->p;
        (void) s0_win32_ref_put(&w->handles, ref);

        e = split_command_line(cmdline && *cmdline ? cmdline : app, &words);
        if (e != ERROR_SUCCESS)
                return s0_win32_fail(e);
        while (words[n])
                n++;
        argv = calloc(n + 1, sizeof *argv);
        p = calloc(1, sizeof *p);
        if (!argv || !p) {
                free(argv);
                free(p);
                free_argv(words);
                return s0_win32_fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        memcpy(argv, words, n * sizeof *argv);
        /* With lpApplicationName, that is the program; the command line's first word is
         * only the child's argv[0] on Windows. exec takes one name for both. */
        if (app)
                argv[0] = (char *) app;
        (void) pthread_mutex_init(&p->lock, NULL);
        p->refs = 1;
        p->pidfd = -1;
        r = s0_client_open(NULL, &p->client);
        if (r == 0)
                r = s0_spawn_in_session(p->client, tok.session, tok.user, argv, &pid, &p->pidfd);
        free(argv);
        free_argv(words);
        if (r < 0) {
                wts_process_unref(p);
                return s0_win32_fail(spawn_error(r));
        }
        p->pid = pid;
        e = insert_process(p, &hp, &ht);
        if (e != ERROR_SUCCESS) {
                wts_process_unref(p);
                return s0_win32_fail(e);
        }
        /* The main thread of a Linux process has the process's id. */
        *pi = (PROCESS_INFORMATION) { .hProcess = hp, .hThread = ht, .dwProcessId = (DWORD) pid,
                                      .dwThreadId = (DWORD) pid };
        SetLastError(ERROR_SUCCESS);
        return TRUE;
}

WINADVAPI BOOL WINAPI CreateProcessAsUserA(HANDLE hToken, LPCSTR lpApplicationName, LPSTR lpCommandLine,
                                           LPSECURITY_ATTRIBUTES lpProcessAttributes,
                                           LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles,
                                           DWORD dwCreationFlags, LPVOID lpEnvironment, LPCSTR lpCurrentDirectory,
                                           LPSTARTUPINFOA lpStartupInfo, LPPROCESS_INFORMATION lpProcessInformation) {
        (void) lpProcessAttributes, (void) lpThreadAttributes, (void) bInheritHandles, (void) lpEnvironment,
                (void) lpCurrentDirectory;
        if (!lpStartupInfo)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        return create_process_as_user(hToken, lpApplicationName, lpCommandLine, dwCreationFlags,
                                      lpProcessInformation);
}

WINADVAPI BOOL WINAPI CreateProcessAsUserW(HANDLE hToken, LPCWSTR lpApplicationName, LPWSTR lpCommandLine,
                                           LPSECURITY_ATTRIBUTES lpProcessAttributes,
                                           LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles,
                                           DWORD dwCreationFlags, LPVOID lpEnvironment, LPCWSTR lpCurrentDirectory,
                                           LPSTARTUPINFOW lpStartupInfo, LPPROCESS_INFORMATION lpProcessInformation) {
        _cleanup_free_ char *app = NULL, *cmd = NULL;
        uint32_t e;

        (void) lpProcessAttributes, (void) lpThreadAttributes, (void) bInheritHandles, (void) lpEnvironment,
                (void) lpCurrentDirectory;
        if (!lpStartupInfo)
                return s0_win32_fail(ERROR_INVALID_PARAMETER);
        if (lpApplicationName) {
                e = s0_win32_utf16_to_utf8(lpApplicationName, 0, &app);
                if (e != ERROR_SUCCESS)
                        return s0_win32_fail(e);
        }
        if (lpCommandLine) {
                e = s0_win32_utf16_to_utf8(lpCommandLine, 0, &cmd);
                if (e != ERROR_SUCCESS)
                        return s0_win32_fail(e);
        }
        return create_process_as_user(hToken, app, cmd, dwCreationFlags, lpProcessInformation);
}
