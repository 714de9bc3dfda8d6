#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A10: open another user's session objects. User B in session 2 goes after user
# A's objects in session 1: through the Session\1\ link (any type, any access, even with
# a descriptor that grants everyone everything), and around the library, through the
# file system: ls, cat, write, a link of its own to the object file.
# Default: all refused -- session 1's directory belongs to its user, 0700, as
# \Sessions\1\BaseNamedObjects does on Windows; root (SYSTEM) and user A from a second
# session of theirs get in (the precondition: the objects are there).
# Legacy: the console user of session 0 (user A) is refused session 1's namespace (user
# B's) the same way.
. "$S0_TESTS_SRC/integration/lib.sh"
. "$S0_TESTS_SRC/integration/lib-objects.sh"

make_users_ab
OPEN_ALL='D:NO_ACCESS_CONTROL'

# attack VICTIM_SESSION ATTACKER_SESSION ATTACKER: every way in is refused
attack() {
        local vs=$1 as=$2 au=$3 dir=$T_RUN/objects/sessions/$1 t
        for t in event mutex semaphore section; do
                expect_win32 ERROR_ACCESS_DENIED 5 "$as" "$au" object open "$t" "Session\\$vs\\s0t-a10-$t"
        done
        expect_win32 ERROR_ACCESS_DENIED 5 "$as" "$au" object open event "Session\\$vs\\s0t-a10-event" --access synchronize
        expect_win32 ERROR_ACCESS_DENIED 5 "$as" "$au" object set event "Session\\$vs\\s0t-a10-event"
        expect_win32 ERROR_ACCESS_DENIED 5 "$as" "$au" object map section "Session\\$vs\\s0t-a10-section" --read 6
        expect_win32 ERROR_ACCESS_DENIED 5 "$as" "$au" object create event "Session\\$vs\\s0t-a10-new"
        expect_win32 ERROR_ACCESS_DENIED 5 "$as" "$au" object create event "Session\\$vs\\s0t-a10-event"
        expect_fail_msg "s0ctl: cannot list session $vs's objects: ERROR_ACCESS_DENIED (5)" \
                obj "$as" "$au" objects --session "$vs"
        # the file system: the directory is closed to the attacker
        expect_fail_msg "Permission denied" s0 run --session "$as" --user "$au" -- ls "$dir"
        expect_fail_msg "Permission denied" s0 run --session "$as" --user "$au" -- cat "$dir/s0t-a10-section"
        expect_fail_msg "Permission denied" s0 run --session "$as" --user "$au" -- \
                sh -c 'printf x >>"$1"' sh "$dir/s0t-a10-event"
        expect_fail_msg "Permission denied" s0 run --session "$as" --user "$au" -- \
                ln "$dir/s0t-a10-section" "$T_TMP/shared/stolen"
        expect_fail_msg "Permission denied" s0 run --session "$as" --user "$au" -- touch "$dir/s0t-a10-new"
        expect_fail_msg "Operation not permitted" s0 run --session "$as" --user "$au" -- chmod 0777 "$dir"
        [ ! -e "$T_TMP/shared/stolen" ] || fail "the attacker linked the victim's section"
}

# victim VICTIM_SESSION VICTIM: holds one object of each type with a descriptor that
# grants everyone everything, and checks that the owner reaches them
victim() {
        local vs=$1 vu=$2
        hold ev "$vs" "$vu" event 'Local\s0t-a10-event' --sddl "$OPEN_ALL"
        hold mu "$vs" "$vu" mutex 'Local\s0t-a10-mutex' --sddl "$OPEN_ALL"
        hold se "$vs" "$vu" semaphore 'Local\s0t-a10-semaphore' --max 5 --sddl "$OPEN_ALL"
        hold sc "$vs" "$vu" section 'Local\s0t-a10-section' --size 4096 --sddl "$OPEN_ALL"
        expect_ok obj "$vs" "$vu" object map section 'Local\s0t-a10-section' --write secret
        # precondition: root reaches them through the link and the file system
        expect_ok obj 0 root object map section "Session\\$vs\\s0t-a10-section" --read 6
        expect_eq secret "$T_OUT" "session $vs's section read by root"
        expect_ok ls "$T_RUN/objects/sessions/$vs"
        expect_contains "$T_OUT" s0t-a10-section "session $vs's directory listed by root"
}

log "default mode"
start_daemon
logon_ab
victim "$S1" "$UA"
# precondition: user A reaches them from a second session of theirs
S3=$(s0 logon "$UA")
expect_ok obj "$S3" "$UA" object map section "Session\\$S1\\s0t-a10-section" --read 6
expect_eq secret "$T_OUT" "session 1's section read by user A from session 3"
expect_ok s0 run --session "$S3" --user "$UA" -- ls "$T_RUN/objects/sessions/$S1"
attack "$S1" "$S2" "$UB"
# root in session 2 is SYSTEM, not user B: a service may; user B's session does not make it so
expect_ok obj "$S2" root object open event "Session\\$S1\\s0t-a10-event"
for t in ev mu se sc; do unhold $t; done

log "legacy mode"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode (session 0's console)"
expect_ok s0 logon "$UB"
expect_eq 1 "$T_OUT" "second logon in legacy mode"
victim 1 "$UB"
attack 1 0 "$UA"
for t in ev mu se sc; do unhold $t; done
expect_daemon_alive
