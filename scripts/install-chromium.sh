#!/usr/bin/env bash
# install-chromium.sh — install Debian's Chromium (/usr/bin/chromium), which the viewer's
# end-to-end tests and the frame-time benchmark drive through playwright-core. Run as root.
# Idempotent: does nothing when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y --no-install-recommends chromium
fi
/usr/bin/chromium --version
