# syntax=docker/dockerfile:1
#
# One image for every program of the pipeline; compose picks the program with `command:`
# (or build with --build-arg SERVICE=poller|normalizer|sink to change the default).
#
#   docker build -t spotify-pipeline .
#   docker run --rm --env-file .env spotify-pipeline                      # the sink
#   docker run --rm --env-file .env spotify-pipeline node services/poller/src/main.ts
#
# There is no build step: Node 24 runs the TypeScript sources directly (type stripping, stable and
# on by default from Node 22.18 / 24). That is why the base is pinned to the Node 24 LTS major tag:
# an older major cannot run the sources at all, and a newer one is not what CI tests. The major tag
# still receives the 24.x security patches on every rebuild; pin a digest for byte-reproducible
# builds.
ARG NODE_IMAGE=node:24-slim

# ---- deps: production dependencies of the whole workspace, from the lockfile only -------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# The manifests first, in their own layer: source edits then reuse the cached `npm ci`.
# Every workspace must be listed (npm ci refuses a lockfile naming a missing workspace);
# tests/src/deploy/dockerfile.test.ts fails when one is added to the repo but not here.
COPY package.json package-lock.json ./
COPY packages/report/package.json packages/report/
COPY packages/runtime/package.json packages/runtime/
COPY packages/spotify-client/package.json packages/spotify-client/
COPY packages/test-support/package.json packages/test-support/
COPY packages/tsconfig/package.json packages/tsconfig/
COPY packages/warehouse/package.json packages/warehouse/
COPY schemas/avro/package.json schemas/avro/
COPY services/importer/package.json services/importer/
COPY services/normalizer/package.json services/normalizer/
COPY services/poller/package.json services/poller/
COPY services/sink/package.json services/sink/
COPY tools/bench/package.json tools/bench/
COPY tools/dlq/package.json tools/dlq/
COPY tools/launcher/package.json tools/launcher/
COPY tools/spotify-sim/package.json tools/spotify-sim/
COPY tools/stack/package.json tools/stack/
COPY tests/package.json tests/
# --omit=dev: no compiler, linter or test tools in the image. --ignore-scripts: no dependency runs
# code at install time (the one native add-on, msgpackr-extract, is optional and ships prebuilt).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# Our own install step, which --ignore-scripts skipped: the patched kafkajs producer (a send could
# resolve without writing a partition whose leader died; patches/kafkajs@2.2.4/README.md).
COPY scripts/patch-dependencies.mjs scripts/
COPY patches/ patches/
RUN node scripts/patch-dependencies.mjs

# ---- runtime: dependencies + sources, run as the unprivileged `node` user ----------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Root node_modules, the workspace links in it and any nested node_modules, owned by root so the
# process cannot rewrite its own code.
COPY --from=deps /app ./
COPY packages/ packages/
COPY schemas/ schemas/
COPY services/ services/
COPY tools/spotify-sim/ tools/spotify-sim/
# The topics one-shot runs tools/stack/src/topics-cli.ts; operators replay dead letters with tools/dlq.
COPY tools/stack/ tools/stack/
COPY tools/dlq/ tools/dlq/
COPY sql/ sql/

ARG SERVICE=sink
# Containers must listen on all interfaces for the healthcheck, Prometheus and compose's network;
# the code's default (127.0.0.1) is right for a laptop, not here.
ENV SERVICE=${SERVICE} \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=9464
EXPOSE 9464

USER node

# /healthz of the ops server, with Node's own fetch: the slim image has no curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 9464) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# exec: node becomes the container's main process and receives SIGTERM itself (graceful stop).
CMD ["sh", "-c", "exec node \"services/${SERVICE}/src/main.ts\""]
