# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the windows tests and the attack tests A1-A7 (bash, after lib.sh).
#   stage_windows                 copy test-windows (and test-ansi) and their libraries under $T_TMP/bin
#   ta SESSION USER ARGS...       run test-ansi in a session
#   tw SESSION USER ARGS...       run it in a session (output in $T_OUT via expect_ok)
#   tw_bg SESSION USER OUT ARGS.. the same, output to OUT (for bg_start)
#   tw_server SESSION USER TITLE  start a server window TITLE and wait until it is up
#   tw_ready SESSION USER         the session's host answers

stage_windows() {
        local lib
        mkdir -p "$T_TMP/bin/tests/windows" "$T_TMP/bin/src/lib" "$T_TMP/bin/src/win32"
        cp "$S0_WINDOWSTESTS/test-windows" "$T_TMP/bin/tests/windows/"
        [ ! -e "$S0_WINDOWSTESTS/test-ansi" ] || cp "$S0_WINDOWSTESTS/test-ansi" "$T_TMP/bin/tests/windows/"
        for lib in $(ldd "$S0_WINDOWSTESTS/test-windows" | awk '/libsession0/ { print $3 }'); do
                case $(basename "$lib") in
                *win32*) cp -L "$lib" "$T_TMP/bin/src/win32/" ;;
                *) cp -L "$lib" "$T_TMP/bin/src/lib/" ;;
                esac
        done
        chmod -R a+rX "$T_TMP/bin"
        TW=$T_TMP/bin/tests/windows/test-windows
        TA=$T_TMP/bin/tests/windows/test-ansi
}

ta() { # SESSION USER ARGS...: test-ansi (the A API, built without UNICODE)
        local s=$1 u=$2
        shift 2
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$TA" "$@"
}

# The usual stage: the test binaries, a daemon, users a and b logged on (sessions 1
# and 2), session 1's host answering.
windows_stage_ab() {
        stage_windows
        start_daemon
        make_users_ab
        logon_ab
        wait_until "session 1's host socket" 60 tw_ready 1 "$UA"
}

tw() { # SESSION USER ARGS...
        local s=$1 u=$2
        shift 2
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$TW" "$@"
}

tw_slow() { # SESSION USER ARGS...: every message through the host, no fast path
        local s=$1 u=$2
        shift 2
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" S0_USER_SLOW=1 "$TW" "$@"
}

tw_bg() { # SESSION USER OUT ARGS...
        local s=$1 u=$2 out=$3
        shift 3
        in_session "$s" "$u" env S0_RUNTIME_DIR="$T_RUN" "$TW" "$@" >"$out" 2>&1
}

tw_ready() { # SESSION USER: a FindWindow answered (found or not) means the host is up
        local out
        out=$(tw "$1" "$2" attack NoSuchWindow 0 none 2>/dev/null) || return 1
        # not "| grep -q": with pipefail, grep leaving early fails the pipe (SIGPIPE)
        [[ $out == *"FindWindow 0 2"* ]]
}

# The pid of SESSION's s0-sessionhost ("" while there is none): its cgroup's only process.
host_pid() { head -n 1 "$(session_dir "$1")/host/cgroup.procs" 2>/dev/null; }
host_up() { [ -n "$(host_pid "$1")" ]; } # SESSION: for wait_until, which runs it again each poll

tw_server() { # SESSION USER TITLE
        rm -f "$T_TMP/shared/ready.$3"
        bg_start tw_bg "$1" "$2" "$T_TMP/server.$3.out" server "$3" "$T_TMP/shared" "$T_TMP/shared/ready.$3"
        wait_until "window '$3' in session $1" 60 test -s "$T_TMP/shared/ready.$3"
}

# The stage of the attacks on a service's window (ATTACKS A1, A3, A4), in the mode the
# daemon was started in: user UA logs on (default mode: session 1, S_A; legacy: the
# console of session 0), session 0's host serves a window "S0Service" made by root, and
# HWND / TID are that window and its thread.
service_window_stage() { # EXPECTED-SESSION
        expect_ok s0 logon "$UA"
        S_A=$T_OUT
        expect_eq "$1" "$S_A" "the session of a's logon"
        wait_until "session 0's host" 60 tw_ready 0 root
        [ "$S_A" = 0 ] || wait_until "session $S_A's host" 60 tw_ready "$S_A" "$UA"
        tw_server 0 root S0Service
        HWND=$(cat "$T_TMP/shared/ready.S0Service")
        TID=$(cat "$T_TMP/shared/ready.S0Service.tid" 2>/dev/null)
}
