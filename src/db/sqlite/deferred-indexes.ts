import { sql } from 'kysely';
import type { DB } from './connection.ts';

/**
 * Comment indexes whose keys (an address hash, an email) land at random places: maintaining them
 * row by row is most of the cost of writing 500,000 imported comments, while building them once
 * from the finished table takes seconds. An import into a publication without comments drops
 * them and builds them again at its end. They are the same as in 001-initial.ts, and `migrate`
 * builds any that are missing, so an import that crashed leaves them gone only until the next
 * command starts.
 */
const DEFERRED_INDEXES = [
  { name: 'comments_client', columns: ['client_address_hash', 'created_at'] },
  { name: 'comments_email', columns: ['author_email', 'status'] },
] as const;

export async function buildDeferredIndexes(db: DB): Promise<void> {
  for (const index of DEFERRED_INDEXES) {
    await db.schema
      .createIndex(index.name)
      .ifNotExists()
      .on('comments')
      .columns([...index.columns])
      .execute();
  }
}

/** Drops the deferred indexes if the publication has no comments yet; says whether it did. */
export async function dropDeferredIndexesIfEmpty(db: DB): Promise<boolean> {
  const any = await sql<{ id: number }>`select id from comments limit 1`.execute(db);
  if (any.rows.length > 0) return false;
  for (const index of DEFERRED_INDEXES) await db.schema.dropIndex(index.name).ifExists().execute();
  return true;
}
