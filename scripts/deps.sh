#!/bin/sh
# Installs, with apt-get, the Debian packages session0 needs to build, test and run
# its demo -- only those that are missing. Nothing is fetched from anywhere else.
set -eu

PACKAGES="gcc libc6-dev make meson ninja-build pkg-config python3 libcmocka-dev
clang libclang-rt-14-dev util-linux passwd procps attr
libpam0g-dev openssh-server openssh-client tmux
libcairo2-dev ghostscript cups cups-client cups-bsd poppler-utils fonts-dejavu-core"

missing=""
for p in $PACKAGES; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [ "$status" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
        echo "deps: missing packages:$missing (run as root, or: apt-get install$missing)" >&2
        exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Installing openssh-server must not start the system's sshd on port 22: the tests run
# their own. Debian's maintainer scripts ask /usr/sbin/policy-rc.d first, and 101 means
# "do not start anything". Ours is removed afterwards; one that was there stays.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
        trap 'rm -f "$policy"' EXIT
        trap 'exit 1' INT TERM # so that the EXIT trap runs
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
