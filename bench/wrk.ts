/**
 * One load run in a process of its own, so the load generator never shares the server's event
 * loop: Debian's `wrk` when it is installed (one thread; a Lua script reports the figures, and
 * writes each POST), autocannon in a child Node process otherwise (bench/cannon-cli.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /**
   * Posts a form instead of GET: `body` with `&author=…&email=…&comment=…` made unique per
   * request, from an X-Forwarded-For address of its own, so the per-address and per-email limits
   * and the duplicate check never refuse the benchmark.
   */
  readonly post?: { readonly body: string };
}

/** Each POST run numbers its readers from its own million, so a warm-up's comments never make the next run's duplicates. */
let postRuns = 0;

export interface LoadFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers with a status other than 2xx or 3xx. */
  readonly badStatus: number;
  /** Requests that waited longer than the generator's timeout (10 s). */
  readonly timeouts: number;
  /** Connect, read and write errors. */
  readonly socketErrors: number;
  readonly generator: 'wrk' | 'autocannon';
}

export const TIMEOUT_SECONDS = 10;

let wrkPresent: boolean | undefined;
export function hasWrk(): boolean {
  wrkPresent ??= spawnSync('wrk', ['--version']).error === undefined;
  return wrkPresent;
}

export async function runLoad(job: LoadJob): Promise<LoadFigures> {
  return hasWrk() ? runWrk(job) : runCannon(job);
}

/** The Lua script: the POST writer when asked for, and a `done` that prints the figures as one JSON line. */
function wrkScript(job: LoadJob): string {
  const post = job.post
    ? `local n = ${++postRuns * 1_000_000}
local base = ${JSON.stringify(job.post.body)}
request = function()
  n = n + 1
  local address = string.format("10.%d.%d.%d", math.floor(n / 62500) % 250 + 1, math.floor(n / 250) % 250, n % 250 + 1)
  local body = base .. "&author=Bench+reader+" .. n .. "&email=reader" .. n .. "%40bench.example"
    .. "&comment=Reader+" .. n .. "+asks+when+the+harbour+survey+" .. (n * 7919) .. "+will+be+published."
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = address }, body)
end
`
    : '';
  return `${post}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`;
}

async function runWrk(job: LoadJob): Promise<LoadFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-wrk-'));
  const script = path.join(dir, 'bench.lua');
  fs.writeFileSync(script, wrkScript(job));
  try {
    const args = [
      '-t1',
      `-c${job.connections}`,
      `-d${job.seconds}s`,
      `--timeout`,
      `${TIMEOUT_SECONDS}s`,
      '--latency',
      '-s',
      script,
      job.url,
    ];
    const output = await collect('wrk', args);
    const json = /BENCH_JSON (\{.*\})/.exec(output)?.[1];
    if (!json) throw new Error(`wrk printed no figures:\n${output}`);
    const r = JSON.parse(json) as Record<string, number>;
    const ms = (us: number) => Math.round(us / 10) / 100;
    return {
      requests: r.requests!,
      requestsPerSecond: Math.round((r.requests! / (r.durationUs! / 1e6)) * 10) / 10,
      p50Ms: ms(r.p50!),
      p90Ms: ms(r.p90!),
      p99Ms: ms(r.p99!),
      maxMs: ms(r.max!),
      badStatus: r.status!,
      timeouts: r.timeout!,
      socketErrors: r.connect! + r.read! + r.write!,
      generator: 'wrk',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runCannon(job: LoadJob): Promise<LoadFigures> {
  const cli = new URL('./cannon-cli.ts', import.meta.url).pathname;
  const output = await collect(process.execPath, ['--import', 'tsx', cli, JSON.stringify({ ...job, timeoutSeconds: TIMEOUT_SECONDS })]);
  const json = /BENCH_JSON (\{.*\})/.exec(output)?.[1];
  if (!json) throw new Error(`autocannon printed no figures:\n${output}`);
  return { ...(JSON.parse(json) as Omit<LoadFigures, 'generator'>), generator: 'autocannon' };
}

function collect(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${code}:\n${output}`))));
  });
}
