# SPDX-License-Identifier: LGPL-2.1-or-later
# For the s0-scm tests: sources tests/integration/lib.sh (own session0d, real users),
# stages s0-scm and the test service where session 0 can run them, and starts s0-scm
# in session 0 with its own config and state directories.
#
#   scm_start [ARGS] / scm_kill9  start s0-scm in session 0 (waits until it answers) / SIGKILL it
#   svc_conf NAME LINES...   write $SCM_CONF/NAME.conf ([Service] + BinaryPath of the test service)
#   sc ARGS...               s0ctl sc
#   svc_field NAME FIELD     a field of `s0ctl sc queryex NAME --json`
#   wait_state NAME STATE    bounded wait for the state
#   wait_line FILE TEXT [N]  bounded wait until FILE holds TEXT (N times)
#   stage_libs DIR BIN...    copy the libsession0 libraries BIN... needs to DIR/win32, DIR/lib
. "$S0_TESTS_SRC/integration/lib.sh"

SCM_BIN=$T_TMP/bin/scm
mkdir -p "$SCM_BIN"
cp "$S0_SCM" "$SCM_BIN/s0-scm"
cp "$S0_TEST_SERVICE" "$SCM_BIN/test-service"
# stage_libs DIR BIN...: the libsession0 libraries BIN... load, copied for a RUNPATH of
# DIR/win32 (libsession0-win32) and DIR/lib (libsession0), as in the build tree.
stage_libs() {
        local dir=$1 l
        shift
        mkdir -p "$dir/win32" "$dir/lib"
        for l in $(ldd "$@" | awk '/libsession0/ { print $3 }' | sort -u); do
                case $l in
                */libsession0-win32.so*) cp -L "$l" "$dir/win32/" ;;
                *) cp -L "$l" "$dir/lib/" ;;
                esac
        done
}
# the test service's RUNPATH: $ORIGIN/../../src/win32:$ORIGIN/../../src/lib
stage_libs "$T_TMP/src" "$S0_TEST_SERVICE"
chmod -R a+rX "$SCM_BIN" "$T_TMP/src"
SCM_CONF=$T_TMP/conf
SCM_STATE=$T_TMP/state
SCM_OUT=$T_TMP/shared/svc # state files the services write (any account)
mkdir -p "$SCM_CONF" "$SCM_OUT"
chmod 1777 "$SCM_OUT"
SCM_PID=

for u in s0-localservice s0-networkservice; do
        getent passwd "$u" >/dev/null || with_passwd_lock useradd --system --no-create-home --home-dir / \
                --shell /usr/sbin/nologin "$u" || fail "useradd $u"
done

sc() { s0 sc "$@"; }

scm_start() {
        bg_start "$S0CTL" --runtime-dir "$T_RUN" run --session 0 -- \
                "$SCM_BIN/s0-scm" --runtime-dir "$T_RUN" --config-dir "$SCM_CONF" --state-dir "$SCM_STATE" "$@" \
                >>"$T_TMP/daemon.log" 2>&1
        SCM_PID=${T_BGPIDS[-1]}
        wait_until "s0-scm answers" 500 s0 sc query
}

# the pid of s0-scm itself (s0ctl run's child in session 0)
scm_real_pid() { pgrep -f "^$SCM_BIN/s0-scm" | head -n1; }

scm_kill9() {
        local p
        p=$(scm_real_pid)
        [ -n "$p" ] || fail "no s0-scm running"
        kill -KILL "$p"
        wait "$SCM_PID" 2>/dev/null || true
}

svc_conf() { # NAME LINES...
        local name=$1
        shift
        {
                echo "[Service]"
                echo "BinaryPath=$SCM_BIN/test-service"
                printf '%s\n' "$@"
        } >"$SCM_CONF/$name.conf"
}

svc_field() { # NAME FIELD
        s0 sc queryex "$1" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0][sys.argv[1]])' "$2"
}

state_is() { [ "$(svc_field "$1" state)" == "$2" ]; }
wait_state() { wait_until "service $1 in state $2" "${3:-500}" state_is "$1" "$2"; }

count_lines() { grep -c -- "$2" "$1" 2>/dev/null || true; }
has_lines() { [ "$(count_lines "$1" "$2")" -ge "${3:-1}" ]; }
wait_line() { wait_until "'$2' in $1" "${4:-500}" has_lines "$1" "$2" "${3:-1}"; }
