import { describe, expect, it } from 'vitest';
import { addTagAlias, findOrCreateTag } from '../src/domain/tags/tags.ts';
import { toZonedLocal } from '../src/domain/shared/zoned-time.ts';
import { buildArticle } from './support/factories.ts';
import {
  articleFields,
  articleIdOf,
  create,
  editor,
  fieldError,
  inputValue,
  publicPage,
  site,
  store,
  stored,
  textareaValue,
  update,
  useEditorSite,
  ZONE,
} from './support/editor.ts';
import { Agent, staffAgent } from './support/staff.ts';

// The article list and the editor's saving, scheduling and permissions. Revisions, corrections,
// edit conflicts and slug redirects are in admin-article-history.test.ts; previews and autosave
// in admin-autosave.test.ts.

const HOUR = 3_600_000;

useEditorSite();

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
    // Attributes escape the quote that would end them and `&`, so a browser reads back exactly what was typed.
    expect(inputValue(res.body, 'headline')).toBe('Fares &amp; <fees>');
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
