import { setCommentsOpen } from '../articles/articles.ts';
import { checkCommentFields, placeReply, type CommentSubmission } from './comments.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { renderCommentBody } from '../shared/markdown.ts';
import { COMMENT_STATUSES, type Article, type Comment, type CommentStatus, type Page } from '../shared/model.ts';
import { authorize, userIdOf, type Actor, type StaffActor } from '../shared/policy.ts';
import type { CommentsDeps, CommentsStore } from './ports.ts';
import { textOfComment } from './spam/comment-text.ts';
import { labelOfStatus, relearn } from './spam/training.ts';
import type { Screening } from './spam/repository.ts';
import { enqueueAkismetCorrections } from './akismet.ts';
import type { CommentHistory, ListedComment, ModerationAction, ModerationEntry } from './repository.ts';

export type QueueFilter = CommentStatus | 'all';
/** The queue's tabs, in order: what needs a moderator comes first. */
export const QUEUE_FILTERS: readonly QueueFilter[] = [...COMMENT_STATUSES, 'all'];
export const QUEUE_PAGE_SIZE = 25;

export interface QueueEntry {
  readonly comment: ListedComment;
  /** The commenter's other comments (same email): approved, and marked as spam. */
  readonly history: { readonly approved: number; readonly spam: number };
  /** What the spam checks concluded when it arrived; undefined for comments from before them. */
  readonly screening: Screening | undefined;
}

export interface ModerationQueue {
  readonly filter: QueueFilter;
  readonly counts: Readonly<Record<QueueFilter, number>>;
  readonly page: Page<QueueEntry>;
}

/**
 * How many comments wait for a moderator, for the operator's monitoring (the metrics' scrape): a
 * count through the status index, nothing of whose or what; who may see it is the edge's decision.
 */
export async function countCommentsAwaitingModeration(deps: Pick<CommentsDeps, 'store'>): Promise<number> {
  return deps.store.comments.countWithStatus('pending');
}

/**
 * One page of the moderation queue, newest first, with each commenter's history and what the spam
 * checks said. Four queries whatever the page size: the counts per status, the page, the histories
 * of its emails, and its comments' spam scores and reasons.
 * A page past the end shows the last page, so acting on the last comment of a page never strands
 * the moderator on an empty one.
 */
export async function browseModerationQueue(
  deps: CommentsDeps,
  input: { actor: Actor; filter: QueueFilter; page: number },
): Promise<ModerationQueue> {
  authorize(input.actor, 'comment.moderate');
  const { store } = deps;
  const byStatus = await store.comments.countByStatus();
  const counts = { ...byStatus, all: COMMENT_STATUSES.reduce((sum, status) => sum + byStatus[status], 0) };
  const total = counts[input.filter];
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Number.isInteger(input.page) ? Math.min(Math.max(input.page, 1), pageCount) : 1;
  const comments = await store.comments.list({
    ...(input.filter === 'all' ? {} : { status: input.filter }),
    limit: QUEUE_PAGE_SIZE,
    offset: (page - 1) * QUEUE_PAGE_SIZE,
  });
  const histories = new Map((await store.comments.historyOfEmails(comments.map((c) => c.authorEmail))).map((h) => [h.email, h]));
  const screenings = await store.spam.screeningsOf(comments.map((c) => c.id));
  const items = comments.map((comment) => ({
    comment,
    history: historyBeside(comment, histories.get(comment.authorEmail)),
    screening: screenings.get(comment.id),
  }));
  return { filter: input.filter, counts, page: { items, page, pageCount, total } };
}

/** The commenter's history leaving out the comment itself. */
export function historyBeside(comment: Pick<Comment, 'status'>, history: Pick<CommentHistory, 'approved' | 'spam'> | undefined) {
  return {
    approved: (history?.approved ?? 0) - (comment.status === 'approved' ? 1 : 0),
    spam: (history?.spam ?? 0) - (comment.status === 'spam' ? 1 : 0),
  };
}

/** The latest comments, for the console's `comments list`. */
export function listComments(deps: CommentsDeps, input: { actor: Actor; status?: CommentStatus; limit: number }): Promise<ListedComment[]> {
  authorize(input.actor, 'comment.moderate');
  return deps.store.comments.list({ ...(input.status ? { status: input.status } : {}), limit: input.limit });
}

/**
 * The status an action moves a comment to. `previous` is the status before the comment's latest
 * logged change: restoring returns to it (pending when the log does not know). Restoring a comment
 * that is neither spam nor trash leaves it as it is.
 */
export function statusAfter(action: ModerationAction, current: CommentStatus, previous: CommentStatus | undefined): CommentStatus {
  switch (action) {
    case 'approve':
      return 'approved';
    case 'unapprove':
      return 'pending';
    case 'spam':
      return 'spam';
    case 'trash':
      return 'trash';
    case 'restore':
      return current === 'spam' || current === 'trash' ? (previous ?? 'pending') : current;
  }
}

/** The moderated comments, in the order asked, with their new statuses; `changed` counts those that moved. */
export interface ModerationResult {
  readonly comments: readonly Comment[];
  readonly changed: number;
}

/**
 * Applies one action to comments, all or none: an unknown id leaves every comment as it was. Each
 * change is logged with the moderator, and the articles' comment counts follow, in the same
 * transaction. A comment already where the action would put it is left alone and not logged.
 */
export async function moderateComments(
  deps: CommentsDeps,
  input: { actor: Actor; ids: readonly number[]; action: ModerationAction },
): Promise<ModerationResult> {
  authorize(input.actor, 'comment.moderate');
  const ids = [...new Set(input.ids)];
  if (ids.length === 0) throw new ValidationError({}, ['Select at least one comment first.']);
  const at = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const found = new Map((await store.comments.findByIds(ids)).map((comment) => [comment.id, comment]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new NotFoundError(`Comment ${missing.join(', ')}`);
    const previous = input.action === 'restore' ? await store.comments.statusesBeforeLatestChange(ids) : new Map<number, CommentStatus>();
    const entries: ModerationEntry[] = [];
    for (const comment of found.values()) {
      const toStatus = statusAfter(input.action, comment.status, previous.get(comment.id));
      if (toStatus !== comment.status) {
        entries.push({
          commentId: comment.id,
          userId: userIdOf(input.actor),
          action: input.action,
          fromStatus: comment.status,
          toStatus,
          at,
        });
      }
    }
    await applyChanges(store, entries, found);
    await enqueueAkismetCorrections(deps, store, entries, found);
    const comments = ids.map((id) => {
      const comment = found.get(id)!;
      return { ...comment, status: entries.find((entry) => entry.commentId === id)?.toStatus ?? comment.status };
    });
    return { comments, changed: entries.length };
  });
}

async function applyChanges(
  store: CommentsStore,
  entries: readonly ModerationEntry[],
  comments: ReadonlyMap<number, Comment>,
): Promise<void> {
  const trained = await store.spam.trainedLabels(entries.map((entry) => entry.commentId));
  for (const entry of entries) {
    await store.comments.setStatus(entry.commentId, entry.toStatus);
    const comment = comments.get(entry.commentId)!;
    // The learning filter learns from readers' comments only: a staff reply says nothing about spam.
    if (comment.staffUserId === null) {
      await relearn(store, textOfComment(comment), trained.get(comment.id) ?? null, labelOfStatus(entry.toStatus));
    }
  }
  await store.comments.recordModeration(entries);
  const articleIds = new Set(entries.map((entry) => comments.get(entry.commentId)!.articleId));
  for (const articleId of articleIds) await store.articles.refreshCommentCount(articleId);
}

/** A comment with its article, for the moderator's edit and reply forms. */
export async function readCommentForModeration(
  deps: CommentsDeps,
  input: { actor: Actor; commentId: number },
): Promise<{ comment: Comment; article: Article }> {
  authorize(input.actor, 'comment.moderate');
  const comment = await deps.store.comments.findById(input.commentId);
  const article = comment && (await deps.store.articles.findById(comment.articleId));
  if (!comment || !article) throw new NotFoundError('The comment');
  return { comment, article };
}

/** Corrects what a commenter wrote, checked as a reader's comment is; the page then says nothing, the log says who. */
export async function editComment(
  deps: CommentsDeps,
  input: { actor: Actor; commentId: number; fields: Pick<CommentSubmission, 'name' | 'email' | 'website' | 'body'> },
): Promise<Comment> {
  authorize(input.actor, 'comment.moderate');
  const fields = checkCommentFields(input.fields);
  const editedAt = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const comment = await store.comments.findById(input.commentId);
    if (!comment) throw new NotFoundError('The comment');
    const text = {
      authorName: fields.name,
      authorEmail: fields.email,
      authorUrl: fields.website,
      bodySource: fields.body,
      bodyHtml: renderCommentBody(fields.body),
    };
    await store.comments.updateText(comment.id, { ...text, editedAt });
    // What the filter learned from the old text is unlearned, and the corrected text learned instead.
    const label = (await store.spam.trainedLabels([comment.id])).get(comment.id) ?? null;
    if (label) {
      await relearn(store, textOfComment(comment), label, null);
      await relearn(store, textOfComment({ ...comment, ...text }), null, label);
    }
    await store.comments.recordModeration([
      {
        commentId: comment.id,
        userId: userIdOf(input.actor),
        action: 'edit',
        fromStatus: comment.status,
        toStatus: comment.status,
        at: editedAt,
      },
    ]);
    return { ...comment, ...text, editedAt };
  });
}

/**
 * Replies under a comment as the staff member, published at once and marked as staff. Replying to
 * a pending comment approves it too, as WordPress does: the reply would make no sense alone.
 */
export async function replyAsStaff(deps: CommentsDeps, input: { actor: StaffActor; commentId: number; body: string }): Promise<Comment> {
  authorize(input.actor, 'comment.moderate');
  const user = await deps.store.users.findById(input.actor.id);
  if (!user) throw new NotFoundError('Your account');
  const fields = checkCommentFields({ name: user.displayName, email: user.email, website: '', body: input.body });
  const now = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const parent = await store.comments.findById(input.commentId);
    if (!parent) throw new NotFoundError('The comment');
    if (parent.status === 'spam' || parent.status === 'trash') {
      throw new ValidationError({}, ['This comment is in the spam or the trash. Restore it before replying to it.']);
    }
    if (parent.status === 'pending') {
      const approval: ModerationEntry = {
        commentId: parent.id,
        userId: input.actor.id,
        action: 'approve',
        fromStatus: 'pending',
        toStatus: 'approved',
        at: now,
      };
      await applyChanges(store, [approval], new Map([[parent.id, parent]]));
      await enqueueAkismetCorrections(deps, store, [approval], new Map([[parent.id, parent]]));
    }
    const reply = await store.comments.insert({
      articleId: parent.articleId,
      ...(await placeReply(store, parent.articleId, parent.id)),
      authorName: fields.name,
      authorEmail: fields.email,
      authorUrl: null,
      bodySource: fields.body,
      bodyHtml: renderCommentBody(fields.body),
      status: 'approved',
      createdAt: now,
      // Staff are known by their account: no address to keep, no rate limit to apply.
      clientAddressHash: '',
      userAgent: '',
      staffUserId: input.actor.id,
    });
    await store.articles.refreshCommentCount(parent.articleId);
    return reply;
  });
}

/** Opens or closes an article's comments, from the moderation queue or the article editor. */
export async function setArticleCommenting(
  deps: CommentsDeps,
  input: { actor: Actor; articleId: number; open: boolean },
): Promise<Article> {
  authorize(input.actor, 'comment.moderate');
  const article = await deps.store.articles.findById(input.articleId);
  if (!article) throw new NotFoundError('The article');
  return setCommentsOpen(deps, { slug: article.slug, open: input.open });
}
