/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sections (file mappings, SEMANTICS.md §3.7): the object file's bytes after its page.
 * A view is an mmap of them; the handle's open mode (read-only unless the handle was
 * opened for FILE_MAP_WRITE) makes the kernel refuse a writable shared view the
 * descriptor did not grant. Views are remembered in the context so that
 * UnmapViewOfFile() knows their length. Views keep the memory alive, not the name. */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "object.h"

static bool protect_writable(uint32_t p) {
        p &= 0xff;
        return p == S0_PAGE_READWRITE || p == S0_PAGE_EXECUTE_READWRITE;
}
static bool protect_executable(uint32_t p) {
        p &= 0xff;
        return p == S0_PAGE_EXECUTE_READ || p == S0_PAGE_EXECUTE_READWRITE;
}

S0_EXPORT int s0_section_size(struct s0_object *o, uint64_t *ret) {
        int r = obj_check(o, S0_OBJ_SECTION, 0);
        if (r < 0)
                return r;
        if (!ret)
                return -EINVAL;
        *ret = o->sh->size;
        return 0;
}

S0_EXPORT int s0_section_map(struct s0_object *o, uint32_t access, uint64_t offset, size_t size, void **ret) {
        struct s0_obj_shared *sh;
        struct s0_view *v;
        struct stat st;
        uint64_t total;
        int prot = PROT_READ, flags = MAP_SHARED;
        void *addr;
        int r = obj_check(o, S0_OBJ_SECTION, 0);

        if (r < 0)
                return r;
        if (!ret)
                return -EINVAL;
        sh = o->sh;
        if (access == S0_FILE_MAP_ALL_ACCESS)
                access = S0_FILE_MAP_WRITE; /* as Windows: ALL_ACCESS maps as WRITE */
        if (access & S0_FILE_MAP_COPY) {
                /* copy-on-write: a private writable view of what the handle may read */
                if (!(o->access & S0_FILE_MAP_READ))
                        return -EACCES;
                prot |= PROT_WRITE;
                flags = MAP_PRIVATE;
        } else if (access & S0_FILE_MAP_WRITE) {
                if (!(o->access & S0_FILE_MAP_WRITE) || !protect_writable(sh->protect))
                        return -EACCES;
                prot |= PROT_WRITE;
        } else if (access & S0_FILE_MAP_READ) {
                if (!(o->access & (S0_FILE_MAP_READ | S0_FILE_MAP_WRITE)))
                        return -EACCES;
        } else if (!(access & S0_FILE_MAP_EXECUTE))
                return -EINVAL;
        if (access & S0_FILE_MAP_EXECUTE) {
                if (!(o->access & S0_FILE_MAP_EXECUTE) || !protect_executable(sh->protect))
                        return -EACCES;
                prot |= PROT_EXEC;
        }
        if (offset % S0_ALLOCATION_GRANULARITY)
                return -EADDRNOTAVAIL; /* ERROR_MAPPED_ALIGNMENT */
        /* The bounds come from the file, not from the size in the shared page, which any
         * writer of the section could change: a view past the end of the file would
         * fault (SIGBUS) in whoever touched it. */
        if (fstat(o->fd, &st) < 0)
                return -errno;
        total = st.st_size > (off_t) S0_OBJ_PAGE ? (uint64_t) st.st_size - S0_OBJ_PAGE : 0;
        if (sh->size < total)
                total = sh->size;
        if (offset > total)
                return -EACCES;
        if (size == 0)
                size = (size_t) (total - offset);
        if (size == 0 || size > total - offset)
                return -EACCES;
        v = calloc(1, sizeof *v);
        if (!v)
                return -ENOMEM;
        addr = mmap(NULL, size, prot, flags, o->fd, (off_t) (S0_OBJ_PAGE + offset));
        if (addr == MAP_FAILED) {
                r = errno == EACCES || errno == EPERM ? -EACCES : -errno;
                free(v);
                return r;
        }
        v->addr = addr;
        v->len = size;
        pthread_mutex_lock(&o->ctx->lock);
        v->next = o->ctx->views;
        o->ctx->views = v;
        pthread_mutex_unlock(&o->ctx->lock);
        *ret = addr;
        return 0;
}

S0_EXPORT int s0_section_unmap(struct s0_objctx *c, void *addr) {
        struct s0_view **p, *v = NULL;
        if (!c || !addr)
                return -EINVAL;
        pthread_mutex_lock(&c->lock);
        for (p = &c->views; *p; p = &(*p)->next)
                if ((*p)->addr == addr) {
                        v = *p;
                        *p = v->next;
                        break;
                }
        pthread_mutex_unlock(&c->lock);
        if (!v)
                return -EINVAL;
        (void) munmap(v->addr, v->len);
        free(v);
        return 0;
}
