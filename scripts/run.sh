#!/usr/bin/env bash
# Runs a command with Node 24 on PATH and the npm workspace installed: the one door through which
# every npm script that needs node_modules goes, so a fresh clone needs no set-up step of its own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node24.sh"
bash "$_repo_root/scripts/ensure-deps.sh"
cd "$_repo_root"
exec "$@"
