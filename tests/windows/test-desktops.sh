#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Desktops inside a user session (docs/WINDOWS.md "Window stations and desktops"):
#  - one process (test-windows desktops): CreateDesktop's errors (empty name 6, a '\'
#    161, NULL 87, too long 206, a device 87), an existing name opened with the last
#    error untouched, the cap (64 per station, then ERROR_NOT_ENOUGH_MEMORY 8), a
#    closed desktop gone (2); a thread on DeskB and one on Default: FindWindow and
#    EnumWindows see only their desktop's windows, SendMessage/PostMessage across is
#    ERROR_ACCESS_DENIED (5), PostThreadMessage ERROR_INVALID_THREAD_ID (1444), a
#    broadcast (posted, sent, BroadcastSystemMessage) on Default does not reach DeskB,
#    a desktop-wide hook of Default sees nothing of DeskB; SetThreadDesktop with a
#    window or a hook ERROR_BUSY (170); SwitchDesktop and OpenInputDesktop; DeskB
#    freed when its last handle closes;
#  - two processes: a server on desktop DeskX is not found from Default (its HWND
#    refused with 5), is found and obeys from a thread that opened DeskX; `s0ctl
#    windows` prints WinSta0\DeskX for it; the refusal is in the audit journal; the
#    server killed (-9), DeskX is freed (nothing else held it) and opens no more (2).
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
windows_stage_ab

log "one process, two desktops"
expect_ok tw 1 "$UA" desktops
OUT=$T_OUT
for want in "startup_desktop Default 0" "get_thread_desktop_same_handle 1 0" "close_startup_desktop 0 170" \
        "create_empty 0 6" "create_backslash 0 161" "create_null 0 87" "create_long 0 206" "create_device 0 87" \
        "open_missing 0 2" "create_b 1 3735928559" "create_existing 1 3735928559" "existing_name DeskB 0" \
        "create_keeps_thread_desktop 1 0" "enum_desktop Default 0" "enum_desktop Winlogon 0" \
        "enum_desktop DeskB 0" "desktop_cap 64 8" "closed_desktop_is_gone 0 2" \
        "set_thread_desktop_with_hook 0 170" "set_thread_desktop_after_unhook 1 0" "set_thread_desktop_back 1 0" \
        "set_thread_desktop_b 1 0" "thread_desktop_is_b 1 0" "thread_b_desktop DeskB 0" "window_on_b 1 0" \
        "default_finds_b 0 2" "default_finds_default 1 0" "default_enum_sees_b 0 0" "default_enum_sees_default 1 0" \
        "b_finds_b 1 0" "b_finds_default 0 2" "b_enum_sees_b 1 0" "b_enum_sees_default 0 0" \
        "is_window_b 1 0" "default_sends_b 0 5" "b_sends_default 0 5" "default_posts_b 0 5" \
        "default_posts_thread_b 0 1444" "set_thread_desktop_with_window 0 170" "close_desktop_in_use 0 170" \
        "get_other_thread_desktop 1 0" "default_window_pings 3 0" "b_window_pings 1 0" "hook_saw_default 2 0" \
        "hook_saw_b 0 0" "move_posts_default 1 0" "move_has_channel 1 0" "move_set_b 1 0" \
        "move_posts_default_from_b 0 5" "switch_to_b 1 0" "input_desktop DeskB 0" "switch_back 1 0" \
        "set_thread_desktop_after_destroy 1 0" "close_b 1 0" "b_is_gone 0 2" "desktops done 0"; do
        expect_contains "$OUT" "$want" "${want% * *}"
done

log "two processes: a server on DeskX"
rm -f "$T_TMP/shared/ready.OnDeskX"
bg_start tw_bg 1 "$UA" "$T_TMP/server.OnDeskX.out" deskserver DeskX OnDeskX "$T_TMP/shared" "$T_TMP/shared/ready.OnDeskX"
wait_until "the server on DeskX" 60 test -s "$T_TMP/shared/ready.OnDeskX"
expect_contains "$(cat "$T_TMP/server.OnDeskX.out")" "desk_enter 1 0" "the server's SetThreadDesktop"
HWND=$(cat "$T_TMP/shared/ready.OnDeskX")

expect_ok tw 1 "$UA" attack OnDeskX "$HWND" fromdefault
expect_contains "$T_OUT" "FindWindow 0 2" "FindWindow from Default"
expect_contains "$T_OUT" "FindWindowEx_message 0 2" "its message-only window from Default"
expect_contains "$T_OUT" "SendMessage 0 5" "SendMessage to DeskX's HWND from Default"
expect_contains "$T_OUT" "PostMessage 0 5" "PostMessage to DeskX's HWND from Default"
expect_contains "$T_OUT" "WM_COPYDATA 0 5" "WM_COPYDATA to DeskX's HWND from Default"
[ ! -e "$T_TMP/shared/fromdefault" ] || fail "a message from Default reached DeskX"
expect_ok s0 --json events --kind window
expect_contains "$T_OUT" "SendMessage to another desktop's 0x$(printf '%x' "$HWND")" "the refusal in the journal"

expect_ok tw 1 "$UA" deskattack DeskX OnDeskX 0 fromdeskx
expect_contains "$T_OUT" "desk_enter 1 0" "OpenDesktop + SetThreadDesktop from another process"
expect_contains "$T_OUT" "FindWindow $HWND 0" "FindWindow from DeskX"
expect_contains "$T_OUT" "SendMessage 2 0" "SendMessage from DeskX"
expect_contains "$T_OUT" "WM_COPYDATA 77 0" "WM_COPYDATA from DeskX"
[ -e "$T_TMP/shared/fromdeskx" ] || fail "the server on DeskX did not act on WM_COPYDATA from DeskX"

log "s0ctl windows prints the desktop"
expect_ok in_session 1 "$UA" "$S0CTL" --runtime-dir "$T_RUN" windows
expect_contains "$(grep "'OnDeskX'" <<<"$T_OUT")" "WinSta0\\DeskX" "the server's station and desktop"
expect_ok in_session 1 "$UA" "$S0CTL" --runtime-dir "$T_RUN" windows --json
expect_contains "$T_OUT" '"desktop": "DeskX"' "the JSON desktop"

log "the server killed: DeskX goes with its last handle, thread and window"
SP=$(pgrep -u "$UA" -f "test-windows deskserver DeskX" | head -n 1)
[ -n "$SP" ] || fail "no server process"
kill -KILL "$SP"
deskx_gone() { # OpenDesktop("DeskX") is ERROR_FILE_NOT_FOUND
        local out
        out=$(tw 1 "$UA" deskattack DeskX OnDeskX 0 none 2>/dev/null)
        [[ $out == *"desk_enter 0 2"* ]]
}
wait_until "DeskX freed" 60 deskx_gone
expect_daemon_alive
