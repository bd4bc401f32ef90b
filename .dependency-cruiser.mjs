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
      // Everything outside src/domain, named or yet to come (mail adapters, formats, paths), is an outer ring.
      to: { path: ['^src/(?!domain/)', HTTP_PACKAGES, SQL_PACKAGES] },
    },
    {
      name: 'db-below-the-edge',
      comment: 'Storage implements the domain ports; it knows nothing of HTTP, views, the command line or file formats.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/(http|views|cli|import|export|demo|mail)/', HTTP_PACKAGES] },
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
      name: 'site-and-newsroom-apart',
      comment:
        'The reader site and the newsroom are two areas of http; what both need (params.ts, forms.ts, errors.ts) sits in src/http itself.',
      severity: 'error',
      from: { path: '^src/http/(site|admin)/' },
      to: { path: '^src/http/(site|admin)/', pathNot: '^src/http/$1/' },
    },
    {
      name: 'formats-through-use-cases',
      comment: 'Importers and exporters read and write files; storage and HTTP reach them only through the domain.',
      severity: 'error',
      from: { path: '^src/(import|export)/' },
      to: { path: ['^src/(db|http|views|cli)/', HTTP_PACKAGES, SQL_PACKAGES] },
    },
    {
      name: 'import-and-export-apart',
      comment: 'Importers and exporters share the Broadsheet format and XML escaping through src/formats, not through each other.',
      severity: 'error',
      from: { path: '^src/(import|export)/' },
      to: { path: '^src/(import|export)/', pathNot: '^src/$1/' },
    },
    {
      name: 'views-not-formats-code',
      comment: 'Feeds escape XML through src/formats, which the exporter also uses, not through the exporter or the importers.',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: ['^src/(export|import)/', '^src/config\\.ts$'] },
    },
    {
      name: 'cli-not-views',
      comment:
        'The command line builds URLs with the neutral URL module, not with the views. The one exception is the wiring: ' +
        "runtime.ts hands the use cases the views' body figures, which bodies are rendered with when they are saved.",
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/views/', pathNot: '^src/views/body-figure\\.tsx$' },
    },
    {
      name: 'neutral-modules-stay-neutral',
      comment:
        "src/formats (XML, the export format's identity) and src/paths (URLs) are shared by every outer layer, so they may " +
        "import nothing of those layers: formats nothing of src at all, paths only the domain's types.",
      severity: 'error',
      from: { path: '^src/(formats|paths)/' },
      to: { path: '^src/(http|db|views|cli|import|export|demo)/' },
    },
  ],
  options: {
    // node_modules stays in the graph as leaves (doNotFollow), so the package rules above can see fastify and kysely.
    exclude: { path: '^(dist|data|coverage|bench/results)/' },
    doNotFollow: { path: 'node_modules' },
    // `import type` ties modules together as much as a value import does: count it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
