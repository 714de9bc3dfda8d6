# SPDX-License-Identifier: LGPL-2.1-or-later
# For the s0-drvhost tests: lib-scm.sh (own session0d and s0-scm in session 0), plus
# s0-drvhost, its worker, the sample drivers and drv-client staged where sessions and the
# s0-umdf account can run them (same layout as the build tree, for the RUNPATHs), and
# s0-drvhost defined from data/services/s0-drvhost.conf.
#
#   drv_conf NAME PLUGIN "DEVICE SDDL"...   write $DRV_CONF/NAME.conf
#   drvhost_start                           start the service, wait until devices answer
#   dev_status DEVICE FIELD                 a field of `s0ctl devices --json`
#   client SESSION USER ARGS...             drv-client in a session as a user
. "$S0_TESTS_SRC/scm/lib-scm.sh"

getent passwd s0-umdf >/dev/null || with_passwd_lock useradd --system --no-create-home --home-dir / \
        --shell /usr/sbin/nologin s0-umdf || fail "useradd s0-umdf"
mkdir -p "$T_TMP/src/drvhost/drivers" "$T_TMP/tests/drvhost"
cp "$S0_DRVHOST" "$S0_DRVHOST_WORKER" "$T_TMP/src/drvhost/"
cp "$S0_DRIVERS"/*.so "$T_TMP/src/drvhost/drivers/"
cp "$S0_DRV_CLIENT" "$T_TMP/tests/drvhost/"
for l in $(ldd "$S0_DRVHOST" | awk '/libsession0/ { print $3 }'); do
        case $l in
        */libsession0-win32.so*) cp -L "$l" "$T_TMP/src/win32/" ;;
        *) cp -L "$l" "$T_TMP/src/lib/" ;;
        esac
done
chmod -R a+rX "$T_TMP/src" "$T_TMP/tests"
DRV_BIN=$T_TMP/src/drvhost
DRV_CLIENT=$T_TMP/tests/drvhost/drv-client
DRV_CONF=$T_TMP/drivers
mkdir -p "$DRV_CONF"

drv_conf() { # NAME PLUGIN "DEVICE SDDL"...
        local name=$1 plugin=$2
        shift 2
        {
                echo "[Driver]"
                echo "Plugin=$DRV_BIN/drivers/$plugin.so"
                echo "HangTimeoutMs=${DRV_HANG_MS:-2000}"
                for d in "$@"; do echo "Device=$d"; done
        } >"$DRV_CONF/$name.conf"
}

# the shipped definition, pointed at the staged binaries and this test's directories
drvhost_service() {
        sed -e "s|^BinaryPath=.*|BinaryPath=$DRV_BIN/s0-drvhost|" \
                -e "s|^Arguments=.*|Arguments=--runtime-dir $T_RUN --config-dir $DRV_CONF --worker $DRV_BIN/s0-drvhost-worker|" \
                -e "s|^StartType=.*|StartType=demand|" \
                "$S0_DATA/services/s0-drvhost.conf" >"$SCM_CONF/s0-drvhost.conf"
}

dev_state_is() { [ "$(dev_status "$1" state)" == "$2" ]; }
# DEVICE N: running again after its driver's Nth restart
dev_restarted() { [ "$(dev_status "$1" restarts)" == "$2" ] && dev_state_is "$1" running; }
dev_status() { # DEVICE FIELD
        s0 devices --json | python3 -c '
import json, sys
for d in json.load(sys.stdin):
    if d["device"] == sys.argv[1]:
        print(d[sys.argv[2]])' "$1" "$2"
}

drvhost_start() { # DEVICES...
        drvhost_service
        scm_start
        expect_ok sc start s0-drvhost
        wait_state s0-drvhost RUNNING
        for d in "$@"; do
                wait_until "device $d running" 600 dev_state_is "$d" running
        done
}

client() { # SESSION USER ARGS...
        local id=$1 u=$2
        shift 2
        in_session "$id" "$u" "$DRV_CLIENT" "$@"
}
