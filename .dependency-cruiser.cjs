// The import graph as a rule (docs/architecture.md): `npm test` runs `depcruise` with this file and
// fails on any arrow not allowed here. Paths are the resolved files, so a workspace package imported
// by name (`@spotify-pipeline/poller`) counts as the folder it lives in.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contracts-are-a-leaf',
      comment:
        'schemas/avro holds the agreements between programs; it must not depend on any of them (only on npm packages and node).',
      severity: 'error',
      from: { path: '^schemas/avro/' },
      to: { path: '^(packages|services|tools|tests)/' },
    },
    {
      name: 'runtime-above-contracts-only',
      comment:
        "packages/runtime is what every program shares: it may use the contracts, nothing above it (its tests also the test support).",
      severity: 'error',
      from: { path: '^packages/runtime/' },
      to: {
        path: '^(packages/(?!runtime/)|services/|tools/|tests/)',
        pathNot: '^packages/test-support/',
      },
    },
    {
      name: 'test-support-in-tests-only',
      comment: 'The test support (environment, unique names, Redis prefixes) serves tests and test fixtures, never a program.',
      severity: 'error',
      from: { path: '^(packages|schemas|services|tools)/', pathNot: '(\\.test\\.ts$|/testing/|/test-support)' },
      to: { path: '^packages/test-support/' },
    },
    {
      name: 'packages-below-services',
      comment: 'Shared packages must not reach up into a service or a tool.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(services|tools|tests)/' },
    },
    {
      name: 'no-service-to-service',
      comment:
        'Services talk through Kafka topics and the contracts, never by importing each other; what they share lives in packages/ or schemas/.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'sink-without-spotify',
      comment: 'The sink writes Kafka into the warehouse; it has no business with the Spotify API.',
      severity: 'error',
      from: { path: '^services/sink/' },
      to: { path: '^packages/spotify-client/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.cache|dist|\\.turbo)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
