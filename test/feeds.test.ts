import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeArticle } from '../src/domain/articles/articles.ts';
import type { Article } from '../src/domain/shared/model.ts';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { addTagAlias } from '../src/domain/tags/tags.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { postCommentForm } from './support/comment-form.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';

let site: TestSite;
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(site.clock.now().getTime() - hours * HOUR);

beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

async function rss(url: string) {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  return parseRssFeed(res.body);
}
async function atom(url: string) {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  return parseAtomFeed(res.body);
}
async function jsonFeed(url: string) {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
  const feed = parseJsonFeed(JSON.parse(res.body));
  return { ...feed, items: feed.items ?? [] };
}

/** Three published stories by two writers, a draft and a story scheduled for tomorrow. */
async function newsroom() {
  const deps = site.runtime.deps;
  const oldest = await buildArticle(deps, {
    headline: 'Seawall survey finds cracks',
    tags: ['Harbour'],
    author: 'Mei Chan',
    date: hoursAgo(30),
  });
  const middle = await buildArticle(deps, {
    headline: 'Night ferry gets a second boat',
    tags: ['Transport', 'Harbour'],
    author: 'Owen Park',
    date: hoursAgo(5),
    body: 'The [timetable](/pages/timetable) changes on Monday & the fares stay put.',
  });
  const newest = await buildArticle(deps, {
    headline: 'Tram depot to become a market',
    tags: ['Transport'],
    author: 'Mei Chan',
    date: hoursAgo(1),
  });
  await buildArticle(deps, { headline: 'Unfinished draft about rents', tags: ['Harbour'], status: 'draft' });
  await buildArticle(deps, {
    headline: 'Embargoed budget story',
    tags: ['Harbour'],
    date: new Date(site.clock.now().getTime() + 24 * HOUR),
  });
  return { oldest, middle, newest };
}

describe('the site’s feeds', () => {
  it('list published articles only, newest first, with absolute links, stable ids, dates and the full body', async () => {
    const { oldest, middle, newest } = await newsroom();

    const channel = await rss('/feed.xml');
    expect(channel.title).toBe('The Harbour Ledger');
    expect(channel.link).toBe('http://news.test/');
    expect(channel.atom?.links?.[0]?.href).toBe('http://news.test/feed.xml');
    expect(channel.items?.map((item) => item.title)).toEqual([newest.headline, middle.headline, oldest.headline]);
    const item = channel.items![1]!;
    expect(item.link).toBe('http://news.test/articles/night-ferry-gets-a-second-boat');
    expect(item.guid).toEqual({ value: `tag:news.test,2025:article-${middle.id}`, isPermaLink: false });
    expect(item.pubDate).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(new Date(item.pubDate!).getTime()).toBe(Math.floor(middle.publishedAt!.getTime() / 1000) * 1000);
    expect(item.dc?.creators).toEqual(['Owen Park']);
    expect(item.categories?.map((category) => category.name)).toEqual(['Transport', 'Harbour']);
    expect(item.content?.encoded).toContain('<a href="http://news.test/pages/timetable">timetable</a>');
    expect(item.content?.encoded).toContain('Monday &amp; the fares');

    const feed = await atom('/feed.atom');
    expect(feed.id).toBe('http://news.test/feed.atom');
    expect(feed.entries?.map((entry) => entry.title?.value)).toEqual([newest.headline, middle.headline, oldest.headline]);
    const entry = feed.entries![1]!;
    expect(entry.id).toBe(`tag:news.test,2025:article-${middle.id}`);
    expect(entry.links?.[0]?.href).toBe('http://news.test/articles/night-ferry-gets-a-second-boat');
    expect(entry.published).toBe(middle.publishedAt!.toISOString());
    expect(entry.authors?.[0]).toEqual({ name: 'Owen Park', uri: 'http://news.test/author/owen-park' });
    expect(entry.content).toMatchObject({ type: 'html', value: expect.stringContaining('Monday &amp; the fares') as string });
    expect(feed.updated).toBe(newest.publishedAt!.toISOString());

    const json = await jsonFeed('/feed.json');
    expect(json.feed_url).toBe('http://news.test/feed.json');
    expect(json.items.map((i) => i.title)).toEqual([newest.headline, middle.headline, oldest.headline]);
    expect(json.items[1]).toMatchObject({
      id: `tag:news.test,2025:article-${middle.id}`,
      url: 'http://news.test/articles/night-ferry-gets-a-second-boat',
      date_published: middle.publishedAt!.toISOString(),
      authors: [{ name: 'Owen Park', url: 'http://news.test/author/owen-park' }],
      tags: ['Transport', 'Harbour'],
    });

    const everything = JSON.stringify([channel, feed, json]);
    expect(everything).not.toContain('Unfinished draft');
    expect(everything).not.toContain('Embargoed budget');
    site.clock.advance(25 * HOUR);
    expect((await rss('/feed.xml')).items?.[0]?.title).toBe('Embargoed budget story');
  });

  it('keep an article’s id when its headline and slug are edited', async () => {
    const { middle } = await newsroom();
    const before = (await rss('/feed.xml')).items![1]!;
    await editArticle(middle, { headline: 'Night ferry doubles its boats', slug: 'night-ferry-doubles' });

    const after = (await rss('/feed.xml')).items!.find((item) => item.title === 'Night ferry doubles its boats')!;
    expect(after.guid).toEqual(before.guid);
    expect(after.link).toBe('http://news.test/articles/night-ferry-doubles');
    const entries = (await atom('/feed.atom')).entries!;
    expect(entries.find((entry) => entry.title?.value === 'Night ferry doubles its boats')?.id).toBe(before.guid?.value);
    expect((await jsonFeed('/feed.json')).items.find((item) => item.title === 'Night ferry doubles its boats')?.id).toBe(
      before.guid?.value,
    );
  });

  it('escape headlines and carry bodies whole, whatever characters they hold', async () => {
    await buildArticle(site.runtime.deps, {
      headline: 'Tolls <rise> & “fall” ]]> again',
      body: 'Text with a literal ]]> inside and <b>no tags</b>.',
    });
    const item = (await rss('/feed.xml')).items![0]!;
    expect(item.title).toBe('Tolls <rise> & “fall” ]]> again');
    expect(item.content?.encoded).toContain('literal ]]&gt; inside');
    expect((await atom('/feed.atom')).entries![0]!.title?.value).toBe('Tolls <rise> & “fall” ]]> again');
  });

  it('carry the standfirst and a link instead of the body when the newsroom chooses excerpts', async () => {
    const { newest } = await newsroom();
    await site.runtime.deps.store.settings.set('site.feedContent', 'excerpt');
    const item = (await rss('/feed.xml')).items![0]!;
    expect(item.content?.encoded).toBe(
      '<p>A short summary for the test.</p><p><a href="http://news.test/articles/tram-depot-to-become-a-market">Read the full article</a></p>',
    );
    expect(item.content?.encoded).not.toContain('First paragraph');
    expect(item.description).toBe(newest.standfirst);
    expect((await atom('/feed.atom')).entries![0]!.content?.value).not.toContain('First paragraph');
    expect((await jsonFeed('/feed.json')).items[0]!.content_html).not.toContain('First paragraph');
  });

  it('answer 304 to a reader that has the current version, and 200 once it changes', async () => {
    const { newest } = await newsroom();
    const first = await get('/feed.xml');
    expect(first.headers['last-modified']).toBe(newest.publishedAt!.toUTCString());
    expect(first.headers['cache-control']).toBe('public, max-age=60, s-maxage=300, stale-while-revalidate=60');
    const etag = first.headers.etag as string;
    const again = await get('/feed.xml', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await buildArticle(site.runtime.deps, { headline: 'Breaking: typhoon signal raised' });
    expect((await get('/feed.xml', { 'if-none-match': etag })).statusCode).toBe(200);
  });
});

describe('tag and author feeds', () => {
  it('list only the tag’s or the author’s articles, and send an alias to the canonical tag’s feed', async () => {
    const { oldest, middle, newest } = await newsroom();
    const harbour = await rss('/tag/harbour/feed.xml');
    expect(harbour.title).toBe('Harbour – The Harbour Ledger');
    expect(harbour.link).toBe('http://news.test/tag/harbour');
    expect(harbour.items?.map((item) => item.title)).toEqual([middle.headline, oldest.headline]);
    expect((await atom('/tag/transport/feed.atom')).entries?.map((entry) => entry.title?.value)).toEqual([
      newest.headline,
      middle.headline,
    ]);
    expect((await jsonFeed('/author/mei-chan/feed.json')).items.map((item) => item.title)).toEqual([newest.headline, oldest.headline]);
    expect((await rss('/author/owen-park/feed.xml')).items?.map((item) => item.title)).toEqual([middle.headline]);

    await site.runtime.deps.store.transaction(async (store) => {
      const tag = await store.tags.findBySlug('harbour');
      await addTagAlias(store, tag!, 'Waterfront');
    });
    const alias = await get('/tag/waterfront/feed.atom');
    expect(alias.statusCode).toBe(301);
    expect(alias.headers.location).toBe('/tag/harbour/feed.atom');
    expect((await get('/tag/no-such-tag/feed.xml')).statusCode).toBe(404);
    expect((await get('/author/nobody/feed.json')).statusCode).toBe(404);
  });
});

describe('an article’s comments feed', () => {
  let address = 0;
  async function comment(slug: string, text: string, email = 'reader@example.com') {
    address++;
    await postCommentForm(site, slug, { comment: text, author: 'Lau Reader', email, url: '', fax: '' }, { ip: `198.51.100.${address}` });
    return (await site.runtime.deps.store.comments.list({ limit: 1 }))[0]!;
  }

  it('lists approved comments only, newest first, and follows the article to its new slug', async () => {
    const { middle } = await newsroom();
    const first = await comment(middle.slug, 'The second boat is long overdue.');
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first.id], action: 'approve' });
    site.clock.advance(60_000);
    const second = await comment(middle.slug, 'Agreed, and the pier needs a roof.', 'newcomer@example.com');
    await comment(middle.slug, 'Buy cheap watches here', 'spammer@example.com');

    const feed = await rss(`/articles/${middle.slug}/comments.xml`);
    expect(feed.title).toBe('Comments on “Night ferry gets a second boat” – The Harbour Ledger');
    expect(feed.items?.map((item) => item.description)).toEqual([expect.stringContaining('long overdue') as string]);
    expect(JSON.stringify(feed)).not.toContain('cheap watches');

    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [second.id], action: 'approve' });
    const entries = (await atom(`/articles/${middle.slug}/comments.atom`)).entries!;
    expect(entries.map((entry) => entry.id)).toEqual([`tag:news.test,2025:comment-${second.id}`, `tag:news.test,2025:comment-${first.id}`]);
    expect(entries[0]!.links?.[0]?.href).toBe(`http://news.test/articles/${middle.slug}?c=${second.id}#comment-${second.id}`);
    expect(entries[0]!.authors?.[0]?.name).toBe('Lau Reader');
    expect((await jsonFeed(`/articles/${middle.slug}/comments.json`)).items).toHaveLength(2);

    await editArticle(middle, { headline: middle.headline, slug: 'night-ferry-second-boat' });
    const moved = await get(`/articles/${middle.slug}/comments.xml`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/articles/night-ferry-second-boat/comments.xml');
  });

  it('is not there for a draft', async () => {
    const draft = await buildArticle(site.runtime.deps, { headline: 'Draft with no readers', status: 'draft' });
    expect((await get(`/articles/${draft.slug}/comments.xml`)).statusCode).toBe(404);
  });
});

describe('feed autodiscovery', () => {
  it('announces the site’s feeds on every page, and the page’s own feeds on tag, author and article pages', async () => {
    const { middle } = await newsroom();
    const alternates = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      return [...res.body.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"\/>/g)].map(
        ([, type, title, href]) => ({
          type,
          title,
          href,
        }),
      );
    };
    const siteFeeds = [
      { type: 'application/rss+xml', title: 'The Harbour Ledger (RSS)', href: 'http://news.test/feed.xml' },
      { type: 'application/atom+xml', title: 'The Harbour Ledger (Atom)', href: 'http://news.test/feed.atom' },
      { type: 'application/feed+json', title: 'The Harbour Ledger (JSON Feed)', href: 'http://news.test/feed.json' },
    ];
    expect(await alternates('/')).toEqual(siteFeeds);
    expect(await alternates('/tag/harbour')).toEqual([
      ...siteFeeds,
      { type: 'application/rss+xml', title: 'Harbour – The Harbour Ledger (RSS)', href: 'http://news.test/tag/harbour/feed.xml' },
      { type: 'application/atom+xml', title: 'Harbour – The Harbour Ledger (Atom)', href: 'http://news.test/tag/harbour/feed.atom' },
      { type: 'application/feed+json', title: 'Harbour – The Harbour Ledger (JSON Feed)', href: 'http://news.test/tag/harbour/feed.json' },
    ]);
    expect((await alternates('/author/owen-park')).slice(3).map((link) => link.href)).toEqual([
      'http://news.test/author/owen-park/feed.xml',
      'http://news.test/author/owen-park/feed.atom',
      'http://news.test/author/owen-park/feed.json',
    ]);
    const article = await alternates(`/articles/${middle.slug}`);
    expect(article.slice(3)[0]).toEqual({
      type: 'application/rss+xml',
      title: 'Comments on “Night ferry gets a second boat” – The Harbour Ledger (RSS)',
      href: `http://news.test/articles/${middle.slug}/comments.xml`,
    });
    for (const link of [...article, ...(await alternates('/tag/harbour'))]) {
      expect((await get(new URL(link.href!).pathname)).statusCode, link.href).toBe(200);
    }
  });
});

/** Saves the article again as an editor would, with a new headline and slug. */
async function editArticle(article: Article, changes: { headline: string; slug: string }) {
  await site.runtime.deps.store.transaction((store) =>
    storeArticle(store, {
      existing: article,
      record: {
        slug: changes.slug,
        headline: changes.headline,
        standfirst: article.standfirst,
        bodySource: article.bodySource,
        bodyFormat: article.bodyFormat,
        bodyHtml: article.bodyHtml,
        status: article.status,
        publishedAt: article.publishedAt,
        authorId: article.authorId,
        updatedAt: site.clock.now(),
        language: article.language,
      },
      tags: article.tags.map((tag) => tag.name),
      savedBy: null,
      now: site.clock.now(),
    }),
  );
}
