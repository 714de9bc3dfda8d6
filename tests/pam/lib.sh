# shellcheck shell=bash disable=SC2015
# Shared by the pam_session0 tests and bench/bench-pam.sh: a private session0d, test
# users, a private PAM service file and a private sshd on 127.0.0.1. Source it, then
# call the pieces you need; everything is undone on exit (trap EXIT), even on failure.
#
# Needs: S0D S0CTL S0_ANCHOR PAM_SESSION0 PAM_WAIT (paths), root.
# Nothing of the host is touched but what is created here: users and groups named
# s0p<pid>*, /etc/pam.d/s0test-<pid> (sshd has no option for its PAM service name, it
# uses its own program name, so it runs through a symlink of that name), the runtime
# directory /run/s0test-pam-<pid>, the cgroup tree s0test-pam-<pid>, and a work
# directory under /run (not /tmp: sessions have their own /tmp).

set -euo pipefail

ID=$$
RUN=/run/s0test-pam-$ID
CG=s0test-pam-$ID
SERVICE=s0test-$ID
PAMFILE=/etc/pam.d/$SERVICE
T=
DPID=
SSHD_PID=
PORT=
PAM_CREATED=
CREATED_USERS=()
CREATED_GROUPS=()
STARTED_PIDS=()
CLEANUP_DIRS=() # empty directories (cgroups) to remove at exit
LIB_QUIET=${LIB_QUIET:-}
US0CTL=

fail() {
        echo "FAIL: $*" >&2
        exit 1
}
ok() { [ -n "$LIB_QUIET" ] || echo "ok - $*"; }

# Every wait here is bounded: a cleanup that hangs would leave everything behind.
lib_cleanup() {
        local rc=$? p
        set +e
        trap '' INT TERM # finish the cleanup even when told to stop meanwhile
        for p in "${STARTED_PIDS[@]}"; do
                kill -TERM "$p" 2>/dev/null
        done
        for p in "${STARTED_PIDS[@]}"; do
                "$PAM_WAIT" exit "$p" 5 2>/dev/null || kill -KILL "$p" 2>/dev/null
        done
        if [ -n "$SSHD_PID" ]; then
                kill -TERM "$SSHD_PID" 2>/dev/null
                "$PAM_WAIT" exit "$SSHD_PID" 10 || kill -KILL "$SSHD_PID" 2>/dev/null
        fi
        stop_daemon
        "$S0D" --purge --runtime-dir "$RUN" --cgroup "$CG" 2>/dev/null
        for p in "${STARTED_PIDS[@]}"; do
                wait "$p" 2>/dev/null
        done
        [ -z "$PAM_CREATED" ] || rm -f "$PAMFILE" "$PAMFILE.new"
        # files the sessions make are named s0pam-<pid>-*: on the host only if one leaked
        rm -f /tmp/s0pam-"$ID"-* /dev/shm/s0pam-"$ID"-*
        leave_home_cgroup
        for p in "${CLEANUP_DIRS[@]}"; do
                rmdir "$p" 2>/dev/null
        done
        for p in "${CREATED_USERS[@]}"; do
                # session0d makes /run/user/UID on the host as the mount point of each
                # session's private one, and leaves it: remove it while it is empty
                rmdir "/run/user/$(id -u "$p")" 2>/dev/null
                userdel -r "$p" 2>/dev/null || userdel "$p" 2>/dev/null
        done
        for p in "${CREATED_GROUPS[@]}"; do
                groupdel "$p" 2>/dev/null
        done
        if [ $rc -ne 0 ] && [ -n "$T" ]; then
                local f
                for f in daemon.log sshd.log; do
                        [ -s "$T/$f" ] || continue
                        echo "--- last lines of $f" >&2
                        tail -n 30 "$T/$f" >&2
                done
        fi
        [ -z "$T" ] || rm -rf "$T"
        exit $rc
}
trap lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for v in S0D S0CTL S0_ANCHOR PAM_SESSION0 PAM_WAIT; do
        [ -n "${!v:-}" ] && [ -e "${!v}" ] || fail "\$$v is not set or missing"
done

T=$(mktemp -d /run/s0test-pamw.XXXXXX)
chmod 755 "$T" # the test users read their fifos and keys in here
# The module and the PAM driver are also loaded and run from inside sessions (nested
# logons), where a build tree under /tmp is hidden by the session's own /tmp: use
# copies in our directory under /run.
mkdir "$T/bin"
cp "$PAM_SESSION0" "$T/bin/" || fail "cannot copy $PAM_SESSION0"
PAM_SESSION0=$T/bin/${PAM_SESSION0##*/}
if [ -n "${PAM_DRIVER:-}" ] && [ -e "$PAM_DRIVER" ]; then
        cp "$PAM_DRIVER" "$T/bin/" || fail "cannot copy $PAM_DRIVER"
        PAM_DRIVER=$T/bin/${PAM_DRIVER##*/}
fi
chmod -R a+rX "$T/bin"

# The cgroup2 mount: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts.
CGMNT=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
        /proc/self/mountinfo | head -n1)
[ -n "$CGMNT" ] || fail "no cgroup2 hierarchy mounted"

# A cgroup of the test's own to start everything from, so that "the cgroup the PAM
# application came from" is a real one, not the root. Undone at exit.
HOME_CG=
ORIG_CG=
enter_home_cgroup() {
        ORIG_CG=$(sed -n 's/^0:://p' /proc/self/cgroup)
        HOME_CG=/s0test-pamhome-$ID
        mkdir "$CGMNT$HOME_CG"
        echo $$ >"$CGMNT$HOME_CG/cgroup.procs"
}
leave_home_cgroup() {
        [ -n "$HOME_CG" ] || return 0
        echo $$ >"$CGMNT$ORIG_CG/cgroup.procs" 2>/dev/null || echo $$ >"$CGMNT/cgroup.procs"
        rmdir "$CGMNT$HOME_CG" 2>/dev/null || true
        HOME_CG=
}

# ---- session0d ----------------------------------------------------------------------

# start_daemon [EXTRA-ARGS...]
# shellcheck disable=SC2120 # the arguments are optional
start_daemon() {
        rm -f "$T/ready"
        mkfifo "$T/ready"
        "$S0D" --runtime-dir "$RUN" --cgroup "$CG" --anchor "$S0_ANCHOR" --logoff-on-exit \
                --audit-dir "$T/audit" "$@" \
                --ready-fd 3 3>"$T/ready" 2>>"$T/daemon.log" &
        DPID=$!
        local line=
        read -r -t 10 line <"$T/ready" || fail "session0d did not become ready"
        [ "$line" = "READY=1" ] || fail "session0d said '$line'"
}

# SIGTERM: --logoff-on-exit logs every session off and removes the runtime directory.
stop_daemon() {
        [ -n "$DPID" ] || return 0
        kill -TERM "$DPID" 2>/dev/null || true
        "$PAM_WAIT" exit "$DPID" 30 || kill -KILL "$DPID" 2>/dev/null || true
        wait "$DPID" 2>/dev/null || true
        DPID=
}

# shellcheck disable=SC2153 # S0CTL comes from the environment
s0ctl() { "$S0CTL" --runtime-dir "$RUN" "$@"; }

# FIELD of session ID in `s0ctl sessions --json` ("" if the session is not listed).
session_field() {
        s0ctl --json sessions | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if s["id"] == int(sys.argv[1]):
        print(s[sys.argv[2]])' "$1" "$2"
}

session_cgroup_dir() { echo "$CGMNT/$CG/session-$1"; }

# The session a process is in, from its cgroup ("" if none of ours).
cgroup_session_of() {
        sed -n "s|^0::/$CG/session-\([0-9]*\)/.*|\1|p" "/proc/$1/cgroup" 2>/dev/null
}

# ---- users ------------------------------------------------------------------------

make_group() {
        groupadd "$1"
        CREATED_GROUPS+=("$1")
}

# make_user NAME [GROUP,...]: a real user with a shell, a home and an ssh key pair.
# useradd leaves the password locked ("!"), and it stays so: with UsePAM yes sshd leaves
# account checks to PAM, whose pam_unix account stage does not refuse a locked password,
# so key logons work -- and nobody can `su` to the user with an empty password meanwhile.
make_user() {
        local name=$1 groups=${2:-}
        useradd -m -s /bin/bash ${groups:+-G "$groups"} "$name"
        CREATED_USERS+=("$name")
        mkdir -p "$T/keys" "$T/authorized"
        ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$T/keys/$name"
        cp "$T/keys/$name.pub" "$T/authorized/$name"
        chmod 644 "$T/authorized/$name"
}

uid_of() { id -u "$1"; }

# ---- PAM and sshd -----------------------------------------------------------------

# write_pam_service [none | OPTION...]: the test's PAM service, used by the private
# sshd. Key authentication only (sshd never calls pam_authenticate then, and the test
# users' passwords are locked anyway); pam_unix for the other stages as on a real system
# (its setcred lets sshd log "PAM: deleting credentials" after close_session returned,
# which the tests use to see that sshd survived the logoff); then pam_session0 with OPTIONs and
# the test daemon's runtime directory -- or, with "none", without pam_session0.
# sshd reads the file at every connection: rewriting it changes the next logon.
write_pam_service() {
        {
                echo "# written by a session0 test, removed when it ends"
                echo "auth     required pam_unix.so"
                echo "account  required pam_unix.so"
                echo "password required pam_deny.so"
                echo "session  required pam_unix.so"
                if [ "${1:-}" != none ]; then
                        echo "session  required $PAM_SESSION0 runtime_dir=$RUN $*"
                fi
        } >"$PAMFILE.new"
        PAM_CREATED=1
        mv "$PAMFILE.new" "$PAMFILE"
}

# Is nothing listening on TCP port $1? (/proc/net/tcp*: state 0A is LISTEN; no iproute2
# needed.) sshd failing to bind anyway shows up as "did not start listening".
port_free() {
        local hex
        hex=$(printf '%04X' "$1")
        ! awk -v p="$hex" '$4 == "0A" { split($2, a, ":"); if (a[2] == p) found = 1 } END { exit !found }' \
                /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

start_sshd() {
        local p i
        [ -x /usr/sbin/sshd ] || fail "/usr/sbin/sshd is missing (openssh-server: scripts/deps.sh)"
        for ((i = 0; i < 100; i++)); do
                p=$((22000 + (ID + i) % 1000))
                if port_free "$p"; then
                        PORT=$p
                        break
                fi
        done
        [ -n "$PORT" ] || fail "no free port in 22000-22999"
        ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey"
        echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$T/hostkey.pub")" >"$T/known_hosts"
        cat >"$T/sshd_config" <<EOF
# a private sshd for a session0 test: loopback only, keys only, PAM on
ListenAddress 127.0.0.1
Port $PORT
HostKey $T/hostkey
PidFile $T/sshd.pid
UsePAM yes
PubkeyAuthentication yes
AuthorizedKeysFile $T/authorized/%u
# the keys live in the test's directory under /run, not in a home
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
PrintMotd no
PrintLastLog no
UseDNS no
LogLevel DEBUG1
MaxStartups 100
MaxSessions 100
EOF
        # sshd's privilege-separation directory; Debian creates it when ssh starts at boot
        [ -d /run/sshd ] || mkdir -m 0755 /run/sshd
        # OpenSSH names its PAM service after its program name (__progname)
        ln -s /usr/sbin/sshd "$T/$SERVICE"
        "$T/$SERVICE" -t -f "$T/sshd_config" || fail "sshd rejects the test configuration"
        : >"$T/sshd.log"
        "$T/$SERVICE" -D -e -f "$T/sshd_config" 2>>"$T/sshd.log" &
        SSHD_PID=$!
        "$PAM_WAIT" text "$T/sshd.log" "Server listening on 127.0.0.1 port $PORT" 10 ||
                fail "sshd did not start listening on port $PORT"
}

# ssh_as USER COMMAND: runs COMMAND through the private sshd as USER (no tty).
ssh_as() {
        local user=$1
        shift
        ${exec_ssh:+exec} ssh -F /dev/null -i "$T/keys/$user" -p "$PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
                -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$T/known_hosts" \
                -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=10 -o LogLevel=ERROR \
                "$user@127.0.0.1" "$@"
}

# ssh_bg USER COMMAND (always with `&`): ssh_as replacing the background subshell, so
# that $! is ssh itself and killing it closes the connection.
ssh_bg() { exec_ssh=1 ssh_as "$@"; }

# The sshd monitor ("sshd: USER [priv]", root) that opened the PAM session of a remote
# shell: the shell's parent is the unprivileged "sshd: USER@notty", whose parent it is.
monitor_of() {
        local child
        child=$(ps -o ppid= -p "$1" | tr -d ' ')
        ps -o ppid= -p "$child" | tr -d ' '
}

# Is PID a live process? A killed process whose parent is gone stays a zombie until
# init reaps it; it has already left its cgroup, and counts as dead here.
alive() {
        local stat
        stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
        stat=${stat##*) }
        [ "${stat%% *}" != Z ] && [ "${stat%% *}" != X ]
}

# release FIFO: lets the logon blocked reading FIFO go on (bounded: the reader may be gone).
# shellcheck disable=SC2016 # $1 of the inner shell
release() { timeout 10 sh -c 'echo go >"$1"' _ "$1" || fail "nobody reads $1 any more"; }

# wait_bounded PID WHAT: waits for our child PID (at most 30 s), returns its status.
wait_bounded() {
        "$PAM_WAIT" exit "$1" 30 || fail "$2 did not finish"
        wait "$1"
}

# value KEY FILE: the value of the first "KEY=value" word in FILE.
value() { tr ' ' '\n' <"$2" | awk -v k="$1=" '!done && index($0, k) == 1 { print substr($0, length(k) + 1); done = 1 }'; }

skip_if_sanitized() {
        if [ "${S0_PAM_SANITIZED:-0}" = 1 ]; then
                echo "SKIP: a sanitizer-built pam_session0.so cannot be loaded by an uninstrumented $1" \
                        "(the plain build runs this test)"
                exit 77
        fi
}

# S0CTL for the test users' remote commands: a copy in the test's directory, as the
# build tree may sit below a directory other users cannot enter (/root). Same layout,
# so its RUNPATH ($ORIGIN/../../lib) finds the copied libsession0.
user_s0ctl() {
        local lib
        lib=$(ldd "$S0CTL" | awk '/libsession0/ { print $3 }')
        mkdir -p "$T/s0/tools/s0ctl" "$T/s0/lib"
        cp "$S0CTL" "$T/s0/tools/s0ctl/s0ctl"
        [ -z "$lib" ] || cp -L "$lib" "$T/s0/lib/"
        chmod -R a+rX "$T/s0"
        US0CTL=$T/s0/tools/s0ctl/s0ctl
        runuser -u "$1" -- "$US0CTL" --help >/dev/null 2>&1 || fail "user $1 cannot run $US0CTL"
}
