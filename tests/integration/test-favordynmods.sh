#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# session0d --favordynmods turns the flag on in the cgroup2 superblock and keeps every
# other flag of the hierarchy and of the mount (nosuid, nodev, noexec: a plain remount
# would reset those). The host's flags are put back afterwards, even on failure.
. "$S0_TESTS_SRC/integration/lib.sh"

MNT=$(cg_mount)
[ -n "$MNT" ] || fail "no cgroup2 mount"
mnt_fields() { awk -v m="$MNT" '$5 == m { for (i = 7; i <= NF; i++) if ($i == "-") { print $6 " " $(i + 3); exit } }' /proc/self/mountinfo; }
BEFORE=$(mnt_fields)
MNT_OPTS_BEFORE=${BEFORE%% *}
SB_OPTS_BEFORE=${BEFORE#* }

# Puts the superblock flags back as they were (fspick + fsconfig, as the daemon does it).
restore_flags() {
        python3 - "$MNT" "$SB_OPTS_BEFORE" <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
SYS_fsconfig, SYS_fspick = 431, 433
FSPICK_CLOEXEC, FSCONFIG_SET_FLAG, FSCONFIG_CMD_RECONFIGURE = 1, 0, 7
mnt, opts = sys.argv[1], sys.argv[2].split(",")
keep = {"nsdelegate", "favordynmods", "memory_localevents", "memory_recursiveprot",
        "memory_hugetlb_accounting", "pids_localevents"}
fd = libc.syscall(SYS_fspick, -100, mnt.encode(), FSPICK_CLOEXEC)
if fd < 0:
    sys.exit("fspick: " + os.strerror(ctypes.get_errno()))
for o in opts:
    if o in keep and libc.syscall(SYS_fsconfig, fd, FSCONFIG_SET_FLAG, o.encode(), None, 0) < 0:
        sys.exit("fsconfig " + o + ": " + os.strerror(ctypes.get_errno()))
if libc.syscall(SYS_fsconfig, fd, FSCONFIG_CMD_RECONFIGURE, None, None, 0) < 0:
    sys.exit("reconfigure: " + os.strerror(ctypes.get_errno()))
PY
}
t_restore() {
        [ "$(mnt_fields)" == "$BEFORE" ] || restore_flags || echo "warning: could not restore the flags of $MNT" >&2
}
T_EXTRA_CLEANUP=t_restore

start_daemon --favordynmods
# Where the superblock may not be reconfigured (a container without the right, a kernel
# before 6.0), the daemon says so and carries on: there is nothing to check here then.
if grep -q "Cannot turn on favordynmods" "$T_TMP/daemon.log"; then
        echo "SKIP: this host does not let session0d set favordynmods: $(grep -m1 "Cannot turn on favordynmods" "$T_TMP/daemon.log")"
        expect_ok s0 sessions
        exit 77
fi
AFTER=$(mnt_fields)
expect_eq "$MNT_OPTS_BEFORE" "${AFTER%% *}" "the mount's own options after --favordynmods"
SB_AFTER=${AFTER#* }
case ",$SB_AFTER," in
*,favordynmods,*) ;;
*) fail "favordynmods is not among the superblock options: '$SB_AFTER'" ;;
esac
for o in ${SB_OPTS_BEFORE//,/ }; do
        case ",$SB_AFTER," in
        *,"$o",*) ;;
        *) fail "superblock option '$o' lost (before: '$SB_OPTS_BEFORE', after: '$SB_AFTER')" ;;
        esac
done
grep -q "favordynmods" "$T_TMP/daemon.log" || case ",$SB_OPTS_BEFORE," in
*,favordynmods,*) ;;
*) fail "the daemon did not log that it turned on favordynmods" ;;
esac

log "sessions work as before"
make_user a
UA=$REPLY
S=$(s0 logon "$UA")
expect_ok in_session "$S" "$UA" id -u
expect_eq "$(id -u "$UA")" "$T_OUT" "uid in a session after --favordynmods"

# A restart finds it on and leaves it so.
restart_daemon
expect_eq "$AFTER" "$(mnt_fields)" "mount fields after a restart with --favordynmods"
