#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The echo device served by s0-drvhost (a service of s0-scm in session 0) to users in
# sessions 1 and 2 and to a service in session 0: data round-trips, the driver sees each
# caller's uid and session from the kernel; a device whose descriptor denies a user
# refuses that user with ERROR_ACCESS_DENIED (5); oversized and malformed requests are
# refused with the documented errors and the host keeps serving.
. "$(dirname "$0")/lib-drvhost.sh"

start_daemon
make_users_ab
logon_ab
uid_a=$(id -u "$UA")
uid_b=$(id -u "$UB")
drv_conf echo echo "echo D:(A;;GRGW;;;WD)" "locked D:(D;;GA;;;S-1-22-1-$uid_b)(A;;GRGW;;;WD)" \
        "readonly D:(A;;GR;;;WD)" "onlya D:(A;;GRGW;;;S-1-22-1-$uid_a)"
drvhost_start echo locked readonly onlya

log "the worker runs as s0-umdf, without capabilities or new privileges, in session 0"
wpid=$(dev_status echo pid)
expect_eq "$(id -u s0-umdf)" "$(awk '/^Uid:/ { print $2 }' /proc/"$wpid"/status)" "worker uid"
expect_eq "0000000000000000" "$(awk '/^CapEff:/ { print $2 }' /proc/"$wpid"/status)" "worker CapEff"
expect_eq "1" "$(awk '/^NoNewPrivs:/ { print $2 }' /proc/"$wpid"/status)" "worker NoNewPrivs"
expect_eq "0" "$(s0 session-of "$wpid")" "worker session"

log "alice in session 1: write, read back, IOCTL echo, whoami"
out=$(client "$S1" "$UA" '\\.\echo' w:hello-from-a r:100 echo:ping:16 whoami)
expect_contains "$out" "write ok 12" "alice write"
expect_contains "$out" "read ok 12 hello-from-a" "alice read"
expect_contains "$out" "echo ok 4 ping" "alice IOCTL echo"
expect_contains "$out" "whoami uid=$uid_a " "alice's uid as the driver sees it"
expect_contains "$out" "session=1" "alice's session as the driver sees it"

log "bob in session 2, through \\\\.\\GLOBALROOT\\Device\\echo; alice's data is not in his handle"
out=$(client "$S2" "$UB" '\\.\GLOBALROOT\Device\ECHO' r:100 w:bob whoami r:100)
expect_contains "$out" "read ok 0" "bob's fresh handle is empty"
expect_contains "$out" "whoami uid=$uid_b " "bob's uid"
expect_contains "$out" "session=2" "bob's session"
expect_contains "$out" "read ok 3 bob" "bob's loopback"

log "a service in session 0 (root)"
out=$(s0 run --session 0 -- "$DRV_CLIENT" '\\.\echo' whoami w:svc r:10)
expect_contains "$out" "whoami uid=0 " "the service's uid"
expect_contains "$out" "session=0" "the service's session"
expect_contains "$out" "read ok 3 svc" "the service's loopback"

log "no such device: ERROR_FILE_NOT_FOUND (2)"
out=$(client "$S1" "$UA" '\\.\nosuchdevice' whoami || true)
expect_eq "open err 2" "$out" "open of a missing device"

log "the descriptor denies bob: ERROR_ACCESS_DENIED (5) for him, alice gets in"
out=$(client "$S2" "$UB" '\\.\locked' whoami || true)
expect_eq "open err 5" "$out" "bob on locked"
out=$(client "$S1" "$UA" '\\.\locked' whoami)
expect_contains "$out" "session=1" "alice on locked"
out=$(client "$S2" "$UB" '\\.\onlya' whoami || true)
expect_eq "open err 5" "$out" "bob on onlya (not in the DACL)"
out=$(client "$S1" "$UA" '\\.\onlya' w:x r:1)
expect_contains "$out" "read ok 1 x" "alice on onlya"
# the kernel refuses bob before the host sees him: the socket's mode and ACL
kconnect() { # USER DEVICE: what connect(2) says
        as_user "$1" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1]); print("connected")
except PermissionError:
    print("EACCES")' "$T_RUN/devices/$2" 2>&1
}
expect_eq EACCES "$(kconnect "$UB" locked)" "bob's connect(2) to locked"
expect_eq EACCES "$(kconnect "$UB" onlya)" "bob's connect(2) to onlya"
expect_eq connected "$(kconnect "$UA" onlya)" "alice's connect(2) to onlya"

log "a read-only device: GENERIC_WRITE refused at open, a write on a read handle refused"
out=$(client "$S1" "$UA" '\\.\readonly' whoami || true)
expect_eq "open err 5" "$out" "read+write open of readonly"
out=$(client "$S1" "$UA" '\\.\readonly' --access r w:x ioctl:22e00c:0:0 whoami)
expect_contains "$out" "write err 5" "write on a read-only handle"
expect_contains "$out" "ioctl err 5" "a FILE_WRITE_ACCESS IOCTL on a read-only handle"
expect_contains "$out" "session=1" "a FILE_ANY_ACCESS IOCTL on it works"

log "oversized and malformed buffers are refused with the documented errors"
out=$(client "$S1" "$UA" '\\.\echo' echo:toolongforthis:4 ioctl:222000:70000:16 ioctl:222000:16:70000 nullret \
        ioctl:222ffc:0:0 stats)
expect_contains "$out" "echo err 122" "output buffer smaller than the echo: ERROR_INSUFFICIENT_BUFFER"
expect_eq 2 "$(grep -c 'ioctl err 87' <<<"$out")" "buffers over 64 KiB: ERROR_INVALID_PARAMETER"
expect_contains "$out" "nullret err 87" "lpBytesReturned NULL without OVERLAPPED"
expect_contains "$out" "ioctl err 1" "an unknown code: ERROR_INVALID_FUNCTION"
expect_contains "$out" "stats opens=1" "the handle still works afterwards"

log "raw garbage on the device socket: refused, the host survives"
cat >"$T_TMP/raw.py" <<'PY'
import socket, struct, sys
path = sys.argv[1]
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    return s
def reply(s):
    d = b""
    try:
        while len(d) < 24:
            c = s.recv(24 - len(d))
            if not c:
                return "closed"
            d += c
        h = struct.unpack("<IHHIIII", d)
        left = h[3]
        while left > 0:
            c = s.recv(left)
            if not c:
                return "closed"
            left -= len(c)
    except ConnectionResetError:
        return "reset"
    return "status=%d" % h[4]
hdr = lambda magic, ver, typ, ln, st=0, a0=0, a1=0: struct.pack("<IHHIIII", magic, ver, typ, ln, st, a0, a1)
M = 0x53304456
cases = {
    "badmagic": hdr(0x12345678, 1, 1, 0),
    "badversion": hdr(M, 9, 1, 0),
    "badtype": hdr(M, 1, 77, 0),
    "oversized": hdr(M, 1, 3, 1 << 20),
    "beforeopen": hdr(M, 1, 3, 1) + b"x",
    "shortheader": b"S0",
}
for name, data in cases.items():
    s = conn()
    s.sendall(data)
    if name == "shortheader":
        s.shutdown(socket.SHUT_WR)
    print(name, reply(s))
    s.close()
s = conn()
s.sendall(hdr(M, 1, 1, 0))
print("open", reply(s))
s.sendall(hdr(M, 1, 4, 8, 0, 0x222000, 1 << 20) + b"12345678")
print("bigout", reply(s))
PY
chmod a+r "$T_TMP/raw.py"
out=$(as_user "$UA" /usr/bin/python3 "$T_TMP/raw.py" "$T_RUN/devices/echo")
for c in badmagic badversion badtype oversized beforeopen; do
        expect_contains "$out" "$c status=87" "raw $c"
done
expect_contains "$out" "open status=0" "a well-formed open"
expect_contains "$out" "bigout status=87" "an IOCTL output capacity over 64 KiB"
expect_eq "$wpid" "$(dev_status echo pid)" "the worker's pid after the garbage"
out=$(client "$S1" "$UA" '\\.\echo' echo:still-here:64)
expect_contains "$out" "echo ok 10 still-here" "the device after the garbage"

log "s0ctl devices and s0ctl device"
expect_ok s0 devices
expect_contains "$T_OUT" "echo" "s0ctl devices"
expect_eq running "$(dev_status locked state)" "locked's state"
expect_ok s0 --json device ioctl echo 222000 --in hi
expect_contains "$T_OUT" '"hex": "6869"' "s0ctl device ioctl"
expect_fail_msg "ERROR_FILE_NOT_FOUND (2)" s0 device read nosuchdevice

log "the refused opens are in the audit journal"
expect_ok s0 --json events --kind device
# the kernel refused bob (socket ACL): the Win32 layer reported it, under his identity
expect_contains "$T_OUT" '"kind":"device","result":5' "a refused open"
expect_contains "$T_OUT" "\"uid\":$uid_b,\"session\":2" "bob's refused open, his uid and session"
expect_contains "$T_OUT" 'locked"' "the device bob was refused"
