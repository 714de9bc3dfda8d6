/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit journal, client side: queries, subscriptions and reports. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <session0/session0.h>

#include "client-internal.h"
#include "shared/macro.h"

static void events_req_init(struct s0_req_events *req, const struct s0_event_filter *f, uint64_t from_seq) {
        memset(req, 0, sizeof *req);
        req->from_seq = from_seq;
        req->session = f ? f->session : S0_SESSION_NONE;
        req->kind = f ? f->kind : S0_EVENT_NONE;
}

/* Appends the events of page to *list (count *n). */
static int append_page(const struct s0_rep_event_list *page, struct s0_event **list, size_t *n) {
        struct s0_event *p;

        if (page->count == 0)
                return 0;
        p = realloc(*list, (*n + page->count) * sizeof **list);
        if (!p)
                return -ENOMEM;
        memcpy(p + *n, page->events, page->count * sizeof *p);
        *list = p;
        *n += page->count;
        return 0;
}

S0_EXPORT int s0_events(struct s0_client *c, const struct s0_event_filter *f, uint64_t from_seq,
                        struct s0_event **ret, size_t *ret_count, uint64_t *ret_next_seq) {
        _cleanup_free_ struct s0_rep_event_list *rep = NULL;
        _cleanup_free_ struct s0_event *list = NULL;
        struct s0_req_events req;
        size_t n = 0;
        int r;

        if (!c || !ret || !ret_count)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        for (;;) {
                events_req_init(&req, f, from_seq);
                s0__header_init(c, &req.hdr, S0_MSG_EVENTS, sizeof req);
                r = s0__transact(c, &req, sizeof req, rep, S0_MSG_EVENT_LIST);
                if (r < 0)
                        return r;
                r = append_page(rep, &list, &n);
                if (r < 0)
                        return r;
                /* next_seq must advance, or a confused daemon would keep us here */
                if (!(rep->flags & S0_EVENTS_MORE) || rep->next_seq <= from_seq)
                        break;
                from_seq = rep->next_seq;
        }
        if (ret_next_seq)
                *ret_next_seq = rep->next_seq;
        *ret = TAKE_PTR(list);
        *ret_count = n;
        return 0;
}

S0_EXPORT int s0_events_follow(struct s0_client *c, const struct s0_event_filter *f, uint64_t from_seq) {
        _cleanup_free_ struct s0_msg_header *rep = NULL;
        struct s0_req_events req;

        if (!c)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        events_req_init(&req, f, from_seq);
        s0__header_init(c, &req.hdr, S0_MSG_EVENTS_FOLLOW, sizeof req);
        return s0__transact(c, &req, sizeof req, rep, S0_MSG_OK);
}

S0_EXPORT int s0_events_next(struct s0_client *c, struct s0_event **ret, size_t *ret_count, uint32_t *ret_flags) {
        _cleanup_free_ struct s0_rep_event_list *rep = NULL;
        struct s0_event *list = NULL;
        size_t n = 0;
        int r;

        if (!c || !ret || !ret_count)
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        r = s0__recv(c, s0__last_cookie(c), rep);
        if (r < 0)
                return r;
        if (rep->hdr.type == S0_MSG_ERROR)
                return ((struct s0_rep_error *) rep)->error;
        if (rep->hdr.type != S0_MSG_EVENT_LIST)
                return -EBADMSG;
        r = append_page(rep, &list, &n);
        if (r < 0)
                return r;
        if (ret_flags)
                *ret_flags = rep->flags;
        *ret = list;
        *ret_count = n;
        return 0;
}

S0_EXPORT int s0_audit_report(struct s0_client *c, uint32_t kind, uint32_t target_session, const char *target,
                              int32_t result) {
        _cleanup_free_ struct s0_msg_header *rep = NULL;
        struct s0_req_audit req = { 0 };
        size_t l = target ? strlen(target) : 0;

        if (!c || !S0_EVENT_KIND_REPORTABLE(kind))
                return -EINVAL;
        rep = malloc(S0_MSG_SIZE_MAX);
        if (!rep)
                return -ENOMEM;
        req.kind = kind;
        req.target_session = target_session;
        req.result = result;
        /* a long target (a pipe path) is kept by its beginning, as the journal would */
        if (l >= sizeof req.target)
                l = sizeof req.target - 1;
        if (l)
                memcpy(req.target, target, l);
        s0__header_init(c, &req.hdr, S0_MSG_AUDIT, sizeof req);
        return s0__transact(c, &req, sizeof req, rep, S0_MSG_OK);
}
