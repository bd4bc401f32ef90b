import { sql } from 'kysely';
import type { DB } from '../schema.ts';

/** The tables that say which library pictures a body shows: an article's (migration 015) and a page's (018). */
const LINKS = {
  article: { table: 'article_body_media', owner: 'article_id' },
  page: { table: 'page_body_media', owner: 'page_id' },
} as const;

export type BodyOwner = keyof typeof LINKS;

/** Replaces the pictures the body of `ownerId` shows. Only the ids the library has: a mistyped one would break the foreign key, and shows nothing anyway. */
export async function replaceBodyPictures(db: DB, kind: BodyOwner, ownerId: number, mediaIds: readonly number[]): Promise<void> {
  const { table, owner } = LINKS[kind];
  await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(owner)} = ${ownerId}`.execute(db);
  if (mediaIds.length === 0) return;
  await sql`INSERT INTO ${sql.table(table)} (${sql.ref(owner)}, media_id)
    SELECT ${ownerId}, id FROM media WHERE id IN (${sql.join([...new Set(mediaIds)])})`.execute(db);
}

/** The ids of the articles or pages whose body shows the picture, in order: one indexed look (`…_body_media_media`). */
export async function bodiesShowing(db: DB, kind: BodyOwner, mediaId: number): Promise<number[]> {
  const { table, owner } = LINKS[kind];
  const { rows } = await sql<{ id: number }>`SELECT ${sql.ref(owner)} AS id FROM ${sql.table(table)}
    WHERE media_id = ${mediaId} ORDER BY ${sql.ref(owner)}`.execute(db);
  return rows.map((row) => row.id);
}
