/**
 * `npm run bench`: builds a 20,000-article publication in a temp dir, loads its pages with
 * autocannon, counts SQL per page and reports memory; then imports a generated WordPress export of
 * 100,000 posts and 500,000 comments with `broadsheet import`. See bench/README.md.
 * Between them, the served part: `broadsheet serve` in its own process under wrk beside a bare
 * node:http server (bench/served.ts).
 * `npm run bench -- --only pages` (or `--only served`, `--only import`, `--only search`, `--only media`) runs one part; the soak
 * (bench/soak.ts, over two minutes) runs only when asked for: `npm run bench -- --only soak`.
 * `npm run bench -- --update-baseline` also saves this run as bench/baseline.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadConfig } from '../src/config.ts';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';
import { buildApp } from '../src/http/app.ts';
import { generatePublication, SHAPE, signInAdministrator } from './generate.ts';
import { benchImport } from './import-bench.ts';
import { LOAD, loadRoutes, mb, trackInFlight, watchMemory } from './load.ts';
import { countQueries } from './queries.ts';
import { compareWithBaseline, printResults, writeJson, type BenchResults, type GrowthCheck, type PageBenchResults } from './report.ts';
import { chooseRoutes } from './routes.ts';
import { benchSearch } from './search.ts';
import { benchSoak, printSoak } from './soak.ts';
import { benchServed } from './served.ts';
import { printServed } from './served-report.ts';
import { benchMedia } from './media.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const LATEST = path.join(BENCH_DIR, 'results', 'latest.json');
const BASELINE = path.join(BENCH_DIR, 'baseline.json');
/** Heap figures are taken after a full collection, so they measure what is live, not GC timing. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const liveHeapMb = () => {
  collectGarbage();
  return mb(process.memoryUsage().heapUsed);
};

/** Above this p95 a page gets a WARNING line (the project's page-speed target). */
const P95_TARGET_MS = 50;

const PARTS = ['pages', 'served', 'import', 'search', 'media', 'soak'] as const;
type Part = (typeof PARTS)[number];

interface PartOutcome<T> {
  readonly results: T;
  readonly warnings: string[];
  readonly failures: string[];
}

const USAGE =
  'Usage: npm run bench -- [--only pages | --only served | --only import | --only search | --only media | --only soak] [--update-baseline]';

/** The command line's options, or what is wrong with it. */
function parseOptions(): { only: Part | undefined; updateBaseline: boolean } | string {
  let values;
  try {
    ({ values } = parseArgs({ options: { only: { type: 'string' }, 'update-baseline': { type: 'boolean', default: false } } }));
  } catch (error) {
    return (error as Error).message;
  }
  const only = values.only as Part | undefined;
  if (only !== undefined && !PARTS.includes(only)) return `--only takes ${PARTS.join(' or ')}, not "${only}"`;
  // A baseline is compared metric by metric: one that lacks a part would hide that part's regressions.
  if (only && values['update-baseline']) return '--update-baseline needs the whole run: leave out --only';
  return { only, updateBaseline: values['update-baseline'] };
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (typeof options === 'string') {
    console.error(`${options}\n${USAGE}`);
    return 2;
  }
  const { only } = options;
  const started = performance.now();
  const startedAt = new Date();
  const pages = only === undefined || only === 'pages' ? await benchPages(startedAt) : undefined;
  const served = only === undefined || only === 'served' ? await benchServed() : undefined;
  const imported = only === undefined || only === 'import' ? await benchImport() : undefined;
  const searched = only === undefined || only === 'search' ? await benchSearch() : undefined;
  const media = only === undefined || only === 'media' ? await benchMedia() : undefined;
  const soaked = only === 'soak' ? await benchSoak() : undefined;
  const warnings = [
    ...(pages?.warnings ?? []),
    ...(served?.warnings ?? []),
    ...(imported?.warnings ?? []),
    ...(searched?.warnings ?? []),
    ...(media?.warnings ?? []),
    ...(soaked?.warnings ?? []),
  ];
  const failures = [
    ...(pages?.failures ?? []),
    ...(served?.failures ?? []),
    ...(imported?.failures ?? []),
    ...(searched?.failures ?? []),
    ...(media?.failures ?? []),
    ...(soaked?.failures ?? []),
  ];
  const results: BenchResults = {
    version: 1,
    startedAt: startedAt.toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' },
    ...pages?.results,
    ...(served ? { served: served.results } : {}),
    import: imported?.results,
    ...(searched ? { search: searched.results } : {}),
    ...(media ? { media: media.results } : {}),
    ...(soaked ? { soak: soaked.results } : {}),
    warnings,
    failures,
    totalSeconds: Math.round(performance.now() - started) / 1000,
  };
  printResults(results);
  if (served) printServed(served.results);
  if (soaked) printSoak(soaked.results);
  const changes = compareWithBaseline(results, BASELINE);
  writeJson(LATEST, { ...results, changesFromBaseline: changes });
  console.log(`\nFull results: ${path.relative(process.cwd(), LATEST)}`);
  if (options.updateBaseline) {
    writeJson(BASELINE, results);
    console.log(`Baseline updated: ${path.relative(process.cwd(), BASELINE)}`);
  }
  for (const warning of warnings) console.log(`WARNING: ${warning}`);
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

async function benchPages(startedAt: Date): Promise<PartOutcome<PageBenchResults>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-'));
  // Ctrl-C should not leave 300 MB behind in /tmp.
  const onInterrupt = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' });
    runtime = await openRuntime(config);

    console.log(`Generating ${SHAPE.articles.toLocaleString('en')} articles in ${dir} …`);
    const genStart = performance.now();
    const phasesMs = await generatePublication(runtime, startedAt);
    const generationMs = Math.round(performance.now() - genStart);
    const rows: Record<string, number> = {};
    for (const table of ['articles', 'article_tags', 'comments', 'tags', 'authors'] as const) {
      const { n } = await runtime.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      rows[table] = Number(n);
    }
    const dbSizeMb = mb(fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0));
    console.log(`  done in ${(generationMs / 1000).toFixed(1)} s (${JSON.stringify(phasesMs)})`);
    const heapAfterGeneration = liveHeapMb();

    const routes = await chooseRoutes(runtime.db, await signInAdministrator(runtime));
    console.log('Counting queries per page …');
    const queries = await countQueries(config, [...routes.load, ...routes.growthPairs.map(([, few]) => few)]);
    const queriesOf = new Map(queries.map((q) => [q.route, q]));
    const growth: GrowthCheck[] = routes.growthPairs.map(([many, few]) => {
      const m = queriesOf.get(many.name)!;
      const f = queriesOf.get(few.name)!;
      return {
        many: many.name,
        few: few.name,
        manyItems: many.items ?? 0,
        fewItems: few.items ?? 0,
        manyQueries: m.queries,
        fewQueries: f.queries,
        ok: m.queries === f.queries,
      };
    });

    const app = await buildApp({ deps: runtime.deps, config });
    const server = trackInFlight(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    console.log(`Loading pages on http://127.0.0.1:${port} …`);
    const serving = await watchMemory(() => loadRoutes(`http://127.0.0.1:${port}`, routes.load, server)).finally(() => app.close());
    const heapAfterRuns = liveHeapMb();
    const after = process.memoryUsage();
    const memory = {
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      servingPeakRssMb: serving.peakRssMb,
      servingPeakHeapUsedMb: serving.peakHeapUsedMb,
      heapUsedAfterGenerationMb: heapAfterGeneration,
      heapUsedAfterRunsMb: heapAfterRuns,
      rssAfterRunsMb: mb(after.rss),
    };

    const failures: string[] = [];
    const warnings: string[] = [];
    for (const q of queries) {
      if (q.status !== q.expect) failures.push(`${q.route} (${q.path}) answered ${q.status} to a single request, expected ${q.expect}`);
    }
    for (const r of serving.value) {
      if (r.wrongStatus > 0)
        failures.push(
          `${r.route} (${r.path}) answered ${r.wrongStatus} requests with a status other than ${r.expect}: ${JSON.stringify(r.statusCounts)}`,
        );
      if (r.errors > 0) failures.push(`${r.route} (${r.path}) had ${r.errors} connection errors (${r.timeouts} timeouts)`);
      if (r.requests === 0) failures.push(`${r.route} (${r.path}) got no responses at all`);
      if (r.latency.p95 > P95_TARGET_MS)
        warnings.push(`${r.route} (${r.path}) p95 is ${r.latency.p95} ms, over the ${P95_TARGET_MS} ms target`);
    }
    for (const g of growth.filter((check) => !check.ok)) {
      warnings.push(
        `${g.many} runs ${g.manyQueries} queries for ${g.manyItems} items but ${g.few} runs ${g.fewQueries} for ${g.fewItems}: a query per item?`,
      );
    }

    const results: PageBenchResults = {
      shape: SHAPE,
      generation: { totalMs: generationMs, phasesMs, dbSizeMb, rows },
      load: { ...LOAD, routes: serving.value },
      queries,
      growth,
      memory,
    };
    return { results, warnings, failures };
  } finally {
    process.off('SIGINT', onInterrupt);
    await runtime?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('FAILED: the benchmark run itself failed');
    console.error(error);
    process.exitCode = 1;
  },
);
