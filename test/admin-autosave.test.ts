import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/http/admin/session.ts';
import {
  articleFields,
  articleIdOf,
  create,
  editor,
  editorUser,
  inputValue,
  publicPage,
  site,
  store,
  stored,
  update,
  useEditorSite,
} from './support/editor.ts';
import { Agent, STAFF_PASSWORD, staffAgent } from './support/staff.ts';

// What the editor keeps before anything is saved: previews of unsaved text, autosaves, and the
// form given back after signing in again when the session ended mid-edit.

useEditorSite();

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
