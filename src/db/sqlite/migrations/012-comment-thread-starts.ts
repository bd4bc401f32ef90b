import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * An article's page of comments counts its conversations (the approved comments with no parent,
 * and the few replies whose parent is no longer approved) to know how many pages there are. With
 * the parent in the index, that count reads the index alone instead of every comment's row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('comments_thread_starts')
    .on('comments')
    .columns(['article_id', 'status', 'parent_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_thread_starts').execute();
}
