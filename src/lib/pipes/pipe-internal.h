/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the files of src/lib/pipes/ share about an end of a pipe. Not installed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <session0/pipes.h>

#include "../objects/name.h"

enum pipe_state {
        PIPE_LISTENING,    /* server: listen_fd open, its socket named s<slot> */
        PIPE_CONNECTED,    /* server: fd is the client's connection */
        PIPE_DISCONNECTED, /* server: neither, slot kept (clients find it busy) */
        PIPE_CLIENT,       /* a client end */
};

struct s0_pipe {
        int fd;               /* the connection; -1 while a server instance has no client */
        uint32_t flags;       /* S0_PIPE_MESSAGE, S0_PIPE_READ_MESSAGE */
        bool server;
        enum pipe_state state;
        /* server instances */
        int pipes_fd;         /* <runtime>/pipes */
        int dir_fd;           /* the pipe's directory, LOCK_SH held */
        int lock_fd;          /* l<slot>, LOCK_EX held */
        int listen_fd;        /* while listening */
        unsigned slot;
        mode_t sock_mode;
        char file[S0_OBJ_FILE_MAX];
        bool has_read;        /* something was read from this client (impersonation) */
        bool peer_known;
        struct s0_pipe_peer peer;
        /* the rest of a message larger than the last read's buffer */
        char *spill;
        size_t spill_off, spill_len;
};

/* The connected socket (tests, benchmarks); -1 if none. */
int s0_pipe_fd(const struct s0_pipe *p);
