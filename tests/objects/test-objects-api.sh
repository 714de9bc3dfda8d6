#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test-objects-api (SEMANTICS.md §2-4 on the native object API) in session 0 as root
# (a service: X and Local\X are global) and in a user's session as that user (X is the
# session's, Global\ sections need the privilege the user lacks).
. "$S0_TESTS_SRC/objects/lib.sh"

objtest_stage test-objects-api
make_user a
UA=$REPLY
start_daemon

objtest_run 0 root test-objects-api
RC_ROOT=$T_RC

S=$(s0 logon "$UA")
expect_eq 1 "$S" "session of the first logon"
objtest_run "$S" "$UA" test-objects-api
RC_USER=$T_RC

expect_daemon_alive
expect_eq 0 "$RC_ROOT" "test-objects-api in session 0 as root"
expect_eq 0 "$RC_USER" "test-objects-api in session $S as $UA"
