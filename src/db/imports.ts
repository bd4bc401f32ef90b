import { sql } from 'kysely';
import type { ImportRepository } from '../domain/store.ts';
import type { DB } from './database.ts';
import { articleRow } from './articles.ts';
import { commentRow } from './comments.ts';
import { toIso } from './time.ts';

/** Rows per multi-row INSERT: 300 × 15 values stays far below SQLite's limit on bound parameters. */
const CHUNK = 300;

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
    async findImported(source, kind, externalIds) {
      const found = new Map<string, { localId: number; hash: string }>();
      for (let start = 0; start < externalIds.length; start += CHUNK * 3) {
        const rows = await db
          .selectFrom('imported_items')
          .select(['external_id', 'local_id', 'hash'])
          .where('source', '=', source)
          .where('kind', '=', kind)
          .where('external_id', 'in', externalIds.slice(start, start + CHUNK * 3))
          .execute();
        for (const row of rows) found.set(row.external_id, { localId: row.local_id, hash: row.hash });
      }
      return found;
    },

    async recordImported(source, items) {
      for (let start = 0; start < items.length; start += CHUNK) {
        await db
          .insertInto('imported_items')
          .values(
            items.slice(start, start + CHUNK).map((item) => ({
              source,
              kind: item.kind,
              external_id: item.externalId,
              local_id: item.localId,
              hash: item.hash,
            })),
          )
          .onConflict((oc) =>
            oc
              .columns(['source', 'kind', 'external_id'])
              .doUpdateSet((eb) => ({ local_id: eb.ref('excluded.local_id'), hash: eb.ref('excluded.hash') })),
          )
          .execute();
      }
    },

    async insertComments(comments) {
      if (comments.length === 0) return [];
      // Replies need their parents' ids before those rows exist.
      const ids = await reserveIds(db, 'comments', comments.length);
      for (let start = 0; start < comments.length; start += CHUNK) {
        await db
          .insertInto('comments')
          .values(
            comments.slice(start, start + CHUNK).map((comment, offset) => ({
              ...commentRow(comment),
              id: ids[start + offset]!,
              parent_id: comment.parentIndex !== undefined ? ids[comment.parentIndex]! : comment.parentId,
              edited_at: comment.editedAt ? toIso(comment.editedAt) : null,
            })),
          )
          .execute();
      }
      return ids;
    },

    async takenSlugs(of, slugs) {
      const taken = new Set<string>();
      for (let start = 0; start < slugs.length; start += CHUNK * 3) {
        const chunk = slugs.slice(start, start + CHUNK * 3);
        const rows =
          of === 'pages'
            ? await db.selectFrom('pages').select('slug').where('slug', 'in', chunk).execute()
            : await db
                .selectFrom('articles')
                .select('slug')
                .where('slug', 'in', chunk)
                .union(db.selectFrom('article_slug_redirects').select('slug').where('slug', 'in', chunk))
                .execute();
        for (const row of rows) taken.add(row.slug);
      }
      return taken;
    },

    async insertArticles(articles) {
      if (articles.length === 0) return [];
      const ids = await reserveIds(db, 'articles', articles.length);
      for (let start = 0; start < articles.length; start += CHUNK / 2) {
        const chunk = articles.slice(start, start + CHUNK / 2);
        await db
          .insertInto('articles')
          .values(
            chunk.map((article, offset) => ({
              id: ids[start + offset]!,
              ...articleRow(article.record),
              created_at: toIso(article.createdAt),
              comments_open: article.commentsOpen ? 1 : 0,
              image_id: article.imageId,
            })),
          )
          .execute();
        await db
          .insertInto('article_revisions')
          .values(
            chunk.map(({ record, tags }, offset) => ({
              article_id: ids[start + offset]!,
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
          )
          .execute();
      }
      const tagRows = articles.flatMap(({ record, tags }, index) =>
        tags.map((tag, position) => ({
          article_id: ids[index]!,
          tag_id: tag.id,
          position,
          // As articles.ts keeps it: the publication time, except for drafts, which no tag page lists.
          listed_at: record.status === 'draft' || !record.publishedAt ? null : toIso(record.publishedAt),
        })),
      );
      for (let start = 0; start < tagRows.length; start += CHUNK) {
        await db
          .insertInto('article_tags')
          .values(tagRows.slice(start, start + CHUNK))
          .execute();
      }
      return ids;
    },

    async tagNames(tagIds) {
      const names = new Map<number, string>();
      for (let start = 0; start < tagIds.length; start += CHUNK * 3) {
        const rows = await db
          .selectFrom('tags')
          .select(['id', 'name'])
          .where('id', 'in', tagIds.slice(start, start + CHUNK * 3))
          .execute();
        for (const row of rows) names.set(row.id, row.name);
      }
      return names;
    },

    async refreshCommentCounts(articleIds) {
      for (let start = 0; start < articleIds.length; start += CHUNK * 3) {
        const ids = articleIds.slice(start, start + CHUNK * 3);
        await db
          .updateTable('articles')
          .set({
            comment_count: sql<number>`(select count(*) from comments where comments.article_id = articles.id and comments.status = 'approved')`,
          })
          .where('id', 'in', ids)
          .execute();
      }
    },
  };
}
