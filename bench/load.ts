import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import type { CannonJob, CannonResult } from './cannon.ts';
import type { BenchRoute } from './routes.ts';

export const LOAD = { connections: 10, warmupSeconds: 1, seconds: 5 };

export interface LoadResult extends CannonResult {
  readonly route: string;
  readonly path: string;
  readonly expect: number;
  /** Responses with any status other than `expect`. */
  readonly wrongStatus: number;
  /** How long the app kept rendering requests accepted before the run stopped. */
  readonly drainMs: number;
}

type Reply = { ok: true; result: CannonResult } | { ok: false; error: string };

/**
 * The load generator runs in a worker thread: under tsx a worker does not inherit the TypeScript
 * loader on Node 20, so the worker boots through tsx's API.
 */
export function startCannon(): Worker {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./cannon.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { eval: true });
}

export function ask(worker: Worker, job: CannonJob): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const onMessage = (reply: Reply) => {
      cleanup();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`load generator failed: ${reply.error}`));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(job);
  });
}

/**
 * Counts requests the app has started but not yet answered. When autocannon stops it drops its
 * connections, yet the app still renders what it had accepted; on a slow page that backlog would
 * eat into the next route's run, so every run waits for the app to go idle first. Call before
 * `listen`.
 */
export function trackInFlight(app: FastifyInstance): { idle(): Promise<number> } {
  let inFlight = 0;
  app.addHook('onRequest', async () => {
    inFlight++;
  });
  // onSend runs once per reply, even when the client has already hung up.
  app.addHook('onSend', async () => {
    inFlight--;
  });
  const openConnections = () => new Promise<number>((resolve) => app.server.getConnections((error, count) => resolve(error ? 0 : count)));
  return {
    /**
     * Resolves, with the ms waited, once the app has had no connection and no request in flight
     * for 100 ms (at most a minute): a dropped connection may still hold an unread request.
     */
    async idle() {
      const start = performance.now();
      let quietPolls = 0;
      while (quietPolls < 5 && performance.now() - start < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        quietPolls = inFlight === 0 && (await openConnections()) === 0 ? quietPolls + 1 : 0;
      }
      return Math.round(performance.now() - start);
    },
  };
}

/** Puts each route under load in turn (warm-up, drain, measure, drain), printing a line per route. */
export async function loadRoutes(
  baseUrl: string,
  routes: readonly BenchRoute[],
  server: { idle(): Promise<number> },
): Promise<LoadResult[]> {
  const worker = startCannon();
  try {
    const results: LoadResult[] = [];
    for (const route of routes) {
      const job = { url: baseUrl + route.path, connections: LOAD.connections, ...(route.headers ? { headers: route.headers } : {}) };
      if (LOAD.warmupSeconds > 0) await ask(worker, { ...job, seconds: LOAD.warmupSeconds });
      await server.idle();
      const result = await ask(worker, { ...job, seconds: LOAD.seconds });
      const drainMs = await server.idle();
      const wrongStatus = Object.entries(result.statusCounts).reduce(
        (sum, [status, n]) => sum + (Number(status) === route.expect ? 0 : n),
        0,
      );
      results.push({ route: route.name, path: route.path, expect: route.expect, wrongStatus, drainMs, ...result });
      console.log(
        `  ${route.name.padEnd(14)} ${String(result.requestsPerSecond).padStart(7)} req/s  p95 ${result.latency.p95.toFixed(1).padStart(7)} ms  ` +
          `statuses ${JSON.stringify(result.statusCounts)}${drainMs > 250 ? `  (backlog took ${drainMs} ms to drain)` : ''}`,
      );
    }
    return results;
  } finally {
    await worker.terminate();
  }
}

/** Samples the process's memory while `work` runs; the main thread is the app's, so its heap is the app's. */
export async function watchMemory<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number; peakHeapUsedMb: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 200);
  try {
    const value = await work();
    sample();
    return { value, peakRssMb: mb(peakRss), peakHeapUsedMb: mb(peakHeap) };
  } finally {
    clearInterval(timer);
  }
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
