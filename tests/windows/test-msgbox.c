/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-msgbox: one MessageBox call, as Windows code makes it, for test-msgbox.sh.
 *
 *   test-msgbox VARIANT STYLE MS TITLE TEXT [HWND]
 *
 * VARIANT: W, A, ExW, ExA, TimeoutW, TimeoutA. STYLE and HWND: numbers (0x... too);
 * MS: MessageBoxTimeout's milliseconds (ignored by the others); TITLE or TEXT "NULL"
 * passes NULL. Prints "ret=N err=E" (GetLastError after the call; set to 0xDEADBEEF
 * before it, so that an error the call forgot to set shows).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

/* ASCII arguments as UTF-16 (the tests use no other characters) */
static WCHAR *widen(const char *s) {
        size_t n = strlen(s);
        WCHAR *w = calloc(n + 1, sizeof *w);

        if (!w) {
                perror("calloc");
                exit(2);
        }
        for (size_t i = 0; i < n; i++)
                w[i] = (WCHAR) (unsigned char) s[i];
        return w;
}

static const char *arg_or_null(const char *s) {
        return strcmp(s, "NULL") == 0 ? NULL : s;
}

int main(int argc, char **argv) {
        const char *variant, *title, *text;
        UINT style;
        DWORD ms;
        HWND hwnd = NULL;
        WCHAR *wtitle, *wtext;
        int ret;

        if (argc < 6 || argc > 7) {
                fprintf(stderr, "usage: test-msgbox W|A|ExW|ExA|TimeoutW|TimeoutA STYLE MS TITLE TEXT [HWND]\n");
                return 2;
        }
        variant = argv[1];
        style = (UINT) strtoul(argv[2], NULL, 0);
        ms = (DWORD) strtoul(argv[3], NULL, 0);
        title = arg_or_null(argv[4]);
        text = arg_or_null(argv[5]);
        if (argc == 7)
                hwnd = (HWND) (uintptr_t) strtoull(argv[6], NULL, 0);
        wtitle = title ? widen(title) : NULL;
        wtext = text ? widen(text) : NULL;

        SetLastError(0xDEADBEEF);
        if (strcmp(variant, "W") == 0)
                ret = MessageBoxW(hwnd, wtext, wtitle, style);
        else if (strcmp(variant, "A") == 0)
                ret = MessageBoxA(hwnd, text, title, style);
        else if (strcmp(variant, "ExW") == 0)
                ret = MessageBoxExW(hwnd, wtext, wtitle, style, 0);
        else if (strcmp(variant, "ExA") == 0)
                ret = MessageBoxExA(hwnd, text, title, style, 0);
        else if (strcmp(variant, "TimeoutW") == 0)
                ret = MessageBoxTimeoutW(hwnd, wtext, wtitle, style, 0, ms);
        else if (strcmp(variant, "TimeoutA") == 0)
                ret = MessageBoxTimeoutA(hwnd, text, title, style, 0, ms);
        else {
                fprintf(stderr, "test-msgbox: unknown variant '%s'\n", variant);
                return 2;
        }
        printf("ret=%d err=%u\n", ret, (unsigned) GetLastError());
        free(wtitle);
        free(wtext);
        return 0;
}
