#!/usr/bin/env bash
# The README's first command (`npm start`): sets up what the pipeline needs, then runs it.
# Running it twice is fine: each step is idempotent and cheap when already done.
# Run through scripts/run.sh, which puts Node 24 on PATH, installs the packages and cds to the root.
set -euo pipefail

echo "== ports"
node tools/launcher/src/main.ts --check-ports
echo "== stack: Kafka (KRaft), Redis, PostgreSQL"
node tools/stack/src/cli.ts up
echo "== topics"
node tools/stack/src/topics-cli.ts
echo "== warehouse migrations"
node packages/warehouse/src/migrate-cli.ts
echo "== pipeline (Ctrl-C stops it)"
exec node tools/launcher/src/main.ts
