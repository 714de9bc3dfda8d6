#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The object namespace directories (<runtime>/objects): owners and modes, which are the
# namespaces' security; sessions/N made at logon for its user alone, kept across a
# daemon crash, pruned when its session is gone, removed at logoff; private/; the
# policy file and strict mode; and reaping orphaned object files (S0_MSG_OBJ_REAP, the
# sweeps at logoff and at start) without ever touching a held one.
source "$(dirname "$0")/lib.sh"

O=$T_RUN/objects
cp "$S0_HELPERS/s0-test-objreap" "$T_TMP/bin/helpers/"
REAP=$T_TMP/bin/helpers/s0-test-objreap
# the test users run the helper with the copy of libsession0 s0ctl uses
reap_as() { # USER SESSION FILE
        local u=$1
        shift
        as_user "$u" env LD_LIBRARY_PATH="$T_TMP/bin/lib" "$REAP" "$@"
}

mode_owner() { stat -c '%a %U:%G' "$1"; }
expect_mode() { # "MODE USER:GROUP" PATH
        [ -e "$2" ] || [ -L "$2" ] || fail "$2 does not exist"
        expect_eq "$1" "$(mode_owner "$2")" "mode and owner of $2"
}
expect_gone() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "$1 still exists"; }

make_users_ab
make_group cg
G_CG=$REPLY
make_group adm
G_ADM=$REPLY
UID_A=$(id -u "$UA")
GRP_A=$(id -gn "$UA")
GRP_B=$(id -gn "$UB")

# ---- the tree, compat policy (the default) ------------------------------------------
start_daemon
expect_mode "755 root:root" "$O"
expect_mode "1777 root:root" "$O/global"
expect_mode "755 root:root" "$O/sessions"
expect_eq "../global" "$(readlink "$O/sessions/0")" "sessions/0 is a link to the global namespace"
expect_mode "755 root:root" "$O/private"
expect_mode "711 root:root" "$O/private/u0"
expect_mode "644 root:root" "$O/policy"
expect_eq "global_create=compat" "$(cat "$O/policy")" "policy file, compat, no groups"
expect_eq "" "$(cd "$O/private" && ls -d g* 2>/dev/null || true)" "no group directory without --admin-group"

# ---- sessions/N: the session's user's alone ------------------------------------------
logon_ab
expect_mode "700 $UA:$GRP_A" "$O/sessions/$S_A"
expect_mode "700 $UB:$GRP_B" "$O/sessions/$S_B"
expect_mode "711 $UA:$GRP_A" "$O/private/u$UID_A"
expect_mode "711 $UB:$GRP_B" "$O/private/u$(id -u "$UB")"
# b may pass through a's private directory (to open a namespace a's descriptor lets it
# open) but neither list nor create there: nobody can squat a's namespaces
run_rc as_user "$UB" mkdir "$O/private/u$UID_A/squat"
expect_contains "$T_ERR" "Permission denied" "user b creating in user a's private directory"
run_rc as_user "$UB" ls "$O/private/u$UID_A"
expect_contains "$T_ERR" "Permission denied" "user b listing user a's private directory"

expect_ok in_session "$S_A" "$UA" touch "$O/sessions/$S_A/mine"
expect_ok in_session "$S_A" "$UA" ls "$O/sessions/$S_A"
expect_contains "$T_OUT" mine "user a lists its own namespace"
# user b, in its own session, can neither list nor create in a's
run_rc in_session "$S_B" "$UB" ls "$O/sessions/$S_A"
expect_ne 0 "$T_RC" "user b listing session $S_A's namespace"
expect_contains "$T_ERR" "Permission denied" "user b listing session $S_A's namespace"
run_rc in_session "$S_B" "$UB" touch "$O/sessions/$S_A/intruder"
expect_ne 0 "$T_RC" "user b creating in session $S_A's namespace"
expect_contains "$T_ERR" "Permission denied" "user b creating in session $S_A's namespace"
expect_gone "$O/sessions/$S_A/intruder"
# nor through the Session\N path of the global namespace's link
run_rc in_session "$S_B" "$UB" touch "$O/sessions/0/../sessions/$S_A/intruder"
expect_ne 0 "$T_RC" "user b creating in session $S_A's namespace through sessions/0"

# ---- a daemon crash keeps them; what belongs to no session is pruned ------------------
mkdir "$O/sessions/7" "$O/sessions/01"
touch "$O/sessions/7/left-over" "$O/sessions/junk"
ln -s /etc "$O/sessions/9"
restart_daemon -9
expect_mode "700 $UA:$GRP_A" "$O/sessions/$S_A"
[ -f "$O/sessions/$S_A/mine" ] || fail "session $S_A's objects were not kept across a daemon restart"
expect_mode "700 $UB:$GRP_B" "$O/sessions/$S_B"
expect_gone "$O/sessions/7"
expect_gone "$O/sessions/01"
expect_gone "$O/sessions/junk"
expect_gone "$O/sessions/9"
[ -d /etc ] || fail "pruning followed a symbolic link"
expect_eq "../global" "$(readlink "$O/sessions/0")" "sessions/0 after a restart"
# a mode someone changed is repaired at adoption
chmod 0755 "$O/sessions/$S_B"
restart_daemon
expect_mode "700 $UB:$GRP_B" "$O/sessions/$S_B"

# ---- reaping ----------------------------------------------------------------------------
# An orphan: a's file in the sticky global/, which nobody holds. b cannot remove it...
as_user "$UA" touch "$O/global/orphan"
run_rc as_user "$UB" rm -f "$O/global/orphan"
expect_ne 0 "$T_RC" "user b removing user a's file from the sticky global directory"
# ...but the daemon reaps it for b
expect_ok reap_as "$UB" 0 orphan
expect_eq OK "$T_OUT" "reap of an orphan"
expect_gone "$O/global/orphan"
# absent: ENOENT
run_rc reap_as "$UB" 0 orphan
expect_eq 1 "$T_RC" "reap of a missing file"
expect_contains "$T_OUT" "No such file or directory" "reap of a missing file"

# A file held by a running process (flock -s, as every handle does) is not reaped. With
# -o the lock is flock(1)'s alone (the command does not inherit it): killing flock
# frees it.
as_user "$UA" touch "$O/global/held"
mkfifo -m 0666 "$T_TMP/shared/held.ready"
bg_start as_user "$UA" flock -o -s "$O/global/held" sh -c "echo \$\$ >$T_TMP/shared/held.ready; exec sleep 600"
HOLDER=$!
read -r -t 10 SLEEPER <>"$T_TMP/shared/held.ready" || fail "flock -s on the held file did not start"
expect_ok reap_as "$UB" 0 held
[ -f "$O/global/held" ] || fail "a file held with flock -s was reaped"
kill -KILL "$HOLDER" "$SLEEPER"
wait "$HOLDER" 2>/dev/null || true
expect_ok reap_as "$UB" 0 held
expect_gone "$O/global/held"

# Not regular files are never touched; nor what a symbolic link points to.
as_user "$UA" mkfifo "$O/global/fifo"
as_user "$UA" ln -s /etc/passwd "$O/global/link"
expect_ok reap_as "$UB" 0 fifo
expect_ok reap_as "$UB" 0 link
[ -p "$O/global/fifo" ] && [ -L "$O/global/link" ] || fail "a fifo or symbolic link was reaped"
[ -f /etc/passwd ] || fail "reaping followed a symbolic link"

# Names that are no single component are refused by the daemon itself (the library
# refuses them too: sent raw here).
for bad in '../x' 'a/b' '..' '.'; do
        python3 -c '
import struct, sys
f = sys.argv[2].encode()
body = struct.pack("<I", 0) + f + b"\0" * (256 - len(f))
sys.stdout.buffer.write(struct.pack("<IHHII", 0x52503053, 1, 15, 16 + len(body), 7) + body)' \
                "$T_TMP/reap.bin" "$bad" >"$T_TMP/reap.bin"
        expect_ok as_user "$UB" "$T_RAW" send-file "$T_TMP/reap.bin"
        expect_contains "$T_OUT" "ERROR EINVAL" "raw reap of '$bad'"
        run_rc reap_as "$UB" 0 "$bad"
        expect_contains "$T_OUT" "Invalid argument" "s0_obj_reap of '$bad'"
done
[ -d "$O/sessions" ] || fail "a reap of '..' removed something"

# A session's namespace: its user may ask, another user may not.
expect_ok in_session "$S_A" "$UA" touch "$O/sessions/$S_A/crashed"
expect_fail_msg "" reap_as "$UB" "$S_A" crashed
expect_contains "$T_OUT" "Permission denied" "user b reaping in session $S_A's namespace"
[ -f "$O/sessions/$S_A/crashed" ] || fail "user b's reap in session $S_A removed a file"
expect_ok reap_as "$UA" "$S_A" crashed
expect_gone "$O/sessions/$S_A/crashed"
run_rc reap_as "$UA" 99 x
expect_contains "$T_OUT" "No such file or directory" "reap in a session that does not exist"

# The sweep after a logoff: orphans in global/ go, held files stay.
as_user "$UA" touch "$O/global/swept"
as_user "$UB" touch "$O/global/kept"
mkfifo -m 0666 "$T_TMP/shared/kept.ready"
bg_start as_user "$UB" flock -o -s "$O/global/kept" sh -c "echo \$\$ >$T_TMP/shared/kept.ready; exec sleep 600"
KEEPER=$!
read -r -t 10 SLEEPER <>"$T_TMP/shared/kept.ready" || fail "flock -s on the kept file did not start"
expect_ok s0 logoff "$S_A"
expect_gone "$O/sessions/$S_A"
expect_gone "$O/global/swept"
[ -f "$O/global/kept" ] || fail "the sweep after logoff reaped a held file"
[ -p "$O/global/fifo" ] || fail "the sweep after logoff removed a fifo"
kill -KILL "$KEEPER" "$SLEEPER"
wait "$KEEPER" 2>/dev/null || true

# ...and at start.
restart_daemon -9
expect_gone "$O/global/kept"
expect_mode "711 $UA:$GRP_A" "$O/private/u$UID_A" # private/ is kept

# ---- strict policy, groups ---------------------------------------------------------------
GID_CG=$(getent group "$G_CG" | cut -d: -f3)
GID_ADM=$(getent group "$G_ADM" | cut -d: -f3)
kill_daemon
start_daemon --global-create=strict --create-global-group="$G_CG" --admin-group="$G_ADM"
expect_eq "global_create=strict
create_global_gid=$GID_CG
admin_gid=$GID_ADM" "$(cat "$O/policy")" "policy file, strict, both groups"
expect_mode "644 root:root" "$O/policy"
expect_mode "1771 root:$G_CG" "$O/global"
expect_mode "1771 root:$G_ADM" "$O/private/g$GID_ADM"
# b, in neither group, may not create in global/ but may still open what is there
run_rc as_user "$UB" touch "$O/global/squat"
expect_ne 0 "$T_RC" "a user outside the group creating in strict global/"
expect_contains "$T_ERR" "Permission denied" "a user outside the group creating in strict global/"
touch "$O/global/by-root"
chmod 0644 "$O/global/by-root"
expect_ok as_user "$UB" cat "$O/global/by-root"
run_rc as_user "$UB" ls "$O/global"
expect_ne 0 "$T_RC" "listing strict global/ from outside the group"
# a member of the group may create
usermod -a -G "$G_CG" "$UB" || fail "usermod"
expect_ok as_user "$UB" touch "$O/global/by-member"

# Restarted with the other policy (the tree kept): the modes follow.
kill_daemon
start_daemon --admin-group="$G_ADM"
expect_eq "global_create=compat
admin_gid=$GID_ADM" "$(cat "$O/policy")" "policy file, compat, admin group"
expect_mode "1777 root:root" "$O/global"
kill_daemon
start_daemon --global-create=strict
expect_eq "global_create=strict" "$(cat "$O/policy")" "policy file, strict, no group"
expect_mode "1771 root:root" "$O/global"
# the admin group is no longer configured: its directory is retired, not removed
expect_mode "751 root:$G_ADM" "$O/private/g$GID_ADM"

# ---- options ------------------------------------------------------------------------------
for opt in --admin-group=s0-no-such-group-$T_ID --create-global-group=s0-no-such-group-$T_ID; do
        expect_fail_msg "no such group" "$S0D" --runtime-dir "$T_RUN.x" --cgroup "$T_CG.x" "$opt"
        expect_eq 1 "$(printf '%s\n' "$T_ERR" | wc -l)" "one line of error for $opt"
done
expect_fail_msg "expected 'compat' or 'strict'" "$S0D" --runtime-dir "$T_RUN.x" --cgroup "$T_CG.x" \
        --global-create=loose
[ ! -e "$T_RUN.x" ] || fail "a refused start left $T_RUN.x"
