#!/usr/bin/env bash
# The README's test command (`npm test`): sets up what the tests need, then runs every check.
# Running it twice is fine: each step is idempotent and cheap when already done.
# Run through scripts/run.sh, which puts Node 24 on PATH, installs the packages and cds to the root.
set -euo pipefail

echo "== stack: Kafka (KRaft), Redis, PostgreSQL"
node tools/stack/src/cli.ts up

echo "== headless Chromium for the report's browser test (installed when missing and root)"
bash scripts/ensure-chromium.sh || echo "[chromium] could not be installed; the report's browser test will fail and say so" >&2

echo "== lint and format (biome)"
npx biome ci --reporter=summary .

echo "== import boundaries (dependency-cruiser: docs/architecture.md)"
npx depcruise packages schemas services tools tests --config .dependency-cruiser.cjs --output-type err

echo "== typecheck (turbo, every workspace)"
npx turbo run typecheck --output-logs=errors-only

echo "== tests (unit beside the code, integration against the real broker, Redis and PostgreSQL)"
# One node:test run over every workspace, so its closing lines count every test. Files run in
# parallel; each integration test uses its own topics, groups, Redis prefix and schema.
# --test-force-exit: a test file whose tests have all finished ends even if a client it started
# still holds a timer (a reconnect loop to a broker or Redis the test killed); without it such a
# file kept the whole run waiting for ever. The leak is still a bug to find; this only bounds it.
node --test --test-concurrency="${TEST_CONCURRENCY:-3}" --test-timeout=300000 --test-force-exit --test-reporter=spec \
  "packages/*/src/**/*.test.ts" \
  "schemas/*/src/**/*.test.ts" \
  "services/*/src/**/*.test.ts" \
  "tools/*/src/**/*.test.ts" \
  "tests/src/**/*.test.ts" \
  "$@"
