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
"$fuzzer" "$@" "$work"
