import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { addTagAlias, findOrCreateTag } from '../src/domain/tags/tags.ts';
import { setCommentsOpen } from '../src/domain/articles/articles.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

const get = (url: string) => site.app.inject({ method: 'GET', url });
/** A page's HTML, once it answered `status`: text missing from an error page proves nothing. */
async function read(url: string, status = 200): Promise<string> {
  const res = await get(url);
  expect(res.statusCode, url).toBe(status);
  return res.body;
}

describe('the article page', () => {
  it('shows the headline, byline, tag line in order, and the body paragraph by paragraph', async () => {
    await buildArticle(site.runtime.deps, {
      headline: 'Tram line extension <approved>',
      slug: 'tram-line-extension',
      author: 'Mei Lin Chau',
      tags: ['Transport', 'Planning', 'Hong Kong'],
      body: 'One.\n\nTwo.\n\nThree.',
    });
    const res = await get('/articles/tram-line-extension');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="story-headline">Tram line extension &lt;approved></h1>');
    expect(res.body).toMatch(/By <a href="\/author\/mei-lin-chau" rel="author">Mei Lin Chau<\/a>/);
    const tagLinks = [...res.body.matchAll(/<a href="(\/tag\/[^"]+)" rel="tag">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(tagLinks).toEqual([
      ['/tag/transport', 'Transport'],
      ['/tag/planning', 'Planning'],
      ['/tag/hong-kong', 'Hong Kong'],
    ]);
    expect(res.body).toContain('<div class="story-body"><p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n</div>');
    expect(res.body).toContain('<form id="commentform"');
  });

  it('marks an article in another language with its language, on its page and in listings', async () => {
    await buildArticle(site.runtime.deps, { headline: '濕地計劃擴展', slug: 'wetland-zh', language: 'zh-hant' });
    expect(await read('/articles/wetland-zh')).toContain('<article class="story" lang="zh-Hant">');
    expect(await read('/')).toContain('<article class="teaser teaser-lead" lang="zh-Hant">');
    await expect(buildArticle(site.runtime.deps, { slug: 'bad-language', language: 'not a language' })).rejects.toMatchObject({
      fields: { language: 'Use a language tag such as en, zh-Hant or ja' },
    });
  });

  it('answers 404 with a helpful page for an unknown article', async () => {
    await buildArticle(site.runtime.deps, { headline: 'Something real' });
    const res = await get('/articles/no-such-story');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('We couldn’t find that page');
    expect(res.body).toContain('Something real');
  });

  it('never shows drafts, and shows a scheduled article from its time on without a restart', async () => {
    const deps = site.runtime.deps;
    await buildArticle(deps, { headline: 'Draft story', slug: 'draft-story', status: 'draft' });
    const scheduled = await buildArticle(deps, {
      headline: 'Tomorrow story',
      slug: 'tomorrow-story',
      date: new Date(site.clock.now().getTime() + 3_600_000),
    });
    expect(scheduled.status).toBe('scheduled');

    for (const url of ['/articles/draft-story', '/articles/tomorrow-story']) expect((await get(url)).statusCode).toBe(404);
    expect(await read('/')).not.toMatch(/Draft story|Tomorrow story/);
    // Nothing on the tag is public yet, so neither is the tag's page.
    expect((await get('/tag/testing')).statusCode).toBe(404);

    site.clock.advance(3_600_001);
    expect((await get('/articles/tomorrow-story')).statusCode).toBe(200);
    expect(await read('/tag/testing')).toContain('Tomorrow story');
    expect(await read('/')).toContain('Tomorrow story');
    expect((await get('/articles/draft-story')).statusCode).toBe(404);
  });

  it('says when comments are closed and offers no form', async () => {
    await buildArticle(site.runtime.deps, { slug: 'closed-story' });
    await setCommentsOpen(site.runtime.deps, { slug: 'closed-story', open: false });
    const res = await get('/articles/closed-story');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Comments are closed on this article.');
    expect(res.body).not.toContain('<form id="commentform"');
  });
});

describe('the home page', () => {
  it('lists the latest articles first and paginates ten to a page', async () => {
    const start = site.clock.now().getTime();
    for (let i = 1; i <= 12; i++)
      await buildArticle(site.runtime.deps, { headline: `Story ${i}`, date: new Date(start - (20 - i) * 60_000) });
    const first = await get('/');
    expect(first.statusCode).toBe(200);
    const headlines = [...first.body.matchAll(/class="teaser-headline"><a href="[^"]+">(Story \d+)</g)].map((m) => m[1]);
    expect(headlines).toEqual([
      'Story 12',
      'Story 11',
      'Story 10',
      'Story 9',
      'Story 8',
      'Story 7',
      'Story 6',
      'Story 5',
      'Story 4',
      'Story 3',
    ]);
    expect(first.body).toContain('href="/?page=2"');

    const second = await get('/?page=2');
    expect(second.statusCode).toBe(200);
    expect([...second.body.matchAll(/>(Story \d+)</g)].map((m) => m[1])).toEqual(['Story 2', 'Story 1']);
    expect((await get('/?page=3')).statusCode).toBe(404);
    expect((await get('/?page=abc')).statusCode).toBe(404);
  });

  it('serves a welcoming page on an empty publication', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nothing has been published here yet.');
  });
});

describe('tag and author pages', () => {
  it('lists a tag’s articles and sends an alias to the canonical tag with a 301', async () => {
    const deps = site.runtime.deps;
    const tag = await findOrCreateTag(deps.store, 'Hong Kong Special Administrative Region', {
      description: 'The city and its government.',
    });
    await addTagAlias(deps.store, tag, 'HKSAR');
    await buildArticle(deps, { headline: 'Tagged by the alias', tags: ['HKSAR'] });
    await buildArticle(deps, { headline: 'Tagged by the full name', tags: ['hong kong special administrative region'] });

    const alias = await get('/tag/hksar?page=1');
    expect(alias.statusCode).toBe(301);
    expect(alias.headers.location).toBe('/tag/hong-kong-special-administrative-region');

    const page = await get('/tag/hong-kong-special-administrative-region');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tagged by the alias');
    expect(page.body).toContain('Tagged by the full name');
    expect(page.body).toContain('Also known as <span class="alias">HKSAR</span>');
    expect(page.body).toContain('The city and its government.');

    const article = await get('/articles/tagged-by-the-alias');
    expect(article.statusCode).toBe(200);
    expect(article.body).toContain(
      '<a href="/tag/hong-kong-special-administrative-region" rel="tag">Hong Kong Special Administrative Region</a>',
    );
  });

  it('takes an article off its tag and author pages when it goes back to draft', async () => {
    const deps = site.runtime.deps;
    await buildArticle(deps, { headline: 'Briefly public', slug: 'briefly-public', tags: ['Weather'], author: 'Priya Raman' });
    expect(await read('/tag/weather')).toContain('Briefly public');
    await buildArticle(deps, {
      headline: 'Briefly public',
      slug: 'briefly-public',
      tags: ['Weather'],
      author: 'Priya Raman',
      status: 'draft',
    });
    expect(await read('/')).not.toContain('Briefly public');
    // Nothing public is left on them: the tag and the byline have no page until something is.
    for (const url of ['/tag/weather', '/author/priya-raman']) expect((await get(url)).statusCode).toBe(404);
  });

  it('shows an author’s published articles only', async () => {
    await buildArticle(site.runtime.deps, { headline: 'Mine and public', author: 'Priya Raman' });
    await buildArticle(site.runtime.deps, { headline: 'Mine but draft', author: 'Priya Raman', status: 'draft' });
    await buildArticle(site.runtime.deps, { headline: 'Someone else', author: 'Daniel Okafor' });
    const res = await get('/author/priya-raman');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Mine and public');
    expect(res.body).not.toMatch(/Mine but draft|Someone else/);
    expect((await get('/author/nobody')).statusCode).toBe(404);
  });
});

describe('the site as a whole', () => {
  it('sends security headers and serves versioned assets for a year', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const css = /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(res.body)?.[1];
    expect(css).toBeDefined();
    const asset = await get(css!);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('sends the page script only with the comment form it checks', async () => {
    await buildArticle(site.runtime.deps, { slug: 'open-story', tags: ['Transport'] });
    await buildArticle(site.runtime.deps, { slug: 'closed-story' });
    await setCommentsOpen(site.runtime.deps, { slug: 'closed-story', open: false });
    const pageScript = /<script src="\/assets\/site\.js\?v=[0-9a-f]+" defer><\/script>/;
    expect(await read('/articles/open-story')).toMatch(pageScript);
    for (const url of ['/', '/tag/transport', '/articles/closed-story']) expect(await read(url), url).not.toMatch(pageScript);
  });
});

describe('when something breaks', () => {
  it('answers a plain 500 page that gives nothing of the internals away', async () => {
    await site.runtime.db.schema.dropTable('tags').execute();
    const res = await get('/');
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Something went wrong on our side');
    expect(res.body).not.toMatch(/SqliteError|no such table|at .+\.ts/);
  });
});
