import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  type ComposeService,
  commandOf,
  composeText,
  dotenvNames,
  environmentOf,
  interpolatedVariables,
  isOneShot,
  loadCompose,
} from './compose-file.ts';
import { readReference, repoPath } from './repo-paths.ts';

// ajv and ajv-formats are CommonJS with a default export.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

const compose = loadCompose();
const services = compose.services;

async function composeValidator() {
  const schema = JSON.parse(await readReference('compose/compose-spec.json'));
  // The spec names its meta-schema as https://json-schema.org/draft-07/schema, which ajv does not
  // register under that spelling; the schema is draft-07, which is ajv's default dialect.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

function service(name: string): ComposeService {
  const found = services[name];
  assert.ok(found, `docker-compose.yml has no service "${name}"`);
  return found;
}

function healthTest(s: ComposeService): string {
  const t = s.healthcheck?.test ?? [];
  return Array.isArray(t) ? t.join(' ') : t;
}

test('docker-compose.yml is valid against the Compose Specification schema', async () => {
  const validate = await composeValidator();
  const valid = validate(compose);
  assert.deepEqual(validate.errors ?? [], [], 'schema errors in docker-compose.yml');
  assert.equal(valid, true);
});

test('the schema check is live: it rejects a condition Compose does not know', async () => {
  const validate = await composeValidator();
  const broken = loadCompose();
  (broken.services.sink!.depends_on as Record<string, { condition: string }>).kafka!.condition =
    'service_ready';
  assert.equal(validate(broken), false);
});

test('Kafka is the official Apache image in KRaft mode, without ZooKeeper', () => {
  const kafka = service('kafka');
  const image = /^apache\/kafka:(\d+)\.(\d+)\.(\d+)$/.exec(kafka.image ?? '');
  assert.ok(image, `kafka image ${kafka.image} is not apache/kafka:<x.y.z>`);
  assert.ok(
    Number(image[1]) > 4 || (Number(image[1]) === 4 && Number(image[2]) >= 1),
    'apache/kafka 4.1 or newer',
  );
  const pom = readFileSync(repoPath('infra/kafka/pom.xml'), 'utf8');
  const tested = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
  assert.equal(kafka.image, `apache/kafka:${tested}`, 'compose runs the Kafka version CI tests against');

  const env = environmentOf(kafka);
  const roles = (env.get('KAFKA_PROCESS_ROLES') ?? '').split(',').map((r) => r.trim());
  assert.ok(roles.includes('broker') && roles.includes('controller'), `KAFKA_PROCESS_ROLES is ${roles}`);
  assert.ok(env.get('KAFKA_NODE_ID'), 'KAFKA_NODE_ID');
  assert.ok(
    env.get('KAFKA_CONTROLLER_QUORUM_VOTERS') ?? env.get('KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS'),
    'quorum',
  );
  assert.equal(env.get('KAFKA_CONTROLLER_LISTENER_NAMES'), 'CONTROLLER');
  assert.match(env.get('KAFKA_LISTENERS') ?? '', /CONTROLLER:\/\//);
  assert.match(env.get('KAFKA_ADVERTISED_LISTENERS') ?? '', /\/\/kafka:9092/);
  const factors = [...env].filter(([key]) => /REPLICATION_FACTOR$|MIN_ISR$/.test(key));
  assert.ok(factors.length >= 3, 'offsets, transaction state and default replication factors are set');
  for (const [key, value] of factors) assert.equal(value, '1', `${key} on a one-node cluster`);
  assert.equal(env.get('KAFKA_AUTO_CREATE_TOPICS_ENABLE'), 'false', 'topics come from the topics job only');
  assert.match(healthTest(kafka), /\/opt\/kafka\/bin\/(kafka-broker-api-versions|kafka-topics)\.sh/);
  assert.doesNotMatch(JSON.stringify(compose), /zookeeper/i);
});

test('SQL Server 2022 with its password from .env and a sqlcmd healthcheck', () => {
  const mssql = service('mssql');
  assert.match(mssql.image ?? '', /^mcr\.microsoft\.com\/mssql\/server:2022-/);
  const env = environmentOf(mssql);
  assert.equal(env.get('ACCEPT_EULA'), 'Y');
  assert.match(env.get('MSSQL_SA_PASSWORD') ?? '', /^\$\{MSSQL_SA_PASSWORD[:?}]/);
  assert.match(healthTest(mssql), /\/opt\/mssql-tools18\/bin\/sqlcmd -C .*SELECT 1/);
});

test('Redis 7 is append-only on a named volume with a ping healthcheck', () => {
  const redis = service('redis');
  assert.match(redis.image ?? '', /^redis:7(\b|$)/);
  assert.match(commandOf(redis).join(' '), /--appendonly yes/);
  assert.match(healthTest(redis), /redis-cli ping/);
});

test('Kafka, SQL Server and Redis keep their data in named volumes', () => {
  const declared = Object.keys(compose.volumes ?? {});
  for (const [name, dataDir] of [
    ['kafka', environmentOf(service('kafka')).get('KAFKA_LOG_DIRS')],
    ['mssql', '/var/opt/mssql'],
    ['redis', '/data'],
  ] as const) {
    const mounts = (service(name).volumes ?? []).map((v) =>
      typeof v === 'string' ? v : `${v.source}:${v.target}`,
    );
    const mount = mounts.find((m) => m.split(':')[1] === dataDir);
    assert.ok(mount, `${name} mounts nothing at ${dataDir}`);
    assert.ok(declared.includes(mount.split(':')[0]!), `${name}'s ${mount} is not a named volume`);
  }
});

test('every service has a healthcheck, or is a one-shot that is never restarted', () => {
  for (const [name, s] of Object.entries(services)) {
    if (isOneShot(s)) continue;
    assert.ok(s.healthcheck?.test && s.healthcheck.disable !== true, `${name} has no healthcheck`);
  }
  for (const name of ['migrate', 'topics', 'mssql-init']) assert.equal(service(name).restart, 'no', name);
});

test('every depends_on waits on a condition, for a service that exists and can meet it', () => {
  for (const [name, s] of Object.entries(services)) {
    const deps = s.depends_on ?? {};
    assert.ok(!Array.isArray(deps), `${name}: depends_on as a list has no condition`);
    for (const [target, dep] of Object.entries(deps)) {
      const other = services[target];
      assert.ok(other, `${name} depends on ${target}, which is not a service`);
      assert.ok(dep.condition, `${name} → ${target} has no condition`);
      if (dep.condition === 'service_healthy')
        assert.ok(
          other.healthcheck?.test,
          `${name} waits for ${target} to be healthy, which has no healthcheck`,
        );
      if (dep.condition === 'service_completed_successfully')
        assert.ok(isOneShot(other), `${name} waits for ${target} to exit, which is restarted`);
      if (other.profiles?.length && !s.profiles?.length) {
        assert.equal(
          dep.required,
          false,
          `${name} is always on, so its dependency on ${target} (profile ${other.profiles}) must be required: false`,
        );
      }
    }
  }
  assert.equal(
    (service('sink').depends_on as Record<string, { condition: string }>).migrate?.condition,
    'service_completed_successfully',
  );
});

test('the sink can be scaled: no container name, no host ports, no fixed hostname', () => {
  const sink = service('sink');
  assert.equal(sink.container_name, undefined);
  assert.equal(sink.ports, undefined);
  assert.equal(sink.hostname, undefined);
});

test('poller, normalizer and sink are built from the one Dockerfile', () => {
  const builds = ['poller', 'normalizer', 'sink'].map((name) => {
    const build = service(name).build;
    assert.ok(build, `${name} is not built`);
    return typeof build === 'string'
      ? { context: build, dockerfile: 'Dockerfile' }
      : { context: build.context ?? '.', dockerfile: build.dockerfile ?? 'Dockerfile' };
  });
  assert.deepEqual(new Set(builds.map((b) => JSON.stringify(b))).size, 1, 'they build differently');
  assert.ok(existsSync(repoPath(builds[0]!.context, builds[0]!.dockerfile)), 'the Dockerfile exists');
});

test('every program a service runs exists in the repository and is in the image', () => {
  const copied = ['packages/', 'schemas/', 'services/', 'tools/spotify-sim/', 'tools/stack/', 'sql/'];
  for (const [name, s] of Object.entries(services)) {
    const command = commandOf(s);
    if (command[0] !== 'node') continue;
    const script = command[1]!;
    assert.ok(existsSync(repoPath(script)), `${name} runs ${script}, which does not exist`);
    assert.ok(
      copied.some((dir) => script.startsWith(dir)),
      `${name} runs ${script}, which the image does not contain`,
    );
    const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8');
    assert.ok(
      copied.every((dir) => dockerfile.includes(`COPY ${dir} ${dir}`)),
      'Dockerfile copies the program folders',
    );
  }
});

test('services listen on all interfaces, and their healthcheck probes the port they listen on', () => {
  for (const name of ['poller', 'normalizer', 'sink']) {
    const env = environmentOf(service(name));
    assert.equal(env.get('HTTP_HOST'), '0.0.0.0', `${name} HTTP_HOST`);
    assert.match(
      healthTest(service(name)),
      new RegExp(`127\\.0\\.0\\.1:${env.get('HTTP_PORT')}/healthz`),
      `${name} healthcheck`,
    );
    assert.equal(env.get('KAFKA_BROKERS'), 'kafka:9092', `${name} KAFKA_BROKERS`);
  }
  assert.match(environmentOf(service('sink')).get('MSSQL_URL') ?? '', /^mssql:\/\/.*@mssql:1433\//);
  assert.match(environmentOf(service('poller')).get('REDIS_URL') ?? '', /^redis:\/\/redis:6379/);
});

test('the demo profile adds the Spotify simulator and the poller can be pointed at it', () => {
  const demo = Object.entries(services).filter(([, s]) => s.profiles?.includes('demo'));
  const sim = demo.find(([, s]) => commandOf(s).includes('tools/spotify-sim/src/main.ts'));
  assert.ok(sim, 'no demo service runs tools/spotify-sim');
  const simPort = environmentOf(sim[1]).get('SIM_PORT');
  const example = dotenvNames(readFileSync(repoPath('.env.example'), 'utf8'));
  const exampleText = readFileSync(repoPath('.env.example'), 'utf8');
  assert.match(
    exampleText,
    new RegExp(`http://${sim[0]}:${simPort}`),
    '.env.example says how to point the poller at the simulator',
  );
  const pollerEnv = environmentOf(service('poller'));
  for (const key of ['SPOTIFY_ACCOUNTS_URL', 'SPOTIFY_API_URL']) {
    assert.match(pollerEnv.get(key) ?? '', new RegExp(`^\\$\\{${key}`), `${key} comes from .env`);
    assert.ok(example.has(key), key);
  }
  for (const [name, s] of Object.entries(services)) {
    if (!s.profiles)
      assert.ok(
        !commandOf(s).includes('tools/spotify-sim/src/main.ts'),
        `${name} runs the simulator outside the demo profile`,
      );
  }
});

test('every variable docker-compose.yml interpolates is listed in .env.example', () => {
  const used = interpolatedVariables(compose);
  assert.ok(used.size >= 10, `only ${used.size} variables found; is interpolation parsed?`);
  const example = dotenvNames(readFileSync(repoPath('.env.example'), 'utf8'));
  assert.deepEqual(
    [...used].filter((name) => !example.has(name)),
    [],
    'variables missing from .env.example',
  );
  // `${VAR:?...}` variables are required: the example must show a value to replace.
  for (const match of composeText.matchAll(/\$\{(\w+):\?/g)) {
    assert.ok(example.get(match[1]!), `${match[1]} is required but has no placeholder in .env.example`);
  }
});

test('linking works on Docker Desktop: no host networking, the callback port published on 127.0.0.1', () => {
  for (const [name, s] of Object.entries(services))
    assert.notEqual((s as { network_mode?: string }).network_mode, 'host', `${name} uses the host network`);
  const link = service('poller-link');
  assert.deepEqual(link.ports, ['127.0.0.1:8888:8888']);
  const env = environmentOf(link);
  assert.equal(env.get('LINK_CALLBACK_HOST'), '0.0.0.0');
  assert.equal(env.get('KAFKA_BROKERS'), environmentOf(service('poller')).get('KAFKA_BROKERS'));
  assert.match(env.get('SPOTIFY_REDIRECT_URI') ?? '', /127\.0\.0\.1:8888\/callback/);
  // The README's compose section tells how: `docker compose run` publishes ports only when asked.
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  assert.match(readme, /docker compose run --rm --service-ports poller-link/);
});

test('the demo profile links its simulated listeners by itself, once the poller is healthy', () => {
  const linker = Object.entries(services).find(([, s]) =>
    commandOf(s).includes('tools/spotify-sim/src/link-listeners-cli.ts'),
  );
  assert.ok(linker, 'no service runs the simulated listeners linker');
  const [, s] = linker;
  assert.deepEqual(s.profiles, ['demo']);
  assert.ok(isOneShot(s));
  const dependsOn = s.depends_on as Record<string, { condition: string }>;
  assert.equal(dependsOn.poller?.condition, 'service_healthy');
  assert.equal(dependsOn['spotify-sim']?.condition, 'service_healthy');
  const pollerPort = environmentOf(service('poller')).get('HTTP_PORT');
  assert.equal(environmentOf(s).get('SIM_LINK_POLLER_URL'), `http://poller:${pollerPort}`);
});
