import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The change log follows library pictures (issue 14). Migration 011 logged a picture's articles
 * when its url, alt text or caption changed, which was all an imported picture had; an upload also
 * changes when its renditions are made (status, size, placeholder), when its credit or focal point
 * is edited, and when it is made again (new rendition files, the row otherwise alike). Each logs
 * the public articles it leads and the public articles whose body shows it (article_body_media,
 * migration 015), which the home page, tag pages and feeds carry too (`a:ID`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER cache_media_updated`.execute(db);
  for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of TRIGGERS) await sql.raw(`DROP TRIGGER ${/CREATE TRIGGER (\w+)/.exec(trigger)![1]}`).execute(db);
  await sql.raw(PREVIOUS).execute(db);
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** `old.c IS NOT new.c OR …`: true when any of the columns changed. */
function changed(...columns: string[]): string {
  return '(' + columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ') + ')';
}

/** The keys (column `key`) of the public articles that show picture `mediaId`: as their lead, or in their body, each once. */
function articlesShowing(mediaId: string): string {
  return `SELECT 'a:' || id AS key FROM articles WHERE image_id = ${mediaId} AND status <> 'draft'
    UNION SELECT 'a:' || articles.id FROM article_body_media JOIN articles ON articles.id = article_body_media.article_id
      WHERE article_body_media.media_id = ${mediaId} AND articles.status <> 'draft'`;
}

/**
 * A picture's renditions are replaced in two statements of many rows (delete, insert), each row
 * firing its trigger; `now` is one value within a statement, so a key already logged at that
 * instant is not logged again: one key a statement, not one a rendition.
 */
function logRenditionChange(mediaId: string): string {
  return `INSERT INTO cache_changes (key, changed_at)
    SELECT shown.key, ${NOW} FROM (${articlesShowing(mediaId)}) AS shown
    WHERE NOT EXISTS (SELECT 1 FROM cache_changes WHERE cache_changes.changed_at = ${NOW} AND cache_changes.key = shown.key);`;
}

const TRIGGERS = [
  `CREATE TRIGGER cache_media_updated AFTER UPDATE ON media
    WHEN ${changed('url', 'alt', 'caption', 'credit', 'status', 'placeholder', 'width', 'height', 'focal_x', 'focal_y')} BEGIN
    INSERT INTO cache_changes (key, changed_at) SELECT shown.key, ${NOW} FROM (${articlesShowing('new.id')}) AS shown;
  END`,
  `CREATE TRIGGER cache_media_rendition_inserted AFTER INSERT ON media_renditions BEGIN
    ${logRenditionChange('new.media_id')}
  END`,
  `CREATE TRIGGER cache_media_rendition_deleted AFTER DELETE ON media_renditions BEGIN
    ${logRenditionChange('old.media_id')}
  END`,
];

/** Migration 011's trigger, put back by `down`. */
const PREVIOUS = `CREATE TRIGGER cache_media_updated AFTER UPDATE ON media WHEN ${changed('url', 'alt', 'caption')} BEGIN
    INSERT INTO cache_changes (key, changed_at)
      SELECT 'a:' || id, ${NOW} FROM articles WHERE image_id = new.id AND status <> 'draft';
  END`;
