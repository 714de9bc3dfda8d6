#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the seed corpora of the fuzzers: fuzz/corpus/protocol/ (valid control
messages of every type, as the layouts in include/session0/protocol.h define them,
little-endian like the hosts we run on), fuzz/corpus/cgroup-path/ ("root\\0path")
and fuzz/corpus/objname/ (Win32 object names, one per file).

The outputs are committed; run this again after a protocol change:
    python3 fuzz/make-seeds.py
"""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

MAGIC, VERSION = 0x52503053, 1
(ERROR, OK, SESSION, SESSION_LIST, SPAWNED, EXITED, LOGON, LOGOFF, SPAWN, LIST,
 SESSION_OF, JOIN, JOINED, DISCONNECT, OBJ_REAP) = range(1, 16)
USER_MAX, TEXT_MAX, OBJ_FILE_MAX = 64, 200, 256
EVENTS, EVENT_LIST, EVENTS_FOLLOW, AUDIT = range(16, 20)
EVENT_TARGET_MAX = 128
AGENT_REGISTER, SEND_MESSAGE, MESSAGE_SHOW, MESSAGE_ANSWER = range(22, 26)
LOCK, LOCK_UNLOCK = 26, 1
MSG_TITLE_MAX, MSG_TEXT_MAX = 256, 1024
EV_SPAWN, EV_PIPE = 5, 14
NONE = 0xFFFFFFFF
LOGOFF_ON_EXIT = 1


def header(mtype, body, cookie=0x100):
    return struct.pack("<IHHII", MAGIC, VERSION, mtype, 16 + len(body), cookie) + body


def fixed(s, n):
    b = s.encode()
    assert len(b) < n
    return b + b"\0" * (n - len(b))


def error(err, text):
    return header(ERROR, struct.pack("<iI", err, 0) + fixed(text, TEXT_MAX))


def info(sid, uid, state, flags, user, nprocs=1, anchor=100):
    return struct.pack("<IIIIqIi", sid, uid, state, flags, 1700000000, nprocs, anchor) + fixed(user, USER_MAX)


def session_list(entries, next_id=NONE):
    return header(SESSION_LIST, struct.pack("<II", len(entries), next_id) + b"".join(entries))


def spawn(session, user, argv, envp=(), flags=0):
    strings = b"".join(s.encode() + b"\0" for s in list(argv) + list(envp))
    body = struct.pack("<II", session, flags) + fixed(user, USER_MAX)
    body += struct.pack("<IIII", len(argv), len(envp), len(strings), 0)
    return header(SPAWN, body + strings)


def event(seq, kind, result, session, target_session, target, flags=1):
    return struct.pack("<QqIiiIIIII", seq, 1700000000123456789, kind, result, 4242, 1001, session,
                       target_session, 1000, flags) + fixed(target, EVENT_TARGET_MAX)


def event_list(events, next_seq, flags=0):
    return header(EVENT_LIST, struct.pack("<IIQ", len(events), flags, next_seq) + b"".join(events))


PROTOCOL = {
    "error-eperm": error(-1, "logon needs root (caller is uid 1000)"),
    "error-enoent": error(-2, "no such user 'x'"),
    "ok": header(OK, b""),
    "session-1": header(SESSION, struct.pack("<II", 1, 0)),
    "session-list-empty": session_list([]),
    "session-list-two": session_list([info(0, NONE, 4, 2, ""), info(1, 1000, 0, 1, "alice", 3, 200)]),
    "session-list-more": session_list([info(2, 1001, 0, 1, "bob")], next_id=3),
    "spawned": header(SPAWNED, struct.pack("<iI", 4242, 1)),
    "exited": header(EXITED, struct.pack("<iiiI", 4242, 1, 0, 0)),
    "logon": header(LOGON, fixed("alice", USER_MAX) + struct.pack("<II", 0, 0)),
    "logon-long-user": header(LOGON, fixed("u" * 63, USER_MAX) + struct.pack("<II", 0, 0)),
    "logoff": header(LOGOFF, struct.pack("<II", 1, 0)),
    "spawn-true": spawn(0, "", ["true"]),
    "spawn-env": spawn(1, "alice", ["/bin/sh", "-c", "echo hi"], ["TERM=xterm", "LANG=C.UTF-8"], LOGOFF_ON_EXIT),
    "spawn-empty-strings": spawn(2, "bob", ["", ""], [""]),
    "list": header(LIST, struct.pack("<II", 0, 0)),
    "list-from-5": header(LIST, struct.pack("<II", 5, 0)),
    "session-of": header(SESSION_OF, struct.pack("<iI", 1, 0)),
    "join": header(JOIN, fixed("alice", USER_MAX) + struct.pack("<II", 0, 0)),
    "join-reconnect": header(JOIN, fixed("alice", USER_MAX) + struct.pack("<II", 1, 0)),
    "joined": header(JOINED, struct.pack("<II", 2, 1)),
    "disconnect": header(DISCONNECT, struct.pack("<II", 1, 0)),
    "lock": header(LOCK, struct.pack("<II", 1, 0)),
    "unlock": header(LOCK, struct.pack("<II", 1, LOCK_UNLOCK)),
    "obj-reap-global": header(OBJ_REAP, struct.pack("<I", 0) + fixed("MyEvent", OBJ_FILE_MAX)),
    "obj-reap-session": header(OBJ_REAP, struct.pack("<I", 3) + fixed("%2Ehidden%2Fx", OBJ_FILE_MAX)),
    "obj-reap-longest": header(OBJ_REAP, struct.pack("<I", 1) + fixed("a" * 255, OBJ_FILE_MAX)),
    "events-all": header(EVENTS, struct.pack("<QIIII", 0, NONE, 0, 0, 0)),
    "events-filtered": header(EVENTS, struct.pack("<QIIII", 17, 1, EV_SPAWN, 10, 0)),
    "events-follow": header(EVENTS_FOLLOW, struct.pack("<QIIII", 0, 2, 0, 0, 0)),
    "event-list-empty": event_list([], 1),
    "event-list-two": event_list([event(5, EV_SPAWN, -1, 2, 1, "true"),
                                  event(6, EV_PIPE, 5, 1, NONE, "\\\\.\\pipe\\spooler", flags=2)], 7, flags=3),
    "audit-pipe": header(AUDIT, struct.pack("<IIiI", EV_PIPE, NONE, -13, 0) + fixed("\\\\.\\pipe\\x", EVENT_TARGET_MAX)),
    "agent-register": header(AGENT_REGISTER, struct.pack("<II", 0, 0)),
    "send-message-yesno-wait": header(SEND_MESSAGE, struct.pack("<IIII", 1, 4 | 0x100, 30, 1)
                                      + fixed("Backup", MSG_TITLE_MAX) + fixed("Restart now?", MSG_TEXT_MAX)),
    "send-message-nowait-forever": header(SEND_MESSAGE, struct.pack("<IIII", 2, 0, 0, 0)
                                          + fixed("", MSG_TITLE_MAX) + fixed("\x1b[31mred\x1b[0m\r\n", MSG_TEXT_MAX)),
    "send-message-longest": header(SEND_MESSAGE, struct.pack("<IIII", 1, 6, 5, 1)
                                   + fixed("t" * 255, MSG_TITLE_MAX) + fixed("\u00e9" * 511 + "x", MSG_TEXT_MAX)),
    "message-show": header(MESSAGE_SHOW, struct.pack("<IIIIII", 7, 3, 30, 0, 0, 0)
                           + fixed("Title", MSG_TITLE_MAX) + fixed("Text", MSG_TEXT_MAX)),
    "message-answer-yes": header(MESSAGE_ANSWER, struct.pack("<II", 7, 6)),
    "message-answer-timeout": header(MESSAGE_ANSWER, struct.pack("<II", 0, 32000)),
}

CGROUP_PATH = {
    "session": ("/s0", "/s0/session-3"),
    "session-user": ("/s0", "/s0/session-3/user"),
    "session-zero": ("/s0", "/s0/session-0/console"),
    "root-slash": ("/", "/session-12/anchor"),
    "root-trailing": ("/a/b//", "/a/b/session-7/system"),
    "largest": ("/s0", "/s0/session-4294967294"),
    "none": ("/s0", "/s0/session-4294967295"),
    "leading-zero": ("/s0", "/s0/session-01"),
    "prefix-not-component": ("/s0", "/s0x/session-1"),
    "systemd-scope": ("/s0", "/user.slice/user-1000.slice/session-3.scope"),
    "root-itself": ("/s0", "/s0"),
}


OBJNAME = {
    "plain": b"X",
    "local": b"Local\\MyEvent",
    "global": b"Global\\MyMutex",
    "session": b"Session\\3\\X",
    "session-zero": b"Session\\0\\X",
    "session-leading-zero": b"Session\\01\\X",
    "session-dir": b"Session\\2",
    "chain": b"Global\\Local\\Session\\4\\Y",
    "lowercase-link": b"global\\X",
    "leading-backslash": b"\\BaseNamedObjects\\X",
    "empty-component": b"Local\\\\X",
    "escapes": b"./%#a/b%2F",
    "dot-dot": b"..",
    "hash": b"#0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "utf8": "Local\\caf\u00e9 \u20ac \U0001F600".encode(),
    "invalid-utf8": b"Global\\\xed\xa0\x80\xc0\x80",
    "long-hashed": b"Global\\" + b"/" * 100,
    "max-path": b"a" + "\U0001F600".encode() * 129,
}


def write_dir(name, items):
    d = os.path.join(HERE, "corpus", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for fname, blob in sorted(items.items()):
        with open(os.path.join(d, fname), "wb") as f:
            f.write(blob)


def main():
    write_dir("protocol", PROTOCOL)
    write_dir("cgroup-path", {k: r.encode() + b"\0" + p.encode() for k, (r, p) in CGROUP_PATH.items()})
    write_dir("objname", OBJNAME)


if __name__ == "__main__":
    main()
