/**
 * `npm run bench -- --only soak`: the real server (`broadsheet serve`, its own process) on a copy
 * of the demo publication holds 500 reader connections over a mix of pages for two minutes while
 * a steady stream of readers post comments the way a person does, and its memory is sampled every
 * second. Then a bare node:http server takes the same readers, for comparison. See bench/README.md.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { loadDemo } from '../src/demo/load.ts';
import { paths } from '../src/paths/site.ts';
import type { CannonResult } from './cannon.ts';
import { ask, mb, startCannon } from './load.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** The soak's shape; the environment may shorten it for a trial run. */
export const SOAK = {
  connections: 500,
  seconds: seconds('SOAK_SECONDS', 120),
  baselineSeconds: seconds('SOAK_BASELINE_SECONDS', 30),
  /** A new commenter starts this often… */
  postEveryMs: 500,
  /** …reads the article, and takes this long to write before sending. */
  thinkSeconds: seconds('SOAK_THINK_SECONDS', 5),
  /** A reader's browser waits this long for a page; autocannon's own default is 10 s. */
  timeoutSeconds: 30,
};

export interface MemorySample {
  readonly second: number;
  readonly rssMb: number;
  readonly heapUsedMb: number | null;
}

export interface SoakResults {
  readonly shape: typeof SOAK;
  readonly load: { readonly cpus: number; readonly loadAverageBefore: number[]; readonly loadAverageAfter: number[] };
  readonly readers: CannonResult & { readonly paths: readonly string[] };
  readonly comments: {
    readonly posted: number;
    readonly statusCounts: Record<string, number>;
    readonly errors: number;
    readonly timeouts: number;
  };
  readonly memory: {
    readonly samples: MemorySample[];
    readonly startRssMb: number;
    readonly endRssMb: number;
    readonly maxRssMb: number;
    /** Least-squares slope of RSS over the second half of the run, after warm-up. */
    readonly rssSlopeMbPerMinute: number;
    readonly heapSlopeMbPerMinute: number | null;
  };
  readonly bare: CannonResult & { readonly maxRssMb: number };
}

export async function benchSoak(): Promise<{ results: SoakResults; warnings: string[]; failures: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-soak-'));
  const children: ChildProcess[] = [];
  try {
    console.log(`Soak: loading the demo publication into ${dir} …`);
    const { pagesToRead, articles } = await prepareSite(dir);
    const server = await startServer(dir, children);
    const loadAverageBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
    console.log(
      `Soak: ${SOAK.connections} readers for ${SOAK.seconds} s on ${server.url}, a commenter every ${SOAK.postEveryMs} ms (load average ${loadAverageBefore.join(' ')}) …`,
    );

    const worker = startCannon();
    const sampler = sampleMemory(server.process);
    const commenters = postComments(server.url, articles);
    let readers: CannonResult;
    try {
      readers = await ask(worker, {
        url: server.url,
        connections: SOAK.connections,
        seconds: SOAK.seconds,
        paths: pagesToRead,
        timeoutSeconds: SOAK.timeoutSeconds,
      });
    } finally {
      commenters.stop();
    }
    const samples = sampler.stop().slice(0, SOAK.seconds);
    const comments = await commenters.done;
    const loadAverageAfter = os.loadavg().map((n) => Math.round(n * 100) / 100);

    const page = path.join(dir, 'article.html');
    fs.writeFileSync(page, await (await fetch(server.url + pagesToRead[2]!)).text());
    server.process.kill('SIGTERM');
    console.log(`Soak: the same readers on bare node:http for ${SOAK.baselineSeconds} s …`);
    const bare = await benchBare(page, worker, children);
    await worker.terminate();

    const secondHalf = samples.slice(Math.floor(samples.length / 2));
    const heaps = secondHalf.filter((s) => s.heapUsedMb !== null);
    const results: SoakResults = {
      shape: SOAK,
      load: { cpus: os.cpus().length, loadAverageBefore, loadAverageAfter },
      readers: { ...readers, paths: pagesToRead },
      comments,
      memory: {
        samples,
        startRssMb: samples[0]?.rssMb ?? 0,
        endRssMb: samples.at(-1)?.rssMb ?? 0,
        maxRssMb: Math.max(...samples.map((s) => s.rssMb)),
        rssSlopeMbPerMinute: slopePerMinute(secondHalf.map((s) => [s.second, s.rssMb])),
        heapSlopeMbPerMinute: heaps.length > 1 ? slopePerMinute(heaps.map((s) => [s.second, s.heapUsedMb!])) : null,
      },
      bare,
    };
    const failures: string[] = [];
    const readerErrors = readers.non2xx + readers.errors + readers.timeouts;
    if (readerErrors > 0) {
      failures.push(`soak: readers got ${readers.non2xx} non-2xx answers, ${readers.errors} socket errors, ${readers.timeouts} timeouts`);
    }
    const refused = Object.entries(comments.statusCounts).filter(([status]) => !/^[23]\d\d$/.test(status));
    if (refused.length > 0 || comments.errors > 0 || comments.timeouts > 0) {
      failures.push(
        `soak: comment posts answered ${JSON.stringify(comments.statusCounts)}, ${comments.errors} errors, ${comments.timeouts} timeouts`,
      );
    }
    const warnings =
      results.memory.rssSlopeMbPerMinute > 2 ? [`soak: RSS grew ${results.memory.rssSlopeMbPerMinute} MB/min over the second half`] : [];
    return { results, warnings, failures };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads the demo, and picks the pages readers ask for and the articles commenters post on. */
async function prepareSite(dir: string): Promise<{ pagesToRead: string[]; articles: string[] }> {
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' }));
  try {
    await loadDemo(runtime.deps);
    const articles = (await runtime.db.selectFrom('articles').select('slug').where('status', '=', 'published').orderBy('id').execute()).map(
      (a) => a.slug,
    );
    const tag = await runtime.db.selectFrom('tags').select('slug').orderBy('id').executeTakeFirstOrThrow();
    const author = await runtime.db.selectFrom('authors').select('slug').orderBy('id').executeTakeFirstOrThrow();
    const pagesToRead = [
      paths.home(),
      paths.home(2),
      ...articles.slice(0, 6).map(paths.article),
      paths.tag(tag.slug),
      paths.author(author.slug),
      '/search?q=harbour',
      paths.feed(),
      paths.sitemapIndex(),
    ];
    return { pagesToRead, articles: articles.slice(0, 6) };
  } finally {
    await runtime.close();
  }
}

/** `broadsheet serve` as an operator runs it behind a proxy on this machine, with the heap probe loaded. */
async function startServer(dir: string, children: ChildProcess[]): Promise<{ url: string; process: ChildProcess }> {
  const child = fork(path.join(REPO, 'bin/broadsheet.js'), ['serve'], {
    cwd: REPO,
    silent: true,
    execArgv: ['--import', 'tsx', '--import', new URL('./soak-probe.ts', import.meta.url).href],
    env: {
      ...process.env,
      BROADSHEET_DATA: dir,
      PORT: '0', // Before TRUST_PROXY took a list of addresses, SOAK_TRUST_PROXY=true stood in for it.
      TRUST_PROXY: process.env.SOAK_TRUST_PROXY ?? '127.0.0.1',
      BACKUP_EVERY_HOURS: '0',
      BROADSHEET_DEMO: 'off',
    },
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /is live at (http:\/\/\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  return { url, process: child };
}

/** RSS from /proc every second (what the machine sees), with the heap the probe last reported. */
function sampleMemory(server: ChildProcess): { stop(): MemorySample[] } {
  const samples: MemorySample[] = [];
  let heapUsed: number | null = null;
  server.on('message', (message: { heapUsed: number }) => (heapUsed = message.heapUsed));
  const started = performance.now();
  const timer = setInterval(() => {
    const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    samples.push({
      second: Math.round((performance.now() - started) / 1000),
      rssMb: mb(rssKb * 1024),
      heapUsedMb: heapUsed === null ? null : mb(heapUsed),
    });
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/**
 * A commenter every `postEveryMs`: reads the article, keeps every hidden input of its comment
 * form, writes for `thinkSeconds`, then posts from an address, an email and a text of their own.
 */
function postComments(baseUrl: string, articles: string[]) {
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let posted = 0;
  const inFlight = new Set<Promise<void>>();
  const count = (status: string) => (statusCounts[status] = (statusCounts[status] ?? 0) + 1);

  async function commenter(n: number): Promise<void> {
    const slug = articles[n % articles.length]!;
    const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    try {
      const page = await fetch(baseUrl + paths.article(slug), {
        headers: { 'x-forwarded-for': address },
        signal: AbortSignal.timeout(30_000),
      });
      const html = await page.text();
      if (page.status !== 200) return void count(`GET ${page.status}`);
      const form = new URLSearchParams(hiddenInputs(html));
      await new Promise((resolve) => setTimeout(resolve, SOAK.thinkSeconds * 1000));
      form.set('author', `Soak reader ${n}`);
      form.set('email', `reader${n}@soak.example`);
      form.set('comment', `Reader ${n} thinks the council should publish the harbour survey in full, item ${n * 7919}.`);
      const answer = await fetch(baseUrl + paths.articleComments(slug), {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: { 'x-forwarded-for': address },
        signal: AbortSignal.timeout(30_000),
      });
      await answer.arrayBuffer();
      posted++;
      count(String(answer.status));
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') timeouts++;
      else errors++;
    }
  }

  let n = 0;
  const timer = setInterval(() => {
    const run = commenter(n++).finally(() => inFlight.delete(run));
    inFlight.add(run);
  }, SOAK.postEveryMs);
  let finished: () => void;
  const stopped = new Promise<void>((resolve) => (finished = resolve));
  return {
    stop() {
      clearInterval(timer);
      finished();
    },
    done: stopped.then(async () => {
      await Promise.all(inFlight);
      return { posted, statusCounts, errors, timeouts };
    }),
  };
}

/** Every `<input type="hidden">` of the page's comment form, by name. */
export function hiddenInputs(html: string): Record<string, string> {
  const form = /<form[^>]*action="\/articles\/[^"]*\/comments"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const [input] of form.matchAll(/<input[^>]*>/g)) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name)
      fields[name] = value
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
  }
  return fields;
}

async function benchBare(page: string, worker: ReturnType<typeof startCannon>, children: ChildProcess[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./bare-server.ts', import.meta.url).pathname, page], { cwd: REPO });
  children.push(child);
  const port = await new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /listening on (\d+)/.exec(chunk.toString())?.[1];
      if (found) resolve(found);
    });
  });
  const sampler = sampleMemory(child);
  const result = await ask(worker, {
    url: `http://127.0.0.1:${port}/`,
    connections: SOAK.connections,
    seconds: SOAK.baselineSeconds,
    timeoutSeconds: SOAK.timeoutSeconds,
  });
  const samples = sampler.stop();
  child.kill('SIGTERM');
  return { ...result, maxRssMb: Math.max(...samples.map((s) => s.rssMb)) };
}

function slopePerMinute(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return Math.round((sxy / sxx) * 60 * 100) / 100;
}

/** The soak's figures, with the memory curve as 10-second rows, the way bench/README.md records them. */
export function printSoak(results: SoakResults): void {
  const { readers, comments, memory, bare, load } = results;
  console.log(
    `\nSoak (${load.cpus} cores, load average ${load.loadAverageBefore.join(' ')} before, ${load.loadAverageAfter.join(' ')} after)`,
  );
  const row = (name: string, r: CannonResult) =>
    `${name.padEnd(16)}${String(r.requestsPerSecond).padStart(9)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  max ${r.latency.max} ms  ` +
    `non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}`;
  console.log(row('broadsheet', readers));
  console.log(`${row('bare node:http', bare)}  max RSS ${bare.maxRssMb} MB`);
  console.log(
    `comments posted ${comments.posted}: ${JSON.stringify(comments.statusCounts)}, errors ${comments.errors}, timeouts ${comments.timeouts}`,
  );
  console.log(
    `server RSS start ${memory.startRssMb} MB, end ${memory.endRssMb} MB, max ${memory.maxRssMb} MB; ` +
      `slope over the second half ${memory.rssSlopeMbPerMinute} MB/min (heap ${memory.heapSlopeMbPerMinute ?? '?'} MB/min)`,
  );
  console.log("\n| seconds | RSS MB (each second) | heap MB (at the row's end) |\n|---|---|---|");
  for (let i = 0; i < memory.samples.length; i += 10) {
    const slice = memory.samples.slice(i, i + 10);
    console.log(
      `| ${i + 1}–${i + slice.length} | ${slice.map((s) => Math.round(s.rssMb)).join(' ')} | ${slice.at(-1)?.heapUsedMb ?? '?'} |`,
    );
  }
}
