#!/usr/bin/env bash
# Runs jtgt's whole test suite: unit tests and integration tests that drive the target with
# real initiators (libiscsi's tools and iscsi-test-cu, qemu-img, qemu-io).
#
# The initiators come from Debian's packages libiscsi-bin, qemu-utils and qemu-block-extra.
# If any is missing, this script installs them when it can (as root, or with passwordless
# sudo) and otherwise stops with the command to run. Extra arguments go to Maven, e.g.
#   ./test.sh -pl impl -Dtest=LibiscsiToolsTest
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES="libiscsi-bin qemu-utils qemu-block-extra"
missing() {
    local m=()
    for tool in iscsi-ls iscsi-inq iscsi-readcapacity16 iscsi-perf iscsi-test-cu qemu-img qemu-io; do
        command -v "$tool" >/dev/null 2>&1 || m+=("$tool")
    done
    # qemu-img speaks iSCSI only with qemu-block-extra's driver
    if command -v qemu-img >/dev/null 2>&1 && ! qemu-img --help 2>/dev/null | grep -qw iscsi; then
        m+=("qemu-block-extra (iscsi driver for qemu-img)")
    fi
    echo "${m[*]:-}"
}

gone=$(missing)
if [[ -n $gone ]]; then
    echo "test.sh: missing initiator tools: $gone"
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES
    elif sudo -n true 2>/dev/null; then
        sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES
    else
        echo "test.sh: install them first:  sudo apt-get install -y $PACKAGES" >&2
        exit 1
    fi
    gone=$(missing)
    if [[ -n $gone ]]; then
        echo "test.sh: still missing after installing: $gone" >&2
        exit 1
    fi
fi

exec mvn -B -ntp verify "$@"
