import { COMMENT_STATUSES, type Comment, type CommentStatus } from '../../domain/shared/model.ts';
import { sql } from 'kysely';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import type { CommentRepository, NewComment } from '../../domain/comments/repository.ts';

/** The columns a new comment sets; the import's bulk insert writes the same ones. */
export function commentRow(comment: NewComment) {
  return {
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
    staff_user_id: comment.staffUserId ?? null,
  };
}

export function commentRepository(db: DB): CommentRepository {
  return {
    async insert(comment, screening) {
      const screened = screening
        ? { spam_score: screening.score, spam_reasons: JSON.stringify(screening.reasons), body_key: screening.bodyKey }
        : {};
      const row = await db
        .insertInto('comments')
        .values({ ...commentRow(comment), ...screened })
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
    async countByStatus() {
      const rows = await db
        .selectFrom('comments')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts = Object.fromEntries(COMMENT_STATUSES.map((status) => [status, 0])) as Record<CommentStatus, number>;
      for (const row of rows) if (row.status in counts) counts[row.status as CommentStatus] = Number(row.n);
      return counts;
    },
    async findById(id) {
      const row = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toComment(row) : null;
    },
    async findByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('comments').selectAll().where('id', 'in', ids).execute();
      return rows.map(toComment);
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
    async countApprovedThreads(articleId) {
      // Kept by triggers (migration 013): counted, it read the parent of every approved reply.
      const row = await db.selectFrom('comment_threads').select('conversations').where('article_id', '=', articleId).executeTakeFirst();
      return Number(row?.conversations ?? 0);
    },
    async listApprovedThreads(articleId, { offset, limit, order }) {
      const direction = order === 'newest' ? 'desc' : 'asc';
      // The page's thread starters, then their approved replies at every depth (replies of a
      // reply that is not approved are not shown, as buildCommentThread has no parent for them).
      const rows = await db
        .with('roots', (qb) =>
          qb
            .selectFrom('comments as c')
            .select('c.id')
            .where('c.article_id', '=', articleId)
            .where('c.status', '=', 'approved')
            .where(startsThread)
            .orderBy('c.created_at', direction)
            .orderBy('c.id', direction)
            .limit(limit)
            .offset(offset),
        )
        .withRecursive('thread(id)', (qb) =>
          qb
            .selectFrom('roots')
            .select('roots.id')
            // CROSS JOIN keeps SQLite's join order: from each comment of the thread to its replies by
            // comments_parent. Left to itself the planner walked every approved comment of the site
            // at each step (35 ms for a page of an article with 5,000 comments; now under 1 ms).
            .unionAll((union) =>
              union
                .selectFrom('thread')
                .crossJoin('comments as r')
                .select('r.id')
                .whereRef('r.parent_id', '=', 'thread.id')
                .where('r.status', '=', 'approved'),
            ),
        )
        .selectFrom('comments')
        .select(['id', 'parent_id', 'depth', 'author_name', 'author_url', 'body_html', 'created_at', 'staff_user_id'])
        .where('comments.id', 'in', (qb) => qb.selectFrom('thread').select('thread.id'))
        .orderBy('comments.created_at')
        .orderBy('comments.id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        parentId: row.parent_id,
        depth: row.depth,
        authorName: row.author_name,
        authorUrl: row.author_url,
        bodyHtml: row.body_html,
        createdAt: fromIso(row.created_at),
        staffUserId: row.staff_user_id,
      }));
    },
    async threadIndexOf(articleId, commentId, order) {
      // Up the replies to the comment that starts its thread, then count the threads before it.
      const start = await db
        .withRecursive('up(id, parent_id, created_at)', (qb) =>
          qb
            .selectFrom('comments')
            .select(['id', 'parent_id', 'created_at'])
            .where('id', '=', commentId)
            .where('article_id', '=', articleId)
            .where('status', '=', 'approved')
            .unionAll((union) =>
              union
                .selectFrom('comments as p')
                .innerJoin('up', 'up.parent_id', 'p.id')
                .select(['p.id', 'p.parent_id', 'p.created_at'])
                .where('p.status', '=', 'approved'),
            ),
        )
        .selectFrom('up')
        .select(['up.id', 'up.created_at'])
        .orderBy('up.created_at')
        .orderBy('up.id')
        .limit(1)
        .executeTakeFirst();
      if (!start) return null;
      const { n } = await db
        .selectFrom('comments as c')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('c.article_id', '=', articleId)
        .where('c.status', '=', 'approved')
        .where(startsThread)
        .where((eb) => {
          const before = order === 'newest' ? '>' : '<';
          return eb.or([
            eb('c.created_at', before, start.created_at),
            eb.and([eb('c.created_at', '=', start.created_at), eb('c.id', before, start.id)]),
          ]);
        })
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async list(filter) {
      const rows = await db
        .selectFrom('comments')
        .innerJoin('articles', 'articles.id', 'comments.article_id')
        .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
        .selectAll('comments')
        .select([
          'articles.slug as article_slug',
          'articles.headline as article_headline',
          'articles.comments_open as article_comments_open',
          'parent.author_name as parent_author_name',
        ])
        .$if(filter.status !== undefined, (query) => query.where('comments.status', '=', filter.status!))
        .orderBy('comments.created_at', 'desc')
        .orderBy('comments.id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map((row) => ({
        ...toComment(row),
        articleSlug: row.article_slug,
        articleHeadline: row.article_headline,
        articleCommentsOpen: row.article_comments_open === 1,
        parentAuthorName: row.parent_author_name,
      }));
    },
    async historyOfEmails(emails) {
      if (emails.length === 0) return [];
      const rows = await db
        .selectFrom('comments')
        .select((eb) => [
          'author_email',
          eb.fn.sum<number>(eb.case().when('status', '=', 'approved').then(1).else(0).end()).as('approved'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'spam').then(1).else(0).end()).as('spam'),
        ])
        .where('author_email', 'in', [...new Set(emails)])
        .groupBy('author_email')
        .execute();
      return rows.map((row) => ({ email: row.author_email, approved: Number(row.approved), spam: Number(row.spam) }));
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
    async setAkismetVerdict(id, verdict) {
      await db.updateTable('comments').set({ akismet_verdict: verdict }).where('id', '=', id).execute();
    },
    async setAkismetUserIp(id, address) {
      await db.updateTable('comments').set({ akismet_user_ip: address }).where('id', '=', id).execute();
    },
    async akismetUserIps(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'akismet_user_ip'])
        .where('id', 'in', ids)
        .where('akismet_user_ip', 'is not', null)
        .execute();
      return new Map(rows.map((row) => [row.id, row.akismet_user_ip!]));
    },
    async forgetAkismetUserIps(ids) {
      if (ids.length === 0) return;
      await db.updateTable('comments').set({ akismet_user_ip: null }).where('id', 'in', ids).execute();
    },
    async forgetAkismetUserIpsBefore(before) {
      const result = await db
        .updateTable('comments')
        .set({ akismet_user_ip: null })
        .where('akismet_user_ip', 'is not', null)
        .where('created_at', '<', toIso(before))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async updateText(id, text) {
      await db
        .updateTable('comments')
        .set({
          author_name: text.authorName,
          author_email: text.authorEmail,
          author_url: text.authorUrl,
          body_source: text.bodySource,
          body_html: text.bodyHtml,
          edited_at: toIso(text.editedAt),
        })
        .where('id', '=', id)
        .execute();
    },
    async recordModeration(entries) {
      if (entries.length === 0) return;
      await db
        .insertInto('moderation_log')
        .values(
          entries.map((entry) => ({
            comment_id: entry.commentId,
            user_id: entry.userId,
            action: entry.action,
            from_status: entry.fromStatus,
            to_status: entry.toStatus,
            at: toIso(entry.at),
          })),
        )
        .execute();
    },
    async statusesBeforeLatestChange(ids) {
      if (ids.length === 0) return new Map();
      // Entries that record no change (an edit) say nothing about where a comment came from.
      const rows = await db
        .selectFrom('moderation_log as entry')
        .select(['entry.comment_id', 'entry.from_status'])
        .where('entry.comment_id', 'in', ids)
        .where((eb) =>
          eb(
            'entry.id',
            '=',
            eb
              .selectFrom('moderation_log as later')
              .select((inner) => inner.fn.max('later.id').as('latest'))
              .whereRef('later.comment_id', '=', 'entry.comment_id')
              .whereRef('later.from_status', '<>', 'later.to_status'),
          ),
        )
        .execute();
      return new Map(rows.map((row) => [row.comment_id, row.from_status as CommentStatus]));
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
    staffUserId: row.staff_user_id,
    editedAt: row.edited_at === null ? null : fromIso(row.edited_at),
    akismetVerdict: row.akismet_verdict === 'spam' || row.akismet_verdict === 'ham' ? row.akismet_verdict : null,
  };
}

/** `c` starts a thread readers see: it has no parent, or its parent is not approved (any more). */
const startsThread = sql<boolean>`(c.parent_id is null or not exists (select 1 from comments p where p.id = c.parent_id and p.status = 'approved'))`;
