#!/bin/bash
# shellcheck disable=SC2015 # "A && B || fail": fail runs when either is false, as meant
# `su -l USER -c CMD` through PAM with pam_session0: su's shell lands in a new session,
# and the session is logged off when su exits. util-linux su has a fixed PAM service
# name ("su-l" with -l), so su runs in a private mount namespace (unshare -m) where our
# service file is bind-mounted over /etc/pam.d/su-l; the host's file is not touched.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
skip_if_sanitized su

command -v su >/dev/null || fail "su is missing (util-linux)"
A=s0p${ID}a
make_user "$A"
user_s0ctl "$A"
enter_home_cgroup
start_daemon
cat >"$T/pam-su-l" <<EOF
# written by a session0 test: what su -l reads in this test's mount namespace only
auth     sufficient pam_rootok.so
auth     required   pam_deny.so
account  required   pam_unix.so
password required   pam_deny.so
session  required   pam_unix.so
session  required   $PAM_SESSION0 runtime_dir=$RUN debug
EOF
mkfifo -m 0666 "$T/fifo"

# shellcheck disable=SC2016 # expanded by the inner shells
unshare -m --propagation private sh -c 'mount --bind "$1" /etc/pam.d/su-l && exec su -l "$2" -c "$3"' _ \
        "$T/pam-su-l" "$A" \
        "echo id=\$($US0CTL --runtime-dir $RUN session-of \$\$) sid=\${S0_SESSION_ID:-none} xdg=\${XDG_RUNTIME_DIR:-none} pid=\$\$ user=\$(id -un);
         echo su-tmp > /tmp/s0pam-$ID-su; echo ready; read x < $T/fifo; echo released" >"$T/out" 2>"$T/err" &
SU=$!
STARTED_PIDS+=("$SU")
"$PAM_WAIT" text "$T/out" ready 30 || fail "su -l $A did not start its shell: $(cat "$T/err" 2>/dev/null)"
SID=$(value id "$T/out")
PID=$(value pid "$T/out")
[[ "$SID" =~ ^[0-9]+$ ]] && [ "$SID" -ge 1 ] || fail "su's shell: s0ctl session-of \$\$ printed '$SID'"
[ "$(value user "$T/out")" = "$A" ] && [ "$(value sid "$T/out")" = "$SID" ] &&
        [ "$(value xdg "$T/out")" = "/run/user/$(uid_of "$A")" ] || fail "su's shell environment: $(cat "$T/out")"
[ "$(session_field "$SID" user)" = "$A" ] || fail "session $SID is not $A's"
# su itself (the PAM application, root) waits for the shell inside the session
[ "$(cgroup_session_of "$SU")" = "$SID" ] || fail "su (pid $SU) is not in session $SID"
[ -e "/proc/$PID/root/tmp/s0pam-$ID-su" ] && [ ! -e /tmp/s0pam-$ID-su ] || fail "su's shell does not have a private /tmp"
ok "su -l $A: the shell runs in new session $SID (S0_SESSION_ID, XDG_RUNTIME_DIR set, private /tmp)"

release "$T/fifo"
wait_bounded "$SU" "su -l" || fail "su -l failed: $(cat "$T/err" 2>/dev/null)"
grep -qx released "$T/out" || fail "su's command did not finish"
# close_session returned before su exited, and logoff returns once the session is gone
[ -z "$(session_field "$SID" id)" ] && [ ! -d "$(session_cgroup_dir "$SID")" ] ||
        fail "session $SID remains after su exited"
! alive "$PID" || fail "su's shell $PID outlived the logoff"
ok "su exited: session $SID is logged off (not listed, cgroup gone, no process)"
