#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ANSI and Unicode windows (docs/WINDOWS.md "ANSI and Unicode windows"), with test-ansi,
# a Windows program built without UNICODE that uses the generic names:
#  - one process (test-ansi local): an ANSI (RegisterClassEx = A) and a Unicode
#    message-only window; CREATESTRUCTA; WM_SETTEXT/WM_GETTEXT/WM_GETTEXTLENGTH and
#    Get/SetWindowText A and W in both directions, exact lengths, truncation to whole
#    characters; subclassing across character sets; a GetMessage/DispatchMessage loop;
#    FindWindowA, OpenWindowStationA, EnumWindowStationsA, EnumDesktopsA,
#    GetUserObjectInformationA; error codes (87, 1400, 1410, 1411, 122);
#  - two processes of session 1: a Unicode window's process sends UTF-16 text to the
#    ANSI server's window (its procedure gets the UTF-8 bytes exactly) and reads it back
#    (WM_GETTEXT, WM_GETTEXTLENGTH, GetWindowTextW); the server sets and reads the
#    Unicode window's text with the A functions; once the server closed its window, 1400;
#    with and without the fast path (S0_USER_SLOW=1).
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
windows_stage_ab

log "one process: an ANSI and a Unicode window"
expect_ok ta 1 "$UA" local
for want in "gettext_null_buffer 0 87" "gettext_bad_hwnd 0 1400" "settext_bad_hwnd 0 1400" \
        "register_twice 0 1410" "unregister_unknown 0 1411" "uoi_name_small 0 8 122" \
        "enum_found WinSta0 0" "enum_found Default 0" "local ok 0"; do
        expect_contains "$T_OUT" "$want" "test-ansi local: $want"
done

ansi_server() { # the ANSI server, until the peer closes its window
        in_session 1 "$UA" env S0_RUNTIME_DIR="$T_RUN" "$TA" server "$T_TMP/shared/ansi.ready" >"$T_TMP/ansi.out" 2>&1
}

for mode in fast slow; do
        log "two processes ($mode): the ANSI server and a Unicode peer"
        rm -f "$T_TMP/shared/ansi.ready"
        bg_start ansi_server
        SERVER=$!
        wait_until "the ANSI server's window" 60 test -s "$T_TMP/shared/ansi.ready"
        HW=$(cat "$T_TMP/shared/ansi.ready")
        if [ "$mode" = fast ]; then
                expect_ok ta 1 "$UA" wpeer "$HW"
        else
                expect_ok in_session 1 "$UA" env S0_RUNTIME_DIR="$T_RUN" S0_USER_SLOW=1 "$TA" wpeer "$HW"
        fi
        for want in "remote_settext_bytes 15 0" "w_gettextlength_remote 9 0" "gone_gettextlength 0 1400" \
                "gone_getwindowtext 0 1400" "wpeer ok 0"; do
                expect_contains "$T_OUT" "$want" "wpeer ($mode): $want"
        done
        wait "$SERVER" || fail "the ANSI server exited with $?: $(cat "$T_TMP/ansi.out")"
        SOUT=$(cat "$T_TMP/ansi.out")
        for want in "a_settext_remote 1 0" "a_gettext_remote 10 " "a_gettext_remote_3 2 " \
                "a_gettextlength_remote 10 " "a_getwindowtext_remote 10 " "a_getwindowtextlength_remote 10 " \
                "a_getwindowtext_bad 0 1400" "server done 0"; do
                expect_contains "$SOUT" "$want" "the ANSI server ($mode): $want"
        done
done
expect_daemon_alive
log "ok"
