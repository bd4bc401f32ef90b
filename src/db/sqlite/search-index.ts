import { sql } from 'kysely';
import { cjkRuns, MARK_END, MARK_START } from '../../domain/search/search-terms.ts';
import type { DB } from '../schema.ts';
import { insertRows, type BulkRow } from './bulk.ts';

/**
 * Keeping the search index in step with the articles and tags (SQLite FTS5).
 *
 * - `search_words` holds each public article's headline, standfirst and body text (the rendered
 *   body without its markup), stemmed, plus a `facets` column of tokens for its author (`a12`)
 *   and tags (`t5`), which the filters and tag matches use.
 * - `search_heads` holds the headline, standfirst and facets again, without the body: the first
 *   ranking tiers read its short lists (search-query.ts).
 * - `search_cjk` holds only the CJK runs of the same fields, as trigrams, so that `大灣區` finds
 *   `粵港澳大灣區` and an English publication pays nothing for trigrams of its English.
 * - `search_tags` holds each tag's name and aliases: a query word that names a tag finds the
 *   articles with that tag, and renaming a tag or adding an alias rewrites one row, not every article.
 *
 * Drafts are not indexed. A published or scheduled article's row id is its publication time in
 * seconds (rounded up) times ROW_KEY_SCALE plus its id: the index hands rows out newest first and
 * "published by now" is a row id range, so a scheduled article appears at its time by itself.
 */
export const ROW_KEY_SCALE = 100_000_000;

/** Articles are read and written this many at a time. */
const BATCH = 400;

/** An article's publication time as whole seconds, rounded up: never shown before its time. */
export function keySeconds(publishedAt: Date | string): number {
  return Math.ceil(new Date(publishedAt).getTime() / 1000);
}

/**
 * (Re)indexes these articles with a few statements per 400 of them: removes their old rows and
 * writes new ones for those that are published or scheduled. Call it inside the transaction that
 * wrote them; the bulk import calls it once per batch with the batch's article ids.
 */
export async function indexArticles(db: DB, articleIds: readonly number[]): Promise<void> {
  for (let i = 0; i < articleIds.length; i += BATCH) await indexBatch(db, articleIds.slice(i, i + BATCH));
}

async function indexBatch(db: DB, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  // One bound JSON list, so that these statements are the same whatever the batch's length.
  const idList = sql<number>`(select value from json_each(${JSON.stringify(ids)}))`;
  await sql`DELETE FROM search_words WHERE rowid IN (SELECT row_key FROM search_rows WHERE article_id IN ${idList})`.execute(db);
  await sql`DELETE FROM search_cjk WHERE rowid IN (SELECT row_key FROM search_rows WHERE article_id IN ${idList})`.execute(db);
  await sql`DELETE FROM search_heads WHERE rowid IN (SELECT row_key FROM search_rows WHERE article_id IN ${idList})`.execute(db);
  await sql`DELETE FROM search_rows WHERE article_id IN ${idList}`.execute(db);
  const [articles, links] = await Promise.all([
    db
      .selectFrom('articles')
      .select(['id', 'headline', 'standfirst', 'body_html', 'published_at', 'author_id'])
      .where('id', 'in', idList)
      .where('status', '<>', 'draft')
      .where('published_at', 'is not', null)
      .execute(),
    db.selectFrom('article_tags').select(['article_id', 'tag_id']).where('article_id', 'in', idList).execute(),
  ]);
  if (articles.length === 0) return;
  const tagsOf = new Map<number, number[]>();
  for (const link of links) {
    const tags = tagsOf.get(link.article_id);
    if (tags) tags.push(link.tag_id);
    else tagsOf.set(link.article_id, [link.tag_id]);
  }

  const words: BulkRow[] = [];
  const heads: BulkRow[] = [];
  const cjk: BulkRow[] = [];
  const rows: BulkRow[] = [];
  for (const article of articles) {
    const key = rowKey(keySeconds(article.published_at!), article.id);
    const headline = plain(article.headline);
    const standfirst = plain(article.standfirst);
    const body = htmlText(article.body_html);
    const facets = [`a${article.author_id}`, ...(tagsOf.get(article.id) ?? []).map((tagId) => `t${tagId}`)].join(' ');
    words.push({ rowid: key, headline, standfirst, body, facets });
    heads.push({ rowid: key, headline, standfirst, facets });
    rows.push({ article_id: article.id, row_key: key });
    const [cjkHeadline, cjkStandfirst, cjkBody] = [headline, standfirst, body].map(cjkText);
    if (cjkHeadline || cjkStandfirst || cjkBody)
      cjk.push({ rowid: key, headline: cjkHeadline!, standfirst: cjkStandfirst!, body: cjkBody! });
  }
  insertRows(db, 'search_words', words);
  insertRows(db, 'search_heads', heads);
  insertRows(db, 'search_cjk', cjk);
  insertRows(db, 'search_rows', rows);
}

/** The row id of an article published at `seconds`, exactly: it is larger than a JS number holds. */
function rowKey(seconds: number, articleId: number): bigint {
  return BigInt(seconds) * BigInt(ROW_KEY_SCALE) + BigInt(articleId);
}

/** Rewrites the name rows of these tags: their names and aliases as they are now. */
export async function indexTags(db: DB, tagIds: readonly number[]): Promise<void> {
  if (tagIds.length === 0) return;
  await sql`DELETE FROM search_tags WHERE rowid IN (${sql.join(tagIds.map((id) => sql.lit(id)))})`.execute(db);
  const [tags, aliases] = await Promise.all([
    db.selectFrom('tags').select(['id', 'name']).where('id', 'in', tagIds).execute(),
    db.selectFrom('tag_aliases').select(['tag_id', 'name']).where('tag_id', 'in', tagIds).execute(),
  ]);
  if (tags.length === 0) return;
  const names = new Map(tags.map((tag) => [tag.id, [plain(tag.name)]]));
  for (const alias of aliases) names.get(alias.tag_id)?.push(plain(alias.name));
  const values = [...names].map(([id, list]) => sql`(${id}, ${list.join('\n')})`);
  await sql`INSERT INTO search_tags (rowid, names) VALUES ${sql.join(values)}`.execute(db);
}

/** Indexes every article and tag afresh (the migration, and the benchmark after its bulk insert). */
export async function rebuildSearchIndex(db: DB): Promise<void> {
  await sql`DELETE FROM search_words`.execute(db);
  await sql`DELETE FROM search_heads`.execute(db);
  await sql`DELETE FROM search_cjk`.execute(db);
  await sql`DELETE FROM search_rows`.execute(db);
  await sql`DELETE FROM search_tags`.execute(db);
  let after = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('articles')
        .select('id')
        .where('id', '>', after)
        .where('status', '<>', 'draft')
        .orderBy('id')
        .limit(2_000)
        .execute()
    ).map((row) => row.id);
    if (ids.length === 0) break;
    await indexArticles(db, ids);
    after = ids.at(-1)!;
  }
  const tagIds = (await db.selectFrom('tags').select('id').execute()).map((row) => row.id);
  for (let i = 0; i < tagIds.length; i += BATCH) await indexTags(db, tagIds.slice(i, i + BATCH));
}

/** The articles with this tag, to index again after their tags changed under them (a merge). */
export async function articlesWithTag(db: DB, tagId: number): Promise<number[]> {
  const rows = await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).execute();
  return rows.map((row) => row.article_id);
}

/** The CJK runs of a field, each followed by two spaces, so that a one- or two-character run still ends a trigram. */
function cjkText(text: string): string {
  return cjkRuns(text)
    .map((run) => `${run}  `)
    .join('');
}

/** Text without the snippet marks, which must never occur in what is indexed. */
function plain(text: string): string {
  return text.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
// `[^<>]*` rather than `[^>]*`: a scan stops at the next `<`, so text full of unclosed `<` is read once, not once per `<`.
const BLOCK = /<\/?(?:p|div|h[1-6]|li|ul|ol|blockquote|pre|br|hr|tr|td|th|table|figure|figcaption|section|aside)\b[^<>]*>/gi;

/** The text a reader sees of a rendered (and sanitized) body: no tags, entities decoded, blocks on their own lines. */
export function htmlText(html: string): string {
  const text = html
    .replace(BLOCK, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
  return plain(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}
