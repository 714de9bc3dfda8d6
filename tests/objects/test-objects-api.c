/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The native named-object API (include/session0/objects.h) against SEMANTICS.md §2–4:
 * one test per row that applies to it, each asserting the return value and the Win32
 * error the Win32 layer would report (s0_obj_win32_error()).
 *
 * Must run inside a session of a session0d (s0_objctx_new() refuses a process in none);
 * tests/objects/test-objects-api.sh runs it in session 0 as root and in a user's
 * session as that user. Names carry the pid, so runs never meet. Cross-process cases
 * fork(): the child inherits the context and the handles (objtest.h says what it may do
 * with them) and reports through its exit status.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <session0/objects.h>

#include "objtest.h"

static struct s0_objctx *ctx;
static uint32_t sess;
static uid_t uid;

/* ---- helpers ------------------------------------------------------------------------ */

/* The call returns want, and its Win32 error is werr. */
#define EXPECT(call, want, werr)                                                                              \
        do {                                                                                                  \
                int r_ = (call);                                                                              \
                uint32_t e_ = s0_obj_win32_error(r_);                                                         \
                if (r_ != (want) || e_ != (uint32_t) (werr)) {                                                \
                        print_error("%s:%d: %s\n    returned %d (Win32 %u %s), expected %d (Win32 %u %s)\n", \
                                    __FILE__, __LINE__, #call, r_, e_, s0_win32_error_name(e_), (int) (want), \
                                    (unsigned) (werr), s0_win32_error_name((uint32_t) (werr)));              \
                        fail();                                                                               \
                }                                                                                             \
        } while (0)
#define EXPECT_OK(call) EXPECT(call, 0, 0)

/* "<prefix>s0t<pid>-<tag>": a name of this run (a ring of buffers, for a few at once). */
static const char *N(const char *prefix, const char *tag) {
        static char ring[8][512];
        static unsigned k;
        char *b = ring[k++ % 8];
        snprintf(b, sizeof ring[0], "%ss0t%d-%s", prefix, (int) getpid(), tag);
        return b;
}

/* Handles a test has open: a failed test (cmocka leaves it at the failed assertion)
 * gets them closed by close_leftovers(), so that the sanitizer build reports only leaks
 * of the library. */
#define TRACKED_MAX 512
static struct s0_object *tracked[TRACKED_MAX];
static size_t n_tracked;

static struct s0_object *track(struct s0_object *o) {
        if (o && n_tracked < TRACKED_MAX)
                tracked[n_tracked++] = o;
        return o;
}

static void untrack(struct s0_object *o) {
        for (size_t i = 0; i < n_tracked; i++)
                if (tracked[i] == o) {
                        tracked[i] = tracked[--n_tracked];
                        return;
                }
}

static int close_leftovers(void **state) {
        while (n_tracked > 0)
                (void) s0_obj_close(tracked[--n_tracked]);
        return 0;
}

static struct s0_object *mk(const struct s0_obj_create_args *a, int want) {
        struct s0_object *o = NULL;
        int r = s0_obj_create(ctx, a, &o);
        if (r != want) {
                print_error("create %s '%s': returned %d (Win32 %u %s), expected %d\n", s0_obj_type_name(a->type),
                            a->name ? a->name : "(null)", r, s0_obj_win32_error(r),
                            s0_win32_error_name(s0_obj_win32_error(r)), want);
                fail();
        }
        assert_non_null(o);
        return track(o);
}

static struct s0_object *mk_event(const char *name, bool manual, bool initial, int want) {
        struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = name };
        a.event.manual_reset = manual;
        a.event.initial_state = initial;
        return mk(&a, want);
}

static struct s0_object *mk_mutex(const char *name, bool owner, int want) {
        struct s0_obj_create_args a = { .type = S0_OBJ_MUTEX, .name = name };
        a.mutex.initial_owner = owner;
        return mk(&a, want);
}

static struct s0_object *mk_sem(const char *name, int32_t initial, int32_t maximum, int want) {
        struct s0_obj_create_args a = { .type = S0_OBJ_SEMAPHORE, .name = name };
        a.semaphore.initial = initial;
        a.semaphore.maximum = maximum;
        return mk(&a, want);
}

static struct s0_object *mk_timer(const char *name, bool manual, int want) {
        struct s0_obj_create_args a = { .type = S0_OBJ_TIMER, .name = name };
        a.timer.manual_reset = manual;
        return mk(&a, want);
}

static struct s0_object *mk_section(const char *name, uint64_t size, uint32_t protect, int want) {
        struct s0_obj_create_args a = { .type = S0_OBJ_SECTION, .name = name };
        a.section.size = size;
        a.section.protect = protect;
        return mk(&a, want);
}

static struct s0_object *op(uint32_t type, const char *name, uint32_t access) {
        struct s0_object *o = NULL;
        int r = s0_obj_open(ctx, type, name, access, &o);
        if (r != 0) {
                print_error("open %s '%s' access %#x: returned %d (Win32 %u %s)\n", s0_obj_type_name(type), name,
                            access, r, s0_obj_win32_error(r), s0_win32_error_name(s0_obj_win32_error(r)));
                fail();
        }
        return track(o);
}

/* The result of an open that must fail (the handle, had it succeeded, is closed). */
static int open_r(uint32_t type, const char *name, uint32_t access) {
        struct s0_object *o = NULL;
        int r = s0_obj_open(ctx, type, name, access, &o);
        if (r >= 0)
                s0_obj_close(o);
        return r;
}

static int create_r(const struct s0_obj_create_args *a) {
        struct s0_object *o = NULL;
        int r = s0_obj_create(ctx, a, &o);
        if (r >= 0)
                s0_obj_close(o);
        return r;
}

static int event_create_r(const char *name) {
        struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = name };
        return create_r(&a);
}

static void cl(struct s0_object *o) {
        untrack(o);
        EXPECT_OK(s0_obj_close(o));
}

static int wait_ms(struct s0_object *o, uint32_t ms) {
        uint32_t idx = 99;
        bool ab = true;
        int r = s0_obj_wait(&o, 1, false, ms, &idx, &ab);
        if (r == 0 && (idx != 0 || ab)) {
                print_error("wait: index %u abandoned %d\n", idx, ab);
                return -1000;
        }
        return r;
}
static int poll1(struct s0_object *o) { return wait_ms(o, 0); }
#define SIGNALED(o) EXPECT_OK(poll1(o))
#define NOT_SIGNALED(o) EXPECT(poll1(o), -ETIMEDOUT, 258)

static bool same_file(struct s0_object *a, struct s0_object *b) {
        struct stat x, y;
        assert_int_equal(fstat(s0_obj_fd(a), &x), 0);
        assert_int_equal(fstat(s0_obj_fd(b), &y), 0);
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static pid_t fork_child(int (*fn)(void *), void *arg) {
        pid_t p;
        fflush(NULL);
        p = fork();
        assert_true(p >= 0);
        if (p == 0)
                _exit(fn(arg));
        return p;
}

#define REAP_OK(pid) assert_int_equal(objtest_reap((pid), 20000), 0)

/* 100 ns FILETIME (UTC since 1601) of now + delta_ms */
static int64_t filetime_in(int64_t delta_ms) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return 116444736000000000ll + (int64_t) ts.tv_sec * 10000000 + ts.tv_nsec / 100 + delta_ms * 10000;
}
#define REL_MS(ms) (-(int64_t) (ms) * 10000)

/* ======================= §2 names ===================================================== */

/* Global\X is the global namespace from every session; from session 0 X, Local\X and
 * Session\0\X are the same object. */
static void names_global_from_session(void **state) {
        struct s0_object *g = mk_event(N("Global\\", "g"), true, false, S0_OBJ_CREATED);
        struct s0_object *s = op(S0_OBJ_EVENT, N("Session\\0\\", "g"), S0_EVENT_ALL_ACCESS);
        assert_true(same_file(g, s));
        EXPECT_OK(s0_event_set(s));
        SIGNALED(g);
        if (sess == 0) {
                struct s0_object *x = op(S0_OBJ_EVENT, N("", "g"), S0_SYNCHRONIZE);
                struct s0_object *l = op(S0_OBJ_EVENT, N("Local\\", "g"), S0_SYNCHRONIZE);
                assert_true(same_file(g, x));
                assert_true(same_file(g, l));
                cl(x);
                cl(l);
        } else {
                /* from session N, X and Local\X are the session's, not the global one */
                EXPECT(open_r(S0_OBJ_EVENT, N("", "g"), S0_SYNCHRONIZE), -ENOENT, 2);
                EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "g"), S0_SYNCHRONIZE), -ENOENT, 2);
        }
        cl(s);
        cl(g);
}

/* X and Local\X are the caller's namespace, Session\<own>\X too. */
static void names_local_plain_and_own_session(void **state) {
        char own[64];
        struct s0_object *x = mk_event(N("", "l"), true, false, S0_OBJ_CREATED);
        struct s0_object *l = mk_event(N("Local\\", "l"), false, true, S0_OBJ_EXISTED);
        struct s0_object *s;
        assert_true(same_file(x, l));
        snprintf(own, sizeof own, "Session\\%u\\", sess);
        s = op(S0_OBJ_EVENT, N(own, "l"), S0_SYNCHRONIZE);
        assert_true(same_file(x, s));
        if (sess != 0)
                EXPECT(open_r(S0_OBJ_EVENT, N("Global\\", "l"), S0_SYNCHRONIZE), -ENOENT, 2);
        cl(s);
        cl(l);
        cl(x);
}

/* Names are case-sensitive, the link keywords too: a wrong-case prefix is a missing
 * path component (3); objects differing in case are different objects. */
static void names_wrong_case_prefix_is_path_not_found(void **state) {
        EXPECT(event_create_r(N("global\\", "c")), -ENOTDIR, 3);
        EXPECT(event_create_r(N("GLOBAL\\", "c")), -ENOTDIR, 3);
        EXPECT(event_create_r(N("local\\", "c")), -ENOTDIR, 3);
        EXPECT(event_create_r(N("session\\0\\", "c")), -ENOTDIR, 3);
        EXPECT(open_r(S0_OBJ_EVENT, N("global\\", "c"), S0_SYNCHRONIZE), -ENOTDIR, 3);
        EXPECT(open_r(S0_OBJ_EVENT, N("LOCAL\\", "c"), S0_SYNCHRONIZE), -ENOTDIR, 3);

        struct s0_object *a = mk_event(N("Local\\", "Case"), true, false, S0_OBJ_CREATED);
        struct s0_object *b = mk_event(N("Local\\", "case"), true, false, S0_OBJ_CREATED);
        assert_false(same_file(a, b));
        cl(a);
        cl(b);
}

static void names_missing_component_is_path_not_found(void **state) {
        EXPECT(event_create_r(N("Local\\a\\", "b")), -ENOTDIR, 3);
        EXPECT(open_r(S0_OBJ_EVENT, N("Local\\a\\", "b"), S0_SYNCHRONIZE), -ENOTDIR, 3);
        /* Session\M with no session M */
        EXPECT(event_create_r(N("Session\\4000000\\", "x")), -ENOTDIR, 3);
        EXPECT(open_r(S0_OBJ_EVENT, N("Session\\4000000\\", "x"), S0_SYNCHRONIZE), -ENOTDIR, 3);
}

static void names_leading_backslash_is_bad_pathname(void **state) {
        EXPECT(event_create_r(N("\\", "x")), -EBADR, 161);
        EXPECT(event_create_r(N("\\BaseNamedObjects\\", "x")), -EBADR, 161);
        EXPECT(open_r(S0_OBJ_EVENT, N("\\", "x"), S0_SYNCHRONIZE), -EBADR, 161);
}

/* >= MAX_PATH (260) characters: 206; 259 is a valid name. */
static void names_max_path(void **state) {
        char name[300];
        const char *base = N("Local\\", "long-");
        size_t bl = strlen(base);
        struct s0_object *o, *o2;

        memcpy(name, base, bl);
        memset(name + bl, 'x', sizeof name - bl);
        name[260] = 0;
        EXPECT(event_create_r(name), -ENAMETOOLONG, 206);
        EXPECT(open_r(S0_OBJ_EVENT, name, S0_SYNCHRONIZE), -ENAMETOOLONG, 206);
        name[280] = 0;
        name[260] = 'x';
        EXPECT(event_create_r(name), -ENAMETOOLONG, 206);
        name[259] = 0;
        assert_int_equal(strlen(name), 259);
        o = mk_event(name, true, false, S0_OBJ_CREATED);
        o2 = op(S0_OBJ_EVENT, name, S0_SYNCHRONIZE);
        assert_true(same_file(o, o2));
        cl(o2);
        cl(o);
        EXPECT(open_r(S0_OBJ_EVENT, name, S0_SYNCHRONIZE), -ENOENT, 2);
}

static void names_null_open_is_invalid_parameter(void **state) {
        struct s0_object *o = NULL;
        EXPECT(s0_obj_open(ctx, S0_OBJ_EVENT, NULL, S0_SYNCHRONIZE, &o), -EINVAL, 87);
        EXPECT(s0_obj_open(ctx, S0_OBJ_MUTEX, NULL, S0_MUTEX_ALL_ACCESS, &o), -EINVAL, 87);
        assert_null(o);
}

/* "" and NULL create unnamed objects: each create a new one. */
static void names_empty_and_null_create_unnamed(void **state) {
        struct s0_object *a = mk_event("", true, false, S0_OBJ_CREATED);
        struct s0_object *b = mk_event("", true, false, S0_OBJ_CREATED);
        struct s0_object *c = mk_event(NULL, true, false, S0_OBJ_CREATED);
        struct s0_object *d = mk_event(NULL, true, false, S0_OBJ_CREATED);
        assert_false(same_file(a, b));
        assert_false(same_file(c, d));
        EXPECT_OK(s0_event_set(a));
        SIGNALED(a);
        NOT_SIGNALED(b);
        EXPECT_OK(s0_event_set(c));
        NOT_SIGNALED(d);
        cl(a);
        cl(b);
        cl(c);
        cl(d);
}

/* Open "" reaches the directory itself: a type mismatch (6). */
static void names_empty_open_is_type_mismatch(void **state) {
        EXPECT(open_r(S0_OBJ_EVENT, "", S0_SYNCHRONIZE), -EPROTOTYPE, 6);
}

/* A name held by another type: Create and Open fail with 6. */
static void names_other_type_is_invalid_handle(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "typed"), true, false, S0_OBJ_CREATED);
        struct s0_obj_create_args m = { .type = S0_OBJ_MUTEX, .name = N("Local\\", "typed") };
        struct s0_obj_create_args s = { .type = S0_OBJ_SEMAPHORE, .name = N("Local\\", "typed") };
        struct s0_obj_create_args sec = { .type = S0_OBJ_SECTION, .name = N("Local\\", "typed") };
        s.semaphore.initial = 0;
        s.semaphore.maximum = 1;
        sec.section.size = 4096;
        sec.section.protect = S0_PAGE_READWRITE;
        EXPECT(create_r(&m), -EPROTOTYPE, 6);
        EXPECT(create_r(&s), -EPROTOTYPE, 6);
        EXPECT(create_r(&sec), -EPROTOTYPE, 6);
        EXPECT(open_r(S0_OBJ_MUTEX, N("Local\\", "typed"), S0_SYNCHRONIZE), -EPROTOTYPE, 6);
        EXPECT(open_r(S0_OBJ_TIMER, N("Local\\", "typed"), S0_SYNCHRONIZE), -EPROTOTYPE, 6);
        EXPECT(open_r(S0_OBJ_SECTION, N("Local\\", "typed"), S0_FILE_MAP_READ), -EPROTOTYPE, 6);
        /* and the event is untouched */
        struct s0_object *e2 = op(S0_OBJ_EVENT, N("Local\\", "typed"), S0_SYNCHRONIZE);
        cl(e2);
        cl(e);
}

/* SeCreateGlobalPrivilege: needed to create a section in Global\ from a session other
 * than 0 (5); never for events; session 0 is not checked. */
static void names_global_section_needs_privilege(void **state) {
        struct s0_obj_create_args a = { .type = S0_OBJ_SECTION, .name = N("Global\\", "gsec") };
        a.section.size = 65536;
        a.section.protect = S0_PAGE_READWRITE;
        if (sess != 0 && uid != 0) {
                EXPECT(create_r(&a), -EACCES, 5);
                /* events are not subject to it */
                struct s0_object *e = mk_event(N("Global\\", "gsec-ev"), false, false, S0_OBJ_CREATED);
                cl(e);
        } else {
                struct s0_object *o = mk(&a, S0_OBJ_CREATED);
                cl(o);
        }
}

/* ======================= §3.1 create / open ========================================== */

static void create_new_then_existing(void **state) {
        struct s0_object *a = mk_event(N("Local\\", "ce"), true, false, S0_OBJ_CREATED);
        struct s0_object *b = mk_event(N("Local\\", "ce"), true, false, S0_OBJ_EXISTED);
        assert_true(same_file(a, b));
        cl(b);
        cl(a);
}

/* The creation arguments of a second create are ignored: an auto-reset create with
 * initial_state=true of an existing non-signaled manual-reset event neither sets it nor
 * changes its reset mode. */
static void create_existing_ignores_event_args(void **state) {
        struct s0_object *a = mk_event(N("Local\\", "ign"), true, false, S0_OBJ_CREATED);
        struct s0_object *b = mk_event(N("Local\\", "ign"), false, true, S0_OBJ_EXISTED);
        NOT_SIGNALED(a);
        NOT_SIGNALED(b);
        EXPECT_OK(s0_event_set(b));
        SIGNALED(b);
        SIGNALED(b); /* still manual-reset: a wait does not consume it */
        SIGNALED(a);
        cl(b);
        cl(a);
}

static void create_existing_ignores_semaphore_and_section_args(void **state) {
        struct s0_object *s = mk_sem(N("Local\\", "igs"), 1, 1, S0_OBJ_CREATED);
        struct s0_object *s2 = mk_sem(N("Local\\", "igs"), 5, 10, S0_OBJ_EXISTED);
        int32_t prev = -1;
        /* the count is 1 of maximum 1: releasing one more is past the maximum */
        EXPECT(s0_semaphore_release(s2, 1, &prev), -EOVERFLOW, 298);
        SIGNALED(s2);
        NOT_SIGNALED(s);
        cl(s2);
        cl(s);

        struct s0_object *sec = mk_section(N("Local\\", "igsec"), 65536, S0_PAGE_READONLY, S0_OBJ_CREATED);
        struct s0_object *sec2 = mk_section(N("Local\\", "igsec"), 3 * 65536, S0_PAGE_READWRITE, S0_OBJ_EXISTED);
        uint64_t size = 0;
        void *v = NULL;
        EXPECT_OK(s0_section_size(sec2, &size));
        assert_int_equal(size, 65536);
        /* its protection stays PAGE_READONLY */
        EXPECT(s0_section_map(sec2, S0_FILE_MAP_WRITE, 0, 0, &v), -EACCES, 5);
        cl(sec2);
        cl(sec);
}

/* initial_owner is ignored for an existing mutex. */
static void *create_owned_in_thread(void *arg) {
        struct s0_object *m = NULL;
        struct s0_obj_create_args a = { .type = S0_OBJ_MUTEX, .name = arg };
        intptr_t r;
        a.mutex.initial_owner = true;
        r = s0_obj_create(ctx, &a, &m);
        if (r != S0_OBJ_EXISTED)
                return (void *) (intptr_t) (1000 + r);
        r = s0_mutex_release(m); /* not ours: -EPERM */
        s0_obj_close(m);
        return (void *) r;
}

static void create_existing_mutex_ignores_initial_owner(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "igm"), false, S0_OBJ_CREATED);
        pthread_t t;
        void *ret;
        assert_int_equal(pthread_create(&t, NULL, create_owned_in_thread, (void *) N("Local\\", "igm")), 0);
        assert_int_equal(pthread_join(t, &ret), 0);
        EXPECT((int) (intptr_t) ret, -EPERM, 288);
        /* not owned by that (gone) thread: free, not abandoned */
        EXPECT_OK(poll1(m));
        EXPECT_OK(s0_mutex_release(m));
        cl(m);
}

static void open_absent_is_file_not_found(void **state) {
        EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "absent"), S0_SYNCHRONIZE), -ENOENT, 2);
        EXPECT(open_r(S0_OBJ_MUTEX, N("Global\\", "absent"), S0_SYNCHRONIZE), -ENOENT, 2);
        EXPECT(open_r(S0_OBJ_SECTION, N("", "absent"), S0_FILE_MAP_READ), -ENOENT, 2);
}

static void open_access_zero_is_access_denied(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "acc0"), true, false, S0_OBJ_CREATED);
        EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "acc0"), 0), -EACCES, 5);
        cl(e);
}

/* A DACL that grants only SYNCHRONIZE: opening for more is 5, Create of the existing
 * name (which asks for ALL_ACCESS) too. SYSTEM (root) is granted everything. */
static void open_dacl_denies_is_access_denied(void **state) {
        struct s0_obj_ace ace = { .kind = S0_ACE_ALLOW, .who = S0_ACE_EVERYONE, .mask = S0_SYNCHRONIZE };
        struct s0_obj_sd sd = { .has_dacl = true, .n_aces = 1, .aces = &ace };
        struct s0_obj_create_args a = { .type = S0_OBJ_EVENT, .name = N("Local\\", "dacl"), .sd = &sd };
        struct s0_object *e = mk(&a, S0_OBJ_CREATED);
        struct s0_object *s = op(S0_OBJ_EVENT, N("Local\\", "dacl"), S0_SYNCHRONIZE);
        a.sd = NULL;
        if (uid != 0) {
                EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "dacl"), S0_EVENT_MODIFY_STATE), -EACCES, 5);
                EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "dacl"), S0_EVENT_ALL_ACCESS), -EACCES, 5);
                EXPECT(create_r(&a), -EACCES, 5);
        } else {
                struct s0_object *m = op(S0_OBJ_EVENT, N("Local\\", "dacl"), S0_EVENT_ALL_ACCESS);
                cl(m);
                EXPECT(create_r(&a), S0_OBJ_EXISTED, 0);
        }
        cl(s);
        cl(e);
}

/* The name vanishes when the last handle closes, and not before. */
static void name_vanishes_with_last_handle(void **state) {
        struct s0_object *a = mk_event(N("Local\\", "vanish"), true, false, S0_OBJ_CREATED);
        struct s0_object *b = op(S0_OBJ_EVENT, N("Local\\", "vanish"), S0_SYNCHRONIZE);
        cl(a);
        struct s0_object *c = op(S0_OBJ_EVENT, N("Local\\", "vanish"), S0_SYNCHRONIZE);
        cl(c);
        cl(b);
        EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "vanish"), S0_SYNCHRONIZE), -ENOENT, 2);
        /* and a create makes a new object */
        a = mk_event(N("Local\\", "vanish"), true, false, S0_OBJ_CREATED);
        cl(a);
}

/* A forked child that closes its copy of an inherited handle does not close the
 * parent's: the parent's handle still keeps the name. */
static int child_close_inherited(void *arg) { return s0_obj_close(arg) == 0 ? 0 : 1; }

static void name_survives_child_closing_inherited_handle(void **state) {
        struct s0_object *a = mk_event(N("Local\\", "inh"), true, false, S0_OBJ_CREATED);
        REAP_OK(fork_child(child_close_inherited, a));
        struct s0_object *b = op(S0_OBJ_EVENT, N("Local\\", "inh"), S0_SYNCHRONIZE);
        assert_true(same_file(a, b));
        cl(b);
        cl(a);
        EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "inh"), S0_SYNCHRONIZE), -ENOENT, 2);
}

/* Closing a mutex handle does not release the mutex. */
static void *try_mutex_in_thread(void *arg) {
        struct s0_object *m = arg;
        return (void *) (intptr_t) poll1(m);
}

static void closing_mutex_handle_does_not_release(void **state) {
        struct s0_object *a = mk_mutex(N("Local\\", "mclose"), false, S0_OBJ_CREATED);
        struct s0_object *b = op(S0_OBJ_MUTEX, N("Local\\", "mclose"), S0_SYNCHRONIZE);
        pthread_t t;
        void *ret;
        EXPECT_OK(poll1(a));
        cl(a);
        assert_int_equal(pthread_create(&t, NULL, try_mutex_in_thread, b), 0);
        assert_int_equal(pthread_join(t, &ret), 0);
        EXPECT((int) (intptr_t) ret, -ETIMEDOUT, 258);
        EXPECT_OK(s0_mutex_release(b)); /* any handle releases */
        cl(b);
}

/* ======================= §3.2 access ================================================== */

static void access_synchronize_only_waits_but_cannot_set(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "sync"), true, true, S0_OBJ_CREATED);
        struct s0_object *s = op(S0_OBJ_EVENT, N("Local\\", "sync"), S0_SYNCHRONIZE);
        assert_int_equal(s0_obj_access(s), S0_SYNCHRONIZE);
        EXPECT_OK(poll1(s));
        EXPECT(s0_event_set(s), -EACCES, 5);
        EXPECT(s0_event_reset(s), -EACCES, 5);
        EXPECT(s0_event_pulse(s), -EACCES, 5);
        SIGNALED(e);
        /* the other way round: MODIFY_STATE only cannot be waited */
        struct s0_object *m = op(S0_OBJ_EVENT, N("Local\\", "sync"), S0_EVENT_MODIFY_STATE);
        EXPECT_OK(s0_event_reset(m));
        EXPECT(poll1(m), -EACCES, 5);
        cl(m);
        cl(s);
        cl(e);
}

static void access_maximum_allowed(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "max"), false, false, S0_OBJ_CREATED);
        struct s0_object *m = op(S0_OBJ_EVENT, N("Local\\", "max"), S0_MAXIMUM_ALLOWED);
        assert_int_equal(s0_obj_access(m), S0_EVENT_ALL_ACCESS);
        EXPECT_OK(s0_event_set(m));
        EXPECT_OK(poll1(m));
        cl(m);
        cl(e);
}

static void access_generic_execute_includes_synchronize(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "gx"), true, true, S0_OBJ_CREATED);
        struct s0_object *x = op(S0_OBJ_EVENT, N("Local\\", "gx"), S0_GENERIC_EXECUTE);
        assert_true(s0_obj_access(x) & S0_SYNCHRONIZE);
        EXPECT_OK(poll1(x));
        EXPECT(s0_event_set(x), -EACCES, 5);
        cl(x);

        struct s0_object *m = mk_mutex(N("Local\\", "gxm"), false, S0_OBJ_CREATED);
        struct s0_object *mx = op(S0_OBJ_MUTEX, N("Local\\", "gxm"), S0_GENERIC_EXECUTE);
        EXPECT_OK(poll1(mx));
        EXPECT_OK(s0_mutex_release(mx));
        cl(mx);
        cl(m);
        cl(e);
}

static void access_mutex_generic_read_write_cannot_wait(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "grw"), false, S0_OBJ_CREATED);
        struct s0_object *rw = op(S0_OBJ_MUTEX, N("Local\\", "grw"), S0_GENERIC_READ | S0_GENERIC_WRITE);
        assert_false(s0_obj_access(rw) & S0_SYNCHRONIZE);
        EXPECT(poll1(rw), -EACCES, 5);
        EXPECT(wait_ms(rw, 50), -EACCES, 5);
        /* ReleaseMutex works through any opened handle */
        EXPECT_OK(poll1(m));
        EXPECT_OK(s0_mutex_release(rw));
        EXPECT(s0_mutex_release(rw), -EPERM, 288);
        cl(rw);
        cl(m);
}

static void access_section_cannot_be_waited(void **state) {
        struct s0_object *s = mk_section(N("Local\\", "secw"), 65536, S0_PAGE_READWRITE, S0_OBJ_CREATED);
        struct s0_object *e = mk_event(NULL, true, true, S0_OBJ_CREATED);
        struct s0_object *v[2] = { e, s };
        EXPECT(poll1(s), -EACCES, 5);
        EXPECT(s0_obj_wait(v, 2, false, 0, NULL, NULL), -EACCES, 5);
        cl(e);
        cl(s);
}

static void access_duplicate(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "dup"), true, false, S0_OBJ_CREATED);
        struct s0_object *d = NULL, *d2 = NULL, *d3 = NULL;
        /* a subset */
        EXPECT_OK(s0_obj_duplicate(e, S0_SYNCHRONIZE, false, &d));
        track(d);
        assert_int_equal(s0_obj_access(d), S0_SYNCHRONIZE);
        assert_true(same_file(e, d));
        EXPECT(s0_event_set(d), -EACCES, 5);
        EXPECT_OK(s0_event_set(e));
        EXPECT_OK(poll1(d));
        /* more than the source has */
        EXPECT(s0_obj_duplicate(d, S0_EVENT_ALL_ACCESS, false, &d2), -EACCES, 5);
        EXPECT(s0_obj_duplicate(d, S0_EVENT_MODIFY_STATE, false, &d2), -EACCES, 5);
        assert_null(d2);
        /* the same access */
        EXPECT_OK(s0_obj_duplicate(d, 0, true, &d3));
        track(d3);
        assert_int_equal(s0_obj_access(d3), S0_SYNCHRONIZE);
        /* a duplicate keeps the name alive */
        cl(e);
        cl(d);
        struct s0_object *o = op(S0_OBJ_EVENT, N("Local\\", "dup"), S0_SYNCHRONIZE);
        cl(o);
        cl(d3);
        EXPECT(open_r(S0_OBJ_EVENT, N("Local\\", "dup"), S0_SYNCHRONIZE), -ENOENT, 2);
}

/* ======================= §3.3 events ================================================== */

struct waiter {
        struct s0_object *ev;
        struct s0_object *done; /* semaphore released after the wait, or NULL */
};

/* Waits (10 s at most) for the event; 0 if it was satisfied. */
static int child_wait_event(void *arg) {
        struct waiter *w = arg;
        uint32_t idx = 99;
        bool ab = true;
        int r = s0_obj_wait(&w->ev, 1, false, 10000, &idx, &ab);
        if (r != 0)
                return r == -ETIMEDOUT ? 10 : 11;
        if (idx != 0 || ab)
                return 12;
        if (w->done && s0_semaphore_release(w->done, 1, NULL) != 0)
                return 13;
        return 0;
}

static void event_manual_releases_all_waiters(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "mall"), true, false, S0_OBJ_CREATED);
        struct waiter w = { .ev = e };
        pid_t p[3];
        for (int i = 0; i < 3; i++)
                p[i] = fork_child(child_wait_event, &w);
        for (int i = 0; i < 3; i++)
                assert_true(objtest_wait_blocked(p[i]));
        EXPECT_OK(s0_event_set(e));
        for (int i = 0; i < 3; i++)
                REAP_OK(p[i]);
        SIGNALED(e);
        cl(e);
}

static void event_auto_releases_one_per_set(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "aone"), false, false, S0_OBJ_CREATED);
        struct s0_object *done = mk_sem(NULL, 0, 10, S0_OBJ_CREATED);
        struct waiter w = { .ev = e, .done = done };
        pid_t p[3];
        for (int i = 0; i < 3; i++)
                p[i] = fork_child(child_wait_event, &w);
        for (int i = 0; i < 3; i++)
                assert_true(objtest_wait_blocked(p[i]));
        for (int k = 0; k < 3; k++) {
                EXPECT_OK(s0_event_set(e));
                EXPECT_OK(wait_ms(done, 10000));
                /* one waiter per set: no second one comes, and the set was consumed */
                if (k < 2)
                        EXPECT(wait_ms(done, 100), -ETIMEDOUT, 258);
                NOT_SIGNALED(e);
        }
        for (int i = 0; i < 3; i++)
                REAP_OK(p[i]);
        /* with no waiter, an auto-reset event stays signaled until a wait */
        EXPECT_OK(s0_event_set(e));
        SIGNALED(e);
        NOT_SIGNALED(e);
        cl(done);
        cl(e);
}

static void event_set_signaled_and_reset_nonsignaled_are_noops(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "noop"), true, false, S0_OBJ_CREATED);
        EXPECT_OK(s0_event_reset(e));
        NOT_SIGNALED(e);
        EXPECT_OK(s0_event_set(e));
        EXPECT_OK(s0_event_set(e));
        SIGNALED(e);
        EXPECT_OK(s0_event_reset(e));
        NOT_SIGNALED(e);
        struct s0_object *a = mk_event(N("Local\\", "noop-a"), false, true, S0_OBJ_CREATED);
        EXPECT_OK(s0_event_set(a));
        SIGNALED(a);
        NOT_SIGNALED(a); /* two sets are still one signal */
        cl(a);
        cl(e);
}

static void event_pulse_without_waiter_leaves_nonsignaled(void **state) {
        struct s0_object *m = mk_event(N("Local\\", "pm"), true, true, S0_OBJ_CREATED);
        struct s0_object *a = mk_event(N("Local\\", "pa"), false, false, S0_OBJ_CREATED);
        EXPECT_OK(s0_event_pulse(m));
        NOT_SIGNALED(m);
        EXPECT_OK(s0_event_pulse(a));
        NOT_SIGNALED(a);
        EXPECT_OK(s0_event_set(a));
        EXPECT_OK(s0_event_pulse(a));
        NOT_SIGNALED(a);
        cl(a);
        cl(m);
}

static void event_pulse_releases_waiting_child(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "pulse"), false, false, S0_OBJ_CREATED);
        struct waiter w = { .ev = e };
        pid_t p = fork_child(child_wait_event, &w);
        assert_true(objtest_wait_blocked(p));
        EXPECT_OK(s0_event_pulse(e));
        REAP_OK(p);
        NOT_SIGNALED(e);
        cl(e);
}

static void event_pulse_manual_releases_all_waiting(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "pulsem"), true, false, S0_OBJ_CREATED);
        struct waiter w = { .ev = e };
        pid_t p[2];
        for (int i = 0; i < 2; i++)
                p[i] = fork_child(child_wait_event, &w);
        for (int i = 0; i < 2; i++)
                assert_true(objtest_wait_blocked(p[i]));
        EXPECT_OK(s0_event_pulse(e));
        for (int i = 0; i < 2; i++)
                REAP_OK(p[i]);
        NOT_SIGNALED(e);
        cl(e);
}

/* ======================= §3.4 mutexes ================================================= */

static void mutex_recursion(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "rec"), false, S0_OBJ_CREATED);
        for (int i = 0; i < 3; i++)
                EXPECT_OK(poll1(m));
        for (int i = 0; i < 3; i++)
                EXPECT_OK(s0_mutex_release(m));
        EXPECT(s0_mutex_release(m), -EPERM, 288);
        cl(m);
}

/* initial ownership counts as one acquisition */
static void mutex_initial_owner_counts_one(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "init"), true, S0_OBJ_CREATED);
        EXPECT_OK(poll1(m));
        EXPECT_OK(s0_mutex_release(m));
        EXPECT_OK(s0_mutex_release(m));
        EXPECT(s0_mutex_release(m), -EPERM, 288);
        cl(m);
}

static void *release_in_thread(void *arg) { return (void *) (intptr_t) s0_mutex_release(arg); }

static void mutex_non_owner_thread_release(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "nonown"), false, S0_OBJ_CREATED);
        pthread_t t;
        void *ret;
        EXPECT_OK(poll1(m));
        assert_int_equal(pthread_create(&t, NULL, release_in_thread, m), 0);
        assert_int_equal(pthread_join(t, &ret), 0);
        EXPECT((int) (intptr_t) ret, -EPERM, 288);
        EXPECT_OK(s0_mutex_release(m));
        /* never acquired at all: 288 too */
        EXPECT(s0_mutex_release(m), -EPERM, 288);
        cl(m);
}

static void *acquire_and_exit(void *arg) { return (void *) (intptr_t) poll1(arg); }

static void expect_abandoned_then_normal(struct s0_object *m) {
        uint32_t idx = 99;
        bool ab = false;
        EXPECT_OK(s0_obj_wait(&m, 1, false, 10000, &idx, &ab));
        assert_int_equal(idx, 0);
        assert_true(ab);
        /* owned with count 1 */
        EXPECT_OK(s0_mutex_release(m));
        EXPECT(s0_mutex_release(m), -EPERM, 288);
        ab = true;
        EXPECT_OK(s0_obj_wait(&m, 1, false, 0, &idx, &ab));
        assert_false(ab);
        EXPECT_OK(s0_mutex_release(m));
}

static void mutex_abandoned_by_thread_exit(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "abth"), false, S0_OBJ_CREATED);
        pthread_t t;
        void *ret;
        assert_int_equal(pthread_create(&t, NULL, acquire_and_exit, m), 0);
        assert_int_equal(pthread_join(t, &ret), 0);
        EXPECT_OK((int) (intptr_t) ret);
        expect_abandoned_then_normal(m);
        cl(m);
}

struct holder {
        struct s0_object *m;
        int ready;  /* write end: one byte once the mutex is held */
        int hold;   /* read end: blocks until the parent is done */
};

static int child_hold_mutex(void *arg) {
        struct holder *h = arg;
        char c = 1;
        if (poll1(h->m) != 0)
                return 20;
        if (write(h->ready, &c, 1) != 1)
                return 21;
        (void) read(h->hold, &c, 1); /* until killed, or the parent lets go */
        return 0;
}

static void mutex_abandoned_by_sigkill(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "abkill"), false, S0_OBJ_CREATED);
        int ready[2], hold[2];
        char c;
        assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
        assert_int_equal(pipe2(hold, O_CLOEXEC), 0);
        struct holder h = { .m = m, .ready = ready[1], .hold = hold[0] };
        pid_t p = fork_child(child_hold_mutex, &h);
        close(ready[1]);
        assert_int_equal(read(ready[0], &c, 1), 1);
        NOT_SIGNALED(m); /* the child owns it */
        assert_int_equal(kill(p, SIGKILL), 0);
        assert_int_equal(objtest_reap(p, 10000), 128 + SIGKILL);
        expect_abandoned_then_normal(m);
        close(ready[0]);
        close(hold[0]);
        close(hold[1]);
        cl(m);
}

static int child_acquire_and_exit(void *arg) { return poll1(arg) == 0 ? 0 : 30; }

/* Whoever may write a mutex's shared page (anyone granted SYNCHRONIZE on it) may
 * scribble over all of it: the owner's release must still unlink its robust-list node
 * through its own private pointers, never through anything in the page (a pointer read
 * from the page would let another user's process steer the owner's writes). */
static void mutex_page_scribble_cannot_steer_owner(void **state) {
        struct s0_obj_create_args a = { .type = S0_OBJ_MUTEX, .name = N("Local\\", "scribble"),
                                        .mutex = { .initial_owner = true } };
        struct s0_object *m;
        char path[4096];
        uint32_t idx;
        bool ab;
        int fd;
        void *p;

        (void) state;
        EXPECT(s0_obj_create(ctx, &a, &m), S0_OBJ_CREATED, 0);
        track(m);
        {
                const char *rt = getenv("S0_RUNTIME_DIR") ? getenv("S0_RUNTIME_DIR") : "/run/session0";
                if (sess == 0)
                        snprintf(path, sizeof path, "%s/objects/global/%s", rt, N("", "scribble"));
                else
                        snprintf(path, sizeof path, "%s/objects/sessions/%u/%s", rt, sess, N("", "scribble"));
        }
        fd = open(path, O_RDWR | O_CLOEXEC);
        assert_true(fd >= 0);
        p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        assert_true(p != MAP_FAILED);
        /* everything but the last 8 bytes (the futex word, which names the owner) */
        memset(p, 0x41, 4096 - 8);
        assert_int_equal(munmap(p, 4096), 0);
        close(fd);
        /* the release works through private pointers only, and the list stays sound: a
         * second acquire and release, and a glibc robust mutex, still work */
        EXPECT_OK(s0_mutex_release(m));
        EXPECT_OK(s0_obj_wait(&m, 1, false, 0, &idx, &ab));
        EXPECT_OK(s0_mutex_release(m));
        {
                pthread_mutexattr_t at;
                pthread_mutex_t pm;
                assert_int_equal(pthread_mutexattr_init(&at), 0);
                assert_int_equal(pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST), 0);
                assert_int_equal(pthread_mutex_init(&pm, &at), 0);
                assert_int_equal(pthread_mutex_lock(&pm), 0);
                EXPECT_OK(s0_obj_wait(&m, 1, false, 0, &idx, &ab));
                assert_int_equal(pthread_mutex_unlock(&pm), 0);
                EXPECT_OK(s0_mutex_release(m));
                assert_int_equal(pthread_mutex_destroy(&pm), 0);
        }
        untrack(m);
        EXPECT_OK(s0_obj_close(m));
}

static void mutex_abandoned_by_process_exit(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "abexit"), false, S0_OBJ_CREATED);
        REAP_OK(fork_child(child_acquire_and_exit, m));
        expect_abandoned_then_normal(m);
        cl(m);
}

/* A waiter asleep when the owner dies gets it abandoned. */
static int child_wait_abandoned(void *arg) {
        struct s0_object *m = arg;
        uint32_t idx = 99;
        bool ab = false;
        int r = s0_obj_wait(&m, 1, false, 10000, &idx, &ab);
        if (r != 0)
                return 40;
        return idx == 0 && ab ? 0 : 41;
}

struct thread_holder {
        struct s0_object *m;
        int ready; /* write end: a byte once held */
        int go;    /* read end: exit (owning it) once a byte comes */
};

static void *hold_then_exit(void *arg) {
        struct thread_holder *h = arg;
        char c = 1;
        if (poll1(h->m) != 0)
                return (void *) 1;
        if (write(h->ready, &c, 1) != 1 || read(h->go, &c, 1) != 1)
                return (void *) 2;
        return NULL; /* ends owning it */
}

static void mutex_abandoned_wakes_sleeping_waiter(void **state) {
        struct s0_object *m = mk_mutex(N("Local\\", "abwake"), false, S0_OBJ_CREATED);
        int ready[2], go[2];
        char c = 1;
        pthread_t t;
        void *ret;
        assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
        assert_int_equal(pipe2(go, O_CLOEXEC), 0);
        struct thread_holder h = { .m = m, .ready = ready[1], .go = go[0] };
        assert_int_equal(pthread_create(&t, NULL, hold_then_exit, &h), 0);
        assert_int_equal(read(ready[0], &c, 1), 1);
        /* a child sleeps on the mutex the thread holds; then the thread ends */
        pid_t p = fork_child(child_wait_abandoned, m);
        assert_true(objtest_wait_blocked(p));
        assert_int_equal(write(go[1], &c, 1), 1);
        assert_int_equal(pthread_join(t, &ret), 0);
        assert_null(ret);
        REAP_OK(p);
        /* the child ended owning it too */
        expect_abandoned_then_normal(m);
        close(ready[0]);
        close(ready[1]);
        close(go[0]);
        close(go[1]);
        cl(m);
}

/* ======================= §3.5 semaphores ============================================== */

static void semaphore_create_bad_counts(void **state) {
        struct s0_obj_create_args a = { .type = S0_OBJ_SEMAPHORE, .name = N("Local\\", "badsem") };
        a.semaphore.initial = 0;
        a.semaphore.maximum = 0;
        EXPECT(create_r(&a), -EINVAL, 87);
        a.semaphore.maximum = -1;
        EXPECT(create_r(&a), -EINVAL, 87);
        a.semaphore.initial = -1;
        a.semaphore.maximum = 5;
        EXPECT(create_r(&a), -EINVAL, 87);
        a.semaphore.initial = 6;
        EXPECT(create_r(&a), -EINVAL, 87);
        /* nothing was made */
        EXPECT(open_r(S0_OBJ_SEMAPHORE, a.name, S0_SYNCHRONIZE), -ENOENT, 2);
        a.semaphore.initial = 5;
        EXPECT(create_r(&a), S0_OBJ_CREATED, 0);
}

static void semaphore_release_zero_or_negative(void **state) {
        struct s0_object *s = mk_sem(N("Local\\", "rel0"), 0, 5, S0_OBJ_CREATED);
        int32_t prev = 1234;
        EXPECT(s0_semaphore_release(s, 0, &prev), -EINVAL, 87);
        EXPECT(s0_semaphore_release(s, -1, &prev), -EINVAL, 87);
        assert_int_equal(prev, 1234);
        NOT_SIGNALED(s);
        cl(s);
}

static void semaphore_past_max_leaves_count(void **state) {
        struct s0_object *s = mk_sem(N("Local\\", "past"), 1, 3, S0_OBJ_CREATED);
        int32_t prev = 1234;
        EXPECT(s0_semaphore_release(s, 3, &prev), -EOVERFLOW, 298);
        assert_int_equal(prev, 1234);
        EXPECT(s0_semaphore_release(s, INT32_MAX, NULL), -EOVERFLOW, 298);
        /* still 1: one wait, then none */
        SIGNALED(s);
        NOT_SIGNALED(s);
        EXPECT_OK(s0_semaphore_release(s, 3, &prev));
        assert_int_equal(prev, 0);
        EXPECT(s0_semaphore_release(s, 1, &prev), -EOVERFLOW, 298);
        for (int i = 0; i < 3; i++)
                SIGNALED(s);
        NOT_SIGNALED(s);
        cl(s);
}

static void semaphore_previous_count(void **state) {
        struct s0_object *s = mk_sem(N("Local\\", "prev"), 0, 10, S0_OBJ_CREATED);
        int32_t prev = -1;
        EXPECT_OK(s0_semaphore_release(s, 2, &prev));
        assert_int_equal(prev, 0);
        EXPECT_OK(s0_semaphore_release(s, 1, &prev));
        assert_int_equal(prev, 2);
        SIGNALED(s);
        EXPECT_OK(s0_semaphore_release(s, 1, &prev));
        assert_int_equal(prev, 2);
        EXPECT_OK(s0_semaphore_release(s, 1, NULL)); /* prev is optional */
        for (int i = 0; i < 4; i++)
                SIGNALED(s);
        NOT_SIGNALED(s);
        cl(s);
}

/* ======================= §3.6 waitable timers ========================================= */

static void timer_created_inactive(void **state) {
        struct s0_object *t = mk_timer(N("Local\\", "tin"), true, S0_OBJ_CREATED);
        EXPECT(wait_ms(t, 50), -ETIMEDOUT, 258);
        cl(t);
}

static void timer_relative_due_fires(void **state) {
        struct s0_object *t = mk_timer(N("Local\\", "trel"), false, S0_OBJ_CREATED);
        EXPECT_OK(s0_timer_set(t, REL_MS(20), 0, false));
        EXPECT_OK(wait_ms(t, 10000));
        cl(t);
}

static void timer_absolute_due(void **state) {
        struct s0_object *t = mk_timer(N("Local\\", "tabs"), false, S0_OBJ_CREATED);
        /* in the past: fires at once */
        EXPECT_OK(s0_timer_set(t, filetime_in(-10000), 0, false));
        SIGNALED(t);
        /* in the near future: fires then */
        EXPECT_OK(s0_timer_set(t, filetime_in(30), 0, false));
        EXPECT_OK(wait_ms(t, 10000));
        /* due 0: at once */
        EXPECT_OK(s0_timer_set(t, 0, 0, false));
        SIGNALED(t);
        cl(t);
}

static void timer_period_zero_fires_once(void **state) {
        struct s0_object *t = mk_timer(N("Local\\", "tonce"), false, S0_OBJ_CREATED);
        EXPECT_OK(s0_timer_set(t, REL_MS(1), 0, false));
        EXPECT_OK(wait_ms(t, 10000));
        EXPECT(wait_ms(t, 100), -ETIMEDOUT, 258);
        cl(t);
}

static void timer_periodic_fires_repeatedly(void **state) {
        struct s0_object *t = mk_timer(N("Local\\", "tper"), false, S0_OBJ_CREATED);
        struct s0_object *m = mk_timer(N("Local\\", "tperm"), true, S0_OBJ_CREATED);
        EXPECT_OK(s0_timer_set(t, REL_MS(5), 10, false));
        for (int i = 0; i < 4; i++)
                EXPECT_OK(wait_ms(t, 10000));
        EXPECT_OK(s0_timer_cancel(t));
        /* a periodic manual-reset timer: re-armed by Set... it stays signaled */
        EXPECT_OK(s0_timer_set(m, REL_MS(5), 10, false));
        EXPECT_OK(wait_ms(m, 10000));
        SIGNALED(m);
        EXPECT_OK(s0_timer_cancel(m));
        cl(m);
        cl(t);
}

static void timer_sync_consumed_manual_stays(void **state) {
        struct s0_object *s = mk_timer(N("Local\\", "tsync"), false, S0_OBJ_CREATED);
        struct s0_object *m = mk_timer(N("Local\\", "tman"), true, S0_OBJ_CREATED);
        EXPECT_OK(s0_timer_set(s, 0, 0, false));
        EXPECT_OK(s0_timer_set(m, 0, 0, false));
        SIGNALED(s);
        NOT_SIGNALED(s);
        SIGNALED(m);
        SIGNALED(m);
        SIGNALED(m);
        cl(m);
        cl(s);
}

static void timer_set_makes_nonsignaled(void **state) {
        struct s0_object *m = mk_timer(N("Local\\", "tset"), true, S0_OBJ_CREATED);
        EXPECT_OK(s0_timer_set(m, 0, 0, false));
        SIGNALED(m);
        EXPECT_OK(s0_timer_set(m, REL_MS(60000), 0, false));
        NOT_SIGNALED(m);
        EXPECT_OK(s0_timer_cancel(m));
        cl(m);
}

static void timer_cancel_keeps_state(void **state) {
        struct s0_object *m = mk_timer(N("Local\\", "tcan"), true, S0_OBJ_CREATED);
        EXPECT_OK(s0_timer_set(m, 0, 0, false));
        SIGNALED(m);
        EXPECT_OK(s0_timer_cancel(m));
        SIGNALED(m);
        /* a cancelled timer that had not fired does not fire */
        EXPECT_OK(s0_timer_set(m, REL_MS(200), 0, false));
        NOT_SIGNALED(m);
        EXPECT_OK(s0_timer_cancel(m));
        EXPECT(wait_ms(m, 400), -ETIMEDOUT, 258);
        cl(m);
}

static void timer_negative_period_and_resume(void **state) {
        struct s0_object *t = mk_timer(N("Local\\", "tneg"), false, S0_OBJ_CREATED);
        EXPECT(s0_timer_set(t, REL_MS(10), -1, false), -EINVAL, 87);
        NOT_SIGNALED(t);
        /* resume is not supported: success, reported as 1 (ERROR_NOT_SUPPORTED) */
        assert_int_equal(s0_timer_set(t, 0, 0, true), 1);
        SIGNALED(t);
        /* a handle without TIMER_MODIFY_STATE cannot set */
        struct s0_object *q = op(S0_OBJ_TIMER, N("Local\\", "tneg"), S0_SYNCHRONIZE);
        EXPECT(s0_timer_set(q, 0, 0, false), -EACCES, 5);
        EXPECT(s0_timer_cancel(q), -EACCES, 5);
        cl(q);
        cl(t);
}

/* ======================= §3.7 sections ================================================ */

static void section_size_zero(void **state) {
        struct s0_obj_create_args a = { .type = S0_OBJ_SECTION, .name = N("Local\\", "sz0") };
        a.section.size = 0;
        a.section.protect = S0_PAGE_READWRITE;
        EXPECT(create_r(&a), -EINVAL, 87);
        a.name = NULL;
        EXPECT(create_r(&a), -EINVAL, 87);
}

static void section_existing_has_own_size(void **state) {
        struct s0_object *a = mk_section(N("Local\\", "own"), 100000, S0_PAGE_READWRITE, S0_OBJ_CREATED);
        struct s0_object *b = mk_section(N("Local\\", "own"), 4096, S0_PAGE_READWRITE, S0_OBJ_EXISTED);
        uint64_t sa = 0, sb = 0;
        EXPECT_OK(s0_section_size(a, &sa));
        EXPECT_OK(s0_section_size(b, &sb));
        assert_int_equal(sa, 100000);
        assert_int_equal(sb, 100000);
        cl(b);
        cl(a);
}

static void section_view_access(void **state) {
        struct s0_object *ro = mk_section(N("Local\\", "ro"), 65536, S0_PAGE_READONLY, S0_OBJ_CREATED);
        struct s0_object *rw = mk_section(N("Local\\", "rw"), 65536, S0_PAGE_READWRITE, S0_OBJ_CREATED);
        void *v = NULL;
        EXPECT(s0_section_map(ro, S0_FILE_MAP_WRITE, 0, 0, &v), -EACCES, 5);
        EXPECT(s0_section_map(ro, S0_FILE_MAP_ALL_ACCESS, 0, 0, &v), -EACCES, 5);
        EXPECT_OK(s0_section_map(ro, S0_FILE_MAP_READ, 0, 0, &v));
        EXPECT_OK(s0_section_unmap(ctx, v));
        /* a handle opened for FILE_MAP_READ cannot map for writing */
        struct s0_object *r = op(S0_OBJ_SECTION, N("Local\\", "rw"), S0_FILE_MAP_READ);
        EXPECT(s0_section_map(r, S0_FILE_MAP_WRITE, 0, 0, &v), -EACCES, 5);
        EXPECT_OK(s0_section_map(r, S0_FILE_MAP_READ, 0, 4096, &v));
        EXPECT_OK(s0_section_unmap(ctx, v));
        cl(r);
        cl(rw);
        cl(ro);
}

static void section_view_offset_and_size(void **state) {
        struct s0_object *s = mk_section(N("Local\\", "off"), 2 * 65536, S0_PAGE_READWRITE, S0_OBJ_CREATED);
        void *v = NULL;
        char *p;
        EXPECT(s0_section_map(s, S0_FILE_MAP_WRITE, 4096, 4096, &v), -EADDRNOTAVAIL, 1132);
        EXPECT(s0_section_map(s, S0_FILE_MAP_READ, 1, 0, &v), -EADDRNOTAVAIL, 1132);
        EXPECT(s0_section_map(s, S0_FILE_MAP_WRITE, 0, 2 * 65536 + 1, &v), -EACCES, 5);
        EXPECT(s0_section_map(s, S0_FILE_MAP_WRITE, 65536, 65536 + 4096, &v), -EACCES, 5);
        EXPECT(s0_section_map(s, S0_FILE_MAP_WRITE, 4 * 65536, 0, &v), -EACCES, 5);
        /* the second 64 KiB, size 0: to the end */
        EXPECT_OK(s0_section_map(s, S0_FILE_MAP_WRITE, 65536, 0, &v));
        p = v;
        p[0] = 'a';
        p[65535] = 'z';
        EXPECT_OK(s0_section_unmap(ctx, v));
        EXPECT_OK(s0_section_map(s, S0_FILE_MAP_READ, 0, 0, &v));
        p = v;
        assert_int_equal(p[65536], 'a');
        assert_int_equal(p[2 * 65536 - 1], 'z');
        /* not a view's base address */
        EXPECT(s0_section_unmap(ctx, p + 4096), -EINVAL, 87);
        EXPECT(s0_section_unmap(ctx, &p), -EINVAL, 87);
        EXPECT_OK(s0_section_unmap(ctx, v));
        EXPECT(s0_section_unmap(ctx, v), -EINVAL, 87); /* unmapped already */
        cl(s);
}

struct share {
        const char *name;
        char *parent_view;
};

static int child_section(void *arg) {
        struct share *sh = arg;
        struct s0_object *o = NULL;
        void *v = NULL;
        if (s0_obj_open(ctx, S0_OBJ_SECTION, sh->name, S0_FILE_MAP_READ | S0_FILE_MAP_WRITE, &o) != 0)
                return 50;
        if (s0_section_map(o, S0_FILE_MAP_WRITE, 0, 0, &v) != 0)
                return 51;
        if (strcmp(v, "from the parent") != 0)
                return 52;
        strcpy((char *) v + 1000, "from the child");
        (void) s0_section_unmap(ctx, v);
        (void) s0_obj_close(o);
        /* the inherited view is the same memory too */
        return strcmp(sh->parent_view + 1000, "from the child") == 0 ? 0 : 53;
}

static void section_data_shared(void **state) {
        struct s0_object *a = mk_section(N("Local\\", "data"), 65536, S0_PAGE_READWRITE, S0_OBJ_CREATED);
        struct s0_object *b;
        void *va = NULL, *vb = NULL;
        EXPECT_OK(s0_section_map(a, S0_FILE_MAP_ALL_ACCESS, 0, 0, &va));
        strcpy(va, "from the parent");
        b = op(S0_OBJ_SECTION, N("Local\\", "data"), S0_FILE_MAP_READ);
        EXPECT_OK(s0_section_map(b, S0_FILE_MAP_READ, 0, 0, &vb));
        assert_string_equal(vb, "from the parent");
        struct share sh = { .name = N("Local\\", "data"), .parent_view = va };
        REAP_OK(fork_child(child_section, &sh));
        assert_string_equal((char *) vb + 1000, "from the child");
        EXPECT_OK(s0_section_unmap(ctx, vb));
        EXPECT_OK(s0_section_unmap(ctx, va));
        cl(b);
        cl(a);
}

/* ======================= §4 waits ===================================================== */

static void wait_count_bounds(void **state) {
        struct s0_object *v[65];
        struct s0_object *e = mk_event(NULL, true, true, S0_OBJ_CREATED);
        for (int i = 0; i < 65; i++)
                v[i] = e;
        EXPECT(s0_obj_wait(v, 0, false, 0, NULL, NULL), -EINVAL, 87);
        EXPECT(s0_obj_wait(v, 0, true, 0, NULL, NULL), -EINVAL, 87);
        EXPECT(s0_obj_wait(v, 65, false, 0, NULL, NULL), -EINVAL, 87);
        EXPECT(s0_obj_wait(v, 65, true, 0, NULL, NULL), -EINVAL, 87);
        EXPECT_OK(s0_obj_wait(v, 64, false, 0, NULL, NULL));
        cl(e);
}

static void wait_invalid_handle(void **state) {
        struct s0_object *e = mk_event(NULL, true, true, S0_OBJ_CREATED);
        struct s0_object *v[2] = { e, NULL };
        EXPECT(s0_obj_wait(v, 2, false, 0, NULL, NULL), -EBADF, 6);
        EXPECT(s0_event_set(NULL), -EBADF, 6);
        EXPECT(s0_obj_close(NULL), -EBADF, 6);
        cl(e);
}

static void wait_any_lowest_index_only_it_changes(void **state) {
        struct s0_object *e[3];
        uint32_t idx = 99;
        bool ab = true;
        for (int i = 0; i < 3; i++)
                e[i] = mk_event(NULL, false, i > 0, S0_OBJ_CREATED);
        EXPECT_OK(s0_obj_wait(e, 3, false, 0, &idx, &ab));
        assert_int_equal(idx, 1);
        assert_false(ab);
        NOT_SIGNALED(e[0]);
        NOT_SIGNALED(e[1]);
        SIGNALED(e[2]);
        /* a semaphore among them loses only what the satisfied index takes */
        struct s0_object *s = mk_sem(NULL, 2, 2, S0_OBJ_CREATED);
        struct s0_object *v[2] = { s, e[2] };
        EXPECT_OK(s0_event_set(e[2]));
        EXPECT_OK(s0_obj_wait(v, 2, false, 0, &idx, &ab));
        assert_int_equal(idx, 0);
        SIGNALED(e[2]);
        SIGNALED(s);
        NOT_SIGNALED(s);
        cl(s);
        for (int i = 0; i < 3; i++)
                cl(e[i]);
}

static void wait_all_is_atomic(void **state) {
        struct s0_object *a = mk_event(NULL, false, true, S0_OBJ_CREATED);
        struct s0_object *s = mk_sem(NULL, 1, 5, S0_OBJ_CREATED);
        struct s0_object *m = mk_mutex(N("Local\\", "wall"), false, S0_OBJ_CREATED);
        struct s0_object *b = mk_event(NULL, false, false, S0_OBJ_CREATED);
        struct s0_object *v[4] = { a, s, m, b };
        uint32_t idx = 99;
        bool ab = true;
        int32_t prev = -1;
        EXPECT(s0_obj_wait(v, 4, true, 0, &idx, &ab), -ETIMEDOUT, 258);
        EXPECT(s0_obj_wait(v, 4, true, 30, &idx, &ab), -ETIMEDOUT, 258);
        /* nothing was consumed, the mutex not taken */
        EXPECT_OK(s0_semaphore_release(s, 1, &prev));
        assert_int_equal(prev, 1);
        EXPECT(s0_mutex_release(m), -EPERM, 288);
        SIGNALED(a);
        EXPECT_OK(s0_event_set(a));
        /* all signaled: all consumed at once */
        EXPECT_OK(s0_event_set(b));
        EXPECT_OK(s0_obj_wait(v, 4, true, 0, &idx, &ab));
        assert_int_equal(idx, 0);
        assert_false(ab);
        NOT_SIGNALED(a);
        NOT_SIGNALED(b);
        EXPECT_OK(s0_semaphore_release(s, 1, &prev));
        assert_int_equal(prev, 1);
        EXPECT_OK(s0_mutex_release(m));
        EXPECT(s0_mutex_release(m), -EPERM, 288);
        cl(a);
        cl(s);
        cl(m);
        cl(b);
}

static void wait_all_same_object_twice(void **state) {
        struct s0_object *e = mk_event(N("Local\\", "twice"), true, true, S0_OBJ_CREATED);
        struct s0_object *e2 = op(S0_OBJ_EVENT, N("Local\\", "twice"), S0_SYNCHRONIZE);
        struct s0_object *o = mk_event(NULL, true, true, S0_OBJ_CREATED);
        struct s0_object *v[3] = { e, o, e2 };
        struct s0_object *same[2] = { e, e };
        uint32_t idx = 99;
        EXPECT(s0_obj_wait(v, 3, true, 0, &idx, NULL), -EINVAL, 87);
        EXPECT(s0_obj_wait(same, 2, true, 0, &idx, NULL), -EINVAL, 87);
        /* wait-any accepts duplicates */
        EXPECT_OK(s0_obj_wait(v, 3, false, 0, &idx, NULL));
        assert_int_equal(idx, 0);
        EXPECT_OK(s0_obj_wait(same, 2, false, 0, &idx, NULL));
        assert_int_equal(idx, 0);
        cl(o);
        cl(e2);
        cl(e);
}

static void wait_timeouts(void **state) {
        struct s0_object *e = mk_event(NULL, true, false, S0_OBJ_CREATED);
        EXPECT(poll1(e), -ETIMEDOUT, 258);
        EXPECT(wait_ms(e, 50), -ETIMEDOUT, 258);
        struct s0_object *v[2] = { e, e };
        EXPECT(s0_obj_wait(v, 2, false, 50, NULL, NULL), -ETIMEDOUT, 258);
        cl(e);
}

static void wait_satisfied_effects(void **state) {
        struct s0_object *a = mk_event(NULL, false, true, S0_OBJ_CREATED);
        struct s0_object *m = mk_event(NULL, true, true, S0_OBJ_CREATED);
        struct s0_object *s = mk_sem(NULL, 2, 2, S0_OBJ_CREATED);
        SIGNALED(a);
        NOT_SIGNALED(a); /* auto-reset: consumed */
        SIGNALED(m);
        SIGNALED(m); /* manual: unchanged */
        SIGNALED(s);
        SIGNALED(s);
        NOT_SIGNALED(s); /* semaphore: -1 each */
        cl(a);
        cl(m);
        cl(s);
}

struct set_last {
        struct s0_object **v;
        pid_t parent;
};

static int child_set_last(void *arg) {
        struct set_last *s = arg;
        if (!objtest_wait_blocked(s->parent))
                return 60;
        return s0_event_set(s->v[63]) == 0 ? 0 : 61;
}

static void wait_any_64_woken_from_other_process(void **state) {
        struct s0_object *v[64];
        char tag[32];
        uint32_t idx = 99;
        bool ab = true;
        for (int i = 0; i < 64; i++) {
                snprintf(tag, sizeof tag, "w64-%d", i);
                v[i] = mk_event(N("Local\\", tag), false, false, S0_OBJ_CREATED);
        }
        struct set_last sl = { .v = v, .parent = (pid_t) syscall(SYS_gettid) };
        pid_t p = fork_child(child_set_last, &sl);
        EXPECT_OK(s0_obj_wait(v, 64, false, 20000, &idx, &ab));
        assert_int_equal(idx, 63);
        assert_false(ab);
        REAP_OK(p);
        NOT_SIGNALED(v[63]);
        for (int i = 0; i < 64; i++)
                cl(v[i]);
}

/* A wait-all across processes: the child's wait completes when the parent has set the
 * last of them, and consumes all. */
static void wait_all_woken_from_other_process(void **state) {
        struct s0_object *e[3];
        for (int i = 0; i < 3; i++)
                e[i] = mk_event(NULL, false, i < 2, S0_OBJ_CREATED);
        pid_t p;
        fflush(NULL);
        p = fork();
        assert_true(p >= 0);
        if (p == 0) {
                uint32_t idx = 99;
                int r = s0_obj_wait(e, 3, true, 10000, &idx, NULL);
                _exit(r == 0 && idx == 0 ? 0 : 70);
        }
        assert_true(objtest_wait_blocked(p));
        SIGNALED(e[0]); /* the sleeping wait-all holds nothing */
        EXPECT_OK(s0_event_set(e[0]));
        EXPECT_OK(s0_event_set(e[2]));
        REAP_OK(p);
        for (int i = 0; i < 3; i++) {
                NOT_SIGNALED(e[i]);
                cl(e[i]);
        }
}

/* ---------------------------------------------------------------------------------------- */

static int setup(void **state) {
        int r = s0_objctx_new(NULL, &ctx);
        if (r < 0) {
                fprintf(stderr, "s0_objctx_new: %s (Win32 %u): this test runs inside a session\n", strerror(-r),
                        s0_obj_win32_error(r));
                return -1;
        }
        sess = s0_objctx_session(ctx);
        uid = geteuid();
        printf("# session %u, uid %u\n", sess, (unsigned) uid);
        return 0;
}

static int teardown(void **state) {
        s0_objctx_free(ctx);
        return 0;
}

#define T(f) cmocka_unit_test_teardown(f, close_leftovers)

int main(void) {
        const struct CMUnitTest tests[] = {
                /* §2 */
                T(names_global_from_session),
                T(names_local_plain_and_own_session),
                T(names_wrong_case_prefix_is_path_not_found),
                T(names_missing_component_is_path_not_found),
                T(names_leading_backslash_is_bad_pathname),
                T(names_max_path),
                T(names_null_open_is_invalid_parameter),
                T(names_empty_and_null_create_unnamed),
                T(names_empty_open_is_type_mismatch),
                T(names_other_type_is_invalid_handle),
                T(names_global_section_needs_privilege),
                /* §3.1 */
                T(create_new_then_existing),
                T(create_existing_ignores_event_args),
                T(create_existing_ignores_semaphore_and_section_args),
                T(create_existing_mutex_ignores_initial_owner),
                T(open_absent_is_file_not_found),
                T(open_access_zero_is_access_denied),
                T(open_dacl_denies_is_access_denied),
                T(name_vanishes_with_last_handle),
                T(name_survives_child_closing_inherited_handle),
                T(closing_mutex_handle_does_not_release),
                /* §3.2 */
                T(access_synchronize_only_waits_but_cannot_set),
                T(access_maximum_allowed),
                T(access_generic_execute_includes_synchronize),
                T(access_mutex_generic_read_write_cannot_wait),
                T(access_section_cannot_be_waited),
                T(access_duplicate),
                /* §3.3 */
                T(event_manual_releases_all_waiters),
                T(event_auto_releases_one_per_set),
                T(event_set_signaled_and_reset_nonsignaled_are_noops),
                T(event_pulse_without_waiter_leaves_nonsignaled),
                T(event_pulse_releases_waiting_child),
                T(event_pulse_manual_releases_all_waiting),
                /* §3.4 */
                T(mutex_recursion),
                T(mutex_initial_owner_counts_one),
                T(mutex_non_owner_thread_release),
                T(mutex_abandoned_by_thread_exit),
                T(mutex_abandoned_by_sigkill),
                T(mutex_abandoned_by_process_exit),
                T(mutex_page_scribble_cannot_steer_owner),
                T(mutex_abandoned_wakes_sleeping_waiter),
                /* §3.5 */
                T(semaphore_create_bad_counts),
                T(semaphore_release_zero_or_negative),
                T(semaphore_past_max_leaves_count),
                T(semaphore_previous_count),
                /* §3.6 */
                T(timer_created_inactive),
                T(timer_relative_due_fires),
                T(timer_absolute_due),
                T(timer_period_zero_fires_once),
                T(timer_periodic_fires_repeatedly),
                T(timer_sync_consumed_manual_stays),
                T(timer_set_makes_nonsignaled),
                T(timer_cancel_keeps_state),
                T(timer_negative_period_and_resume),
                /* §3.7 */
                T(section_size_zero),
                T(section_existing_has_own_size),
                T(section_view_access),
                T(section_view_offset_and_size),
                T(section_data_shared),
                /* §4 */
                T(wait_count_bounds),
                T(wait_invalid_handle),
                T(wait_any_lowest_index_only_it_changes),
                T(wait_all_is_atomic),
                T(wait_all_same_object_twice),
                T(wait_timeouts),
                T(wait_satisfied_effects),
                T(wait_any_64_woken_from_other_process),
                T(wait_all_woken_from_other_process),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
