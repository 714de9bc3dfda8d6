#!/bin/bash
# shellcheck disable=SC2015 # "A && B || fail": fail runs when either is false, as meant
# Named kernel objects are per logon session for ssh logons through pam_session0, as
# they are per Windows logon session: user A logs on twice at once (sessions N1, N2),
# user B once (N3). An event A holds as Local\x in N1 is not found as Local\x from N2
# (another session's namespace) but opens as Session\N1\x there (same user), while B is
# denied Session\N1\x and does not find Local\x either; a service's Global\y opens from
# all three. When A's first connection ends, the logoff takes N1's namespace with it:
# Session\N1\x is then ERROR_PATH_NOT_FOUND and <runtime>/objects/sessions/N1 is gone.
# Every check is the exact line `s0ctl object open` prints, run in the ssh sessions.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
skip_if_sanitized sshd

A=s0p${ID}a
B=s0p${ID}b
make_user "$A"
make_user "$B"
user_s0ctl "$A"
enter_home_cgroup
start_daemon
write_pam_service debug
start_sshd

# per logon TAG: the fd of its input fifo, its ssh client, remote shell and session
declare -A IN_FD=() SSH_PID=() SHELL_PID=() SID=()
SEQ=0
OUT=
RC=

# logon_driven TAG USER: an ssh logon whose shell runs what we write to it, so that
# several commands run in one session. Its standard input is the fifo $T/in-TAG, which
# we keep open (IN_FD[TAG]): closing it ends the shell. Its output goes to $T/out-TAG.
# Sets SSH_PID, SHELL_PID and SID (S0_SESSION_ID there) of TAG.
logon_driven() {
        local tag=$1 user=$2 fd sid f
        mkfifo "$T/in-$tag"
        # The background job blocks opening the fifo until we open its other end below.
        # It must not keep the other logons' input open: their shells would never see EOF.
        {
                for f in "${IN_FD[@]}"; do
                        exec {f}>&-
                done
                ssh_bg "$user" "exec bash -s"
        } <"$T/in-$tag" >"$T/out-$tag" 2>"$T/err-$tag" &
        STARTED_PIDS+=($!)
        SSH_PID[$tag]=$!
        exec {fd}>"$T/in-$tag"
        IN_FD[$tag]=$fd
        # shellcheck disable=SC2016 # expanded by the remote shell
        in_session "$tag" 'echo "sid=${S0_SESSION_ID:-none} s0rt=${S0_RUNTIME_DIR:-none} pid=$$"'
        sid=$(value sid <(echo "$OUT"))
        [[ "$sid" =~ ^[0-9]+$ ]] && [ "$sid" -ge 1 ] || fail "ssh logon $tag of $user: S0_SESSION_ID is '$sid'"
        [ "$(value s0rt <(echo "$OUT"))" = "$RUN" ] || fail "ssh logon $tag: S0_RUNTIME_DIR is not $RUN: $OUT"
        [ "$(session_field "$sid" user)" = "$user" ] || fail "session $sid is not listed as $user's"
        SID[$tag]=$sid
        SHELL_PID[$tag]=$(value pid <(echo "$OUT"))
}

# in_session TAG COMMAND: runs COMMAND in the shell of logon TAG and waits until it has
# finished (a numbered end marker in its output: an event, no sleep). OUT is what it
# printed (stdout and stderr), RC its exit status.
in_session() {
        local tag=$1 cmd=$2 n=$((++SEQ))
        # in a subshell: if the remote shell is gone, SIGPIPE ends the subshell, not us
        (printf '%s\n' "echo '<<$n'; { $cmd; } 2>&1; echo \">>$n rc=\$?\"" >&"${IN_FD[$tag]}") ||
                fail "the shell of ssh logon $tag is gone: $(cat "$T/err-$tag")"
        "$PAM_WAIT" text "$T/out-$tag" ">>$n rc=" 30 ||
                fail "'$cmd' did not finish in ssh logon $tag: $(cat "$T/err-$tag")"
        OUT=$(awk -v b="<<$n" -v e=">>$n rc=" '$0 == b { on = 1; next } index($0, e) == 1 { on = 0 } on' \
                "$T/out-$tag")
        RC=$(sed -n "s/^>>$n rc=//p" "$T/out-$tag")
}

# expect_open TAG NAME WANT: `s0ctl object open event NAME [ACCESS]` in logon TAG prints
# exactly WANT: "opened" (exit 0), or a Win32 error "ERROR_X (N)" (exit 1, and the line
# "s0ctl: cannot open event 'NAME': ERROR_X (N)").
expect_open() {
        local tag=$1 name=$2 want=$3 access=${4:-} line rc=1
        if [ "$want" = opened ]; then
                line=opened
                rc=0
        else
                line="s0ctl: cannot open event '$name': $want"
        fi
        in_session "$tag" "$US0CTL object open event '$name'${access:+ --access $access}"
        [ "$OUT" = "$line" ] && [ "$RC" = $rc ] ||
                fail "open event '$name' in session ${SID[$tag]} printed '$OUT' (exit $RC), want '$line' (exit $rc)"
        ok "session ${SID[$tag]} ($tag): open event '$name' -> $want"
}

# A service's global event: root in session 0, everyone may wait on it (SYNCHRONIZE).
"$S0CTL" --runtime-dir "$RUN" run --session 0 -- \
        "$US0CTL" --runtime-dir "$RUN" object hold event 'Global\y' --sddl 'D:(A;;GA;;;SY)(A;;0x100000;;;WD)' \
        </dev/null >"$T/out-svc" 2>"$T/err-svc" &
STARTED_PIDS+=($!)
SVC=$!
"$PAM_WAIT" text "$T/out-svc" created 30 || fail "the service's holder did not start: $(cat "$T/err-svc")"
ok "a service in session 0 holds event 'Global\\y'"

logon_driven a1 "$A"
N1=${SID[a1]}
# the holder is a background job of A's first shell; its one line, "created", goes to
# the logon's output, which nothing else writes to until we have read it
(printf '%s\n' "$US0CTL object hold event 'Local\\x' 2>&1 &" >&"${IN_FD[a1]}") || fail "A's first shell is gone"
"$PAM_WAIT" text "$T/out-a1" created 30 || fail "the holder of 'Local\\x' did not start: $(cat "$T/out-a1")"
[ -d "$RUN/objects/sessions/$N1" ] || fail "$RUN/objects/sessions/$N1 is missing"
ok "ssh logon of $A: session $N1 holds event 'Local\\x'"

logon_driven a2 "$A"
N2=${SID[a2]}
logon_driven b "$B"
N3=${SID[b]}
[ "$N1" != "$N2" ] && [ "$N1" != "$N3" ] && [ "$N2" != "$N3" ] ||
        fail "three concurrent ssh logons got sessions $N1, $N2, $N3"
ok "concurrent ssh logons: $A in sessions $N1 and $N2, $B in session $N3"

expect_open a1 'Local\x' opened
expect_open a2 'Local\x' "ERROR_FILE_NOT_FOUND (2)"
expect_open a2 "Session\\$N1\\x" opened
expect_open b "Session\\$N1\\x" "ERROR_ACCESS_DENIED (5)"
expect_open b 'Local\x' "ERROR_FILE_NOT_FOUND (2)"
for tag in a1 a2 b; do
        expect_open "$tag" 'Global\y' opened synchronize
done

# Ending A's first connection: sshd's monitor runs close_session, which logs N1 off
# (logoff=kill); the holder dies with it, and the daemon removes N1's namespace before
# it answers, so once the monitor has exited the directory must be gone.
MON_a1=$(monitor_of "${SHELL_PID[a1]}")
kill -TERM "${SSH_PID[a1]}"
fd=${IN_FD[a1]}
exec {fd}>&-
"$PAM_WAIT" exit "$MON_a1" 30 || fail "sshd's monitor of session $N1 did not finish after the connection closed"
[ -z "$(session_field "$N1" id)" ] || fail "session $N1 is still listed"
[ ! -e "$RUN/objects/sessions/$N1" ] || fail "$RUN/objects/sessions/$N1 outlived the logoff"
ok "closing $A's first connection logged session $N1 off; objects/sessions/$N1 is gone"
# no session N1 any more: its directory in \Sessions is missing, not the object in it
expect_open a2 "Session\\$N1\\x" "ERROR_PATH_NOT_FOUND (3)"
expect_open a2 'Global\y' opened synchronize

# The normal end of the other logons: EOF ends their shells, ssh returns, and each
# logoff takes its session's namespace along.
for tag in a2 b; do
        sid=${SID[$tag]}
        mon=$(monitor_of "${SHELL_PID[$tag]}")
        fd=${IN_FD[$tag]}
        exec {fd}>&-
        wait_bounded "${SSH_PID[$tag]}" "ssh logon $tag" || fail "ssh logon $tag failed when its shell ended"
        "$PAM_WAIT" exit "$mon" 30 || fail "sshd's monitor of session $sid did not finish"
        [ ! -e "$RUN/objects/sessions/$sid" ] || fail "$RUN/objects/sessions/$sid outlived the logoff"
done
ok "the ends of the other logons removed objects/sessions/$N2 and /$N3"

kill -TERM "$SVC"
wait_bounded "$SVC" "the service's holder" || fail "the service's holder of 'Global\\y' failed: $(cat "$T/err-svc")"
ok "the service's holder ended cleanly"
