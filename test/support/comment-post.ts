import type { LightMyRequestResponse } from 'fastify';
import type { TestSite } from './app.ts';
import { form } from './factories.ts';

/** Every hidden field of an article's comment form, as a browser would send them back. */
export async function hiddenFieldsOfCommentForm(
  site: TestSite,
  slug: string,
  headers: Record<string, string> = {},
): Promise<Record<string, string>> {
  const html = (await site.app.inject({ method: 'GET', url: `/articles/${slug}`, headers })).body;
  const formHtml = /<form id="commentform"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const [input] of formHtml.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input)?.[1] ?? '';
  }
  return fields;
}

/**
 * Posts an article's comment form as a reader would: the page is read first and its hidden fields
 * sent back, a minute after it was rendered. `headers` go with both requests.
 */
export async function postCommentForm(
  site: TestSite,
  slug: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const hidden = await hiddenFieldsOfCommentForm(site, slug, headers);
  site.clock.advance(60_000);
  const body = form({ ...hidden, url: '', fax: '', ...fields });
  return site.app.inject({
    method: 'POST',
    url: `/articles/${slug}/comments`,
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}
