#!/bin/sh
# Creates the system users s0-scm runs LocalService and NetworkService services as.
# Run by `meson install` (make install); skipped for a staged (DESTDIR) or non-root install.
set -e
[ -z "${DESTDIR:-}" ] || exit 0
[ "$(id -u)" = 0 ] || { echo "s0-scm: not root: create the users s0-localservice, s0-networkservice and s0-umdf yourself" >&2; exit 0; }
# s0-umdf: the account of every user-mode driver host process (s0-drvhost)
for u in s0-localservice s0-networkservice s0-umdf; do
        if ! getent passwd "$u" >/dev/null; then
                useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin "$u"
        fi
done
mkdir -p -m 0755 /etc/session0/services
mkdir -p -m 0700 /var/lib/session0/scm
mkdir -p -m 0755 /etc/session0/drivers
