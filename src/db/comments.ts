import type { Comment, CommentStatus } from '../domain/model.ts';
import type { CommentRepository } from '../domain/store.ts';
import type { DB } from './database.ts';
import type { Row } from './schema.ts';
import { fromIso, toIso } from './time.ts';

export function commentRepository(db: DB): CommentRepository {
  return {
    async insert(comment) {
      const row = await db
        .insertInto('comments')
        .values({
          article_id: comment.articleId,
          parent_id: comment.parentId,
          depth: comment.depth,
          author_name: comment.authorName,
          author_email: comment.authorEmail,
          author_url: comment.authorUrl,
          body_source: comment.bodySource,
          body_html: comment.bodyHtml,
          status: comment.status,
          created_at: toIso(comment.createdAt),
          client_address_hash: comment.clientAddressHash,
          user_agent: comment.userAgent,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toComment(row);
    },
    async countWithStatus(status) {
      const { n } = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', status)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async findById(id) {
      const row = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toComment(row) : null;
    },
    async listApproved(articleId) {
      const rows = await db
        .selectFrom('comments')
        .selectAll()
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toComment);
    },
    async list(filter) {
      const rows = await db
        .selectFrom('comments')
        .innerJoin('articles', 'articles.id', 'comments.article_id')
        .selectAll('comments')
        .select(['articles.slug as article_slug', 'articles.headline as article_headline'])
        .$if(filter.status !== undefined, (query) => query.where('comments.status', '=', filter.status!))
        .orderBy('comments.created_at', 'desc')
        .orderBy('comments.id', 'desc')
        .limit(filter.limit)
        .execute();
      return rows.map((row) => ({ ...toComment(row), articleSlug: row.article_slug, articleHeadline: row.article_headline }));
    },
    async hasApprovedFromEmail(email) {
      const row = await db
        .selectFrom('comments')
        .select('id')
        .where('author_email', '=', email)
        .where('status', '=', 'approved')
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async countFromAddressSince(clientAddressHash, since) {
      const { n } = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('client_address_hash', '=', clientAddressHash)
        .where('created_at', '>=', toIso(since))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async setStatus(id, status) {
      await db.updateTable('comments').set({ status }).where('id', '=', id).execute();
    },
  };
}

function toComment(row: Row<'comments'>): Comment {
  return {
    id: row.id,
    articleId: row.article_id,
    parentId: row.parent_id,
    depth: row.depth,
    authorName: row.author_name,
    authorEmail: row.author_email,
    authorUrl: row.author_url,
    bodySource: row.body_source,
    bodyHtml: row.body_html,
    status: row.status as CommentStatus,
    createdAt: fromIso(row.created_at),
    clientAddressHash: row.client_address_hash,
    userAgent: row.user_agent,
  };
}
