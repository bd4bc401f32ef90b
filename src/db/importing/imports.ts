import { sql } from 'kysely';
import type { DB } from '../schema.ts';
import { articleRow } from '../articles/articles.ts';
import { commentRow } from '../comments/comments.ts';
import { toIso } from '../time.ts';
import { insertRows } from '../sqlite/bulk.ts';
import { indexArticles } from '../sqlite/search-index.ts';
import type { ImportRepository } from '../../domain/importing/repository.ts';
import { mediaHomeQueries } from './media-home.ts';

/**
 * The values of a list as one bound JSON parameter, for `where x in …`: one statement whatever the
 * list's length, where a list of parameters would make a new statement for every length.
 */
const anyOf = <T extends string | number>(values: readonly T[]) => sql<T>`(select value from json_each(${JSON.stringify(values)}))`;

/**
 * Ids for rows about to be inserted in bulk, after the highest one in use, so that rows can refer
 * to each other (and the caller can record them) without one INSERT … RETURNING per row. A write
 * that changes nothing takes SQLite's write lock first: nobody else can take these ids before the
 * caller's transaction has inserted its rows.
 */
async function reserveIds(db: DB, table: 'articles' | 'comments', count: number): Promise<number[]> {
  await db
    .updateTable(table)
    .set({ id: sql<number>`id` })
    .where('id', '=', -1)
    .execute();
  const { max } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  // AUTOINCREMENT never gives out an id again, even a deleted one's: neither may this.
  const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db);
  const first = Math.max(Number(max ?? 0), Number(sequence.rows[0]?.seq ?? 0)) + 1;
  return Array.from({ length: count }, (_, index) => first + index);
}

export function importRepository(db: DB): ImportRepository {
  return {
    ...mediaHomeQueries(db),
    async findImported(source, kind, externalIds) {
      const rows = await db
        .selectFrom('imported_items')
        .select(['external_id', 'local_id', 'hash'])
        .where('source', '=', source)
        .where('kind', '=', kind)
        .where('external_id', 'in', anyOf(externalIds))
        .execute();
      return new Map(rows.map((row) => [row.external_id, { localId: row.local_id, hash: row.hash }]));
    },

    async recordImported(source, items) {
      insertRows(
        db,
        'imported_items',
        items.map((item) => ({ source, kind: item.kind, external_id: item.externalId, local_id: item.localId, hash: item.hash })),
        'on conflict (source, kind, external_id) do update set local_id = excluded.local_id, hash = excluded.hash',
      );
    },

    async insertComments(comments) {
      if (comments.length === 0) return [];
      // Replies need their parents' ids before those rows exist.
      const ids = await reserveIds(db, 'comments', comments.length);
      insertRows(
        db,
        'comments',
        comments.map((comment, index) => ({
          ...commentRow(comment),
          id: ids[index]!,
          parent_id: comment.parentIndex !== undefined ? ids[comment.parentIndex]! : comment.parentId,
          edited_at: comment.editedAt ? toIso(comment.editedAt) : null,
        })),
      );
      return ids;
    },

    async takenSlugs(of, slugs) {
      const rows =
        of === 'pages'
          ? await db.selectFrom('pages').select('slug').where('slug', 'in', anyOf(slugs)).execute()
          : await db
              .selectFrom('articles')
              .select('slug')
              .where('slug', 'in', anyOf(slugs))
              .union(db.selectFrom('article_slug_redirects').select('slug').where('slug', 'in', anyOf(slugs)))
              .execute();
      return new Set(rows.map((row) => row.slug));
    },

    async insertArticles(articles) {
      if (articles.length === 0) return [];
      const ids = await reserveIds(db, 'articles', articles.length);
      insertRows(
        db,
        'articles',
        articles.map((article, index) => ({
          id: ids[index]!,
          ...articleRow(article.record),
          created_at: toIso(article.createdAt),
          comments_open: article.commentsOpen ? 1 : 0,
          image_id: article.imageId,
        })),
      );
      insertRows(
        db,
        'article_revisions',
        articles.map(({ record, tags }, index) => ({
          article_id: ids[index]!,
          user_id: null,
          created_at: toIso(record.updatedAt),
          headline: record.headline,
          standfirst: record.standfirst,
          slug: record.slug,
          body_source: record.bodySource,
          body_format: record.bodyFormat,
          tags: JSON.stringify(tags.map((tag) => tag.name)),
          author_id: record.authorId,
          status: record.status,
          published_at: record.publishedAt ? toIso(record.publishedAt) : null,
          featured: record.featured ? 1 : 0,
        })),
      );
      insertRows(
        db,
        'article_tags',
        articles.flatMap(({ record, tags }, index) =>
          tags.map((tag, position) => ({
            article_id: ids[index]!,
            tag_id: tag.id,
            position,
            // As articles.ts keeps it: the publication time, except for drafts, which no tag page lists.
            listed_at: record.status === 'draft' || !record.publishedAt ? null : toIso(record.publishedAt),
          })),
        ),
      );
      await indexArticles(db, ids);
      return ids;
    },

    async tagNames(tagIds) {
      const rows = await db.selectFrom('tags').select(['id', 'name']).where('id', 'in', anyOf(tagIds)).execute();
      return new Map(rows.map((row) => [row.id, row.name]));
    },

    async refreshCommentCounts(articleIds) {
      await db
        .updateTable('articles')
        .set({
          comment_count: sql<number>`(select count(*) from comments where comments.article_id = articles.id and comments.status = 'approved')`,
        })
        .where('id', 'in', anyOf(articleIds))
        .execute();
    },
  };
}
