import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError } from '../../shared/errors.ts';
import { isPubliclyVisible } from '../../shared/model.ts';
import type { Repositories } from '../../store.ts';
import { cacheKey } from '../../site/cache-keys.ts';
import type { ReadCache } from '../../site/read-cache.ts';

/**
 * The comment form carries a signed note of when it was rendered. A reader takes seconds to type a
 * comment; a bot posts the moment it has the page. The signature (HMAC-SHA256 with a secret made
 * once per publication and kept in the settings table) stops anyone writing their own time.
 *
 * A shared page cache hands every reader the same rendered note, already old, so it would wave a
 * script through; the page's own script therefore asks the uncached `comment-token` address for a
 * fresh note when the reader starts typing (see public/site.js). Without JavaScript the rendered
 * note still works, measured from when the page was rendered: that is the trade-off.
 */

/** A token older than this is refused: the reader is asked to send the comment again with the fresh token the answer carries. */
export const FORM_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A token from slightly in the future is accepted: app instances' clocks may differ by this much. */
const CLOCK_SKEW_MS = 5_000;

export type FormTokenCheck = { readonly kind: 'ok'; readonly ageMs: number } | { readonly kind: 'missing' | 'forged' | 'expired' };

/** The per-publication secret, made on first use; every app instance reads the same one. */
export function formTokenSecret(store: Pick<Repositories, 'settings'>): Promise<string> {
  return store.settings.getOrInsert('comment_form_secret', () => randomBytes(32).toString('hex'));
}

/**
 * The secret as the article page signs with it: made once and never changed, so it is kept in the
 * read cache (under `site`, which drops everything, only because every value needs a key).
 */
function keptFormTokenSecret(deps: {
  readonly store: Pick<Repositories, 'settings'>;
  readonly reads?: ReadCache | undefined;
}): Promise<string> {
  return deps.reads
    ? deps.reads.remember('comment form secret', [cacheKey.site], () => formTokenSecret(deps.store))
    : formTokenSecret(deps.store);
}

/** A token for the comment form of one article, rendered at `at`. */
export function signFormToken(secret: string, articleSlug: string, at: Date): string {
  const time = at.getTime().toString(36);
  return `${time}.${signature(secret, articleSlug, time)}`;
}

/** Whether a posted token is one this publication signed for this article, and how old it is. */
export function checkFormToken(secret: string, articleSlug: string, token: string, now: Date): FormTokenCheck {
  if (!token) return { kind: 'missing' };
  const [time = '', mac = '', extra] = token.split('.');
  if (extra !== undefined || !/^[0-9a-z]{1,12}$/.test(time) || !/^[0-9a-f]{64}$/.test(mac)) return { kind: 'forged' };
  const expected = Buffer.from(signature(secret, articleSlug, time), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return { kind: 'forged' };
  const ageMs = now.getTime() - parseInt(time, 36);
  if (ageMs < -CLOCK_SKEW_MS) return { kind: 'forged' };
  if (ageMs > FORM_TOKEN_LIFETIME_MS) return { kind: 'expired' };
  return { kind: 'ok', ageMs: Math.max(ageMs, 0) };
}

function signature(secret: string, articleSlug: string, time: string): string {
  return createHmac('sha256', secret).update(`comment-form\0${articleSlug}\0${time}`).digest('hex');
}

/** A fresh token for an article's comment form: for the page as rendered, and for the page script that asks for one when the reader starts typing. */
export async function issueCommentFormToken(
  deps: { readonly store: Pick<Repositories, 'settings'>; readonly clock: { now(): Date }; readonly reads?: ReadCache | undefined },
  input: { readonly articleSlug: string },
): Promise<string> {
  return signFormToken(await keptFormTokenSecret(deps), input.articleSlug, deps.clock.now());
}

/** A fresh token for the page script of an article readers can see; any other address is not found. */
export async function issueFreshCommentFormToken(
  deps: {
    readonly store: Pick<Repositories, 'settings' | 'articles'>;
    readonly clock: { now(): Date };
    readonly reads?: ReadCache | undefined;
  },
  input: { readonly articleSlug: string },
): Promise<string> {
  const article = await deps.store.articles.findBySlug(input.articleSlug);
  if (!article || !isPubliclyVisible(article, deps.clock.now())) throw new NotFoundError('The article');
  return issueCommentFormToken(deps, input);
}
