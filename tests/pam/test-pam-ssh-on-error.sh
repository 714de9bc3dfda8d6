#!/bin/bash
# shellcheck disable=SC2015 # "A && B || fail": fail runs when either is false, as meant
# Who gets a session, and what happens when session0d is down, through a real sshd:
# - exempt= users get no session, and sshd keeps working for them, daemon or not;
# - with session0d down, by default (on_error unset) a user in an isolate= group is
#   refused and everybody else logs on without a session;
# - on_error=fail refuses everybody who is not exempt.
# (The line each case writes to the system log is checked in test-pam-module.sh, whose
# PAM application copies syslog to stderr.)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
skip_if_sanitized sshd

GRP=s0p${ID}iso
A=s0p${ID}a # plain user
B=s0p${ID}b # in the isolate= group
C=s0p${ID}c # in the isolate= group, but exempt
make_group "$GRP"
make_user "$A"
make_user "$B" "$GRP"
make_user "$C" "$GRP"
enter_home_cgroup
start_daemon
write_pam_service "isolate=@$GRP" "exempt=$C,@nosuchgroup$ID"
start_sshd
SSHD_CGROUP=$(sed -n 's/^0:://p' "/proc/$SSHD_PID/cgroup")

# probe USER: one logon that reports its session and cgroup; prints "rc=N ..." and
# leaves the output in $T/probe.
probe() {
        local rc=0
        ssh_as "$1" "echo marker sid=\${S0_SESSION_ID:-none} xdg=\${XDG_RUNTIME_DIR:-none}" \
                "cgroup=\$(sed -n 's/^0:://p' /proc/self/cgroup)" >"$T/probe" 2>"$T/probe.err" || rc=$?
        echo "rc=$rc" >>"$T/probe"
}

# -- session0d running
probe "$A"
[ "$(value rc "$T/probe")" = 0 ] && [[ "$(value sid "$T/probe")" =~ ^[1-9][0-9]*$ ]] ||
        fail "with session0d up, $A got no session: $(cat "$T/probe" "$T/probe.err")"
ok "session0d up: $A gets a session ($(value sid "$T/probe"))"

probe "$C"
[ "$(value rc "$T/probe")" = 0 ] && grep -q marker "$T/probe" || fail "exempt $C cannot log on: $(cat "$T/probe.err")"
[ "$(value sid "$T/probe")" = none ] && [ "$(value xdg "$T/probe")" = none ] ||
        fail "exempt $C got S0_SESSION_ID/XDG_RUNTIME_DIR: $(cat "$T/probe")"
[ "$(value cgroup "$T/probe")" = "$SSHD_CGROUP" ] || fail "exempt $C's shell is in cgroup $(value cgroup "$T/probe")"
[ "$(s0ctl --json sessions | python3 -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin) if s["user"] == sys.argv[1]))' "$C")" = 0 ] ||
        fail "a session was created for exempt $C"
ok "exempt $C (listed by name in exempt=) logs on with no session, its shell stays in sshd's cgroup"

# -- session0d down (SIGTERM: it logs every session off and removes its socket)
stop_daemon
[ ! -e "$RUN/control" ] || fail "session0d's socket is still there"

probe "$A"
[ "$(value rc "$T/probe")" = 0 ] && grep -q marker "$T/probe" ||
        fail "session0d down: $A (not isolated) cannot log on: $(cat "$T/probe.err")"
[ "$(value sid "$T/probe")" = none ] && [ "$(value cgroup "$T/probe")" = "$SSHD_CGROUP" ] ||
        fail "session0d down: $A's shell claims a session: $(cat "$T/probe")"
ok "session0d down, on_error unset: $A (not in @$GRP) logs on without a session"

probe "$B"
[ "$(value rc "$T/probe")" != 0 ] && ! grep -q marker "$T/probe" ||
        fail "session0d down: $B (in isolate=@$GRP) was let in: $(cat "$T/probe")"
grep -q "PAM: pam_open_session(): Cannot make/remove an entry for the specified session" "$T/sshd.log" ||
        fail "sshd did not log the refused PAM session"
ok "session0d down, on_error unset: $B (in isolate=@$GRP) is refused (ssh exit $(value rc "$T/probe"))"

probe "$C"
[ "$(value rc "$T/probe")" = 0 ] && grep -q marker "$T/probe" ||
        fail "session0d down: exempt $C cannot log on: $(cat "$T/probe.err")"
ok "session0d down: sshd keeps working for exempt $C (in @$GRP too)"

# -- on_error=fail: nobody but the exempt gets in without a session
write_pam_service on_error=fail "isolate=@$GRP" "exempt=@nosuchgroup$ID,$C"
probe "$A"
[ "$(value rc "$T/probe")" != 0 ] && ! grep -q marker "$T/probe" || fail "on_error=fail: $A was let in"
ok "session0d down, on_error=fail: $A is refused too"
probe "$C"
[ "$(value rc "$T/probe")" = 0 ] && grep -q marker "$T/probe" || fail "on_error=fail: exempt $C refused"
ok "session0d down, on_error=fail: exempt $C still logs on"

# -- and back: a restarted session0d gives sessions again, without restarting sshd
start_daemon
probe "$B"
[ "$(value rc "$T/probe")" = 0 ] && [[ "$(value sid "$T/probe")" =~ ^[1-9][0-9]*$ ]] ||
        fail "session0d back: $B gets no session: $(cat "$T/probe" "$T/probe.err")"
ok "session0d restarted: $B logs on again, in session $(value sid "$T/probe")"
