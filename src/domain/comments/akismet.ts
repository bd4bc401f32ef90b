import type { Article, Comment } from '../shared/model.ts';
import type { CommentsDeps, CommentsStore } from './ports.ts';
import type { ModerationEntry } from './repository.ts';

/** The outbox job kinds of Akismet, a spam-checking service used only when a key is configured. */
export const AKISMET_JOBS = { check: 'akismet.check', submitSpam: 'akismet.submit-spam', submitHam: 'akismet.submit-ham' } as const;
export const AKISMET_JOB_KINDS: readonly string[] = Object.values(AKISMET_JOBS);

export type AkismetVerdict = 'spam' | 'ham';

/**
 * How long the reader's raw address is kept for Akismet's corrections at most, when no moderator
 * has decided on the comment before: moderators decide within days, and an address is personal data.
 */
export const AKISMET_ADDRESS_KEEP_DAYS = 30;

/**
 * What Akismet is told about a comment. Every call carries the reader's address (`userIp`), as
 * Akismet's API requires; the outbox empties the payload once the job is done.
 */
export interface AkismetCommentPayload {
  readonly commentId: number;
  readonly articleSlug: string;
  readonly userIp: string;
  readonly userAgent: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorUrl: string | null;
  readonly body: string;
  /** ISO-8601. */
  readonly createdAt: string;
}

function payloadOf(comment: Comment, article: Pick<Article, 'slug'>, userIp: string): AkismetCommentPayload {
  return {
    commentId: comment.id,
    articleSlug: article.slug,
    userIp,
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

/**
 * Asks for an Akismet check of a reader's new comment, in the transaction that stores it, and keeps
 * the reader's address beside the comment for a later correction (see `enqueueAkismetCorrections`).
 */
export async function enqueueAkismetCheck(
  deps: Pick<CommentsDeps, 'jobKinds'>,
  store: CommentsStore,
  input: { comment: Comment; article: Pick<Article, 'slug'>; clientAddress: string },
): Promise<void> {
  if (!akismetIsOn(deps)) return;
  await store.comments.setAkismetUserIp(input.comment.id, input.clientAddress);
  await store.outbox.enqueue({ kind: AKISMET_JOBS.check, payload: { ...payloadOf(input.comment, input.article, input.clientAddress) } });
}

/**
 * Tells Akismet where it was wrong, as its API asks: a comment it called spam that a moderator
 * approved (submit-ham), or one it let through that a moderator marked as spam (submit-spam).
 * Decisions Akismet already agrees with teach it nothing and are not sent.
 *
 * A correction must carry the reader's address, so the comment's kept address goes into the job;
 * then a moderator's decision (any status but pending) erases it. A comment without one (decided
 * before, or older than AKISMET_ADDRESS_KEEP_DAYS) is not sent: Akismet would refuse it.
 */
export async function enqueueAkismetCorrections(
  deps: Pick<CommentsDeps, 'jobKinds'>,
  store: CommentsStore,
  entries: readonly ModerationEntry[],
  comments: ReadonlyMap<number, Comment>,
): Promise<void> {
  if (!akismetIsOn(deps)) return;
  const addresses = await store.comments.akismetUserIps(entries.map((entry) => entry.commentId));
  for (const entry of entries) {
    const comment = comments.get(entry.commentId)!;
    const userIp = addresses.get(comment.id);
    const kind =
      entry.action === 'approve' && comment.akismetVerdict === 'spam'
        ? AKISMET_JOBS.submitHam
        : entry.action === 'spam' && comment.akismetVerdict === 'ham'
          ? AKISMET_JOBS.submitSpam
          : undefined;
    if (!kind || userIp === undefined) continue;
    const article = await store.articles.findById(comment.articleId);
    if (article) await store.outbox.enqueue({ kind, payload: { ...payloadOf(comment, article, userIp) } });
  }
  const decided = entries.filter((entry) => entry.toStatus !== 'pending').map((entry) => entry.commentId);
  await store.comments.forgetAkismetUserIps(decided.filter((id) => addresses.has(id)));
}

/**
 * Erases the addresses kept for comments older than AKISMET_ADDRESS_KEEP_DAYS that no moderator
 * decided on; the outbox worker runs it with its hourly pruning, whether Akismet is on or not.
 */
export function forgetOldAkismetAddresses(deps: Pick<CommentsDeps, 'store' | 'clock'>): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - AKISMET_ADDRESS_KEEP_DAYS * 86_400_000);
  return deps.store.comments.forgetAkismetUserIpsBefore(before);
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
