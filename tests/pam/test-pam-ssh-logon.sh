#!/bin/bash
# shellcheck disable=SC2015 # "A && B || fail": fail runs when either is false, as meant
# An ssh logon through a real OpenSSH server with pam_session0 in its PAM stack lands in
# a new session (id >= 1, S0_SESSION_ID and XDG_RUNTIME_DIR set); two users logged on
# at once get different sessions whose /tmp and /dev/shm are private; closing the
# connection logs the session off (logoff=kill, the default) and leaves no process.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
skip_if_sanitized sshd

make_user "s0p${ID}a"
make_user "s0p${ID}b"
A=s0p${ID}a
B=s0p${ID}b
user_s0ctl "$A"
enter_home_cgroup
start_daemon
write_pam_service debug
start_sshd
mkfifo -m 0666 "$T/fifo-a" "$T/fifo-b"

# logon_blocking USER TAG: a logon that reports what it sees, makes files in its /tmp and
# /dev/shm, then blocks reading a fifo of ours, so the session stays until we act.
logon_blocking() {
        local user=$1 tag=$2
        ssh_bg "$user" "echo id=\$($US0CTL --runtime-dir $RUN session-of \$\$) sid=\${S0_SESSION_ID:-none}" \
                "xdg=\${XDG_RUNTIME_DIR:-none} s0rt=\${S0_RUNTIME_DIR:-none} pid=\$\$;" \
                "echo $tag > /tmp/s0pam-$ID-$tag; echo $tag > /dev/shm/s0pam-$ID-$tag;" \
                "stat -c xdgowner=%U \$XDG_RUNTIME_DIR; test -e /tmp/s0pam-$ID-a && echo sees-a=yes || echo sees-a=no;" \
                "echo ready; read x < $T/fifo-$tag; echo released" >"$T/out-$tag" 2>"$T/err-$tag" &
        STARTED_PIDS+=($!)
        "$PAM_WAIT" text "$T/out-$tag" ready 30 || fail "logon of $user did not start: $(cat "$T/err-$tag" 2>/dev/null)"
}

logon_blocking "$A" a
SSH_A=${STARTED_PIDS[-1]}
ID_A=$(value id "$T/out-a")
PID_A=$(value pid "$T/out-a")
[[ "$ID_A" =~ ^[0-9]+$ ]] && [ "$ID_A" -ge 1 ] || fail "s0ctl session-of \$\$ over ssh printed '$ID_A', want an id >= 1"
ok "ssh logon of $A: s0ctl session-of \$\$ prints session $ID_A"
[ "$(value sid "$T/out-a")" = "$ID_A" ] || fail "S0_SESSION_ID is '$(value sid "$T/out-a")', want $ID_A"
[ "$(value xdg "$T/out-a")" = "/run/user/$(uid_of "$A")" ] || fail "XDG_RUNTIME_DIR is '$(value xdg "$T/out-a")'"
[ "$(value xdgowner "$T/out-a")" = "$A" ] || fail "XDG_RUNTIME_DIR is not owned by $A"
[ "$(value s0rt "$T/out-a")" = "$RUN" ] || fail "S0_RUNTIME_DIR is '$(value s0rt "$T/out-a")', want $RUN"
ok "S0_SESSION_ID=$ID_A, XDG_RUNTIME_DIR=/run/user/$(uid_of "$A") (owned by $A), S0_RUNTIME_DIR set"
[ "$(cgroup_session_of "$PID_A")" = "$ID_A" ] || fail "the remote shell is not in session $ID_A's cgroup"
[ "$(session_field "$ID_A" user)" = "$A" ] && [ "$(session_field "$ID_A" state)" = Active ] ||
        fail "session $ID_A is not listed as $A's and Active"
MON_A=$(monitor_of "$PID_A")
[ "$(cgroup_session_of "$MON_A")" = "$ID_A" ] || fail "sshd's monitor ($MON_A) is not in the session"
ok "the shell and sshd's monitor (pid $MON_A) are in session $ID_A's cgroup; listed Active for $A"

logon_blocking "$B" b
ID_B=$(value id "$T/out-b")
PID_B=$(value pid "$T/out-b")
[[ "$ID_B" =~ ^[0-9]+$ ]] && [ "$ID_B" -ge 1 ] && [ "$ID_B" != "$ID_A" ] ||
        fail "the second user got session '$ID_B' (first: $ID_A)"
ok "a concurrent logon of $B gets another session: $ID_B"

# Isolation, as the remote shells and the host see it. (Local\ named objects:
# test-pam-ssh-objects.sh.)
[ "$(value sees-a "$T/out-a")" = yes ] || fail "$A cannot see its own /tmp file"
[ "$(value sees-a "$T/out-b")" = no ] || fail "$B sees $A's /tmp/s0pam-$ID-a"
[ -e "/proc/$PID_A/root/tmp/s0pam-$ID-a" ] || fail "/tmp/s0pam-$ID-a missing in session $ID_A"
[ ! -e "/proc/$PID_B/root/tmp/s0pam-$ID-a" ] || fail "session $ID_B sees session $ID_A's /tmp/s0pam-$ID-a"
[ ! -e "/proc/$PID_A/root/tmp/s0pam-$ID-b" ] || fail "session $ID_A sees session $ID_B's /tmp/s0pam-$ID-b"
[ ! -e "/proc/$PID_B/root/dev/shm/s0pam-$ID-a" ] || fail "session $ID_B sees session $ID_A's /dev/shm/s0pam-$ID-a"
[ ! -e /tmp/s0pam-$ID-a ] && [ ! -e /dev/shm/s0pam-a ] || fail "session $ID_A's files leaked to the host"
ok "/tmp and /dev/shm of sessions $ID_A and $ID_B are private to each (and to the host)"

# Closing the connection: sshd's monitor runs close_session, which logs the session off.
# The remote shell is still blocked on its fifo: only the logoff can end it.
CLOSED=$(grep -c "PAM: deleting credentials" "$T/sshd.log" || true)
kill -TERM "$SSH_A"
"$PAM_WAIT" exit "$MON_A" 30 || fail "sshd's monitor did not finish after the connection closed"
# sshd logs this right after pam_close_session returned: the monitor, which asked for
# the logoff, was not killed by it (the module moved it out of the session first)
[ "$(grep -c "PAM: deleting credentials" "$T/sshd.log")" = $((CLOSED + 1)) ] ||
        fail "sshd's monitor did not get past pam_close_session (killed by its own logoff?)"
! alive "$PID_A" || fail "the remote shell $PID_A survived the logoff"
[ ! -d "$(session_cgroup_dir "$ID_A")" ] || fail "session $ID_A's cgroup is still there"
[ -z "$(session_field "$ID_A" id)" ] || fail "session $ID_A is still listed"
ok "closing $A's connection logged session $ID_A off: no process, no cgroup, not listed; sshd's monitor survived it"
[ "$(session_field "$ID_B" state)" = Active ] && alive "$PID_B" || fail "session $ID_B was disturbed"
ok "session $ID_B is untouched"

# The normal end: the command finishes, ssh returns, the session is logged off.
MON_B=$(monitor_of "$PID_B")
release "$T/fifo-b"
wait_bounded "${STARTED_PIDS[-1]}" "ssh of $B" || fail "ssh of $B failed when its command ended"
grep -qx released "$T/out-b" || fail "the command of $B did not finish"
"$PAM_WAIT" exit "$MON_B" 30 || fail "sshd's monitor of $B did not finish"
[ -z "$(session_field "$ID_B" id)" ] && [ ! -d "$(session_cgroup_dir "$ID_B")" ] ||
        fail "session $ID_B remains after its ssh logon ended"
ok "the end of $B's command logged session $ID_B off"
