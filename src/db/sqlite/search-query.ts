import { sql, type RawBuilder } from 'kysely';
import type { SearchRequest } from '../../domain/search/search.ts';
import { ROW_KEY_SCALE } from './search-index.ts';

/**
 * Builds the FTS5 statements of one search from its terms. Every MATCH expression is written
 * here from the parsed terms, each one quoted: nothing a reader types reaches MATCH as syntax.
 *
 * Relevance comes in tiers, each a set of index rows: 0, every term in the headline; 1, in the
 * headline, the standfirst or a tag's name; 2, anywhere. Within a tier the newest come first,
 * which is the index's own row order, so a page reads only its rows, not every match. Tiers 0 and
 * 1 read search_heads, whose lists hold headlines and standfirsts alone: through search_words
 * they read a common word's whole list across every body. Each tier includes the one above it;
 * an article is ranked in the first tier that has it (see rankedIds).
 */

export const TIERS = [0, 1, 2] as const;
const WORD_COLUMNS = ['{headline}', '{headline standfirst}', '{headline standfirst body}'];
/** The word index each tier reads. */
const WORD_TABLES = ['search_heads', 'search_heads', 'search_words'].map((table) => sql.raw(table));

/** What the terms resolved to before the statements are built. */
export interface ResolvedTerms {
  /** Tag ids whose name or alias matches each word term, and each CJK term, by term. */
  readonly wordTags: ReadonlyArray<readonly number[]>;
  readonly cjkTags: ReadonlyArray<readonly number[]>;
  /** The trigrams that start with each CJK term shorter than three characters (null for longer terms). */
  readonly shortCjk: ReadonlyArray<readonly string[] | null>;
}

/** A double-quoted FTS5 string: the tokenizer reads its content as plain text. */
export function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function anyOf(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `(${items.join(' OR ')})`;
}

/** A CJK term as the trigram index matches it: itself, or for a short one the trigrams that start with it; null when none do. */
function cjkMatch(term: string, short: readonly string[] | null | undefined): string | null {
  if (short === null || short === undefined) return quoted(term);
  return short.length > 0 ? anyOf(short.map(quoted)) : null;
}

function facetsOf(tagIds: readonly number[]): string {
  return `{facets}: ${anyOf(tagIds.map((id) => quoted(`t${id}`)))}`;
}

/**
 * The rows of every tier, as SQL selects of `key`, ready to be counted or paged. `floor` (a row key,
 * as text) limits the last tier to rows from it on: see `floorSql`.
 */
export function tierSets(request: SearchRequest, resolved: ResolvedTerms, floor: string | null = null): Array<RawBuilder<unknown> | null> {
  const { terms } = request;
  const fullRange = rangeSql(request);
  const floored = floor === null ? fullRange : sql<boolean>`${fullRange} AND rowid >= CAST(${floor} AS INTEGER)`;
  const rangeAt = (tier: number) => (tier === TIERS.at(-1) ? floored : fullRange);
  const filters = [
    ...(request.authorId !== undefined ? [`{facets}: ${quoted(`a${request.authorId}`)}`] : []),
    ...(request.tagId !== undefined ? [`{facets}: ${quoted(`t${request.tagId}`)}`] : []),
  ];
  const wordsAt = (tier: number): string | null => {
    if (terms.words.length === 0) return null;
    return terms.words
      .map((phrase, i) => {
        const own = `${WORD_COLUMNS[tier]}: ${quoted(phrase.join(' '))}`;
        const tags = resolved.wordTags[i] ?? [];
        return tier > 0 && tags.length > 0 ? `(${own} OR ${facetsOf(tags)})` : `(${own})`;
      })
      .join(' AND ');
  };
  const words = (tier: number, match: string) =>
    sql`SELECT rowid AS key FROM ${WORD_TABLES[tier]!} WHERE ${WORD_TABLES[tier]!} MATCH ${match} AND ${rangeAt(tier)}`;

  // Words alone (the common case): one MATCH per tier.
  if (terms.cjk.length === 0) return TIERS.map((tier) => words(tier, [wordsAt(tier)!, ...filters].join(' AND ')));

  // With CJK terms, each tier is the intersection of the word rows and each CJK term's rows.
  return TIERS.map((tier) => {
    const members: RawBuilder<unknown>[] = [];
    const wordMatch = [wordsAt(tier), ...filters].filter((part): part is string => part !== null);
    if (wordMatch.length > 0) members.push(words(tier, wordMatch.join(' AND ')));
    for (const [i, term] of terms.cjk.entries()) {
      const own = cjkMatch(term, resolved.shortCjk[i]);
      const tags = tier > 0 ? (resolved.cjkTags[i] ?? []) : [];
      const parts: RawBuilder<unknown>[] = [];
      if (own) {
        parts.push(sql`SELECT rowid AS key FROM search_cjk WHERE search_cjk MATCH ${`${WORD_COLUMNS[tier]}: ${own}`} AND ${rangeAt(tier)}`);
      }
      if (tags.length > 0) parts.push(words(tier, facetsOf(tags)));
      if (parts.length === 0) return null;
      members.push(parts.length === 1 ? parts[0]! : sql`SELECT key FROM (${parts[0]!}) UNION SELECT key FROM (${parts[1]!})`);
    }
    return sql.join(
      members.map((member) => sql`SELECT key FROM (${member})`),
      sql` INTERSECT `,
    );
  });
}

/**
 * The key of the `depth`-th newest row of the first CJK term's last tier, or nothing when it has
 * fewer rows. Intersected with a common word, that tier would read the word's whole list; the
 * newest `depth` rows of the CJK term usually hold a full ranking, and from this key on the word's
 * list is a short range. The caller walks it all again when they do not (search.ts).
 */
export function floorSql(request: SearchRequest, resolved: ResolvedTerms, depth: number): RawBuilder<{ floor: string }> | null {
  const term = request.terms.cjk[0];
  if (term === undefined || request.terms.words.length === 0) return null;
  const own = cjkMatch(term, resolved.shortCjk[0]);
  if (!own) return null;
  const tier = TIERS.at(-1)!;
  return sql<{ floor: string }>`
    SELECT CAST(rowid AS TEXT) AS floor FROM search_cjk
    WHERE search_cjk MATCH ${`${WORD_COLUMNS[tier]}: ${own}`} AND ${rangeSql(request)}
    ORDER BY rowid DESC LIMIT 1 OFFSET ${depth - 1}`;
}

/** Published between `from` and `until`, as a row id range (see search-index.ts). */
function rangeSql(request: SearchRequest): RawBuilder<boolean> {
  const untilSeconds = Math.floor(request.until.getTime() / 1000);
  // Cast: a bound number arrives as floating point, too coarse for a row key.
  const upper = sql`rowid <= (CAST(${untilSeconds} AS INTEGER) * ${sql.lit(ROW_KEY_SCALE)} + ${sql.lit(ROW_KEY_SCALE - 1)})`;
  if (!request.from) return sql<boolean>`${upper}`;
  const fromSeconds = Math.ceil(request.from.getTime() / 1000);
  return sql<boolean>`rowid >= (CAST(${fromSeconds} AS INTEGER) * ${sql.lit(ROW_KEY_SCALE)}) AND ${upper}`;
}

/** The article id inside a row key (kept in SQL: the key is larger than a JS number holds exactly). */
export const articleIdOfKey = sql<number>`((key % ${sql.lit(ROW_KEY_SCALE)}) + ${sql.lit(ROW_KEY_SCALE)}) % ${sql.lit(ROW_KEY_SCALE)}`;

/** The one MATCH expression that finds any word term anywhere: what the highlights mark. */
export function highlightMatch(request: SearchRequest): string | null {
  if (request.terms.words.length === 0) return null;
  return `{headline standfirst body}: ${anyOf(request.terms.words.map((phrase) => quoted(phrase.join(' '))))}`;
}
