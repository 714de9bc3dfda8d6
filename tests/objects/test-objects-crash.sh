#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test-objects-crash: 1,000 crashed holders leave no object and no file behind, and
# 10,000 create races have exactly one creator each, in session 0 as root (the global
# namespace) and in a user's session as that user.
. "$S0_TESTS_SRC/objects/lib.sh"

objtest_stage test-objects-crash
make_user a
UA=$REPLY
start_daemon

objtest_run 0 root test-objects-crash all 1000 10000
RC_ROOT=$T_RC

S=$(s0 logon "$UA")
expect_eq 1 "$S" "session of the first logon"
objtest_run "$S" "$UA" test-objects-crash all 1000 10000
RC_USER=$T_RC

expect_daemon_alive
expect_eq 0 "$RC_ROOT" "test-objects-crash in session 0 as root"
expect_eq 0 "$RC_USER" "test-objects-crash in session $S as $UA"
