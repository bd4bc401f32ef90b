import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSite, TestClock, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { staffAgent } from './support/staff.ts';
import { loadDemo } from '../src/demo/load.ts';
import { compressAssets } from '../scripts/compress-assets.js';

let site: TestSite;
afterEach(async () => site.close());

async function start(env: Record<string, string> = {}): Promise<TestSite> {
  site = await startTestSite({ env });
  return site;
}

const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });
const xCache = (res: LightMyRequestResponse) => res.headers['x-cache'];

describe('the page cache', () => {
  it('renders a page once, then answers it from memory with the same bytes and validators', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen' });
    const first = await get('/articles/ferry-fares');
    expect(first.statusCode).toBe(200);
    expect(xCache(first)).toBe('MISS');
    const second = await get('/articles/ferry-fares');
    expect(xCache(second)).toBe('HIT');
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    // helmet's headers are stored with the page.
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(second.headers['cache-control']).toBe('public, max-age=60, s-maxage=300, stale-while-revalidate=60');
    expect(second.headers['last-modified']).toBe(first.headers['last-modified']);
    expect(second.headers.vary).toBe('Accept-Encoding');
  });

  it('renders a page once for the readers who ask for it at the same moment, and answers the others from that render', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen' });
    const rush = await Promise.all(Array.from({ length: 6 }, () => get('/articles/ferry-fares')));
    expect(rush.map(xCache).sort()).toEqual(['HIT', 'HIT', 'HIT', 'HIT', 'HIT', 'MISS']);
    expect(new Set(rush.map((res) => res.body)).size).toBe(1);
    // A page that may not be stored (a reader's own form) leaves no one waiting: each is rendered.
    const personal = await Promise.all(Array.from({ length: 3 }, () => get('/articles/ferry-fares?reply=1')));
    expect(personal.map((res) => res.statusCode)).toEqual([200, 200, 200]);
    expect((await get('/articles/ferry-fares')).headers['x-cache']).toBe('HIT');
  });

  it('answers 304 to a client that has the page, by ETag or by date', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    const first = await get('/articles/ferry-fares');
    const etag = first.headers.etag as string;
    for (const res of [
      await get('/articles/ferry-fares', { 'if-none-match': etag }),
      await get('/articles/ferry-fares', { 'if-modified-since': first.headers['last-modified'] as string }),
    ]) {
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
    }
    expect((await get('/articles/ferry-fares', { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
  });

  it('serves brotli and gzip forms that decompress to exactly the page, by Accept-Encoding', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', body: 'A long story.\n\n'.repeat(200) });
    const plain = await get('/articles/ferry-fares');
    for (const pass of ['MISS', 'HIT']) {
      const br = await get('/articles/ferry-fares?pass=' + pass, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
      const gz = await get('/articles/ferry-fares', { 'accept-encoding': 'gzip;q=1, br;q=0' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    }
    const identity = await get('/articles/ferry-fares', { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body).toBe(plain.body);
  });

  it('answers HEAD with the headers and no body, from memory too', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    const page = await get('/articles/ferry-fares');
    const head = await site.app.inject({ method: 'HEAD', url: '/articles/ferry-fares' });
    expect(head.statusCode).toBe(200);
    expect(xCache(head)).toBe('HIT');
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(page.headers.etag);
    expect(Number(head.headers['content-length'])).toBe(page.rawPayload.length);
  });

  it('keeps one page for addresses that differ only in parameters the page does not read', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    expect(xCache(await get('/articles/ferry-fares'))).toBe('MISS');
    const tracked = await get('/articles/ferry-fares?utm_source=newsletter&fbclid=abc');
    expect(tracked.statusCode).toBe(200);
    expect(xCache(tracked)).toBe('HIT');
    expect(xCache(await get('/?utm_campaign=spring'))).toBe('MISS');
    expect(xCache(await get('/?utm_campaign=autumn'))).toBe('HIT');
  });

  it('lists the keys of everything an article page shows as Surrogate-Key and Cache-Tag', async () => {
    await start();
    const article = await buildArticle(site.runtime.deps, { slug: 'ferry-fares', tags: ['Transport', 'Harbour'], author: 'Mei Lin Chau' });
    const related = await buildArticle(site.runtime.deps, { slug: 'tram-fares', tags: ['Transport'], author: 'Ada Wong' });
    const res = await get('/articles/ferry-fares');
    const [transport, harbour] = article.tags.map((tag) => tag.id!);
    const keys = (res.headers['surrogate-key'] as string).split(' ');
    expect(keys).toEqual(
      expect.arrayContaining([
        'site',
        `a:${article.id}`,
        `c:${article.id}`,
        `u:${article.authorId}`,
        `t:${transport}`,
        `t:${harbour}`,
        `lt:${transport}`,
        `lt:${harbour}`,
        `a:${related.id}`,
        `u:${related.authorId}`,
      ]),
    );
    expect(res.headers['cache-tag']).toBe(keys.join(','));
  });

  it('evicts the least recently used page when the budget is spent', async () => {
    await start({ PAGE_CACHE_MB: '1' });
    // Random hex halves when compressed: about 0.4 MB stored each (the page, its brotli and gzip forms), so two fit and three do not.
    for (const slug of ['one', 'two', 'three']) await buildArticle(site.runtime.deps, { slug, body: randomBytes(100_000).toString('hex') });
    await get('/articles/one');
    await get('/articles/two');
    expect(xCache(await get('/articles/one'))).toBe('HIT'); // one is now used more recently than two
    await get('/articles/three'); // two goes
    expect(xCache(await get('/articles/one'))).toBe('HIT');
    expect(xCache(await get('/articles/two'))).toBe('MISS');
  });

  it('is off with PAGE_CACHE_MB=0: every page is rendered, and still carries its caching headers', async () => {
    await start({ PAGE_CACHE_MB: '0' });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    const first = await get('/articles/ferry-fares');
    const second = await get('/articles/ferry-fares');
    expect(xCache(first)).toBeUndefined();
    expect(xCache(second)).toBeUndefined();
    expect(second.headers['cache-control']).toBe('public, max-age=60, s-maxage=300, stale-while-revalidate=60');
    expect((await get('/articles/ferry-fares', { 'if-none-match': second.headers.etag as string })).statusCode).toBe(304);
  });

  it('gives a signed-in editor fresh pages, private, and never stores them', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    const { agent } = await staffAgent(site, 'editor');
    const editorView = await agent.get('/articles/ferry-fares');
    expect(editorView.statusCode).toBe(200);
    expect(xCache(editorView)).toBeUndefined();
    expect(editorView.headers['cache-control']).toBe('private, no-store');
    expect(xCache(await get('/articles/ferry-fares'))).toBe('MISS');
    expect(xCache(await agent.get('/articles/ferry-fares'))).toBeUndefined();
    expect((await agent.get('/admin')).headers['cache-control']).toBe('private, no-store');
  });

  it("never stores a reader's own view of a page: a comment notice, a reply form, a refused comment", async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    for (const url of ['/articles/ferry-fares?comment=pending', '/articles/ferry-fares?reply=1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('private, no-store');
      expect(xCache(res), url).toBeUndefined();
    }
    const refused = await site.app.inject({
      method: 'POST',
      url: '/articles/ferry-fares/comments',
      payload: 'comment=&author=&email=',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(refused.headers['cache-control']).toBe('private, no-store');
    expect(xCache(await get('/articles/ferry-fares'))).toBe('MISS');
    const missing = await get('/articles/no-such-story');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('private, no-store');
  });
});

describe('a crawl of the public site', () => {
  it('never sends Set-Cookie with a page a cache may keep, rendered or from memory', async () => {
    await start();
    await loadDemo(site.runtime.deps);
    await addFooterPage('about', 'About us');
    const seen = new Set<string>();
    const queue = ['/', '/robots.txt', '/sitemap.xml', '/news-sitemap.xml', '/feed.xml', '/feed.atom', '/feed.json', '/search?q=harbour'];
    let cached = 0;
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      for (const pass of ['first', 'again']) {
        const res = await get(url);
        const keepable = String(res.headers['cache-control'] ?? '').startsWith('public');
        if (res.headers['set-cookie'] !== undefined) {
          expect(keepable, `${url} (${pass}) sets a cookie on a public page`).toBe(false);
          expect(res.headers['x-cache'], url).toBeUndefined();
        }
        if (keepable && pass === 'again') {
          expect(res.headers['x-cache'], url).toBe('HIT');
          cached += 1;
        }
        if (pass === 'first') queue.push(...linksOf(res.body).filter((link) => !seen.has(link)));
      }
    }
    // The crawl reached the whole demo publication: articles, tags, authors, pages, feeds and sitemaps.
    expect(cached).toBeGreaterThan(40);
    expect([...seen].some((url) => url.startsWith('/pages/'))).toBe(true);
  });
});

/** A published page, linked from every page's footer. */
async function addFooterPage(slug: string, title: string): Promise<void> {
  const { store, clock } = site.runtime.deps;
  const now = clock.now();
  const author = await store.authors.insert({ slug: `page-author-${slug}`, name: 'Page Author', bio: '' });
  await store.pages.insert({
    slug,
    title,
    status: 'published',
    publishedAt: now,
    createdAt: now,
    updatedAt: now,
    authorId: author.id,
    bodyFormat: 'markdown',
    bodySource: 'Who we are.',
    bodyHtml: '<p>Who we are.</p>',
  });
}

/** The site's own addresses a page links to (not the newsroom, not static files). */
function linksOf(body: string): string[] {
  const links = [...body.matchAll(/(?:href="|<loc>)(?:http:\/\/news\.test)?(\/[^"<#]*)/g)].map((match) =>
    match[1]!.replaceAll('&amp;', '&'),
  );
  return links.filter((link) => !link.startsWith('/admin') && !link.startsWith('/assets/'));
}

describe('compression of what the page cache does not hold', () => {
  it('serves assets compressed once at build time, and compresses newsroom pages as they go', async () => {
    await start();
    compressAssets(fileURLToPath(new URL('../public/', import.meta.url)));
    const css = fs.readFileSync(new URL('../public/site.css', import.meta.url), 'utf8');
    const asset = await get('/assets/site.css', { 'accept-encoding': 'br, gzip' });
    expect(asset.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(asset.rawPayload).toString()).toBe(css);
    const { agent } = await staffAgent(site, 'editor');
    const newsroom = await site.app.inject({
      method: 'GET',
      url: '/admin',
      headers: { cookie: agent.cookieHeader, 'accept-encoding': 'gzip' },
    });
    expect(newsroom.statusCode).toBe(200);
    expect(newsroom.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(newsroom.rawPayload).toString()).toContain('</html>');
  });
});

describe('freshness of stored pages', () => {
  it('renders again what a change touched, and keeps answering the rest from memory', async () => {
    await start();
    const ferry = await buildArticle(site.runtime.deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen', tags: ['Transport'] });
    await buildArticle(site.runtime.deps, { slug: 'opera', headline: 'Opera festival', tags: ['Culture'] });
    for (const url of ['/articles/ferry-fares', '/articles/opera', '/tag/culture']) await get(url);
    // The command line's publish, as another process would run it: the same slug updates the article.
    await buildArticle(site.runtime.deps, { slug: ferry.slug, headline: 'Ferry fares frozen until summer', tags: ['Transport'] });
    const changed = await get('/articles/ferry-fares');
    expect(xCache(changed)).toBe('MISS');
    expect(changed.body).toContain('Ferry fares frozen until summer');
    expect(xCache(await get('/articles/opera'))).toBe('HIT');
    expect(xCache(await get('/tag/culture'))).toBe('HIT');
  });

  it('shows a scheduled article on the listings the moment its time comes, with no change to announce it', async () => {
    await start();
    await buildArticle(site.runtime.deps, { slug: 'now', headline: 'Published already' });
    const at = new Date(site.clock.now().getTime() + 3_600_000);
    await buildArticle(site.runtime.deps, { slug: 'later', headline: 'Embargoed story', status: 'scheduled', date: at });
    expect((await get('/')).body).not.toContain('Embargoed story');
    expect(xCache(await get('/'))).toBe('HIT');
    site.clock.advance(3_600_000);
    const home = await get('/');
    expect(xCache(home)).toBe('MISS');
    expect(home.body).toContain('Embargoed story');
  });

  it("renders again at midnight where the site is, since the masthead shows the day's date", async () => {
    site = await startTestSite({ env: { SITE_TIMEZONE: 'Asia/Hong_Kong' }, clock: new TestClock(new Date('2026-03-01T15:59:00Z')) });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    await get('/pages/none'); // a 404 is never stored: it does not count
    expect(xCache(await get('/articles/ferry-fares'))).toBe('MISS');
    expect(xCache(await get('/articles/ferry-fares'))).toBe('HIT');
    site.clock.advance(60_000); // 00:00 on 2 March in Hong Kong
    expect(xCache(await get('/articles/ferry-fares'))).toBe('MISS');
  });

  it("renders an article again when its comments close by the site's closing age", async () => {
    await start();
    await site.runtime.deps.store.settings.set('site.closeCommentsAfterDays', '1');
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', date: new Date(site.clock.now().getTime() - 86_400_000 + 60_000) });
    const open = await get('/articles/ferry-fares');
    expect(open.body).toContain('<form id="commentform"');
    expect(xCache(await get('/articles/ferry-fares'))).toBe('HIT');
    site.clock.advance(60_000);
    const closed = await get('/articles/ferry-fares');
    expect(xCache(closed)).toBe('MISS');
    expect(closed.body).not.toContain('<form id="commentform"');
  });
});
