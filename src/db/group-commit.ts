import { sql } from 'kysely';
import type { DB } from './schema.ts';

interface Waiting {
  readonly work: (trx: DB) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Runs the transactions asked for in one turn of the event loop as one: each in a savepoint of its
 * own, so that one that throws rolls back its own writes alone and the others still commit. Every
 * caller hears of its outcome only after the shared commit, exactly as with a transaction of its own.
 *
 * Comments arrive many at once under load (the served bench's 50 writers: groups of 1 to 50), and
 * each commit wrote every index page its comment touched to the write-ahead log: a group writes a
 * shared page once. Each one's checks run after the previous ones' writes, inside the same
 * transaction, so rate limits and duplicate checks see them.
 */
export function groupCommit(db: DB): <T>(work: (trx: DB) => Promise<T>) => Promise<T> {
  let waiting: Waiting[] = [];

  async function commitWaiting(): Promise<void> {
    const group = waiting;
    waiting = [];
    if (group.length === 1) {
      const [only] = group as [Waiting];
      return db.transaction().execute(only.work).then(only.resolve, only.reject);
    }
    let outcomes: Outcome[];
    try {
      outcomes = await db.transaction().execute(async (trx) => {
        const done: Outcome[] = [];
        for (const { work } of group) {
          await sql`savepoint grouped`.execute(trx);
          try {
            done.push({ ok: true, value: await work(trx) });
          } catch (error) {
            await sql`rollback to grouped`.execute(trx);
            done.push({ ok: false, error });
          }
          await sql`release grouped`.execute(trx);
        }
        return done;
      });
    } catch (error) {
      for (const { reject } of group) reject(error);
      return;
    }
    group.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  return <T>(work: (trx: DB) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // After the poll phase: every request read in this turn has had its chance to join.
      if (waiting.length === 1) setImmediate(() => void commitWaiting());
    });
}
