import { sql, type RawBuilder } from 'kysely';
import { MARK_END, MARK_START } from '../../domain/search/search-terms.ts';
import { SUMMARY_COLUMNS } from '../articles/article-listings.ts';
import { picturesOf, tagRefsFor, toSummary } from '../articles/articles.ts';
import type { DB } from '../schema.ts';
import { ROW_KEY_SCALE } from './search-index.ts';
import { articleIdOfKey, floorSql, highlightMatch, quoted, tierSets, TIERS, type ResolvedTerms } from './search-query.ts';
import type { SearchRepository, SearchRequest, StoredSearchHit } from '../../domain/search/repository.ts';

/** How many trigrams a one- or two-character CJK term may stand for; the most common are kept. */
const SHORT_CJK_TRIGRAMS = 300;
/** Words of context in a snippet. */
const SNIPPET_TOKENS = 28;
/** Characters of context around a CJK match, or of a body's opening when nothing in it matched. */
const EXCERPT_CHARS = 150;

/**
 * Site search on SQLite FTS5 (the index is described in search-index.ts, the statements in
 * search-query.ts). A page costs: one look-up of the tags the terms name,
 * one walk of the index for the ranked ids, then the page's articles, tags and snippets.
 */
export function searchRepository(db: DB): SearchRepository {
  return {
    async search(request) {
      const resolved = await resolveTerms(db, request);
      const floor = await floorOf(db, request, resolved);
      let ranked = await rankedIds(db, tierSets(request, resolved, floor), request.countUpTo);
      // From the floor on, the last tier is exact only if it filled the ranking; else walk it all.
      if (floor !== null && ranked.length < request.countUpTo) ranked = await rankedIds(db, tierSets(request, resolved), request.countUpTo);
      const ids = ranked.slice(request.offset, request.offset + request.limit);
      const total = ranked.length;
      if (ids.length === 0) return { items: [], total };
      return { items: await hitsFor(db, ids, request), total };
    },
  };
}

async function resolveTerms(db: DB, request: SearchRequest): Promise<ResolvedTerms> {
  const { words, cjk } = request.terms;
  const lookups: RawBuilder<unknown>[] = [
    ...words.map(
      (phrase, i) => sql`SELECT ${i} AS term, rowid AS tag_id FROM search_tags WHERE search_tags MATCH ${quoted(phrase.join(' '))}`,
    ),
    // The tag index has a row per tag, a few thousand at most: a substring scan of it is cheap.
    ...cjk.map((term, i) => sql`SELECT ${words.length + i} AS term, rowid AS tag_id FROM search_tags WHERE instr(names, ${term}) > 0`),
  ];
  const { rows } = await sql<{ term: number; tag_id: number }>`${sql.join(lookups, sql` UNION ALL `)}`.execute(db);
  const tagsOf = (term: number) => rows.filter((row) => row.term === term).map((row) => row.tag_id);
  const shortCjk: Array<string[] | null> = [];
  for (const term of cjk) shortCjk.push([...term].length < 3 ? await trigramsStartingWith(db, term) : null);
  return {
    wordTags: words.map((_, i) => tagsOf(i)),
    cjkTags: cjk.map((_, i) => tagsOf(words.length + i)),
    shortCjk,
  };
}

/**
 * A trigram index cannot look up fewer than three characters, but it keeps its trigrams in order:
 * those that start with the term are one range of its vocabulary, and every place the term occurs
 * starts one of them (each indexed run ends with two spaces, see search-index.ts).
 */
async function trigramsStartingWith(db: DB, term: string): Promise<string[]> {
  const points = [...term];
  const last = points.pop()!.codePointAt(0)!;
  const next = points.join('') + String.fromCodePoint(last + 1);
  const { rows } = await sql<{ term: string }>`
    SELECT term FROM search_cjk_terms WHERE term >= ${term} AND term < ${next} ORDER BY doc DESC LIMIT ${SHORT_CJK_TRIGRAMS}
  `.execute(db);
  return rows.map((row) => row.term);
}

/** Where the last tier of a query with words and CJK may start (see floorSql), or null to read it all. */
async function floorOf(db: DB, request: SearchRequest, resolved: ResolvedTerms): Promise<string | null> {
  const query = floorSql(request, resolved, 2 * request.countUpTo);
  if (!query) return null;
  const { rows } = await query.execute(db);
  return rows[0]?.floor ?? null;
}

/**
 * The ids of every tier's rows up to `upTo`, best tier first and newest first within it. One
 * statement reads them all: the count and every page come from it, so the index is walked once.
 */
async function rankedIds(db: DB, sets: ReadonlyArray<RawBuilder<unknown> | null>, upTo: number): Promise<number[]> {
  const tiers = TIERS.flatMap((tier) => {
    const set = sets[tier];
    if (!set) return [];
    return [
      // Enough: a tier includes the one above it, so if that one has fewer than `upTo` rows, this
      // one's first `upTo` hold at least as many rows it adds as the ranking has room for.
      sql`SELECT * FROM (SELECT ${tier} AS tier, ${articleIdOfKey} AS id, key / ${sql.lit(ROW_KEY_SCALE)} AS seconds FROM (${set}) ORDER BY key DESC LIMIT ${upTo})`,
    ];
  });
  if (tiers.length === 0) return [];
  const { rows } = await sql<{ tier: number; id: number; seconds: number }>`${sql.join(tiers, sql` UNION ALL `)}`.execute(db);
  const ranked = rows.sort((a, b) => a.tier - b.tier || b.seconds - a.seconds || b.id - a.id).map((row) => row.id);
  // An article counts in the first tier that has it.
  return [...new Set(ranked)].slice(0, upTo);
}

async function hitsFor(db: DB, ids: readonly number[], request: SearchRequest): Promise<StoredSearchHit[]> {
  const keys = sql`(SELECT row_key FROM search_rows WHERE article_id IN (${sql.join(ids.map((id) => sql.lit(id)))}))`;
  const match = highlightMatch(request);
  const firstCjk = request.terms.cjk[0];
  const found = firstCjk ? sql`instr(body, ${firstCjk})` : sql`0`;
  const [summaries, tags, excerpts, highlights] = await Promise.all([
    db
      .selectFrom('articles')
      .innerJoin('authors', 'authors.id', 'articles.author_id')
      .select(SUMMARY_COLUMNS)
      .where('articles.id', 'in', ids)
      .execute(),
    tagRefsFor(db, ids),
    // Where the body shows the first CJK term, or how it opens.
    sql<{ id: number; headline: string; start: number; excerpt: string; length: number }>`
      SELECT id, headline, start, substr(body, start, ${EXCERPT_CHARS}) AS excerpt, length(body) AS length
      FROM (SELECT ${articleIdOfKey} AS id, headline, body,
              CASE WHEN ${found} > 0 THEN max(1, ${found} - ${EXCERPT_CHARS / 3}) ELSE 1 END AS start
            FROM (SELECT rowid AS key, headline, body FROM search_words WHERE rowid IN ${keys}))
    `.execute(db),
    match
      ? sql<{ id: number; headline: string; snippet: string }>`
          SELECT ${articleIdOfKey} AS id, headline, snippet FROM (
            SELECT rowid AS key,
              highlight(search_words, 0, ${MARK_START}, ${MARK_END}) AS headline,
              snippet(search_words, 2, ${MARK_START}, ${MARK_END}, '…', ${SNIPPET_TOKENS}) AS snippet
            FROM search_words WHERE search_words MATCH ${match} AND rowid IN ${keys})
        `.execute(db)
      : { rows: [] },
  ]);
  const pictures = await picturesOf(db, summaries);
  const summaryOf = new Map(summaries.map((row) => [row.id, toSummary(row, tags.get(row.id) ?? [], pictures)]));
  const excerptOf = new Map(excerpts.rows.map((row) => [Number(row.id), row]));
  const highlightOf = new Map(highlights.rows.map((row) => [Number(row.id), row]));
  return ids.flatMap((id) => {
    const article = summaryOf.get(id);
    const excerpt = excerptOf.get(id);
    if (!article || !excerpt) return [];
    const highlight = highlightOf.get(id);
    const start = Math.max(1, Number(excerpt.start));
    const opening = `${start > 1 ? '…' : ''}${excerpt.excerpt}${start + EXCERPT_CHARS <= excerpt.length ? '…' : ''}`;
    // A match in the headline or standfirst alone leaves the snippet with nothing marked: the opening serves as well.
    const snippet = highlight?.snippet.includes(MARK_START) ? highlight.snippet : opening;
    return [{ article, headline: highlight?.headline ?? excerpt.headline, snippet }];
  });
}
