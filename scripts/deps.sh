#!/bin/sh
# Make sure the Debian packages patchwave needs are installed.
#   scripts/deps.sh build   packages to build and run patchwave
#   scripts/deps.sh check   the above plus what the test suite drives
#   scripts/deps.sh bench   the build set plus what make bench-gap's exact
#                           solver needs (bench/optimal.py; no test uses it)
# Installs what is missing when run as root or with password-less sudo;
# otherwise names exactly what to install and fails.
set -eu

BUILD="gcc make pkg-config libncurses-dev libsqlite3-dev libical-dev libyaml-dev libjson-c-dev nettle-dev libxml2-dev tzdata"
CHECK="$BUILD libcmocka-dev sqlite3 tmux python3 python3-recurring-ical-events ansible-core
	jq python3-icalendar calcurse chromium poppler-utils clang libclang-rt-14-dev valgrind
	awscli python3-botocore python3-dateutil"
BENCH="$BUILD python3 python3-pulp coinor-cbc"

case "${1:-build}" in
build) want=$BUILD ;;
check) want=$CHECK ;;
bench) want=$BENCH ;;
*) echo "usage: $0 build|check|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "patchwave needs these Debian packages:$missing" >&2
	echo "install them with: sudo apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y --no-install-recommends $missing >/dev/null; then
	$SUDO apt-get update >/dev/null
	$SUDO apt-get install -y --no-install-recommends $missing >/dev/null
fi
