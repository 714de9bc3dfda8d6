/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

struct s0_daemon;

int daemon_run(struct s0_daemon *d);
int daemon_purge(struct s0_daemon *d);
