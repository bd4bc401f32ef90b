import type { ReadCache } from '../site/read-cache.ts';

/** Where use cases read the time, so that tests and imports can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A room's store: the repositories `R` its use cases need, and a transaction whose work sees the
 * same narrow store. Every write that touches more than one row goes through `transaction`; a throw
 * rolls every write back.
 */
export type Transactional<R> = R & {
  transaction<T>(work: (store: Transactional<R>) => Promise<T>): Promise<T>;
  /**
   * A transaction that may share its commit with the others asked for in the same turn of the
   * event loop, each in a savepoint of its own: a throw rolls back this work's writes alone. It
   * settles, as `transaction` does, only once the commit is done. For small writes that arrive
   * many at once (readers' comments); inside a transaction it is that transaction.
   */
  groupedTransaction<T>(work: (store: Transactional<R>) => Promise<T>): Promise<T>;
};

/** What a room's use cases are given: its store and the clock. */
export interface UseCaseDeps<S> {
  readonly store: S;
  readonly clock: Clock;
  /** Reads kept in memory until the change log names them (reader pages only); without it every read is made. */
  readonly reads?: ReadCache;
  /**
   * The outbox job kinds this installation has a handler for. A use case enqueues optional work
   * (an Akismet check) only when its kind is here, so that no job waits for a service nobody set up.
   */
  readonly jobKinds?: ReadonlySet<string>;
}
