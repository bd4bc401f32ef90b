/**
 * Worker thread that fires the load with autocannon, so the app under test keeps the main thread
 * (and its event loop) to itself. Started by load.ts; answers each job with one message.
 */
import { parentPort } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface CannonJob {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Sent with every request, such as the newsroom's session cookie. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Paths to cycle through on `url`'s host instead of `url`'s own path (the soak's mix of pages). */
  readonly paths?: readonly string[];
  /** How long a request may wait for its answer before autocannon counts a timeout (default 10). */
  readonly timeoutSeconds?: number;
}

export interface CannonResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly seconds: number;
  /** Latency of every response, any status, in ms. */
  readonly latency: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number; readonly mean: number };
  readonly statusCounts: Record<string, number>;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

function fire(job: CannonJob, onLatency?: (ms: number) => void): Promise<autocannon.Result> {
  const { url, connections, seconds, headers, paths, timeoutSeconds } = job;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        ...(headers ? { headers: { ...headers } } : {}),
        ...(paths ? { requests: paths.map((path) => ({ method: 'GET' as const, path })) } : {}),
        ...(timeoutSeconds ? { timeout: timeoutSeconds } : {}),
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
    if (onLatency) instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function run(job: CannonJob): Promise<CannonResult> {
  const latencies: number[] = [];
  const result = await fire(job, (ms) => latencies.push(ms));
  const sorted = Float64Array.from(latencies).sort();
  const statusCounts: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = count ?? 0;
  return {
    requests: latencies.length,
    requestsPerSecond: Math.round((latencies.length / result.duration) * 10) / 10,
    seconds: result.duration,
    latency: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? 0),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    statusCounts,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

parentPort?.on('message', (job: CannonJob) => {
  run(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
