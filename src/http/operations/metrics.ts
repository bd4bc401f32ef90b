import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countCommentsAwaitingModeration } from '../../domain/comments/moderation.ts';
import { readOutboxBacklog } from '../../domain/outbox/outbox.ts';
import type { Deps } from '../../domain/store.ts';
import type { PageCache } from '../page-cache/page-cache.ts';

/** Every metric's name starts with it, Node's process metrics' too. */
export const METRICS_PREFIX = 'broadsheet_';

/**
 * A database connection pool's use at the moment of a scrape, as an adapter reports it. SQLite
 * has one connection and no pool, so `broadsheet serve` gives none and no pool gauge is shown
 * (nothing is invented); the PostgreSQL adapter is to give its pool's counts here
 * (pg.Pool: totalCount, idleCount, waitingCount).
 */
export interface PoolUsage {
  /** Connections open, in use or idle. */
  readonly open: number;
  readonly idle: number;
  /** Queries waiting for a connection. */
  readonly waiting: number;
}

export interface MetricsSources {
  readonly deps: Deps;
  readonly pageCache: PageCache;
  /** The database pool's use, read at each scrape; absent for SQLite. */
  readonly poolMetrics?: () => PoolUsage;
}

/** Seconds: a stored page takes well under a millisecond, a search a few tens, an import's upload seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Node's own metrics (heap, event-loop lag, GC, handles) once per process, however many apps a process builds (the tests build many). */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRICS_PREFIX });
  }
  return processRegistry;
}

export interface AppMetrics {
  /** The whole scrape in Prometheus' text format, and its content type. */
  scrape(): Promise<{ text: string; contentType: string }>;
}

/**
 * The app's metrics: every request Fastify answers, timed by method, route pattern and status
 * class; the page cache's hits and misses; and, read at each scrape with one indexed count each,
 * the outbox's backlog and the comments awaiting moderation.
 *
 * The requests the page cache answers before Fastify runs (app.ts's serverFactory) are counted by
 * the page cache itself (a number incremented, read at scrape time), not timed: timing them would
 * cost the fastest path more than the answer itself.
 */
export function installMetrics(app: FastifyInstance, sources: MetricsSources): AppMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'Time to answer the requests the app rendered (not the page-cache hits answered before it), by route pattern',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  // One bound child per method, route and status class, made once: the route is the pattern
  // (/articles/:slug), never the address, so there are as many as routes, not as pages.
  const children = new Map<string, ReturnType<typeof duration.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const statusClass = STATUS_CLASSES[Math.floor(reply.statusCode / 100)] ?? 'other';
    const key = `${request.method} ${statusClass} ${route}`;
    let child = children.get(key);
    if (!child) children.set(key, (child = duration.labels(request.method, route, statusClass)));
    child.observe(reply.elapsedTime / 1000);
    done();
  });

  const { pageCache, deps, poolMetrics } = sources;
  new Counter({
    name: `${METRICS_PREFIX}page_cache_hits_total`,
    help: 'Requests answered from the page cache',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(pageCache.counts.hits);
    },
  });
  new Counter({
    name: `${METRICS_PREFIX}page_cache_misses_total`,
    help: 'Cacheable pages that had to be rendered (and were then stored)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(pageCache.counts.misses);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}page_cache_bytes`,
    help: 'Bytes the page cache holds (each page counted in all its encodings)',
    registers: [registry],
    collect() {
      this.set(pageCache.usage.bytes);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}outbox_jobs`,
    help: "The outbox's unfinished jobs: due now, scheduled for a later attempt, and given up (dead)",
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const backlog = await readOutboxBacklog(deps);
      this.set({ state: 'due' }, backlog.due);
      this.set({ state: 'scheduled' }, backlog.scheduled);
      this.set({ state: 'dead' }, backlog.dead);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}comments_awaiting_moderation`,
    help: 'Reader comments waiting for a moderator (status pending)',
    registers: [registry],
    async collect() {
      this.set(await countCommentsAwaitingModeration(deps));
    },
  });
  if (poolMetrics) {
    new Gauge({
      name: `${METRICS_PREFIX}db_pool_connections`,
      help: "The database pool's connections (open, idle) and the queries waiting for one",
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const usage = poolMetrics();
        this.set({ state: 'open' }, usage.open);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
  }

  return {
    async scrape() {
      // Made at the first scrape, so a site whose metrics nobody reads runs no event-loop monitor.
      const [own, node] = await Promise.all([registry.metrics(), processMetrics().metrics()]);
      return { text: `${own}\n${node}`, contentType: registry.contentType };
    },
  };
}

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];
