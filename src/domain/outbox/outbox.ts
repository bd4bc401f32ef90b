import { NotFoundError } from '../shared/errors.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import type { OutboxDeps } from './ports.ts';
import type { OutboxBacklog, OutboxJob, OutboxJobState } from './repository.ts';

/** How the worker retries a failing job: doubling waits from `baseMs` up to `maxMs`, dead after `maxAttempts`. */
export const OUTBOX_RETRY = { baseMs: 30_000, maxMs: 6 * 3_600_000, maxAttempts: 10 } as const;

/**
 * The wait before attempt `attempts + 1`, after `attempts` failures: exponential, capped, and
 * jittered between half and all of it, so jobs that failed together (a service was down) do not all
 * come back at the same moment. `random` is in [0, 1).
 */
export function retryDelay(attempts: number, random: number, retry: Pick<typeof OUTBOX_RETRY, 'baseMs' | 'maxMs'> = OUTBOX_RETRY): number {
  const exponential = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + random / 2));
}

/** Whether a job that has just failed its `attempts`th attempt is given up. */
export function isExhausted(attempts: number, maxAttempts: number = OUTBOX_RETRY.maxAttempts): boolean {
  return attempts >= maxAttempts;
}

/** The state a job is in, as the listing shows it. */
export function stateOf(job: Pick<OutboxJob, 'doneAt' | 'deadAt'>): OutboxJobState {
  return job.doneAt ? 'done' : job.deadAt ? 'dead' : 'pending';
}

export interface OutboxListing {
  readonly counts: Readonly<Record<OutboxJobState, number>>;
  readonly jobs: readonly OutboxJob[];
}

/** The outbox for an administrator: waiting and dead jobs with their last error (and done ones when asked). */
export async function listOutbox(deps: OutboxDeps, input: { actor: Actor; includeDone: boolean; limit: number }): Promise<OutboxListing> {
  authorize(input.actor, 'outbox.manage');
  const [counts, jobs] = await Promise.all([
    deps.store.outbox.countByState(),
    deps.store.outbox.list({ includeDone: input.includeDone, limit: input.limit }),
  ]);
  return { counts, jobs };
}

/** Runs a dead or waiting job again as soon as a worker is free, with its attempts counted afresh. */
export async function retryOutboxJob(deps: OutboxDeps, input: { actor: Actor; id: number }): Promise<void> {
  authorize(input.actor, 'outbox.manage');
  if (!(await deps.store.outbox.retry(input.id, deps.clock.now()))) throw new NotFoundError(`Unfinished job ${input.id}`);
}

/**
 * The outbox's unfinished work now, for the operator's monitoring (the metrics' scrape): no actor,
 * because it says how much is waiting and nothing of what; who may see it is the edge's decision.
 */
export async function readOutboxBacklog(deps: OutboxDeps): Promise<OutboxBacklog> {
  return deps.store.outbox.countBacklog(deps.clock.now());
}
