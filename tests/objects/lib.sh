# SPDX-License-Identifier: LGPL-2.1-or-later
# What the object test wrappers share, on top of tests/integration/lib.sh (own daemon,
# real users, cleanup): staged copies of the C test programs, and running one of them in
# a session, its output shown whatever happens.
#
#   objtest_run SESSION USER PROG ARGS...   run PROG (staged) in SESSION as USER; its
#                                          exit status in T_RC, its output printed
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_OBJTESTS:?S0_OBJTESTS not set (run through meson test)}"

# The build tree may be hidden from a session (a private /tmp) or from the test user:
# the programs run from copies, laid out as in the build tree so that their RUNPATH
# ($ORIGIN/../../src/lib) finds the copied libsession0.
objtest_stage() {
        local lib p
        mkdir -p "$T_TMP/bin/tests/objects" "$T_TMP/bin/src/lib"
        for p in "$@"; do
                cp "$S0_OBJTESTS/$p" "$T_TMP/bin/tests/objects/"
        done
        lib=$(ldd "$S0_OBJTESTS/$1" | awk '/libsession0/ { print $3 }')
        [ -n "$lib" ] || fail "$1 is not linked with libsession0"
        cp -L "$lib" "$T_TMP/bin/src/lib/"
        chmod -R a+rX "$T_TMP/bin"
}

# Sanitizer findings fail the program (and so the test) instead of scrolling past.
OBJTEST_ENV=(S0_RUNTIME_DIR="$T_RUN"
        ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
        UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1)

objtest_run() { # SESSION USER PROG ARGS...
        local s=$1 u=$2 p=$3
        shift 3
        log "$p $* in session $s as $u"
        T_RC=0
        in_session "$s" "$u" env "${OBJTEST_ENV[@]}" "$T_TMP/bin/tests/objects/$p" "$@" || T_RC=$?
        log "$p in session $s as $u: exit $T_RC"
}
