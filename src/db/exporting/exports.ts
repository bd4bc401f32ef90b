import { toMedia } from '../articles/media.ts';
import { toPage } from '../pages/pages.ts';
import { toTag } from '../tags/tags.ts';
import type { ExportedArticle, ExportRepository } from '../../domain/exporting/repository.ts';
import type { ArticleStatus, BodyFormat, CommentStatus } from '../../domain/shared/model.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso } from '../time.ts';

/**
 * Reads the publication for `broadsheet export`. Every list that can be long is read a page at a
 * time by id, and what belongs to a page's rows (tags, comments, corrections, old slugs, old
 * addresses) is read in one query per kind for the whole page, never one per row.
 */
export function exportRepository(db: DB): ExportRepository {
  return {
    async authors() {
      const [rows, paths] = await Promise.all([
        db.selectFrom('authors').select(['id', 'slug', 'name', 'bio']).orderBy('id').execute(),
        legacyPathsOf(db, 'author'),
      ]);
      return rows.map((row) => ({ ...row, legacyPaths: paths.get(row.id) ?? [] }));
    },

    async tags() {
      const [rows, aliases, paths] = await Promise.all([
        db.selectFrom('tags').selectAll().orderBy('position').orderBy('id').execute(),
        db.selectFrom('tag_aliases').select(['tag_id', 'name', 'slug']).orderBy('id').execute(),
        legacyPathsOf(db, 'tag'),
      ]);
      const aliasesOf = groupBy(aliases, (alias) => alias.tag_id);
      return rows.map((row) => ({
        ...toTag(row),
        aliases: (aliasesOf.get(row.id) ?? []).map(({ name, slug }) => ({ name, slug })),
        legacyPaths: paths.get(row.id) ?? [],
      }));
    },

    async mediaAfter(afterId, limit) {
      // Imported pictures only: an upload has no address of its own until the export format carries its files.
      const rows = await db
        .selectFrom('media')
        .selectAll()
        .where('id', '>', afterId)
        .where('status', '=', 'external')
        .orderBy('id')
        .limit(limit)
        .execute();
      const paths = await legacyPathsOf(db, 'media', ids(rows));
      return rows.map((row) => ({ ...toMedia(row), legacyPaths: paths.get(row.id) ?? [] }));
    },

    async articlesAfter(afterId, limit) {
      const rows = await db.selectFrom('articles').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
      if (rows.length === 0) return [];
      const articleIds = ids(rows);
      const imageIds = rows.flatMap((row) => (row.image_id === null ? [] : [row.image_id]));
      const [tags, comments, corrections, oldSlugs, paths, exportedImages] = await Promise.all([
        db
          .selectFrom('article_tags')
          .select(['article_id', 'tag_id'])
          .where('article_id', 'in', articleIds)
          .orderBy('article_id')
          .orderBy('position')
          .execute(),
        db.selectFrom('comments').selectAll().where('article_id', 'in', articleIds).orderBy('id').execute(),
        db
          .selectFrom('article_corrections')
          .select(['article_id', 'body', 'created_at'])
          .where('article_id', 'in', articleIds)
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
        db.selectFrom('article_slug_redirects').selectAll().where('article_id', 'in', articleIds).orderBy('slug').execute(),
        legacyPathsOf(db, 'article', articleIds),
        imageIds.length === 0
          ? []
          : db.selectFrom('media').select('id').where('id', 'in', imageIds).where('status', '=', 'external').execute(),
      ]);
      // An article names only a lead picture the document carries (see mediaAfter), never a dangling id.
      const exported = new Set(exportedImages.map((image) => image.id));
      const tagsOf = groupBy(tags, (t) => t.article_id);
      const commentsOf = groupBy(comments, (c) => c.article_id);
      const correctionsOf = groupBy(corrections, (c) => c.article_id);
      const oldSlugsOf = groupBy(oldSlugs, (s) => s.article_id);
      return rows.map((row): ExportedArticle => ({
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        standfirst: row.standfirst,
        status: row.status as ArticleStatus,
        publishedAt: row.published_at ? fromIso(row.published_at) : null,
        createdAt: fromIso(row.created_at),
        updatedAt: fromIso(row.updated_at),
        authorId: row.author_id,
        featured: row.featured === 1,
        commentsOpen: row.comments_open === 1,
        language: row.language,
        bodyFormat: row.body_format as BodyFormat,
        bodySource: row.body_source,
        bodyHtml: row.body_html,
        imageId: row.image_id !== null && exported.has(row.image_id) ? row.image_id : null,
        tagIds: (tagsOf.get(row.id) ?? []).map((t) => t.tag_id),
        oldSlugs: (oldSlugsOf.get(row.id) ?? []).map((s) => s.slug),
        corrections: (correctionsOf.get(row.id) ?? []).map((c) => ({ body: c.body, createdAt: fromIso(c.created_at) })),
        legacyPaths: paths.get(row.id) ?? [],
        comments: (commentsOf.get(row.id) ?? []).map(toExportedComment),
      }));
    },

    async pagesAfter(afterId, limit) {
      const rows = await db.selectFrom('pages').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
      const paths = await legacyPathsOf(db, 'page', ids(rows));
      return rows.map((row) => ({ ...toPage(row), legacyPaths: paths.get(row.id) ?? [] }));
    },

    async highestIds() {
      const highest = async (table: 'articles' | 'pages' | 'media') => {
        const { max } = await db
          .selectFrom(table)
          .select((eb) => eb.fn.max('id').as('max'))
          .executeTakeFirstOrThrow();
        return Number(max ?? 0);
      };
      const [articles, pages, media] = await Promise.all([highest('articles'), highest('pages'), highest('media')]);
      return { articles, pages, media };
    },
  };
}

function toExportedComment(row: Row<'comments'>) {
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    authorEmail: row.author_email,
    authorUrl: row.author_url,
    clientAddressHash: row.client_address_hash,
    bodySource: row.body_source,
    bodyHtml: row.body_html,
    status: row.status as CommentStatus,
    createdAt: fromIso(row.created_at),
    editedAt: row.edited_at ? fromIso(row.edited_at) : null,
  };
}

/** The old site's addresses leading to each target of one kind: all of them, or those of `targetIds`. */
async function legacyPathsOf(db: DB, kind: string, targetIds?: readonly number[]): Promise<Map<number, string[]>> {
  if (targetIds?.length === 0) return new Map();
  let query = db.selectFrom('legacy_redirects').select(['path', 'target_id']).where('target_kind', '=', kind);
  if (targetIds) query = query.where('target_id', 'in', targetIds);
  const rows = await query.orderBy('target_id').orderBy('path').execute();
  const paths = new Map<number, string[]>();
  for (const row of rows) paths.set(row.target_id, [...(paths.get(row.target_id) ?? []), row.path]);
  return paths;
}

function ids(rows: ReadonlyArray<{ id: number }>): number[] {
  return rows.map((row) => row.id);
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}
