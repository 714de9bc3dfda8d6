#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# /tmp, /dev/shm, SysV IPC (message queues, shared memory, semaphores) and POSIX message
# queues are per session: what user A creates in session 1 is invisible in session 2
# (user B) and in session 0 (a root service), and the other way round; the same user
# logged on twice gets two sessions that do not share them either.
#
# Every object is created world-readable/writable (0644 / 0666), so "not there" cannot
# be "there but not accessible".
. "$S0_TESTS_SRC/integration/lib.sh"

start_daemon
make_users_ab

logon_ab

# create TAG: /tmp/s0-TAG, /dev/shm/s0-TAG, one SysV queue, segment and semaphore set,
# and the POSIX queue /s0-TAG. Prints the three SysV keys.
CREATE='
set -e
umask 022
echo "$1" > /tmp/s0-$1
echo "$1" > /dev/shm/s0-$1
ipcmk -Q -p 0666 >/dev/null
ipcmk -M 4096 -p 0666 >/dev/null
ipcmk -S 1 -p 0666 >/dev/null
"$2" create /s0-$1
for k in q m s; do ipcs -$k | awk -v k=$k "/^0x/ { print k \":\" \$1 }"; done
'
# probe: every object of any tag visible here, one per line, sorted.
PROBE='
for t in a b svc a2; do
        [ -e /tmp/s0-$t ] && echo "tmp:$t"
        [ -e /dev/shm/s0-$t ] && echo "shm:$t"
        "$1" exists /s0-$t 2>/dev/null && echo "mq:$t"
done
for k in q m s; do ipcs -$k | awk -v k=$k "/^0x/ { print k \":\" \$1 }"; done
exit 0
'
probe() { # SESSION USER
        in_session "$1" "$2" sh -c "$PROBE" probe "$T_MQ" | sort | xargs
}

log "nothing in fresh sessions"
expect_eq "" "$(probe "$S1" "$UA")" "objects visible in a fresh session 1"
expect_eq "" "$(probe 0 root)" "objects visible in a fresh session 0"

log "user A creates in session 1, user B in session 2, a root service in session 0"
KEYS_A=$(in_session "$S1" "$UA" sh -c "$CREATE" create a "$T_MQ" | sort | xargs)
KEYS_B=$(in_session "$S2" "$UB" sh -c "$CREATE" create b "$T_MQ" | sort | xargs)
KEYS_SVC=$(s0 run --session 0 -- sh -c "$CREATE" create svc "$T_MQ" | sort | xargs)
for keys in "$KEYS_A" "$KEYS_B" "$KEYS_SVC"; do
        [[ "$keys" =~ ^m:0x[0-9a-f]+\ q:0x[0-9a-f]+\ s:0x[0-9a-f]+$ ]] ||
                fail "each session should list exactly its own queue, segment and semaphore set: got '$keys'"
done

log "each session sees exactly its own objects"
expect_eq "$(echo "$KEYS_A mq:a shm:a tmp:a" | xargs -n1 | sort | xargs)" "$(probe "$S1" "$UA")" \
        "objects visible in session 1 (user A)"
expect_eq "$(echo "$KEYS_B mq:b shm:b tmp:b" | xargs -n1 | sort | xargs)" "$(probe "$S2" "$UB")" \
        "objects visible in session 2 (user B)"
expect_eq "$(echo "$KEYS_SVC mq:svc shm:svc tmp:svc" | xargs -n1 | sort | xargs)" "$(probe 0 root)" \
        "objects visible in session 0 (a root service)"
# root itself in session 2 (not only user B) sees no more than session 2 holds
expect_eq "$(echo "$KEYS_B mq:b shm:b tmp:b" | xargs -n1 | sort | xargs)" "$(probe "$S2" root)" \
        "objects visible to root in session 2"

log "and the host sees none of them"
for t in a b svc; do
        [ ! -e "/tmp/s0-$t" ] || fail "/tmp/s0-$t of a session is visible on the host"
        [ ! -e "/dev/shm/s0-$t" ] || fail "/dev/shm/s0-$t of a session is visible on the host"
        run_rc "$T_MQ" exists "/s0-$t"
        expect_eq 1 "$T_RC" "POSIX queue /s0-$t on the host (1 = does not exist; stderr: $T_ERR)"
done
HOST_IPC=$(for k in q m s; do ipcs -$k | awk '/^0x/ { print $1 }'; done | xargs)
for key in $KEYS_A $KEYS_B $KEYS_SVC; do
        [[ " $HOST_IPC " != *" ${key#?:} "* ]] || fail "SysV key ${key#?:} of a session is visible on the host"
done

log "the content is the creator's"
expect_ok in_session "$S1" "$UA" cat /tmp/s0-a /dev/shm/s0-a
expect_eq "a
a" "$T_OUT" "content of session 1's files"

log "the same user logged on twice: two sessions, two /tmp"
S3=$(s0 logon "$UA")
expect_eq 3 "$S3" "second logon of user A"
expect_eq "" "$(probe "$S3" "$UA")" "objects visible in user A's second session"
in_session "$S3" "$UA" sh -c "$CREATE" create a2 "$T_MQ" >/dev/null
expect_eq "$(echo "$KEYS_A mq:a shm:a tmp:a" | xargs -n1 | sort | xargs)" "$(probe "$S1" "$UA")" \
        "session 1 after user A created objects in session 3"
DEV1=$(in_session "$S1" "$UA" stat -c %d /tmp)
DEV3=$(in_session "$S3" "$UA" stat -c %d /tmp)
DEVH=$(stat -c %d /tmp)
expect_ne "$DEV1" "$DEV3" "/tmp device of user A's two sessions"
expect_ne "$DEVH" "$DEV1" "/tmp device of session 1 vs the host"
SHM1=$(in_session "$S1" "$UA" stat -c %d /dev/shm)
SHM3=$(in_session "$S3" "$UA" stat -c %d /dev/shm)
expect_ne "$SHM1" "$SHM3" "/dev/shm device of user A's two sessions"
IPC1=$(in_session "$S1" "$UA" readlink /proc/self/ns/ipc)
IPC3=$(in_session "$S3" "$UA" readlink /proc/self/ns/ipc)
expect_ne "$IPC1" "$IPC3" "IPC namespace of user A's two sessions"
expect_ne "$(readlink /proc/self/ns/ipc)" "$IPC1" "IPC namespace of session 1 vs the host"

log "a logoff takes the session's objects with it"
expect_ok s0 logoff "$S1"
S1B=$(s0 logon "$UA")
expect_eq "$S1" "$S1B" "id of the next logon (the freed lowest id)"
expect_eq "" "$(probe "$S1B" "$UA")" "objects visible in the new session $S1B"
