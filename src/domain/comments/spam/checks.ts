import { createHash } from 'node:crypto';
import { ConflictError, RateLimitedError, ValidationError } from '../../shared/errors.ts';
import type { Repositories } from '../../store.ts';
import { scoreTokens, type FilterScore } from './bayes.ts';
import { matchBlocklist } from './blocklist.ts';
import { checkFormToken, formTokenSecret } from './form-token.ts';
import type { SpamReason } from './repository.ts';
import { readSpamSettings } from './settings.ts';
import { commentTokens, countLinks, type CommentText } from './tokens.ts';

/** What readers are told when a check refuses their comment; what they typed is kept. */
export const SPAM_MESSAGES = {
  tokenMissing: 'Your comment could not be sent: the form was incomplete. Please send it again.',
  tokenExpired: 'This page was opened more than a day ago. Please send your comment again.',
  tooSoon: (seconds: number) =>
    `Your comment was sent less than ${seconds === 1 ? 'a second' : `${seconds} seconds`} after the page opened, which is quicker than people type. Please send it again.`,
  emailLimited: 'You have posted several comments with this email in the last few minutes. Please wait a little before posting again.',
  duplicate: 'You have already posted this comment.',
} as const;

/** Comments from one email address: at most this many in this many minutes. */
export const COMMENT_EMAIL_RATE_LIMIT = { comments: 5, windowMinutes: 10 } as const;
/** The same text from the same person anywhere on the site within this window is a duplicate; on the same article, at any time. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ScreeningInput extends CommentText {
  readonly articleId: number;
  readonly articleSlug: string;
  readonly formToken: string;
  /** The raw address, checked against the blocklist and never stored. */
  readonly clientAddress: string;
  readonly clientAddressHash: string;
}

/** `publish` leaves the decision to the comment policy; `hold` makes it pending; `spam` stores it as spam. */
export type SpamVerdict = 'publish' | 'hold' | 'spam';

export interface ScreeningResult {
  readonly verdict: SpamVerdict;
  readonly reasons: readonly SpamReason[];
  readonly score: number | null;
  readonly bodyKey: string;
}

/**
 * Runs every spam check on a reader's comment, inside the transaction that stores it. Throws for
 * what the reader can put right (a form sent too soon or too old, too many comments, the same
 * comment twice); otherwise says whether to publish, hold or mark as spam, and why.
 */
export async function screenComment(
  store: Pick<Repositories, 'settings' | 'spam'>,
  input: ScreeningInput,
  now: Date,
): Promise<ScreeningResult> {
  const settings = await readSpamSettings(store);
  await checkRenderTime(store, input, now, settings.minSeconds);
  await checkEmailRate(store, input.email, now);
  const bodyKey = bodyKeyOf(input.body);
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
  if (
    await store.spam.hasDuplicate({
      bodyKey,
      email: input.email,
      clientAddressHash: input.clientAddressHash,
      articleId: input.articleId,
      since,
    })
  ) {
    throw new ConflictError(SPAM_MESSAGES.duplicate);
  }

  const reasons: SpamReason[] = [];
  let verdict: SpamVerdict = 'publish';
  const blocked = matchBlocklist(settings.blocklist, input);
  if (blocked) {
    reasons.push({ check: 'blocklist', detail: blocked });
    verdict = 'spam';
  }
  const links = countLinks(input);
  if (links > settings.linkLimit) {
    reasons.push({ check: 'links', detail: `${links} links, more than the limit of ${settings.linkLimit}.` });
    if (verdict === 'publish') verdict = 'hold';
  }
  const tokens = commentTokens(input);
  const filter = scoreTokens(tokens, await store.spam.tokenCounts(tokens));
  if (filter.trained) {
    const score = Math.round(filter.score * 100);
    reasons.push({ check: 'filter', detail: filterDetail(filter) });
    if (score >= settings.spamScore) verdict = 'spam';
    else if (score >= settings.holdScore && verdict === 'publish') verdict = 'hold';
  }
  return { verdict, reasons, score: filter.trained ? filter.score : null, bodyKey };
}

async function checkRenderTime(store: Pick<Repositories, 'settings'>, input: ScreeningInput, now: Date, minSeconds: number): Promise<void> {
  const token = checkFormToken(await formTokenSecret(store), input.articleSlug, input.formToken, now);
  if (token.kind === 'expired') throw new ValidationError({}, [SPAM_MESSAGES.tokenExpired]);
  if (token.kind !== 'ok') throw new ValidationError({}, [SPAM_MESSAGES.tokenMissing]);
  if (token.ageMs < minSeconds * 1000) throw new ValidationError({}, [SPAM_MESSAGES.tooSoon(minSeconds)]);
}

async function checkEmailRate(store: Pick<Repositories, 'spam'>, email: string, now: Date): Promise<void> {
  const { comments, windowMinutes } = COMMENT_EMAIL_RATE_LIMIT;
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  if ((await store.spam.countFromEmailSince(email, since)) >= comments) {
    throw new RateLimitedError(SPAM_MESSAGES.emailLimited, windowMinutes * 60);
  }
}

/** The filter's reason: its score and the tokens that pulled hardest, as the moderation queue shows them. */
function filterDetail(filter: FilterScore): string {
  const tokens = filter.evidence.map((e) => `${e.token} (${Math.round(e.spamProbability * 100)})`);
  return `Score ${Math.round(filter.score * 100)} of 100${tokens.length ? `; strongest words: ${tokens.join(', ')}` : ''}.`;
}

/**
 * The key duplicates are found by: the body with case, spacing and punctuation evened out, so
 * "Great post!!" and "great  post" are the same comment.
 */
export function bodyKeyOf(body: string): string {
  const normal = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(normal).digest('hex').slice(0, 32);
}
