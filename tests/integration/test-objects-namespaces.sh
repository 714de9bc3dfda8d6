#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Named objects across sessions, with real users in real sessions (SEMANTICS.md §2, §3.1):
#  - Local\X (and an unprefixed X) in a user session is that session's: another session
#    -- another user's, or the same user's second one -- does not find it (2);
#  - Global\X made by a service is reached from every session; an unprefixed name in a
#    service (session 0) is global: a user reaches it as Global\X, not as X;
#  - Session\N\X: refused to another user (5), allowed to N's user from a second session
#    of theirs; a session that does not exist is 3;
#  - a name held by another type is 6; Create of an existing object opens it and says
#    ERROR_ALREADY_EXISTS (183);
#  - an object lives as long as a handle: it is gone when its last holder is killed
#    with SIGKILL, a mutex owned by a killed holder is abandoned, and logoff takes the
#    session's objects with it;
#  - `s0ctl objects` lists what is held, with its owner and handle count, and refuses
#    another user's session namespace.
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-objects.sh"

start_daemon
make_users_ab
logon_ab
S3=$(s0 logon "$UA")
expect_eq 3 "$S3" "user A's second logon"

log "Local\\ in session 1 (user A) is session 1's"
hold la "$S1" "$UA" event 'Local\s0t-local'
expect_eq created "$(json_get "${HOLD_LINE[la]}" 'j["result"]')" "holder la's result"
expect_ok obj "$S1" "$UA" object open event 'Local\s0t-local'
expect_eq opened "$T_OUT" "Local\\s0t-local opened in session 1"
expect_ok obj "$S1" "$UA" object open event 's0t-local'
expect_eq opened "$T_OUT" "s0t-local (unprefixed: Local) opened in session 1"
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S2" "$UB" object open event 'Local\s0t-local'
expect_eq "s0ctl: cannot open event 'Local\\s0t-local': ERROR_FILE_NOT_FOUND (2)" "$T_ERR" "the error message"
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S2" "$UB" object open event 's0t-local'
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S3" "$UA" object open event 'Local\s0t-local'
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S1" "$UA" object open event 'Global\s0t-local'
# the same, for scripts
run_rc obj "$S2" "$UB" --json object open event 'Local\s0t-local'
expect_eq 1 "$T_RC" "exit status of the --json open"
expect_eq "ERROR_FILE_NOT_FOUND 2" "$(json_get "$T_OUT" 'j["error"], j["code"]' | tr -d "(),'")" "--json error"

log "Session\\N\\X"
expect_win32 ERROR_ACCESS_DENIED 5 "$S2" "$UB" object open event 'Session\1\s0t-local'
expect_win32 ERROR_ACCESS_DENIED 5 "$S2" "$UB" object open event 'Session\1\s0t-local' --access synchronize
expect_ok obj "$S3" "$UA" object open event 'Session\1\s0t-local'
expect_eq opened "$T_OUT" "Session\\1\\s0t-local opened by user A from session 3"
expect_ok obj "$S1" "$UA" object open event 'Session\1\s0t-local'
expect_win32 ERROR_PATH_NOT_FOUND 3 "$S2" "$UB" object open event 'Session\9\s0t-local'
expect_win32 ERROR_PATH_NOT_FOUND 3 "$S1" "$UA" object create event 'Session\9\s0t-local'
# names are case-sensitive, the links too
expect_win32 ERROR_PATH_NOT_FOUND 3 "$S1" "$UA" object open event 'local\s0t-local'
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S1" "$UA" object open event 'Local\S0T-LOCAL'

log "Global\\ made by a service (root, session 0) is reached from sessions 1 and 2"
# users get SYNCHRONIZE and EVENT_MODIFY_STATE, SYSTEM all
hold svc 0 root event 'Global\s0t-svc' --manual-reset --sddl 'D:(A;;GA;;;SY)(A;;0x100002;;;WD)'
expect_eq created "$(json_get "${HOLD_LINE[svc]}" 'j["result"]')" "the service's holder"
for su in "$S1:$UA" "$S2:$UB"; do
        expect_ok obj "${su%%:*}" "${su#*:}" object open event 'Global\s0t-svc' --access 'synchronize|modify'
        expect_eq opened "$T_OUT" "Global\\s0t-svc from session ${su%%:*}"
done
# more than the descriptor grants: refused
expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object open event 'Global\s0t-svc'
# one session signals, the other sees it
run_rc obj "$S2" "$UB" object wait event 'Global\s0t-svc' --timeout 0
expect_eq "2 timeout" "$T_RC $T_OUT" "wait before the set"
expect_ok obj "$S1" "$UA" object set event 'Global\s0t-svc'
expect_eq set "$T_OUT" "set from session 1"
expect_ok obj "$S2" "$UB" object wait event 'Global\s0t-svc' --timeout 0
expect_eq signaled "$T_OUT" "wait in session 2 after the set in session 1"

log "an unprefixed name in a service is global"
hold svcu 0 root event 's0t-unprefixed' --sddl 'D:(A;;GA;;;SY)(A;;0x100000;;;WD)'
expect_ok obj "$S1" "$UA" object open event 'Global\s0t-unprefixed' --access synchronize
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S1" "$UA" object open event 's0t-unprefixed' --access synchronize
expect_ok obj 0 root object open event 'Global\s0t-unprefixed'
expect_ok obj 0 root object open event 'Local\s0t-unprefixed'
expect_ok obj 0 root object open event 'Session\0\s0t-unprefixed'

log "a name held by another type"
expect_win32 ERROR_INVALID_HANDLE 6 "$S1" "$UA" object create mutex 'Local\s0t-local'
expect_win32 ERROR_INVALID_HANDLE 6 "$S1" "$UA" object open semaphore 'Local\s0t-local'
expect_win32 ERROR_INVALID_HANDLE 6 "$S1" "$UA" object create section 'Local\s0t-local' --size 4096

log "create of an existing object opens it: ERROR_ALREADY_EXISTS"
expect_ok obj "$S1" "$UA" object create event 'Local\s0t-local'
expect_eq opened "$T_OUT" "create of an existing event"
expect_contains "$T_ERR" "ERROR_ALREADY_EXISTS (183)" "create of an existing event"
expect_ok obj "$S1" "$UA" --json object create event 'Local\s0t-local'
expect_eq "opened ERROR_ALREADY_EXISTS 183" "$(json_get "$T_OUT" 'j["result"], j["last_error"], j["code"]' | tr -d "(),'")" \
        "--json create of an existing event"
expect_ok obj "$S2" "$UB" --json object create event 'Local\s0t-fresh'
expect_eq "created ERROR_SUCCESS 0" "$(json_get "$T_OUT" 'j["result"], j["last_error"], j["code"]' | tr -d "(),'")" \
        "--json create of a new event"
hold la2 "$S1" "$UA" event 'Local\s0t-local'
expect_eq "opened 183" "$(json_get "${HOLD_LINE[la2]}" 'j["result"], j["code"]' | tr -d "(),'")" "second holder"

log "s0ctl objects lists what is held"
expect_ok obj "$S1" "$UA" --json objects
LIST=$T_OUT
expect_eq event "$(listed "$LIST" 'Session\1\s0t-local' type)" "type of user A's event"
expect_eq "$UA" "$(listed "$LIST" 'Session\1\s0t-local' owner)" "owner of user A's event"
expect_eq 2 "$(listed "$LIST" 'Session\1\s0t-local' handles)" "handles of user A's event (two holders)"
expect_eq 1 "$(listed "$LIST" 'Session\1\s0t-local' session)" "session of user A's event"
expect_eq root "$(listed "$LIST" 'Global\s0t-svc' owner)" "owner of the service's event"
expect_eq 1 "$(listed "$LIST" 'Global\s0t-svc' handles)" "handles of the service's event"
expect_eq True "$(listed "$LIST" 'Global\s0t-svc' signaled)" "state of the service's event after the set"
expect_eq True "$(listed "$LIST" 'Global\s0t-svc' manual_reset)" "reset mode of the service's event"
expect_eq absent "$(listed "$LIST" 'Session\2\s0t-fresh' type)" "an event closed at once (create)"
expect_ok obj "$S1" "$UA" objects
expect_contains "$T_OUT" 'Session\1\s0t-local' "human listing"
expect_contains "$T_OUT" "non-signaled, auto-reset" "human listing"
# session 2's user does not see session 1's namespace, neither by default nor by asking
expect_ok obj "$S2" "$UB" --json objects
expect_eq absent "$(listed "$T_OUT" 'Session\1\s0t-local' type)" "session 1's event listed in session 2"
expect_fail_msg "s0ctl: cannot list session 1's objects: ERROR_ACCESS_DENIED (5)" obj "$S2" "$UB" objects --session 1
expect_eq 1 "$T_RC" "exit status of a refused listing"
expect_fail_msg "s0ctl: cannot list session 9's objects: ERROR_PATH_NOT_FOUND (3)" obj "$S2" "$UB" objects --session 9
# user A from its second session may; root (a service) may list every namespace
expect_ok obj "$S3" "$UA" --json objects --session 1
expect_eq 2 "$(listed "$T_OUT" 'Session\1\s0t-local' handles)" "session 1 listed from user A's session 3"
expect_ok obj 0 root --json objects --all
expect_eq "$UA" "$(listed "$T_OUT" 'Session\1\s0t-local' owner)" "session 1's event in root's --all listing"

log "an object lives as long as a handle"
unhold la2
expect_ok obj "$S1" "$UA" object open event 'Local\s0t-local'
unhold la
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S1" "$UA" object open event 'Local\s0t-local'
hold k9 "$S2" "$UB" event 'Local\s0t-k9'
expect_ok obj "$S2" "$UB" object open event 'Local\s0t-k9'
kill9 k9
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S2" "$UB" object open event 'Local\s0t-k9'
expect_ok obj "$S2" "$UB" --json objects --session 2
expect_eq absent "$(listed "$T_OUT" 'Session\2\s0t-k9' type)" "an event whose holder was killed"
# a mutex owned by a killed holder is abandoned (a second holder keeps it alive)
hold m1 "$S2" "$UB" mutex 'Local\s0t-mutex' --initial-owner
hold m2 "$S2" "$UB" mutex 'Local\s0t-mutex' --open
expect_eq opened "$(json_get "${HOLD_LINE[m2]}" 'j["result"]')" "second mutex holder"
run_rc obj "$S2" "$UB" object wait mutex 'Local\s0t-mutex' --timeout 0
expect_eq "2 timeout" "$T_RC $T_OUT" "wait for a mutex another process owns"
expect_fail_msg "s0ctl: cannot release mutex 'Local\\s0t-mutex': ERROR_NOT_OWNER (288)" \
        obj "$S2" "$UB" object release mutex 'Local\s0t-mutex'
kill9 m1
expect_ok obj "$S2" "$UB" object wait mutex 'Local\s0t-mutex' --timeout 1000
expect_eq abandoned "$T_OUT" "wait for the mutex of a killed owner"
unhold m2
# a semaphore: release returns the previous count, past the maximum 298
hold sem "$S2" "$UB" semaphore 'Local\s0t-sem' --initial 1 --max 2
expect_ok obj "$S2" "$UB" object release semaphore 'Local\s0t-sem'
expect_eq 1 "$T_OUT" "previous count of the semaphore"
expect_win32 ERROR_TOO_MANY_POSTS 298 "$S2" "$UB" object release semaphore 'Local\s0t-sem'
unhold sem

log "logoff takes the session's objects with it"
hold lo "$S3" "$UA" event 'Local\s0t-logoff'
hold lo2 "$S3" "$UA" section 'Local\s0t-logoff-section' --size 65536
expect_ok obj "$S1" "$UA" object open event 'Session\3\s0t-logoff'
expect_ok obj "$S1" "$UA" object map section 'Session\3\s0t-logoff-section' --write hello --read 5
expect_eq hello "$T_OUT" "section of session 3 written and read from session 1"
expect_ok s0 logoff "$S3"
wait "${HOLD_RUN[lo]}" "${HOLD_RUN[lo2]}" || true
expect_win32 ERROR_PATH_NOT_FOUND 3 "$S1" "$UA" object open event 'Session\3\s0t-logoff'
[ ! -e "$T_RUN/objects/sessions/$S3" ] || fail "$T_RUN/objects/sessions/$S3 left after logoff"
S3B=$(s0 logon "$UA")
expect_eq "$S3" "$S3B" "id of the next logon"
expect_win32 ERROR_FILE_NOT_FOUND 2 "$S3B" "$UA" object open event 'Local\s0t-logoff'
expect_ok obj "$S3B" "$UA" --json objects --session "$S3B"
expect_eq "[]" "$T_OUT" "objects of the new session $S3B"

unhold svc
unhold svcu
expect_daemon_alive
