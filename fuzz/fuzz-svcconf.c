/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: the service definition parser (src/shared/svcconf.c). Whatever
 * parses must format, and the formatted text must parse again to the same text. */
#include <stdlib.h>
#include <string.h>

#include "shared/svcconf.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
        struct s0_svc_config c, again;
        struct s0_svc_config_error err;
        char *text = NULL, *text2 = NULL;

        if (s0_svc_config_parse((const char *) data, size, &c, &err) < 0)
                return 0;
        if (s0_svc_config_format(&c, &text) == 0) {
                if (s0_svc_config_parse(text, strlen(text), &again, &err) != 0)
                        abort();
                if (s0_svc_config_format(&again, &text2) != 0 || strcmp(text, text2) != 0)
                        abort();
                s0_svc_config_done(&again);
        }
        free(text);
        free(text2);
        s0_svc_config_done(&c);
        return 0;
}
