# SPDX-License-Identifier: LGPL-2.1-or-later
# For the spooler tests: lib-scm.sh (own session0d, s0-scm in session 0, real users),
# plus s0-spooler, s0-printhost and the drivers staged where session 0 and s0-printdrv
# can run them, and the shipped data/services/Spooler.conf with this test's paths.
#
#   spooler_start PRINTER...   write Spooler.conf (--printer each), start it, wait until it answers
#   spooler_pid                the running s0-spooler's pid
#   as_s0 CMD...               CMD as root in session 0 (spooler clients must be in a session)
#   u_print S USER ARGS...     s0ctl print ARGS as USER in session S (job id in $REPLY)
#   job_field ID FIELD         a field of the job in `s0ctl jobs --json`
#   wait_job ID STATE          bounded wait for the job's state
. "$S0_TESTS_SRC/scm/lib-scm.sh"

: "${S0_SPOOLER:?S0_SPOOLER not set (run through meson test)}"
SP_BIN=$T_TMP/bin/spooler
mkdir -p "$SP_BIN" "$T_TMP/bin/win32" "$T_TMP/bin/printers"
cp "$S0_SPOOLER" "$S0_PRINTHOST" "$SP_BIN/"
for l in $(ldd "$S0_SPOOLER" | awk '/libsession0/ { print $3 }'); do
        case $l in
        */libsession0-win32.so*) cp -L "$l" "$T_TMP/bin/win32/" ;;
        *) cp -L "$l" "$T_TMP/bin/lib/" ;;
        esac
done
# the winspool test program, RUNPATH $ORIGIN/../../src/win32:$ORIGIN/../../src/lib as in the build tree
mkdir -p "$T_TMP/bin/tests/spooler" "$T_TMP/bin/src/win32" "$T_TMP/bin/src/lib"
cp "$S0_TEST_WINSPOOL" "$T_TMP/bin/tests/spooler/"
cp "$T_TMP/bin/win32/"* "$T_TMP/bin/src/win32/"
cp "$T_TMP/bin/lib/"libsession0.so* "$T_TMP/bin/src/lib/"
WINSPOOL=$T_TMP/bin/tests/spooler/test-winspool
for d in "$S0_DRIVER_DIR"/pdf.so "$S0_DRIVER_DIR"/cups.so "$S0_FAULTY_DRIVER" "${S0_FAULTY10_DRIVER:-}"; do
        [ -f "$d" ] && cp "$d" "$T_TMP/bin/printers/"
done
# the faulty driver calls CreateWindowExA: its libraries beside it (its RUNPATH has $ORIGIN)
cp "$T_TMP/bin/win32/"* "$T_TMP/bin/lib/"libsession0.so* "$T_TMP/bin/printers/"
chmod -R a+rX "$T_TMP/bin"
SP_SPOOL=$T_TMP/spool
SP_OUT=$T_TMP/output
SP_LOG=$T_TMP/shared/printed.log # the faulty driver's record of what it printed

getent passwd s0-printdrv >/dev/null || with_passwd_lock useradd --system --no-create-home --home-dir / \
        --shell /usr/sbin/nologin s0-printdrv || fail "useradd s0-printdrv"

as_s0() { s0 run --session 0 -- "$@"; }

spooler_start() { # PRINTER... (NAME=DRIVER[:OPTIONS])
        local args="--spool-dir $SP_SPOOL --output-dir $SP_OUT --driver-dir $T_TMP/bin/printers"
        args+=" --printhost $SP_BIN/s0-printhost --runtime-dir $T_RUN --job-timeout ${SP_TIMEOUT:-5}"
        args+=" --driver-memory ${SP_MEMORY_MB:-1024}"
        for p in "$@"; do args+=" --printer $p"; done
        # the shipped definition, with this test's program and arguments
        sed -e "s|^BinaryPath=.*|BinaryPath=$SP_BIN/s0-spooler|" -e "s|^Arguments=.*|Arguments=$args|" \
                -e "s|^StartType=.*|StartType=demand|" "$S0_SPOOLER_CONF" >"$SCM_CONF/Spooler.conf"
        [ -n "$SCM_PID" ] || scm_start
        expect_ok sc start Spooler
        wait_state Spooler RUNNING
        wait_until "the spooler answers" 500 as_s0 "$S0CTL" printers
}

spooler_pid() { svc_field Spooler pid; }

u_print() { # SESSION USER ARGS...
        local s=$1 u=$2
        shift 2
        expect_ok in_session "$s" "$u" "$S0CTL" --runtime-dir "$T_RUN" --json print "$@"
        REPLY=$(echo "$T_OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["job"])')
}

host_of() { # PRINTER: the pid of its driver host (0: none running)
        as_s0 "$S0CTL" --runtime-dir "$T_RUN" --json printers | python3 -c '
import json, sys
print([p for p in json.load(sys.stdin) if p["name"] == sys.argv[1]][0]["host_pid"])' "$1"
}
host_changed() { local h; h=$(host_of "$1"); [ "$h" -gt 0 ] && [ "$h" != "$2" ]; } # PRINTER OLD-PID

job_field() { # ID FIELD
        as_s0 "$S0CTL" --runtime-dir "$T_RUN" --json jobs | python3 -c '
import json, sys
for j in json.load(sys.stdin):
    if j["id"] == int(sys.argv[1]):
        v = j[sys.argv[2]]
        print(json.dumps(v) if isinstance(v, bool) else v)' "$1" "$2"
}
job_is() { [ "$(job_field "$1" state)" == "$2" ]; }
wait_job() { wait_until "job $1 $2" "${3:-1500}" job_is "$1" "$2"; }

pdf_pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; } # fails unless a real PDF
printed_count() { grep -c "^printed job $1\$" "$SP_LOG" 2>/dev/null || true; }

# Our own tmux server, with one s0-msgagent pane per session, to see notifications.
TM_SOCK=s0test-$T_ID
tm() { tmux -L "$TM_SOCK" -f "$T_TMP/tmux.conf" "$@"; }
tmux_cleanup() { tm kill-server >/dev/null 2>&1 || true; }
T_EXTRA_CLEANUP=tmux_cleanup
printf 'set -g remain-on-exit on\nset -g history-limit 5000\n' >"$T_TMP/tmux.conf"
mkdir -p "$T_TMP/bin/tools/s0-msgagent"
cp "$S0_MSGAGENT" "$T_TMP/bin/tools/s0-msgagent/s0-msgagent"
chmod -R a+rX "$T_TMP/bin"
AGENT=$T_TMP/bin/tools/s0-msgagent/s0-msgagent
pane() { tm capture-pane -p -J -t "$1" -S -5000 2>/dev/null; }
pane_has() { pane "$1" | grep -qF -- "$2"; }
agent_start() { # PANE SESSION USER
        tm new-session -d -s "$1" -x 150 -y 50 \
                "exec '$S0CTL' --runtime-dir '$T_RUN' run --session $2 --user '$3' -- '$AGENT' --no-notify"
        wait_until "the agent in session $2" 500 pane_has "$1" "ready, showing messages for session $2"
}
# Waits for TEXT in PANE, then answers the box (Enter) so the agent shows the next one.
see_note() { # PANE TEXT
        wait_until "'$2' in pane $1" 1500 pane_has "$1" "$2" || true
        tm send-keys -t "$1" Enter
}
# Answers boxes in PANE (Enter) until TEXT has been shown: notifications queued behind
# unanswered ones come up in turn. Bounded like wait_until.
drain_until() { # PANE TEXT
        local i
        for ((i = 0; i < 600; i++)); do
                pane_has "$1" "$2" && { tm send-keys -t "$1" Enter; return 0; }
                tm send-keys -t "$1" Enter
                read -r -t 0.1 <>"$T_TMP/tick" || true
        done
        fail "timed out waiting for '$2' in pane $1"
}
