// The import rules of the repository, checked by `pnpm lint` (dependency-cruiser): the picture drawn in
// ARCHITECTURE.md, enforced. The server's layers import downwards only:
//   entry-points -> http -> features | admin | jobs -> tokens | records | db | mail | errors | config | rate-limit | money | logging
// (tests/ holds the server's cross-cutting test suites and their helpers, beside the layers, not one of them)
// and the packages import along contract -> server | client | mocks, never back.
const SERVER = '^packages/server/src/';
const LOWER = `${SERVER}(tokens|records|blobs|db|mail|errors|config|rate-limit|money|logging|metrics|tracing)/`;
const USE_CASES = `${SERVER}(features|admin|jobs)/`;
const TESTS = '(\\.test\\.ts|\\.test-d\\.ts|/test-support/|/testing/|^packages/server/src/tests/)';
// A workspace package, as a resolved path (built: its dist) or as the bare name (not built yet).
const pkg = (names) => `@portal/(${names})|(packages|tooling)/(${names})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle means two modules are one concept split in two, or one of them is in the wrong layer.',
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'server-http-below-entry-points',
      severity: 'error',
      comment: 'The HTTP edge is composed by the entry points; it never reaches back up to them.',
      from: { path: `${SERVER}http/`, pathNot: TESTS },
      to: { path: `${SERVER}(entry-points|testing)/` },
    },
    {
      name: 'server-use-cases-below-http',
      severity: 'error',
      comment: 'Use cases know nothing of HTTP or of the processes that run them: they throw ProblemErrors.',
      from: { path: USE_CASES, pathNot: TESTS },
      to: { path: `${SERVER}(http|entry-points|testing)/` },
    },
    {
      name: 'server-foundations-at-the-bottom',
      severity: 'error',
      comment:
        'auth, db, mail, errors, config and the other foundations are used by the layers above, never the reverse.',
      from: { path: LOWER, pathNot: TESTS },
      to: { path: `${SERVER}(features|admin|jobs|http|entry-points|testing)/` },
    },
    {
      name: 'server-production-code-not-on-tests',
      severity: 'error',
      comment: 'tests/ holds the test suites and their helpers; nothing that ships may need them.',
      from: { path: SERVER, pathNot: TESTS },
      to: { path: `${SERVER}tests/` },
    },
    {
      name: 'server-features-stand-apart',
      severity: 'error',
      comment:
        'A feature never imports another: what two features share (the record states, tokens) lives in a layer below both.',
      from: { path: `${SERVER}features/([^/]+)/`, pathNot: TESTS },
      to: { path: `${SERVER}features/`, pathNot: `${SERVER}features/$1/` },
    },
    {
      name: 'contract-is-the-hub',
      severity: 'error',
      comment: 'Everything follows from the contract; the contract follows from the YAML alone.',
      from: { path: '^packages/contract/' },
      to: { path: `^(${pkg('server|client|mocks|test-kit')}|examples/|bench/)` },
    },
    {
      name: 'sdk-and-mocks-stand-alone',
      severity: 'error',
      comment:
        "The published packages ship on their own: only their tests may start the real server. The server's demo data is data the mocks' build inlines.",
      from: { path: '^packages/(client|mocks|react)/src/', pathNot: TESTS },
      to: { path: `^(${pkg('server|test-kit')})`, pathNot: '^packages/server/demo/demo\\.json$' },
    },
    {
      name: 'test-kit-below-its-users',
      severity: 'error',
      comment:
        'The server, the SDK and the mocks devDepend on the test kit: it depending on them would be a cycle.',
      from: { path: '^tooling/test-kit/' },
      to: { path: `^(${pkg('server|client|mocks')}|examples/|bench/)` },
    },
    {
      name: 'server-build-not-on-test-kit',
      severity: 'error',
      comment:
        'The test kit is TypeScript that is never built: what the server builds (its testing entry included) cannot load it.',
      from: { path: SERVER, pathNot: '(\\.test\\.ts|\\.test-d\\.ts|^packages/server/src/tests/)' },
      to: { path: `^(${pkg('test-kit')})` },
    },
    {
      name: 'sdk-not-on-mocks',
      severity: 'error',
      from: { path: '^packages/client/src/', pathNot: TESTS },
      to: { path: `^(${pkg('mocks')})` },
    },
  ],
  options: {
    // Workspace packages resolve (through node_modules links) to their dist: seen, not followed.
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    exclude: { path: '(^|/)generated/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      mainFields: ['types', 'module', 'main'],
    },
    combinedDependencies: true,
  },
};
