import { sql, type Kysely } from 'kysely';
import type { DB } from '../connection.ts';
import { rebuildSearchIndex } from '../search-index.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * Site search (see src/db/sqlite/search-index.ts for what each table holds and why its rowids are
 * publication times): a word index with stemming, a trigram index of the CJK text only, an index
 * of tag names and aliases, and the index row each article has. The existing articles are indexed
 * at once, so that an upgraded publication can be searched from its first start.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_words USING fts5(
    headline, standfirst, body, facets,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  // The headline and standfirst again, on their own: the first ranking tiers read these short
  // lists instead of a common word's list through every body. Contentless: snippets come from search_words.
  await sql`CREATE VIRTUAL TABLE search_heads USING fts5(
    headline, standfirst, facets,
    tokenize = 'porter unicode61 remove_diacritics 2', content = '', contentless_delete = 1
  )`.execute(db);
  // Contentless: snippets come from search_words, so only the trigram index itself is kept.
  await sql`CREATE VIRTUAL TABLE search_cjk USING fts5(
    headline, standfirst, body,
    tokenize = 'trigram', content = '', contentless_delete = 1
  )`.execute(db);
  // The trigrams themselves, in order: a two-character query looks up the trigrams that start with it.
  await sql`CREATE VIRTUAL TABLE search_cjk_terms USING fts5vocab(search_cjk, 'row')`.execute(db);
  await sql`CREATE VIRTUAL TABLE search_tags USING fts5(
    names,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await db.schema
    .createTable('search_rows')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('row_key', 'integer', (c) => c.notNull())
    .execute();
  // Whatever deletes an article or a tag, today or later, takes its index rows with it in the same transaction.
  await sql`CREATE TRIGGER search_article_deleted AFTER DELETE ON articles BEGIN
    DELETE FROM search_words WHERE rowid = (SELECT row_key FROM search_rows WHERE article_id = old.id);
    DELETE FROM search_heads WHERE rowid = (SELECT row_key FROM search_rows WHERE article_id = old.id);
    DELETE FROM search_cjk WHERE rowid = (SELECT row_key FROM search_rows WHERE article_id = old.id);
    DELETE FROM search_rows WHERE article_id = old.id;
  END`.execute(db);
  await sql`CREATE TRIGGER search_tag_deleted AFTER DELETE ON tags BEGIN
    DELETE FROM search_tags WHERE rowid = old.id;
  END`.execute(db);
  await rebuildSearchIndex(db as DB);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER search_tag_deleted`.execute(db);
  await sql`DROP TRIGGER search_article_deleted`.execute(db);
  await db.schema.dropTable('search_rows').execute();
  for (const table of ['search_tags', 'search_cjk_terms', 'search_cjk', 'search_heads', 'search_words'])
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
