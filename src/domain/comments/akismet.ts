import type { Article, Comment } from '../shared/model.ts';
import type { CommentsDeps, CommentsStore } from './ports.ts';
import type { ModerationEntry } from './repository.ts';

/** The outbox job kinds of Akismet, a spam-checking service used only when a key is configured. */
export const AKISMET_JOBS = { check: 'akismet.check', submitSpam: 'akismet.submit-spam', submitHam: 'akismet.submit-ham' } as const;
export const AKISMET_JOB_KINDS: readonly string[] = Object.values(AKISMET_JOBS);

export type AkismetVerdict = 'spam' | 'ham';

/**
 * What Akismet is told about a comment. Only the check carries the reader's address (`userIp`),
 * which Broadsheet keeps nowhere else; the outbox empties the payload once the job is done.
 */
export interface AkismetCommentPayload {
  readonly commentId: number;
  readonly articleSlug: string;
  readonly userIp?: string;
  readonly userAgent: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorUrl: string | null;
  readonly body: string;
  /** ISO-8601. */
  readonly createdAt: string;
}

function payloadOf(comment: Comment, article: Pick<Article, 'slug'>, userIp?: string): AkismetCommentPayload {
  return {
    commentId: comment.id,
    articleSlug: article.slug,
    ...(userIp === undefined ? {} : { userIp }),
    userAgent: comment.userAgent,
    authorName: comment.authorName,
    authorEmail: comment.authorEmail,
    authorUrl: comment.authorUrl,
    body: comment.bodySource,
    createdAt: comment.createdAt.toISOString(),
  };
}

function akismetIsOn(deps: Pick<CommentsDeps, 'jobKinds'>): boolean {
  return deps.jobKinds?.has(AKISMET_JOBS.check) ?? false;
}

/** Asks for an Akismet check of a reader's new comment, in the transaction that stores it. */
export async function enqueueAkismetCheck(
  deps: Pick<CommentsDeps, 'jobKinds'>,
  store: CommentsStore,
  input: { comment: Comment; article: Pick<Article, 'slug'>; clientAddress: string },
): Promise<void> {
  if (!akismetIsOn(deps)) return;
  await store.outbox.enqueue({ kind: AKISMET_JOBS.check, payload: { ...payloadOf(input.comment, input.article, input.clientAddress) } });
}

/**
 * Tells Akismet where it was wrong, as its API asks: a comment it called spam that a moderator
 * approved (submit-ham), or one it let through that a moderator marked as spam (submit-spam).
 * Decisions Akismet already agrees with teach it nothing and are not sent.
 */
export async function enqueueAkismetCorrections(
  deps: Pick<CommentsDeps, 'jobKinds'>,
  store: CommentsStore,
  entries: readonly ModerationEntry[],
  comments: ReadonlyMap<number, Comment>,
): Promise<void> {
  if (!akismetIsOn(deps)) return;
  for (const entry of entries) {
    const comment = comments.get(entry.commentId)!;
    const kind =
      entry.action === 'approve' && comment.akismetVerdict === 'spam'
        ? AKISMET_JOBS.submitHam
        : entry.action === 'spam' && comment.akismetVerdict === 'ham'
          ? AKISMET_JOBS.submitSpam
          : undefined;
    const article = kind && (await store.articles.findById(comment.articleId));
    if (kind && article) await store.outbox.enqueue({ kind, payload: { ...payloadOf(comment, article) } });
  }
}

/**
 * Records Akismet's answer on the comment. Spam that no moderator has decided on yet moves to the
 * spam folder (and out of the article's count if it was published); a moderator's decision stands.
 */
export async function recordAkismetVerdict(deps: CommentsDeps, input: { commentId: number; verdict: AkismetVerdict }): Promise<void> {
  const at = deps.clock.now();
  await deps.store.transaction(async (store) => {
    const comment = await store.comments.findById(input.commentId);
    if (!comment) return;
    await store.comments.setAkismetVerdict(comment.id, input.verdict);
    if (input.verdict !== 'spam' || (comment.status !== 'pending' && comment.status !== 'approved')) return;
    const decided = (await store.comments.statusesBeforeLatestChange([comment.id])).has(comment.id);
    if (decided) return;
    await store.comments.setStatus(comment.id, 'spam');
    // Logged without a user, as the console's actions are, so that "restore" knows where it came from.
    await store.comments.recordModeration([
      { commentId: comment.id, userId: null, action: 'spam', fromStatus: comment.status, toStatus: 'spam', at },
    ]);
    if (comment.status === 'approved') await store.articles.refreshCommentCount(comment.articleId);
  });
}
