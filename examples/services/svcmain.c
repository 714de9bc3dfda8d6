/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the examples share (svcmain.h), over session0's one copy of the Windows service
 * scaffolding (src/svcmain: ServiceMain, the handler, SetServiceStatus). */
#include <stdlib.h>

#include "s0-svcmain.h"
#include "svcmain.h"

int example_argc;
char **example_argv;
static volatile LONG stopping;

BOOL stop_requested(void) { return __atomic_load_n(&stopping, __ATOMIC_SEQ_CST) != 0; }

void say(const char *fmt, ...) {
        va_list ap;
        fprintf(stderr, "%s: ", example_name);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

static DWORD run(void *userdata) {
        (void) userdata;
        return example_run();
}

/* SERVICE_CONTROL_STOP or SHUTDOWN */
static DWORD stop(void *userdata) {
        (void) userdata;
        say("stopping");
        __atomic_store_n(&stopping, 1, __ATOMIC_SEQ_CST);
        example_stop_hint();
        return NO_ERROR;
}

int main(int argc, char **argv) {
        const struct s0_service_def def = { .name = example_name, .run = run, .stop = stop, .wait_hint = 3000 };

        example_argc = argc;
        example_argv = argv;
        if (!s0_service_dispatch(&def)) {
                say("not started as a service (error %lu): install it with s0ctl sc create",
                    (unsigned long) GetLastError());
                return 1;
        }
        return 0;
}
