import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffUser } from '../src/domain/model.ts';
import { addTagAlias, findOrCreateTag } from '../src/domain/tags.ts';
import { toZonedLocal } from '../src/domain/zoned-time.ts';
import { SESSION_COOKIE } from '../src/http/admin/session.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle, form } from './support/factories.ts';
import { Agent, buildStaff, signInAgent, STAFF_PASSWORD, staffAgent } from './support/staff.ts';

const ZONE = 'Asia/Hong_Kong';
const HOUR = 3_600_000;

let site: TestSite;
let editor: Agent;
let editorUser: StaffUser;
beforeEach(async () => {
  site = await startTestSite({ env: { SITE_TIMEZONE: ZONE } });
  ({ agent: editor, user: editorUser } = await staffAgent(site, 'editor'));
});
afterEach(() => site.close());

const store = () => site.runtime.deps.store;
const articleIdOf = (res: LightMyRequestResponse) => Number(/^\/admin\/articles\/(\d+)$/.exec(res.headers.location as string)?.[1]);
const stored = async (id: number) => (await store().articles.findById(id))!;
const publicPage = (slug: string) => site.app.inject({ method: 'GET', url: `/articles/${encodeURIComponent(slug)}` });
const fieldError = (html: string, field: string) =>
  new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];
const inputValue = (html: string, name: string) => new RegExp(`<input[^>]* name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];
const textareaValue = (html: string, name: string) => new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];

function articleFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    headline: 'Harbour ferry fares frozen',
    standfirst: 'The operator holds prices until summer.',
    slug: '',
    body: 'Fares stay where they are.\n\nThe council welcomed it.',
    tags: 'Transport, Harbour',
    publishedAt: '',
    language: '',
    intent: 'draft',
    ...overrides,
  };
}

/** Posts the new-article form from the editor, as a browser would. */
async function create(agent: Agent, overrides: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  await agent.get('/admin/articles/new');
  return agent.post('/admin/articles', articleFields(overrides));
}

/** Posts an article's editor form with its stored values and the given changes. */
async function update(agent: Agent, id: number, overrides: Record<string, string>): Promise<LightMyRequestResponse> {
  const page = await agent.get(`/admin/articles/${id}`);
  const current: Record<string, string> = {};
  for (const name of ['headline', 'slug', 'tags', 'publishedAt', 'language', 'authorId', 'baseRevision']) {
    current[name] =
      name === 'authorId' ? (/<option value="(\d+)" selected/.exec(page.body)?.[1] ?? '') : (inputValue(page.body, name) ?? '');
  }
  const article = await stored(id);
  return agent.post(`/admin/articles/${id}`, {
    ...current,
    standfirst: article.standfirst,
    body: article.bodySource,
    ...(article.featured ? { featured: 'on' } : {}),
    ...overrides,
  });
}

describe('the article list at /admin', () => {
  it('sends a visitor without a session to sign in', async () => {
    const res = await new Agent(site).get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin');
  });

  it('lists every article last changed first, filtered by status, author, tag and headline', async () => {
    const deps = site.runtime.deps;
    await buildArticle(deps, { headline: 'Old published story', tags: ['Politics'], author: 'Ada Lane' });
    site.clock.advance(1000);
    const draft = articleIdOf(await create(editor, { headline: 'Drafted storm surge review', tags: 'Weather' }));
    site.clock.advance(1000);
    await buildArticle(deps, { headline: 'Scheduled ferry timetable', status: 'scheduled', date: new Date(Date.now() + 48 * HOUR) });

    const all = await editor.get('/admin');
    expect(all.statusCode).toBe(200);
    const order = [...all.body.matchAll(/<tr>\s*<td>(?:<a [^>]*>)?(?:<span>)?([^<]+)</g)].map((m) => m[1]);
    expect(order).toEqual(['Scheduled ferry timetable', 'Drafted storm surge review', 'Old published story']);
    expect(all.body).toContain(`href="/admin/articles/${draft}"`);
    expect(all.body).toContain('<span class="status status-scheduled"><span>Scheduled</span> for <time');
    // Only the public article links to the site.
    expect(all.body.match(/>\s*View\s*</g)).toHaveLength(1);

    const titles = async (query: string) =>
      [...(await editor.get(`/admin?${query}`)).body.matchAll(/<tr>\s*<td>(?:<a [^>]*>)?(?:<span>)?([^<]+)</g)].map((m) => m[1]);
    expect(await titles('status=draft')).toEqual(['Drafted storm surge review']);
    expect(await titles('author=ada-lane')).toEqual(['Old published story']);
    expect(await titles('tag=weather')).toEqual(['Drafted storm surge review']);
    expect(await titles('q=FERRY')).toEqual(['Scheduled ferry timetable']);
    expect(await titles('q=100%25')).toEqual([]);
    expect(await titles('tag=no-such-tag')).toEqual([]);
  });

  it('pages 25 articles at a time, keeping the filters in the page links', async () => {
    for (let i = 0; i < 27; i++) await buildArticle(site.runtime.deps, { headline: `Story ${i}` });
    const first = await editor.get('/admin?q=story');
    expect(first.body.match(/<tr>/g)).toHaveLength(26);
    expect(first.body).toContain('href="/admin?q=story&page=2"');
    const second = await editor.get('/admin?q=story&page=2');
    expect(second.body.match(/<tr>/g)).toHaveLength(3);
    expect((await editor.get('/admin?page=3')).statusCode).toBe(404);
  });

  it('counts and pages a tag’s articles, drafts included, when the tag is the only filter', async () => {
    for (let i = 0; i < 26; i++) await buildArticle(site.runtime.deps, { headline: `Tide table ${i}`, tags: ['Tides'] });
    await buildArticle(site.runtime.deps, { headline: 'Tide draft', tags: ['Tides'], status: 'draft' });
    await buildArticle(site.runtime.deps, { headline: 'Unrelated story', tags: ['Sport'] });
    const first = await editor.get('/admin?tag=tides');
    expect(first.body).toContain('27 articles');
    expect(first.body.match(/<tr>/g)).toHaveLength(26);
    expect(first.body).toContain('href="/admin?tag=tides&page=2"');
    const second = await editor.get('/admin?tag=tides&page=2');
    expect(second.body.match(/<tr>/g)).toHaveLength(3);
    expect(second.body).not.toContain('Unrelated story');
  });

  it('shows a contributor every article but links only their own to the editor', async () => {
    const other = await buildArticle(site.runtime.deps, { headline: 'Someone else’s story' });
    const { agent: contributor } = await staffAgent(site, 'contributor');
    const mine = articleIdOf(await create(contributor, { headline: 'My own draft' }));
    const list = await contributor.get('/admin');
    expect(list.body).toContain('Someone else’s story');
    expect(list.body).toContain(`href="/admin/articles/${mine}"`);
    expect(list.body).not.toContain(`href="/admin/articles/${other.id}"`);
    expect((await contributor.get(`/admin/articles/${other.id}`)).statusCode).toBe(403);
  });
});

describe('writing an article', () => {
  it('saves a new draft, with a slug from the headline, its tags and a revision, and keeps it off the site', async () => {
    const res = await create(editor);
    expect(res.statusCode).toBe(303);
    const id = articleIdOf(res);
    const article = await stored(id);
    expect(article).toMatchObject({ status: 'draft', slug: 'harbour-ferry-fares-frozen', headline: 'Harbour ferry fares frozen' });
    expect(article.tags.map((tag) => tag.name)).toEqual(['Transport', 'Harbour']);
    expect(article.bodyHtml).toBe('<p>Fares stay where they are.</p>\n<p>The council welcomed it.</p>\n');
    expect(await store().revisions.listFor(id)).toHaveLength(1);
    expect((await publicPage(article.slug)).statusCode).toBe(404);
    const page = await editor.get(res.headers.location as string);
    expect(page.body).toContain('Draft saved.');
    expect(inputValue(page.body, 'headline')).toBe('Harbour ferry fares frozen');
  });

  it('makes a Chinese slug from a Chinese headline, and the article is served under it', async () => {
    const res = await create(editor, { headline: '海港渡輪票價凍結', body: '票價維持不變。', intent: 'publish' });
    const article = await stored(articleIdOf(res));
    expect(article.slug).toBe('海港渡輪票價凍結');
    const page = await publicPage(article.slug);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="story-headline">海港渡輪票價凍結</h1>');
  });

  it('files a tag typed as an alias under its canonical tag', async () => {
    const region = await findOrCreateTag(store(), 'Hong Kong Special Administrative Region');
    await addTagAlias(store(), region, 'HKSAR');
    const article = await stored(articleIdOf(await create(editor, { tags: 'hksar, Transport' })));
    expect(article.tags.map((tag) => tag.name)).toEqual(['Hong Kong Special Administrative Region', 'Transport']);

    const suggestions = await editor.get('/admin/articles/tag-suggestions?q=hks');
    expect(JSON.parse(suggestions.body)).toEqual([
      { name: 'Hong Kong Special Administrative Region', slug: 'hong-kong-special-administrative-region', alias: 'HKSAR' },
    ]);
  });

  it('refuses a slug another article has, beside the field, giving back everything typed', async () => {
    await buildArticle(site.runtime.deps, { headline: 'Ferry fares', slug: 'ferry-fares' });
    const before = await store().articles.count();
    const res = await create(editor, { slug: 'ferry-fares', headline: 'Fares & <fees>', body: 'Line one\n\nLine & two' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'slug')).toContain('Another article already has the address');
    // Attributes escape only the quote that would end them.
    expect(inputValue(res.body, 'headline')).toBe('Fares & <fees>');
    expect(inputValue(res.body, 'slug')).toBe('ferry-fares');
    expect(textareaValue(res.body, 'body')).toBe('Line one\n\nLine &amp; two');
    expect(inputValue(res.body, 'tags')).toBe('Transport, Harbour');
    expect(await store().articles.count()).toBe(before);
  });

  it('lists every problem of a form at once, each beside its field', async () => {
    const res = await create(editor, { headline: '', body: ' ', publishedAt: 'soon', language: 'not a language', intent: 'schedule' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'headline')).toBe('Every article needs a headline');
    expect(fieldError(res.body, 'body')).toBe('The article has no body text');
    expect(fieldError(res.body, 'publishedAt')).toContain('Enter a date and a time');
    expect(fieldError(res.body, 'language')).toContain('Use a language tag');
  });

  it('schedules an article for a time in the site’s zone; readers see it only from then on', async () => {
    const when = new Date(site.clock.now().getTime() + 2 * HOUR);
    const res = await create(editor, { intent: 'schedule', publishedAt: toZonedLocal(when, ZONE) });
    const article = await stored(articleIdOf(res));
    expect(article.status).toBe('scheduled');
    expect(article.publishedAt?.toISOString()).toBe(new Date(Math.floor(when.getTime() / 60_000) * 60_000).toISOString());
    expect((await publicPage(article.slug)).statusCode).toBe(404);
    site.clock.advance(2 * HOUR + 60_000);
    expect((await publicPage(article.slug)).statusCode).toBe(200);
  });

  it('refuses to schedule for a time already past', async () => {
    const past = toZonedLocal(new Date(site.clock.now().getTime() - HOUR), ZONE);
    const res = await create(editor, { intent: 'schedule', publishedAt: past });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'publishedAt')).toContain('Choose a time in the future');
    expect(inputValue(res.body, 'publishedAt')).toBe(past);
  });

  it('keeps a published article’s address when its slug is emptied', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    await update(editor, id, { intent: 'update', headline: 'A new headline', slug: '' });
    expect(await stored(id)).toMatchObject({ headline: 'A new headline', slug: 'harbour-ferry-fares-frozen' });
  });

  it('refuses a form sent without one of the buttons', async () => {
    const res = await create(editor, { intent: 'launch' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Use one of the buttons under the form');
  });

  it('publishes now, updates in place, and unpublishes back to a draft', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const published = await stored(id);
    expect(published.status).toBe('published');
    expect(published.publishedAt?.getTime()).toBe(site.clock.now().getTime());
    expect((await publicPage(published.slug)).statusCode).toBe(200);

    site.clock.advance(60_000);
    expect((await update(editor, id, { headline: 'Fares frozen again', intent: 'update' })).statusCode).toBe(303);
    const updated = await stored(id);
    expect(updated).toMatchObject({ status: 'published', headline: 'Fares frozen again' });
    // The form shows the time to the minute; left alone, the stored time is kept exactly.
    expect(updated.publishedAt).toEqual(published.publishedAt);

    const unpublished = await update(editor, id, { intent: 'unpublish' });
    expect(unpublished.statusCode).toBe(303);
    expect((await stored(id)).status).toBe('draft');
    expect((await publicPage(published.slug)).statusCode).toBe(404);
    expect((await editor.get(`/admin/articles/${id}`)).body).toContain('Unpublished: the article is a draft again.');
  });
});

describe('who may do what', () => {
  it('refuses a contributor’s request to publish or schedule with 403, storing nothing', async () => {
    const { agent: contributor } = await staffAgent(site, 'contributor');
    const page = await contributor.get('/admin/articles/new');
    expect(page.body).toContain('value="draft"');
    expect(page.body).not.toContain('value="publish"');
    const before = await store().articles.count();
    expect((await create(contributor, { intent: 'publish' })).statusCode).toBe(403);
    expect((await create(contributor, { intent: 'schedule', publishedAt: '2099-01-01T09:00' })).statusCode).toBe(403);
    expect(await store().articles.count()).toBe(before);

    const id = articleIdOf(await create(contributor, { intent: 'draft' }));
    expect((await update(contributor, id, { intent: 'publish', headline: 'Sneaked out' })).statusCode).toBe(403);
    expect(await stored(id)).toMatchObject({ status: 'draft', headline: 'Harbour ferry fares frozen' });
  });

  it('lets a contributor write only under their own byline', async () => {
    const { agent: contributor, user } = await staffAgent(site, 'contributor');
    const { user: colleague } = await staffAgent(site, 'author');
    const page = await contributor.get('/admin/articles/new');
    expect(page.body).toContain(`<option value="${user.author.id}" selected`);
    expect(page.body).not.toContain(`value="${colleague.author.id}"`);
    expect((await create(contributor, { authorId: String(colleague.author.id) })).statusCode).toBe(403);
  });

  it('refuses an author the editor of another author’s article', async () => {
    const { agent: first } = await staffAgent(site, 'author');
    const { agent: second } = await staffAgent(site, 'author');
    const id = articleIdOf(await create(first, { intent: 'publish' }));
    expect((await second.get(`/admin/articles/${id}`)).statusCode).toBe(403);
    await second.get('/admin/articles/new');
    expect((await second.post(`/admin/articles/${id}`, articleFields({ headline: 'Taken over', intent: 'update' }))).statusCode).toBe(403);
    expect((await stored(id)).headline).toBe('Harbour ferry fares frozen');
  });
});

describe('previews', () => {
  it('shows unsaved values as readers would see them, marked and unindexed, without saving or publishing', async () => {
    const id = articleIdOf(await create(editor));
    const page = await editor.get(`/admin/articles/${id}`);
    expect(page.body).toContain('formtarget="_blank"');
    const res = await update(editor, id, { intent: 'preview', headline: 'A headline not yet saved', body: 'New **text**' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Preview — not published.');
    expect(res.body).toContain('<meta name="robots" content="noindex"');
    expect(res.body).toContain('<h1 class="story-headline">A headline not yet saved</h1>');
    expect(res.body).toContain('<p>New <strong>text</strong></p>');
    expect(await stored(id)).toMatchObject({ status: 'draft', headline: 'Harbour ferry fares frozen' });
    expect(await store().revisions.listFor(id)).toHaveLength(1);
    expect((await publicPage('harbour-ferry-fares-frozen')).statusCode).toBe(404);

    const saved = await editor.get(`/admin/articles/${id}/preview`);
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('<h1 class="story-headline">Harbour ferry fares frozen</h1>');
    expect((await new Agent(site).get(`/admin/articles/${id}/preview`)).statusCode).toBe(303);
  });

  it('previews a new article without creating it', async () => {
    const before = await store().articles.count();
    const res = await create(editor, { intent: 'preview', headline: 'Only a preview', tags: 'Brand New Tag' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="story-headline">Only a preview</h1>');
    expect(res.body).toContain('Brand New Tag');
    expect(await store().articles.count()).toBe(before);
    expect(await store().tags.findBySlug('brand-new-tag')).toBeNull();
  });

  it('renders the body for the live preview, escaping raw HTML', async () => {
    await editor.get('/admin/articles/new');
    const res = await editor.postJson('/admin/articles/preview', { body: '**Bold** <script>alert(1)</script>' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ html: '<p><strong>Bold</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n' });
  });
});

describe('revisions', () => {
  it('lists each save, shows what changed between two, and restores an earlier one as a new revision', async () => {
    const id = articleIdOf(await create(editor, { headline: 'First headline', body: 'The ferry runs at nine.' }));
    site.clock.advance(60_000);
    await update(editor, id, { headline: 'Second headline', body: 'The ferry runs at ten.', tags: 'Transport', intent: 'draft' });
    const [second, first] = await store().revisions.listFor(id);

    const list = await editor.get(`/admin/articles/${id}/revisions`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('First headline');
    expect(list.body).toContain('Second headline');
    expect(list.body.match(/Editor Number\d+/g)?.length).toBeGreaterThanOrEqual(2);

    const compare = await editor.get(`/admin/articles/${id}/revisions/compare?from=${first!.id}&to=${second!.id}`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('<del>First</del><ins>Second</ins>');
    expect(compare.body).toContain('<del>nine</del><ins>ten</ins>');
    expect(compare.body).toContain('<del>Harbour</del>');
    expect(compare.body).toContain('No change.');

    site.clock.advance(60_000);
    await editor.get(`/admin/articles/${id}/revisions`);
    const restore = await editor.post(`/admin/articles/${id}/revisions/${first!.id}/restore`);
    expect(restore.statusCode).toBe(303);
    expect(await stored(id)).toMatchObject({ headline: 'First headline', bodySource: 'The ferry runs at nine.', status: 'draft' });
    expect((await stored(id)).tags.map((tag) => tag.name)).toEqual(['Transport', 'Harbour']);
    expect(await store().revisions.listFor(id)).toHaveLength(3);
  });

  it('keeps revisions to those who may edit the article', async () => {
    const { agent: author } = await staffAgent(site, 'author');
    const id = articleIdOf(await create(editor));
    expect((await author.get(`/admin/articles/${id}/revisions`)).statusCode).toBe(403);
  });
});

describe('corrections', () => {
  it('appends a correction to a published article, shown to readers with its date', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    await editor.get(`/admin/articles/${id}`);
    const res = await editor.post(`/admin/articles/${id}/corrections`, { correction: 'An earlier version gave the wrong fare.' });
    expect(res.statusCode).toBe(303);
    const page = await publicPage('harbour-ferry-fares-frozen');
    expect(page.body).toContain('<h2 id="corrections-title">Corrections</h2>');
    expect(page.body).toMatch(/<time datetime="[^"]+">[^<]+<\/time>: <span>An earlier version gave the wrong fare.<\/span>/);
  });

  it('refuses an empty correction beside its field, and any on a draft', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    await editor.get(`/admin/articles/${id}`);
    const empty = await editor.post(`/admin/articles/${id}/corrections`, { correction: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(fieldError(empty.body, 'correction')).toBe('Write what was wrong and what is right');
    const draft = articleIdOf(await create(editor, { headline: 'Still a draft' }));
    const refused = await editor.post(`/admin/articles/${draft}/corrections`, { correction: 'Fix' });
    expect(refused.statusCode).toBe(422);
    expect(await store().revisions.correctionsOf(draft)).toEqual([]);
  });
});

describe('autosave', () => {
  it('keeps unsaved text, gives it back in the editor until discarded, and drops it on save', async () => {
    const id = articleIdOf(await create(editor));
    site.clock.advance(5000);
    const fields = { ...articleFields({ headline: 'Typed but not saved' }), featured: '' };
    const res = await editor.postJson('/admin/articles/autosave', { articleId: id, fields });
    expect(res.statusCode).toBe(204);
    expect((await stored(id)).headline).toBe('Harbour ferry fares frozen');

    const page = await editor.get(`/admin/articles/${id}`);
    expect(page.body).toContain('Restored your unsaved changes from');
    expect(inputValue(page.body, 'headline')).toBe('Typed but not saved');
    await editor.post(`/admin/articles/${id}/autosave/discard`);
    const discarded = await editor.get(`/admin/articles/${id}`);
    expect(inputValue(discarded.body, 'headline')).toBe('Harbour ferry fares frozen');

    await editor.postJson('/admin/articles/autosave', { articleId: id, fields });
    await update(editor, id, { intent: 'draft', headline: 'Saved at last' });
    expect(await store().autosaves.get(editorUser.id, id)).toBeNull();
  });

  it('answers 401 to an autosave after the session ended', async () => {
    await editor.get('/admin/articles/new');
    editor.forgetCookie(SESSION_COOKIE);
    const res = await editor.postJson('/admin/articles/autosave', { articleId: null, fields: { headline: 'x', body: 'y' } });
    expect(res.statusCode).toBe(401);
  });

  it('gives a new article’s form, posted after the session ended, back in the editor after signing in', async () => {
    const { agent, user } = await staffAgent(site, 'author');
    await agent.get('/admin/articles/new');
    agent.forgetCookie(SESSION_COOKIE);
    const posted = await agent.post('/admin/articles', articleFields({ headline: 'Written while signed out' }));
    expect(posted.statusCode).toBe(401);
    const stash = /name="stash" value="([^"]*)"/.exec(posted.body)?.[1];
    expect(stash).toBeTruthy();
    const signedIn = await agent.post('/admin/sign-in', {
      email: user.email,
      password: STAFF_PASSWORD,
      next: '/admin/articles',
      stash: stash!.replace(/&#34;/g, '"'),
    });
    expect(signedIn.headers.location).toBe('/admin/articles/new');
    const page = await agent.get('/admin/articles/new');
    expect(page.body).toContain('Restored your unsaved changes');
    expect(inputValue(page.body, 'headline')).toBe('Written while signed out');
  });
});

describe('two people editing one article', () => {
  /** A second editor, with a name to recognise in the messages. */
  async function rosa(): Promise<Agent> {
    return signInAgent(site, await buildStaff(site, 'editor', { displayName: 'Rosa Li' }));
  }

  /** Opens the editor and returns the version its form was opened from. */
  async function open(agent: Agent, id: number): Promise<string> {
    const base = inputValue((await agent.get(`/admin/articles/${id}`)).body, 'baseRevision');
    expect(base).toMatch(/^\d+$/);
    return base!;
  }

  it('refuses the second save over the same version with 409, giving back everything typed; saving again replaces it', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const rosaLi = await rosa();
    const mine = await open(editor, id);
    await open(rosaLi, id);

    site.clock.advance(60_000);
    expect((await update(rosaLi, id, { headline: 'Rosa’s headline', intent: 'update' })).statusCode).toBe(303);
    const [rosasRevision] = await store().revisions.listFor(id);

    const typed = articleFields({
      headline: 'My headline & <more>',
      body: 'My text\n\nin two paragraphs',
      tags: 'Ferries',
      intent: 'update',
    });
    const refused = await editor.post(`/admin/articles/${id}`, { ...typed, baseRevision: mine });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/<span>Rosa Li<\/span> saved this article on <time datetime="[^"]+">[^<]+<\/time>, after you opened it\./);
    expect(refused.body).toContain('Your text is below, not saved.');
    expect(refused.body).toContain(`href="/admin/articles/${id}/revisions/compare?from=${mine}&to=${rosasRevision!.id}"`);
    expect(inputValue(refused.body, 'headline')).toBe('My headline & <more>');
    expect(textareaValue(refused.body, 'body')).toBe('My text\n\nin two paragraphs');
    expect(inputValue(refused.body, 'tags')).toBe('Ferries');
    expect(inputValue(refused.body, 'baseRevision')).toBe(String(rosasRevision!.id));
    expect((await stored(id)).headline).toBe('Rosa’s headline');

    const again = await editor.post(`/admin/articles/${id}`, { ...typed, baseRevision: inputValue(refused.body, 'baseRevision')! });
    expect(again.statusCode).toBe(303);
    expect(await stored(id)).toMatchObject({ headline: 'My headline & <more>', bodySource: 'My text\n\nin two paragraphs' });
    // Rosa’s version is not lost: it is a revision, one before the one that replaced it.
    const headlines = (await store().revisions.listFor(id)).map((revision) => revision.headline);
    expect(headlines).toEqual(['My headline & <more>', 'Rosa’s headline', 'Harbour ferry fares frozen']);
  });

  it('says so when the newer version was the user’s own, saved in another window', async () => {
    const id = articleIdOf(await create(editor));
    const firstWindow = await open(editor, id);
    await update(editor, id, { headline: 'Saved in the second window', intent: 'draft' });
    const refused = await editor.post(`/admin/articles/${id}`, { ...articleFields(), baseRevision: firstWindow });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('<span>You</span> saved this article on');
    expect(refused.body).toContain('after you opened it in this window');
  });

  it('is not tripped by autosaves or corrections, and never blocks restoring a revision', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const rosaLi = await rosa();
    const base = await open(editor, id);
    await open(rosaLi, id);
    expect((await rosaLi.postJson('/admin/articles/autosave', { articleId: id, fields: { headline: 'Rosa typing' } })).statusCode).toBe(
      204,
    );
    expect((await rosaLi.post(`/admin/articles/${id}/corrections`, { correction: 'The fare was wrong.' })).statusCode).toBe(303);
    expect((await editor.postJson('/admin/articles/autosave', { articleId: id, fields: { headline: 'Me typing' } })).statusCode).toBe(204);
    const saved = await editor.post(`/admin/articles/${id}`, {
      ...articleFields({ headline: 'Second take', intent: 'update' }),
      baseRevision: base,
    });
    expect(saved.statusCode).toBe(303);

    // Rosa’s form is now out of date, but putting back the first revision needs no form.
    const [, first] = await store().revisions.listFor(id);
    await rosaLi.get(`/admin/articles/${id}/revisions`);
    expect((await rosaLi.post(`/admin/articles/${id}/revisions/${first!.id}/restore`)).statusCode).toBe(303);
    expect((await stored(id)).headline).toBe('Harbour ferry fares frozen');
    // …and a form opened before the restore is refused, like any other.
    const stale = await editor.post(`/admin/articles/${id}`, { ...articleFields({ intent: 'update' }), baseRevision: base });
    expect(stale.statusCode).toBe(409);
  });

  it('still detects the conflict when the form comes back through sign-in after the session ended', async () => {
    const id = articleIdOf(await create(editor));
    const base = await open(editor, id);
    site.clock.advance(60_000);
    await update(await rosa(), id, { headline: 'Rosa’s headline', intent: 'draft' });

    editor.forgetCookie(SESSION_COOKIE);
    const posted = await editor.post(`/admin/articles/${id}`, {
      ...articleFields({ headline: 'Typed while signed out' }),
      baseRevision: base,
    });
    expect(posted.statusCode).toBe(401);
    const stash = /name="stash" value="([^"]*)"/.exec(posted.body)![1]!.replace(/&#34;/g, '"');
    const signedIn = await editor.post('/admin/sign-in', {
      email: editorUser.email,
      password: STAFF_PASSWORD,
      next: `/admin/articles/${id}`,
      stash,
    });
    expect(signedIn.headers.location).toBe(`/admin/articles/${id}`);

    const page = await editor.get(`/admin/articles/${id}`);
    expect(page.body).toContain('Restored your unsaved changes');
    expect(inputValue(page.body, 'headline')).toBe('Typed while signed out');
    expect(inputValue(page.body, 'baseRevision')).toBe(base);
    const refused = await update(editor, id, { intent: 'draft' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('<span>Rosa Li</span> saved this article on');
    expect(inputValue(refused.body, 'headline')).toBe('Typed while signed out');
    expect((await stored(id)).headline).toBe('Rosa’s headline');
  });
});

describe('changing a published article’s slug', () => {
  const comment = (slug: string) =>
    site.app.inject({
      method: 'POST',
      url: `/articles/${slug}/comments`,
      ...form({ author: 'Reader', email: 'reader@example.com', comment: 'Hello' }),
    });

  it('sends readers from every old address to the current one with a 301', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    expect((await update(editor, id, { slug: 'fares-frozen', intent: 'update' })).statusCode).toBe(303);

    const old = await publicPage('harbour-ferry-fares-frozen');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/articles/fares-frozen');
    const withQuery = await site.app.inject({ method: 'GET', url: '/articles/harbour-ferry-fares-frozen?reply=4' });
    expect(withQuery.headers.location).toBe('/articles/fares-frozen?reply=4');
    expect((await publicPage('fares-frozen')).statusCode).toBe(200);
    // The comment form is on the article’s page, at its current address.
    expect((await comment('harbour-ferry-fares-frozen')).statusCode).toBe(404);

    await update(editor, id, { slug: 'ferry-fares-frozen', intent: 'update' });
    for (const slug of ['harbour-ferry-fares-frozen', 'fares-frozen']) {
      expect((await publicPage(slug)).headers.location).toBe('/articles/ferry-fares-frozen');
    }
    // Taking an old slug back makes it the article’s own address again.
    await update(editor, id, { slug: 'harbour-ferry-fares-frozen', intent: 'update' });
    expect((await publicPage('harbour-ferry-fares-frozen')).statusCode).toBe(200);
    expect((await publicPage('ferry-fares-frozen')).headers.location).toBe('/articles/harbour-ferry-fares-frozen');
  });

  it('keeps a slug put back by restoring a revision, and redirects the one it replaces', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    await update(editor, id, { slug: 'fares-frozen', intent: 'update' });
    const first = (await store().revisions.listFor(id)).at(-1)!;
    await editor.get(`/admin/articles/${id}/revisions`);
    await editor.post(`/admin/articles/${id}/revisions/${first.id}/restore`);
    expect((await publicPage('harbour-ferry-fares-frozen')).statusCode).toBe(200);
    expect((await publicPage('fares-frozen')).headers.location).toBe('/articles/harbour-ferry-fares-frozen');
  });

  it('redirects nothing to an article readers cannot see, and keeps no old address of a draft', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    await update(editor, id, { slug: 'fares-frozen', intent: 'update' });
    await update(editor, id, { intent: 'unpublish' });
    expect((await publicPage('harbour-ferry-fares-frozen')).statusCode).toBe(404);

    const draft = articleIdOf(await create(editor, { headline: 'Tide tables', slug: 'tide-tables-draft' }));
    await update(editor, draft, { slug: 'tide-tables', intent: 'publish' });
    expect((await publicPage('tide-tables')).statusCode).toBe(200);
    expect((await publicPage('tide-tables-draft')).statusCode).toBe(404);
  });

  it('lets another article take over an old address, while a current one stays refused', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    await update(editor, id, { slug: 'fares-frozen', intent: 'update' });

    const clash = await create(editor, { headline: 'Another story', slug: 'fares-frozen' });
    expect(clash.statusCode).toBe(422);
    expect(fieldError(clash.body, 'slug')).toContain('Another article already has the address');

    const taker = await create(editor, { headline: 'A new story at an old address', slug: 'harbour-ferry-fares-frozen' });
    expect(taker.statusCode).toBe(303);
    // The address is the draft’s now: it no longer leads to the first article, and not yet to the draft.
    expect((await publicPage('harbour-ferry-fares-frozen')).statusCode).toBe(404);
    expect(await store().articles.findByOldSlug('harbour-ferry-fares-frozen')).toBeNull();
    await update(editor, articleIdOf(taker), { intent: 'publish' });
    const page = await publicPage('harbour-ferry-fares-frozen');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A new story at an old address');
    expect((await publicPage('fares-frozen')).statusCode).toBe(200);
  });
});

describe('the featured article', () => {
  it('leads the front page, once, above the newest stories', async () => {
    const older = await buildArticle(site.runtime.deps, { headline: 'Older story to feature', date: new Date(Date.now() - 10 * HOUR) });
    for (let i = 0; i < 3; i++) await buildArticle(site.runtime.deps, { headline: `Newer story ${i}` });
    const before = (await site.app.inject({ method: 'GET', url: '/' })).body;
    expect(leadOf(before)).toContain('Newer story 2');

    expect((await update(editor, older.id, { featured: 'on', intent: 'update' })).statusCode).toBe(303);
    const after = (await site.app.inject({ method: 'GET', url: '/' })).body;
    expect(leadOf(after)).toContain('Older story to feature');
    expect(after.match(/Older story to feature/g)).toHaveLength(1);
    expect(after).toContain('Newer story 2');
  });
});

function leadOf(html: string): string {
  return /<article class="teaser teaser-lead"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
}
