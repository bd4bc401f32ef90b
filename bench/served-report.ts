/** The `served` part's figures, the targets beside them, and its table. */
import type { LoadFigures } from './wrk.ts';

/** A bare run, then the page's run right after it. */
export interface ServedRound {
  readonly figures: LoadFigures;
  readonly bare: { readonly figures: LoadFigures; readonly peakRssMb: number };
}

export interface ServedRow extends ServedRound {
  readonly name: string;
  /** 'on': the server with the default page cache; 'off': PAGE_CACHE_MB=0. */
  readonly cache: 'on' | 'off';
  /** The Broadsheet server's highest RSS during the measured runs, MB. */
  readonly peakRssMb: number;
  /** Every round, in the order run; the row's own figures and bare run are the median round's. */
  readonly rounds: readonly ServedRound[];
  /** Answers not 2xx/3xx, timeouts and socket errors, over every round. */
  readonly errors: number;
}

export interface ServedResults {
  readonly shape: Record<string, number>;
  readonly generator: 'wrk' | 'autocannon';
  readonly articleBytes: number;
  /** The article page's X-Cache header on its first request (null while there is no page cache). */
  readonly articleCacheHeader: string | null;
  readonly firstAnswerMs: number;
  /** Both Broadsheet servers' highest RSS over the whole part, MB. */
  readonly peakRssMb: number;
  readonly bareLifePeakRssMb: number;
  readonly rows: ServedRow[];
  readonly comments: { readonly durable: number; readonly perSecond: number; readonly row: string };
  readonly pages: Record<string, string>;
  readonly loadAverage: number[];
}

export interface TargetCheck {
  readonly label: string;
  readonly value: string;
  readonly target: string;
  readonly pass: boolean;
  /** The table row it belongs beside, if any. */
  readonly row?: ServedRow;
}

/** A page's requests a second over the bare run's just before it. */
export const pairRatio = (round: ServedRound) =>
  round.bare.figures.requestsPerSecond === 0
    ? 0
    : Math.round((round.figures.requestsPerSecond / round.bare.figures.requestsPerSecond) * 1000) / 1000;

export const ratioOf = (row: ServedRow) => pairRatio(row);

const errorsOf = (f: LoadFigures) => f.badStatus + f.timeouts + f.socketErrors;

/** A page's row from its rounds: the figures of the round whose ratio is the median (the lower of two). */
export function rowOf(name: string, cache: 'on' | 'off', rounds: readonly ServedRound[], peakRssMb: number): ServedRow {
  const byRatio = [...rounds].sort((a, b) => pairRatio(a) - pairRatio(b));
  const median = byRatio[Math.floor((byRatio.length - 1) / 2)]!;
  const errors = rounds.reduce((sum, round) => sum + errorsOf(round.figures), 0);
  return { name, cache, figures: median.figures, bare: median.bare, peakRssMb, rounds, errors };
}

/** The targets, each with this run's figure. */
export function checkTargets(results: ServedResults): TargetCheck[] {
  const find = (name: string, cache: 'on' | 'off') => results.rows.find((r) => r.name === name && r.cache === cache);
  const checks: TargetCheck[] = [];
  const atLeast = (name: string, cache: 'on' | 'off', min: number) => {
    const row = find(name, cache);
    if (row)
      checks.push({
        label: `${name} (cache ${cache}) ratio`,
        value: ratioOf(row).toFixed(3),
        target: `≥ ${min}`,
        pass: ratioOf(row) >= min,
        row,
      });
  };
  atLeast('article', 'on', 0.7);
  const cached = find('article', 'on');
  if (cached) {
    const { p50Ms, p99Ms } = cached.figures;
    checks.push({
      label: 'article (cache on) p99/p50',
      value: (p99Ms / p50Ms).toFixed(1),
      target: '≤ 5',
      pass: p99Ms <= 5 * p50Ms,
      row: cached,
    });
  }
  atLeast('article', 'off', 0.1);
  atLeast('home', 'off', 0.05);
  atLeast('tag', 'off', 0.05);
  if (find('comments', 'on'))
    checks.push({
      label: 'durable comments/s',
      value: String(results.comments.perSecond),
      target: '≥ 1000',
      pass: results.comments.perSecond >= 1000,
    });
  checks.push({ label: 'peak server RSS', value: `${results.peakRssMb} MB`, target: '< 200 MB', pass: results.peakRssMb < 200 });
  checks.push({
    label: 'first answer after start',
    value: `${results.firstAnswerMs} ms`,
    target: '< 1000 ms',
    pass: results.firstAnswerMs < 1000,
  });
  return checks;
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

export function printServed(results: ServedResults): void {
  const checks = checkTargets(results);
  console.log(
    `\nServed by \`broadsheet serve\` (its own process) beside bare node:http with the article's ${results.articleBytes} bytes; ` +
      `${results.generator}, ${results.shape.connections} connections, ${results.shape.rounds} rounds of a bare run then the page's, ${results.shape.seconds} s a run; load average after ${results.loadAverage.join(' ')}`,
  );
  console.log(
    `| page | cache | req/s | p50 ms | p99 ms | errors | peak RSS MB | bare req/s | ratio | each round's ratio | target |\n|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|`,
  );
  for (const row of results.rows) {
    const f = row.figures;
    const verdicts = checks
      .filter((c) => c.row === row)
      .map((c) => `${c.label.split(') ')[1] ?? c.label} ${c.target} ${c.pass ? 'PASS' : 'FAIL'}`)
      .join('; ');
    console.log(
      `| ${row.name} | ${row.cache} |${pad(f.requestsPerSecond, 9)} |${pad(f.p50Ms, 8)} |${pad(f.p99Ms, 8)} |${pad(row.errors, 5)} |` +
        `${pad(row.peakRssMb, 6)} |${pad(row.bare.figures.requestsPerSecond, 9)} |${pad(ratioOf(row).toFixed(3), 6)} | ` +
        `${row.rounds.map((round) => pairRatio(round).toFixed(3)).join(' ')} | ${verdicts} |`,
    );
  }
  console.log('\n| target | figure | issue 13 | verdict |\n|---|--:|---|---|');
  for (const c of checks) console.log(`| ${c.label} | ${c.value} | ${c.target} | ${c.pass ? 'PASS' : 'FAIL'} |`);
  console.log(
    `\nDurable comments: ${results.comments.durable} rows committed in ${results.shape.rounds} runs of ${results.shape.seconds} s. ` +
      `Bare server peak RSS ${results.bareLifePeakRssMb} MB. Article page X-Cache: ${results.articleCacheHeader ?? 'none (no page cache)'}.`,
  );
}
