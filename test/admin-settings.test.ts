import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle, SETTINGS_FORM } from './support/factories.ts';
import { postCommentForm } from './support/comment-form.ts';
import { staffAgent, type Agent } from './support/staff.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';

let site: TestSite;
let admin: Agent;
beforeEach(async () => {
  site = await startTestSite();
  await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
  admin = (await staffAgent(site, 'admin')).agent;
});
afterEach(async () => site.close());

const settings = SETTINGS_FORM;

async function saveSettings(changes: Partial<typeof settings>) {
  await admin.get('/admin/settings');
  return admin.post('/admin/settings', { ...settings, ...changes });
}

let address = 0;
async function postComment(fields: { comment: string; email?: string }, slug = 'tunnel-tolls') {
  address++;
  return postCommentForm(
    site,
    slug,
    { comment: fields.comment, author: 'Ada Reader', email: fields.email ?? 'ada@example.com', url: '', fax: '' },
    { ip: `203.0.113.${address}` },
  );
}
const newestComment = async () => (await site.runtime.deps.store.comments.list({ limit: 1 }))[0]!;
const page = async (url: string) => (await site.app.inject({ method: 'GET', url })).body;
const fieldError = (html: string, field: string) =>
  new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];

describe('the site settings', () => {
  it('shows the environment’s settings until an administrator changes them, then shows the change on every page', async () => {
    const current = await admin.get('/admin/settings');
    expect(current.statusCode).toBe(200);
    expect(current.body).toContain('value="The Harbour Ledger"');

    const res = await saveSettings({ title: 'The Kowloon Courier', description: 'Local news since Tuesday', language: 'zh-hant' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings');
    const after = await admin.get('/admin/settings');
    expect(after.body).toContain('<p class="flash" role="status">Settings saved.</p>');
    expect(after.body).toContain('value="zh-Hant"');
    expect(after.body).toContain('<a class="admin-brand" href="/admin">The Kowloon Courier</a>');

    const home = await page('/');
    expect(home).toContain('<html lang="zh-Hant">');
    expect(home).toContain('<a class="masthead-title" href="/">The Kowloon Courier</a>');
    expect(home).toContain('Local news since Tuesday');
    expect(await page('/articles/tunnel-tolls')).toContain('<title>Harbour tunnel tolls – The Kowloon Courier</title>');
  });

  it('refuses an unknown time zone beside its field, keeping every value typed, and stores nothing', async () => {
    const res = await saveSettings({ title: 'A New Title', timeZone: 'Mars/Olympus_Mons', closeCommentsAfterDays: 'soon' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'timeZone')).toMatch(/time zone from the list/);
    expect(fieldError(res.body, 'closeCommentsAfterDays')).toMatch(/whole number of days/);
    expect(fieldError(res.body, 'title')).toBe('');
    expect(res.body).toContain('value="Mars/Olympus_Mons"');
    expect(res.body).toContain('value="A New Title"');
    expect(res.body).toContain('value="soon"');
    expect(await page('/')).toContain('<a class="masthead-title" href="/">The Harbour Ledger</a>');
  });

  it('is for administrators only', async () => {
    const { agent: editor } = await staffAgent(site, 'editor');
    expect((await editor.get('/admin/settings')).statusCode).toBe(403);
    await editor.get('/admin/account');
    expect((await editor.post('/admin/settings', { ...settings, title: 'Taken over' })).statusCode).toBe(403);
    expect(await page('/')).not.toContain('Taken over');
  });
});

describe('the feed content setting', () => {
  it('defaults to full articles, and once set to excerpts shows so and gives feeds the standfirst only', async () => {
    const selected = (html: string) => /<select[^>]*name="feedContent"[^>]*>[\s\S]*?<option value="(\w+)" selected/.exec(html)?.[1];
    expect(selected((await admin.get('/admin/settings')).body)).toBe('full');
    expect(await page('/feed.xml')).toContain('First paragraph of the test article.');

    expect((await saveSettings({ feedContent: 'excerpt' })).statusCode).toBe(303);
    const after = (await admin.get('/admin/settings')).body;
    expect(after).toContain('<label for="feedContent"><span>Each item in the RSS, Atom and JSON feeds carries</span></label>');
    expect(selected(after)).toBe('excerpt');
    const feed = await page('/feed.xml');
    expect(feed).not.toContain('First paragraph of the test article.');
    expect(feed).toContain('Read the full article');
  });

  it('refuses a value that is not one of the choices, beside its field', async () => {
    const res = await saveSettings({ feedContent: 'headlines' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'feedContent')).toBe('Choose what feed items carry');
  });
});

describe('the comment policy', () => {
  it('publishes a first-time commenter at once under "publish all"', async () => {
    await saveSettings({ commentPolicy: 'publish_all' });
    const res = await postComment({ comment: 'My very first comment.' });
    expect(res.headers.location).toMatch(/\?comment=published/);
    expect((await newestComment()).status).toBe('approved');
    expect(await page('/articles/tunnel-tolls')).toContain('My very first comment.');
  });

  it('holds even a known commenter under "hold all"', async () => {
    await postComment({ comment: 'Approved long ago.' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [(await newestComment()).id], action: 'approve' });
    await saveSettings({ commentPolicy: 'hold_all' });
    const res = await postComment({ comment: 'Held this time.' });
    expect(res.headers.location).toMatch(/\?comment=pending/);
    expect((await newestComment()).status).toBe('pending');
    expect(await page('/articles/tunnel-tolls')).not.toContain('Held this time.');
  });

  it('closes comments on articles older than the given number of days', async () => {
    const day = 86_400_000;
    await buildArticle(site.runtime.deps, { slug: 'old-news', date: new Date(site.clock.now().getTime() - 31 * day) });
    await saveSettings({ closeCommentsAfterDays: '30' });

    expect(await page('/articles/old-news')).toContain('Comments are closed on this article.');
    const refused = await postComment({ comment: 'Too late to the party.' }, 'old-news');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Too late to the party.');

    expect(await page('/articles/tunnel-tolls')).not.toContain('Comments are closed on this article.');
    expect((await postComment({ comment: 'Just in time.' })).statusCode).toBe(303);
  });
});
