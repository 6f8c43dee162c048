#!/usr/bin/env node
// Replaces files of installed dependencies with the project's patched copies in patches/, after
// checking that the installed file is exactly the upstream one the patch was written against.
// Runs as the root package's postinstall (npm ci / npm install) and in the Dockerfile, which
// installs with --ignore-scripts. Idempotent: an already patched file is left alone.
//
// Why patches and not a fork: the fix is small and upstream (kafkajs) is unmaintained; a copy
// pinned by checksum cannot silently apply to a different version. The runtime refuses to start
// Kafka clients when the patch is missing (packages/runtime/src/kafka/kafkajs-patch.ts).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each patched file: the package, its version, the file, and the upstream file's sha256. */
const PATCHES = [
  {
    // Silent loss of messages when a partition leader dies during a send (tulios/kafkajs#1303):
    // see patches/kafkajs@2.2.4/README.md.
    pkg: 'kafkajs',
    version: '2.2.4',
    file: 'src/producer/sendMessages.js',
    upstreamSha256: '8a120e6993955e040a13014cccebd79b8d41e7355d6eda1065fa83fea2fbbcdb',
  },
  {
    // Quadratic grouping of a send's messages by partition: every producer's sends (the
    // normalizer's, the importer's, the poller's) paid O(n²) per partition. Performance only.
    pkg: 'kafkajs',
    version: '2.2.4',
    file: 'src/producer/groupMessagesPerPartition.js',
    upstreamSha256: 'ea72357721fbf67770b5e06b9bf4260faa1e60f3affb556bff2cc7892c1881fb',
  },
];

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

let failed = false;
for (const p of PATCHES) {
  const pkgDir = join(root, 'node_modules', p.pkg);
  if (!existsSync(join(pkgDir, 'package.json'))) continue; // not installed (e.g. a partial install)
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const target = join(pkgDir, p.file);
  const patched = join(root, 'patches', `${p.pkg}@${p.version}`, p.file);
  if (version !== p.version) {
    console.error(
      `[patch] ${p.pkg} is ${version}, the patch in patches/${p.pkg}@${p.version} is for ${p.version}: port the patch (see its README) before upgrading`,
    );
    failed = true;
    continue;
  }
  const current = sha256(target);
  if (current === sha256(patched)) continue;
  if (current !== p.upstreamSha256) {
    console.error(
      `[patch] ${target} is neither upstream ${p.pkg} ${p.version} nor the patched copy; refusing to overwrite it`,
    );
    failed = true;
    continue;
  }
  copyFileSync(patched, target);
  console.error(`[patch] ${p.pkg} ${p.version}: ${p.file} patched (patches/${p.pkg}@${p.version})`);
}
process.exit(failed ? 1 : 0);
