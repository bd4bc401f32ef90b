import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The change log (issue 13): every change to what a public page shows writes the surrogate keys it
 * touches (`cacheKey` in src/domain/site/cache-keys.ts; the strings here must match it) into
 * `cache_changes`, from triggers, in the same transaction as the change. So the newsroom, the
 * command line, an import, a tag merge and another app instance all purge the same pages, and the
 * server sees changes another process committed by reading this table (src/db/sqlite/change-feed.ts).
 *
 * Each UPDATE trigger fires only when a column a reader can see changed, and only for rows readers
 * can see (a draft's saves, a pending comment's Akismet verdict, a secret setting purge nothing).
 *
 * With CDN purging on (the `cdn.purge` setting, kept in step with the server's PURGE_URL by
 * `serve`), each logged key is also appended to the one waiting `cdn.purge` outbox job, or starts
 * one: see docs/caching.md, "CDN purge".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cache_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  // Pruning deletes by age; the feed reads by id, which the primary key serves.
  await db.schema.createIndex('cache_changes_changed').on('cache_changes').column('changed_at').execute();
  // A media row's new caption finds the articles it is the featured image of.
  await db.schema.createIndex('articles_image').on('articles').column('image_id').where(sql.ref('image_id'), 'is not', null).execute();
  for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of TRIGGERS) await sql.raw(`DROP TRIGGER ${/CREATE TRIGGER (\w+)/.exec(trigger)![1]}`).execute(db);
  await db.schema.dropIndex('articles_image').execute();
  await db.schema.dropTable('cache_changes').execute();
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** Statements that log each key of `keys` (SQL string expressions), skipping NULL ones. */
function log(...keys: string[]): string {
  return keys.map((key) => `INSERT INTO cache_changes (key, changed_at) SELECT ${key}, ${NOW};`).join('\n');
}

/** Logs `key` only when `condition` holds. */
function logIf(condition: string, key: string): string {
  return `INSERT INTO cache_changes (key, changed_at) SELECT ${key}, ${NOW} WHERE ${condition};`;
}

/** `old.c IS NOT new.c OR …`: true when any of the columns changed. */
function changed(...columns: string[]): string {
  return '(' + columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ') + ')';
}

/** An article is public (or will be, when scheduled) unless it is a draft. */
const ARTICLE_SHOWN = [
  'slug',
  'headline',
  'standfirst',
  'body_html',
  'status',
  'published_at',
  // The page says when it was updated; the sitemaps and feeds carry it too.
  'updated_at',
  'author_id',
  'comments_open',
  'comment_count',
  'language',
  'featured',
  'image_id',
];
/** Which articles are public and in what order; the sitemaps also show each one's address and update time. */
const ARTICLE_LISTED = changed('status', 'published_at', 'featured', 'slug', 'updated_at');
/** Which articles a tag or author lists, and in what order. */
const ARTICLE_MEMBERSHIP = changed('status', 'published_at', 'author_id');

const COMMENT_SHOWN = changed(
  'article_id',
  'status',
  'parent_id',
  'depth',
  'author_name',
  'author_url',
  'body_html',
  'created_at',
  'staff_user_id',
  'edited_at',
);

/** The site settings are `site.*`; secrets and the spam filter's tuning show on no page. */
const siteSetting = (row: 'old' | 'new') => `substr(${row}.key, 1, 5) = 'site.'`;

const TRIGGERS = [
  // Articles. Their tag pages are purged by the article_tags triggers below as well, since every
  // path that changes an article's status or date also rewrites its tags' `listed_at`.
  `CREATE TRIGGER cache_article_inserted AFTER INSERT ON articles WHEN new.status <> 'draft' BEGIN
    ${log(`'a:' || new.id`, `'articles'`, `'lu:' || new.author_id`)}
  END`,
  `CREATE TRIGGER cache_article_updated AFTER UPDATE ON articles
    WHEN (old.status <> 'draft' OR new.status <> 'draft') AND ${changed(...ARTICLE_SHOWN)} BEGIN
    ${log(`'a:' || new.id`)}
    ${logIf(ARTICLE_LISTED, `'articles'`)}
    ${logIf(ARTICLE_MEMBERSHIP, `'lu:' || new.author_id`)}
    ${logIf('old.author_id IS NOT new.author_id', `'lu:' || old.author_id`)}
    INSERT INTO cache_changes (key, changed_at)
      SELECT 'lt:' || tag_id, ${NOW} FROM article_tags WHERE article_id = new.id AND ${changed('status', 'published_at')};
  END`,
  // Its article_tags rows go with it (ON DELETE CASCADE fires their trigger), purging its tag pages.
  `CREATE TRIGGER cache_article_deleted AFTER DELETE ON articles WHEN old.status <> 'draft' BEGIN
    ${log(`'a:' || old.id`, `'articles'`, `'lu:' || old.author_id`)}
  END`,

  // An article's tags: shown on the article, and its tag pages list it. listed_at is null for drafts.
  `CREATE TRIGGER cache_article_tag_inserted AFTER INSERT ON article_tags WHEN new.listed_at IS NOT NULL BEGIN
    ${log(`'a:' || new.article_id`, `'lt:' || new.tag_id`)}
  END`,
  `CREATE TRIGGER cache_article_tag_updated AFTER UPDATE ON article_tags
    WHEN (old.listed_at IS NOT NULL OR new.listed_at IS NOT NULL) AND ${changed('article_id', 'tag_id', 'position', 'listed_at')} BEGIN
    ${log(`'a:' || old.article_id`)}
    ${logIf('old.article_id IS NOT new.article_id', `'a:' || new.article_id`)}
    ${logIf(changed('tag_id', 'listed_at', 'article_id'), `'lt:' || old.tag_id`)}
    ${logIf('old.tag_id IS NOT new.tag_id', `'lt:' || new.tag_id`)}
  END`,
  `CREATE TRIGGER cache_article_tag_deleted AFTER DELETE ON article_tags WHEN old.listed_at IS NOT NULL BEGIN
    ${log(`'a:' || old.article_id`, `'lt:' || old.tag_id`)}
  END`,

  // Comments: only approved ones are shown; the article's count follows through articles.comment_count.
  `CREATE TRIGGER cache_comment_inserted AFTER INSERT ON comments WHEN new.status = 'approved' BEGIN
    ${log(`'c:' || new.article_id`)}
  END`,
  `CREATE TRIGGER cache_comment_updated AFTER UPDATE ON comments
    WHEN (old.status = 'approved' OR new.status = 'approved') AND ${COMMENT_SHOWN} BEGIN
    ${log(`'c:' || old.article_id`)}
    ${logIf('old.article_id IS NOT new.article_id', `'c:' || new.article_id`)}
  END`,
  `CREATE TRIGGER cache_comment_deleted AFTER DELETE ON comments WHEN old.status = 'approved' BEGIN
    ${log(`'c:' || old.article_id`)}
  END`,

  `CREATE TRIGGER cache_correction_inserted AFTER INSERT ON article_corrections BEGIN
    ${log(`'a:' || new.article_id`)}
  END`,
  `CREATE TRIGGER cache_correction_updated AFTER UPDATE ON article_corrections BEGIN
    ${log(`'a:' || old.article_id`)}
    ${logIf('old.article_id IS NOT new.article_id', `'a:' || new.article_id`)}
  END`,
  `CREATE TRIGGER cache_correction_deleted AFTER DELETE ON article_corrections BEGIN
    ${log(`'a:' || old.article_id`)}
  END`,

  // A featured image's address, text or caption, on each public article it leads. A deleted
  // image sets the articles' image_id to null, which their own trigger logs.
  `CREATE TRIGGER cache_media_updated AFTER UPDATE ON media WHEN ${changed('url', 'alt', 'caption')} BEGIN
    INSERT INTO cache_changes (key, changed_at)
      SELECT 'a:' || id, ${NOW} FROM articles WHERE image_id = new.id AND status <> 'draft';
  END`,

  // Tags. A tag page links to its parent and lists its children; sections are every page's navigation.
  `CREATE TRIGGER cache_tag_inserted AFTER INSERT ON tags BEGIN
    ${log(`'t:' || new.id`, `'tags'`)}
    ${logIf('new.parent_id IS NOT NULL', `'t:' || new.parent_id`)}
    ${logIf('new.is_section <> 0', `'site'`)}
  END`,
  `CREATE TRIGGER cache_tag_updated AFTER UPDATE ON tags
    WHEN ${changed('slug', 'name', 'description', 'is_section', 'position', 'parent_id')} BEGIN
    ${log(`'t:' || new.id`)}
    ${logIf(changed('slug'), `'tags'`)}
    ${logIf(`${changed('parent_id')} AND old.parent_id IS NOT NULL`, `'t:' || old.parent_id`)}
    ${logIf(`${changed('parent_id')} AND new.parent_id IS NOT NULL`, `'t:' || new.parent_id`)}
    ${logIf(`${changed('is_section')} OR (new.is_section <> 0 AND ${changed('name', 'slug', 'position')})`, `'site'`)}
  END`,
  `CREATE TRIGGER cache_tag_deleted AFTER DELETE ON tags BEGIN
    ${log(`'t:' || old.id`, `'tags'`)}
    ${logIf('old.parent_id IS NOT NULL', `'t:' || old.parent_id`)}
    ${logIf('old.is_section <> 0', `'site'`)}
  END`,
  `CREATE TRIGGER cache_tag_alias_inserted AFTER INSERT ON tag_aliases BEGIN
    ${log(`'t:' || new.tag_id`)}
  END`,
  `CREATE TRIGGER cache_tag_alias_updated AFTER UPDATE ON tag_aliases WHEN ${changed('tag_id', 'name', 'slug')} BEGIN
    ${log(`'t:' || old.tag_id`)}
    ${logIf('old.tag_id IS NOT new.tag_id', `'t:' || new.tag_id`)}
  END`,
  `CREATE TRIGGER cache_tag_alias_deleted AFTER DELETE ON tag_aliases BEGIN
    ${log(`'t:' || old.tag_id`)}
  END`,

  `CREATE TRIGGER cache_author_inserted AFTER INSERT ON authors BEGIN
    ${log(`'u:' || new.id`, `'authors'`)}
  END`,
  `CREATE TRIGGER cache_author_updated AFTER UPDATE ON authors WHEN ${changed('slug', 'name', 'bio')} BEGIN
    ${log(`'u:' || new.id`)}
    ${logIf(changed('slug'), `'authors'`)}
  END`,
  `CREATE TRIGGER cache_author_deleted AFTER DELETE ON authors BEGIN
    ${log(`'u:' || old.id`, `'authors'`)}
  END`,

  // Static pages; the published ones are linked from every page's footer.
  `CREATE TRIGGER cache_page_inserted AFTER INSERT ON pages WHEN new.status = 'published' BEGIN
    ${log(`'p:' || new.id`, `'pages'`, `'site'`)}
  END`,
  `CREATE TRIGGER cache_page_updated AFTER UPDATE ON pages
    WHEN (old.status = 'published' OR new.status = 'published')
      AND ${changed('slug', 'title', 'status', 'published_at', 'updated_at', 'body_html', 'author_id')} BEGIN
    ${log(`'p:' || new.id`)}
    ${logIf(changed('slug', 'title', 'status', 'published_at', 'updated_at'), `'pages'`)}
    ${logIf(changed('slug', 'title', 'status', 'published_at'), `'site'`)}
  END`,
  `CREATE TRIGGER cache_page_deleted AFTER DELETE ON pages WHEN old.status = 'published' BEGIN
    ${log(`'p:' || old.id`, `'pages'`, `'site'`)}
  END`,

  `CREATE TRIGGER cache_setting_inserted AFTER INSERT ON settings WHEN ${siteSetting('new')} BEGIN
    ${log(`'site'`)}
  END`,
  `CREATE TRIGGER cache_setting_updated AFTER UPDATE ON settings
    WHEN (${siteSetting('old')} OR ${siteSetting('new')}) AND ${changed('key', 'value')} BEGIN
    ${log(`'site'`)}
  END`,
  `CREATE TRIGGER cache_setting_deleted AFTER DELETE ON settings WHEN ${siteSetting('old')} BEGIN
    ${log(`'site'`)}
  END`,

  // The CDN purge: each key joins the one `cdn.purge` job that no worker has taken yet, or starts
  // one. Past 500 keys, or once `site` is among them, the job purges everything (`site` is on every page).
  `CREATE TRIGGER cache_change_purged AFTER INSERT ON cache_changes
    WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'cdn.purge' AND value = 'on') BEGIN
    INSERT INTO outbox (kind, payload, created_at, run_after)
      SELECT 'cdn.purge', json_object('keys', json_array(new.key)), new.changed_at, new.changed_at
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox WHERE kind = 'cdn.purge' AND done_at IS NULL AND dead_at IS NULL AND attempts = 0 AND locked_until IS NULL
      );
    UPDATE outbox
      SET payload = CASE
        WHEN new.key = 'site' OR json_array_length(payload, '$.keys') >= 500 THEN '{"keys":["site"]}'
        ELSE json_insert(payload, '$.keys[#]', new.key)
      END
      WHERE id = (
        SELECT max(id) FROM outbox WHERE kind = 'cdn.purge' AND done_at IS NULL AND dead_at IS NULL AND attempts = 0 AND locked_until IS NULL
      )
      AND NOT EXISTS (SELECT 1 FROM json_each(payload, '$.keys') WHERE value = new.key OR value = 'site');
  END`,
];
