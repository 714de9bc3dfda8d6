/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * drv-client DEVICEPATH [--access 0|r|w|rw] OP...: opens a device with CreateFileA and
 * runs each OP on the handle, printing one line per OP for the tests to match:
 *   w:TEXT            WriteFile                      -> "write ok N" | "write err E"
 *   r:N               ReadFile of N bytes            -> "read ok N TEXT" | "read err E"
 *   echo:TEXT:OUTLEN  IOCTL_ECHO_ECHO                -> "echo ok N TEXT" | "echo err E"
 *   whoami            IOCTL_ECHO_WHOAMI              -> "whoami uid=U pid=P session=S"
 *   stats             IOCTL_ECHO_STATS               -> "stats opens=N writes=N"
 *   ioctl:CODE:IN:OUT a raw IOCTL (hex code, sizes)  -> "ioctl ok N" | "ioctl err E"
 *   nullret           DeviceIoControl with lpBytesReturned NULL -> "nullret err E"
 *   sensor / sensorwait   IOCTL_SENSOR_READ / _WAIT  -> "sensor ok SEQ MILLIC"
 *   pause:FILE        waits until FILE exists (the test crashes the driver meanwhile)
 *   close             CloseHandle                    -> "close ok" | "close err E"
 * The open itself prints "open ok" or "open err E" (and exits 1).
 * drv-client --event NAME evwait|evset: the sensor's Global\ event: WaitForSingleObject
 * (10 s) -> "evwait ok|timeout|err E"; SetEvent -> "evset open-modify err E" and
 * "evset setevent ok|err E".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <session0/driver/samples.h>

#include "windows.h"

static int event_ops(const char *name, int argc, char **argv) {
        for (int i = 0; i < argc; i++) {
                if (strcmp(argv[i], "evwait") == 0) {
                        HANDLE h = OpenEventA(SYNCHRONIZE, FALSE, name);
                        DWORD r;

                        if (!h) {
                                printf("evwait err %u\n", (unsigned) GetLastError());
                                continue;
                        }
                        r = WaitForSingleObject(h, 10000);
                        if (r == WAIT_OBJECT_0)
                                printf("evwait ok\n");
                        else if (r == WAIT_TIMEOUT)
                                printf("evwait timeout\n");
                        else
                                printf("evwait err %u\n", (unsigned) GetLastError());
                        CloseHandle(h);
                } else if (strcmp(argv[i], "evset") == 0) {
                        HANDLE h = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);

                        if (h) {
                                printf("evset open-modify ok\n");
                                CloseHandle(h);
                        } else
                                printf("evset open-modify err %u\n", (unsigned) GetLastError());
                        h = OpenEventA(SYNCHRONIZE, FALSE, name);
                        if (!h) {
                                printf("evset open err %u\n", (unsigned) GetLastError());
                                continue;
                        }
                        if (SetEvent(h))
                                printf("evset setevent ok\n");
                        else
                                printf("evset setevent err %u\n", (unsigned) GetLastError());
                        CloseHandle(h);
                }
                fflush(stdout);
        }
        return 0;
}

static void ioctl_line(const char *what, HANDLE h, DWORD code, void *in, DWORD in_len, void *out, DWORD out_len,
                       DWORD *ret_n, BOOL *ret_ok) {
        *ret_ok = DeviceIoControl(h, code, in, in_len, out, out_len, ret_n, NULL);
        if (!*ret_ok)
                printf("%s err %u\n", what, (unsigned) GetLastError());
}

int main(int argc, char **argv) {
        static char buf[70000];
        DWORD want_access = GENERIC_READ | GENERIC_WRITE, n;
        HANDLE h;
        int i = 2;
        BOOL ok;

        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc < 2) {
                fprintf(stderr, "usage: drv-client DEVICEPATH [--access 0|r|w|rw] OP... | --event NAME OP...\n");
                return 2;
        }
        if (strcmp(argv[1], "--event") == 0 && argc > 2)
                return event_ops(argv[2], argc - 3, argv + 3);
        if (argc > 3 && strcmp(argv[2], "--access") == 0) {
                want_access = strcmp(argv[3], "r") == 0 ? GENERIC_READ : strcmp(argv[3], "w") == 0 ? GENERIC_WRITE :
                         strcmp(argv[3], "0") == 0 ? 0 : GENERIC_READ | GENERIC_WRITE;
                i = 4;
        }
        h = CreateFileA(argv[1], want_access, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) {
                printf("open err %u\n", (unsigned) GetLastError());
                return 1;
        }
        printf("open ok\n");
        for (; i < argc; i++) {
                char *op = argv[i];

                if (strncmp(op, "w:", 2) == 0) {
                        if (WriteFile(h, op + 2, (DWORD) strlen(op + 2), &n, NULL))
                                printf("write ok %u\n", (unsigned) n);
                        else
                                printf("write err %u\n", (unsigned) GetLastError());
                } else if (strncmp(op, "r:", 2) == 0) {
                        DWORD want = (DWORD) strtoul(op + 2, NULL, 10);

                        if (want > sizeof buf - 1)
                                want = sizeof buf - 1;
                        if (ReadFile(h, buf, want, &n, NULL)) {
                                buf[n] = 0;
                                printf("read ok %u %s\n", (unsigned) n, buf);
                        } else
                                printf("read err %u\n", (unsigned) GetLastError());
                } else if (strncmp(op, "echo:", 5) == 0) {
                        char *text = op + 5, *colon = strrchr(text, ':');
                        DWORD out_len = colon ? (DWORD) strtoul(colon + 1, NULL, 10) : 256;

                        if (colon)
                                *colon = 0;
                        memset(buf, 0, sizeof buf);
                        ioctl_line("echo", h, IOCTL_ECHO_ECHO, text, (DWORD) strlen(text), buf,
                                   out_len < sizeof buf ? out_len : sizeof buf - 1, &n, &ok);
                        if (ok)
                                printf("echo ok %u %s\n", (unsigned) n, buf);
                } else if (strcmp(op, "whoami") == 0) {
                        struct s0_echo_whoami w;

                        ioctl_line("whoami", h, IOCTL_ECHO_WHOAMI, NULL, 0, &w, sizeof w, &n, &ok);
                        if (ok)
                                printf("whoami uid=%u pid=%u session=%u\n", w.uid, w.pid, w.session);
                } else if (strcmp(op, "stats") == 0) {
                        struct s0_echo_stats s;

                        ioctl_line("stats", h, IOCTL_ECHO_STATS, NULL, 0, &s, sizeof s, &n, &ok);
                        if (ok)
                                printf("stats opens=%u writes=%llu\n", s.opens, (unsigned long long) s.writes);
                } else if (strncmp(op, "ioctl:", 6) == 0) {
                        unsigned code = 0, in_len = 0, out_len = 0;

                        if (sscanf(op + 6, "%x:%u:%u", &code, &in_len, &out_len) != 3)
                                return 2;
                        memset(buf, 'x', sizeof buf);
                        ioctl_line("ioctl", h, code, in_len ? buf : NULL, in_len, out_len ? buf : NULL, out_len, &n, &ok);
                        if (ok)
                                printf("ioctl ok %u\n", (unsigned) n);
                } else if (strcmp(op, "nullret") == 0) {
                        if (!DeviceIoControl(h, IOCTL_ECHO_STATS, NULL, 0, buf, 64, NULL, NULL))
                                printf("nullret err %u\n", (unsigned) GetLastError());
                        else
                                printf("nullret ok\n");
                } else if (strcmp(op, "sensor") == 0 || strcmp(op, "sensorwait") == 0) {
                        struct s0_sensor_reading r;

                        ioctl_line("sensor", h, strcmp(op, "sensor") == 0 ? IOCTL_SENSOR_READ : IOCTL_SENSOR_WAIT, NULL, 0,
                                   &r, sizeof r, &n, &ok);
                        if (ok)
                                printf("sensor ok %u %d\n", r.sequence, r.milli_celsius);
                } else if (strncmp(op, "pause:", 6) == 0) {
                        int k;

                        printf("paused\n");
                        /* until the test creates the file (bounded: 120 s) */
                        for (k = 0; k < 1200 && access(op + 6, F_OK) < 0; k++)
                                usleep(100 * 1000);
                        if (k == 1200)
                                return 1;
                } else if (strcmp(op, "close") == 0) {
                        if (CloseHandle(h))
                                printf("close ok\n");
                        else
                                printf("close err %u\n", (unsigned) GetLastError());
                        return 0;
                } else {
                        fprintf(stderr, "unknown op %s\n", op);
                        return 2;
                }
        }
        CloseHandle(h);
        return 0;
}
