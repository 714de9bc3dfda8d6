#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# run-fuzzer.sh FUZZER SEED_DIR [libFuzzer options...]
# Runs one bounded libFuzzer campaign on a private copy of the seed corpus, so the
# source tree is never written; the copy is removed afterwards.
set -eu
fuzzer=$1
seeds=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/s0-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$seeds"/. "$work"/
# libFuzzer's own exit code for a crash or a timeout is 77, which meson (and so
# make check) would count as "skipped": a finding must fail the test.
"$fuzzer" -error_exitcode=1 -timeout_exitcode=1 "$@" "$work"
