import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderArticleBody } from '../src/domain/shared/markdown.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { staffAgent, type Agent } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

const store = () => site.runtime.deps.store;
const publicGet = (url: string) => site.app.inject({ method: 'GET', url });
const fieldError = (html: string, field: string) =>
  new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];
const inputValue = (html: string, name: string) => new RegExp(`<input[^>]* name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];
const textareaValue = (html: string, name: string) => new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
const pageIdOf = (res: LightMyRequestResponse) => Number(/^\/admin\/pages\/(\d+)$/.exec(String(res.headers.location))?.[1]);

const aboutPage = (overrides: Record<string, string> = {}) => ({
  title: 'About The Harbour Ledger',
  slug: '',
  body: 'An independent newsroom on **Des Voeux Road**, reporting since 2011.',
  status: 'published',
  ...overrides,
});

/** Writes a page through the newsroom's form, as a browser would. */
async function createPage(agent: Agent, overrides: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  await agent.get('/admin/pages/new');
  return agent.post('/admin/pages', aboutPage(overrides));
}

describe('/admin/pages', () => {
  it('refuses contributors and authors, on the pages and on a direct POST, and shows them no Pages link', async () => {
    const { agent: editor } = await staffAgent(site, 'editor');
    const existing = pageIdOf(await createPage(editor));
    for (const role of ['contributor', 'author'] as const) {
      const { agent } = await staffAgent(site, role);
      const home = await agent.get('/admin');
      expect(home.body).not.toContain('href="/admin/pages"');
      for (const path of ['/admin/pages', '/admin/pages/new', `/admin/pages/${existing}`]) {
        expect((await agent.get(path)).statusCode, `${role} GET ${path}`).toBe(403);
      }
      const create = await agent.post('/admin/pages', aboutPage({ title: `Written by a ${role}` }));
      expect(create.statusCode).toBe(403);
      expect(create.body).toContain('Only editors and administrators can manage pages.');
      expect((await agent.post(`/admin/pages/${existing}`, aboutPage({ title: 'Taken over' }))).statusCode).toBe(403);
      expect((await agent.post(`/admin/pages/${existing}/delete`)).statusCode).toBe(403);
    }
    expect((await store().pages.list()).map((page) => page.title)).toEqual(['About The Harbour Ledger']);
    expect((await editor.get('/admin')).body).toContain('href="/admin/pages"');
  });

  it('creates a published page: its address comes from the title, readers see it, and the footer links it', async () => {
    const { agent, user } = await staffAgent(site, 'editor');
    const res = await createPage(agent);
    expect(res.statusCode).toBe(303);
    const id = pageIdOf(res);
    const page = (await store().pages.findById(id))!;
    expect(page).toMatchObject({ slug: 'about-the-harbour-ledger', status: 'published', bodyFormat: 'markdown', authorId: user.author.id });
    expect(page.publishedAt).toEqual(site.clock.now());
    expect((await agent.get(`/admin/pages/${id}`)).body).toContain('Page saved; it is on the site.');

    const reader = await publicGet('/pages/about-the-harbour-ledger');
    expect(reader.statusCode).toBe(200);
    expect(reader.body).toContain('<p>An independent newsroom on <strong>Des Voeux Road</strong>, reporting since 2011.</p>');
    expect((await publicGet('/')).body).toContain('<a href="/pages/about-the-harbour-ledger">About The Harbour Ledger</a>');

    const list = (await agent.get('/admin/pages')).body;
    expect(list).toContain(`<a href="/admin/pages/${id}">About The Harbour Ledger</a>`);
    expect(list).toContain('<span class="status status-published">Published</span>');
  });

  it('keeps a draft from readers and out of the footer', async () => {
    const { agent } = await staffAgent(site, 'admin');
    const id = pageIdOf(await createPage(agent, { title: 'Corrections policy', status: 'draft' }));
    expect(await store().pages.findById(id)).toMatchObject({ slug: 'corrections-policy', status: 'draft', publishedAt: null });
    expect((await publicGet('/pages/corrections-policy')).statusCode).toBe(404);
    expect((await publicGet('/')).body).not.toContain('/pages/corrections-policy');
    expect((await agent.get('/admin/pages')).body).toContain('<span class="status status-draft">Draft</span>');
  });

  it('hands a refused form back as typed, with each problem beside its field', async () => {
    const { agent } = await staffAgent(site, 'editor');
    const res = await createPage(agent, { title: '  ', slug: 'Not A Slug', body: ' ', status: 'archived' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'title')).toBe('Every page needs a title');
    expect(fieldError(res.body, 'slug')).toBe('Use lower-case letters, digits and single hyphens only, e.g. about-us');
    expect(fieldError(res.body, 'body')).toBe('The page has no text');
    expect(fieldError(res.body, 'status')).toBe('Choose whether the page is a draft or published');
    expect(inputValue(res.body, 'slug')).toBe('Not A Slug');
    expect(await store().pages.list()).toEqual([]);

    await createPage(agent, { title: 'Contact us', slug: 'contact' });
    const clash = await createPage(agent, { title: 'Contact the newsroom', slug: 'contact', body: 'Phone 2555 0100 <any time>.' });
    expect(clash.statusCode).toBe(422);
    expect(fieldError(clash.body, 'slug')).toBe('The page “Contact us” already has this address; choose another slug');
    expect(inputValue(clash.body, 'title')).toBe('Contact the newsroom');
    expect(textareaValue(clash.body, 'body')).toBe('Phone 2555 0100 &lt;any time>.');
    expect(clash.body).toContain('<option value="published" selected>Published</option>');
  });

  it('edits a page: new text, same address, first publication date kept; unpublishing hides it again', async () => {
    const { agent } = await staffAgent(site, 'editor');
    const id = pageIdOf(await createPage(agent));
    const published = (await store().pages.findById(id))!;
    site.clock.advance(3_600_000);

    const form = (await agent.get(`/admin/pages/${id}`)).body;
    expect(inputValue(form, 'title')).toBe('About The Harbour Ledger');
    expect(inputValue(form, 'slug')).toBe('about-the-harbour-ledger');
    expect(form).not.toContain('This body is HTML');
    const saved = await agent.post(`/admin/pages/${id}`, aboutPage({ slug: 'about-the-harbour-ledger', body: 'Now on **Queen’s Road**.' }));
    expect(saved.statusCode).toBe(303);
    const edited = (await store().pages.findById(id))!;
    expect(edited).toMatchObject({ slug: 'about-the-harbour-ledger', bodySource: 'Now on **Queen’s Road**.' });
    expect(edited.publishedAt).toEqual(published.publishedAt);
    expect(edited.updatedAt).toEqual(site.clock.now());
    expect((await publicGet('/pages/about-the-harbour-ledger')).body).toContain('<p>Now on <strong>Queen’s Road</strong>.</p>');

    await agent.post(`/admin/pages/${id}`, aboutPage({ slug: 'about-the-harbour-ledger', status: 'draft' }));
    expect((await publicGet('/pages/about-the-harbour-ledger')).statusCode).toBe(404);
  });

  it('deletes a page, after which its address answers 404', async () => {
    const { agent } = await staffAgent(site, 'editor');
    const id = pageIdOf(await createPage(agent));
    await agent.get(`/admin/pages/${id}`);
    const res = await agent.post(`/admin/pages/${id}/delete`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/pages');
    expect((await agent.get('/admin/pages')).body).toContain('Page “About The Harbour Ledger” deleted.');
    expect(await store().pages.findById(id)).toBeNull();
    expect((await publicGet('/pages/about-the-harbour-ledger')).statusCode).toBe(404);
    expect((await agent.post(`/admin/pages/${id}/delete`)).statusCode).toBe(404);
  });

  it('refuses a form without its CSRF token', async () => {
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/pages/new');
    const forged = await agent.post('/admin/pages', { ...aboutPage(), _csrf: '' });
    expect(forged.statusCode).toBe(403);
    expect(await store().pages.list()).toEqual([]);
  });

  it('edits an imported HTML page as HTML: the note above the text, and a save sanitizes and keeps the format', async () => {
    const now = site.clock.now();
    const { agent, user } = await staffAgent(site, 'editor');
    const source = '<p>Our <em>editorial code</em>.</p>';
    const id = await store().pages.insert({
      slug: 'editorial-code',
      title: 'Editorial code',
      status: 'published',
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
      authorId: user.author.id,
      bodyFormat: 'html',
      bodySource: source,
      bodyHtml: renderArticleBody(source, 'html'),
    });
    const form = (await agent.get(`/admin/pages/${id}`)).body;
    expect(form).toContain('This body is HTML, imported from another system; it is sanitized when saved.');
    expect(form).toContain('HTML: &lt;p> around a paragraph');
    expect(textareaValue(form, 'body')).toBe('&lt;p>Our &lt;em>editorial code&lt;/em>.&lt;/p>');

    const body = '<p>Our <em>revised</em> code.</p><script>alert("x")</script><p onclick="steal()">Questions welcome.</p>';
    await agent.post(`/admin/pages/${id}`, { title: 'Editorial code', slug: 'editorial-code', body, status: 'published' });
    expect(await store().pages.findById(id)).toMatchObject({
      bodyFormat: 'html',
      bodySource: body,
      bodyHtml: '<p>Our <em>revised</em> code.</p><p>Questions welcome.</p>',
    });
    expect((await publicGet('/pages/editorial-code')).body).toContain(
      '<div class="story-body"><p>Our <em>revised</em> code.</p><p>Questions welcome.</p></div>',
    );
  });
});
