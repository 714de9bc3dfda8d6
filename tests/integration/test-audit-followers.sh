#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The journal's followers are bounded twice: users' followers together at 128, root's
# (s0-scm, s0-ui0detect, every session host following session changes) apart from them.
# Users who fill their share get the exact refusal, and root still follows: they cannot
# keep services and windows from hearing of logons. A follower that goes away frees its
# place. Bounded: 128 s0ctl processes, each waited for.
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon --audit-dir "$T_TMP/audit"
make_users_ab

# N followers of USER, each with its own stderr file under $T_TMP/f/USER.I.err
F=$T_TMP/f
mkdir -m 0777 "$F"
follow_as() { # USER FIRST LAST
        local u=$1 i
        for ((i = $2; i <= $3; i++)); do
                # setpriv execs s0ctl: the pid bg_start keeps is the follower's
                bg_start setpriv --reuid "$u" --regid "$(id -g "$u")" --init-groups -- \
                        "$S0CTL" --runtime-dir "$T_RUN" events --follow >/dev/null 2>"$F/$u.$i.err"
        done
}
following() { # COUNT: that many "Following" lines among the stderr files
        [ "$(cat "$F"/*.err 2>/dev/null | grep -c Following)" -ge "$1" ]
}

log "a: 100 followers, b: 28"
follow_as "$UA" 1 100
follow_as "$UB" 1 28
wait_until "128 users' followers to subscribe" 2500 following 128

log "b's next one is refused with the exact message"
expect_fail_msg "too many followers (128)" as_user "$UB" "$S0CTL" --runtime-dir "$T_RUN" events --follow

log "root still follows"
bg_start "$S0CTL" --runtime-dir "$T_RUN" events --follow >/dev/null 2>"$F/root.err"
wait_until "root's follower to subscribe" 500 grep -q Following "$F/root.err"

log "a follower that ends frees its place (at the next event)"
# T_BGPIDS[0] is a's first follower
kill -TERM "${T_BGPIDS[0]}"
wait "${T_BGPIDS[0]}" 2>/dev/null || true
expect_ok s0 logon "$UA" # an event: the pump finds the closed follower and drops it
follow_as "$UB" 29 29
wait_until "b's follower in the freed place" 500 grep -q Following "$F/$UB.29.err"
expect_daemon_alive
