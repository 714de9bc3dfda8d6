#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The sensor driver: readings by IOCTL from sessions 1 and 2 (and a request completed
# later: IOCTL_SENSOR_WAIT), and the Global\ event it publishes with an explicit
# descriptor: users in both sessions can wait on it, SetEvent is ERROR_ACCESS_DENIED (5).
. "$(dirname "$0")/lib-drvhost.sh"

start_daemon
make_users_ab
logon_ab
drv_conf sensor sensor "sensor D:(A;;GR;;;WD)"
drvhost_start sensor

log "readings from both sessions; WAIT pends until the next one"
for s in "$S1:$UA" "$S2:$UB"; do
        out=$(client "${s%%:*}" "${s#*:}" '\\.\sensor' --access r sensor sensorwait)
        expect_eq 2 "$(grep -c '^sensor ok' <<<"$out")" "two readings in session ${s%%:*}"
        first=$(sed -n 2p <<<"$out" | awk '{ print $3 }')
        second=$(sed -n 3p <<<"$out" | awk '{ print $3 }')
        [ "$second" -gt "$first" ] || fail "WAIT returned reading $second, not after $first"
        mc=$(sed -n 2p <<<"$out" | awk '{ print $4 }')
        [ "$mc" -gt 15000 ] && [ "$mc" -lt 30000 ] || fail "implausible reading $mc"
done

log "the Global\\ event: waitable from sessions 1 and 2"
for s in "$S1:$UA" "$S2:$UB"; do
        out=$(client "${s%%:*}" "${s#*:}" --event 'Global\s0-sensor-sensor' evwait)
        expect_eq "evwait ok" "$out" "wait in session ${s%%:*}"
done

log "... but nobody else may set it"
out=$(client "$S2" "$UB" --event 'Global\s0-sensor-sensor' evset)
expect_contains "$out" "evset open-modify err 5" "OpenEvent(EVENT_MODIFY_STATE)"
expect_contains "$out" "evset setevent err 5" "SetEvent on a SYNCHRONIZE handle"
