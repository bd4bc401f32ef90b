import { describe, expect, it, vi } from 'vitest';
import { applyImportBatch } from '../src/domain/importing/apply.ts';
import type { ImportRun } from '../src/domain/importing/batch.ts';
import { ImportReport } from '../src/domain/importing/report.ts';
import { MEDIA_CHANGED_JOB } from '../src/domain/media/pictures.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';
import { articleIdOf, create, editor, fieldError, publicPage, site, stored, update, useEditorSite } from './support/editor.ts';
import { validateHtml } from './support/html-checks.ts';
import { importedArticle, TEST_SOURCE } from './support/import-records.ts';
import { makePhoto, postUpload, processUploads } from './support/media.ts';

useEditorSite();

// Each picture's renditions are made by sharp, on a machine shared with other test files.
vi.setConfig({ testTimeout: 90_000 });

/** Uploads a photo through the library's form and gives it the words the library helper's form will set. */
async function uploadPicture(words: { alt?: string; caption?: string; credit?: string } = {}): Promise<number> {
  await editor.get('/admin/media');
  const response = await postUpload(site, editor, { name: 'pier.jpg', type: 'image/jpeg', data: await makePhoto(1000, 625) });
  expect(response.statusCode).toBe(303);
  const id = Math.max(...(await site.runtime.deps.store.library.listIds()));
  await site.runtime.db
    .updateTable('media')
    .set({ alt: words.alt ?? '', caption: words.caption ?? '', credit: words.credit ?? '' })
    .where('id', '=', id)
    .execute();
  return id;
}

async function bodyPictureRows(): Promise<Array<{ article_id: number; media_id: number }>> {
  return site.runtime.db.selectFrom('article_body_media').selectAll().orderBy('article_id').orderBy('media_id').execute();
}

describe('pictures in an article body', () => {
  it('shows a library picture as a lazy, responsive figure with its caption and credit once it is ready', async () => {
    const mediaId = await uploadPicture({ alt: 'Library alt', caption: 'The Star Ferry leaves Tsim Sha Tsui', credit: 'Photo: Ada Wong' });
    const saved = await create(editor, {
      body: `The pier was busy.\n\n![A green and white ferry pulling away](media:${mediaId})\n\nMore after the picture.`,
      intent: 'publish',
    });
    expect(saved.statusCode).toBe(303);
    const articleId = articleIdOf(saved);
    const { slug } = await stored(articleId);
    expect(await bodyPictureRows()).toEqual([{ article_id: articleId, media_id: mediaId }]);

    // Still processing: nothing shows, and no address the browser cannot load.
    const before = await publicPage(slug);
    expect(before.body).not.toContain('media:');
    expect(before.body).not.toContain('<figure class="picture">');

    await processUploads(site);
    const page = await publicPage(slug);
    const figure = /<figure class="picture">[\s\S]*?<\/figure>/.exec(page.body)?.[0] ?? '';
    expect(figure).toContain('<picture>');
    expect(figure).toMatch(/<source type="image\/avif" srcset="\/media\/[^"]+ 320w, [^"]+ 640w, [^"]+ 960w"/);
    expect(figure).toMatch(/<img src="\/media\/[^"]+\.jpg" srcset="[^"]+" sizes="[^"]+" width="960" height="600"/);
    expect(figure).toContain('alt="A green and white ferry pulling away"');
    expect(figure).toContain('loading="lazy"');
    expect(figure).not.toContain('fetchpriority');
    expect(figure).toContain('The Star Ferry leaves Tsim Sha Tsui');
    expect(figure).toContain('<span class="credit">Photo: Ada Wong</span>');
    expect(page.body).not.toMatch(/<p>\s*<figure/);
    // The placeholder colour is an inline style by design (the CSP allows style attributes for it).
    const problems = await validateHtml([{ name: 'article with a body picture', html: page.body }]);
    expect(problems.filter((problem) => !problem.includes('no-inline-style'))).toEqual([]);
  });

  it('renders the body again when the picture’s caption changes, and the cached page follows', async () => {
    const mediaId = await uploadPicture({ alt: 'Ferry at the pier', caption: 'First caption' });
    await processUploads(site);
    const { slug } = await stored(articleIdOf(await create(editor, { body: `Text.\n\n![](media:${mediaId})`, intent: 'publish' })));
    expect((await publicPage(slug)).body).toContain('First caption');
    expect((await publicPage(slug)).headers['x-cache']).toBe('HIT');

    // As the library's edit form does (in one transaction there): the new caption, and the job that carries it into the bodies.
    await site.runtime.db.updateTable('media').set({ caption: 'A better caption' }).where('id', '=', mediaId).execute();
    await site.runtime.deps.store.outbox.enqueue({ kind: MEDIA_CHANGED_JOB, payload: { mediaId } });
    await processUploads(site);
    const page = await publicPage(slug);
    expect(page.body).toContain('A better caption');
    expect(page.body).not.toContain('First caption');
    // Markdown gave no alt text: the library's is used.
    expect(page.body).toContain('alt="Ferry at the pier"');
  });

  it('keeps the list of pictures a body shows in step with each save', async () => {
    const first = await uploadPicture({ alt: 'One' });
    const second = await uploadPicture({ alt: 'Two' });
    const articleId = articleIdOf(await create(editor, { body: `![](media:${first})\n\n![](media:${second})` }));
    expect(await bodyPictureRows()).toEqual([
      { article_id: articleId, media_id: first },
      { article_id: articleId, media_id: second },
    ]);
    const again = await update(editor, articleId, { body: `Only the second now.\n\n![](media:${second})`, intent: 'draft' });
    expect(again.statusCode).toBe(303);
    expect(await bodyPictureRows()).toEqual([{ article_id: articleId, media_id: second }]);
  });

  it('refuses a body that shows a picture the library does not have, beside the body field', async () => {
    const refused = await create(editor, { body: 'Text.\n\n![A ferry](media:12)' });
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'body')).toBe('The body shows picture 12, which is not in the media library.');
    expect(await bodyPictureRows()).toEqual([]);
  });

  it('refuses to publish a body picture with no alt text anywhere, but saves the draft', async () => {
    const mediaId = await uploadPicture({ alt: '' });
    const refused = await create(editor, { body: `![](media:${mediaId})`, intent: 'publish' });
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'body')).toContain(`Picture ${mediaId} has no alt text`);

    const draft = await create(editor, { body: `![](media:${mediaId})`, intent: 'draft' });
    expect(draft.statusCode).toBe(303);
    const published = await update(editor, articleIdOf(draft), {
      body: `![Commuters on the upper deck](media:${mediaId})`,
      intent: 'publish',
    });
    expect(published.statusCode).toBe(303);
    expect((await stored(articleIdOf(draft))).status).toBe('published');
  });

  it('offers the library’s newest pictures beside the body, each with the line to copy', async () => {
    const mediaId = await uploadPicture({ alt: 'The [old] pier' });
    await processUploads(site);
    const page = await editor.get('/admin/articles/new');
    const panel = /<details class="insert-picture"[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? '';
    expect(panel).toContain('Insert a picture');
    expect(panel).toContain('pier.jpg');
    expect(panel).toContain(`value="![The \\[old\\] pier](media:${mediaId})"`);
    expect(panel).toMatch(/<img class="insert-picture-thumb" src="\/media\/[^"]+\.jpg" alt=""/);
    expect(page.body).toMatch(/<script src="\/assets\/admin-insert-picture\.js\?v=[^"]+" defer>/);
    const problems = await validateHtml([{ name: 'editor with the picture panel', html: page.body }]);
    expect(problems.filter((problem) => !problem.includes('no-inline-style'))).toEqual([]);
  });

  it('shows the figure in the editor’s live preview', async () => {
    const mediaId = await uploadPicture({ alt: 'Ferry', caption: 'Preview caption' });
    await processUploads(site);
    await editor.get('/admin/articles/new');
    const preview = await editor.postJson('/admin/articles/preview', { body: `![](media:${mediaId})` });
    expect(preview.statusCode).toBe(200);
    const { html } = preview.json<{ html: string }>();
    expect(html).toMatch(/^<figure class="picture"><picture>/);
    expect(html).toContain('Preview caption');
  });

  it('makes an imported HTML body’s <img src="media:ID"> a figure once the worker has run', async () => {
    const mediaId = await uploadPicture({ alt: 'Library alt', caption: 'Imported caption' });
    await processUploads(site);
    const run: ImportRun = {
      actor: consoleOperator,
      source: TEST_SOURCE,
      report: new ImportReport(TEST_SOURCE),
      fallbackAuthor: 'Newsroom',
    };
    const body = `<p>From the old site.</p><p><img src="media:${mediaId}" alt="Old alt text"></p>`;
    await applyImportBatch(site.runtime.deps, run, [importedArticle('7', { bodySource: body, bodyHtml: body })]);
    const [row] = await bodyPictureRows();
    expect(row?.media_id).toBe(mediaId);

    await processUploads(site);
    const page = await publicPage('post-7');
    expect(page.body).toMatch(/<div class="story-body"><p>From the old site.<\/p><figure class="picture"><picture>/);
    expect(page.body).toContain('alt="Old alt text"');
    expect(page.body).toContain('Imported caption');
    expect(page.body).not.toContain('media:');
    expect((await site.runtime.deps.store.outbox.countByState()).pending).toBe(0);
  });
});

describe('pictures in a page body', () => {
  const pageIdOf = (response: { headers: Record<string, unknown> }) =>
    Number(/^\/admin\/pages\/(\d+)$/.exec(String(response.headers['location']))?.[1]);
  const savePage = async (fields: Record<string, string>, pageId?: number) => {
    await editor.get(pageId ? `/admin/pages/${pageId}` : '/admin/pages/new');
    return editor.post(pageId ? `/admin/pages/${pageId}` : '/admin/pages', {
      title: 'About the Ledger',
      slug: 'about',
      status: 'published',
      ...fields,
    });
  };
  const pageRows = () => site.runtime.db.selectFrom('page_body_media').selectAll().orderBy('media_id').execute();

  it('shows the picture as a figure, and renders the page again when the picture’s caption changes', async () => {
    const mediaId = await uploadPicture({ alt: 'The newsroom at night', caption: 'Our first office' });
    await processUploads(site);
    const saved = await savePage({ body: `We began in one room.\n\n![](media:${mediaId})` });
    expect(saved.statusCode).toBe(303);
    const pageId = pageIdOf(saved);
    expect(await pageRows()).toEqual([{ page_id: pageId, media_id: mediaId }]);
    const first = await site.app.inject({ method: 'GET', url: '/pages/about' });
    expect(first.body).toMatch(/<figure class="picture">[\s\S]*alt="The newsroom at night"[\s\S]*Our first office/);
    expect((await site.app.inject({ method: 'GET', url: '/pages/about' })).headers['x-cache']).toBe('HIT');

    // The library's edit form: the new caption, and the job that carries it into the bodies.
    await editor.get(`/admin/media/${mediaId}`);
    const edited = await editor.post(`/admin/media/${mediaId}`, {
      alt: 'The newsroom at night',
      caption: 'Our first office, in 2011',
      credit: '',
    });
    expect(edited.statusCode).toBe(303);
    await processUploads(site);
    const page = await site.app.inject({ method: 'GET', url: '/pages/about' });
    expect(page.body).toContain('Our first office, in 2011');
  });

  it('is listed among the picture’s uses, which keeps it from being deleted until the page lets it go', async () => {
    const mediaId = await uploadPicture({ alt: 'The newsroom at night' });
    const pageId = pageIdOf(await savePage({ body: `![](media:${mediaId})` }));

    const library = await editor.get(`/admin/media/${mediaId}`);
    expect(library.body).toContain(`href="/admin/pages/${pageId}">About the Ledger</a>`);
    const refused = await editor.post(`/admin/media/${mediaId}/delete`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      '“pier.jpg” cannot be deleted: it is used in a page: the page “About the Ledger”. Remove it from them first.',
    );

    expect((await savePage({ body: 'No picture now.' }, pageId)).statusCode).toBe(303);
    expect(await pageRows()).toEqual([]);
    await editor.get(`/admin/media/${mediaId}`);
    expect((await editor.post(`/admin/media/${mediaId}/delete`)).statusCode).toBe(303);
  });

  it('refuses to publish a page whose picture has no alt text, or that shows a picture the library lacks, beside the body', async () => {
    const mediaId = await uploadPicture();
    const silent = await savePage({ body: `![](media:${mediaId})` });
    expect(silent.statusCode).toBe(422);
    expect(fieldError(silent.body, 'body')).toContain(`Picture ${mediaId} has no alt text`);
    expect(await site.runtime.deps.store.pages.findBySlug('about')).toBeNull();
    expect((await savePage({ body: `![](media:${mediaId})`, status: 'draft' })).statusCode).toBe(303);

    const unknown = await savePage({ body: '![A pier](media:999999)', slug: 'about-two' });
    expect(unknown.statusCode).toBe(422);
    expect(fieldError(unknown.body, 'body')).toBe('The body shows picture 999999, which is not in the media library.');
  });
});
