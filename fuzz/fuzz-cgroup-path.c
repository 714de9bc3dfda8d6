/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0_session_from_cgroup_path() on arbitrary (root, path) pairs. The input is
 * "root\0path"; without a NUL the root is "/" and the whole input is the path.
 *
 * The parser is compared with a second, independent reading of the contract: the
 * path must be <root without trailing slashes>/session-<id>[/...] where <id> is the
 * canonical decimal ("%u" prints it back identically) of a number below
 * S0_SESSION_NONE. Any disagreement, or a success whose "<root>/session-<id>" is not
 * a prefix of the path ending at a component boundary, aborts. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <session0/session0.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                    \
        do {                                                                                        \
                if (!(x)) {                                                                         \
                        fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                                    \
                }                                                                                   \
        } while (0)

#define UNTOUCHED 0xdeadbeefu

/* The contract, read another way. Returns 0/-EINVAL/-ESRCH like the parser. */
static int reference(const char *root, const char *path, uint32_t *ret) {
        size_t rl = strlen(root), cl;
        const char *comp;
        char digits[16], printed[16];
        unsigned long long v;

        if (root[0] != '/' || path[0] != '/')
                return -EINVAL;
        while (rl > 0 && root[rl - 1] == '/')
                rl--; /* "/" and "//" become "": sessions sit directly below */
        if (strncmp(path, root, rl) != 0 || strncmp(path + rl, "/session-", 9) != 0)
                return -ESRCH;
        comp = path + rl + 9;
        cl = strcspn(comp, "/");
        if (cl == 0 || cl > 10 || strspn(comp, "0123456789") < cl)
                return -ESRCH;
        memcpy(digits, comp, cl);
        digits[cl] = 0;
        v = strtoull(digits, NULL, 10);
        snprintf(printed, sizeof printed, "%llu", v);
        if (strcmp(printed, digits) != 0 || v >= S0_SESSION_NONE)
                return -ESRCH;
        *ret = (uint32_t) v;
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        const uint8_t *nul = memchr(data, 0, size);
        char *root, *path;
        size_t rl, pl;
        uint32_t id = UNTOUCHED, ref_id = UNTOUCHED;
        int r, ref;

        /* Exact-size heap copies so ASan catches a read past either string. */
        if (nul) {
                rl = (size_t) (nul - data);
                pl = size - rl - 1;
                root = malloc(rl + 1);
                path = malloc(pl + 1);
                if (!root || !path)
                        abort();
                memcpy(root, data, rl);
                root[rl] = 0;
                memcpy(path, nul + 1, pl);
                path[pl] = 0; /* a second NUL inside just shortens the path */
        } else {
                root = strdup("/");
                path = malloc(size + 1);
                if (!root || !path)
                        abort();
                memcpy(path, data, size);
                path[size] = 0;
        }

        r = s0_session_from_cgroup_path(root, path, &id);
        CHECK(r == 0 || r == -EINVAL || r == -ESRCH);
        if (r < 0)
                CHECK(id == UNTOUCHED);
        else {
                /* "<root>/session-<id>" is a prefix of path, ending at a component boundary */
                char want[64];
                size_t tl = strlen(root), wl;
                while (tl > 0 && root[tl - 1] == '/')
                        tl--;
                CHECK(id != S0_SESSION_NONE);
                CHECK(strncmp(path, root, tl) == 0);
                wl = (size_t) snprintf(want, sizeof want, "/session-%u", (unsigned) id);
                CHECK(strncmp(path + tl, want, wl) == 0);
                CHECK(path[tl + wl] == 0 || path[tl + wl] == '/');
        }

        ref = reference(root, path, &ref_id);
        if (ref != r || ref_id != id) {
                fprintf(stderr, "root '%s' path '%s': parser %d/%u, reference %d/%u\n", root, path, r,
                        (unsigned) id, ref, (unsigned) ref_id);
                abort();
        }

        free(root);
        free(path);
        return 0;
}
