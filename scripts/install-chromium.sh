#!/usr/bin/env bash
# install-chromium.sh — install Debian's Chromium (/usr/bin/chromium), which the viewer's
# end-to-end tests and the frame-time benchmark drive through playwright-core. Installs as
# root (through sudo when run as another user).
# Idempotent: does nothing when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-chromium: must run as root to install chromium" >&2; exit 1; }
  exec sudo bash "${BASH_SOURCE[0]}" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y --no-install-recommends chromium
fi
/usr/bin/chromium --version
