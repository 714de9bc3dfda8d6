#!/bin/sh
# Creates the system user printer driver hosts run as (docs/PRINTING.md). Run by
# `meson install`; skipped for a staged (DESTDIR) or non-root install.
set -e
[ -z "${DESTDIR:-}" ] || exit 0
[ "$(id -u)" = 0 ] || { echo "s0-spooler: not root: create the user s0-printdrv yourself" >&2; exit 0; }
getent passwd s0-printdrv >/dev/null ||
        useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin s0-printdrv
mkdir -p -m 0700 /var/spool/session0
