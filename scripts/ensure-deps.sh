#!/usr/bin/env bash
# Installs the workspace's npm packages when package-lock.json changed since the last install.
# Why a stamp instead of always `npm ci`: ci deletes node_modules, which takes ~20 s every run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp="node_modules/.install-stamp"
want="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node --version)"
current() { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }
if ! current && command -v flock >/dev/null 2>&1; then
  # Several commands may start at once (spotify-pipeline in two terminals, tests running the CLI):
  # one installs, the others wait for it and then find the stamp, instead of two `npm ci` deleting
  # each other's node_modules.
  mkdir -p .cache
  exec 9>".cache/npm-install.lock"
  flock 9
fi
if ! current; then
  echo "[deps] installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
