import { sql } from 'kysely';
import type { Article, ArticleStatus, ArticleSummary, TagRef } from '../domain/model.ts';
import type { ArticleRecord, ArticleRepository, PublicListing } from '../domain/store.ts';
import type { DB } from './database.ts';
import type { Row } from './schema.ts';
import { fromIso, toIso } from './time.ts';

type ArticleRow = Row<'articles'> & { author_slug: string; author_name: string };

const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.headline',
  'articles.standfirst',
  'articles.status',
  'articles.published_at',
  'articles.updated_at',
  'articles.comment_count',
  'articles.language',
  'authors.slug as author_slug',
  'authors.name as author_name',
] as const;

export function articleRepository(db: DB): ArticleRepository {
  /** One query for the tags of every listed article, never one per article. */
  async function tagsFor(articleIds: readonly number[]): Promise<Map<number, TagRef[]>> {
    const byArticle = new Map<number, TagRef[]>(articleIds.map((id) => [id, []]));
    if (articleIds.length === 0) return byArticle;
    const rows = await db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', 'in', articleIds)
      .orderBy('article_tags.article_id')
      .orderBy('article_tags.position')
      .execute();
    for (const row of rows) byArticle.get(row.article_id)?.push({ slug: row.slug, name: row.name });
    return byArticle;
  }

  async function findOne(by: { slug: string } | { id: number }) {
    const row = await db
      .selectFrom('articles')
      .innerJoin('authors', 'authors.id', 'articles.author_id')
      .selectAll('articles')
      .select(['authors.slug as author_slug', 'authors.name as author_name'])
      .$call((query) => ('id' in by ? query.where('articles.id', '=', by.id) : query.where('articles.slug', '=', by.slug)))
      .executeTakeFirst();
    if (!row) return null;
    const tags = await tagsFor([row.id]);
    return toArticle(row, tags.get(row.id) ?? []);
  }

  return {
    findBySlug: (slug) => findOne({ slug }),
    findById: (id) => findOne({ id }),

    async listPublic(listing) {
      const [rows, total] = await Promise.all([listingPage(db, listing), listingCount(db, listing)]);
      const tags = await tagsFor(rows.map((row) => row.id));
      return { items: rows.map((row) => toSummary(row, tags.get(row.id) ?? [])), total };
    },

    async insert(record, createdAt) {
      const { id } = await db
        .insertInto('articles')
        .values({ ...toRow(record), created_at: toIso(createdAt) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    async update(id, record) {
      await db.updateTable('articles').set(toRow(record)).where('id', '=', id).execute();
      await db
        .updateTable('article_tags')
        .set({ listed_at: listedAt(record.status, record.publishedAt ? toIso(record.publishedAt) : null) })
        .where('article_id', '=', id)
        .execute();
    },

    async setTags(articleId, tagIds) {
      await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      if (tagIds.length === 0) return;
      const article = await db
        .selectFrom('articles')
        .select(['status', 'published_at'])
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow();
      const listed_at = listedAt(article.status, article.published_at);
      await db
        .insertInto('article_tags')
        .values(tagIds.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position, listed_at })))
        .execute();
    },

    async setCommentsOpen(articleId, open) {
      await db
        .updateTable('articles')
        .set({ comments_open: open ? 1 : 0 })
        .where('id', '=', articleId)
        .execute();
    },

    async refreshCommentCount(articleId) {
      await db
        .updateTable('articles')
        .set((eb) => ({
          comment_count: eb
            .selectFrom('comments')
            .select(eb.fn.countAll<number>().as('n'))
            .where('comments.article_id', '=', articleId)
            .where('comments.status', '=', 'approved'),
        }))
        .where('id', '=', articleId)
        .execute();
    },

    async count() {
      const { total } = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      return Number(total);
    },
  };
}

/**
 * One page of a public listing, newest first. Each shape walks an index in order and stops after
 * the page: articles_public for the home page, article_tags_listing for a tag, articles_author for
 * an author. 'draft' is a literal because SQLite proves a partial index's WHERE clause at prepare
 * time, which a bound parameter defeats. The rule itself is isPubliclyVisible's.
 */
function listingPage(db: DB, listing: PublicListing) {
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
      .orderBy('article_tags.listed_at', 'desc')
      .orderBy('article_tags.article_id', 'desc')
      .execute();
  }
  return page
    .where('articles.status', '<>', sql.lit('draft'))
    .where('articles.published_at', '<=', now)
    .$if(listing.authorId !== undefined, (query) => query.where('articles.author_id', '=', listing.authorId!))
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .execute();
}

async function listingCount(db: DB, listing: PublicListing): Promise<number> {
  const now = toIso(listing.now);
  const query =
    listing.tagId !== undefined
      ? db
          .selectFrom('article_tags')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .where('tag_id', '=', listing.tagId)
          .where('listed_at', '<=', now)
      : db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .where('status', '<>', sql.lit('draft'))
          .where('published_at', '<=', now)
          .$if(listing.authorId !== undefined, (q) => q.where('author_id', '=', listing.authorId!));
  const { total } = await query.executeTakeFirstOrThrow();
  return Number(total);
}

/** What article_tags.listed_at holds for an article: its publication time, unless it is a draft. */
function listedAt(status: string, publishedAt: string | null): string | null {
  return status === 'draft' ? null : publishedAt;
}

function toRow(record: ArticleRecord) {
  return {
    slug: record.slug,
    headline: record.headline,
    standfirst: record.standfirst,
    body_source: record.bodySource,
    body_html: record.bodyHtml,
    status: record.status,
    published_at: record.publishedAt ? toIso(record.publishedAt) : null,
    updated_at: toIso(record.updatedAt),
    author_id: record.authorId,
    language: record.language,
  };
}

type SummaryRow = Pick<
  ArticleRow,
  | 'id'
  | 'slug'
  | 'headline'
  | 'standfirst'
  | 'status'
  | 'published_at'
  | 'updated_at'
  | 'comment_count'
  | 'language'
  | 'author_slug'
  | 'author_name'
>;

function toSummary(row: SummaryRow, tags: TagRef[]): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    status: row.status as ArticleStatus,
    publishedAt: row.published_at ? fromIso(row.published_at) : null,
    updatedAt: fromIso(row.updated_at),
    author: { slug: row.author_slug, name: row.author_name },
    tags,
    commentCount: Number(row.comment_count),
    language: row.language,
  };
}

function toArticle(row: ArticleRow, tags: TagRef[]): Article {
  return { ...toSummary(row, tags), bodySource: row.body_source, bodyHtml: row.body_html, commentsOpen: row.comments_open === 1 };
}
