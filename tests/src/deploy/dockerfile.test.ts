import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseDockerfile, type Stage, stagesOf } from './dockerfile.ts';
import { repoPath } from './repo-paths.ts';

const stages = stagesOf(parseDockerfile(readFileSync(repoPath('Dockerfile'), 'utf8')));
const runtime = stages.at(-1)!;
const dockerignore = readFileSync(repoPath('.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** Workspace folders as npm sees them: the root's globs, expanded to folders with a package.json. */
function workspaceFolders(): string[] {
  const globs: string[] = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')).workspaces;
  return globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return existsSync(repoPath(glob, 'package.json')) ? [glob] : [];
    const parent = glob.slice(0, -2);
    return readdirNames(parent)
      .map((name) => `${parent}/${name}`)
      .filter((dir) => existsSync(repoPath(dir, 'package.json')));
  });
}

function readdirNames(dir: string): string[] {
  return existsSync(repoPath(dir)) ? readdirSync(repoPath(dir)) : [];
}

test('the Dockerfile is multi-stage on the Node 24 slim image', () => {
  assert.ok(stages.length >= 2, `${stages.length} FROM`);
  for (const stage of stages)
    assert.match(stage.from, /^node:24-slim$/, `stage ${stage.name} is FROM ${stage.from}`);
  assert.ok(
    stages.some((s) => s.name === 'deps'),
    'a deps stage',
  );
});

test('dependencies are installed from the lockfile without dev dependencies', () => {
  const deps = stages.find((s) => s.name === 'deps')!;
  const install = argsOf(deps, 'RUN').find((r) => /\bnpm ci\b/.test(r));
  assert.ok(install, 'deps runs npm ci');
  assert.match(install, /--omit=dev/);
  assert.ok(
    !argsOf(runtime, 'RUN').some((r) => /\bnpm (i|install|ci)\b/.test(r)),
    'the runtime stage installs nothing',
  );
});

test('the deps stage applies the dependency patches that npm ci --ignore-scripts skipped', () => {
  const deps = stages.find((s) => s.name === 'deps')!;
  const runs = argsOf(deps, 'RUN');
  const install = runs.findIndex((r) => /\bnpm ci\b/.test(r));
  const patch = runs.findIndex((r) => /node scripts\/patch-dependencies\.mjs/.test(r));
  assert.ok(patch > install, 'node scripts/patch-dependencies.mjs runs after npm ci');
  const copies = argsOf(deps, 'COPY').join('\n');
  assert.match(copies, /\bpatches\//, 'the patches are copied into the deps stage');
});

test('every workspace manifest is copied before npm ci (npm ci needs them all)', () => {
  const deps = stages.find((s) => s.name === 'deps')!;
  const copies = argsOf(deps, 'COPY').join('\n');
  const folders = workspaceFolders();
  assert.ok(folders.length >= 5, `found only ${folders.length} workspaces`);
  for (const folder of folders) {
    assert.ok(
      copies.includes(`${folder}/package.json`),
      `Dockerfile deps stage does not copy ${folder}/package.json`,
    );
    const ignored = dockerignore.includes(folder) || dockerignore.includes(`${folder}/`);
    if (ignored)
      assert.ok(
        dockerignore.includes(`!${folder}/package.json`),
        `.dockerignore hides ${folder}/package.json`,
      );
  }
  assert.match(copies, /package-lock\.json/);
});

test('the image runs as a non-root user in production mode with a /healthz healthcheck', () => {
  const users = argsOf(runtime, 'USER');
  assert.ok(users.length > 0, 'no USER in the runtime stage');
  assert.doesNotMatch(users.at(-1)!, /^(root|0)(:|$)/);
  assert.ok(
    argsOf(runtime, 'ENV').some((e) => /\bNODE_ENV=production\b/.test(e)),
    'NODE_ENV=production',
  );
  const health = argsOf(runtime, 'HEALTHCHECK');
  assert.equal(health.length, 1);
  assert.match(health[0]!, /fetch\(.*\/healthz/);
  assert.ok(argsOf(runtime, 'CMD').length === 1, 'a default CMD');
});

test('.dockerignore keeps secrets, installed modules and git out of the build context', () => {
  for (const pattern of ['.env', '**/node_modules', '.git', '**/.cache', '**/.turbo']) {
    assert.ok(dockerignore.includes(pattern), `.dockerignore lacks ${pattern}`);
  }
  const copied = argsOf(runtime, 'COPY')
    .filter((c) => !c.startsWith('--from'))
    .map((c) => c.split(/\s+/)[0]!.replace(/\/$/, ''));
  for (const source of copied)
    assert.ok(!dockerignore.includes(source), `the Dockerfile copies ${source}, which .dockerignore drops`);
});
