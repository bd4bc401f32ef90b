import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The library pictures each article's body shows (`media:ID` in its source), written whenever the
 * body is saved. A picture's use is then one indexed look: the library lists where it appears and
 * refuses to delete it, and a new caption, credit or file re-renders exactly those bodies. (The
 * featured picture is `articles.image_id`, indexed since migration 011.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_body_media')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id'))
    .addPrimaryKeyConstraint('article_body_media_pk', ['article_id', 'media_id'])
    .execute();
  await db.schema.createIndex('article_body_media_media').on('article_body_media').column('media_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_body_media').execute();
}
