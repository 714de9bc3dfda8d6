/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Text and keys of a message box. Nothing a service sends reaches the terminal
 * unfiltered: an escape sequence could move the cursor over the buttons, retitle the
 * window, or redefine keys on some terminals, so it is shown, not obeyed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/protocol.h>

#include "box.h"

#define IDOK 1u
#define IDCANCEL 2u
#define IDABORT 3u
#define IDRETRY 4u
#define IDIGNORE 5u
#define IDYES 6u
#define IDNO 7u
#define IDTRYAGAIN 10u
#define IDCONTINUE 11u

#define BUTTONS(...) { __VA_ARGS__, { NULL, 0, 0 } }
static const struct msgbox_button types[S0_MB_TYPE_LAST + 1][4] = {
        BUTTONS({ "[O]K", 'o', IDOK }),
        BUTTONS({ "[O]K", 'o', IDOK }, { "[C]ancel", 'c', IDCANCEL }),
        BUTTONS({ "[A]bort", 'a', IDABORT }, { "[R]etry", 'r', IDRETRY }, { "[I]gnore", 'i', IDIGNORE }),
        BUTTONS({ "[Y]es", 'y', IDYES }, { "[N]o", 'n', IDNO }, { "[C]ancel", 'c', IDCANCEL }),
        BUTTONS({ "[Y]es", 'y', IDYES }, { "[N]o", 'n', IDNO }),
        BUTTONS({ "[R]etry", 'r', IDRETRY }, { "[C]ancel", 'c', IDCANCEL }),
        BUTTONS({ "[C]ancel", 'c', IDCANCEL }, { "[T]ry Again", 't', IDTRYAGAIN }, { "C[o]ntinue", 'o', IDCONTINUE }),
};

size_t msgbox_buttons(uint32_t style, const struct msgbox_button **ret) {
        uint32_t t = style & S0_MB_TYPEMASK;
        size_t n = 0;

        if (t > S0_MB_TYPE_LAST)
                return 0;
        while (types[t][n].label)
                n++;
        *ret = types[t];
        return n;
}

uint32_t msgbox_key(uint32_t style, int c) {
        const struct msgbox_button *b;
        size_t n = msgbox_buttons(style, &b);

        if (n == 0)
                return 0;
        if (c >= 'A' && c <= 'Z')
                c += 'a' - 'A';
        for (size_t i = 0; i < n; i++)
                if (b[i].key == c)
                        return b[i].id;
        if (c == '\r' || c == '\n') {
                size_t def = (style & S0_MB_DEFMASK) >> 8; /* MB_DEFBUTTON1 is 0 */
                return b[def < n ? def : 0].id;
        }
        if (c == 0x1b) {
                for (size_t i = 0; i < n; i++)
                        if (b[i].id == IDCANCEL)
                                return IDCANCEL;
                return n == 1 ? b[0].id : 0;
        }
        return 0;
}

/* Length of the valid UTF-8 sequence at p (its code point in *cp), 0 if invalid. */
static size_t utf8_next(const unsigned char *p, uint32_t *cp) {
        uint32_t c = p[0], min;
        size_t len;

        if (c < 0x80) {
                *cp = c;
                return 1;
        } else if ((c & 0xE0) == 0xC0) {
                len = 2, c &= 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
                len = 3, c &= 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
                len = 4, c &= 0x07, min = 0x10000;
        } else
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((p[i] & 0xC0) != 0x80) /* also stops at the NUL */
                        return 0;
                c = c << 6 | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                return 0;
        *cp = c;
        return len;
}

/* Code points that change how the rest of a line is drawn: C1 controls (0x9B is CSI on
 * some terminals), bidirectional embeddings, overrides and isolates, line and paragraph
 * separators. */
static bool cp_hidden(uint32_t c) {
        return (c >= 0x80 && c <= 0x9F) || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
               (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

char *msgbox_sanitize(const char *s, bool keep_newlines) {
        const unsigned char *p = (const unsigned char *) s;
        size_t n = strlen(s), o = 0;
        char *out = malloc(n * 2 + 1); /* caret notation at most doubles a byte */

        if (!out)
                return NULL;
        while (*p) {
                uint32_t cp;
                size_t len = utf8_next(p, &cp);

                if (len == 0 || cp_hidden(cp)) {
                        out[o++] = '?';
                        p += len ? len : 1;
                } else if (cp == '\n' && keep_newlines) {
                        out[o++] = '\n';
                        p++;
                } else if (cp == '\t' || cp == '\n') {
                        out[o++] = ' ';
                        p++;
                } else if (cp < 0x20 || cp == 0x7F) {
                        out[o++] = '^';
                        out[o++] = cp == 0x7F ? '?' : (char) (cp + '@');
                        p++;
                } else {
                        memcpy(out + o, p, len);
                        o += len;
                        p += len;
                }
        }
        out[o] = 0;
        return out;
}

size_t msgbox_width(const char *s) {
        size_t w = 0;
        for (; *s; s++)
                w += ((unsigned char) *s & 0xC0) != 0x80;
        return w;
}

/* Bytes of s that fit in w columns, cut at the last space if there is one. */
static size_t fit(const char *s, size_t w, bool *at_space) {
        size_t cols = 0, i = 0, last_space = 0;

        *at_space = false;
        while (s[i] && s[i] != '\n') {
                if (((unsigned char) s[i] & 0xC0) != 0x80) {
                        if (cols == w)
                                break;
                        cols++;
                        if (s[i] == ' ')
                                last_space = i;
                }
                i++;
        }
        if (s[i] && s[i] != '\n' && last_space > 0) {
                *at_space = true;
                return last_space;
        }
        return i;
}

static void line(FILE *f, const char *s, size_t len, size_t inner) {
        char buf[S0_MSG_TEXT_MAX * 2 + 1];
        size_t w;

        if (len >= sizeof buf)
                len = sizeof buf - 1;
        memcpy(buf, s, len);
        buf[len] = 0;
        w = msgbox_width(buf);
        fprintf(f, "| %s%*s |\r\n", buf, (int) (w < inner ? inner - w : 0), "");
}

static void rule(FILE *f, size_t inner, const char *label) {
        size_t w = label ? msgbox_width(label) + 2 : 0;
        fputs("+-", f);
        if (label)
                fprintf(f, " %s ", label);
        for (size_t i = w; i < inner + 1; i++)
                fputc('-', f);
        fputs("+\r\n", f);
}

static void wrapped(FILE *f, const char *s, size_t inner) {
        while (*s) {
                bool at_space;
                size_t k = fit(s, inner, &at_space);
                line(f, s, k, inner);
                s += k;
                if (at_space || *s == '\n')
                        s++;
        }
}

char *msgbox_render(const char *title, const char *text, uint32_t style, uint32_t sender_session,
                    uint32_t sender_uid, uint32_t timeout_s, unsigned cols) {
        const struct msgbox_button *b;
        size_t n = msgbox_buttons(style, &b), inner;
        char from[96], buttons[128] = "", hint[160];
        char *out = NULL;
        size_t size = 0;
        FILE *f;
        uint32_t def;

        if (cols < 24)
                cols = 24;
        inner = (cols > 80 ? 80 : cols) - 4; /* "| " and " |" */
        if (sender_session == S0_SESSION_NONE)
                snprintf(from, sizeof from, "Message from uid %u", sender_uid);
        else if (sender_session == 0)
                snprintf(from, sizeof from, "Message from a service (session 0, uid %u)", sender_uid);
        else
                snprintf(from, sizeof from, "Message from session %u (uid %u)", sender_session, sender_uid);
        for (size_t i = 0; i < n; i++) {
                strcat(buttons, "  ");
                strcat(buttons, b[i].label); /* 4 labels of at most 12 bytes: fits */
        }
        def = msgbox_key(style, '\r');
        for (size_t i = 0; i < n; i++)
                if (b[i].id == def)
                        snprintf(hint, sizeof hint, "Enter: %s; closes by itself in %u s", b[i].label, timeout_s);

        f = open_memstream(&out, &size);
        if (!f)
                return NULL;
        fputs("\r\n", f);
        rule(f, inner, from);
        wrapped(f, title[0] ? title : "(no title)", inner);
        rule(f, inner, NULL);
        wrapped(f, text, inner);
        line(f, "", 0, inner);
        line(f, buttons, strlen(buttons), inner);
        rule(f, inner, NULL);
        fprintf(f, "  %s\r\n", hint);
        if (fclose(f) != 0) {
                free(out);
                return NULL;
        }
        return out;
}
