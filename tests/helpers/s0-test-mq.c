/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s0-test-mq: POSIX message queues for the isolation tests. There is no /dev/mqueue on
 * every host, so the queue is reached the way programs reach it, through mq_open().
 *
 *   s0-test-mq create NAME   create NAME (mode 0666, so that "not visible" in another
 *                            session cannot be mistaken for "not accessible")
 *   s0-test-mq exists NAME   is NAME visible here?
 *   s0-test-mq unlink NAME
 *
 * Exit codes: 0 created / exists / unlinked; 1 does not exist (ENOENT); 2 any other
 * failure (message on stderr); 3 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_YES = 0, EXIT_NOENT = 1, EXIT_ERROR = 2, EXIT_USAGE = 3 };

static int fail(const char *what, const char *name) {
        int e = errno;
        fprintf(stderr, "s0-test-mq: %s '%s': %s\n", what, name, strerror(e));
        return e == ENOENT ? EXIT_NOENT : EXIT_ERROR;
}

int main(int argc, char **argv) {
        struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = 16 };
        const char *name;
        mqd_t q;

        if (argc != 3) {
                fprintf(stderr, "usage: s0-test-mq create|exists|unlink NAME\n");
                return EXIT_USAGE;
        }
        name = argv[2];
        if (strcmp(argv[1], "create") == 0) {
                mode_t old = umask(0); /* the mode must really be 0666 */
                q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0666, &attr);
                umask(old);
                if (q == (mqd_t) -1)
                        return fail("cannot create", name);
        } else if (strcmp(argv[1], "exists") == 0) {
                q = mq_open(name, O_RDONLY);
                if (q == (mqd_t) -1)
                        return fail("cannot open", name);
        } else if (strcmp(argv[1], "unlink") == 0) {
                if (mq_unlink(name) < 0)
                        return fail("cannot unlink", name);
                return EXIT_YES;
        } else {
                fprintf(stderr, "s0-test-mq: unknown command '%s'\n", argv[1]);
                return EXIT_USAGE;
        }
        mq_close(q);
        return EXIT_YES;
}
