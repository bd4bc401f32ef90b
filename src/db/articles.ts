import { sql, type SelectQueryBuilder } from 'kysely';
import type { Article, ArticleStatus, ArticleSummary, TagRef } from '../domain/model.ts';
import type { ArticleRecord, ArticleRepository, PublicListing } from '../domain/store.ts';
import type { DB } from './database.ts';
import type { Database, Row } from './schema.ts';
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
  'authors.slug as author_slug',
  'authors.name as author_name',
] as const;

export function articleRepository(db: DB): ArticleRepository {
  const selectArticles = () => db.selectFrom('articles').innerJoin('authors', 'authors.id', 'articles.author_id');

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
    const row = await selectArticles()
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
      const visible = filterPublic(db.selectFrom('articles'), listing);
      const [rows, counted] = await Promise.all([
        visible
          .innerJoin('authors', 'authors.id', 'articles.author_id')
          .select(SUMMARY_COLUMNS)
          .orderBy('articles.published_at', 'desc')
          .orderBy('articles.id', 'desc')
          .limit(listing.limit)
          .offset(listing.offset)
          .execute(),
        visible.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
      const tags = await tagsFor(rows.map((row) => row.id));
      return { items: rows.map((row) => toSummary(row, tags.get(row.id) ?? [])), total: Number(counted.total) };
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
    },

    async setTags(articleId, tagIds) {
      await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      if (tagIds.length === 0) return;
      await db
        .insertInto('article_tags')
        .values(tagIds.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position })))
        .execute();
    },

    async setCommentsOpen(articleId, open) {
      await db.updateTable('articles').set({ comments_open: open ? 1 : 0 }).where('id', '=', articleId).execute();
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
      const { total } = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      return Number(total);
    },
  };
}

function filterPublic<O>(query: SelectQueryBuilder<Database, 'articles', O>, listing: PublicListing) {
  // Spelled as the partial index articles_public is, so the planner uses it (see isPubliclyVisible).
  let filtered = query.where('articles.status', '<>', 'draft').where('articles.published_at', '<=', toIso(listing.now));
  if (listing.authorId !== undefined) filtered = filtered.where('articles.author_id', '=', listing.authorId);
  if (listing.tagId !== undefined) {
    const tagId = listing.tagId;
    filtered = filtered.where((eb) =>
      eb.exists(eb.selectFrom('article_tags').select(sql<number>`1`.as('one')).whereRef('article_tags.article_id', '=', 'articles.id').where('article_tags.tag_id', '=', tagId)),
    );
  }
  return filtered;
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
  };
}

type SummaryRow = Pick<ArticleRow, 'id' | 'slug' | 'headline' | 'standfirst' | 'status' | 'published_at' | 'updated_at' | 'comment_count' | 'author_slug' | 'author_name'>;

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
  };
}

function toArticle(row: ArticleRow, tags: TagRef[]): Article {
  return { ...toSummary(row, tags), bodySource: row.body_source, bodyHtml: row.body_html, commentsOpen: row.comments_open === 1 };
}
