/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The service definition parser (src/shared/svcconf.c) and the s0-scm datagram check
 * (src/shared/scm-protocol.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <session0/scm-protocol.h>
#include "shared/svcconf.h"

static int parse(const char *text, struct s0_svc_config *c, struct s0_svc_config_error *err) {
        return s0_svc_config_parse(text, strlen(text), c, err);
}

static void full_definition_parses_every_key(void **state) {
        struct s0_svc_config c;
        struct s0_svc_config_error err;
        (void) state;
        assert_int_equal(parse("[Service]\nBinaryPath=/usr/bin/x\nArguments=-a \"b c\"\nDisplayName=X\n"
                               "Account=NetworkService\nStartType=auto\nDependencies=A, B\n"
                               "Recovery=restart/5000,restart/10000,none\nResetPeriod=60\n"
                               "AcceptedControls=stop,pause,sessionchange\nStopTimeout=300\nControlUsers=alice\n"
                               "DelayedAutoStart=yes\nPreshutdownTimeout=4000\n",
                               &c, &err), 0);
        assert_string_equal(c.binary_path, "/usr/bin/x");
        assert_int_equal(c.account, S0_SVC_ACCOUNT_NETWORK_SERVICE);
        assert_int_equal(c.start_type, S0_SVC_START_AUTO);
        assert_int_equal(c.n_dependencies, 2);
        assert_string_equal(c.dependencies[1], "B");
        assert_int_equal(c.n_actions, 3);
        assert_int_equal(c.actions[1].delay_ms, 10000);
        assert_int_equal(c.actions[2].type, 0);
        assert_int_equal(c.accepted_controls, 0x1 | 0x2 | 0x80);
        assert_int_equal(c.stop_timeout_ms, 300);
        assert_string_equal(c.control_users[0], "alice");
        assert_true(c.delayed_auto_start);
        assert_int_equal(c.preshutdown_timeout_ms, 4000);
        s0_svc_config_done(&c);
}

static void error_names_the_line(void **state) {
        struct s0_svc_config c;
        struct s0_svc_config_error err = { 0 };
        (void) state;
        assert_int_equal(parse("# x\n[Service]\nBinaryPath=/x\nStartType=sometimes\n", &c, &err), -EINVAL);
        assert_int_equal(err.line, 4);
        assert_non_null(strstr(err.why, "StartType"));
        assert_int_equal(parse("[Service]\nBinaryPath=/x\nBinaryPath=/y\n", &c, &err), -EINVAL);
        assert_int_equal(err.line, 3);
        assert_int_equal(parse("[Service]\nNoSuchKey=1\n", &c, &err), -EINVAL);
        assert_int_equal(err.line, 2);
        assert_int_equal(parse("BinaryPath=/x\n", &c, &err), -EINVAL);
        assert_int_equal(err.line, 1);
        assert_int_equal(parse("[Service]\nBinaryPath=relative\n", &c, &err), -EINVAL);
        assert_int_equal(parse("[Service]\nArguments=a\n", &c, &err), -EINVAL); /* no BinaryPath */
        assert_int_equal(err.line, 0);
        assert_int_equal(parse("[Service]\nBinaryPath=/x\nDependencies=../etc\n", &c, &err), -EINVAL);
        assert_int_equal(parse("[Service]\nBinaryPath=/x\nArguments=\"open\n", &c, &err), -EINVAL);
        assert_int_equal(parse("[Service]\nBinaryPath=/x\nDelayedAutoStart=later\n", &c, &err), -EINVAL);
        assert_int_equal(err.line, 3);
        assert_int_equal(parse("[Service]\nBinaryPath=/x\nPreshutdownTimeout=-1\n", &c, &err), -EINVAL);
}

static void format_round_trips(void **state) {
        struct s0_svc_config c, d;
        char *t1 = NULL, *t2 = NULL;
        (void) state;
        assert_int_equal(parse("[Service]\nBinaryPath=/x\nAccount=user bob\nRecovery=restart/1\nDependencies=A\n"
                               "DelayedAutoStart=yes\nPreshutdownTimeout=1\n",
                               &c, NULL), 0);
        assert_int_equal(s0_svc_config_format(&c, &t1), 0);
        assert_int_equal(parse(t1, &d, NULL), 0);
        assert_int_equal(s0_svc_config_format(&d, &t2), 0);
        assert_string_equal(t1, t2);
        assert_string_equal(d.account_user, "bob");
        assert_true(d.delayed_auto_start);
        assert_int_equal(d.preshutdown_timeout_ms, 1);
        free(c.display_name);
        c.display_name = strdup("two\nlines");
        free(t2);
        t2 = NULL;
        assert_int_equal(s0_svc_config_format(&c, &t2), -EINVAL);
        free(t1);
        s0_svc_config_done(&c);
        s0_svc_config_done(&d);
}

static void scm_messages_are_checked(void **state) {
        struct s0_scm_req_name m = { .hdr = { S0_SCM_MAGIC, S0_SCM_PROTOCOL_VERSION, S0_SCM_MSG_QUERY, sizeof m, 1 } };
        (void) state;
        strcpy(m.name, "Svc");
        assert_int_equal(s0_scm_msg_validate(&m, sizeof m), 0);
        assert_int_equal(s0_scm_msg_validate(&m, sizeof m - 1), -EBADMSG);
        strcpy(m.name, "../x");
        assert_int_equal(s0_scm_msg_validate(&m, sizeof m), -EBADMSG);
        memset(m.name, 'a', sizeof m.name); /* no NUL */
        assert_int_equal(s0_scm_msg_validate(&m, sizeof m), -EBADMSG);
        strcpy(m.name, "Svc");
        m.hdr.version = 2;
        assert_int_equal(s0_scm_msg_validate(&m, sizeof m), -EPROTO);
        m.hdr.version = S0_SCM_PROTOCOL_VERSION;
        m.hdr.type = _S0_SCM_MSG_MAX;
        assert_int_equal(s0_scm_msg_validate(&m, sizeof m), -EOPNOTSUPP);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(full_definition_parses_every_key),
                cmocka_unit_test(error_names_the_line),
                cmocka_unit_test(format_round_trips),
                cmocka_unit_test(scm_messages_are_checked),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
