/**
 * `npm run bench -- --only served`: the real server (`broadsheet serve`, a process of its own) on
 * the generated publication, side by side with a bare node:http server returning the exact bytes
 * of its article page from memory. Each page's run comes right after a bare run, so each ratio
 * compares two runs a few seconds apart on the same noisy machine. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { buildAsInstalled } from './import-run.ts';
import { prepareServedSite, type ServedSite } from './served-site.ts';
import { startBare, startBroadsheet, type ServerUnderTest } from './served-process.ts';
import { checkTargets, pairRatio, rowOf, type ServedResults, type ServedRound, type ServedRow } from './served-report.ts';
import { hiddenInputs } from './soak.ts';
import { runLoad, type LoadJob } from './wrk.ts';

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const SERVED = {
  connections: 50,
  /** Each measured run; SERVED_SECONDS shortens it for a trial. */
  seconds: seconds('SERVED_SECONDS', 5),
  warmupSeconds: seconds('SERVED_WARMUP_SECONDS', 3),
  /**
   * Bare run, then the page's, this many times over: a page's figures are those of the pair whose
   * ratio is the median. The machine's speed moves by half from one ten seconds to the next, and a
   * single pair's ratio moved with it; the median of three alternating pairs moves far less.
   */
  rounds: seconds('SERVED_ROUNDS', 3),
  /** The spam checks refuse a form sent sooner than 3 s after it was rendered (spam/settings.ts). */
  formAgeMs: 4_000,
};

/** SERVED_PAGES=article,home,comments (names as in the table) measures only those, for a trial. */
const onlyPages = process.env['SERVED_PAGES']?.split(',').map((name) => name.trim());
const measured = (name: string) => onlyPages === undefined || onlyPages.includes(name);

export async function benchServed(): Promise<{ results: ServedResults; warnings: string[]; failures: string[] }> {
  buildAsInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-served-'));
  const servers: ServerUnderTest[] = [];
  try {
    console.log(`Served: generating the publication in ${dir} …`);
    const site = await prepareServedSite(dir, new Date());
    console.log(`  done in ${(site.generationMs / 1000).toFixed(1)} s`);

    // The first start on the generated publication is the one timed for the first answer.
    const cached = await startBroadsheet(dir);
    servers.push(cached);
    const uncached = await startBroadsheet(dir, { PAGE_CACHE_MB: '0' });
    servers.push(uncached);
    const article = await fetch(cached.url + site.pages.article);
    const pageFile = path.join(dir, 'article.html');
    fs.writeFileSync(pageFile, Buffer.from(await article.arrayBuffer()));
    const cacheHeader = article.headers.get('x-cache');
    const bare = await startBare(pageFile);
    servers.push(bare);
    console.log(
      `  first answer ${cached.firstAnswerMs} ms after start; the article page is ${fs.statSync(pageFile).size} bytes ` +
        `(X-Cache: ${cacheHeader ?? 'none'}); ${SERVED.connections} connections, ${SERVED.seconds} s a run after ${SERVED.warmupSeconds} s of warm-up`,
    );

    const rows: ServedRow[] = [];
    const measure: Measure = async (name, server, job, cache, around) => {
      const rounds: ServedRound[] = [];
      let peakRssMb = 0;
      for (let round = 0; round < SERVED.rounds; round += 1) {
        const bareRun = await measureBare(bare);
        const warmup = round === 0 ? SERVED.warmupSeconds : 1;
        if (warmup > 0) await runLoad({ ...job, connections: SERVED.connections, seconds: warmup });
        await settle(server);
        await around?.before();
        server.takePeakRssMb();
        const figures = await runLoad({ ...job, connections: SERVED.connections, seconds: SERVED.seconds });
        await around?.after();
        peakRssMb = Math.max(peakRssMb, server.takePeakRssMb());
        rounds.push({ figures, bare: bareRun });
      }
      const row = rowOf(name, cache, rounds, peakRssMb);
      rows.push(row);
      console.log(
        `  ${name.padEnd(14)} cache ${cache.padEnd(3)} ${String(row.figures.requestsPerSecond).padStart(9)} req/s  p50 ${row.figures.p50Ms} ms  ` +
          `p99 ${row.figures.p99Ms} ms  (bare ${row.bare.figures.requestsPerSecond} req/s; ratios ${rounds.map((r) => pairRatio(r).toFixed(3)).join(', ')})`,
      );
      return row;
    };

    const { article5000, ...pages } = site.pages;
    for (const [name, pagePath] of Object.entries(pages)) {
      if (!measured(name)) continue;
      await measure(name, cached, { url: cached.url + pagePath }, 'on');
      await measure(name, uncached, { url: uncached.url + pagePath }, 'off');
    }
    const comments = measured('comments')
      ? await measureComments(cached, dir, site, measure)
      : { durable: 0, perSecond: 0, row: 'comments' };
    // Last: while comments render in full, its runs leave a backlog that takes long to drain.
    if (measured('article5000')) {
      await measure('article5000', cached, { url: cached.url + article5000 }, 'on');
      await measure('article5000', uncached, { url: uncached.url + article5000 }, 'off');
    }

    const results: ServedResults = {
      shape: SERVED,
      generator: rows[0]?.figures.generator ?? 'wrk',
      articleBytes: fs.statSync(pageFile).size,
      articleCacheHeader: cacheHeader,
      firstAnswerMs: cached.firstAnswerMs,
      peakRssMb: Math.max(cached.lifePeakRssMb(), uncached.lifePeakRssMb()),
      bareLifePeakRssMb: bare.lifePeakRssMb(),
      rows,
      comments,
      pages: site.pages,
      loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    };
    const failures = rows.flatMap((row) =>
      row.rounds.flatMap(({ figures: f }, index) => {
        const which = `served ${row.name} (cache ${row.cache}), round ${index + 1}`;
        if (f.requests === 0) return [`${which}: not one answer in ${SERVED.seconds} s`];
        return f.badStatus + f.timeouts + f.socketErrors > 0
          ? [`${which}: ${f.badStatus} answers not 2xx/3xx, ${f.timeouts} timeouts, ${f.socketErrors} socket errors`]
          : [];
      }),
    );
    if (measured('comments') && comments.durable === 0) failures.push('served comments: no comment was stored');
    const warnings = checkTargets(results)
      .filter((t) => !t.pass)
      .map((t) => `served: ${t.label} is ${t.value}, target ${t.target}`);
    return { results, warnings, failures };
  } finally {
    for (const server of servers) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One page's run, after the bare server's; `around` runs just before and after the measured part. */
type Measure = (
  name: string,
  server: ServerUnderTest,
  job: Omit<LoadJob, 'connections' | 'seconds'>,
  cache: 'on' | 'off',
  around?: { before(): Promise<void>; after(): Promise<void> },
) => Promise<ServedRow>;

async function measureBare(bare: ServerUnderTest) {
  await runLoad({ url: bare.url, connections: SERVED.connections, seconds: 1 });
  bare.takePeakRssMb();
  const figures = await runLoad({ url: bare.url, connections: SERVED.connections, seconds: SERVED.seconds });
  return { figures, peakRssMb: bare.takePeakRssMb() };
}

/**
 * Waits until the server has answered what the last run left in flight: wrk hangs up when its
 * time is over, but the server still renders every request it had read. A cheap page answers
 * only once that backlog is done (at most a minute).
 */
async function settle(server: ServerUnderTest): Promise<void> {
  await fetch(`${server.url}/robots.txt`, { signal: AbortSignal.timeout(60_000) }).then(
    (response) => response.arrayBuffer(),
    () => undefined,
  );
}

/**
 * Comment posting through the real form: the hidden inputs of the article's comment form (its
 * signed render time among them), kept past the spam checks' minimum, then posted by wrk with an
 * author, email, text and X-Forwarded-For address of its own per request. Durable comments are
 * the rows committed during the measured run, counted in the database once the server has
 * answered all it accepted.
 */
async function measureComments(
  server: ServerUnderTest,
  dir: string,
  site: ServedSite,
  measure: Measure,
): Promise<ServedResults['comments']> {
  const articleUrl = `${server.url}/articles/${encodeURIComponent(site.commentSlug)}`;
  const rendered = performance.now();
  const body = new URLSearchParams(hiddenInputs(await (await fetch(articleUrl)).text())).toString();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, SERVED.formAgeMs - (performance.now() - rendered))));
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' }));
  const count = async () => {
    const { n } = await runtime.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  try {
    let before = 0;
    let durable = 0;
    const row = await measure('comments', server, { url: `${articleUrl}/comments`, post: { body } }, 'on', {
      before: async () => void (before = await count()),
      after: async () => {
        await settle(server);
        durable += (await count()) - before;
      },
    });
    return { durable, perSecond: Math.round((durable / (SERVED.seconds * SERVED.rounds)) * 10) / 10, row: row.name };
  } finally {
    await runtime.close();
  }
}
