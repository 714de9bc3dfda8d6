#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The cups driver with a real cupsd of the test's own (its own config and state
# directories, a port on 127.0.0.1, FileDevice Yes, a raw queue whose device is a
# file:// URI): a user's job goes from their session through s0-spooler and the driver
# host (lp as s0-printdrv) into the CUPS queue, under the job owner's name.
. "$(dirname "$0")/lib-spooler.sh"

for p in cupsd lpadmin lp lpstat; do
        command -v "$p" >/dev/null || [ -x "/usr/sbin/$p" ] || { echo "SKIP: $p is not installed (scripts/deps.sh installs cups)"; exit 77; }
done
CUPSD=$(command -v cupsd || echo /usr/sbin/cupsd)
LPADMIN=$(command -v lpadmin || echo /usr/sbin/lpadmin)

# a free port on 127.0.0.1 (bounded tries)
PORT=
for ((i = 0; i < 50; i++)); do
        p=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
done
[ -n "$PORT" ] || fail "no free port"
C=$T_TMP/cups
mkdir -p "$C/spool" "$C/cache" "$C/state" "$C/log" "$C/tmp" "$C/ppd"
mkdir -m 1777 "$C/out"
cat >"$C/cupsd.conf" <<CONF
Listen 127.0.0.1:$PORT
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat >"$C/cups-files.conf" <<CONF
FileDevice Yes
ServerRoot $C
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
CONF
cups_stop() { [ -n "${CUPS_PID:-}" ] && kill -TERM "$CUPS_PID" 2>/dev/null; wait "${CUPS_PID:-}" 2>/dev/null; tmux_cleanup; }
T_EXTRA_CLEANUP=cups_stop
"$CUPSD" -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >>"$T_TMP/cupsd.log" 2>&1 &
CUPS_PID=$!
cups_up() { lpstat -h "127.0.0.1:$PORT" -r | grep -q "is running"; }
wait_until "our cupsd answers" 500 cups_up || { cat "$C/log/error_log" >&2; fail "cupsd"; }
expect_ok "$LPADMIN" -h "127.0.0.1:$PORT" -p s0q -E -v "file://$C/out/device" -m raw
expect_ok lpstat -h "127.0.0.1:$PORT" -p s0q

start_daemon
make_user a
UA=$REPLY
S_A=$(s0 logon "$UA")
spooler_start "Office=cups:queue=s0q,server=127.0.0.1:$PORT" "Nowhere=cups:queue=nosuchqueue,server=127.0.0.1:$PORT"

log "a's job goes through the spooler into the CUPS queue, as a's"
echo "hello CUPS from session0 $T_ID" >"$T_TMP/shared/c.txt"
chmod 644 "$T_TMP/shared/c.txt"
u_print "$S_A" "$UA" --printer Office "$T_TMP/shared/c.txt"
J=$REPLY
wait_job "$J" done
expect_contains "$(job_field "$J" status)" "printed" "the job's status"
# (The device file itself stays empty on the machines we test on: this cupsd completes
# raw jobs without running the file device. What reached CUPS is checked through CUPS.)
expect_ok as_s0 "$S0CTL" --runtime-dir "$T_RUN" --json printers
expect_contains "$T_OUT" "request id is s0q-" "the driver's status (lp's answer)"
cups_has_job() { lpstat -h "127.0.0.1:$PORT" -W completed -o s0q | grep -q "^s0q-[0-9]* *$UA "; }
wait_until "the job in CUPS, under a's name (not s0-printdrv's)" 1500 cups_has_job
expect_ok lpstat -h "127.0.0.1:$PORT" -W completed -l -o s0q
expect_contains "$T_OUT" "$UA" "the CUPS job's user"

log "a queue CUPS does not know fails the job with lp's reason, and the spooler goes on"
u_print "$S_A" "$UA" --printer Nowhere "$T_TMP/shared/c.txt"
wait_job "$REPLY" failed
u_print "$S_A" "$UA" --printer Office "$T_TMP/shared/c.txt"
wait_job "$REPLY" done
expect_daemon_alive
