import type { OutboxJob, OutboxRepository } from '../../domain/outbox/repository.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';

/** A job's last error is kept to this many characters: enough to read, never a whole response body. */
const ERROR_LENGTH = 1000;

export function outboxRepository(db: DB, now: () => Date): OutboxRepository {
  return {
    async enqueue(job) {
      const at = toIso(now());
      const row = await db
        .insertInto('outbox')
        .values({
          kind: job.kind,
          payload: JSON.stringify(job.payload),
          created_at: at,
          run_after: job.runAfter ? toIso(job.runAfter) : at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async claim({ kinds, now: at, lockedUntil, worker, limit }) {
      if (kinds.length === 0) return [];
      const nowIso = toIso(at);
      const candidates = await db
        .selectFrom('outbox')
        .select('id')
        .where('done_at', 'is', null)
        .where('dead_at', 'is', null)
        .where('run_after', '<=', nowIso)
        .where('kind', 'in', kinds)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
        .orderBy('run_after')
        .orderBy('id')
        .limit(limit)
        .execute();
      const claimed: OutboxJob[] = [];
      // One conditional UPDATE per job: it only succeeds if nobody claimed the job since the SELECT.
      // PostgreSQL will do the same in one statement with FOR UPDATE SKIP LOCKED (issue 15).
      for (const { id } of candidates) {
        const row = await db
          .updateTable('outbox')
          .set((eb) => ({ locked_until: toIso(lockedUntil), claimed_by: worker, attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .where('done_at', 'is', null)
          .where('dead_at', 'is', null)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(toJob(row));
      }
      return claimed;
    },
    async markDone(id, worker, at) {
      await db
        .updateTable('outbox')
        .set({ done_at: toIso(at), payload: '{}', locked_until: null, last_error: null })
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .execute();
    },
    async markFailed(id, worker, error, runAfter) {
      await db
        .updateTable('outbox')
        .set({ last_error: error.slice(0, ERROR_LENGTH), run_after: toIso(runAfter), locked_until: null })
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .execute();
    },
    async markDead(id, worker, error, at) {
      await db
        .updateTable('outbox')
        .set({ last_error: error.slice(0, ERROR_LENGTH), dead_at: toIso(at), locked_until: null })
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .execute();
    },
    async list({ includeDone, limit }) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .$if(!includeDone, (query) => query.where('done_at', 'is', null))
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toJob);
    },
    async countByState() {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => [
          eb.fn.sum<number>(eb.case().when('done_at', 'is not', null).then(1).else(0).end()).as('done'),
          eb.fn
            .sum<number>(eb.case().when('done_at', 'is not', null).then(0).when('dead_at', 'is not', null).then(1).else(0).end())
            .as('dead'),
          eb.fn
            .sum<number>(eb.case().when('done_at', 'is not', null).then(0).when('dead_at', 'is not', null).then(0).else(1).end())
            .as('pending'),
        ])
        .executeTakeFirstOrThrow();
      return { pending: Number(row.pending ?? 0), done: Number(row.done ?? 0), dead: Number(row.dead ?? 0) };
    },
    async countBacklog(now) {
      const nowIso = toIso(now);
      // Only unfinished rows, through the partial index outbox_due: done jobs, the many, are never read.
      const row = await db
        .selectFrom('outbox')
        .where('done_at', 'is', null)
        .select((eb) => [
          eb.fn.sum<number>(eb.case().when('dead_at', 'is not', null).then(1).else(0).end()).as('dead'),
          eb.fn
            .sum<number>(eb.case().when('dead_at', 'is not', null).then(0).when('run_after', '<=', nowIso).then(1).else(0).end())
            .as('due'),
          eb.fn
            .sum<number>(eb.case().when('dead_at', 'is not', null).then(0).when('run_after', '>', nowIso).then(1).else(0).end())
            .as('scheduled'),
        ])
        .executeTakeFirstOrThrow();
      return { due: Number(row.due ?? 0), scheduled: Number(row.scheduled ?? 0), dead: Number(row.dead ?? 0) };
    },
    async retry(id, at) {
      const result = await db
        .updateTable('outbox')
        .set({ dead_at: null, attempts: 0, run_after: toIso(at), locked_until: null })
        .where('id', '=', id)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async deleteDoneBefore(before) {
      const result = await db.deleteFrom('outbox').where('done_at', '<', toIso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toJob(row: Row<'outbox'>): OutboxJob {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: fromIso(row.created_at),
    runAfter: fromIso(row.run_after),
    attempts: row.attempts,
    lastError: row.last_error,
    lockedUntil: row.locked_until === null ? null : fromIso(row.locked_until),
    claimedBy: row.claimed_by,
    doneAt: row.done_at === null ? null : fromIso(row.done_at),
    deadAt: row.dead_at === null ? null : fromIso(row.dead_at),
  };
}
