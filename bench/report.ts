import fs from 'node:fs';
import path from 'node:path';
import { printImportResults, type ImportBenchResults } from './import-bench.ts';
import type { LoadResult } from './load.ts';
import type { SoakResults } from './soak.ts';
import type { MediaResults } from './media.ts';
import type { ServedResults } from './served-report.ts';
import type { QueryCount } from './queries.ts';

export interface GrowthCheck {
  readonly many: string;
  readonly few: string;
  readonly manyItems: number;
  readonly fewItems: number;
  readonly manyQueries: number;
  readonly fewQueries: number;
  readonly ok: boolean;
}

/** The page part of a run; its fields sit at the top level of latest.json, where older baselines have them. */
export interface PageBenchResults {
  readonly shape: Record<string, unknown>;
  readonly generation: {
    readonly totalMs: number;
    readonly phasesMs: Record<string, number>;
    readonly dbSizeMb: number;
    readonly rows: Record<string, number>;
  };
  readonly load: { readonly connections: number; readonly warmupSeconds: number; readonly seconds: number; readonly routes: LoadResult[] };
  readonly queries: QueryCount[];
  readonly growth: GrowthCheck[];
  readonly memory: Record<string, number>;
}

/** A run's results: `--only import` leaves the page part out, `--only pages` the import part. */
export interface BenchResults extends Partial<PageBenchResults> {
  readonly version: 1;
  readonly startedAt: string;
  readonly machine: { readonly node: string; readonly cpus: number; readonly cpuModel: string };
  readonly import?: ImportBenchResults;
  readonly served?: ServedResults;
  readonly soak?: SoakResults;
  readonly media?: MediaResults;
  readonly warnings: string[];
  readonly failures: string[];
  readonly totalSeconds: number;
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

const hasPages = (results: BenchResults): results is BenchResults & PageBenchResults => results.load !== undefined;

export function printResults(results: BenchResults): void {
  if (hasPages(results)) printPageResults(results);
  if (results.import) printImportResults(results.import);
  console.log(`Whole run: ${results.totalSeconds.toFixed(1)} s`);
}

function printPageResults(results: PageBenchResults): void {
  const queriesOf = new Map(results.queries.map((q) => [q.route, q.queries]));
  console.log(
    '\nPages under load (%d connections, %d s each after a %d s warm-up)',
    results.load.connections,
    results.load.seconds,
    results.load.warmupSeconds,
  );
  console.log(
    `${'route'.padEnd(16)}${pad('req/s', 8)}${pad('reqs', 7)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('non-2xx', 9)}${pad('wrong', 7)}${pad('queries', 9)}  path`,
  );
  for (const r of results.load.routes) {
    const l = r.latency;
    console.log(
      `${r.route.padEnd(16)}${pad(r.requestsPerSecond, 8)}${pad(r.requests, 7)}${pad(l.p50.toFixed(2), 9)}${pad(l.p95.toFixed(2), 9)}${pad(l.p99.toFixed(2), 9)}` +
        `${pad(r.non2xx, 9)}${pad(r.wrongStatus, 7)}${pad(queriesOf.get(r.route) ?? '?', 9)}  ${r.path}`,
    );
  }
  console.log('\nQueries per page (one render each)');
  for (const q of results.queries)
    console.log(
      `  ${q.route.padEnd(20)}${pad(q.queries, 3)} queries  status ${q.status}${q.items === undefined ? '' : `  (${q.items} items)`}`,
    );
  for (const g of results.growth) {
    console.log(
      `  ${g.ok ? 'ok  ' : 'GROWS'} ${g.many} (${g.manyItems} items): ${g.manyQueries} vs ${g.few} (${g.fewItems} items): ${g.fewQueries}`,
    );
  }
  const gen = results.generation;
  console.log(
    `\nGeneration: ${(gen.totalMs / 1000).toFixed(1)} s (${Object.entries(gen.phasesMs)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(', ')})`,
  );
  console.log(
    `  rows: ${Object.entries(gen.rows)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; database ${gen.dbSizeMb} MB`,
  );
  console.log(
    `Memory: ${Object.entries(results.memory)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}

/** Flattens the results into named numbers; `higherIsBetter` marks throughput. */
function metrics(results: BenchResults): Map<string, { value: number; higherIsBetter: boolean }> {
  const out = new Map<string, { value: number; higherIsBetter: boolean }>();
  const put = (name: string, value: number, higherIsBetter = false) => out.set(name, { value, higherIsBetter });
  if (hasPages(results)) {
    put('generation.totalMs', results.generation.totalMs);
    for (const r of results.load.routes) {
      put(`${r.route}.req/s`, r.requestsPerSecond, true);
      put(`${r.route}.p50`, r.latency.p50);
      put(`${r.route}.p95`, r.latency.p95);
      put(`${r.route}.p99`, r.latency.p99);
    }
    for (const q of results.queries) put(`${q.route}.queries`, q.queries);
    for (const [k, v] of Object.entries(results.memory)) put(`memory.${k}`, v);
  }
  const imported = results.import;
  if (imported) {
    put('import.seconds', imported.first.seconds);
    put('import.posts/s', imported.postsPerSecond, true);
    put('import.comments/s', imported.commentsPerSecond, true);
    if (imported.first.peakRssMb !== null) put('import.peakRssMb', imported.first.peakRssMb);
    put('import.rerunSeconds', imported.rerun.seconds);
    if (imported.rerun.peakRssMb !== null) put('import.rerunPeakRssMb', imported.rerun.peakRssMb);
    put('import.databaseMb', imported.databaseMb);
  }
  return out;
}

/** Prints each metric against the baseline; changes within the machine's ±10 % noise are not flagged. */
export function compareWithBaseline(results: BenchResults, baselineFile: string): Record<string, number> | null {
  if (!fs.existsSync(baselineFile)) {
    console.log(`\nNo baseline at ${baselineFile}; copy bench/results/latest.json there to make one.`);
    return null;
  }
  const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as BenchResults;
  const before = metrics(baseline);
  const changes: Record<string, number> = {};
  let compared = 0;
  console.log(`\nAgainst the baseline of ${baseline.startedAt} (noise is about ±10 %)`);
  console.log(`${'metric'.padEnd(34)}${pad('baseline', 10)}${pad('latest', 10)}${pad('change', 9)}`);
  for (const [name, now] of metrics(results)) {
    const then = before.get(name);
    if (!then) continue;
    const change = then.value === 0 ? (now.value === 0 ? 0 : Infinity) : ((now.value - then.value) / then.value) * 100;
    changes[name] = Math.round(change * 10) / 10;
    compared++;
    const worse = now.higherIsBetter ? change < -10 : change > 10;
    const better = now.higherIsBetter ? change > 10 : change < -10;
    const sign = change > 0 ? '+' : '';
    console.log(
      `${name.padEnd(34)}${pad(then.value, 10)}${pad(now.value, 10)}${pad(`${sign}${change.toFixed(1)}%`, 9)}${worse ? '  worse' : better ? '  better' : ''}`,
    );
  }
  if (compared === 0) console.log('  (the baseline has none of this run’s metrics: run the whole bench with --update-baseline)');
  return changes;
}

export function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
