#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Windows programs built against session0-win32 run in sessions: hello-objects (the
# source-compatibility example) and test-win32-objects (results and GetLastError codes,
# fork inheritance, private namespaces), in session 0 as root and in a user's session.
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WIN32TESTS:?S0_WIN32TESTS not set (run through meson test)}"

# Copies laid out as in the build tree, so that RUNPATH ($ORIGIN/../../src/...) finds
# the copied libraries: the build tree may be hidden from a session or from the user.
stage() {
        local p lib
        mkdir -p "$T_TMP/bin/tests/win32" "$T_TMP/bin/src/lib" "$T_TMP/bin/src/win32"
        for p in hello-objects test-win32-objects; do
                cp "$S0_WIN32TESTS/$p" "$T_TMP/bin/tests/win32/"
        done
        for lib in $(ldd "$S0_WIN32TESTS/test-win32-objects" | awk '/libsession0/ { print $3 }'); do
                case $(basename "$lib") in
                *win32*) cp -L "$lib" "$T_TMP/bin/src/win32/" ;;
                *) cp -L "$lib" "$T_TMP/bin/src/lib/" ;;
                esac
        done
        chmod -R a+rX "$T_TMP/bin"
}

run_in() { # SESSION USER PROG
        local rc=0
        in_session "$1" "$2" env S0_RUNTIME_DIR="$T_RUN" ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
                "$T_TMP/bin/tests/win32/$3" || rc=$?
        expect_eq 0 "$rc" "$3 in session $1 as $2"
}

stage
make_user a
UA=$REPLY
start_daemon
run_in 0 root hello-objects
run_in 0 root test-win32-objects
S=$(s0 logon "$UA")
run_in "$S" "$UA" hello-objects
run_in "$S" "$UA" test-win32-objects
expect_daemon_alive
log "ok"
