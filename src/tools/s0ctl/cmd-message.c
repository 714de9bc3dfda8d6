/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl message: WTSSendMessage from the command line. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "s0ctl.h"
#include "shared/parse-util.h"
#include "win32/wtsmessage.h"

static const struct {
        const char *name;
        uint32_t style;
} styles[] = {
        { "ok", 0 },    { "okcancel", 1 },    { "abortretryignore", 2 }, { "yesnocancel", 3 },
        { "yesno", 4 }, { "retrycancel", 5 }, { "canceltrycontinue", 6 },
};

static void help(void) {
        printf("Usage: s0ctl message --session N [--title T] [--style STYLE] [--default-button K]\n"
               "                     [--timeout S] [--no-wait] [--json] TEXT\n"
               "\n"
               "Shows TEXT in a message box in session N (WTSSendMessage), through the\n"
               "session's s0-msgagent, and prints the answer: IDOK, IDCANCEL, IDABORT,\n"
               "IDRETRY, IDIGNORE, IDYES, IDNO, IDTRYAGAIN, IDCONTINUE; IDTIMEOUT if nobody\n"
               "answered within the timeout or the session has no agent; IDASYNC with\n"
               "--no-wait (the box stays until answered or timed out).\n"
               "\n"
               "  --style     ok (default), okcancel, yesno, yesnocancel, retrycancel,\n"
               "              abortretryignore, canceltrycontinue\n"
               "  --default-button K   the button (1-4) Enter chooses (MB_DEFBUTTONK)\n"
               "  --timeout S seconds; 0 (default) waits as long as the daemon allows (1 h)\n"
               "Root may send to any session, other users to their own sessions only.\n");
}

static int parse_style(const char *s, uint32_t *ret) {
        for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
                if (strcmp(s, styles[i].name) == 0) {
                        *ret = styles[i].style;
                        return 0;
                }
        return -EINVAL;
}

int cmd_message(const struct s0ctl_args *a, int argc, char **argv) {
        const char *title = "", *text = NULL, *name;
        uint32_t session = S0_SESSION_NONE, style = 0, timeout = 0, defbutton = 1, resp;
        bool wait = true;
        struct s0_client *c;
        int r;

        for (int i = 1; i < argc; i++) {
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        help();
                        return 0;
                } else if (strcmp(argv[i], "--no-wait") == 0)
                        wait = false;
                else if (strcmp(argv[i], "--session") == 0 && v) {
                        if (s0ctl_parse_session(v, &session) < 0)
                                return 2;
                        i++;
                } else if (strcmp(argv[i], "--title") == 0 && v) {
                        title = v;
                        i++;
                } else if (strcmp(argv[i], "--style") == 0 && v) {
                        if (parse_style(v, &style) < 0) {
                                fprintf(stderr, "s0ctl message: unknown style '%s' (try --help)\n", v);
                                return 2;
                        }
                        i++;
                } else if (strcmp(argv[i], "--default-button") == 0 && v) {
                        if (safe_atou32(v, &defbutton) < 0 || defbutton < 1 || defbutton > 4) {
                                fprintf(stderr, "s0ctl message: invalid --default-button '%s': 1 to 4\n", v);
                                return 2;
                        }
                        i++;
                } else if (strcmp(argv[i], "--timeout") == 0 && v) {
                        if (safe_atou32(v, &timeout) < 0) {
                                fprintf(stderr, "s0ctl message: invalid --timeout '%s': seconds\n", v);
                                return 2;
                        }
                        i++;
                } else if (strcmp(argv[i], "--") == 0 && v && !text && i + 2 == argc) {
                        text = v;
                        i++;
                } else if (argv[i][0] == '-' && argv[i][1] != 0) {
                        fprintf(stderr, "s0ctl message: unknown option or missing value '%s'\n", argv[i]);
                        return 2;
                } else if (!text)
                        text = argv[i];
                else {
                        fprintf(stderr, "s0ctl message: unexpected argument '%s' (quote the text)\n", argv[i]);
                        return 2;
                }
        }
        if (session == S0_SESSION_NONE || !text) {
                fprintf(stderr, "s0ctl message: %s\n", !text ? "missing TEXT" : "missing --session N");
                return 2;
        }
        if (strlen(title) >= S0_MSG_TITLE_MAX || strlen(text) >= S0_MSG_TEXT_MAX) {
                fprintf(stderr, "s0ctl message: title or text too long (at most %u and %u bytes)\n",
                        S0_MSG_TITLE_MAX - 1, S0_MSG_TEXT_MAX - 1);
                return 2;
        }
        style |= (defbutton - 1) << 8;
        c = s0ctl_connect(a);
        if (!c)
                return 1;
        r = s0_send_message(c, session, title, text, style, timeout, wait, &resp);
        if (r < 0) {
                const char *ename;
                uint32_t code = s0_win32_message_error(r, &ename);
                /* The reason, and the error WTSSendMessage would give (GetLastError()),
                 * written as the other verbs write Win32 errors: NAME (code). */
                fprintf(stderr, "s0ctl: message to session %u: %s: %s (%u)\n", session,
                        *s0_client_error_text(c) ? s0_client_error_text(c) : strerror(-r), ename, code);
                s0_client_close(c);
                return 1;
        }
        name = s0_message_response_name(resp);
        if (a->json) {
                printf("{\"session\": %u, \"response\": %u, \"name\": ", session, resp);
                json_string(stdout, name ? name : "");
                printf("}\n");
        } else
                printf("%s\n", name ? name : "?");
        s0_client_close(c);
        return 0;
}
