import { sql } from 'kysely';
import type { DB } from '../schema.ts';
import { toIso } from '../time.ts';
import type { NewsroomListing, PublicListing } from '../../domain/articles/repository.ts';

/** What every article listing reads: the summary columns with the byline's name and slug. */
export const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.headline',
  'articles.standfirst',
  'articles.status',
  'articles.published_at',
  'articles.updated_at',
  'articles.comment_count',
  'articles.language',
  'articles.author_id',
  'articles.featured',
  'articles.image_id',
  'authors.slug as author_slug',
  'authors.name as author_name',
] as const;

/**
 * One page of a public listing, newest first. Each shape walks an index in order and stops after
 * the page: articles_public for the home page, article_tags_listing for a tag, articles_author for
 * an author. 'draft' is a literal because SQLite proves a partial index's WHERE clause at prepare
 * time, which a bound parameter defeats. The rule itself is isPubliclyVisible's.
 */
export function listingPage(db: DB, listing: PublicListing) {
  const now = toIso(listing.now);
  const page = db
    .selectFrom('articles')
    .innerJoin('authors', 'authors.id', 'articles.author_id')
    .select(SUMMARY_COLUMNS)
    .limit(listing.limit)
    .offset(listing.offset);
  if (listing.tagId !== undefined) {
    return page
      .innerJoin('article_tags', 'article_tags.article_id', 'articles.id')
      .where('article_tags.tag_id', '=', listing.tagId)
      .where('article_tags.listed_at', '<=', now)
      .$if(listing.excludeId !== undefined, (query) => query.where('article_tags.article_id', '<>', listing.excludeId!))
      .orderBy('article_tags.listed_at', 'desc')
      .orderBy('article_tags.article_id', 'desc')
      .execute();
  }
  return page
    .where('articles.status', '<>', sql.lit('draft'))
    .where('articles.published_at', '<=', now)
    .$if(listing.authorId !== undefined, (query) => query.where('articles.author_id', '=', listing.authorId!))
    .$if(listing.excludeId !== undefined, (query) => query.where('articles.id', '<>', listing.excludeId!))
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .execute();
}

export async function listingCount(db: DB, listing: PublicListing): Promise<number> {
  const now = toIso(listing.now);
  const query =
    listing.tagId !== undefined
      ? db
          .selectFrom('article_tags')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .where('tag_id', '=', listing.tagId)
          .where('listed_at', '<=', now)
          .$if(listing.excludeId !== undefined, (q) => q.where('article_id', '<>', listing.excludeId!))
      : db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .where('status', '<>', sql.lit('draft'))
          .where('published_at', '<=', now)
          .$if(listing.authorId !== undefined, (q) => q.where('author_id', '=', listing.authorId!))
          .$if(listing.excludeId !== undefined, (q) => q.where('id', '<>', listing.excludeId!));
  const { total } = await query.executeTakeFirstOrThrow();
  return Number(total);
}

/**
 * One page of the newsroom list. The page's ids come first, from an index where the filters allow;
 * only those rows are then read and joined to their byline. Joined before the OFFSET, every skipped
 * article's row was read too: page 200 read 5,000 rows of 10 KB.
 */
export function newsroomPage(db: DB, listing: NewsroomListing) {
  const pageIds = newsroomFilter(db, listing)
    .select('articles.id')
    .orderBy('articles.updated_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(listing.limit)
    .offset(listing.offset);
  return db
    .selectFrom('articles')
    .innerJoin('authors', 'authors.id', 'articles.author_id')
    .select(SUMMARY_COLUMNS)
    .where('articles.id', 'in', pageIds)
    .orderBy('articles.updated_at', 'desc')
    .orderBy('articles.id', 'desc')
    .execute();
}

/**
 * How many articles the newsroom's filters match. A tag alone is counted in its own index range:
 * tested article by article, a popular tag's count walked all 20,000.
 */
export async function newsroomCount(db: DB, listing: Omit<NewsroomListing, 'limit' | 'offset'>): Promise<number> {
  const { tagId, status, authorId, headlineContains } = listing;
  const query =
    tagId !== undefined && status === undefined && authorId === undefined && !headlineContains
      ? db
          .selectFrom('article_tags')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .where('article_tags.tag_id', '=', tagId)
      : newsroomFilter(db, listing).select((eb) => eb.fn.countAll<number>().as('total'));
  const { total } = await query.executeTakeFirstOrThrow();
  return Number(total);
}

/** The newsroom list's filters; each one narrows an index range or the rows it walks. */
function newsroomFilter(db: DB, listing: Omit<NewsroomListing, 'limit' | 'offset'>) {
  return db
    .selectFrom('articles')
    .$if(listing.status !== undefined, (query) => query.where('articles.status', '=', listing.status!))
    .$if(listing.authorId !== undefined, (query) => query.where('articles.author_id', '=', listing.authorId!))
    .$if(listing.tagId !== undefined, (query) =>
      query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_tags')
            .select('article_tags.article_id')
            .whereRef('article_tags.article_id', '=', 'articles.id')
            .where('article_tags.tag_id', '=', listing.tagId!),
        ),
      ),
    )
    .$if(Boolean(listing.headlineContains), (query) =>
      query.where(sql<boolean>`articles.headline like ${likePattern(listing.headlineContains!)} escape '\\'`),
    );
}

/** `text` anywhere in a LIKE match, its own % and _ taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
