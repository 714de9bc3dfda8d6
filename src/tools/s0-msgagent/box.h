/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The message box of s0-msgagent as text: sanitising what a service sent, the buttons of
 * each MB_ style and their keys, the box itself. Pure functions (unit-tested). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct msgbox_button {
        const char *label; /* as shown, the key in brackets: "[Y]es" */
        char key;          /* lower case */
        uint32_t id;       /* IDYES ... */
};

/* The buttons of style's MB_ type (0 if the type is unknown). */
size_t msgbox_buttons(uint32_t style, const struct msgbox_button **ret);

/* What key c answers, or 0: a button's key (either case); Enter the default button
 * (MB_DEFBUTTONn, the first if there is no n-th); Esc IDCANCEL where there is a Cancel
 * button, IDOK for MB_OK, nothing otherwise (as Windows). */
uint32_t msgbox_key(uint32_t style, int c);

/* A copy of s that is safe to write to a terminal: valid UTF-8 is kept, except that C0
 * controls and DEL become caret notation ("^[" for ESC) -- newlines are kept if
 * keep_newlines and tabs become a space --, C1 controls, bidirectional overrides and
 * invalid bytes become '?'. NULL on out of memory. */
char *msgbox_sanitize(const char *s, bool keep_newlines);

/* Columns a sanitised string takes (one per code point: a wide character overflows). */
size_t msgbox_width(const char *s);

/* The whole box for a terminal cols wide (title and text already sanitised), lines
 * ending in "\r\n". NULL on out of memory. */
char *msgbox_render(const char *title, const char *text, uint32_t style, uint32_t sender_session,
                    uint32_t sender_uid, uint32_t timeout_s, unsigned cols);
