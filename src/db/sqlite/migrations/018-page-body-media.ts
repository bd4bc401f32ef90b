import { sql, type Kysely } from 'kysely';
import { bodyPictureIds } from '../../../domain/articles/body-pictures.ts';
import type { BodyFormat } from '../../../domain/shared/model.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The library pictures each standalone page's body shows, as migration 015 keeps them for
 * articles: a page's pictures then follow a new file, caption or credit (the `media.changed` job
 * renders its body again), the library lists the page among a picture's uses and refuses to
 * delete a picture a page shows, and a change to a picture purges the published pages showing it
 * (`p:ID`). The pages saved before this are read once to fill the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('page_body_media')
    .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id'))
    .addPrimaryKeyConstraint('page_body_media_pk', ['page_id', 'media_id'])
    .execute();
  await db.schema.createIndex('page_body_media_media').on('page_body_media').column('media_id').execute();
  const pages = (await db
    .selectFrom('pages')
    .select(['id', 'body_source', 'body_format'])
    .where('body_source', 'like', '%media:%')
    .execute()) as Array<{ id: number; body_source: string; body_format: BodyFormat }>;
  for (const page of pages) {
    const ids = bodyPictureIds(page.body_source, page.body_format);
    if (ids.length === 0) continue;
    await sql`INSERT INTO page_body_media (page_id, media_id) SELECT ${page.id}, id FROM media WHERE id IN (${sql.join(ids)})`.execute(db);
  }
  await sql`DROP TRIGGER cache_media_updated`.execute(db);
  await sql`DROP TRIGGER cache_media_rendition_inserted`.execute(db);
  await sql`DROP TRIGGER cache_media_rendition_deleted`.execute(db);
  for (const trigger of triggers(true)) await sql.raw(trigger).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of triggers(true)) await sql.raw(`DROP TRIGGER ${/CREATE TRIGGER (\w+)/.exec(trigger)![1]}`).execute(db);
  for (const trigger of triggers(false)) await sql.raw(trigger).execute(db);
  await db.schema.dropTable('page_body_media').execute();
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** `old.c IS NOT new.c OR …`: true when any of the columns changed. */
function changed(...columns: string[]): string {
  return '(' + columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ') + ')';
}

/** The cache keys of what shows picture `mediaId` in public: articles as their lead or in their body and, with `pages`, published pages in theirs. */
function showing(mediaId: string, pages: boolean): string {
  const articles = `SELECT 'a:' || id AS key FROM articles WHERE image_id = ${mediaId} AND status <> 'draft'
    UNION SELECT 'a:' || articles.id FROM article_body_media JOIN articles ON articles.id = article_body_media.article_id
      WHERE article_body_media.media_id = ${mediaId} AND articles.status <> 'draft'`;
  if (!pages) return articles;
  return `${articles}
    UNION SELECT 'p:' || pages.id FROM page_body_media JOIN pages ON pages.id = page_body_media.page_id
      WHERE page_body_media.media_id = ${mediaId} AND pages.status = 'published'`;
}

/** Migration 016's triggers, with (`pages`) or without the pages. See 016 for why a rendition's key is logged once a statement. */
function triggers(pages: boolean): string[] {
  const logRenditionChange = (mediaId: string) => `INSERT INTO cache_changes (key, changed_at)
    SELECT shown.key, ${NOW} FROM (${showing(mediaId, pages)}) AS shown
    WHERE NOT EXISTS (SELECT 1 FROM cache_changes WHERE cache_changes.changed_at = ${NOW} AND cache_changes.key = shown.key);`;
  return [
    `CREATE TRIGGER cache_media_updated AFTER UPDATE ON media
      WHEN ${changed('url', 'alt', 'caption', 'credit', 'status', 'placeholder', 'width', 'height', 'focal_x', 'focal_y')} BEGIN
      INSERT INTO cache_changes (key, changed_at) SELECT shown.key, ${NOW} FROM (${showing('new.id', pages)}) AS shown;
    END`,
    `CREATE TRIGGER cache_media_rendition_inserted AFTER INSERT ON media_renditions BEGIN
      ${logRenditionChange('new.media_id')}
    END`,
    `CREATE TRIGGER cache_media_rendition_deleted AFTER DELETE ON media_renditions BEGIN
      ${logRenditionChange('old.media_id')}
    END`,
  ];
}
