#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ATTACKS A7: the session's own user tampers with its session host (s0-sessionhost,
# root without capabilities, not dumpable, in cgroup session-N/host): ptrace attach,
# signals (TERM, STOP, KILL), /proc/PID/mem and /proc/PID/environ, replacing or
# removing its socket, garbage on the socket. Every one is refused by the kernel
# (EPERM / EACCES) or shrugged off (the host answers the next well-formed request);
# the host is the same process afterwards. Next to each, its precondition: the user
# can do the same to a process of its own. Run in default and legacy mode (in legacy
# the console user shares session 0's host with the services).
. "$S0_TESTS_SRC/integration/lib.sh"

: "${S0_WINDOWSTESTS:=$(dirname "$S0_HELPERS")/windows}"
. "$S0_TESTS_SRC/windows/lib-windows.sh"
stage_windows


PY_TAMPER='
import ctypes, errno, os, signal, socket, sys
pid, sock = int(sys.argv[1]), sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
def res(name, f):
    try:
        r = f()
        print(name, "ok" if r in (None, 0) else "err%d" % ctypes.get_errno())
    except OSError as e:
        print(name, errno.errorcode.get(e.errno, e.errno))
res("ptrace", lambda: libc.ptrace(16, pid, None, None))  # PTRACE_ATTACH
for s in ("SIGTERM", "SIGSTOP", "SIGKILL"):
    res(s, lambda: os.kill(pid, getattr(signal, s)))
res("mem", lambda: open("/proc/%d/mem" % pid, "rb").read(1))
res("environ", lambda: open("/proc/%d/environ" % pid, "rb").read(1))
res("unlink", lambda: os.unlink(sock))
def bind():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.bind(os.path.dirname(sock) + "/fake.sock")
res("bind", bind)
def garbage():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sock)
    for n in (0, 1, 100, 287, 289, 5000):
        s.send(b"\xff" * max(n, 1))
    s.close()
res("garbage", garbage)
'
PY_SELF='
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
r_fd, w_fd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r_fd)
    os.write(w_fd, b"1")  # running: attach only to a child that is there
    os.close(w_fd)
    while True:
        os.pause()
os.close(w_fd)
if os.read(r_fd, 1) != b"1":
    print("own_ptrace child never started")
    sys.exit(1)
deadline = time.monotonic() + 5
while True:
    r = libc.ptrace(16, pid, None, None)  # PTRACE_ATTACH
    err = ctypes.get_errno()
    if r == 0 or time.monotonic() > deadline:
        break
    time.sleep(0.05)
print("own_ptrace", "ok" if r == 0 else "err%d" % err)
if r != 0:  # say why, for whoever reads the log
    print("dumpable(self)", libc.prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
    try:
        print("ptrace_scope", open("/proc/sys/kernel/yama/ptrace_scope").read().strip())
    except OSError as e:
        print("ptrace_scope", "absent" if e.errno == 2 else e)
    try:
        for l in open("/proc/%d/status" % pid):
            if l.split(":")[0] in ("State", "TracerPid", "Uid", "Gid", "PPid", "NoNewPrivs", "Seccomp"):
                print("child", l.strip())
    except OSError as e:
        print("child status", e)
os.kill(pid, 9)
os.waitpid(pid, 0)
'

check_mode() { # SESSION USER
        local s=$1 u=$2 hp
        wait_until "session $s's host" 60 tw_ready "$s" "$u"
        hp=$(host_pid "$s")
        [ -n "$hp" ] || fail "no host in session $s"
        expect_ok in_session "$s" "$u" python3 -c "$PY_SELF"
        expect_contains "$T_OUT" "own_ptrace ok" "precondition: the user may ptrace its own process"
        expect_ok in_session "$s" "$u" python3 -c "$PY_TAMPER" "$hp" "$T_RUN/host/host.sock"
        expect_contains "$T_OUT" "ptrace err1" "ptrace attach to the host (EPERM)"
        expect_contains "$T_OUT" "SIGTERM EPERM" "SIGTERM to the host"
        expect_contains "$T_OUT" "SIGSTOP EPERM" "SIGSTOP to the host"
        expect_contains "$T_OUT" "SIGKILL EPERM" "SIGKILL to the host"
        expect_contains "$T_OUT" "mem EACCES" "/proc/PID/mem of the host"
        expect_contains "$T_OUT" "environ EACCES" "/proc/PID/environ of the host"
        expect_contains "$T_OUT" "unlink EACCES" "removing the host's socket"
        expect_contains "$T_OUT" "bind EACCES" "a socket of one's own in the host's directory"
        expect_contains "$T_OUT" "garbage ok" "garbage sent to the host"
        expect_eq "$hp" "$(host_pid "$s")" "the host is the same process"
        expect_ok tw "$s" "$u" attack NoSuchWindow 0 none
        expect_contains "$T_OUT" "FindWindow 0 2" "the host answers after the garbage"
}

start_daemon
make_users_ab
expect_ok s0 logon "$UA"
log "default: a in session $T_OUT"
check_mode "$T_OUT" "$UA"

log "legacy: a on session 0's console"
stop_daemon
start_daemon --isolation=legacy
expect_ok s0 logon "$UA"
expect_eq 0 "$T_OUT" "first logon in legacy mode"
check_mode 0 "$UA"
expect_daemon_alive
