#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The W functions of the service API and ChangeServiceConfig2/QueryServiceConfig2 (A and
# W), called directly by test-scm-api.c against a real s0-scm: round trips, buffer sizes,
# the rights of a handle (ERROR_ACCESS_DENIED), a user refused by s0-scm; the change is
# on disk (one .conf line per setting) and survives a restart of s0-scm; the service so
# made starts through StartServiceW and runs.
. "$(dirname "$0")/lib-scm.sh"
: "${S0_TEST_SCM_API:?S0_TEST_SCM_API not set}"

cp "$S0_TEST_SCM_API" "$SCM_BIN/test-scm-api"
chmod a+rx "$SCM_BIN/test-scm-api"
API=$SCM_BIN/test-scm-api
start_daemon
make_user a
UA=$REPLY
svc_conf ApiDep "Arguments=$SCM_OUT/ApiDep"
scm_start

log "as root: W functions, Config2 A/W, buffer rules, handle rights"
expect_ok "$API" admin ApiW "$SCM_BIN/test-service" "$SCM_OUT/ApiW"
log "$T_OUT"
expect_contains "$T_OUT" "checks passed" "test-scm-api admin"
conf=$(cat "$SCM_CONF/ApiW.conf")
expect_contains "$conf" "Description=x" "ApiW.conf"
expect_contains "$conf" "DelayedAutoStart=yes" "ApiW.conf"
expect_contains "$conf" "PreshutdownTimeout=4321" "ApiW.conf"
expect_contains "$conf" "Recovery=none/0" "ApiW.conf"
expect_contains "$conf" $'DisplayName=Zweiter \xc3\x9cName' "ApiW.conf (UTF-8 from a W call)"
ls -A "$SCM_CONF" | grep -q '\.tmp$' && fail "a temporary file was left in $SCM_CONF"

log "the settings survive a restart of s0-scm; a user may read them, not change them"
scm_kill9
scm_start
expect_ok as_user "$UA" "$API" user ApiW
expect_contains "$T_OUT" "checks passed" "test-scm-api user"

log "StartServiceW runs it; DeleteService removes it"
expect_ok "$API" start ApiW
wait_state ApiW RUNNING
wait_line "$SCM_OUT/ApiW" RUNNING
expect_ok sc stop ApiW
wait_state ApiW STOPPED
expect_ok "$API" delete ApiW
[ ! -e "$SCM_CONF/ApiW.conf" ] || fail "ApiW.conf still there after DeleteService"
