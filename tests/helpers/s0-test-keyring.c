/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Prints the calling process's session keyring as "SERIAL UID": which keyring a
 * session's process was given and whom it belongs to. The shell has no keyctl(2)
 * without keyutils, which the tests do not need otherwise. */
#include <errno.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
        char desc[512];
        unsigned uid;
        /* create = 0: report the keyring the process has, do not make one */
        long id = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
        if (id < 0) {
                fprintf(stderr, "s0-test-keyring: KEYCTL_GET_KEYRING_ID: %s\n", strerror(errno));
                return 1;
        }
        /* "type;uid;gid;perm;description" */
        long n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, desc, sizeof desc - 1);
        if (n < 0 || (size_t) n >= sizeof desc) {
                fprintf(stderr, "s0-test-keyring: KEYCTL_DESCRIBE %ld: %s\n", id, strerror(errno));
                return 1;
        }
        desc[n] = 0;
        if (sscanf(desc, "%*[^;];%u;", &uid) != 1) {
                fprintf(stderr, "s0-test-keyring: unexpected description '%s'\n", desc);
                return 1;
        }
        printf("%ld %u\n", id, uid);
        return 0;
}
