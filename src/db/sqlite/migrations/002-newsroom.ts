import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The newsroom: staff accounts and their sessions, password resets, sign-in attempts, article
 * revisions, former slugs, corrections, autosaved drafts, staff replies and the moderation log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('contributor', 'author', 'editor', 'admin')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    // The byline: every staff member writes as one author, whose page lists their articles.
    .addColumn('author_id', 'integer', (c) => c.notNull().unique().references('authors.id'))
    // Set for a password somebody else chose (the CLI's generated one): it must be replaced at sign-in.
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    // Only a hash of the cookie's token is stored: a leaked database opens no session.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('client_address_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_attempts_email').on('sign_in_attempts').columns(['email', 'at']).execute();
  await db.schema.createIndex('sign_in_attempts_client').on('sign_in_attempts').columns(['client_address_hash', 'at']).execute();

  await db.schema
    .alterTable('articles')
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('articles_featured')
    .on('articles')
    .columns(['featured', 'published_at'])
    .where(sql.ref('status'), '<>', 'draft')
    .execute();
  // The admin list filters by status and sorts by the last change.
  await db.schema.createIndex('articles_status_updated').on('articles').columns(['status', 'updated_at']).execute();
  // The headline rides along so that a headline search (and its count) reads this index instead
  // of every row with its long body: 1.2 s became 3 ms at 20,000 articles (npm run bench).
  await db.schema.createIndex('articles_updated').on('articles').columns(['updated_at', 'headline']).execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('body_source', 'text', (c) => c.notNull())
    // Tag names in the editor's order, as a JSON array.
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('article_revisions_article').on('article_revisions').columns(['article_id', 'id']).execute();

  // A published article's former slugs: readers' links to an old address are sent on to the new one.
  await db.schema
    .createTable('article_slug_redirects')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('article_slug_redirects_article').on('article_slug_redirects').column('article_id').execute();

  await db.schema
    .createTable('article_corrections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_corrections_article').on('article_corrections').columns(['article_id', 'created_at']).execute();

  await db.schema
    .createTable('autosaves')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 0 for an article not yet saved.
    .addColumn('article_id', 'integer', (c) => c.notNull())
    // The editor's fields as JSON, exactly as typed.
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('autosaves_pk', ['user_id', 'article_id'])
    .execute();

  // A staff member's reply carries their account, so the page can mark it.
  await db.schema
    .alterTable('comments')
    .addColumn('staff_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('comments').addColumn('edited_at', 'text').execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_log_comment').on('moderation_log').columns(['comment_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'moderation_log',
    'autosaves',
    'article_corrections',
    'article_slug_redirects',
    'article_revisions',
    'sign_in_attempts',
    'password_resets',
    'sessions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('comments').dropColumn('edited_at').execute();
  await db.schema.alterTable('comments').dropColumn('staff_user_id').execute();
  await db.schema.dropIndex('articles_featured').execute();
  await db.schema.dropIndex('articles_status_updated').execute();
  await db.schema.dropIndex('articles_updated').execute();
  await db.schema.alterTable('articles').dropColumn('featured').execute();
  await db.schema.dropTable('users').execute();
}
