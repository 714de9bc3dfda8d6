#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A11: use a service's object with more rights than its security descriptor
# grants. The service (root, session 0) creates the manual-reset event Global\X, set,
# with a DACL that gives users only SYNCHRONIZE (0x100000). A user may open it for
# SYNCHRONIZE and wait on it -- the precondition -- but SetEvent/ResetEvent, an open
# for EVENT_MODIFY_STATE (0x2) or all access, and writing the object's file directly
# around the library are refused: ERROR_ACCESS_DENIED (5), and EACCES from the kernel.
# The event's state is unchanged afterwards. Legacy: the same (the user is in session 0).
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-objects.sh"

make_users_ab
EVENT='Global\s0t-a11'
FILE=s0t-a11
SDDL='D:(A;;GA;;;SY)(A;;0x100000;;;WD)'

attack() { # SESSION USER
        local s=$1 u=$2 f=$T_RUN/objects/global/$FILE
        # precondition: SYNCHRONIZE is granted, and the wait succeeds
        expect_ok obj "$s" "$u" object open event "$EVENT" --access synchronize
        expect_eq opened "$T_OUT" "open for SYNCHRONIZE"
        expect_ok obj "$s" "$u" object wait event "$EVENT" --timeout 0
        expect_eq signaled "$T_OUT" "wait on the service's event"
        # the attack
        for verb in set reset pulse; do
                expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object "$verb" event "$EVENT"
                expect_eq "s0ctl: cannot open event '$EVENT': ERROR_ACCESS_DENIED (5)" "$T_ERR" "$verb"
        done
        expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object open event "$EVENT" --access 0x2
        expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object open event "$EVENT" --access 'synchronize|modify'
        expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object open event "$EVENT"
        expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object open event "$EVENT" --access 0x40000 # WRITE_DAC
        expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object open event "$EVENT" --access 0x10000000 # GENERIC_ALL
        # CreateEvent of the existing name asks for EVENT_ALL_ACCESS
        expect_win32 ERROR_ACCESS_DENIED 5 "$s" "$u" object create event "$EVENT"
        # around the library: the file is readable (waiting needs it), not writable
        [ -f "$f" ] || fail "precondition: $f does not exist"
        expect_fail_msg "Permission denied" s0 run --session "$s" --user "$u" -- sh -c 'printf x >>"$1"' sh "$f"
        expect_fail_msg "Permission denied" s0 run --session "$s" --user "$u" -- \
                dd if=/dev/zero of="$f" bs=1 count=64 conv=notrunc status=none
        expect_fail_msg "Operation not permitted" s0 run --session "$s" --user "$u" -- chmod 0666 "$f"
        if command -v setfacl >/dev/null; then
                expect_fail_msg "Operation not permitted" s0 run --session "$s" --user "$u" -- setfacl -m "u:$u:rw" "$f"
        fi
        expect_fail_msg "Operation not permitted" s0 run --session "$s" --user "$u" -- rm -f "$f"
        # the event is as the service left it: still signaled
        expect_ok obj 0 root --json objects --session 0
        expect_eq True "$(listed "$T_OUT" "$EVENT" signaled)" "state of the event after the attack"
        expect_eq root "$(listed "$T_OUT" "$EVENT" owner)" "owner of the event after the attack"
        expect_ok obj 0 root object wait event "$EVENT" --timeout 0
        expect_eq signaled "$T_OUT" "the service's wait after the attack"
}

for mode in default legacy; do
        log "$mode mode"
        if [ "$mode" == default ]; then
                start_daemon
                logon_ab
                SA=$S1
        else
                stop_daemon
                start_daemon --isolation=legacy
                SA=$(s0 logon "$UA")
                expect_eq 0 "$SA" "first logon in legacy mode"
        fi
        hold svc 0 root event "$EVENT" --manual-reset --initial-set --sddl "$SDDL"
        expect_eq created "$(json_get "${HOLD_LINE[svc]}" 'j["result"]')" "the service's event"
        attack "$SA" "$UA"
        # the service itself may do everything
        expect_ok obj 0 root object reset event "$EVENT"
        expect_ok obj 0 root object set event "$EVENT"
        unhold svc
done
expect_daemon_alive
