import { describe, expect, it } from 'vitest';
import { renderArticleBody } from '../src/domain/shared/markdown.ts';
import type { Article } from '../src/domain/shared/model.ts';
import { findOrCreateTag } from '../src/domain/tags/tags.ts';
import { buildArticle } from './support/factories.ts';
import { editor, fieldError, publicPage, site, store, stored, textareaValue, update, useEditorSite } from './support/editor.ts';

/** What an imported publication looks like in the newsroom: HTML bodies in the editor, and tags filed under tags. */

useEditorSite();

/** An article as an import leaves it: its body HTML, as the old site wrote it. */
async function importedArticle(source: string): Promise<Article> {
  const article = await buildArticle(site.runtime.deps, { headline: 'Typhoon shelters fill as signal 8 looms', slug: 'typhoon-shelters' });
  await store().articles.update(article.id, {
    ...article,
    bodySource: source,
    bodyFormat: 'html',
    bodyHtml: renderArticleBody(source, 'html'),
  });
  return stored(article.id);
}

describe('an imported HTML body in the editor', () => {
  it('says above the body that it is HTML, and previews it as HTML', async () => {
    const article = await importedArticle('<p>Boats crowd the <em>Causeway Bay</em> shelter.</p>');
    const form = (await editor.get(`/admin/articles/${article.id}`)).body;
    expect(form).toContain('This body is HTML, imported from another system; it is sanitized when saved.');
    expect(form).toContain('data-preview-url="/admin/articles/preview?format=html"');
    expect(textareaValue(form, 'body')).toBe('&lt;p>Boats crowd the &lt;em>Causeway Bay&lt;/em> shelter.&lt;/p>');

    const typed = '<p>Boats crowd the <em>Aberdeen</em> shelter.</p><script>alert(1)</script>';
    const asHtml = await editor.postJson('/admin/articles/preview?format=html', { body: typed });
    expect(asHtml.json()).toEqual({ html: '<p>Boats crowd the <em>Aberdeen</em> shelter.</p>' });
    const asMarkdown = await editor.postJson('/admin/articles/preview', { body: typed });
    expect(asMarkdown.json<{ html: string }>().html).toContain('&lt;em&gt;Aberdeen&lt;/em&gt;');
  });

  it('saves it as HTML, sanitized, and the page shows it; the preview button renders it as HTML too', async () => {
    const article = await importedArticle('<p>Boats crowd the shelter.</p>');
    const body = '<h2>Latest</h2><p>Signal 8 is <strong>up</strong>.</p><script>alert(1)</script><img src="x" onerror="alert(2)">';
    const preview = await update(editor, article.id, { body, intent: 'preview' });
    expect(preview.body).toContain('<div class="story-body"><h2>Latest</h2><p>Signal 8 is <strong>up</strong>.</p><img src="x" /></div>');

    const saved = await update(editor, article.id, { body, intent: 'update' });
    expect(saved.statusCode).toBe(303);
    expect(await stored(article.id)).toMatchObject({
      bodyFormat: 'html',
      bodySource: body,
      bodyHtml: '<h2>Latest</h2><p>Signal 8 is <strong>up</strong>.</p><img src="x" />',
    });
    expect((await publicPage('typhoon-shelters')).body).toContain('<p>Signal 8 is <strong>up</strong>.</p>');
  });

  it('shows no note on an article written here, which stays Markdown', async () => {
    const article = await buildArticle(site.runtime.deps, { slug: 'written-here', body: 'Plain *Markdown*.' });
    const form = (await editor.get(`/admin/articles/${article.id}`)).body;
    expect(form).not.toContain('This body is HTML');
    expect(form).toContain('data-preview-url="/admin/articles/preview"');
    await update(editor, article.id, { body: 'Still *Markdown* <b>here</b>.', intent: 'update' });
    expect(await stored(article.id)).toMatchObject({
      bodyFormat: 'markdown',
      bodyHtml: '<p>Still <em>Markdown</em> &lt;b&gt;here&lt;/b&gt;.</p>\n',
    });
  });
});

describe('filing a tag under another in /admin/tags', () => {
  async function family() {
    const news = await findOrCreateTag(store(), 'News');
    const hongKong = await findOrCreateTag(store(), 'Hong Kong');
    const kowloon = await findOrCreateTag(store(), 'Kowloon');
    const shamShuiPo = await findOrCreateTag(store(), 'Sham Shui Po');
    const sport = await findOrCreateTag(store(), 'Sport');
    await store().tags.setParent(kowloon.id, hongKong.id);
    await store().tags.setParent(shamShuiPo.id, kowloon.id);
    return { news, hongKong, kowloon, shamShuiPo, sport };
  }
  const options = (html: string) =>
    [
      ...(/<select id="parentId"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '').matchAll(/<option value="(\d*)"( selected)?>([^<]*)</g),
    ].map((m) => `${m[3]}${m[2] ? ' (selected)' : ''}`);
  const tagForm = (name: string, slug: string, parentId: string) => ({ name, slug, description: '', parentId });

  it('offers every other tag but those filed under it, labelled with the tags above them', async () => {
    await family();
    const page = (await editor.get('/admin/tags/hong-kong')).body;
    expect(page).toContain('<label for="parentId"><span>Filed under</span>');
    expect(options(page)).toEqual(['Nothing: a top-level tag (selected)', 'News', 'Sport']);
    expect(options((await editor.get('/admin/tags/sham-shui-po')).body)).toEqual([
      'Nothing: a top-level tag',
      'Hong Kong',
      'Hong Kong › Kowloon (selected)',
      'News',
      'Sport',
    ]);
  });

  it('files a tag under another, moves it, and takes it out again', async () => {
    const { news, hongKong, sport } = await family();
    // A tag page is public once an article readers can see carries the tag.
    await buildArticle(site.runtime.deps, { headline: 'Harbour ferries at dawn', tags: ['Hong Kong'] });
    await editor.get('/admin/tags/hong-kong');
    const saved = await editor.post('/admin/tags/hong-kong', tagForm('Hong Kong', 'hong-kong', String(news.id)));
    expect(saved.statusCode).toBe(303);
    expect((await store().tags.findById(hongKong.id))?.parentId).toBe(news.id);
    expect((await site.app.inject({ url: '/tag/hong-kong' })).body).toContain('Part of <a href="/tag/news">News</a>');
    await editor.post('/admin/tags/hong-kong', tagForm('Hong Kong', 'hong-kong', String(sport.id)));
    expect((await store().tags.findById(hongKong.id))?.parentId).toBe(sport.id);
    await editor.post('/admin/tags/hong-kong', tagForm('Hong Kong', 'hong-kong', ''));
    expect((await store().tags.findById(hongKong.id))?.parentId).toBeNull();
  });

  it('refuses a loop, or a tag that does not exist, beside the field, and changes nothing', async () => {
    const { hongKong, kowloon, shamShuiPo } = await family();
    await editor.get('/admin/tags/hong-kong');
    for (const parent of [hongKong, kowloon, shamShuiPo]) {
      const res = await editor.post('/admin/tags/hong-kong', tagForm('Hong Kong Island', 'hong-kong', String(parent.id)));
      expect(res.statusCode, parent.name).toBe(422);
      expect(fieldError(res.body, 'parentId')).toBe('“Hong Kong” cannot be filed under itself or under a tag filed under it');
      expect(res.body).toContain('value="Hong Kong Island"');
    }
    const unknown = await editor.post('/admin/tags/hong-kong', tagForm('Hong Kong', 'hong-kong', '999999'));
    expect(fieldError(unknown.body, 'parentId')).toBe('Choose a tag from the list');
    expect(await store().tags.findById(hongKong.id)).toMatchObject({ name: 'Hong Kong', parentId: null });
  });

  it('leaves the parent as it is when the form does not send the field', async () => {
    const { hongKong, kowloon } = await family();
    await editor.get('/admin/tags/kowloon');
    await editor.post('/admin/tags/kowloon', { name: 'Kowloon', slug: 'kowloon', description: 'North of the harbour.' });
    expect(await store().tags.findById(kowloon.id)).toMatchObject({ description: 'North of the harbour.', parentId: hongKong.id });
  });
});
