import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * An article's comments are shown a page of threads at a time: the page's thread starters come
 * from `comments_article`, and their replies are found by walking down from parent to child. This
 * index makes each step of that walk a look-up rather than a scan of every comment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_parent').execute();
}
