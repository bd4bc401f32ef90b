import type { ArticleRevision, ArticleStatus, BodyFormat, Correction } from '../../domain/shared/model.ts';
import type { RevisionRepository } from '../../domain/store.ts';
import type { DB } from '../sqlite/connection.ts';
import type { Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';

type RevisionRow = Row<'article_revisions'> & { user_name: string | null };

export function revisionRepository(db: DB): RevisionRepository {
  const withUser = () =>
    db
      .selectFrom('article_revisions')
      .leftJoin('users', 'users.id', 'article_revisions.user_id')
      .selectAll('article_revisions')
      .select('users.display_name as user_name');

  return {
    async insert(revision) {
      const { id } = await db
        .insertInto('article_revisions')
        .values({
          article_id: revision.articleId,
          user_id: revision.userId,
          created_at: toIso(revision.createdAt),
          headline: revision.headline,
          standfirst: revision.standfirst,
          slug: revision.slug,
          body_source: revision.bodySource,
          body_format: revision.bodyFormat,
          tags: JSON.stringify(revision.tags),
          author_id: revision.authorId,
          status: revision.status,
          published_at: revision.publishedAt ? toIso(revision.publishedAt) : null,
          featured: revision.featured ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    async listFor(articleId) {
      const rows = await withUser().where('article_revisions.article_id', '=', articleId).orderBy('article_revisions.id', 'desc').execute();
      return rows.map(toRevision);
    },

    async find(articleId, revisionId) {
      const row = await withUser()
        .where('article_revisions.article_id', '=', articleId)
        .where('article_revisions.id', '=', revisionId)
        .executeTakeFirst();
      return row ? toRevision(row) : null;
    },

    async latestFor(articleId) {
      const row = await withUser()
        .where('article_revisions.article_id', '=', articleId)
        .orderBy('article_revisions.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toRevision(row) : null;
    },

    async addCorrection(correction) {
      const row = await db
        .insertInto('article_corrections')
        .values({
          article_id: correction.articleId,
          user_id: correction.userId,
          body: correction.body,
          created_at: toIso(correction.createdAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCorrection(row);
    },

    async correctionsOf(articleId) {
      const rows = await db
        .selectFrom('article_corrections')
        .selectAll()
        .where('article_id', '=', articleId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toCorrection);
    },
  };
}

function toRevision(row: RevisionRow): ArticleRevision {
  return {
    id: row.id,
    articleId: row.article_id,
    userId: row.user_id,
    userName: row.user_name,
    createdAt: fromIso(row.created_at),
    headline: row.headline,
    standfirst: row.standfirst,
    slug: row.slug,
    bodySource: row.body_source,
    bodyFormat: row.body_format as BodyFormat,
    tags: JSON.parse(row.tags) as string[],
    authorId: row.author_id,
    status: row.status as ArticleStatus,
    publishedAt: row.published_at ? fromIso(row.published_at) : null,
    featured: row.featured === 1,
  };
}

function toCorrection(row: Row<'article_corrections'>): Correction {
  return { id: row.id, articleId: row.article_id, body: row.body, createdAt: fromIso(row.created_at) };
}
