/** Where a job stands: waiting (or between attempts), finished, or given up after too many failures. */
export type OutboxJobState = 'pending' | 'done' | 'dead';

/** One piece of outbound work, as stored. `payload` is the JSON object the enqueuing use case gave. */
export interface OutboxJob {
  readonly id: number;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  /** Not run before this time: when it was enqueued, or the next retry after a failure. */
  readonly runAfter: Date;
  /** How many times a worker has claimed it. */
  readonly attempts: number;
  readonly lastError: string | null;
  /** A worker holds the job until then; after it, another may claim it (the holder crashed). */
  readonly lockedUntil: Date | null;
  readonly claimedBy: string | null;
  readonly doneAt: Date | null;
  readonly deadAt: Date | null;
}

/** The outbox's unfinished work at one moment. */
export interface OutboxBacklog {
  /** Waiting and due now: a worker should be running them. */
  readonly due: number;
  /** Failed at least once and waiting for their next attempt, or enqueued for later. */
  readonly scheduled: number;
  /** Given up after too many failures, until an administrator retries them. */
  readonly dead: number;
}

/** What a use case asks to be done once its transaction commits. */
export interface NewOutboxJob {
  /** Names the handler, as `<service>.<action>`: `akismet.check`, later `cdn.purge`, `mail.send`. */
  readonly kind: string;
  /** Everything the handler needs, as JSON: a job must not depend on rows that may change before it runs. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Not before this time; now when omitted. */
  readonly runAfter?: Date;
}

/**
 * The outbox table. `enqueue` is the only method use cases call, inside their transaction; the
 * others belong to the worker and the administrator's listing.
 */
export interface OutboxRepository {
  enqueue(job: NewOutboxJob): Promise<number>;
  /**
   * Claims up to `limit` due, unfinished jobs of the given kinds that nobody holds, locking each
   * until `lockedUntil` and counting the attempt. Each claim is a conditional UPDATE, so two workers
   * never get the same job.
   */
  claim(input: { kinds: readonly string[]; now: Date; lockedUntil: Date; worker: string; limit: number }): Promise<OutboxJob[]>;
  /** Finishes the worker's job and empties its payload. */
  markDone(id: number, worker: string, at: Date): Promise<void>;
  /** Records a failed attempt; the job runs again after `runAfter`. */
  markFailed(id: number, worker: string, error: string, runAfter: Date): Promise<void>;
  /** Gives up on the job; it stays listed, with its payload, until an administrator retries it. */
  markDead(id: number, worker: string, error: string, at: Date): Promise<void>;
  /** Unfinished and dead jobs (and done ones when asked), oldest first. */
  list(input: { includeDone: boolean; limit: number }): Promise<OutboxJob[]>;
  /** How many jobs are in each state. */
  countByState(): Promise<Record<OutboxJobState, number>>;
  /** The unfinished jobs only (the `outbox_due` index's rows): due by `now`, waiting for a later retry, and given up. */
  countBacklog(now: Date): Promise<OutboxBacklog>;
  /** Makes a dead or waiting job due now with a fresh count of attempts; false if there is no such unfinished job. */
  retry(id: number, now: Date): Promise<boolean>;
  /** Forgets finished jobs done before `before`; returns how many. */
  deleteDoneBefore(before: Date): Promise<number>;
}
