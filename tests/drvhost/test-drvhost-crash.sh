#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Crash containment: a driver that crashes (SIGSEGV) or hangs takes only its own host
# process down; open handles then fail with ERROR_DEVICE_REMOVED (1617), s0-drvhost
# restarts the driver with back-off, new opens work again; a driver that keeps crashing
# is held back; another driver's device is untouched throughout.
. "$(dirname "$0")/lib-drvhost.sh"

CRASH=222100
HANG=222104
OVERRUN=222108
start_daemon
make_users_ab
logon_ab
DRV_HANG_MS=1000 drv_conf faulty faulty "faulty D:(A;;GRGW;;;WD)"
drv_conf echo echo "echo D:(A;;GRGW;;;WD)"
drvhost_start faulty echo
echo_pid=$(dev_status echo pid)
host_pid=$(svc_field s0-drvhost pid)

log "alice holds a handle; bob crashes the driver"
bg_start in_session "$S1" "$UA" "$DRV_CLIENT" '\\.\faulty' ioctl:222000:4:4 "pause:$T_TMP/go" ioctl:222000:4:4 r:4 \
        >"$T_TMP/alice.out" 2>&1
wait_line "$T_TMP/alice.out" paused
expect_contains "$(cat "$T_TMP/alice.out")" "ioctl ok 4" "alice's handle before the crash"
out=$(client "$S2" "$UB" '\\.\faulty' ioctl:$CRASH:0:0)
expect_contains "$out" "ioctl err 1617" "the crashing request: ERROR_DEVICE_REMOVED"
wait_until "faulty restarted" 600 dev_restarted faulty 1
touch "$T_TMP/go"
wait_line "$T_TMP/alice.out" "read err"
expect_eq 2 "$(grep -c 'err 1617' "$T_TMP/alice.out")" "alice's old handle after the crash: ERROR_DEVICE_REMOVED"
expect_eq 1 "$(dev_status faulty restarts)" "restarts after one crash"

log "a new open works again"
out=$(client "$S1" "$UA" '\\.\faulty' ioctl:222000:4:4)
expect_contains "$out" "ioctl ok 4" "a new handle after the restart"

log "a driver that claims more output than its buffer: refused, the host lives on"
fpid=$(dev_status faulty pid)
out=$(client "$S1" "$UA" '\\.\faulty' ioctl:$OVERRUN:0:8 ioctl:222000:4:4)
expect_contains "$out" "ioctl err 87" "overrun: ERROR_INVALID_PARAMETER"
expect_contains "$out" "ioctl ok 4" "the same handle afterwards"
expect_eq "$fpid" "$(dev_status faulty pid)" "faulty's host process after the overrun"

log "a hang: the watchdog ends the host, the caller sees ERROR_DEVICE_REMOVED, it restarts"
out=$(client "$S2" "$UB" '\\.\faulty' ioctl:$HANG:0:0)
expect_contains "$out" "ioctl err 1617" "the hanging request"
wait_until "faulty restarted after the hang" 600 dev_restarted faulty 2
expect_eq 2 "$(dev_status faulty restarts)" "restarts after the hang"
out=$(client "$S1" "$UA" '\\.\faulty' ioctl:222000:4:4)
expect_contains "$out" "ioctl ok 4" "a new handle after the hang"

log "the echo driver and the service were never touched"
expect_eq "$echo_pid" "$(dev_status echo pid)" "echo's host process"
expect_eq "$host_pid" "$(svc_field s0-drvhost pid)" "s0-drvhost's pid"
expect_eq RUNNING "$(svc_field s0-drvhost state)" "s0-drvhost's state"
out=$(client "$S2" "$UB" '\\.\echo' w:ok r:2)
expect_contains "$out" "read ok 2 ok" "echo during all this"

log "crashing in a loop: held back after 5 failures within a minute"
for i in 1 2 3 4; do
        [ "$i" = 1 ] || wait_until "faulty running before crash $i" 600 dev_restarted faulty $((i + 1))
        client "$S2" "$UB" '\\.\faulty' ioctl:$CRASH:0:0 >/dev/null || true
done
wait_until "faulty held back" 600 dev_state_is faulty held
out=$(client "$S1" "$UA" '\\.\faulty' ioctl:222000:4:4 || true)
expect_eq "open err 2" "$out" "open of a held-back device: ERROR_FILE_NOT_FOUND"

log "the crashes and the hang are in the audit journal"
expect_ok s0 --json events --kind device
expect_contains "$T_OUT" "driver faulty crashed (signal 11)" "crash event"
expect_contains "$T_OUT" "driver faulty hung" "hang event"
expect_contains "$T_OUT" '"result":1617' "the result of a crash event"
