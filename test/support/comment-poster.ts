import type { LightMyRequestResponse } from 'fastify';
import type { TestSite } from './app.ts';

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'" };

/** The hidden inputs of an article's comment form, as a browser would send them back. */
function hiddenInputs(html: string, slug: string): Record<string, string> {
  const start = html.indexOf(`action="/articles/${encodeURIComponent(slug)}/comments"`);
  const form = start === -1 ? '' : html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(input)) continue;
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name) fields[name] = value.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (_, e: string) => ENTITIES[e]!);
  }
  return fields;
}

/**
 * Posts the comment form as a reader's browser would (COMMON contract): the page first, every
 * hidden input sent back, and the clock moved past the minimum time and the per-address window.
 */
export async function postCommentForm(
  site: TestSite,
  slug: string,
  fields: { author: string; email: string; url: string; comment: string },
): Promise<LightMyRequestResponse> {
  site.clock.advance(11 * 60_000);
  const page = await site.app.inject({ method: 'GET', url: `/articles/${encodeURIComponent(slug)}` });
  site.clock.advance(60_000);
  const body = new URLSearchParams({ ...hiddenInputs(page.body, slug), ...fields, fax: '' });
  return site.app.inject({
    method: 'POST',
    url: `/articles/${encodeURIComponent(slug)}/comments`,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
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
