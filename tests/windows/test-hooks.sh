#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Hooks (SetWindowsHookEx) in real sessions:
#  - one process (test-windows hooks): the error codes (bad type 1426, NULL procedure
#    1427, WH_SYSMSGFILTER on a thread 1429, unsupported type 50, no such thread 87,
#    bad handle 1404), its own thread's hooks changing what GetMessage returns, the
#    chain order and CallNextHookEx, WH_CALLWNDPROC(RET), a hook set by another thread
#    running in the hooked one, the cap of 32 (the 33rd 1158);
#  - another process of the same user and session hooks the server's thread: its hook
#    sees and alters the posted message, sees the sent one and its result; also the
#    messages of a sender that had a fast-path channel to the server before the hook
#    (the hook revokes it);
#  - that process killed (-9): its hooks are gone, the server gets its messages
#    unaltered and is not held up;
#  - a Low process: the thread hook ERROR_ACCESS_DENIED (audited), its desktop-wide
#    hook installs but never reaches the Medium server;
#  - a hooker whose thread never takes messages: after 5 s (the hung threshold) its
#    hook is skipped and the server gets its message unaltered;
#  - user b's session: the server's thread id is ERROR_INVALID_PARAMETER (audited).
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
windows_stage_ab

log "one process"
run_rc tw 1 "$UA" hooks
[ "$T_RC" = 0 ] || fail "test-windows hooks: exit $T_RC: $T_OUT $T_ERR"
expect_contains "$T_OUT" "hook_bad_type 0 1426" "an unknown hook type"
expect_contains "$T_OUT" "hook_no_thread 0 87" "a thread id that names no thread"
expect_contains "$T_OUT" "hook_chain 21 0" "the newer hook first, CallNextHookEx to the older"
expect_contains "$T_OUT" "hook_unhook_twice 0 1404" "UnhookWindowsHookEx twice"
expect_contains "$T_OUT" "hook_callwndprocret 42 0" "WH_CALLWNDPROCRET sees the result"
expect_contains "$T_OUT" "hook_ran_in_hooked_thread 1 0" "a hook of this process runs in the hooked thread"
expect_contains "$T_OUT" "hook_cap 32 1158" "the 33rd hook of a process"
expect_contains "$T_OUT" "hook_of_ended_thread_ran 0 0" "a hook whose installing thread ended"
expect_contains "$T_OUT" "hooks ok 0" "the in-process hook checks"

tw_server 1 "$UA" HookPeer
TID=$(cat "$T_TMP/shared/ready.HookPeer.tid")
[ -n "$TID" ] && [ "$TID" != 0 ] || fail "no server thread id"

poke() { # N: the server's WM_POKE(N), then waits for its ack
        rm -f "$T_TMP/shared/acked"
        expect_ok tw 1 "$UA" poke HookPeer "$1"
        expect_contains "$T_OUT" "poke_send 6 0" "the sent message's answer"
        wait_until "the server's ack" 60 test -e "$T_TMP/shared/acked"
}

log "a sender on the fast path before the hook: the hook still sees its messages"
# pokeagain pokes 7 over a channel to the server, then waits on the FIFO; the hook
# installed meanwhile revokes the channel, so its second poke (8) meets the hook.
mkfifo -m 0666 "$T_TMP/shared/go"
rm -f "$T_TMP/shared/acked"
bg_start tw_bg 1 "$UA" "$T_TMP/again.out" pokeagain HookPeer 7 8 "$T_TMP/shared/go"
wait_until "the first poke's ack" 60 test -e "$T_TMP/shared/acked"
wait_until "the sender's channel report" 60 grep -q "^fast_channel" "$T_TMP/again.out"
expect_contains "$(cat "$T_TMP/again.out")" "fast_channel 1 0" "the sender's channel to the server"
[ -e "$T_TMP/shared/poked-7" ] || fail "the first poke did not arrive: $(ls "$T_TMP/shared")"

log "another process hooks the server's thread"
rm -f "$T_TMP/shared/hooker.ready"
bg_start tw_bg 1 "$UA" "$T_TMP/hooker.out" hooker "$TID" "$T_TMP/shared/hooker.ready"
wait_until "the hooker's hooks" 60 test -e "$T_TMP/shared/hooker.ready"
rm -f "$T_TMP/shared/acked"
timeout 60 sh -c 'echo go > "$1"' _ "$T_TMP/shared/go" || fail "the waiting sender is gone: $(cat "$T_TMP/again.out")"
wait_until "the second poke's ack" 60 test -e "$T_TMP/shared/acked"
[ -e "$T_TMP/shared/poked-1008" ] || fail "the hook did not see the message of a sender that had a channel: $(ls "$T_TMP/shared")"
[ ! -e "$T_TMP/shared/poked-8" ] || fail "the server got the unaltered message of the revoked channel"
expect_contains "$(cat "$T_TMP/hooker.out")" "hook_thread 1 0" "a thread hook on another process's thread"
expect_contains "$(cat "$T_TMP/hooker.out")" "hook_global 1 0" "a desktop-wide hook"
poke 1
[ -e "$T_TMP/shared/poked-1001" ] || fail "the hook did not alter the server's message: $(ls "$T_TMP/shared")"
[ ! -e "$T_TMP/shared/poked-1" ] || fail "the server got the unaltered message too"
OUT=$(cat "$T_TMP/hooker.out")
expect_contains "$OUT" "hooked_getmessage 1 0" "WH_GETMESSAGE saw the posted message"
expect_contains "$OUT" "global_getmessage 1001 0" "the desktop-wide hook came after the thread hook, with its change"
expect_contains "$OUT" "hooked_callwndproc 5 0" "WH_CALLWNDPROC saw the sent message"
expect_contains "$OUT" "hooked_callwndprocret 6 0" "WH_CALLWNDPROCRET saw its result"

log "the hooker killed (-9): its hooks die with it"
HKP=$(pgrep -u "$UA" -f "test-windows hooker" | head -n 1)
[ -n "$HKP" ] || fail "no hooker process"
kill -KILL "$HKP"
wait_until "the hooker gone" 60 sh -c "! kill -0 $HKP 2>/dev/null"
poke 2
[ -e "$T_TMP/shared/poked-2" ] || fail "after the hooker died the server's message was altered or lost: $(ls "$T_TMP/shared")"

log "a Low process cannot hook a Medium thread"
tw_low() { # SESSION USER OUT ARGS...
        local s=$1 u=$2 out=$3
        shift 3
        s0 run --session "$s" --user "$u" --integrity low -- env S0_RUNTIME_DIR="$T_RUN" "$TW" "$@" >"$out" 2>&1
}
rm -f "$T_TMP/shared/low.ready"
bg_start tw_low 1 "$UA" "$T_TMP/low.out" hooker "$TID" "$T_TMP/shared/low.ready"
wait_until "the Low hooker's attempts" 60 test -e "$T_TMP/shared/low.ready"
OUT=$(cat "$T_TMP/low.out")
expect_contains "$OUT" "hook_thread 0 5" "a Low thread hook on a Medium thread"
expect_contains "$OUT" "hook_thread_callwndproc 0 5" "a Low WH_CALLWNDPROC on a Medium thread"
expect_contains "$OUT" "hook_global 1 0" "a Low desktop-wide hook (installs, as on Windows)"
poke 3
[ -e "$T_TMP/shared/poked-3" ] || fail "the Low hook reached the Medium server: $(ls "$T_TMP/shared")"
expect_not_contains "$(cat "$T_TMP/low.out")" "getmessage" "what the Low desktop-wide hook saw"
expect_not_contains "$(cat "$T_TMP/low.out")" "hooked_callwndprocret" "what the Low WH_CALLWNDPROCRET saw"
expect_ok s0 --json events --kind window
expect_contains "$T_OUT" "UIPI: SetWindowsHookEx on thread 0x$(printf '%x' "$TID")" "the refused Low hook in the journal"

log "a hook thread that takes no messages holds the server up for 5 s, not for ever"
pkill_low() { local p; p=$(pgrep -u "$UA" -f "test-windows hooker" | head -n 1); [ -z "$p" ] || kill -KILL "$p"; }
pkill_low
rm -f "$T_TMP/shared/stall.ready"
bg_start tw_bg 1 "$UA" "$T_TMP/stall.out" hooker "$TID" "$T_TMP/shared/stall.ready" stall
wait_until "the stalled hooker's hooks" 60 test -e "$T_TMP/shared/stall.ready"
expect_contains "$(cat "$T_TMP/stall.out")" "hook_thread 1 0" "the stalled hooker's thread hook"
START=$SECONDS
poke 4
[ -e "$T_TMP/shared/poked-4" ] || fail "the server's message after an unanswered hook: $(ls "$T_TMP/shared")"
[ $((SECONDS - START)) -ge 4 ] || fail "the server got its messages before the hook timeout ($((SECONDS - START)) s)"
pkill_low

log "another session cannot hook it"
tw_ready 2 "$UB" || wait_until "session 2's host socket" 60 tw_ready 2 "$UB"
expect_ok tw 2 "$UB" hooker "$TID" "$T_TMP/shared/b.ready" once
expect_contains "$T_OUT" "hook_thread 0 87" "a thread hook on session 1's thread from session 2"
expect_ok s0 --json events --kind window
LINE=$(printf '%s\n' "$T_OUT" | grep -F "): SetWindowsHookEx on thread 0x$(printf '%x' "$TID")\"" | grep -F '"session":2' || true)
expect_contains "$LINE" '"result":87' "session 2's refused hook in the journal"
expect_daemon_alive
