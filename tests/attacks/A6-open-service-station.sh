#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A6: open a service's window station or desktop, switch to it. The station a
# process has comes from the kernel (its uid and cgroup leaf): root in session 0 has
# Service-0x0-3e7$ (and may open session 0's WinSta0), another account in session 0
# Service-0x0-<uid hex>$, a user session WinSta0 with Default and Winlogon.
#  - user a in session 1: sees WinSta0 only; Service-0x0-3e7$ does not exist there
#    (ERROR_FILE_NOT_FOUND, 2: session 0's stations are not in session 1's host);
#    Winlogon (the secure desktop) is ERROR_ACCESS_DENIED (5); its input desktop opens
#    and it may switch to it;
#  - user b as a service account in session 0: its own Service-0x0-<uid>$ only; the
#    LocalSystem station and WinSta0 are 5; no input desktop in session 0;
#  - precondition: LocalSystem opens its own station and WinSta0.
# The refusals are audited (kind window). Legacy: a, on session 0's console, has
# WinSta0; LocalSystem's station is still refused (5).
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows

start_daemon
make_users_ab
expect_ok s0 logon "$UA"
S_A=$T_OUT
wait_until "session 0's host" 60 tw_ready 0 root
wait_until "session 1's host" 60 tw_ready "$S_A" "$UA"

log "precondition: LocalSystem in session 0"
expect_ok tw 0 root stations 'Service-0x0-3e7$' WinSta0
expect_contains "$T_OUT" 'own_station Service-0x0-3e7$ 0' "LocalSystem's station"
expect_contains "$T_OUT" 'OpenWindowStation:Service-0x0-3e7$ 1 0' "LocalSystem opens its own station"
expect_contains "$T_OUT" "OpenWindowStation:WinSta0 1 0" "LocalSystem opens session 0's WinSta0"
expect_contains "$T_OUT" "OpenInputDesktop 0 5" "no input desktop in session 0"

log "user a in session $S_A"
expect_ok tw "$S_A" "$UA" stations 'Service-0x0-3e7$' 'Service-0x0-3e5$' WinSta0
expect_contains "$T_OUT" "own_station WinSta0 0" "a's station"
expect_contains "$T_OUT" "thread_desktop Default 0" "a's desktop"
expect_not_contains "$T_OUT" "station Service" "EnumWindowStations in a user session"
expect_contains "$T_OUT" 'OpenWindowStation:Service-0x0-3e7$ 0 2' "LocalSystem's station from session 1"
expect_contains "$T_OUT" 'OpenWindowStation:Service-0x0-3e5$ 0 2' "LocalService's station from session 1"
expect_contains "$T_OUT" "OpenWindowStation:WinSta0 1 0" "its own WinSta0"
expect_contains "$T_OUT" "desktop Winlogon 0" "EnumDesktops of WinSta0"
expect_contains "$T_OUT" "OpenDesktop:Default 1 0" "Default"
expect_contains "$T_OUT" "OpenDesktop:Winlogon 0 5" "the secure desktop"
expect_contains "$T_OUT" "OpenInputDesktop 1 0" "a's input desktop"
expect_contains "$T_OUT" "SwitchDesktop 1 0" "switching to its own Default"

log "user b as a service account in session 0"
UBHEX=$(printf '%x' "$(id -u "$UB")")
expect_ok tw 0 "$UB" stations 'Service-0x0-3e7$' WinSta0 "Service-0x0-$UBHEX\$"
expect_contains "$T_OUT" "own_station Service-0x0-$UBHEX\$ 0" "b's service station"
expect_contains "$T_OUT" 'OpenWindowStation:Service-0x0-3e7$ 0 5' "LocalSystem's station from another account"
expect_contains "$T_OUT" "OpenWindowStation:WinSta0 0 5" "session 0's WinSta0 from another account"
expect_contains "$T_OUT" "OpenWindowStation:Service-0x0-$UBHEX\$ 1 0" "its own station"
expect_not_contains "$T_OUT" 'station Service-0x0-3e7$' "EnumWindowStations from another account"
expect_ok s0 --json events --kind window
expect_contains "$T_OUT" "window station 'Service-0x0-3e7\$'" "the refused open in the journal"
expect_contains "$T_OUT" "Winlogon'" "the refused desktop in the journal"

log "legacy: a on session 0's console"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode"
wait_until "session 0's host" 60 tw_ready 0 "$UA"
expect_ok tw 0 "$UA" stations 'Service-0x0-3e7$'
expect_contains "$T_OUT" "own_station WinSta0 0" "the console user's station"
expect_contains "$T_OUT" 'OpenWindowStation:Service-0x0-3e7$ 0 5' "LocalSystem's station from the console user"
expect_daemon_alive
