#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes fuzz/corpus/spooler-protocol/: one valid message of each kind, as
include/session0/spooler-protocol.h lays them out (little-endian). Run again after a
protocol change: python3 fuzz/make-spooler-seeds.py"""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC, VERSION = 0x4C4F5053, 2


def hdr(t, body):
    return struct.pack("<IHHII", MAGIC, VERSION, t, 16 + len(body), 0) + body


def fixed(s, n):
    b = s.encode()
    return b + b"\0" * (n - len(b))


def job_info(i):
    return (struct.pack("<8IQq", i, 3, 0, 1001, 1, 1, 1, 0, 42, 1) + fixed("PDF", 64) + fixed("alice", 64) +
            fixed("report", 128) + fixed("printed", 128) + fixed("/out/alice/job1.pdf", 256))


def printer_info():
    return fixed("PDF", 64) + fixed("pdf", 64) + fixed("", 128) + struct.pack("<IIIi", 14, 0, 1, 123)


seeds = {
    "error": hdr(1, struct.pack("<II", 1801, 0) + fixed("no such printer", 128)),
    "ok": hdr(2, struct.pack("<II", 7, 0)),
    "printers": hdr(3, struct.pack("<II", 1, 0) + printer_info()),
    "jobs": hdr(4, struct.pack("<II", 2, 2) + job_info(1) + job_info(2)),
    "enum-printers": hdr(10, b""),
    "open-printer": hdr(11, fixed("PDF", 64)),
    "start-doc": hdr(12, fixed("PDF", 64) + fixed("report", 128) + struct.pack("<II", 1, 0)),
    "write": hdr(13, b"hello, printer\n"),
    "end-doc": hdr(14, b""),
    "abort-doc": hdr(15, b""),
    "enum-jobs": hdr(16, fixed("", 64) + struct.pack("<II", 0, 0)),
    "set-job": hdr(17, struct.pack("<II", 7, 3)),
    "set-job-info": hdr(18, struct.pack("<4I", 7, 50, 1, 0) + fixed("renamed", 128)),
    "host-job": hdr(30, struct.pack("<4IQ", 7, 1001, 1, 1, 42) + fixed("PDF", 64) + fixed("alice", 64) +
                    fixed("report", 128)),
    "host-cancel": hdr(31, struct.pack("<II", 7, 0)),
    "host-hello": hdr(40, struct.pack("<II", 1, 14) + fixed("pdf", 64)),
    "host-status": hdr(41, struct.pack("<Ii", 7, 16) + fixed("out of paper", 128)),
    "host-output": hdr(42, struct.pack("<Ii", 7, 0) + fixed("job7.pdf", 128)),
    "host-done": hdr(43, struct.pack("<Ii", 7, -5) + fixed("Input/output error", 128)),
}

out = os.path.join(HERE, "corpus", "spooler-protocol")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
