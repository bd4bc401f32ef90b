import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';
import { postCommentForm } from './support/comment-form.ts';
import { create, inputValue } from './support/editor.ts';
import { buildArticle } from './support/factories.ts';
import { staffAgent, type Agent } from './support/staff.ts';

/**
 * Exact invalidation, end to end: after each kind of change, the pages that show it answer fresh
 * content on the next request (rendered again: X-Cache MISS, with the new text), and a page that
 * does not show it is still answered from the page cache (X-Cache HIT). Changes come from the
 * newsroom, from the command line in a process of its own, from an import, and from the clock.
 */
let site: TestSite;
let admin: Agent;
let ferry: Article;

beforeEach(async () => {
  site = await startTestSite();
  admin = (await staffAgent(site, 'admin')).agent;
  ferry = await buildArticle(site.runtime.deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen', tags: ['Transport'] });
  await buildArticle(site.runtime.deps, { slug: 'opera', headline: 'Opera festival opens', tags: ['Culture'], author: 'Arts Desk' });
});
afterEach(() => site.close());

const get = (url: string): Promise<LightMyRequestResponse> => site.app.inject({ method: 'GET', url });

/** Asks for each page until the cache holds it. */
async function warm(...urls: string[]): Promise<void> {
  for (const url of urls) {
    await get(url);
    expect((await get(url)).headers['x-cache'], url).toBe('HIT');
  }
}

/** The page is rendered again, and shows `text`. */
async function expectFresh(url: string, text: string): Promise<void> {
  const res = await get(url);
  expect(res.headers['x-cache'], url).toBe('MISS');
  expect(res.body, url).toContain(text);
}

/** The page, which does not show the change, is still answered from memory. */
async function expectStillCached(url: string): Promise<void> {
  expect((await get(url)).headers['x-cache'], url).toBe('HIT');
}

/** Posts an article's editor form as a browser would, with its stored values and the given changes. */
async function update(agent: Agent, id: number, changes: Record<string, string>): Promise<LightMyRequestResponse> {
  const page = await agent.get(`/admin/articles/${id}`);
  const article = (await site.runtime.deps.store.articles.findById(id))!;
  const current: Record<string, string> = {};
  for (const name of ['headline', 'slug', 'tags', 'publishedAt', 'language', 'baseRevision'])
    current[name] = inputValue(page.body, name) ?? '';
  const res = await agent.post(`/admin/articles/${id}`, {
    ...current,
    standfirst: article.standfirst,
    body: article.bodySource,
    ...changes,
  });
  expect(res.statusCode).toBe(303);
  return res;
}

const UNRELATED = ['/articles/opera', '/tag/culture', '/author/arts-desk'];

describe('pages after a change in the newsroom', () => {
  it('an edited headline: its article, the front page, its tag and author pages; not the others', async () => {
    await warm('/articles/ferry-fares', '/', '/tag/transport', '/author/test-writer', ...UNRELATED);
    await update(admin, ferry.id, { headline: 'Ferry fares frozen until summer', intent: 'update' });
    for (const url of ['/articles/ferry-fares', '/', '/tag/transport', '/author/test-writer']) {
      await expectFresh(url, 'Ferry fares frozen until summer');
    }
    for (const url of UNRELATED) await expectStillCached(url);
  });

  it('a published draft: the front page and its tag’s listing; not another tag', async () => {
    await warm('/', '/tag/transport', ...UNRELATED);
    const saved = await create(admin, { headline: 'Night ferries return', tags: 'Transport', intent: 'publish' });
    expect(saved.statusCode).toBe(303);
    for (const url of ['/', '/tag/transport']) await expectFresh(url, 'Night ferries return');
    await expectStillCached('/articles/opera');
    await expectStillCached('/tag/culture');
  });

  it('an unpublished article: gone from the front page and its tag page', async () => {
    await warm('/', '/tag/transport', '/articles/ferry-fares', '/articles/opera');
    await update(admin, ferry.id, { intent: 'unpublish' });
    const home = await get('/');
    expect(home.headers['x-cache']).toBe('MISS');
    expect(home.body).not.toContain('Ferry fares frozen');
    // The tag has no public article left: its page is gone.
    expect((await get('/tag/transport')).statusCode).toBe(404);
    expect((await get('/articles/ferry-fares')).statusCode).toBe(404);
    await expectStillCached('/articles/opera');
  });

  it('a correction: its article', async () => {
    await warm('/articles/ferry-fares', '/articles/opera');
    await admin.get(`/admin/articles/${ferry.id}`);
    await admin.post(`/admin/articles/${ferry.id}/corrections`, { correction: 'An earlier version gave the wrong fare.' });
    await expectFresh('/articles/ferry-fares', 'An earlier version gave the wrong fare.');
    await expectStillCached('/articles/opera');
  });

  it('an approved comment: its article and its count on the front page; not another article', async () => {
    const res = await postCommentForm(
      site,
      'ferry-fares',
      { comment: 'Fares should fall at night.', author: 'Ada Reader', email: 'ada@example.com', url: '', fax: '' },
      { ip: '198.51.100.7' },
    );
    expect(res.statusCode).toBe(303);
    const [comment] = await site.runtime.deps.store.comments.list({ limit: 1 });
    await warm('/articles/ferry-fares', '/', ...UNRELATED);
    await admin.get('/admin/comments');
    await admin.post(`/admin/comments/${comment!.id}/approve`, { back: '/admin/comments' });
    await expectFresh('/articles/ferry-fares', 'Fares should fall at night.');
    await expectFresh('/', '1 comment');
    for (const url of UNRELATED) await expectStillCached(url);

    await warm('/articles/ferry-fares');
    await admin.post(`/admin/comments/${comment!.id}/spam`, { back: '/admin/comments' });
    const hidden = await get('/articles/ferry-fares');
    expect(hidden.headers['x-cache']).toBe('MISS');
    expect(hidden.body).not.toContain('Fares should fall at night.');
  });

  it('a renamed tag: its page and the articles that carry it; not the others', async () => {
    await warm('/tag/transport', '/articles/ferry-fares', ...UNRELATED);
    await admin.get('/admin/tags/transport');
    await admin.post('/admin/tags/transport', { name: 'Getting around', slug: 'transport', description: '' });
    for (const url of ['/tag/transport', '/articles/ferry-fares']) await expectFresh(url, 'Getting around');
    for (const url of UNRELATED) await expectStillCached(url);
  });

  it('a tag merged into another: the pages of the tag it went into and of the articles it carried', async () => {
    await buildArticle(site.runtime.deps, { slug: 'tram-fares', headline: 'Tram fares rise', tags: ['Trams'] });
    await warm('/tag/transport', '/articles/tram-fares', '/articles/opera', '/tag/culture');
    await admin.get('/admin/tags/trams');
    expect((await admin.post('/admin/tags/trams/merge', { into: 'Transport' })).statusCode).toBe(303);
    await expectFresh('/tag/transport', 'Tram fares rise');
    await expectFresh('/articles/tram-fares', 'href="/tag/transport"');
    await expectStillCached('/articles/opera');
    await expectStillCached('/tag/culture');
  });

  it('a section: the navigation of every page', async () => {
    await warm('/', '/articles/opera');
    await admin.get('/admin/tags/transport');
    await admin.post('/admin/tags/transport', { name: 'Transport', slug: 'transport', description: '', isSection: 'on' });
    for (const url of ['/', '/articles/opera']) await expectFresh(url, '<a href="/tag/transport"');
  });

  it('the site settings: every page', async () => {
    await warm('/', ...UNRELATED);
    await admin.get('/admin/settings');
    const saved = await admin.post('/admin/settings', {
      title: 'The Evening Ledger',
      description: 'News after dark.',
      language: 'en',
      timeZone: 'UTC',
      commentPolicy: 'hold_first_time',
      closeCommentsAfterDays: '0',
      feedContent: 'full',
    });
    expect(saved.statusCode).toBe(303);
    for (const url of ['/', ...UNRELATED]) await expectFresh(url, 'The Evening Ledger');
  });

  it('a published page: its footer link on every page', async () => {
    await warm('/', '/articles/opera');
    await admin.get('/admin/pages/new');
    await admin.post('/admin/pages', { title: 'Corrections policy', slug: 'corrections', body: 'We correct.', status: 'published' });
    for (const url of ['/', '/articles/opera']) await expectFresh(url, 'href="/pages/corrections"');
  });
});

describe('pages after a change by another process', () => {
  const writeArticle = (name: string, frontMatter: string) => {
    const file = path.join(site.dataDir, name);
    fs.writeFileSync(file, `---\n${frontMatter}\n---\n\nThe text.\n`);
    return file;
  };

  it('an article published from the command line: the front page and its tag page; not the others', async () => {
    await warm('/', '/tag/transport', ...UNRELATED);
    // Dated by the site's (test) clock: the command line's own clock is later, so "now" there is the future here.
    const date = new Date(site.clock.now().getTime() - 1_800_000).toISOString();
    const file = writeArticle(
      'story.md',
      `title: Ferry strike ends\nslug: ferry-strike\nauthor: Test Writer\ntags: [Transport]\ndate: ${date}`,
    );
    expect((await runCli(site.dataDir, ['publish', file])).code).toBe(0);
    for (const url of ['/', '/tag/transport']) await expectFresh(url, 'Ferry strike ends');
    for (const url of UNRELATED) await expectStillCached(url);
  });

  it('a comment approved from the command line: its article', async () => {
    await postCommentForm(
      site,
      'ferry-fares',
      { comment: 'Approved by the console.', author: 'Ada Reader', email: 'ada@example.com', url: '', fax: '' },
      { ip: '198.51.100.8' },
    );
    const [comment] = await site.runtime.deps.store.comments.list({ limit: 1 });
    await warm('/articles/ferry-fares', '/articles/opera');
    expect((await runCli(site.dataDir, ['comments', 'approve', String(comment!.id)])).code).toBe(0);
    await expectFresh('/articles/ferry-fares', 'Approved by the console.');
    await expectStillCached('/articles/opera');
  });

  it('a WordPress import: the front page shows what it brought', async () => {
    await warm('/', '/articles/opera');
    const file = path.join(REPO_ROOT, 'test/fixtures/wordpress/newsroom.xml');
    expect((await runCli(site.dataDir, ['import', 'wordpress', file])).code).toBe(0);
    const latest = await site.runtime.db
      .selectFrom('articles')
      .select('headline')
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    const home = await get('/');
    expect(home.headers['x-cache']).toBe('MISS');
    expect(home.body).toContain(latest.headline.replace(/&/g, '&amp;'));
  }, 60_000);
});

describe('pages when a scheduled article reaches its time', () => {
  it('its tag and author pages list it from then on, with no change to announce it', async () => {
    const at = new Date(site.clock.now().getTime() + 3_600_000);
    await buildArticle(site.runtime.deps, {
      slug: 'later',
      headline: 'Embargoed story',
      tags: ['Transport'],
      status: 'scheduled',
      date: at,
    });
    await warm('/tag/transport', '/author/test-writer');
    expect((await get('/tag/transport')).body).not.toContain('Embargoed story');
    site.clock.advance(3_600_000);
    for (const url of ['/tag/transport', '/author/test-writer']) await expectFresh(url, 'Embargoed story');
  });
});
