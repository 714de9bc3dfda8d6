# SPDX-License-Identifier: LGPL-2.1-or-later
# Named-object helpers for the tests that source lib.sh first (objects tests, A8-A11).
#
#   obj SESSION USER ARGS...        s0ctl ARGS run as USER inside SESSION
#   expect_win32 NAME CODE SESSION USER ARGS...
#                                   the s0ctl command fails (exit 1) with exactly
#                                   "NAME (CODE)" on stderr
#   hold TAG SESSION USER ARGS...   `s0ctl --json object hold ARGS` in the background as
#                                   USER in SESSION; returns once it printed its line:
#                                   HOLD_LINE[TAG], HOLD_PID[TAG] (the holder),
#                                   HOLD_RUN[TAG] (the `s0ctl run` client waiting for it)
#   unhold TAG                      SIGTERM to the holder; it must exit 0
#   kill9 TAG                       SIGKILL to the holder; returns once it is reaped
#   json_get JSON EXPR              python3 expression on the parsed JSON `j`

declare -A HOLD_LINE=() HOLD_PID=() HOLD_RUN=()

obj() { # SESSION USER ARGS...
        local s=$1 u=$2
        shift 2
        s0 run --session "$s" --user "$u" -- "$S0CTL" --runtime-dir "$T_RUN" "$@"
}

expect_win32() { # NAME CODE SESSION USER ARGS...
        local name=$1 code=$2
        shift 2
        expect_fail_msg ": $name ($code)" obj "$@"
        expect_eq 1 "$T_RC" "exit status of '$*'"
}

hold() { # TAG SESSION USER ARGS...
        local tag=$1 s=$2 u=$3 fifo=$T_TMP/hold-$1 line= fd
        shift 3
        rm -f "$fifo"
        mkfifo "$fifo"
        # The holder's stdout is the fifo (s0ctl run passes its descriptors to the
        # process it starts): its first line is the event we wait for, and EOF -- the
        # holder died before printing -- ends the wait at once.
        "$S0CTL" --runtime-dir "$T_RUN" run --session "$s" --user "$u" -- \
                "$S0CTL" --runtime-dir "$T_RUN" --json object hold "$@" \
                </dev/null >"$fifo" 2>"$T_TMP/hold-$tag.err" &
        T_BGPIDS+=($!)
        HOLD_RUN[$tag]=$!
        exec {fd}<"$fifo"
        read -r -t 10 line <&"$fd" || true
        exec {fd}<&-
        HOLD_LINE[$tag]=$line
        [[ "$line" =~ \"pid\":\ ([0-9]+) ]] ||
                fail "hold $tag ($*) in session $s as $u: got '$line'; stderr: $(cat "$T_TMP/hold-$tag.err")"
        HOLD_PID[$tag]=${BASH_REMATCH[1]}
}

unhold() { # TAG
        local rc=0
        kill -TERM "${HOLD_RUN[$1]}"
        wait "${HOLD_RUN[$1]}" || rc=$?
        expect_eq 0 "$rc" "exit status of holder $1 after SIGTERM ($(cat "$T_TMP/hold-$1.err"))"
}

kill9() { # TAG
        kill -KILL "${HOLD_PID[$1]}"
        wait "${HOLD_RUN[$1]}" || true # s0ctl run returns once the daemon reaped it
}

json_get() { # JSON EXPR
        python3 -c 'import json, sys; j = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

# One object of `s0ctl --json objects` output, by path (Global\X, Session\N\X): FIELD
# of it, or "absent".
listed() { # JSON PATH FIELD
        python3 -c '
import json, sys
for o in json.loads(sys.argv[1]):
    if o["path"] == sys.argv[2]:
        print(o[sys.argv[3]])
        break
else:
    print("absent")' "$1" "$2" "$3"
}

# The private-namespace helper, staged where the test users can run it with the
# staged libsession0 (its RUNPATH is $ORIGIN/../../src/lib).
stage_privns() {
        mkdir -p "$T_TMP/bin/tests/helpers" "$T_TMP/bin/src/lib"
        cp "$S0_HELPERS/s0-test-privns" "$T_TMP/bin/tests/helpers/"
        cp -L "$T_TMP"/bin/lib/libsession0.so* "$T_TMP/bin/src/lib/"
        chmod -R a+rX "$T_TMP/bin"
        T_PRIVNS=$T_TMP/bin/tests/helpers/s0-test-privns
}
