import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * Moving in from WordPress and Ghost: HTML bodies beside Markdown ones, media with featured images,
 * standalone pages, category hierarchy, the old site's addresses, and what each import brought.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Imported bodies are HTML (sanitized on save); articles written here stay Markdown.
  await db.schema
    .alterTable('articles')
    .addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown'))
    .execute();
  await db.schema
    .alterTable('article_revisions')
    .addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown'))
    .execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Where the file lives: imported media stay on the old site's server (or wherever it was copied).
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mime_type', 'text', (c) => c.notNull().defaultTo(''))
    // The article the file was uploaded to, when there is one.
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_article').on('media').column('article_id').execute();
  await db.schema
    .alterTable('articles')
    .addColumn('image_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .execute();

  // A WordPress category's parent: the tag page links up to it and down to its children.
  await db.schema
    .alterTable('tags')
    .addColumn('parent_id', 'integer', (c) => c.references('tags.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('tags_parent').on('tags').column('parent_id').execute();

  // Standalone pages (About, Contact, Corrections policy): no tags, no comments, never listed.
  await db.schema
    .createTable('pages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown'))
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .execute();

  // The old site's addresses (a permalink path, or "?p=123"), each answered with a 301 to its new home.
  await db.schema
    .createTable('legacy_redirects')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('article', 'page', 'tag', 'author', 'media')`))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legacy_redirects_target').on('legacy_redirects').columns(['target_kind', 'target_id']).execute();

  // What each import brought in: a second run of the same file finds every item here and, when
  // its hash is unchanged, leaves it alone; a changed hash updates the row it made.
  await db.schema
    .createTable('imported_items')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_items_pk', ['source', 'kind', 'external_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['imported_items', 'legacy_redirects', 'pages']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('tags_parent').execute();
  await db.schema.alterTable('tags').dropColumn('parent_id').execute();
  await db.schema.alterTable('articles').dropColumn('image_id').execute();
  await db.schema.dropTable('media').execute();
  await db.schema.alterTable('article_revisions').dropColumn('body_format').execute();
  await db.schema.alterTable('articles').dropColumn('body_format').execute();
}
