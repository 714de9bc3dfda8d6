#!/bin/bash
# shellcheck disable=SC2015 # "A && B || fail": fail runs when either is false, as meant
# logoff=keep and reconnect, through a real sshd: closing the connection leaves the
# session disconnected ("Disc") with its processes, as closing a Remote Desktop window
# does on a Windows server; the user's next logon reconnects to it (same id, same /tmp);
# another user's logon does not.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
skip_if_sanitized sshd

# The Win32 WTS queries (tests/win32/test-wts.c), as root on the host.
wts() { S0_RUNTIME_DIR=$RUN "$S0_TEST_WTS" "$@"; }

A=s0p${ID}a
B=s0p${ID}b
make_user "$A"
make_user "$B"
user_s0ctl "$A"
enter_home_cgroup
start_daemon
write_pam_service logoff=keep reconnect debug
start_sshd
mkfifo -m 0666 "$T/fifo-1" "$T/fifo-2"

# First logon: leaves a file in its /tmp, then blocks on fifo-1 (we never release it).
ssh_bg "$A" "echo id=\$($US0CTL --runtime-dir $RUN session-of \$\$) pid=\$\$; echo kept > /tmp/s0pam-$ID-kept;" \
        "echo ready; read x < $T/fifo-1" >"$T/out-1" 2>"$T/err-1" &
STARTED_PIDS+=($!)
SSH_1=$!
"$PAM_WAIT" text "$T/out-1" ready 30 || fail "first logon did not start: $(cat "$T/err-1" 2>/dev/null)"
ID_A=$(value id "$T/out-1")
PID_1=$(value pid "$T/out-1")
[[ "$ID_A" =~ ^[0-9]+$ ]] && [ "$ID_A" -ge 1 ] || fail "first logon: session '$ID_A'"
MON_1=$(monitor_of "$PID_1")
ok "first logon of $A: session $ID_A"
# What a Windows service sees (wtsapi32): WTSActive while connected, named SSH#N.
[ "$(wts state "$ID_A")" = 0 ] || fail "WTSConnectState of session $ID_A is '$(wts state "$ID_A")', want 0 (WTSActive)"
wts list | grep -qx "$ID_A 0 SSH#$ID_A $A [^ ]* 2" ||
        fail "WTSEnumerateSessions does not list '$ID_A 0 SSH#$ID_A $A HOST 2': $(wts list)"
ok "WTS: session $ID_A is WTSActive, named SSH#$ID_A, protocol 2, while the connection is open"

kill -TERM "$SSH_1"
"$PAM_WAIT" exit "$MON_1" 30 || fail "sshd's monitor did not finish after the connection closed"
[ "$(session_field "$ID_A" state)" = Disc ] || fail "session $ID_A is '$(session_field "$ID_A" state)', want Disc"
alive "$PID_1" && [ "$(cgroup_session_of "$PID_1")" = "$ID_A" ] ||
        fail "the process left running in session $ID_A is gone"
[ "$(session_field "$ID_A" processes)" -ge 1 ] || fail "session $ID_A lists no processes"
ok "closing the connection with logoff=keep leaves session $ID_A Disc, its process $PID_1 still running"
[ "$(wts state "$ID_A")" = 4 ] || fail "WTSConnectState of session $ID_A is '$(wts state "$ID_A")', want 4 (WTSDisconnected)"
ok "WTS: session $ID_A is WTSDisconnected once the client has left"

# Reconnect: the same session, its /tmp as it was; Active while connected.
ssh_bg "$A" "echo id=\$($US0CTL --runtime-dir $RUN session-of \$\$) sid=\$S0_SESSION_ID pid=\$\$" \
        "file=\$(cat /tmp/s0pam-$ID-kept); echo ready; read x < $T/fifo-2" >"$T/out-2" 2>"$T/err-2" &
STARTED_PIDS+=($!)
SSH_2=$!
"$PAM_WAIT" text "$T/out-2" ready 30 || fail "second logon did not start: $(cat "$T/err-2" 2>/dev/null)"
[ "$(value id "$T/out-2")" = "$ID_A" ] && [ "$(value sid "$T/out-2")" = "$ID_A" ] ||
        fail "the second logon landed in session '$(value id "$T/out-2")', want $ID_A (reconnect)"
[ "$(value file "$T/out-2")" = kept ] || fail "the reconnected logon does not find /tmp/s0pam-$ID-kept"
[ ! -e "/tmp/s0pam-$ID-kept" ] || fail "the session's /tmp/s0pam-$ID-kept is on the host"
[ "$(session_field "$ID_A" state)" = Active ] || fail "reconnected session $ID_A is not Active"
ok "the next logon of $A reconnected to session $ID_A (Active again, /tmp/s0pam-$ID-kept still there)"
[ "$(wts state "$ID_A")" = 0 ] || fail "WTSConnectState of reconnected session $ID_A is not 0 (WTSActive)"

# A normal end of the reconnected logon disconnects again; the first process stays.
MON_2=$(monitor_of "$(value pid "$T/out-2")")
release "$T/fifo-2"
wait_bounded "$SSH_2" "the second ssh" || fail "ssh failed when its command ended"
"$PAM_WAIT" exit "$MON_2" 30 || fail "sshd's monitor of the second logon did not finish"
[ "$(session_field "$ID_A" state)" = Disc ] && alive "$PID_1" ||
        fail "after the second logon ended, session $ID_A is not Disc with its process"
ok "its end leaves session $ID_A Disc again"

# reconnect is per user: B gets a session of its own, not A's disconnected one.
ID_B=$(ssh_as "$B" "$US0CTL --runtime-dir $RUN session-of \$\$") || fail "logon of $B failed"
[[ "$ID_B" =~ ^[0-9]+$ ]] && [ "$ID_B" != "$ID_A" ] && [ "$ID_B" != 0 ] ||
        fail "$B got session '$ID_B' (A's disconnected session is $ID_A)"
ok "$B, with a disconnected session of $A around, gets its own session $ID_B"

# A disconnected session is logged off as any other: s0ctl logoff ends what is left.
s0ctl logoff "$ID_A" >/dev/null || fail "s0ctl logoff $ID_A failed"
! alive "$PID_1" && [ -z "$(session_field "$ID_A" id)" ] || fail "logoff of the kept session left something"
ok "s0ctl logoff $ID_A ends the kept session and its process"
