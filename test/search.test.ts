import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorOf } from '../src/domain/shared/policy.ts';
import { addAliasToTag, mergeTags, updateTag } from '../src/domain/tags/tag-admin.ts';
import { searchPath } from '../src/views/search.tsx';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { buildStaff } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite({ env: { BROADSHEET_DEMO: 'off' } });
});
afterEach(async () => site.close());

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(site.clock.now().getTime() - hours * HOUR);

async function search(params: Record<string, string>, page = 1) {
  const res = await site.app.inject({ method: 'GET', url: searchPath(params, page) });
  return {
    status: res.statusCode,
    html: res.body,
    slugs: [...res.body.matchAll(/<h2 class="teaser-headline"><a href="\/articles\/([^"]+)"/g)].map((m) => m[1]),
  };
}
const found = async (q: string, extra: Record<string, string> = {}) => (await search({ q, ...extra })).slugs;

const article = (slug: string, overrides: Parameters<typeof buildArticle>[1] = {}) =>
  buildArticle(site.runtime.deps, {
    slug,
    headline: `Story ${slug}`,
    body: 'Nothing much happened today.',
    tags: ['Testing'],
    ...overrides,
  });

describe('site search', () => {
  it('finds English words in headlines, standfirsts and bodies, stemmed', async () => {
    await article('cooperation', { body: 'The two councils promised closer cooperation on ferries.' });
    await article('standfirst', { standfirst: 'Lighthouse keepers retire' });
    await article('unrelated');
    expect(await found('cooperate')).toEqual(['cooperation']);
    expect(await found('ferry')).toEqual(['cooperation']);
    expect(await found('lighthouses')).toEqual(['standfirst']);
    expect(await found('cooperate lighthouse')).toEqual([]);
  });

  it('finds Chinese text without spaces, by three characters or by two', async () => {
    await article('gba', { headline: '粵港澳大灣區青年計劃擴展', body: '政府宣布，粵港澳大灣區的青年實習名額增加。' });
    await article('wanchai', { headline: '灣仔海濱長廊開放', body: '市民可以沿海散步。' });
    expect(await found('大灣區')).toEqual(['gba']);
    expect(await found('灣區')).toEqual(['gba']);
    expect(await found('灣仔')).toEqual(['wanchai']);
    expect(await found('海')).toEqual(expect.arrayContaining(['wanchai']));
    expect(await found('大灣區計劃')).toEqual([]);
  });

  it('answers mixed English and Chinese queries, and finds a tag by its alias', async () => {
    await article('tagged', { headline: '大灣區交通卡', tags: ['Hong Kong Special Administrative Region'] });
    await article('untagged', { headline: '大灣區天氣' });
    await article('english-only', { headline: 'Border queues shorten', tags: ['Hong Kong Special Administrative Region'] });
    const editor = actorOf(await buildStaff(site, 'editor'));
    await addAliasToTag(site.runtime.deps, { actor: editor, slug: 'hong-kong-special-administrative-region', alias: 'HKSAR' });
    expect(await found('HKSAR')).toEqual(['english-only', 'tagged']);
    expect(await found('HKSAR 大灣區')).toEqual(['tagged']);
    expect(await found('大灣區')).toEqual(['untagged', 'tagged']);
  });

  it('ranks headline matches above body matches, and newer above older at equal relevance', async () => {
    await article('body-newest', { body: 'The typhoon passed to the south.', date: ago(1) });
    await article('headline-old', { headline: 'Typhoon season review', date: ago(50) });
    await article('headline-new', { headline: 'Typhoon signal lowered', date: ago(5) });
    await article('standfirst-mid', { standfirst: 'What the typhoon left behind', date: ago(2) });
    await article('body-older', { body: 'A typhoon shelter was reopened.', date: ago(30) });
    expect(await found('typhoon')).toEqual(['headline-new', 'headline-old', 'standfirst-mid', 'body-newest', 'body-older']);
  });

  it('filters by tag, author and dates, together with the query', async () => {
    await article('old-transport', {
      body: 'Tram fares rise.',
      tags: ['Transport'],
      author: 'Ada Wong',
      date: new Date('2026-01-10T12:00:00Z'),
    });
    await article('new-transport', {
      body: 'Tram lines extended.',
      tags: ['Transport'],
      author: 'Ben Lau',
      date: new Date('2026-02-10T12:00:00Z'),
    });
    await article('new-culture', {
      body: 'Tram museum opens.',
      tags: ['Culture'],
      author: 'Ada Wong',
      date: new Date('2026-02-11T12:00:00Z'),
    });
    expect(await found('tram')).toEqual(['new-culture', 'new-transport', 'old-transport']);
    expect(await found('tram', { tag: 'transport' })).toEqual(['new-transport', 'old-transport']);
    expect(await found('tram', { tag: 'Transport', author: 'ada-wong' })).toEqual(['old-transport']);
    expect(await found('tram', { from: '2026-02-01' })).toEqual(['new-culture', 'new-transport']);
    expect(await found('tram', { from: '2026-02-01', to: '2026-02-10' })).toEqual(['new-transport']);
    const unknown = await search({ q: 'tram', tag: 'No such tag' });
    expect(unknown.status).toBe(200);
    expect(unknown.html).toContain('We have no tag called “No such tag”.');
  });

  it('pages through the results, keeping the query and filters in the links', async () => {
    for (let i = 1; i <= 12; i++) await article(`harbour-${i}`, { headline: `Harbour note ${i}`, date: ago(i) });
    const first = await search({ q: 'harbour', tag: 'testing' });
    expect(first.slugs).toHaveLength(10);
    expect(first.html).toContain('12 results');
    expect(first.html).toContain('<a rel="next" href="/search?q=harbour&tag=testing&page=2">');
    const second = await search({ q: 'harbour', tag: 'testing' }, 2);
    expect(second.slugs).toEqual(['harbour-11', 'harbour-12']);
    expect(second.html).toContain('Page 2 of 2');
    expect((await search({ q: 'harbour' }, 3)).status).toBe(404);
  });

  it('shows highlighted, escaped snippets and keeps the query in the box', async () => {
    await article('escaped', {
      headline: 'Seawall <b>works</b>',
      body: 'Engineers wrote <script>alert(1)</script> beside the seawall plans.',
    });
    const { html } = await search({ q: 'seawall' });
    expect(html).toContain('<mark>Seawall</mark> &lt;b>works&lt;/b>');
    expect(html).toMatch(
      /<p class="search-snippet">Engineers wrote &lt;script>alert\(1\)&lt;\/script> beside the <mark>seawall<\/mark> plans\.<\/p>/,
    );
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<input id="search-q" type="search" name="q" value="seawall"');
    expect(html).toContain('<meta name="robots" content="noindex"');
  });

  it('finds neither drafts nor scheduled articles until they are published', async () => {
    await article('draft', { headline: 'Secret lagoon plan', status: 'draft' });
    await article('scheduled', {
      headline: 'Embargoed lagoon report',
      status: 'scheduled',
      date: new Date(site.clock.now().getTime() + 2 * HOUR),
    });
    expect(await found('lagoon')).toEqual([]);
    site.clock.advance(3 * HOUR);
    expect(await found('lagoon')).toEqual(['scheduled']);
    await article('draft', { headline: 'Secret lagoon plan', status: 'published', date: ago(0.5) });
    expect(await found('lagoon')).toEqual(['draft', 'scheduled']);
  });

  it('stays in step with edits, unpublishing and deletion', async () => {
    await article('changing', { headline: 'Pier reopens' });
    expect(await found('pier')).toEqual(['changing']);
    await article('changing', { headline: 'Jetty reopens' });
    expect(await found('pier')).toEqual([]);
    expect(await found('jetty')).toEqual(['changing']);
    await article('changing', { headline: 'Jetty reopens', status: 'draft' });
    expect(await found('jetty')).toEqual([]);
    await article('changing', { headline: 'Jetty reopens', status: 'published' });
    expect(await found('jetty')).toEqual(['changing']);
    await site.runtime.db.deleteFrom('articles').where('slug', '=', 'changing').execute();
    const afterDelete = await search({ q: 'jetty' });
    expect(afterDelete.slugs).toEqual([]);
    expect(afterDelete.html).toContain('0 results for “jetty”');
  });

  it('follows tag renames, new aliases and merges', async () => {
    await article('tagged', { tags: ['Wetlands'] });
    await article('other', { tags: ['Marshes'] });
    const editor = actorOf(await buildStaff(site, 'editor'));
    const deps = site.runtime.deps;
    await updateTag(deps, {
      actor: editor,
      slug: 'wetlands',
      newSlug: 'wetlands',
      fields: { name: 'Mangroves', description: '', isSection: false },
    });
    expect(await found('mangrove')).toEqual(['tagged']);
    await addAliasToTag(deps, { actor: editor, slug: 'wetlands', alias: 'Estuary' });
    expect(await found('estuary')).toEqual(['tagged']);
    await mergeTags(deps, { actor: editor, slug: 'marshes', into: 'Mangroves' });
    expect(await found('mangroves')).toEqual(['other', 'tagged']);
    expect(await found('marsh')).toEqual(['other', 'tagged']);
  });

  it('answers empty and absurd queries with a friendly page', async () => {
    await article('ordinary', { headline: 'Ordinary news' });
    const queries = [
      '',
      '   ',
      '!!!',
      '*',
      '"',
      '""',
      '"unbalanced',
      'NEAR(',
      'ordinary NEAR(',
      'a'.repeat(5_000),
      "'; DROP TABLE articles; --",
      '{headline}: x',
      '^ordinary',
      'ordinary OR',
      'NOT',
      '\u0002',
    ];
    for (const q of queries) {
      const res = await search({ q });
      expect(res.status, q.slice(0, 20)).toBe(200);
      expect(res.html, q.slice(0, 20)).toMatch(/class="search-(message|count)"/);
    }
    expect((await search({ q: '' })).html).toContain('Type a word or two to search the articles.');
    expect((await search({ q: 'a'.repeat(5_000) })).html).toContain('That search is too long.');
    expect(await found('"ordinary')).toEqual(['ordinary']);
    expect(await found('ordinary NEAR(')).toEqual([]);
    expect((await search({ q: 'x', from: 'yesterday' })).html).toContain('Give the dates as year-month-day');
    expect(await found('ordinary')).toEqual(['ordinary']);
    // A hand-edited address that repeats the query searches its first value, as browsers send it.
    const repeated = await site.app.inject({ method: 'GET', url: '/search?q=ordinary&q=nothing' });
    expect(repeated.statusCode).toBe(200);
    expect(repeated.body).toContain('href="/articles/ordinary"');
  });

  it('offers the search box in the masthead of every page', async () => {
    await article('anything');
    for (const url of ['/', '/articles/anything', '/tag/testing']) {
      const html = (await site.app.inject({ method: 'GET', url })).body;
      expect(html).toContain('<form class="masthead-search" role="search" action="/search" method="get" aria-label="Search the site">');
      expect(html).toContain('<label for="masthead-q">Search</label>');
    }
  });
});

describe('the search index, asked directly', () => {
  it('finds English with Chinese in articles older than the Chinese term’s newest rows', async () => {
    // A query with words and CJK first reads its body tier from the CJK term's 2 × countUpTo
    // newest rows on; when those do not fill the ranking it must read the rest.
    for (let i = 0; i < 5; i++) await article(`zh-new-${i}`, { body: `大灣區的消息 ${i}`, date: ago(1 + i) });
    await article('zh-old-ferry', { body: '大灣區 ferry schedules', date: ago(40) });
    await article('zh-older-ferry', { body: '大灣區 ferry fares', date: ago(50) });
    await article('ferry-only', { body: 'The ferry was late.', date: ago(2) });
    const search = (countUpTo: number) =>
      site.runtime.deps.store.search.search({
        terms: { words: [['ferry']], cjk: ['大灣區'] },
        until: site.clock.now(),
        limit: 10,
        offset: 0,
        countUpTo,
      });
    const slugsOf = (found: Awaited<ReturnType<typeof search>>) => found.items.map((hit) => hit.article.slug);
    const small = await search(2);
    expect(slugsOf(small)).toEqual(['zh-old-ferry', 'zh-older-ferry']);
    expect(small.total).toBe(2);
    const large = await search(100);
    expect(slugsOf(large)).toEqual(['zh-old-ferry', 'zh-older-ferry']);
    // With the newest rows enough to fill the ranking, the answer is the same one.
    await article('zh-new-ferry', { body: '大灣區 ferry news', date: ago(0.5) });
    expect(slugsOf(await search(1))).toEqual(['zh-new-ferry']);
  });
});
