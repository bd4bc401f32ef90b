import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenError, NotFoundError, Problems, RateLimitedError, ValidationError } from '../shared/errors.ts';
import { isEmailAddress } from '../shared/email.ts';
import { renderCommentBody } from '../shared/markdown.ts';
import { isPubliclyVisible, type Article, type Comment, type CommentStatus, type PublishedComment } from '../shared/model.ts';
import { readCommentRules, type CommentOrder, type CommentPolicy, type CommentRules } from '../site/site-settings.ts';
import type { CommentsDeps, CommentsStore } from './ports.ts';
import type { Repositories } from '../store.ts';
import { screenComment, type SpamVerdict } from './spam/checks.ts';
import { enqueueAkismetCheck } from './akismet.ts';

/** The messages readers see, word for word the ones WordPress newsrooms' readers already know. */
export const COMMENT_MESSAGES = {
  bodyRequired: 'Please enter your comment!',
  nameRequired: 'Please enter your name here',
  emailInvalid: 'You have entered an incorrect email address!',
  websiteInvalid: 'Please enter a web address such as https://example.com, or leave this empty',
  honeypot:
    'Your comment looks automated: a field people cannot see was filled in. If you are a person, please turn off form autofill and send it again.',
  closed: 'Comments are closed on this article.',
  parentGone: 'The comment you replied to is no longer available. Your comment will be posted as a new comment if you send it again.',
  rateLimited: 'You have posted several comments in the last few minutes. Please wait a little before posting again.',
} as const;

export const COMMENT_LIMITS = { body: 5000, name: 100, email: 254, website: 300 } as const;
/** Replies nest at most this deep; a reply to the deepest level joins it as a sibling. */
export const MAX_COMMENT_DEPTH = 5;
export const COMMENT_RATE_LIMIT = { comments: 5, windowMinutes: 10 } as const;

export interface CommentSubmission {
  readonly articleSlug: string;
  readonly parentId: number | null;
  readonly name: string;
  readonly email: string;
  readonly website: string;
  readonly body: string;
  /** The hidden field people never see; only bots fill it in. */
  readonly honeypot: string;
  readonly clientAddress: string;
  readonly userAgent: string;
  /** The signed render time the form carried (see spam/form-token.ts); empty when it carried none. */
  readonly formToken: string;
}

export interface CommentFields {
  readonly name: string;
  readonly email: string;
  readonly website: string | null;
  readonly body: string;
}

/** Checks what a reader typed, reporting every problem under the name of the field it concerns (`body`, `name`, `email`, `website`). */
export function checkCommentFields(input: Pick<CommentSubmission, 'name' | 'email' | 'website' | 'body'>): CommentFields {
  const problems = new Problems();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  const name = input.name.trim().replace(/\s+/g, ' ');
  const email = input.email.trim().toLowerCase();
  if (!body) problems.add('body', COMMENT_MESSAGES.bodyRequired);
  else if (body.length > COMMENT_LIMITS.body) {
    problems.add(
      'body',
      `Your comment is ${body.length.toLocaleString('en')} characters long; please keep it under ${COMMENT_LIMITS.body.toLocaleString('en')}.`,
    );
  }
  if (!name) problems.add('name', COMMENT_MESSAGES.nameRequired);
  else if (name.length > COMMENT_LIMITS.name) problems.add('name', `Please keep your name under ${COMMENT_LIMITS.name} characters.`);
  if (!isEmailAddress(email, COMMENT_LIMITS.email)) problems.add('email', COMMENT_MESSAGES.emailInvalid);
  const website = normaliseWebsite(input.website);
  if (website === undefined) problems.add('website', COMMENT_MESSAGES.websiteInvalid);
  problems.throwIfAny();
  return { name, email, website: website ?? null, body };
}

/** `null` for empty, `undefined` for something that is not a web address. */
function normaliseWebsite(raw: string): string | null | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  if (trimmed.length > COMMENT_LIMITS.website) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * Posts a reader's comment. The spam checks (spam/checks.ts) run first, in the same transaction:
 * they refuse it, hold it, or mark it as spam. Otherwise the site's comment policy decides whether
 * it is published at once or waits for moderation (by default: published when the same email
 * already has an approved comment, as WordPress does).
 */
export async function submitComment(deps: CommentsDeps, input: CommentSubmission): Promise<Comment> {
  if (input.honeypot.trim()) throw new ValidationError({}, [COMMENT_MESSAGES.honeypot]);
  const fields = checkCommentFields(input);
  const now = deps.clock.now();
  return deps.store.groupedTransaction(async (store) => {
    const article = await store.articles.findCommentTarget(input.articleSlug);
    if (!article || !isPubliclyVisible(article, now)) throw new NotFoundError('The article');
    const rules = await readCommentRules(store);
    if (!isCommentingOpen(article, rules, now)) throw new ForbiddenError(COMMENT_MESSAGES.closed);
    const placement = await placeReply(store, article.id, input.parentId);

    const clientAddressHash = hashClientAddress(await clientAddressSalt(store), input.clientAddress);
    const windowStart = new Date(now.getTime() - COMMENT_RATE_LIMIT.windowMinutes * 60_000);
    if ((await store.comments.countFromAddressSince(clientAddressHash, windowStart)) >= COMMENT_RATE_LIMIT.comments) {
      throw new RateLimitedError(COMMENT_MESSAGES.rateLimited, COMMENT_RATE_LIMIT.windowMinutes * 60);
    }

    const screening = await screenComment(
      store,
      {
        ...fields,
        articleId: article.id,
        articleSlug: input.articleSlug,
        formToken: input.formToken,
        clientAddress: input.clientAddress,
        clientAddressHash,
      },
      now,
    );
    const knownCommenter = rules.commentPolicy === 'hold_first_time' && (await store.comments.hasApprovedFromEmail(fields.email));
    const status =
      screening.verdict === 'publish' ? statusOfNewComment(rules.commentPolicy, knownCommenter) : VERDICT_STATUS[screening.verdict];
    const comment = await store.comments.insert(
      {
        articleId: article.id,
        ...placement,
        authorName: fields.name,
        authorEmail: fields.email,
        authorUrl: fields.website,
        bodySource: fields.body,
        bodyHtml: renderCommentBody(fields.body),
        status,
        createdAt: now,
        clientAddressHash,
        userAgent: input.userAgent.slice(0, 500),
      },
      screening,
    );
    if (status === 'approved') await store.articles.countNewApprovedComment(article.id);
    await enqueueAkismetCheck(deps, store, { comment, article, clientAddress: input.clientAddress });
    return comment;
  });
}

/** A held comment waits for a moderator; spam is stored, never shown, and its sender is told the same as for a held one. */
const VERDICT_STATUS = { hold: 'pending', spam: 'spam' } as const satisfies Record<Exclude<SpamVerdict, 'publish'>, CommentStatus>;

/** Whether readers may comment on the article at `now`: the article is open, and not past the site's closing age. */
export function isCommentingOpen(
  article: Pick<Article, 'commentsOpen' | 'publishedAt'>,
  rules: Pick<CommentRules, 'closeCommentsAfterDays'>,
  now: Date,
): boolean {
  if (!article.commentsOpen) return false;
  if (rules.closeCommentsAfterDays <= 0 || article.publishedAt === null) return true;
  return now.getTime() - article.publishedAt.getTime() < rules.closeCommentsAfterDays * 86_400_000;
}

/** When the site's closing age closes the article's comments, if that is still to come at `now`; null otherwise. */
export function commentingClosesAt(
  article: Pick<Article, 'commentsOpen' | 'publishedAt'>,
  rules: Pick<CommentRules, 'closeCommentsAfterDays'>,
  now: Date,
): Date | null {
  if (!article.commentsOpen || rules.closeCommentsAfterDays <= 0 || article.publishedAt === null) return null;
  const closes = new Date(article.publishedAt.getTime() + rules.closeCommentsAfterDays * 86_400_000);
  return closes > now ? closes : null;
}

/** The status a reader's new comment starts with; `knownCommenter` means their email has an approved comment. */
export function statusOfNewComment(policy: CommentPolicy, knownCommenter: boolean): CommentStatus {
  if (policy === 'publish_all') return 'approved';
  if (policy === 'hold_all') return 'pending';
  return knownCommenter ? 'approved' : 'pending';
}

/**
 * Where a reply goes: under its parent, which must be a published comment of the same article, or
 * beside it once the thread is MAX_COMMENT_DEPTH deep.
 */
export async function placeReply(
  store: CommentsStore,
  articleId: number,
  parentId: number | null,
): Promise<{ parentId: number | null; depth: number }> {
  if (parentId === null) return { parentId: null, depth: 1 };
  const parent = await store.comments.findById(parentId);
  if (!parent || parent.articleId !== articleId || parent.status !== 'approved') {
    throw new ValidationError({}, [COMMENT_MESSAGES.parentGone]);
  }
  if (parent.depth < MAX_COMMENT_DEPTH) return { parentId: parent.id, depth: parent.depth + 1 };
  return { parentId: parent.parentId, depth: parent.depth };
}

/**
 * Addresses are kept only as a salted hash: enough to rate-limit and to spot a repeat spammer,
 * useless for finding the reader. The salt is made once per publication and kept in the database,
 * so every app instance agrees on it.
 */
export function hashClientAddress(salt: string, address: string): string {
  return createHash('sha256').update(`${salt}\0${address}`).digest('hex').slice(0, 32);
}

export function clientAddressSalt(store: Pick<Repositories, 'settings'>): Promise<string> {
  return store.settings.getOrInsert('client_address_salt', () => randomBytes(24).toString('hex'));
}

export interface CommentNode {
  readonly comment: PublishedComment;
  readonly replies: CommentNode[];
}

/**
 * Nests comments under their parents. Conversations (the comments that start a thread) come in the
 * site's order, oldest or newest first; the replies under each stay oldest first, as a conversation
 * reads. Orphans stand at the top level.
 */
export function buildCommentThread(comments: readonly PublishedComment[], order: CommentOrder = 'oldest'): CommentNode[] {
  const sorted = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const nodes = new Map<number, CommentNode>(sorted.map((comment) => [comment.id, { comment, replies: [] }]));
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.comment.parentId === null ? undefined : nodes.get(node.comment.parentId);
    (parent ? parent.replies : roots).push(node);
  }
  return order === 'newest' ? roots.reverse() : roots;
}

/** The comment with this id anywhere in a thread. */
export function findInThread(nodes: readonly CommentNode[], id: number): PublishedComment | undefined {
  for (const node of nodes) {
    if (node.comment.id === id) return node.comment;
    const found = findInThread(node.replies, id);
    if (found) return found;
  }
  return undefined;
}
