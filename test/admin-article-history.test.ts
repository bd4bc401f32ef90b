import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/http/admin/session.ts';
import {
  articleFields,
  articleIdOf,
  create,
  editor,
  editorUser,
  fieldError,
  inputValue,
  publicPage,
  site,
  store,
  stored,
  textareaValue,
  update,
  useEditorSite,
} from './support/editor.ts';
import { form } from './support/factories.ts';
import { buildStaff, signInAgent, STAFF_PASSWORD, staffAgent, type Agent } from './support/staff.ts';

// An article's history in the newsroom: its revisions and corrections, two people saving over
// each other, and the old addresses a changed slug leaves behind.

useEditorSite();

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
    // The attribute escapes `&` too, so the browser reads back exactly what was typed.
    expect(inputValue(refused.body, 'headline')).toBe('My headline &amp; <more>');
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
