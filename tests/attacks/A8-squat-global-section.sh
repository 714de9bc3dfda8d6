#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A8: squat a Global\ section name before the service creates it. A user in
# session 1 creates the section Global\X the service will use (and would then read and
# write the service's shared memory).
# Default: creating a section in the global namespace from a session other than 0 needs
# SeCreateGlobalPrivilege, which users lack: ERROR_ACCESS_DENIED (5), with any security
# descriptor, and nothing is created -- the service then creates its own section.
# Legacy: the user is session 0's console user, which is not checked (as on XP): the
# squat succeeds, and a service opening the name gets the user's section; its own
# CreateFileMapping refuses to adopt it (ERROR_ACCESS_DENIED) rather than use it.
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-objects.sh"

make_users_ab
SECTION='Global\s0t-a8-section'

log "default mode"
start_daemon
logon_ab
# precondition: the service (root, session 0) may create a Global\ section; the user
# may create sections in its own session
expect_ok obj 0 root object create section 'Global\s0t-a8-pre' --size 4096
expect_eq created "$T_OUT" "a Global\\ section created by the service"
expect_ok obj "$S1" "$UA" object create section 'Local\s0t-a8' --size 4096
expect_eq created "$T_OUT" "a Local\\ section created by the user"
# the attack, with the default descriptor and with one that would let anyone in
expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object create section "$SECTION" --size 4096
expect_eq "s0ctl: cannot create section '$SECTION': ERROR_ACCESS_DENIED (5)" "$T_ERR" "the refusal"
expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object create section "$SECTION" --size 4096 --sddl 'D:NO_ACCESS_CONTROL'
expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object create section "$SECTION" --size 4096 --sddl 'D:(A;;GA;;;WD)'
run_rc obj "$S1" "$UA" --json object hold section "$SECTION" --size 4096
expect_eq "1 ERROR_ACCESS_DENIED 5" "$T_RC $(json_get "$T_OUT" 'j["error"], j["code"]' | tr -d "(),'")" "hold of the squat"
# nothing was made: the service gets a section of its own
hold svc 0 root section "$SECTION" --size 4096
expect_eq "created 0" "$(json_get "${HOLD_LINE[svc]}" 'j["result"], j["code"]' | tr -d "(),'")" \
        "the service's create after the attempts"
expect_ok obj 0 root --json objects --session 0
expect_eq root "$(listed "$T_OUT" "$SECTION" owner)" "owner of the service's section"
# and the user cannot open it (default descriptor: creator and SYSTEM)
expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object map section "$SECTION" --read 1
unhold svc

log "legacy mode"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode (the console of session 0)"
hold squat 0 "$UA" section "$SECTION" --size 4096 --sddl 'D:NO_ACCESS_CONTROL'
expect_eq created "$(json_get "${HOLD_LINE[squat]}" 'j["result"]')" "the user's squat in legacy mode"
# The squat holds: the name is the user's. The service's OpenFileMapping gets the user's
# section and reads what the user wrote there -- the XP hazard ...
expect_ok obj 0 "$UA" object map section "$SECTION" --write user-data
expect_ok obj 0 root object map section "$SECTION" --read 9
expect_eq user-data "$T_OUT" "the service reads the squatter's data"
expect_ok obj 0 root --json objects --session 0
expect_eq "$UA" "$(listed "$T_OUT" "$SECTION" owner)" "owner of the squatted section"
# ... but the library's CreateFileMapping, run by root, refuses to adopt a Global\
# section made by someone without SeCreateGlobalPrivilege (where XP returned it with
# ERROR_ALREADY_EXISTS): the squat is a denial of service, not a takeover, for a
# service that creates its section.
expect_win32 ERROR_ACCESS_DENIED 5 0 root object create section "$SECTION" --size 4096
unhold squat
expect_daemon_alive
