#!/usr/bin/env bash
# Headless Chromium for the listening report's browser test (tests/src/report): Debian's package,
# never a browser download. Installs it when it is missing and this runs as root (CI's fresh
# machine, a dev container); otherwise says what to do, and the browser test fails saying so.
# fonts-wqy-zenhei draws CJK names (Arabic and Hebrew come with DejaVu, which chromium pulls in).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get > /dev/null; then
  echo "[chromium] $chromium is missing and cannot be installed here (needs root and apt-get):" \
    "install Debian's chromium package; the report's browser test fails until then" >&2
  exit 0
fi
echo "[chromium] installing Debian's chromium (apt-get)" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei >&2
