import type { Page } from 'playwright-core';
import type { LightMyRequestResponse } from 'fastify';
import type { TestSite } from './app.ts';
import { form } from './factories.ts';

/** How long the helper waits, on the test clock, between rendering the form and posting it: past the spam checks' minimum (3 s by default). */
export const FORM_WAIT_MS = 10_000;

/** The hidden inputs of the article page's comment form, by name, as a browser would send them back. */
export function hiddenCommentInputs(html: string): Record<string, string> {
  const start = html.indexOf('<form id="commentform"');
  const end = html.indexOf('</form>', start);
  if (start === -1 || end === -1) return {};
  const inputs: Record<string, string> = {};
  for (const [tag] of html.slice(start, end).matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (name) inputs[name] = decodeAttribute(value);
  }
  return inputs;
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface PostCommentOptions {
  /** The client's address (default 203.0.113.9). */
  readonly ip?: string;
  /** How long the reader takes to write, on the test clock (default FORM_WAIT_MS). */
  readonly waitMs?: number;
  /** Extra request headers, e.g. X-Forwarded-For behind a trusted proxy. */
  readonly headers?: Record<string, string>;
}

/**
 * Posts the article's comment form as a reader's browser does: GETs the page, keeps every hidden
 * input of the form (the signed render time among them), lets the test clock pass the spam checks'
 * minimum, and posts the hidden inputs with `fields` (comment, author, email, url, and parent for a
 * reply) over them. A field given as `undefined` is left out.
 */
export async function postCommentForm(
  site: TestSite,
  slug: string,
  fields: Record<string, string | undefined>,
  options: PostCommentOptions = {},
): Promise<LightMyRequestResponse> {
  const ip = options.ip ?? '203.0.113.9';
  const page = await site.app.inject({ method: 'GET', url: `/articles/${slug}`, remoteAddress: ip, headers: options.headers ?? {} });
  const hidden = hiddenCommentInputs(page.body);
  site.clock.advance(options.waitMs ?? FORM_WAIT_MS);
  const sent = Object.fromEntries(
    Object.entries({ ...hidden, ...fields }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const body = form(sent);
  return site.app.inject({
    method: 'POST',
    url: `/articles/${slug}/comments`,
    remoteAddress: ip,
    payload: body.payload,
    headers: { ...body.headers, ...options.headers },
  });
}

/**
 * In a browser, the page script asks for a fresh render time when the reader first touches the
 * form. Call before typing; await the result after typing and before sending: it waits until the
 * server has issued the fresh token, then lets the test clock pass the minimum. A page without
 * JavaScript asks nothing: pass `script: false`.
 */
export function readerTakesTime(page: Page, site: Pick<TestSite, 'clock'>, options: { script?: boolean } = {}): () => Promise<void> {
  const fresh = options.script === false ? Promise.resolve() : page.waitForResponse((r) => r.url().endsWith('/comment-token'));
  return async () => {
    await fresh;
    site.clock.advance(FORM_WAIT_MS);
  };
}

/** The published comment's id from the answer's redirect; null when it was held or refused. */
export function publishedId(res: LightMyRequestResponse): number | null {
  const location = String(res.headers.location ?? '');
  const id = /[?&]id=(\d+)/.exec(location)?.[1];
  return res.statusCode === 303 && id ? Number(id) : null;
}

/** Whether the answer says the comment waits for moderation. */
export function wasHeld(res: LightMyRequestResponse): boolean {
  return res.statusCode === 303 && String(res.headers.location ?? '').includes('comment=pending');
}
