// The import rules of Broadsheet's layers, checked by `npm run lint` (dependency-cruiser).
// docs/architecture.md explains the layers; the eslint no-restricted-imports fences say the same
// thing file by file, this checks the whole graph (cycles included, type-only imports included).

/** Packages that belong to one outer layer only. */
const HTTP_PACKAGES = '(^|/)node_modules/(fastify|@fastify/[^/]+)/';
const SQL_PACKAGES = '(^|/)node_modules/(kysely|better-sqlite3|pg)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Modules import each other one way only; type-only imports count, since they tie the modules just the same.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stays-inside',
      comment:
        'The domain holds the rules and use cases and knows nothing of HTTP, SQL, views, the command line or file formats: ' +
        'it names what it needs in its ports (<room>/ports.ts) and src/db implements them.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(http|db|views|cli|import|export|demo)/', '^src/config\\.ts$', HTTP_PACKAGES, SQL_PACKAGES] },
    },
    {
      name: 'db-below-the-edge',
      comment: 'Storage implements the domain ports; it knows nothing of HTTP, views, the command line or file formats.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/(http|views|cli|import|export|demo)/', HTTP_PACKAGES] },
    },
    {
      name: 'dialect-in-its-folder',
      comment: 'SQLite-only code (better-sqlite3, FTS5, bulk statements) lives in src/db/sqlite, so another dialect can sit beside it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/sqlite/' },
      to: { path: '(^|/)node_modules/better-sqlite3/' },
    },
    {
      name: 'views-render-only',
      comment: 'Views render the data they are given; they do not fetch it, route or run commands.',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: ['^src/(db|http|cli)/', HTTP_PACKAGES, SQL_PACKAGES] },
    },
    {
      name: 'http-through-use-cases',
      comment:
        'Routes call use cases with the Deps they are given; they never open the database or reach a repository directly. ' +
        'The wiring (open the database, create the store, build the app) is in src/cli/runtime.ts and src/cli/serve.ts.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/(db|cli)/', SQL_PACKAGES] },
    },
    {
      name: 'formats-through-use-cases',
      comment: 'Importers and exporters read and write files; storage and HTTP reach them only through the domain.',
      severity: 'error',
      from: { path: '^src/(import|export)/' },
      to: { path: ['^src/(db|http|views|cli)/', HTTP_PACKAGES, SQL_PACKAGES] },
    },
    {
      // enable when the homes branch lands
      name: 'import-not-export',
      comment: 'Importers share the Broadsheet format with the exporter through a neutral module, not by importing the exporter.',
      severity: 'ignore',
      from: { path: '^src/import/' },
      to: { path: '^src/export/' },
    },
    {
      // enable when the homes branch lands
      name: 'views-not-export',
      comment: 'Feeds escape XML through the neutral module the exporter also uses, not through the exporter.',
      severity: 'ignore',
      from: { path: '^src/views/' },
      to: { path: '^src/export/' },
    },
    {
      // enable when the homes branch lands
      name: 'cli-not-views',
      comment: 'The command line builds URLs with the neutral URL module, not with the views.',
      severity: 'ignore',
      from: { path: '^src/cli/' },
      to: { path: '^src/views/' },
    },
  ],
  options: {
    includeOnly: '^(src|test|bench|scripts)/',
    doNotFollow: { path: 'node_modules' },
    // `import type` ties modules together as much as a value import does: count it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
