/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* s0ctl's SDDL subset (src/tools/s0ctl/sddl.c): what it accepts, what each ACE becomes,
 * and that everything outside the subset is refused -- with the output untouched --
 * rather than half-understood. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tools/s0ctl/sddl.h"

static void parses(const char *s, struct s0ctl_sddl *ret) {
        const char *why = NULL;
        size_t pos = 0;
        int r = s0ctl_sddl_parse(s, ret, &why, &pos);
        if (r != 0)
                fail_msg("'%s': got %d (%s at %zu), want success", s, r, why ? why : "?", pos);
        assert_ptr_equal(ret->sd.aces, ret->aces);
        assert_true(ret->sd.has_dacl);
}

static void refused(const char *s, size_t want_pos) {
        struct s0ctl_sddl out;
        const char *why = NULL;
        size_t pos = 12345;
        int r;

        memset(&out, 0xa5, sizeof out);
        r = s0ctl_sddl_parse(s, &out, &why, &pos);
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

static void sddl_null_and_empty_dacl(void **state) {
        struct s0ctl_sddl d;
        parses("D:NO_ACCESS_CONTROL", &d);
        assert_true(d.sd.null_dacl);
        assert_int_equal(d.sd.n_aces, 0);
        parses("D:", &d);
        assert_false(d.sd.null_dacl);
        assert_int_equal(d.sd.n_aces, 0);
        parses("D:PAI(A;;GA;;;WD)", &d); /* inheritance flags mean nothing here */
        assert_int_equal(d.sd.n_aces, 1);
}

static void sddl_32_aces_fit_33_do_not(void **state) {
        char buf[64 * 40] = "D:";
        struct s0ctl_sddl d;
        for (int i = 0; i < 32; i++)
                strcat(buf, "(A;;GA;;;WD)");
        parses(buf, &d);
        assert_int_equal(d.sd.n_aces, 32);
        strcat(buf, "(A;;GA;;;WD)");
        refused(buf, 2 + 32 * strlen("(A;;GA;;;WD)"));
}

static void sddl_outside_the_subset_is_refused(void **state) {
        refused("", 0);
        refused("O:SYD:(A;;GA;;;WD)", 0);            /* owner: not supported */
        refused("(A;;GA;;;WD)", 0);
        refused("D:(A;;GA;;;WD)S:(AU;;GA;;;WD)", 14); /* SACL */
        refused("D:(A;;GA;;;WD", 2);                  /* unterminated */
        refused("D:(A;;GA;;;WD(A;;GA;;;WD)", 2);
        refused("D:(AU;;GA;;;WD)", 2);                /* audit ACE */
        refused("D:(OA;;GA;;;WD)", 2);
        refused("D:(A;CI;GA;;;WD)", 2);               /* ACE flags */
        refused("D:(A;;GA;x;;WD)", 2);                /* object GUID */
        refused("D:(A;;GA;;y;WD)", 2);
        refused("D:(A;;GA;;;BA)", 2);                 /* unknown SID alias */
        refused("D:(A;;GA;;;S-1-5-32-544)", 2);
        refused("D:(A;;GA;;;S-1-22-1-)", 2);
        refused("D:(A;;GA;;;S-1-22-1-12x)", 2);
        refused("D:(A;;GA;;;S-1-22-1-4294967296)", 2);
        refused("D:(A;;;;;WD)", 2);                   /* no rights */
        refused("D:(A;;0x;;;WD)", 2);
        refused("D:(A;;0x100000000;;;WD)", 2);
        refused("D:(A;;0xg;;;WD)", 2);
        refused("D:(A;;G;;;WD)", 2);
        refused("D:(A;;FA;;;WD)", 2);                 /* file rights: not for objects */
        refused("D:(A;;GA;;;WD;)", 2);                /* seven fields */
        refused("D:(A;;GA;;WD)", 2);                  /* five */
        refused("D:(A;;GA;;;WD) ", 14);               /* trailing junk */
        refused("D:NO_ACCESS_CONTROL(A;;GA;;;WD)", 2);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(sddl_synchronize_for_everyone_all_for_system),
                cmocka_unit_test(sddl_unix_sids_deny_and_codes),
                cmocka_unit_test(sddl_null_and_empty_dacl),
                cmocka_unit_test(sddl_32_aces_fit_33_do_not),
                cmocka_unit_test(sddl_outside_the_subset_is_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
