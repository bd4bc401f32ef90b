import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { changeLog } from './support/change-log.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';
import { postCommentForm } from './support/comment-form.ts';
import { buildArticle, SETTINGS_FORM } from './support/factories.ts';
import { staffAgent, type Agent } from './support/staff.ts';

/**
 * The change log's keys for every path that changes what readers see, other than the article
 * editor (invalidation-editor.test.ts): exactly the keys of the pages that show the change.
 */
let site: TestSite;
let admin: Agent;
let article: Article;

beforeEach(async () => {
  site = await startTestSite();
  article = await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls', tags: ['Transport'] });
  admin = (await staffAgent(site, 'admin')).agent;
});
afterEach(() => site.close());

const db = () => site.runtime.db;
const tagId = async (slug: string) => (await db().selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const authorId = async (slug: string) =>
  (await db().selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const articleId = async (slug: string) =>
  (await db().selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

let address = 0;
/** A reader's comment through the public form; resolves to its id. */
async function readerComment(text: string): Promise<number> {
  const res = await postCommentForm(
    site,
    'tunnel-tolls',
    { comment: text, author: 'Ada Reader', email: 'ada@example.com', url: '', fax: '' },
    { ip: `198.51.100.${++address}` },
  );
  expect(res.statusCode).toBe(303);
  const [newest] = await site.runtime.deps.store.comments.list({ limit: 1 });
  return newest!.id;
}

describe('comment moderation', () => {
  it('logs nothing for a comment held for moderation, then the comments and the count when it is approved', async () => {
    const log = changeLog(site);
    const id = await readerComment('Tolls should fall at night.');
    expect(log.keys()).toEqual(new Set());
    await admin.get('/admin/comments');
    await admin.post(`/admin/comments/${id}/approve`, { back: '/admin/comments' });
    expect(log.keys()).toEqual(new Set([`c:${article.id}`, `a:${article.id}`]));
  });

  it('logs the comments and the count when an approved comment is marked as spam or put in the bin, and nothing for a held one', async () => {
    const approved = await readerComment('First.');
    const held = await readerComment('Second.');
    await admin.get('/admin/comments');
    await admin.post(`/admin/comments/${approved}/approve`, { back: '/admin/comments' });
    const log = changeLog(site);
    await admin.post(`/admin/comments/${held}/trash`, { back: '/admin/comments' });
    expect(log.keys()).toEqual(new Set());
    await admin.post(`/admin/comments/${approved}/spam`, { back: '/admin/comments' });
    expect(log.keys()).toEqual(new Set([`c:${article.id}`, `a:${article.id}`]));
  });

  it('logs the article when its comments are closed', async () => {
    const log = changeLog(site);
    await admin.get('/admin/comments');
    await admin.post(`/admin/articles/${article.id}/comments`, { open: '0' });
    expect(log.keys()).toEqual(new Set([`a:${article.id}`]));
  });
});

describe('tags', () => {
  it('logs a renamed tag, and the navigation when it is a section', async () => {
    const id = await tagId('transport');
    const log = changeLog(site);
    await admin.get('/admin/tags/transport');
    await admin.post('/admin/tags/transport', { name: 'Transport and roads', slug: 'transport', description: '' });
    expect(log.keys()).toEqual(new Set([`t:${id}`]));
    await admin.post('/admin/tags/transport', { name: 'Transport and roads', slug: 'transport', description: '', isSection: 'on' });
    expect(log.keys()).toEqual(new Set([`t:${id}`, 'site']));
  });

  it('logs the tag for an alias added or removed', async () => {
    const id = await tagId('transport');
    const log = changeLog(site);
    await admin.get('/admin/tags/transport');
    await admin.post('/admin/tags/transport/aliases', { alias: 'Traffic' });
    expect(log.keys()).toEqual(new Set([`t:${id}`]));
    await admin.post('/admin/tags/transport/aliases/remove', { alias: 'traffic' });
    expect(log.keys()).toEqual(new Set([`t:${id}`]));
  });

  it('logs both tags, their listings, the moved articles and the tag sitemap when one tag is merged into another', async () => {
    const other = await buildArticle(site.runtime.deps, { tags: ['Roads'] });
    const from = await tagId('roads');
    const into = await tagId('transport');
    const log = changeLog(site);
    await admin.get('/admin/tags/roads');
    const merged = await admin.post('/admin/tags/roads/merge', { into: 'Transport' });
    expect(merged.statusCode).toBe(303);
    expect(log.keys()).toEqual(new Set([`t:${from}`, `t:${into}`, `lt:${from}`, `lt:${into}`, `a:${other.id}`, 'tags']));
  });
});

describe('site settings', () => {
  const settings = SETTINGS_FORM;

  it('logs every page for a change to the site settings, and nothing for the spam filter’s', async () => {
    const log = changeLog(site);
    await admin.get('/admin/settings');
    await admin.post('/admin/settings', { ...settings, title: 'The Evening Ledger' });
    expect(log.keys()).toEqual(new Set(['site']));
    await admin.post('/admin/settings', { ...settings, title: 'The Night Ledger' });
    expect(log.keys()).toEqual(new Set(['site']));
    await admin.get('/admin/comments/spam');
    const spam = await admin.post('/admin/comments/spam', {
      minSeconds: '5',
      linkLimit: '3',
      holdScore: '60',
      spamScore: '95',
      blockedWords: 'casino',
      blockedAddresses: '',
      blockedDomains: '',
    });
    expect(spam.statusCode).toBe(303);
    expect(log.keys()).toEqual(new Set());
  });

  it('logs nothing when the same settings are saved again', async () => {
    await admin.get('/admin/settings');
    await admin.post('/admin/settings', settings);
    const log = changeLog(site);
    await admin.post('/admin/settings', settings);
    expect(log.keys()).toEqual(new Set());
  });
});

describe('static pages', () => {
  const page = { title: 'About us', slug: 'about', body: 'Who we are.', status: 'published' };

  it('logs the page, the page sitemap and every page’s footer when a page is published, changed or deleted; nothing for a draft', async () => {
    const log = changeLog(site);
    await admin.get('/admin/pages/new');
    await admin.post('/admin/pages', { ...page, title: 'Draft notes', slug: 'notes', status: 'draft' });
    expect(log.keys()).toEqual(new Set());

    const created = await admin.post('/admin/pages', page);
    const id = Number(/\/admin\/pages\/(\d+)/.exec(created.headers.location as string)![1]);
    expect(log.keys()).toEqual(new Set([`p:${id}`, 'pages', 'site']));

    await admin.post(`/admin/pages/${id}`, { ...page, body: 'Who we are, and where.' });
    expect([...log.keys()]).toContain(`p:${id}`);
    expect([...log.keys()]).not.toContain('site');

    await admin.post(`/admin/pages/${id}`, { ...page, title: 'About the Ledger' });
    expect(log.keys()).toEqual(new Set([`p:${id}`, 'pages', 'site']));

    await admin.post(`/admin/pages/${id}/delete`);
    expect(log.keys()).toEqual(new Set([`p:${id}`, 'pages', 'site']));
  });
});

describe('authors', () => {
  it('logs the author for a new biography', async () => {
    const id = await authorId('test-writer');
    const log = changeLog(site);
    await site.runtime.deps.store.authors.updateBio(id, 'Covers transport.');
    expect(log.keys()).toEqual(new Set([`u:${id}`]));
  });
});

describe('the command line, in a process of its own', () => {
  const writeArticle = (name: string, frontMatter: string) => {
    const file = path.join(site.dataDir, name);
    fs.writeFileSync(file, `---\n${frontMatter}\n---\n\nThe text.\n`);
    return file;
  };

  it('logs a published article, its new author and new tag for the server to read', async () => {
    const log = changeLog(site);
    const file = writeArticle('story.md', 'title: Ferry strike ends\nslug: ferry-strike\nauthor: Mei Lin Chau\ntags: [Ferries]');
    expect((await runCli(site.dataDir, ['publish', file])).code).toBe(0);
    const [id, author, tag] = [await articleId('ferry-strike'), await authorId('mei-lin-chau'), await tagId('ferries')];
    expect(log.keys()).toEqual(new Set([`a:${id}`, 'articles', `lu:${author}`, `u:${author}`, 'authors', `t:${tag}`, 'tags', `lt:${tag}`]));
  });

  it('logs the comments of an article whose comment is approved from the command line', async () => {
    const id = await readerComment('From the ferry pier.');
    const log = changeLog(site);
    expect((await runCli(site.dataDir, ['comments', 'approve', String(id)])).code).toBe(0);
    expect(log.keys()).toEqual(new Set([`c:${article.id}`, `a:${article.id}`]));
  });
});

describe('imports', () => {
  const wordpress = (name: string) => path.join(REPO_ROOT, 'test/fixtures/wordpress', name);

  it('logs what a WordPress import brings, only what changed when an updated export is imported, and nothing for the same file again', async () => {
    const log = changeLog(site);
    expect((await runCli(site.dataDir, ['import', 'wordpress', wordpress('newsroom.xml')])).code).toBe(0);
    const first = log.keys();
    for (const key of ['articles', 'tags', 'authors', 'pages', 'site']) expect(first).toContain(key);
    const imported = await db().selectFrom('articles').select('id').where('status', '<>', 'draft').where('id', '<>', article.id).execute();
    expect(imported.length).toBeGreaterThan(0);
    for (const { id } of imported) expect(first).toContain(`a:${id}`);
    expect(first).not.toContain(`a:${article.id}`);

    expect((await runCli(site.dataDir, ['import', 'wordpress', wordpress('newsroom-updated.xml')])).code).toBe(0);
    const second = log.keys();
    expect(second.size).toBeGreaterThan(0);
    expect(second.size).toBeLessThan(first.size);
    expect(second).not.toContain(`a:${article.id}`);

    expect((await runCli(site.dataDir, ['import', 'wordpress', wordpress('newsroom-updated.xml')])).code).toBe(0);
    expect(log.keys()).toEqual(new Set());
  }, 120_000);

  it('logs the imported articles of a Ghost export', async () => {
    const log = changeLog(site);
    expect((await runCli(site.dataDir, ['import', 'ghost', path.join(REPO_ROOT, 'test/fixtures/ghost/site.json')])).code).toBe(0);
    const keys = log.keys();
    const imported = await db().selectFrom('articles').select('id').where('status', '<>', 'draft').where('id', '<>', article.id).execute();
    expect(imported.length).toBeGreaterThan(0);
    for (const { id } of imported) expect(keys).toContain(`a:${id}`);
    expect(keys).toContain('articles');
  });
});
