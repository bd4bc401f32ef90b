import { randomBytes } from 'node:crypto';
import { isExhausted, retryDelay } from '../domain/outbox/outbox.ts';
import type { OutboxDeps } from '../domain/outbox/ports.ts';
import type { OutboxJob } from '../domain/outbox/repository.ts';

/** Does one job's work; a throw is a failed attempt, retried later. It may run more than once: make it idempotent. */
export type OutboxHandler = (job: OutboxJob) => Promise<void>;

export interface OutboxWorkerOptions {
  readonly deps: OutboxDeps;
  /** The handler of each kind this instance can run. Jobs of other kinds wait, listed, until one is configured. */
  readonly handlers: ReadonlyMap<string, OutboxHandler>;
  /** How often an idle worker looks for due jobs. */
  readonly pollMs?: number;
  /** How long a claim holds a job: longer than any handler may take, so only a crashed holder loses it. */
  readonly leaseMs?: number;
  /** How many jobs one round claims and runs side by side. */
  readonly batchSize?: number;
  /** Finished jobs are forgotten after this long. */
  readonly keepDoneMs?: number;
  /** Other personal data with a time limit, erased hourly with the finished jobs (`outboxPrune` in handlers.ts). */
  readonly prune?: () => Promise<unknown>;
  /** For the retry jitter; tests may fix it. */
  readonly random?: () => number;
  /** Told of every failed attempt and of a round that could not reach the database (the server logs it). */
  readonly log?: (line: string) => void;
}

export interface OutboxWorker {
  /** Starts polling. */
  start(): void;
  /** Runs rounds until no claimable job is due, then resolves; for tests, and for a clean stop. */
  drain(): Promise<void>;
  /** Stops polling and waits for the round in progress; the jobs it holds finish first. */
  stop(): Promise<void>;
}

const DEFAULTS = { pollMs: 1000, leaseMs: 60_000, batchSize: 10, keepDoneMs: 7 * 86_400_000 } as const;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The one worker of the outbox: claims due jobs of the kinds it has handlers for, runs them, marks
 * them done, and retries failures with exponential backoff and jitter until they are given up.
 * Several instances may run against one database: every claim is conditional (see `claim`).
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { deps, handlers } = options;
  const settings = { ...DEFAULTS, ...options };
  const random = options.random ?? Math.random;
  const name = `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
  const kinds = [...handlers.keys()];
  let round: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let lastPrune = 0;

  async function run(job: OutboxJob): Promise<void> {
    const store = deps.store.outbox;
    try {
      await handlers.get(job.kind)!(job);
      await store.markDone(job.id, name, deps.clock.now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = isExhausted(job.attempts);
      const now = deps.clock.now();
      if (dead) await store.markDead(job.id, name, message, now);
      else await store.markFailed(job.id, name, message, new Date(now.getTime() + retryDelay(job.attempts, random())));
      options.log?.(`outbox job ${job.id} (${job.kind}) failed attempt ${job.attempts}${dead ? ', given up' : ''}: ${message}`);
    }
  }

  async function runRound(): Promise<number> {
    const now = deps.clock.now();
    if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now.getTime();
      await deps.store.outbox.deleteDoneBefore(new Date(now.getTime() - settings.keepDoneMs));
      await options.prune?.();
    }
    const jobs = await deps.store.outbox.claim({
      kinds,
      now,
      lockedUntil: new Date(now.getTime() + settings.leaseMs),
      worker: name,
      limit: settings.batchSize,
    });
    await Promise.all(jobs.map(run));
    return jobs.length;
  }

  /** Rounds never overlap: each waits for the one before. */
  function nextRound(): Promise<number> {
    round = round.then(runRound, runRound);
    return round;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      nextRound().then(
        (claimed) => schedule(claimed > 0 ? 0 : settings.pollMs),
        (error: unknown) => {
          options.log?.(`outbox: a round failed: ${error instanceof Error ? error.message : String(error)}`);
          schedule(settings.pollMs);
        },
      );
    }, delay);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async drain() {
      while ((await nextRound()) > 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round.catch(() => 0);
    },
  };
}
