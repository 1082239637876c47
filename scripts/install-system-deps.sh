#!/usr/bin/env bash
# Debian packages the test suite needs: chromium (report browser test) and redis-server (BullMQ
# queue tests). Installs only what is missing; needs root (or sudo) and Debian's apt.
set -eu
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "install-system-deps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
