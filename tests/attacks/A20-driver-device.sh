#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A20, the user-mode driver part: a driver that crashes or hangs (here on
# request from bob in session 2) is contained in its own host process: the device fails
# cleanly for everyone with it open (ERROR_DEVICE_REMOVED, 1617), the host restarts it,
# and nothing else moves: session0d, s0-scm, s0-drvhost and another driver keep their
# pids. A driver that opens a window (on bob's request) shows it nowhere -- its host is
# in session 0 -- and session 0's session host reports it as a ui0 event, which is what
# s0-ui0detect tells users about (tests/scm/test-ui0detect.sh, test-examples.sh).
. "$S0_TESTS_SRC/drvhost/lib-drvhost.sh"

start_daemon
make_users_ab
logon_ab
DRV_HANG_MS=1000 drv_conf faulty faulty "faulty D:(A;;GRGW;;;WD)"
drv_conf echo echo "echo D:(A;;GRGW;;;WD)"
drvhost_start faulty echo
d_pid=$T_DPID
scm_pid=$(scm_real_pid)
host_pid=$(svc_field s0-drvhost pid)
echo_pid=$(dev_status echo pid)

log "precondition: alice (session 1) has the device open and working"
bg_start in_session "$S1" "$UA" "$DRV_CLIENT" '\\.\faulty' ioctl:222000:4:4 "pause:$T_TMP/go1" ioctl:222000:4:4 \
        >"$T_TMP/alice.out" 2>&1
wait_line "$T_TMP/alice.out" paused
expect_contains "$(cat "$T_TMP/alice.out")" "ioctl ok 4" "alice before the attack"

log "attack 1: bob makes the driver crash (SIGSEGV in the driver)"
out=$(client "$S2" "$UB" '\\.\faulty' ioctl:222100:0:0)
expect_contains "$out" "ioctl err 1617" "bob's crashing request"
touch "$T_TMP/go1"
wait_line "$T_TMP/alice.out" "ioctl err 1617"
wait_until "the driver back after the crash" 600 dev_restarted faulty 1

log "attack 2: bob makes the driver hang"
out=$(client "$S2" "$UB" '\\.\faulty' ioctl:222104:0:0)
expect_contains "$out" "ioctl err 1617" "bob's hanging request, ended by the watchdog"
wait_until "the driver back after the hang" 600 dev_restarted faulty 2

log "contained: new opens work, nothing else moved"
out=$(client "$S1" "$UA" '\\.\faulty' ioctl:222000:4:4)
expect_contains "$out" "ioctl ok 4" "alice's new handle"
expect_daemon_alive
expect_eq "$d_pid" "$T_DPID" "session0d's pid"
expect_eq "$scm_pid" "$(scm_real_pid)" "s0-scm's pid"
expect_eq "$host_pid" "$(svc_field s0-drvhost pid)" "s0-drvhost's pid"
expect_eq "$echo_pid" "$(dev_status echo pid)" "the echo driver's host process"
out=$(client "$S1" "$UA" '\\.\echo' w:fine r:4)
expect_contains "$out" "read ok 4 fine" "the other driver"
log "attack 3: bob makes the driver open a window: caught as interactive UI in session 0"
out=$(client "$S2" "$UB" '\\.\faulty' ioctl:22210c:0:0)
expect_contains "$out" "ioctl ok 0" "the driver's window request"
has_ui() { s0 events --kind ui0 --json | grep -q 'Faulty driver: insert the calibration disk'; }
wait_until "the ui0 event of the driver's window" 500 has_ui
ev=$(s0 events --kind ui0 --json | grep 'Faulty driver: insert the calibration disk' | head -n1)
expect_contains "$ev" '"session":0' "the window was in session 0"
expect_contains "$ev" "s0-drvhost-wor" "named after the driver's host process (the kernel's comm)"
out=$(client "$S1" "$UA" '\\.\faulty' ioctl:222000:4:4)
expect_contains "$out" "ioctl ok 4" "the device after the window"
