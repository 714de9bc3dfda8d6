/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl's --sddl (src/tools/s0ctl/sddl.c) over the Win32 layer's SDDL parser: what each
 * ACE becomes in the native descriptor the CLI hands to the object manager, that the
 * SIDs resolve for the CLI's runtime directory, and that a refusal names its reason and
 * offset with the output untouched. The language itself is tested with its parser, in
 * test-win32-types.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tools/s0ctl/sddl.h"

/* A runtime directory with no policy file: BA is root alone, CO the effective uid. */
#define NO_POLICY "/nonexistent/session0-test"

static void parses(const char *s, struct s0ctl_sddl *ret) {
        const char *why = NULL;
        size_t pos = 0;
        int r = s0ctl_sddl_parse(s, NO_POLICY, ret, &why, &pos);
        if (r != 0)
                fail_msg("'%s': got %d (%s at %zu), want success", s, r, why ? why : "?", pos);
        assert_ptr_equal(ret->sd.aces, ret->aces);
        assert_true(ret->sd.n_aces <= S0_OBJ_ACES_MAX);
}

static void refused(const char *s, size_t want_pos) {
        struct s0ctl_sddl out;
        const char *why = NULL;
        size_t pos = 12345;
        int r;

        memset(&out, 0xa5, sizeof out);
        r = s0ctl_sddl_parse(s, NO_POLICY, &out, &why, &pos);
        if (r != -EINVAL)
                fail_msg("'%s': got %d, want -EINVAL", s, r);
        assert_non_null(why);
        if (pos != want_pos)
                fail_msg("'%s': failed at %zu (%s), want %zu", s, pos, why, want_pos);
        for (size_t i = 0; i < sizeof out; i++)
                if (((unsigned char *) &out)[i] != 0xa5)
                        fail_msg("'%s': failed but wrote its output", s);
}

static void ace_is(const struct s0_obj_ace *a, uint8_t kind, uint8_t who, uint32_t id, uint32_t mask) {
        assert_int_equal(a->kind, kind);
        assert_int_equal(a->who, who);
        if (who != S0_ACE_EVERYONE)
                assert_int_equal(a->id, id);
        assert_int_equal(a->mask, mask);
}

static void sddl_synchronize_for_everyone_all_for_system(void **state) {
        struct s0ctl_sddl d;
        parses("D:(A;;GA;;;SY)(A;;0x100000;;;WD)", &d);
        assert_true(d.sd.has_dacl);
        assert_false(d.sd.null_dacl);
        assert_int_equal(d.sd.n_aces, 2);
        ace_is(&d.aces[0], S0_ACE_ALLOW, S0_ACE_USER, 0, S0_GENERIC_ALL);
        ace_is(&d.aces[1], S0_ACE_ALLOW, S0_ACE_EVERYONE, 0, S0_SYNCHRONIZE);
}

static void sddl_unix_sids_deny_and_codes(void **state) {
        struct s0ctl_sddl d;
        parses("D:(D;;0x2;;;S-1-22-2-100)(A;;GRGW;;;S-1-22-1-1000)(A;;SDRCWDWOGX;;;S-1-1-0)(A;;1048576;;;S-1-5-18)",
               &d);
        assert_int_equal(d.sd.n_aces, 4);
        ace_is(&d.aces[0], S0_ACE_DENY, S0_ACE_GROUP, 100, 0x2);
        ace_is(&d.aces[1], S0_ACE_ALLOW, S0_ACE_USER, 1000, S0_GENERIC_READ | S0_GENERIC_WRITE);
        ace_is(&d.aces[2], S0_ACE_ALLOW, S0_ACE_EVERYONE, 0,
               S0_DELETE | S0_READ_CONTROL | S0_WRITE_DAC | S0_WRITE_OWNER | S0_GENERIC_EXECUTE);
        ace_is(&d.aces[3], S0_ACE_ALLOW, S0_ACE_USER, 0, S0_SYNCHRONIZE);
}

static void sddl_null_empty_and_no_dacl(void **state) {
        struct s0ctl_sddl d;
        parses("D:NO_ACCESS_CONTROL", &d);
        assert_true(d.sd.has_dacl && d.sd.null_dacl);
        assert_int_equal(d.sd.n_aces, 0);
        parses("D:", &d);
        assert_true(d.sd.has_dacl);
        assert_false(d.sd.null_dacl);
        assert_int_equal(d.sd.n_aces, 0);
        parses("D:PAI(A;;GA;;;WD)", &d); /* inheritance flags mean nothing here */
        assert_int_equal(d.sd.n_aces, 1);
        /* as ConvertStringSecurityDescriptorToSecurityDescriptor: no D:, the default */
        parses("O:SY", &d);
        assert_false(d.sd.has_dacl);
        parses("", &d);
        assert_false(d.sd.has_dacl);
}

/* What Windows' SDDL has and the native descriptor has no use for is accepted as the
 * Win32 layer accepts it: owner, group and labels kept out, inherit-only ACEs and SIDs
 * no Linux principal holds left out (they could never apply). */
static void sddl_windows_descriptors_translate_like_the_win32_layer(void **state) {
        struct s0ctl_sddl d;
        parses("O:BAG:SYD:P(A;OICIIO;GA;;;CO)(A;CI;FA;;;BA)(D;;0777;;;S-1-5-21-1-2-3-500)(A;;GR;;;CO)"
               "S:(ML;;NW;;;LW)",
               &d);
        assert_int_equal(d.sd.n_aces, 2);
        ace_is(&d.aces[0], S0_ACE_ALLOW, S0_ACE_USER, 0, 0x001F01FF); /* BA without a policy: root */
        ace_is(&d.aces[1], S0_ACE_ALLOW, S0_ACE_USER, (uint32_t) geteuid(), S0_GENERIC_READ);
}

static void sddl_administrators_are_the_runtime_dirs_admin_group(void **state) {
        char dir[] = "/tmp/test-sddl-XXXXXX", path[64];
        struct s0ctl_sddl d;
        FILE *f;

        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/objects", dir);
        assert_int_equal(mkdir(path, 0700), 0);
        snprintf(path, sizeof path, "%s/objects/policy", dir);
        f = fopen(path, "we");
        assert_non_null(f);
        fputs("admin_gid=42\n", f);
        assert_int_equal(fclose(f), 0);

        assert_int_equal(s0ctl_sddl_parse("D:(A;;GA;;;BA)", dir, &d, NULL, NULL), 0);
        assert_int_equal(d.sd.n_aces, 1);
        ace_is(&d.aces[0], S0_ACE_ALLOW, S0_ACE_GROUP, 42, S0_GENERIC_ALL);

        assert_int_equal(unlink(path), 0);
        snprintf(path, sizeof path, "%s/objects", dir);
        assert_int_equal(rmdir(path), 0);
        assert_int_equal(rmdir(dir), 0);
}

static void sddl_32_aces_fit_33_do_not(void **state) {
        char buf[64 * 40] = "D:";
        struct s0ctl_sddl d;
        for (int i = 0; i < 32; i++)
                strcat(buf, "(A;;GA;;;WD)");
        parses(buf, &d);
        assert_int_equal(d.sd.n_aces, 32);
        /* ACEs that apply to nobody do not count */
        strcat(buf, "(A;IO;GA;;;WD)(A;;GA;;;S-1-5-21-7)");
        parses(buf, &d);
        assert_int_equal(d.sd.n_aces, 32);
        /* the native limit is on the descriptor, not at one place in the string */
        strcat(buf, "(A;;GA;;;WD)");
        refused(buf, SIZE_MAX);
}

/* The offset is that of the field (or character) at fault. */
static void sddl_refusals_name_the_offset(void **state) {
        refused("(A;;GA;;;WD)", 0);
        refused("D:(A;;GA;;;WD)S:(AU;;GA;;;WD)", 17); /* audit ACE in the SACL */
        refused("D:(A;;GA;;;WD", 13);                 /* unterminated */
        refused("D:(A;;GA;;;WD(A;;GA;;;WD)", 13);
        refused("D:(AU;;GA;;;WD)", 3);                /* audit ACE */
        refused("D:(OA;;GA;;;WD)", 3);
        refused("D:(A;XX;GA;;;WD)", 5);               /* ACE flags */
        refused("D:(A;;GA;x;;WD)", 9);                /* object GUID */
        refused("D:(A;;GA;;y;WD)", 10);
        refused("D:(A;;GA;;;S-1-22-1-)", 11);
        refused("D:(A;;GA;;;S-1-22-1-12x)", 22);
        refused("D:(A;;0x100000000;;;WD)", 6);
        refused("D:(A;;GA;;;WD;)", 13);               /* seven fields */
        refused("D:(A;;GA;;WD)", 12);                 /* five */
        refused("D:(A;;GA;;;WD) ", 14);               /* trailing junk */
        refused("D:NO_ACCESS_CONTROL(A;;GA;;;WD)", 19);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(sddl_synchronize_for_everyone_all_for_system),
                cmocka_unit_test(sddl_unix_sids_deny_and_codes),
                cmocka_unit_test(sddl_null_empty_and_no_dacl),
                cmocka_unit_test(sddl_windows_descriptors_translate_like_the_win32_layer),
                cmocka_unit_test(sddl_administrators_are_the_runtime_dirs_admin_group),
                cmocka_unit_test(sddl_32_aces_fit_33_do_not),
                cmocka_unit_test(sddl_refusals_name_the_offset),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
