# SPDX-License-Identifier: LGPL-2.1-or-later
# A real terminal for s0-msgagent (the tests of WTSSendMessage, MessageBox and
# s0-ui0detect; bash, after lib.sh): a tmux server of the test's own, killed at cleanup
# whatever happened, whose pane "msg" is read back with capture-pane.
#   tmux_init                  check tmux (SKIP without it), the config, the cleanup
#   tm ARGS...                 tmux on that server
#   pane                       the pane's text, history included
#   pane_has TEXT              is TEXT on the pane (for wait_until)
#   pane_count TEXT            how many lines show TEXT
#   dump_pane                  the pane on stderr (after a failure)

tmux_init() {
        command -v tmux >/dev/null || {
                echo "SKIP: tmux is not installed (scripts/deps.sh installs it)"
                exit 77
        }
        TM_SOCK=s0test-$T_ID
        T_EXTRA_CLEANUP=tmux_cleanup
        # remain-on-exit: if the agent dies, its last words stay readable in the pane.
        printf 'set -g remain-on-exit on\nset -g history-limit 5000\n' >"$T_TMP/tmux.conf"
}
tm() { tmux -L "$TM_SOCK" -f "$T_TMP/tmux.conf" "$@"; }
tmux_cleanup() { tm kill-server >/dev/null 2>&1 || true; }
pane() { tm capture-pane -p -J -t msg -S -5000 2>/dev/null; }
pane_has() { pane | grep -qF -- "$1"; }
pane_count() { pane | grep -cF -- "$1" || true; }
dump_pane() { echo "---- pane ----" >&2; pane >&2 || true; }
