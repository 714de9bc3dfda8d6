#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `make demo`: session 0 isolation on this machine, as a narrated shell session.
# Usage: scripts/demo.sh BUILDDIR (as root, after the build).
#
# It starts a private session0d (runtime dir /run/session0-demo, cgroup tree
# session0-demo), runs a demo service in session 0, logs on two demo users made with
# useradd, shows what each session can and cannot see and the attack that session 0
# isolation stops, a real ssh logon through pam_session0 (a private sshd on 127.0.0.1)
# -- then the same in --isolation=legacy (Windows XP/2003), where the attack works. Every command is printed before its output. Everything it made is
# removed at the end, also on failure or Ctrl-C: the daemon (by its pid), its cgroup
# tree and runtime dir (session0d --purge), the sshd and /etc/pam.d/s0demo-sshd, the users.
#
# The demo checks its own claims: if something it says is refused is not (or the
# other way round), it stops with an error and a non-zero exit status.

# Commands in single quotes are printed as typed and expanded where they run.
# shellcheck disable=SC2016
set -euo pipefail

die() {
        echo "demo: $*" >&2
        exit 1
}

[ $# -eq 1 ] || die "usage: $0 BUILDDIR"
[ "$(id -u)" = 0 ] || die "must run as root (it creates users, cgroups and namespaces)"
BUILD=$(cd "$1" && pwd) || die "no build directory '$1'"
S0CTL_DIR=$BUILD/src/tools/s0ctl
S0D_DIR=$BUILD/src/daemon
for f in "$S0CTL_DIR/s0ctl" "$S0D_DIR/session0d" "$BUILD/src/anchor/s0-anchor" "$BUILD/src/pam/pam_session0.so"; do
        [ -x "$f" ] || die "$f is missing: build first (ninja -C $1)"
done
for c in useradd userdel ipcmk ipcs setsid timeout ssh ssh-keygen /usr/sbin/sshd; do
        command -v "$c" >/dev/null || die "'$c' is missing (make demo installs it: scripts/deps.sh)"
done

# The commands below are printed as typed: the build's binaries are on PATH, and
# s0ctl finds the daemon through S0_RUNTIME_DIR.
export PATH="$S0D_DIR:$S0CTL_DIR:$PATH"
export S0_RUNTIME_DIR=/run/session0-demo
CGNAME=session0-demo
ALICE=s0demo-alice
BOB=s0demo-bob
GECOS="session0 demo user"
# The cgroup2 mount: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts.
CGMNT=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' \
        /proc/self/mountinfo)
CGTREE=${CGMNT:-/sys/fs/cgroup}/$CGNAME

# The demo users run s0ctl inside their sessions. The build tree may be out of their
# reach (a clone in /root), so they get a copy, laid out as in the build tree
# (s0ctl finds libsession0.so.0 at $ORIGIN/../../lib), outside /tmp.
SESSION_BIN=/run/session0-demo-bin
T=$(mktemp -d /tmp/session0-demo.XXXXXX)
DPID=
OWN_DAEMON=
BIN_MADE=
SSHD_PID=
SSHD_LOG=
# OpenSSH names its PAM service after its program name: the demo's sshd is a symlink
# with this name, and its PAM file the only file the demo writes in /etc.
SSH_SERVICE=s0demo-sshd
PAMFILE=/etc/pam.d/$SSH_SERVICE
PAM_MADE=
USERS_MADE=()
XDG_MADE=()

# ---- presentation ---------------------------------------------------------------------

if [ -t 1 ]; then
        C_HEAD=$'\e[1;34m' C_CMD=$'\e[1m' C_PROMPT=$'\e[32m' C_ROOT=$'\e[31m' C_GOOD=$'\e[1;32m'
        C_BAD=$'\e[1;31m' C_NOTE=$'\e[2m' C_OFF=$'\e[0m'
else
        C_HEAD='' C_CMD='' C_PROMPT='' C_ROOT='' C_GOOD='' C_BAD='' C_NOTE='' C_OFF=''
fi

section() { printf '\n%s== %s%s\n' "$C_HEAD" "$*" "$C_OFF"; }
say() { printf '%s\n' "$*"; }
note() { printf '%s%s%s\n' "$C_NOTE" "$*" "$C_OFF"; }
blocked() { printf '%s   => %s%s\n' "$C_GOOD" "$*" "$C_OFF"; }
works() { printf '%s   => %s%s\n' "$C_BAD" "$*" "$C_OFF"; }

# ---- running commands -----------------------------------------------------------------
# Output goes to a file first (never a pipe: a process a command leaves running must
# not hold the demo up), then to the terminal, stdout and stderr in their order.

OUT=

# run EXPECT PROMPT CMD [REAL...]: prints PROMPT CMD, runs REAL (default: CMD through
# eval), shows the output; EXPECT ok|fail says how it must end.
run() {
        local expect=$1 prompt=$2 cmd=$3 rc=0
        shift 3
        printf '%s%s%s%s%s\n' "$prompt" "$C_OFF" "$C_CMD" "$cmd" "$C_OFF"
        if [ $# -gt 0 ]; then
                "$@" </dev/null >"$T/out" 2>&1 || rc=$?
        else
                (eval "$cmd") </dev/null >"$T/out" 2>&1 || rc=$?
        fi
        OUT=$(cat "$T/out")
        [ -z "$OUT" ] || printf '%s\n' "$OUT"
        if [ "$expect" = ok ] && [ "$rc" != 0 ]; then
                die "'$cmd' failed (exit $rc); it should have worked"
        elif [ "$expect" = fail ] && [ "$rc" = 0 ]; then
                die "'$cmd' worked; it should have been refused"
        fi
}

host() { run ok "${C_ROOT}host# " "$1"; }
host_fails() { run fail "${C_ROOT}host# " "$1"; }

# in_session ok|fail ID WHO CMD: CMD runs in session ID as WHO (a demo user's short
# name, or "service" for root), by `s0ctl run --session ID [--user USER] -- sh -c CMD`.
in_session() {
        local expect=$1 id=$2 who=$3 cmd=$4 user=() prompt
        if [ "$who" = service ]; then
                prompt="${C_ROOT}service@$id# "
        else
                user=(--user "s0demo-$who")
                prompt="${C_PROMPT}$who@$id\$ "
        fi
        # The session's environment is clean (PATH=/usr/local/bin:/usr/bin:/bin); put
        # the demo's s0ctl first, as `make install` would.
        run "$expect" "$prompt" "$cmd" s0ctl run --session "$id" "${user[@]}" -- sh -c \
                "PATH=$SESSION_BIN/tools/s0ctl:\$PATH; $cmd"
}
sess() { in_session ok "$@"; }
sess_fails() { in_session fail "$@"; }

expect_out() { # TEXT: the last output must contain TEXT
        [[ "$OUT" == *"$1"* ]] || die "expected the output to contain '$1'"
}

# ---- the daemon -------------------------------------------------------------------------

start_daemon() { # extra session0d options
        # the demo's audit journal lives (and goes) with its temporary directory
        local args=(--runtime-dir "$S0_RUNTIME_DIR" --cgroup "$CGNAME" --logoff-on-exit --audit-dir "$T/audit" "$@") line=
        rm -f "$T/ready"
        mkfifo "$T/ready"
        printf '%shost# %s%ssession0d %s --ready-fd 3 3>ready >>session0d.log 2>&1 &%s\n' "$C_ROOT" "$C_OFF" \
                "$C_CMD" "${args[*]}" "$C_OFF"
        session0d "${args[@]}" --ready-fd 3 3>"$T/ready" </dev/null >>"$T/session0d.log" 2>&1 &
        DPID=$!
        OWN_DAEMON=1
        # READY=1 comes once it serves; EOF (it died) or the 10 s guard fail the demo.
        read -r -t 10 line <"$T/ready" || true
        [ "$line" = "READY=1" ] || die "session0d did not become ready"
        printf '%shost# %s%sread -t 10 line <ready; echo $line%s\n%s\n' "$C_ROOT" "$C_OFF" "$C_CMD" "$C_OFF" "$line"
}

# SIGTERM: with --logoff-on-exit it logs every session off and removes its tree.
stop_daemon() {
        [ -n "$DPID" ] || return 0
        kill -TERM "$DPID" 2>/dev/null || true
        # bounded: a daemon that does not exit in 20 s is killed
        timeout 20 tail --pid="$DPID" -f /dev/null || kill -KILL "$DPID" 2>/dev/null || true
        { wait "$DPID"; } 2>/dev/null || true
        DPID=
}

# kill -9, as a crash would; reaped at once, without bash's "Killed" job notice.
kill_daemon_9() {
        kill -KILL "$DPID"
        { wait "$DPID"; } 2>/dev/null || true
        DPID=
}

purge() {
        session0d --purge --runtime-dir "$S0_RUNTIME_DIR" --cgroup "$CGNAME" >>"$T/session0d.log" 2>&1
}

# ---- users -------------------------------------------------------------------------------

make_user() {
        local u=$1 uid
        useradd -m -s /bin/sh -c "$GECOS" "$u"
        USERS_MADE+=("$u")
        uid=$(id -u "$u")
        # session0d makes /run/user/UID (the mount point of the session's private
        # XDG_RUNTIME_DIR) on the host, and /run/user if need be; ours to remove if new.
        [ -e /run/user ] || XDG_MADE=(/run/user "${XDG_MADE[@]}")
        [ -e "/run/user/$uid" ] || XDG_MADE=("/run/user/$uid" "${XDG_MADE[@]}")
}

# A demo user left by a demo that was killed (-9) is ours to remove; anyone else's is not.
remove_stale_user() {
        local u=$1 gecos
        gecos=$(getent passwd "$u" | cut -d: -f5) || return 0
        [ "$gecos" = "$GECOS" ] || die "user '$u' exists and is not a demo user; not touching it"
        userdel -r "$u" >/dev/null 2>&1 || die "cannot remove the stale demo user '$u'"
}

# ---- a private sshd whose PAM stack has pam_session0 ------------------------------------
# Loopback only, on a free port, keys only; its files live in $SESSION_BIN/ssh (under
# /run, readable by the demo users: sshd reads authorized keys as the user).

port_free() { # no LISTEN (state 0A) on TCP port $1, from /proc/net/tcp*
        local hex
        hex=$(printf '%04X' "$1")
        ! awk -v p="$hex" '$4 == "0A" { split($2, a, ":"); if (a[2] == p) f = 1 } END { exit !f }' \
                /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

start_sshd() {
        local dir=$SESSION_BIN/ssh i line=
        SSH_PORT=
        for ((i = 0; i < 100; i++)); do
                port_free $((23000 + i)) && SSH_PORT=$((23000 + i)) && break
        done
        [ -n "$SSH_PORT" ] || die "no free TCP port in 23000-23099 for the demo's sshd"
        install -d -m 0755 "$dir" "$dir/authorized"
        ssh-keygen -q -t ed25519 -N '' -f "$dir/hostkey"
        ssh-keygen -q -t ed25519 -N '' -C "$ALICE" -f "$dir/alice"
        install -m 0644 "$dir/alice.pub" "$dir/authorized/$ALICE"
        echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$dir/hostkey.pub")" >"$dir/known_hosts"
        printf '%s\n' "ListenAddress 127.0.0.1" "Port $SSH_PORT" "HostKey $dir/hostkey" "PidFile none" \
                "UsePAM yes" "PubkeyAuthentication yes" "AuthorizedKeysFile $dir/authorized/%u" "StrictModes no" \
                "PasswordAuthentication no" "KbdInteractiveAuthentication no" "PermitRootLogin no" \
                "PrintMotd no" "PrintLastLog no" "UseDNS no" >"$dir/sshd_config"
        # pubkey logons never call pam_authenticate; pam_unix for the other stages
        PAM_MADE=1
        printf '%s\n' "# written by session0's make demo, removed when it ends" \
                "auth     required pam_unix.so" "account  required pam_unix.so" "password required pam_deny.so" \
                "session  required pam_unix.so" \
                "session  required $BUILD/src/pam/pam_session0.so runtime_dir=$S0_RUNTIME_DIR" >"$PAMFILE"
        [ -d /run/sshd ] || mkdir -m 0755 /run/sshd # privilege separation directory
        ln -sf /usr/sbin/sshd "$dir/$SSH_SERVICE"
        # sshd -e logs to stderr, a fifo: "Server listening" comes once it accepts; EOF
        # (it died) or 10 s fail the demo. The fifo stays open until the end (SSHD_LOG),
        # so sshd never writes to a closed pipe; a few log lines fit in its buffer.
        mkfifo "$T/sshd.log"
        "$dir/$SSH_SERVICE" -D -e -f "$dir/sshd_config" 2>"$T/sshd.log" &
        SSHD_PID=$!
        exec {SSHD_LOG}<"$T/sshd.log"
        while read -r -t 10 -u "$SSHD_LOG" line; do
                [[ "$line" != *"Server listening"* ]] || return 0
        done
        die "the demo's sshd did not start listening (last line: '$line')"
}

# ssh_alice CMD: CMD in a real ssh logon of alice through the demo's sshd.
ssh_alice() {
        local dir=$SESSION_BIN/ssh
        run ok "${C_ROOT}host# " "ssh $ALICE@127.0.0.1 '$1'" \
                ssh -F /dev/null -i "$dir/alice" -p "$SSH_PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
                -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$dir/known_hosts" -o LogLevel=ERROR \
                "$ALICE@127.0.0.1" "PATH=$SESSION_BIN/tools/s0ctl:\$PATH; $1"
}

# ---- alice's terminal: a tmux pane on a private tmux server -----------------------------------

TMUX_SOCK=
pane_text() { tmux -L "$TMUX_SOCK" capture-pane -p -t s0demo; }
# wait_pane TEXT: until the pane shows TEXT (bounded: 10 s)
wait_pane() {
        local i
        for ((i = 0; i < 1000; i++)); do
                pane_text | grep -qF -- "$1" && return 0
                read -r -t 0.01 <> <(:) || :
        done
        die "alice's terminal never showed '$1'"
}
# wait_file FILE TEXT: until FILE contains TEXT (bounded: 10 s)
wait_file() {
        local i
        for ((i = 0; i < 1000; i++)); do
                grep -qF -- "$2" "$1" 2>/dev/null && return 0
                read -r -t 0.01 <> <(:) || :
        done
        die "'$1' never said '$2'"
}

# ---- cleanup ------------------------------------------------------------------------------

cleanup() {
        local rc=$? u d left=()
        set +e
        trap - EXIT INT TERM
        section "Cleaning up"
        if [ -n "$SSHD_PID" ]; then
                kill -TERM "$SSHD_PID" 2>/dev/null
                { wait "$SSHD_PID"; } 2>/dev/null
        fi
        [ -z "$SSHD_LOG" ] || exec {SSHD_LOG}<&-
        [ -z "$PAM_MADE" ] || rm -f "$PAMFILE"
        [ -z "$TMUX_SOCK" ] || tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
        if [ -n "${SPOOLER_PID:-}" ]; then
                kill -TERM "$SPOOLER_PID" 2>/dev/null
                { wait "$SPOOLER_PID"; } 2>/dev/null
        fi
        [ -z "${PRINTDRV_MADE:-}" ] || userdel s0-printdrv >/dev/null 2>&1
        if [ -n "$OWN_DAEMON" ]; then
                [ -z "$DPID" ] || say "stopping session0d (pid $DPID): it logs every session off"
                stop_daemon
                purge || echo "demo: session0d --purge failed" >&2
        fi
        for u in "${USERS_MADE[@]}"; do
                userdel -r "$u" >/dev/null 2>&1 || echo "demo: userdel $u failed" >&2
        done
        for d in "${XDG_MADE[@]}"; do
                rmdir "$d" 2>/dev/null
        done
        [ -z "$BIN_MADE" ] || rm -rf "$SESSION_BIN"
        if [ "$rc" != 0 ] && [ -s "$T/session0d.log" ]; then
                echo "---- session0d log (last 20 lines) ----" >&2
                tail -n 20 "$T/session0d.log" >&2
        fi
        rm -rf "$T"
        # What the demo made must be gone.
        [ ! -e "$S0_RUNTIME_DIR" ] || left+=("$S0_RUNTIME_DIR")
        [ ! -e "$CGTREE" ] || left+=("$CGTREE")
        [ -z "$BIN_MADE" ] || [ ! -e "$SESSION_BIN" ] || left+=("$SESSION_BIN")
        [ -z "$PAM_MADE" ] || [ ! -e "$PAMFILE" ] || left+=("$PAMFILE")
        for u in "${USERS_MADE[@]}"; do
                ! getent passwd "$u" >/dev/null || left+=("user $u")
        done
        for d in "${XDG_MADE[@]}"; do
                [ ! -e "$d" ] || left+=("$d")
        done
        if [ ${#left[@]} -eq 0 ]; then
                say "removed: session0d, its cgroup tree $CGTREE and $S0_RUNTIME_DIR${SSHD_PID:+, the private sshd and $PAMFILE}${USERS_MADE[*]:+, the users ${USERS_MADE[*]}}"
        else
                echo "demo: left behind: ${left[*]}" >&2
                [ "$rc" != 0 ] || rc=1
        fi
        exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- before we start ------------------------------------------------------------------------

[ -n "$CGMNT" ] || die "no cgroup2 hierarchy is mounted (session0d would mount one; the demo needs to find it)"
if s0ctl sessions >/dev/null 2>&1; then
        die "a session0d already serves $S0_RUNTIME_DIR (another demo running?)"
fi
if [ -e "$S0_RUNTIME_DIR" ] || [ -e "$CGTREE" ]; then
        # An earlier demo was killed before it could clean up; its daemon is gone.
        purge || die "cannot remove what an earlier demo left in $CGTREE"
fi
rm -rf "$SESSION_BIN"
BIN_MADE=1
install -d -m 0755 "$SESSION_BIN/tools/s0ctl" "$SESSION_BIN/lib"
install -m 0755 "$S0CTL_DIR/s0ctl" "$SESSION_BIN/tools/s0ctl/s0ctl"
install -m 0644 "$BUILD/src/lib/libsession0.so.0" "$SESSION_BIN/lib/libsession0.so.0"
# the window-message program of step 7b, laid out as in the build tree (its RUNPATH)
install -d -m 0755 "$SESSION_BIN/tests/windows" "$SESSION_BIN/src/lib" "$SESSION_BIN/src/win32"
install -m 0755 "$BUILD/tests/windows/test-windows" "$SESSION_BIN/tests/windows/test-windows"
install -m 0644 "$BUILD/src/lib/libsession0.so.0" "$SESSION_BIN/src/lib/libsession0.so.0"
install -m 0644 "$BUILD/src/win32/libsession0-win32.so.0" "$SESSION_BIN/src/win32/libsession0-win32.so.0"
install -d -m 1777 "$SESSION_BIN/shatter"
# s0-scm, s0-ui0detect and the three example services of step 7e (their RUNPATHs)
install -d -m 0755 "$SESSION_BIN/src/scm" "$SESSION_BIN/src/ui0detect" "$SESSION_BIN/examples/services" \
        "$SESSION_BIN/scm/conf" "$SESSION_BIN/scm/state"
install -m 0755 "$BUILD/src/scm/s0-scm" "$SESSION_BIN/src/scm/"
install -m 0755 "$BUILD/src/ui0detect/s0-ui0detect" "$SESSION_BIN/src/ui0detect/"
for e in wellbehaved postmessage showui; do
        install -m 0755 "$BUILD/examples/services/s0-example-$e" "$SESSION_BIN/examples/services/"
done
TW=$SESSION_BIN/tests/windows/test-windows
install -d -m 0755 "$SESSION_BIN/tools/s0-msgagent"
install -m 0755 "$BUILD/src/tools/s0-msgagent/s0-msgagent" "$SESSION_BIN/tools/s0-msgagent/s0-msgagent"
# s0-drvhost (issue 9) with the sensor driver, laid out for their RUNPATHs
install -d -m 0755 "$SESSION_BIN/drvhost/drivers" "$SESSION_BIN/win32" "$SESSION_BIN/drivers"
install -m 0755 "$BUILD/src/drvhost/s0-drvhost" "$BUILD/src/drvhost/s0-drvhost-worker" "$SESSION_BIN/drvhost/"
install -m 0644 "$BUILD/src/drvhost/drivers/sensor.so" "$SESSION_BIN/drvhost/drivers/"
install -m 0644 "$BUILD/src/win32/libsession0-win32.so.0" "$SESSION_BIN/win32/libsession0-win32.so.0"
printf '[Driver]\nPlugin=%s\nDevice=sensor D:(A;;GR;;;WD)\n' "$SESSION_BIN/drvhost/drivers/sensor.so" \
        >"$SESSION_BIN/drivers/sensor.conf"
getent passwd s0-umdf >/dev/null || useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin s0-umdf
remove_stale_user "$ALICE"
remove_stale_user "$BOB"

# ==== the demo ==================================================================================

say "${C_CMD}session0 demo${C_OFF}: Windows' session 0 isolation, enforced by the Linux kernel."
say "Every session is a cgroup with its own mount and IPC namespaces: its own /tmp,"
say "/dev/shm and SysV/POSIX IPC. Services live in session 0; users get 1, 2, ..."

section "1. Start a private session0d"
note "(its own runtime dir and cgroup tree: the machine's real instance, if any, is untouched)"
start_daemon
host "s0ctl sessions"
note "Session 0 exists from the start: non-interactive (Disc), no user -- the services' session."

section "2. A service in session 0"
note "It keeps a secret in /tmp and /dev/shm (readable by everyone, a common mistake),"
note "creates a SysV message queue, and stays running."
sess 0 service 'echo "db-password=hunter2" >/tmp/service-secret; cp /tmp/service-secret /dev/shm/; ipcmk -Q; sleep infinity >/dev/null 2>&1 &'
host_fails "ls /tmp/service-secret"
note "Not even the host sees it: session 0 has a /tmp of its own, too."

section "3. Two users log on"
make_user "$ALICE"
make_user "$BOB"
say "(made with useradd: $ALICE and $BOB; shown below as alice and bob)"
host "s0ctl logon $ALICE"
[ "$OUT" = 1 ] || die "alice's logon gave session '$OUT', expected 1"
host "s0ctl logon $BOB"
[ "$OUT" = 2 ] || die "bob's logon gave session '$OUT', expected 2"
host "s0ctl sessions"
note "Each session is a cgroup; its anchor (s0-anchor, root without capabilities) holds"
note "the session's namespaces while no one is logged on to it."
host "cd $CGTREE && grep . session-*/*/cgroup.procs"

section "4. What each session can see"
note "alice@1\$ CMD means: s0ctl run --session 1 --user $ALICE -- sh -c 'CMD'"
note "(with a copy of the build's s0ctl on the PATH)"
sess 1 alice 'echo "alice was here" >/tmp/alice-notes.txt; ipcmk -Q'
sess 1 alice 'ls -A /tmp /dev/shm; ipcs -q'
expect_out alice-notes.txt
sess 1 alice 's0ctl session-of $$; echo $S0_SESSION_ID'
sess 2 bob 'ls -A /tmp /dev/shm; ipcs -q'
[[ "$OUT" != *alice-notes* ]] || die "bob sees alice's file"
sess_fails 2 bob 'cat /tmp/alice-notes.txt'
sess 2 bob 's0ctl session-of $$'
sess 0 service 'ls -A /tmp /dev/shm; ipcs -q'
[[ "$OUT" != *alice-notes* ]] || die "the service sees alice's file"
note "Three sessions, three /tmp, three /dev/shm, three sets of IPC objects."

section "5. The attack, in the default (Vista+) mode"
note "alice goes after the service: read its secret, plant the job file it reads from /tmp,"
note "or get into session 0 itself."
sess_fails 1 alice 'cat /tmp/service-secret /dev/shm/service-secret'
blocked "blocked: in session 1 the service's files do not exist"
sess 1 alice 'echo "rm -rf /srv/data" >/tmp/service-job'
sess_fails 0 service 'cat /tmp/service-job'
blocked "blocked: alice's plant landed in her own /tmp; the service never sees it"
sess_fails 1 alice 's0ctl run --session 0 -- cat /tmp/service-secret'
expect_out "session 0 belongs to another user"
sess_fails 1 alice "echo \$\$ >$CGTREE/session-0/system/cgroup.procs"
blocked "blocked: the session is the kernel's cgroup; alice cannot claim another one"

section "6. Named kernel objects: Global\\, Local\\ and the squatters"
note "The service publishes a Global\\ event that users may wait on but not set: its security"
note "descriptor grants everyone (WD) only SYNCHRONIZE (0x100000). It holds it open in the background."
sess 0 service "s0ctl object hold event 'Global\\s0demo-ready' --manual-reset --sddl 'D:(A;;GA;;;SY)(A;;0x100000;;;WD)' >/dev/null 2>&1 & i=0; until s0ctl object set event 'Global\\s0demo-ready' 2>/dev/null; do i=\$((i+1)); [ \$i -lt 5000 ] || exit 1; done; echo published and set"
sess 1 alice "s0ctl object wait event 'Global\\s0demo-ready' --timeout 0"
expect_out signaled
sess_fails 1 alice "s0ctl object set event 'Global\\s0demo-ready'"
expect_out "ERROR_ACCESS_DENIED (5)"
blocked "alice may wait on the service's event, not set it (the file's mode says the same to the kernel)"
host "ls -l $S0_RUNTIME_DIR/objects/global"
note "alice keeps an object of her own in her session's namespace (Local\\)."
sess 1 alice "s0ctl object hold event 'Local\\alice-doc' >/dev/null 2>&1 & i=0; until s0ctl object open event 'Local\\alice-doc' >/dev/null 2>&1; do i=\$((i+1)); [ \$i -lt 5000 ] || exit 1; done; s0ctl objects"
sess_fails 2 bob "s0ctl object open event 'Local\\alice-doc'"
expect_out "ERROR_FILE_NOT_FOUND (2)"
sess_fails 2 bob "s0ctl object open event 'Session\\1\\alice-doc'"
expect_out "ERROR_ACCESS_DENIED (5)"
blocked "session 2 has its own Local\\ namespace, and session 1's belongs to alice"
note "bob tries to squat the name of a section the service will create (its config):"
sess_fails 2 bob "s0ctl object create section 'Global\\s0demo-config' --size 4096"
expect_out "ERROR_ACCESS_DENIED (5)"
blocked "creating a Global\\ section needs SeCreateGlobalPrivilege; bob has not got it"

section "7. The sanctioned crossings: WTS, WTSSendMessage, a helper in the user's session, the audit log"
note "Isolated, a service still has the channels Windows sanctions. First: who is logged on?"
sess 0 service "s0ctl sessions"
note "alice has a terminal (a tmux pane) with the session's message agent on it:"
TMUX_SOCK=s0demo-$$
run ok "${C_ROOT}host# " "tmux new-session -d -s s0demo 's0ctl run --session 1 --user $ALICE -- s0-msgagent'" \
        tmux -L "$TMUX_SOCK" new-session -d -s s0demo -x 90 -y 16 \
        "PATH=$PATH; s0ctl run --session 1 --user $ALICE -- $SESSION_BIN/tools/s0-msgagent/s0-msgagent --no-notify"
wait_pane "ready"
note "The service asks alice a question (WTSSendMessage) and waits for the answer:"
sess 0 service "s0ctl message --session 1 --style yesno --title 'Backup service' --timeout 60 'Restart the backup now?' >$SESSION_BIN/answer 2>&1 &"
wait_pane "Restart the backup now?"
say "${C_NOTE}alice's terminal:${C_OFF}"
pane_text | sed -e '/^$/d' -e 's/^/   | /'
run ok "${C_ROOT}host# " "tmux send-keys y        # alice presses Y" tmux -L "$TMUX_SOCK" send-keys -t s0demo y
wait_file "$SESSION_BIN/answer" "ID"
host "cat $SESSION_BIN/answer"
expect_out IDYES
note "For more than a message box, the service starts a helper in bob's session, as bob"
note "(what WTSQueryUserToken + CreateProcessAsUser do): it sees bob's /tmp, not alice's."
sess 0 service "s0ctl run --session 2 --user $BOB -- sh -c 'echo helper: session \$S0_SESSION_ID, user \$(id -un); ls -A /tmp'"
expect_out "session 2"
[[ "$OUT" != *alice-notes* ]] || die "the helper in bob's session sees alice's /tmp"
note "bob tries the same channel on alice's session, and on session 0:"
sess_fails 2 bob "s0ctl message --session 1 'Type your password here:'"
expect_out "ERROR_ACCESS_DENIED"
sess_fails 2 bob "s0ctl run --session 1 -- id"
blocked "refused: only a service may cross into another user's session"
host "s0ctl events --session 1 | tail -n 4"
note "Every crossing, allowed or refused, is in session0d's audit journal, with the identity"
note "the kernel gave (SO_PEERCRED, the cgroup), never what the client claimed."

section "7b. Window messages: the shatter attack"
note "A service in session 0 has a window whose WM_COPYDATA handler 'runs the command'"
note "the message names (here: it creates the file). Each session has its own window host."
sess 0 service "$TW server BackupService $SESSION_BIN/shatter $SESSION_BIN/shatter/hwnd >/dev/null 2>&1 &"
wait_file "$SESSION_BIN/shatter/hwnd" ""
HWND=$(cat "$SESSION_BIN/shatter/hwnd")
note "alice looks for it, and uses its HWND ($HWND) as if she had guessed it:"
sess 1 alice "$TW attack BackupService $HWND pwned-by-alice"
expect_out "SendMessage 0 1400"
[ ! -e "$SESSION_BIN/shatter/pwned-by-alice" ] || die "the shatter worked in default mode"
blocked "not found (2), ERROR_INVALID_WINDOW_HANDLE (1400): session 1's host has no such window"
host "s0ctl events --kind window | tail -n 3"

section "7c. Printing from a session: the spooler is a service in session 0"
if [ -x "$BUILD/src/spooler/s0-spooler" ] && [ -f "$BUILD/src/spooler/pdf.so" ]; then
        install -d -m 0755 "$SESSION_BIN/spooler" "$SESSION_BIN/win32" "$SESSION_BIN/printers"
        install -m 0755 "$BUILD/src/spooler/s0-spooler" "$BUILD/src/spooler/s0-printhost" "$SESSION_BIN/spooler/"
        install -m 0644 "$BUILD/src/spooler/pdf.so" "$SESSION_BIN/printers/"
        install -m 0644 "$BUILD/src/win32/libsession0-win32.so.0" "$SESSION_BIN/win32/"
        if ! getent passwd s0-printdrv >/dev/null; then
                useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin s0-printdrv
                PRINTDRV_MADE=1
        fi
        note "(s0-scm starts it from data/services/Spooler.conf; here it runs directly in session 0)"
        say "${C_ROOT}host# ${C_OFF}${C_CMD}s0ctl run --session 0 -- s0-spooler --printer PDF=pdf &${C_OFF}"
        s0ctl run --session 0 -- "$SESSION_BIN/spooler/s0-spooler" --printer PDF=pdf --runtime-dir "$S0_RUNTIME_DIR" \
                --spool-dir "$SESSION_BIN/spool" --output-dir "$SESSION_BIN/output" \
                --driver-dir "$SESSION_BIN/printers" --printhost "$SESSION_BIN/spooler/s0-printhost" \
                >"$SESSION_BIN/spooler.log" 2>&1 &
        SPOOLER_PID=$!
        for ((i = 0; i < 500; i++)); do
                s0ctl run --session 0 -- "$SESSION_BIN/tools/s0ctl/s0ctl" printers >/dev/null 2>&1 && break
                read -r -t 0.02 <> <(:) || :
        done
        sess 0 service "s0ctl printers"
        note "alice prints a text file from her session; the job is on disk before s0ctl returns:"
        sess 1 alice "printf 'Quarterly notes\\n\\nprinted from session 1 through session 0\\n' >/tmp/notes.txt; s0ctl print /tmp/notes.txt"
        expect_out "accepted by PDF"
        wait_pane "done:"
        say "${C_NOTE}alice's terminal: the spooler's notification (WTSSendMessage), not the driver's window:${C_OFF}"
        pane_text | sed -e '/^$/d' -e 's/^/   | /'
        tmux -L "$TMUX_SOCK" send-keys -t s0demo Enter
        host "ls -l $SESSION_BIN/output/$ALICE/"
        expect_out "-rw-------"
        host "pdfinfo $SESSION_BIN/output/$ALICE/*.pdf | grep -E 'Title|Pages|Producer'"
        sess_fails 2 bob "cat $SESSION_BIN/output/$ALICE/*.pdf"
        blocked "the PDF is alice's alone; the driver ran as s0-printdrv in its own host process"
        kill -TERM "$SPOOLER_PID" 2>/dev/null
        { wait "$SPOOLER_PID"; } 2>/dev/null
        SPOOLER_PID=
else
        note "(s0-spooler or its pdf driver was not built: libcairo2-dev missing; skipped)"
fi

section "7e. Services under isolation: the three example services and s0-ui0detect"
note "s0-scm, the service control manager, runs in session 0 and starts each service under"
note "its account in a cgroup of its own. Three example services, and Interactive Services"
note "Detection, are installed from .conf files:"
for e in wellbehaved postmessage showui; do
        printf '[Service]\nBinaryPath=%s\nAccount=LocalSystem\nStartType=demand\n' \
                "$SESSION_BIN/examples/services/s0-example-$e" >"$SESSION_BIN/scm/conf/$e.conf"
done
printf '[Service]\nBinaryPath=%s\nArguments=--runtime-dir %s\nAccount=LocalSystem\nStartType=auto\n' \
        "$SESSION_BIN/src/ui0detect/s0-ui0detect" "$S0_RUNTIME_DIR" >"$SESSION_BIN/scm/conf/ui0detect.conf"
say "${C_ROOT}host# ${C_OFF}${C_CMD}s0ctl run --session 0 -- s0-scm &${C_OFF}"
s0ctl run --session 0 -- "$SESSION_BIN/src/scm/s0-scm" --runtime-dir "$S0_RUNTIME_DIR" \
        --config-dir "$SESSION_BIN/scm/conf" --state-dir "$SESSION_BIN/scm/state" >"$SESSION_BIN/scm.log" 2>&1 &
SCM_PID=$!
for ((i = 0; i < 500; i++)); do
        s0ctl sc query ui0detect 2>/dev/null | grep -q RUNNING && break
        read -r -t 0.02 <> <(:) || :
done
host "s0ctl sc start wellbehaved >/dev/null && s0ctl sc start postmessage >/dev/null && s0ctl sc query | grep -E 'SERVICE_NAME|STATE'"
note "1) the supported way: a Global\\ event users may wait on, a pipe that knows who calls:"
sess 1 alice "s0ctl object wait event 'Global\\S0Example.Ready' --timeout 5000; s0ctl pipe call s0-example hello"
expect_out "in session 1, from session 0"
sess_fails 2 bob "s0ctl object set event 'Global\\S0Example.Ready'"
expect_out "ERROR_ACCESS_DENIED (5)"
blocked "the answer names alice's session as the kernel knows it; bob may wait, not set"
note "2) an XP-era service that posts a message to the user's tray window:"
host "grep s0-example-postmessage $SESSION_BIN/scm.log | head -n 1 | fold -s -w 100"
expect_out "not found"
blocked "no window of session 1 exists in session 0: the service is told what to use instead"
note "3) a service that opens a visible window: nobody can see it; s0-ui0detect tells alice:"
host "s0ctl sc start showui >/dev/null"
wait_pane "s0-example-show"
say "${C_NOTE}alice's terminal:${C_OFF}"
pane_text | sed -e '/^$/d' -e 's/^/   | /'
tmux -L "$TMUX_SOCK" send-keys -t s0demo Enter
host "s0ctl events --kind ui0 | tail -n 1"
note "4) the machine shuts down: SIGTERM to s0-scm (systemctl stop) gives every running service"
note "SERVICE_CONTROL_SHUTDOWN (or STOP), dependents first, then s0-scm exits; kill -9 would leave them running."
scm_shutdown() { # bounded: an s0-scm that does not exit in 30 s is killed
        kill -TERM "$(pgrep -f "^$SESSION_BIN/src/scm/s0-scm" | head -n1)"
        timeout 30 tail --pid="$SCM_PID" -f /dev/null || kill -KILL "$SCM_PID" 2>/dev/null || :
        { wait "$SCM_PID"; } 2>/dev/null || :
}
run ok "${C_ROOT}host# " "kill -TERM \$(pidof s0-scm)" scm_shutdown
host "grep -E 'SERVICE_CONTROL|Shutdown' $SESSION_BIN/scm.log"
expect_out "Shutdown complete"
host_fails "pgrep -fa 's0-example-|s0-ui0detect'"
blocked "nothing of the four services is left running"

section "7d. A user-mode driver in session 0: the sensor"
note "s0-drvhost runs each driver in a host process of its own in session 0, as s0-umdf,"
note "without capabilities. The sensor driver publishes Global\\s0-sensor-sensor, which"
note "everyone may wait on (SYNCHRONIZE) and nobody else may set."
sess 0 service "$SESSION_BIN/drvhost/s0-drvhost --console --config-dir $SESSION_BIN/drivers --worker $SESSION_BIN/drvhost/s0-drvhost-worker >/dev/null 2>&1 & i=0; until s0ctl devices | grep -q running; do i=\$((i+1)); [ \$i -lt 5000 ] || exit 1; done; s0ctl devices"
sess 1 alice "s0ctl device ioctl sensor 0x226080 --out-size 16"
expect_out "16 bytes"
sess 2 bob "s0ctl device ioctl sensor 0x226080 --out-size 16"
expect_out "16 bytes"
note "(IOCTL_SENSOR_READ: the reading in milli-degrees C, little-endian, then its sequence number)"
sess 1 alice "s0ctl object wait event 'Global\\s0-sensor-sensor' --timeout 5000"
expect_out signaled
sess 2 bob "s0ctl object wait event 'Global\\s0-sensor-sensor' --timeout 5000"
expect_out signaled
sess_fails 2 bob "s0ctl object set event 'Global\\s0-sensor-sensor'"
expect_out "ERROR_ACCESS_DENIED (5)"
blocked "bob may wait on the driver's event, not set it: its descriptor grants him SYNCHRONIZE only"

section "8. The kernel holds the state: kill -9 the daemon, start it again"
run ok "${C_ROOT}host# " "kill -9 $DPID" kill_daemon_9
start_daemon
host "s0ctl sessions"
sess 1 alice 'cat /tmp/alice-notes.txt'
note "Sessions, their processes and their files lived on; the new daemon adopted them."

section "9. Logoff leaves nothing behind"
note "bob leaves a process that ignores SIGTERM and has double-forked into its own session id."
sess 2 bob "(trap '' TERM HUP; setsid sleep infinity) >/dev/null 2>&1 &"
host "s0ctl logoff 2"
host "s0ctl sessions"
host "ls -d $CGTREE/session-*"
[[ "$OUT" != *session-2* ]] || die "session 2's cgroup is still there"
note "cgroup.kill took every process of session 2 at once (no fork escapes it); s0ctl"
note "returned when the cgroup was empty, and the cgroup is gone."
host_fails "s0ctl logoff 0"
expect_out "session 0 cannot be logged off"

section "10. A real logon: ssh through pam_session0"
note "One line in sshd's PAM stack puts every ssh logon in a session of its own:"
start_sshd
host "grep pam_session0 $PAMFILE"
note "(a private sshd on 127.0.0.1:$SSH_PORT with that PAM stack; the host's sshd is untouched)"
ssh_alice 's0ctl session-of $$; echo "S0_SESSION_ID=$S0_SESSION_ID XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"; ls -A /tmp'
SSH_SESSION=$(printf '%s\n' "$OUT" | head -n1)
[[ "$SSH_SESSION" =~ ^[1-9][0-9]*$ ]] || die "alice's ssh logon is in session '$SSH_SESSION', expected one >= 1"
[ "$SSH_SESSION" != 1 ] || die "alice's ssh logon joined her session 1; it should have got its own"
[[ "$OUT" != *alice-notes* ]] || die "alice's ssh session sees the /tmp of her session 1"
note "A new session ($SSH_SESSION), as each Windows logon gets one: her files in session 1's /tmp"
note "are not there. sshd's close_session logs it off when the connection ends."

section "11. The same in legacy mode (Windows XP/2003)"
host "s0ctl logoff 1"
host "kill $DPID"
stop_daemon
note "(SIGTERM with --logoff-on-exit: every session, session 0 too, is logged off and removed)"
start_daemon --isolation=legacy
sess 0 service 'echo "db-password=hunter2" >/tmp/service-secret; cp /tmp/service-secret /dev/shm/; ipcmk -Q; sleep infinity >/dev/null 2>&1 &'
host "s0ctl logon $ALICE"
[ "$OUT" = 0 ] || die "alice's legacy logon gave session '$OUT', expected 0"
host "s0ctl logon $BOB"
[ "$OUT" = 1 ] || die "bob's legacy logon gave session '$OUT', expected 1"
host "s0ctl sessions"
note "alice, the first user, shares session 0 with the service. Her attack again:"
sess 0 alice 's0ctl session-of $$; ls -A /tmp /dev/shm; ipcs -q'
sess 0 alice 'cat /tmp/service-secret'
expect_out hunter2
sess 0 alice 'echo "rm -rf /srv/data" >/tmp/service-job'
sess 0 service 'cat /tmp/service-job'
expect_out "rm -rf /srv/data"
works "the attack works: alice read the secret and fed the service her job"
note "And the shatter: the service's window, alice's same program."
rm -f "$SESSION_BIN/shatter/hwnd"
sess 0 service "$TW server BackupService $SESSION_BIN/shatter $SESSION_BIN/shatter/hwnd >/dev/null 2>&1 &"
wait_file "$SESSION_BIN/shatter/hwnd" ""
sess 0 alice "$TW attack BackupService 0 pwned-by-alice; ls -l $SESSION_BIN/shatter/pwned-by-alice"
expect_out "WM_COPYDATA 77 0"
works "the service ran alice's command, as root (XP had no UIPI between them)"
sess 1 bob 'ls -A /tmp; ipcs -q'
note "bob, in session 1, is still apart. Session 0 isolation gives every user that."

section "Done"
say "session0d --help, s0ctl --help, man session0d / s0ctl, and README.md for more."
