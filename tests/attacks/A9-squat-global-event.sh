#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A9: squat a Global\ event name. A user in session 1 creates Global\X before the
# service does, so that the service's CreateEvent opens the user's event.
# Default (global_create=compat): allowed, as Windows allows it -- events, mutexes,
# semaphores and timers need no privilege -- and the service can see it happened:
# CreateEvent succeeds with ERROR_ALREADY_EXISTS (183).
# --global-create=strict: refused, ERROR_ACCESS_DENIED (5); the service creates its own.
# A private namespace (CreatePrivateNamespace) is never squattable: only a caller that
# is every principal of the boundary may create it, and a user's namespace of the same
# name with another boundary is another namespace.
# Legacy: the user is in session 0, the squat succeeds (183 for the service).
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-objects.sh"

make_users_ab
stage_privns
EVENT='Global\s0t-a9-event'
UID_A=$(id -u "$UA")

# The service creates its event after the user; its holder's line goes to HOLD_LINE[svc].
service_create() {
        hold svc 0 root event "$EVENT" --manual-reset
}

log "default mode (global_create=compat)"
start_daemon
logon_ab
hold squat "$S1" "$UA" event "$EVENT" --sddl 'D:(A;;GA;;;SY)(A;;GA;;;WD)'
expect_eq created "$(json_get "${HOLD_LINE[squat]}" 'j["result"]')" "the user's squat"
service_create
expect_eq "opened ERROR_ALREADY_EXISTS 183" \
        "$(json_get "${HOLD_LINE[svc]}" 'j["result"], j["last_error"], j["code"]' | tr -d "(),'")" \
        "the service's CreateEvent after the squat"
# the service can tell: the object's owner is the user (and not auto-reset as it asked)
expect_ok obj 0 root --json objects --session 0
expect_eq "$UA" "$(listed "$T_OUT" "$EVENT" owner)" "owner of the squatted event"
expect_eq False "$(listed "$T_OUT" "$EVENT" manual_reset)" "reset mode of the squatted event (the user's)"
# the same for a mutex (the other type ATTACKS.md names)
hold squatm "$S1" "$UA" mutex 'Global\s0t-a9-mutex' --sddl 'D:(A;;GA;;;WD)'
expect_ok obj 0 root object create mutex 'Global\s0t-a9-mutex'
expect_eq opened "$T_OUT" "the service's CreateMutex after the squat"
expect_contains "$T_ERR" "ERROR_ALREADY_EXISTS (183)" "the service's CreateMutex after the squat"
unhold squatm
unhold svc
unhold squat

log "private namespaces cannot be squatted"
# the user tries to make the service's namespace first (boundary: root)
run_rc s0 run --session "$S1" --user "$UA" -- "$T_PRIVNS" create s0t-a9-boundary u:0 svc ready
expect_eq "1 namespace: ERROR_ACCESS_DENIED (5)" "$T_RC $T_OUT" "the user creating root's private namespace"
# the same name with the user's own boundary is allowed -- and is another namespace
expect_ok s0 run --session "$S1" --user "$UA" -- "$T_PRIVNS" create s0t-a9-boundary "u:$UID_A" svc ready
expect_eq "namespace: created
event: created" "$T_OUT" "the user's own namespace of that name"
# the service creates its namespace and its event: new, not the user's
expect_ok s0 run --session 0 -- "$T_PRIVNS" create s0t-a9-boundary u:0 svc ready
expect_eq "namespace: created
event: created" "$T_OUT" "the service's private namespace after the attempts"
# and the user may not even open it (default descriptor)
run_rc s0 run --session "$S1" --user "$UA" -- "$T_PRIVNS" open s0t-a9-boundary u:0 svc
expect_eq "1 namespace: ERROR_ACCESS_DENIED (5)" "$T_RC $T_OUT" "the user opening root's private namespace"

log "--global-create=strict"
stop_daemon
start_daemon --global-create=strict
logon_ab
expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object create event "$EVENT" --sddl 'D:(A;;GA;;;WD)'
expect_eq "s0ctl: cannot create event '$EVENT': ERROR_ACCESS_DENIED (5)" "$T_ERR" "the refusal"
for t in mutex semaphore timer; do
        expect_win32 ERROR_ACCESS_DENIED 5 "$S1" "$UA" object create "$t" "Global\\s0t-a9-$t"
done
# users still create in their own session, and open what the service made
expect_ok obj "$S1" "$UA" object create event 'Local\s0t-a9'
expect_eq created "$T_OUT" "a Local\\ event under strict"
service_create
expect_eq "created 0" "$(json_get "${HOLD_LINE[svc]}" 'j["result"], j["code"]' | tr -d "(),'")" \
        "the service's CreateEvent under strict"
unhold svc
hold svc2 0 root event "$EVENT" --sddl 'D:(A;;GA;;;SY)(A;;0x100000;;;WD)'
expect_ok obj "$S1" "$UA" object open event "$EVENT" --access synchronize
expect_eq opened "$T_OUT" "a user opening the service's event under strict"
unhold svc2

log "legacy mode"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode"
hold squat 0 "$UA" event "$EVENT" --sddl 'D:(A;;GA;;;WD)'
expect_eq created "$(json_get "${HOLD_LINE[squat]}" 'j["result"]')" "the console user's squat"
service_create
expect_eq "opened 183" "$(json_get "${HOLD_LINE[svc]}" 'j["result"], j["code"]' | tr -d "(),'")" \
        "the service's CreateEvent after the squat"
unhold svc
unhold squat
expect_daemon_alive
