import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { postCommentForm, publishedId, wasHeld } from '../support/comment-form.ts';
import { buildArticle } from '../support/factories.ts';
import { auditingPage, auditPage, injected, QUEUE_MARKUP, shownText, signedInContext } from '../support/hostile-page.ts';
import { batches, HOSTILE_STRINGS } from '../support/hostile-strings.ts';
import { staffAgent } from '../support/staff.ts';

/** Hostile-input suite, the comment form: every field, refused and accepted, rendered in Chromium. */

const PER_PAGE = 50;

let site: TestSite;
let address: string;
let browser: Browser;

beforeAll(async () => {
  site = await startTestSite();
  address = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  // Accepted comments are shown at once, so the article page renders them.
  await site.runtime.deps.store.settings.set('site.commentPolicy', 'publish_all');
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** The value a text input shows for what was typed: browsers drop line breaks from single-line inputs. */
const inputText = (typed: string) => shownText(typed.replace(/[\r\n]/g, ''));

/**
 * Each reader takes twelve minutes, past the per-address window, and comment n comes from an
 * address of its own: strings that normalise alike ("NULL", "(null)") are not one reader's duplicates.
 */
const asReader = (n: number) => ({ ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, waitMs: 12 * 60_000 });

describe('hostile input through the comment form', () => {
  it('shows a refused form again with every field kept as typed text, and nothing injected', async () => {
    const article = await buildArticle(site.runtime.deps, { headline: 'Refused comments are shown again' });
    const url = `${address}/articles/${article.slug}`;
    const tab = await auditingPage(browser);
    const refusedPage = async (fields: { author: string; email: string; url: string; comment: string }) => {
      const res = await postCommentForm(site, article.slug, fields, asReader(0));
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
      return { res, audit: res.statusCode === 303 ? null : await auditPage(tab, url, { html: res.body, headers }) };
    };
    const benign = (await refusedPage({ author: 'Benign Reader', email: 'not an address', url: '', comment: 'Benign words.' })).audit!;

    const problems: string[] = [];
    let refused = 0;
    // Eight strings to a form, in every field at once: the email (and mostly the website) cannot pass, so the form comes back.
    for (const [i, group] of batches(HOSTILE_STRINGS, 8).entries()) {
      const typed = group.join(' ');
      const { res, audit } = await refusedPage({ author: typed, email: typed, url: typed, comment: typed });
      if (!audit) continue;
      refused += group.length;
      const found = injected(audit, benign, new Set());
      const kept = {
        author: await tab.page.locator('#author').inputValue(),
        email: await tab.page.locator('#email').inputValue(),
        url: await tab.page.locator('#url').inputValue(),
        comment: await tab.page.locator('#comment').inputValue(),
      };
      if (shownText(kept.comment) !== shownText(typed)) found.push(`comment shown as ${JSON.stringify(kept.comment)}`);
      for (const field of ['author', 'email', 'url'] as const) {
        if (inputText(kept[field]) !== inputText(typed)) found.push(`${field} shown as ${JSON.stringify(kept[field])}`);
      }
      if (found.length > 0) problems.push(`form ${i} ${JSON.stringify(typed)} (${res.statusCode}): ${found.join('; ')}`);
    }
    await tab.page.close();
    expect(problems).toEqual([]);
    expect(refused).toBeGreaterThan(HOSTILE_STRINGS.length * 0.9);
  }, 300_000);

  it('shows accepted comments with the name and body as text, and nothing injected', async () => {
    const tab = await auditingPage(browser);
    const problems: string[] = [];
    const benignArticle = await buildArticle(site.runtime.deps, { headline: 'Benign comments' });
    for (let i = 0; i < PER_PAGE; i++) {
      const res = await postCommentForm(
        site,
        benignArticle.slug,
        {
          author: `Reader ${i}`,
          email: `benign${i}@example.com`,
          url: 'https://reader.example/',
          comment: `A benign comment number ${i}.`,
        },
        asReader(i),
      );
      expect(publishedId(res)).not.toBeNull();
    }
    const benign = await auditPage(tab, `${address}/articles/${benignArticle.slug}`);

    let shown = 0;
    let held = 0;
    for (const [b, batch] of batches(HOSTILE_STRINGS, PER_PAGE).entries()) {
      const article = await buildArticle(site.runtime.deps, { headline: `Hostile comments ${b}` });
      const expected: { id: number; name: string; body: string; typed: string }[] = [];
      for (const [j, typed] of batch.entries()) {
        const n = b * PER_PAGE + j;
        const name = typed.trim() ? typed.slice(0, 100) : `Reader ${n}`;
        const body = typed.trim() ? typed : `Blank ${n}`;
        const fields = { author: name, email: `hostile${n}@example.com`, url: typed, comment: body };
        let res = await postCommentForm(site, article.slug, fields, asReader(n));
        // A website that is no web address refuses the comment; send it again without one.
        if (res.statusCode !== 303) res = await postCommentForm(site, article.slug, { ...fields, url: '' }, asReader(n));
        const id = publishedId(res);
        if (id !== null) expected.push({ id, name, body, typed });
        else if (wasHeld(res)) held++;
        else problems.push(`#${n} ${JSON.stringify(typed)}: refused with ${res.statusCode}`);
      }
      const audit = await auditPage(tab, `${address}/articles/${article.slug}`);
      const found = injected(audit, benign, new Set());
      if (found.length > 0) problems.push(`page ${b}: ${found.join('; ')}`);
      const texts = await tab.page.evaluate(() =>
        [...document.querySelectorAll('li.comment')].map((li) => ({
          id: li.id,
          name: li.querySelector('.comment-author')?.textContent ?? '',
          body: li.querySelector('.comment-body')?.textContent ?? '',
          website: li.querySelector('a.comment-author')?.getAttribute('href') ?? null,
        })),
      );
      for (const comment of expected) {
        const seen = texts.find((t) => t.id === `comment-${comment.id}`);
        if (!seen) problems.push(`${JSON.stringify(comment.typed)}: comment ${comment.id} not shown`);
        else {
          shown++;
          if (shownText(seen.name) !== shownText(comment.name))
            problems.push(`${JSON.stringify(comment.typed)}: name shown as ${JSON.stringify(seen.name)}`);
          if (shownText(seen.body) !== shownText(comment.body))
            problems.push(`${JSON.stringify(comment.typed)}: body shown as ${JSON.stringify(seen.body)}`);
          if (seen.website !== null && !/^https?:\/\//i.test(seen.website))
            problems.push(`${JSON.stringify(comment.typed)}: website ${seen.website}`);
        }
      }
    }
    await tab.page.close();
    // Comments the spam checks held are shown to moderators instead: every page of the queue.
    if (held > 0) {
      const { agent } = await staffAgent(site, 'editor');
      const context = await signedInContext(browser, agent, address);
      const admin = await auditingPage(context);
      const empty = await auditPage(admin, `${address}/admin/comments?status=spam`);
      for (let page = 1; page <= Math.ceil(held / 25); page++) {
        const found = injected(await auditPage(admin, `${address}/admin/comments?status=pending&page=${page}`), empty, QUEUE_MARKUP);
        if (found.length > 0) problems.push(`queue page ${page}: ${found.join('; ')}`);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
    expect(shown + held).toBeGreaterThan(HOSTILE_STRINGS.length * 0.9);
  }, 300_000);
});
