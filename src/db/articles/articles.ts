import { sql } from 'kysely';
import type { Article, ArticleStatus, ArticleSummary, BodyFormat, TagRef } from '../../domain/shared/model.ts';
import { listingCount, listingPage, newsroomCount, newsroomPage, SUMMARY_COLUMNS } from './article-listings.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import { indexArticles } from '../sqlite/search-index.ts';
import { bodyMediaQueries } from './body-media.ts';
import { deliveredPictures } from '../media/pictures.ts';
import type { DeliveredPicture } from '../../domain/media/delivery.ts';
import type { ArticleRecord, ArticleRepository } from '../../domain/articles/repository.ts';

type ArticleRow = Row<'articles'> & { author_slug: string; author_name: string };

export function articleRepository(db: DB): ArticleRepository {
  const tagsFor = (articleIds: readonly number[]) => tagRefsFor(db, articleIds);

  async function findOne(by: { slug: string } | { id: number }) {
    const row = await db
      .selectFrom('articles')
      .innerJoin('authors', 'authors.id', 'articles.author_id')
      .selectAll('articles')
      .select(['authors.slug as author_slug', 'authors.name as author_name'])
      .$call((query) => ('id' in by ? query.where('articles.id', '=', by.id) : query.where('articles.slug', '=', by.slug)))
      .executeTakeFirst();
    if (!row) return null;
    const [tags, pictures] = await Promise.all([tagsFor([row.id]), picturesOf(db, [row])]);
    return toArticle(row, tags.get(row.id) ?? [], pictures);
  }

  return {
    ...bodyMediaQueries(db),
    findBySlug: (slug) => findOne({ slug }),
    findById: (id) => findOne({ id }),

    async listPublic(listing) {
      const [rows, total] = await Promise.all([listingPage(db, listing), listing.knownTotal ?? listingCount(db, listing)]);
      return { items: await summariesOf(db, rows), total };
    },

    async nextPublicationAfter(now) {
      // The articles_public index's order ('draft' is a literal for the partial index): one step from `now`.
      const row = await db
        .selectFrom('articles')
        .select('published_at')
        .where('status', '<>', sql.lit('draft'))
        .where('published_at', '>', toIso(now))
        .orderBy('published_at')
        .limit(1)
        .executeTakeFirst();
      return row?.published_at ? fromIso(row.published_at) : null;
    },

    async findFeatured(now) {
      // Walks articles_featured from the newest; 'draft' is a literal for the partial index.
      const row = await db
        .selectFrom('articles')
        .innerJoin('authors', 'authors.id', 'articles.author_id')
        .select(SUMMARY_COLUMNS)
        .where('articles.featured', '=', 1)
        .where('articles.status', '<>', sql.lit('draft'))
        .where('articles.published_at', '<=', toIso(now))
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      return (await summariesOf(db, [row]))[0]!;
    },

    async listNewsroom(listing) {
      const [rows, total] = await Promise.all([newsroomPage(db, listing), newsroomCount(db, listing)]);
      return { items: await summariesOf(db, rows), total };
    },

    async listBylines(publicAt) {
      return db
        .selectFrom('authors')
        .select(['authors.id', 'authors.slug', 'authors.name'])
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('articles')
              .select('articles.id')
              .whereRef('articles.author_id', '=', 'authors.id')
              .$if(publicAt !== undefined, (q) =>
                q.where('articles.status', '<>', sql.lit('draft')).where('articles.published_at', '<=', toIso(publicAt!)),
              ),
          ),
        )
        .orderBy('authors.name_key')
        .execute();
    },

    async insert(record, createdAt) {
      const { id } = await db
        .insertInto('articles')
        .values({ ...articleRow(record), created_at: toIso(createdAt) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await indexArticles(db, [id]);
      return id;
    },

    async update(id, record) {
      await db.updateTable('articles').set(articleRow(record)).where('id', '=', id).execute();
      await db
        .updateTable('article_tags')
        .set({ listed_at: listedAt(record.status, record.publishedAt ? toIso(record.publishedAt) : null) })
        .where('article_id', '=', id)
        .execute();
      await indexArticles(db, [id]);
    },

    async setTags(articleId, tagIds) {
      // Only the tags that went are deleted and only the new ones inserted: the change log
      // (migration 011) then purges the tag pages, and the related articles of every article with
      // the tag, of the tags that changed, not of every tag the article keeps.
      await db
        .deleteFrom('article_tags')
        .where('article_id', '=', articleId)
        .$if(tagIds.length > 0, (q) => q.where('tag_id', 'not in', tagIds))
        .execute();
      // The index's tag facets follow the tags: the same transaction writes both.
      if (tagIds.length === 0) return indexArticles(db, [articleId]);
      const article = await db
        .selectFrom('articles')
        .select(['status', 'published_at'])
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow();
      const listed_at = listedAt(article.status, article.published_at);
      await db
        .insertInto('article_tags')
        .values(tagIds.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position, listed_at })))
        .onConflict((oc) =>
          oc
            .columns(['article_id', 'tag_id'])
            .doUpdateSet((eb) => ({ position: eb.ref('excluded.position'), listed_at: eb.ref('excluded.listed_at') })),
        )
        .execute();
      await indexArticles(db, [articleId]);
    },

    async setCommentsOpen(articleId, open) {
      await db
        .updateTable('articles')
        .set({ comments_open: open ? 1 : 0 })
        .where('id', '=', articleId)
        .execute();
    },

    async findCommentTarget(slug) {
      const row = await db
        .selectFrom('articles')
        .select(['id', 'slug', 'status', 'published_at', 'comments_open'])
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (!row) return null;
      const publishedAt = row.published_at ? fromIso(row.published_at) : null;
      return { id: row.id, slug: row.slug, status: row.status as ArticleStatus, publishedAt, commentsOpen: row.comments_open === 1 };
    },
    async countNewApprovedComment(articleId) {
      await db
        .updateTable('articles')
        .set((eb) => ({ comment_count: eb('comment_count', '+', 1) }))
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

    async findByOldSlug(slug) {
      const row = await db
        .selectFrom('article_slug_redirects')
        .innerJoin('articles', 'articles.id', 'article_slug_redirects.article_id')
        .select(['articles.id', 'articles.slug', 'articles.status', 'articles.published_at'])
        .where('article_slug_redirects.slug', '=', slug)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        slug: row.slug,
        status: row.status as ArticleStatus,
        publishedAt: row.published_at ? fromIso(row.published_at) : null,
      };
    },

    async addOldSlug(slug, articleId) {
      await db
        .insertInto('article_slug_redirects')
        .values({ slug, article_id: articleId })
        .onConflict((oc) => oc.column('slug').doUpdateSet({ article_id: articleId }))
        .execute();
    },

    async removeOldSlug(slug) {
      await db.deleteFrom('article_slug_redirects').where('slug', '=', slug).execute();
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

/** What article_tags.listed_at holds for an article: its publication time, unless it is a draft. */
function listedAt(status: string, publishedAt: string | null): string | null {
  return status === 'draft' ? null : publishedAt;
}

/** The columns an ArticleRecord sets; the import's bulk insert writes the same ones. */
export function articleRow(record: ArticleRecord) {
  return {
    slug: record.slug,
    headline: record.headline,
    standfirst: record.standfirst,
    body_source: record.bodySource,
    body_format: record.bodyFormat,
    body_html: record.bodyHtml,
    status: record.status,
    published_at: record.publishedAt ? toIso(record.publishedAt) : null,
    updated_at: toIso(record.updatedAt),
    author_id: record.authorId,
    language: record.language,
    ...(record.featured === undefined ? {} : { featured: record.featured ? 1 : 0 }),
    ...(record.imageId === undefined ? {} : { image_id: record.imageId }),
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
  | 'author_id'
  | 'featured'
  | 'image_id'
  | 'author_slug'
  | 'author_name'
>;

/** One query for the tags of every listed article, never one per article. */
export async function tagRefsFor(db: DB, articleIds: readonly number[]): Promise<Map<number, TagRef[]>> {
  const byArticle = new Map<number, TagRef[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', 'in', articleIds)
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position')
    .execute();
  for (const row of rows) byArticle.get(row.article_id)?.push({ id: row.id, slug: row.slug, name: row.name });
  return byArticle;
}

/**
 * The pictures of every listed article: two indexed queries for a page (none when no article has
 * one), never any per article.
 */
export function picturesOf(db: DB, rows: readonly Pick<SummaryRow, 'image_id'>[]): Promise<Map<number, DeliveredPicture>> {
  return deliveredPictures(
    db,
    rows.flatMap((row) => (row.image_id === null ? [] : [row.image_id])),
  );
}

/** A page of summaries: the tags and the pictures of all its rows at once, both read together. */
export async function summariesOf(db: DB, rows: readonly SummaryRow[]): Promise<ArticleSummary[]> {
  const [tags, pictures] = await Promise.all([
    tagRefsFor(
      db,
      rows.map((row) => row.id),
    ),
    picturesOf(db, rows),
  ]);
  return rows.map((row) => toSummary(row, tags.get(row.id) ?? [], pictures));
}

export function toSummary(row: SummaryRow, tags: TagRef[], pictures: ReadonlyMap<number, DeliveredPicture>): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    status: row.status as ArticleStatus,
    publishedAt: row.published_at ? fromIso(row.published_at) : null,
    updatedAt: fromIso(row.updated_at),
    author: { slug: row.author_slug, name: row.author_name },
    authorId: row.author_id,
    featured: row.featured === 1,
    tags,
    commentCount: Number(row.comment_count),
    language: row.language,
    image: row.image_id === null ? null : (pictures.get(row.image_id) ?? null),
  };
}

function toArticle(row: ArticleRow, tags: TagRef[], pictures: ReadonlyMap<number, DeliveredPicture>): Article {
  return {
    ...toSummary(row, tags, pictures),
    bodySource: row.body_source,
    bodyFormat: row.body_format as BodyFormat,
    bodyHtml: row.body_html,
    commentsOpen: row.comments_open === 1,
  };
}
