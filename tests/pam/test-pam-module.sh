#!/bin/bash
# shellcheck disable=SC2015 # "A && B || fail": fail runs when either is false, as meant
# pam_session0 driven by pam-driver, a minimal PAM application reading its PAM files
# from a directory of ours (nothing in /etc/pam.d is touched) and copying syslog to
# stderr, so the exact log lines can be checked. Runs in every build, ASan+UBSan too.
# Covers: open/close and the way back to the original cgroup, every option (and the
# logging of bad ones), the one log line when no session can be had, keep/reconnect,
# a multi-threaded application, a logon from inside a session, a non-root caller.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
[ -x "${PAM_DRIVER:-}" ] || fail "\$PAM_DRIVER is missing"

GRP=s0p${ID}iso
A=s0p${ID}a # plain user
B=s0p${ID}b # in the isolate= group
C=s0p${ID}c # in the isolate= group, but exempt
enter_home_cgroup
make_group "$GRP"
make_user "$A"
make_user "$B" "$GRP"
make_user "$C" "$GRP"
start_daemon
MYCG=$(sed -n 's/^0:://p' /proc/self/cgroup)
DOWN=/run/s0test-pam-$ID-down # a runtime dir no daemon serves

mkdir "$T/pam.d"
printf '%s required pam_deny.so\n' auth account password session >"$T/pam.d/other"
service() {
        local name=$1
        shift
        echo "session required $PAM_SESSION0 $*" >"$T/pam.d/$name"
}
service s0 "runtime_dir=$RUN debug"
service bad "runtime_dir=$RUN bogus logoff=maybe on_error=sometimes exempt=,x isolate=@ runtime_dir=relative"
service down "runtime_dir=$DOWN isolate=@$GRP exempt=$C"
service downfail "runtime_dir=$DOWN isolate=@$GRP exempt=$C on_error=fail"
service keep "runtime_dir=$RUN logoff=keep reconnect debug"

# drive [--threads|--as-root] SERVICE USER SHELL-COMMAND: out/err/rc in $T/d.{out,err,rc}
drive() {
        local opts=()
        while [[ "$1" == --* ]]; do
                opts+=("$1")
                shift
        done
        local rc=0
        "$PAM_DRIVER" "${opts[@]}" "$T/pam.d" "$1" "$2" -- sh -c "$3" >"$T/d.out" 2>"$T/d.err" || rc=$?
        echo "$rc" >"$T/d.rc"
}
rc() { cat "$T/d.rc"; }
out() { value "$1" "$T/d.out"; }
# the module's log lines (syslog, copied to stderr by pam-driver)
modlog() { grep "pam_session0(" "$T/d.err" || true; }
expect_log() { grep -qF -- "$1" "$T/d.err" || fail "log line missing: '$1'; got: $(cat "$T/d.err")"; }

# shellcheck disable=SC2016 # expanded by the session's shell
REPORT='echo sid=${S0_SESSION_ID:-none} xdg=${XDG_RUNTIME_DIR:-none} rt=${S0_RUNTIME_DIR:-none} cg=$(sed -n "s/^0:://p" /proc/self/cgroup)'

# -- open and close
drive s0 "$A" "$REPORT; echo x > /tmp/s0pam-$ID-drv; echo marker"
[ "$(rc)" = 0 ] || fail "pam-driver failed: $(cat "$T/d.err")"
SID=$(out sid)
[[ "$SID" =~ ^[1-9][0-9]*$ ]] || fail "no S0_SESSION_ID in the session: $(cat "$T/d.out")"
[ "$(out cg)" = "/$CG/session-$SID/user" ] || fail "the command ran in cgroup $(out cg)"
[ "$(out xdg)" = "/run/user/$(uid_of "$A")" ] && [ "$(out rt)" = "$RUN" ] || fail "environment: $(cat "$T/d.out")"
[ ! -e "/tmp/s0pam-$ID-drv" ] || fail "the session's /tmp is the host's"
grep -qx "pam-driver: cgroup before open: $MYCG" "$T/d.out" &&
        grep -qx "pam-driver: cgroup after close: $MYCG" "$T/d.out" ||
        fail "the application did not get back to its cgroup $MYCG: $(grep cgroup "$T/d.out")"
expect_log "User '$A' logged on to session $SID (came from cgroup $MYCG)"
expect_log "Session $SID logged off"
[ -z "$(session_field "$SID" id)" ] || fail "session $SID still listed after close"
ok "open: session $SID with S0_SESSION_ID, XDG_RUNTIME_DIR, S0_RUNTIME_DIR, private /tmp; close: back in $MYCG, logged off"

# -- the cgroup it came from is gone at close: back to the root cgroup instead
GONE=$CGMNT/s0test-pamgone-$ID
mkdir "$GONE"
CLEANUP_DIRS+=("$GONE")
sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' _ "$GONE" \
        "$PAM_DRIVER" --as-root "$T/pam.d" s0 "$A" -- sh -c "rmdir $GONE && echo removed" >"$T/d.out" 2>"$T/d.err" ||
        fail "pam-driver failed: $(cat "$T/d.err")"
grep -qx removed "$T/d.out" || fail "could not remove the application's cgroup"
expect_log "Cannot move back to $GONE/cgroup.procs (No such file or directory), moving to $CGMNT/cgroup.procs"
grep -qx "pam-driver: cgroup after close: /" "$T/d.out" || fail "not in the root cgroup after close"
expect_log "logged off"
ok "the application's cgroup vanished during the session: close moves it to the root cgroup and logs off"

# -- every option checked; bad ones logged and ignored, defaults stay in force
drive bad "$A" "$REPORT"
[ "$(rc)" = 0 ] && [[ "$(out sid)" =~ ^[1-9][0-9]*$ ]] || fail "bad options broke the logon: $(cat "$T/d.err")"
expect_log "Unknown option 'bogus', ignoring it"
expect_log "Option 'logoff=maybe': expected kill or keep, ignoring it"
expect_log "Option 'on_error=sometimes': expected fail or ignore, ignoring it"
expect_log "Invalid list in option 'exempt=,x' (expected user,@group,...), ignoring it"
expect_log "Invalid list in option 'isolate=@' (expected user,@group,...), ignoring it"
expect_log "Option 'runtime_dir=relative' needs an absolute path, ignoring it"
[ -z "$(session_field "$(out sid)" id)" ] || fail "logoff=kill (the default) did not apply"
ok "unknown options and bad values are logged one by one and ignored; the defaults stay"

# -- no daemon: one clear line, and the on_error/isolate/exempt decision
drive down "$A" "$REPORT; echo marker"
[ "$(rc)" = 0 ] && grep -qx marker "$T/d.out" && [ "$(out sid)" = none ] || fail "down: $A not let in: $(cat "$T/d.err")"
[ "$(modlog | wc -l)" = 1 ] || fail "down: want exactly one log line, got: $(modlog)"
expect_log "User '$A' logs on without a session, not isolated: session0d is not running ($DOWN/control: No such file or directory) (on_error=ignore)"
ok "session0d not running: $A is let in without a session, one line says so: $(modlog | sed 's/.*: User/User/')"

drive down "$B" "echo marker"
[ "$(rc)" = 125 ] && ! grep -q marker "$T/d.out" || fail "down: isolated $B was let in (rc $(rc))"
expect_log "pam-driver: pam_open_session: Cannot make/remove an entry for the specified session"
[ "$(modlog | wc -l)" = 1 ] || fail "down: want exactly one log line, got: $(modlog)"
expect_log "Refusing logon of user '$B' without a session: session0d is not running ($DOWN/control: No such file or directory) (user is listed in isolate=)"
ok "session0d not running: $B (in isolate=@$GRP) is refused with PAM_SESSION_ERR and one line"

drive down "$C" "echo marker"
[ "$(rc)" = 0 ] && grep -qx marker "$T/d.out" && [ -z "$(modlog)" ] || fail "down: exempt $C: rc $(rc), $(modlog)"
ok "session0d not running: exempt $C is let in, nothing to log (no session was wanted)"

drive downfail "$A" "echo marker"
[ "$(rc)" = 125 ] && ! grep -q marker "$T/d.out" || fail "on_error=fail: $A was let in"
expect_log "Refusing logon of user '$A' without a session: session0d is not running ($DOWN/control: No such file or directory) (on_error=fail)"
ok "on_error=fail: $A is refused too"

# a socket nobody listens on (a daemon killed with -9 leaves one behind)
mkdir -p "$DOWN"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET).bind(sys.argv[1])' "$DOWN/control"
drive down "$B" "echo marker"
[ "$(rc)" = 125 ] || fail "stale socket: isolated $B was let in"
expect_log "Refusing logon of user '$B' without a session: session0d is not running ($DOWN/control: Connection refused) (user is listed in isolate=)"
rm -rf "$DOWN"
ok "a stale socket counts as not running (Connection refused)"

# -- the daemon's own refusal reaches the log: JOIN needs root. (Copies of the driver
# and the module: the build tree may not be readable by other users.)
mkdir "$T/nr"
cp "$PAM_DRIVER" "$PAM_SESSION0" "$T/nr/"
chmod -R a+rX "$T/nr"
echo "session required $T/nr/${PAM_SESSION0##*/} runtime_dir=$RUN debug" >"$T/pam.d/s0nr"
runuser -u "$A" -- "$T/nr/${PAM_DRIVER##*/}" --as-root "$T/pam.d" s0nr "$A" -- sh -c "$REPORT" >"$T/d.out" 2>"$T/d.err" ||
        fail "a non-root PAM application failed: $(cat "$T/d.err")"
[ "$(out sid)" = none ] || fail "a non-root caller got a session"
expect_log "User '$A' logs on without a session, not isolated: session0d refused to join a session: join needs root (caller is uid $(uid_of "$A")) (on_error=ignore)"
ok "a non-root PAM application: session0d's refusal is logged word for word"

# -- logoff=keep and reconnect
drive keep "$A" "$REPORT; echo kept > /tmp/s0pam-$ID-kept; setsid sleep 120 </dev/null >/dev/null 2>&1 &"
KSID=$(out sid)
[ "$(rc)" = 0 ] && [[ "$KSID" =~ ^[1-9][0-9]*$ ]] || fail "keep: no session: $(cat "$T/d.err")"
expect_log "Session $KSID disconnected"
[ "$(session_field "$KSID" state)" = Disc ] && [ "$(session_field "$KSID" processes)" = 1 ] ||
        fail "keep: session $KSID is $(session_field "$KSID" state) with $(session_field "$KSID" processes) processes"
drive keep "$A" "$REPORT; echo file=\$(cat /tmp/s0pam-$ID-kept)"
[ "$(out sid)" = "$KSID" ] && [ "$(out file)" = kept ] || fail "reconnect: landed in $(out sid), file '$(out file)'"
expect_log "User '$A' reconnected to session $KSID"
s0ctl logoff "$KSID" >/dev/null
ok "logoff=keep leaves session $KSID Disc with its process; reconnect takes it back with its /tmp"

# -- a multi-threaded PAM application
drive --threads s0 "$A" "$REPORT; echo x > /tmp/s0pam-$ID-thr"
[ "$(rc)" = 0 ] && [[ "$(out sid)" =~ ^[1-9][0-9]*$ ]] || fail "threads: $(cat "$T/d.err")"
[ "$(out cg)" = "/$CG/session-$(out sid)/user" ] && [ ! -e "/tmp/s0pam-$ID-thr" ] ||
        fail "threads: the command is not inside the session: $(cat "$T/d.out")"
ok "a multi-threaded application enters the session from its PAM thread"

# -- a logon from inside a session stays in it (as pam_systemd does; Windows' runas too)
drive --as-root s0 "$A" "$REPORT; $PAM_DRIVER $T/pam.d s0 $B -- sh -c 'echo inner=\$S0_SESSION_ID innercg=\$(sed -n s/^0:://p /proc/self/cgroup)'"
OUTER=$(out sid)
[ "$(rc)" = 0 ] && [[ "$OUTER" =~ ^[1-9][0-9]*$ ]] || fail "nested: $(cat "$T/d.err")"
[ "$(out inner)" = "$OUTER" ] && [ "$(out innercg)" = "/$CG/session-$OUTER/user" ] ||
        fail "nested: the inner logon left session $OUTER: $(cat "$T/d.out")"
expect_log "Already in session $OUTER (/$CG/session-$OUTER/user): no new session for '$B'"
ok "a logon of $B from inside session $OUTER stays in session $OUTER"

# -- legacy mode (XP/2003): the first logon joins session 0 with the services; its
# close logs off only that console user, session 0 stays
stop_daemon
start_daemon --isolation legacy
drive s0 "$A" "$REPORT"
[ "$(rc)" = 0 ] && [ "$(out sid)" = 0 ] && [ "$(out cg)" = "/$CG/session-0/console" ] ||
        fail "legacy: the first logon is not in session 0's console: $(cat "$T/d.out" "$T/d.err")"
expect_log "Session 0 logged off"
[ "$(session_field 0 id)" = 0 ] || fail "legacy: session 0 is gone after the console logoff"
[ -z "$(session_field 0 user)" ] || fail "legacy: session 0 still lists user $(session_field 0 user) after the console logoff"
grep -qx "pam-driver: cgroup after close: $MYCG" "$T/d.out" || fail "legacy: not back in $MYCG"
ok "legacy mode: the logon lands in session 0 (console); close logs off the console user only, session 0 stays"
