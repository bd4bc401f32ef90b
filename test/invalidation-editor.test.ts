import { describe, expect, it } from 'vitest';
import { articleIdOf, create, editor, site, stored, update, useEditorSite, ZONE } from './support/editor.ts';
import { toZonedLocal } from '../src/domain/shared/zoned-time.ts';
import { changeLog } from './support/change-log.ts';

/**
 * The change log's keys for what the newsroom's article editor does: each save logs exactly the
 * keys of the pages it changes, and a draft's saves log none.
 */
describe('the change log, from the article editor', () => {
  useEditorSite();

  it("logs nothing for a draft's saves", async () => {
    const id = articleIdOf(await create(editor, { intent: 'draft' }));
    const log = changeLog(site);
    await update(editor, id, { headline: 'Still a draft', intent: 'draft' });
    expect(log.keys()).toEqual(new Set());
  });

  it('logs the article, the listings and its tags and author when it is published', async () => {
    const id = articleIdOf(await create(editor, { intent: 'draft' }));
    const log = changeLog(site);
    await update(editor, id, { intent: 'publish' });
    const article = await stored(id);
    const tags = (await site.runtime.db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute()).map(
      (row) => `lt:${row.tag_id}`,
    );
    expect(log.keys()).toEqual(new Set([`a:${id}`, 'articles', `lu:${article.authorId}`, ...tags]));
  });

  it('logs only the article when a published article is corrected', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const log = changeLog(site);
    await update(editor, id, { body: 'A corrected paragraph.', intent: 'update' });
    expect(log.keys()).toEqual(new Set([`a:${id}`]));
  });

  it('logs the listings too when the update time moves, since the sitemaps show it', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const log = changeLog(site);
    site.clock.advance(60_000);
    await update(editor, id, { body: 'A corrected paragraph.', intent: 'update' });
    expect(log.keys()).toEqual(new Set([`a:${id}`, 'articles']));
  });

  it('logs the article, the listings and its tags and author when it is unpublished', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const article = await stored(id);
    const log = changeLog(site);
    await update(editor, id, { intent: 'unpublish' });
    expect(log.keys()).toEqual(new Set([`a:${id}`, 'articles', `lu:${article.authorId}`, ...(await tagListings(id))]));
  });

  it('logs the article, the listings and its tags and author when a draft is scheduled', async () => {
    const id = articleIdOf(await create(editor, { intent: 'draft' }));
    const article = await stored(id);
    const log = changeLog(site);
    const when = new Date(site.clock.now().getTime() + 86_400_000);
    await update(editor, id, { intent: 'schedule', publishedAt: toZonedLocal(when, ZONE) });
    expect((await stored(id)).status).toBe('scheduled');
    expect(log.keys()).toEqual(new Set([`a:${id}`, 'articles', `lu:${article.authorId}`, ...(await tagListings(id))]));
  });

  it('logs the listings of a tag added to a published article, and of one taken away, and not of the tags it keeps', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish', tags: 'Transport, Harbour' }));
    const [transport, harbour] = await Promise.all([tagIdOf('transport'), tagIdOf('harbour')]);
    const log = changeLog(site);
    await update(editor, id, { intent: 'update', tags: 'Transport, Ferries' });
    const ferries = await tagIdOf('ferries');
    expect(log.keys()).toEqual(new Set([`a:${id}`, `lt:${harbour}`, `lt:${ferries}`, `t:${ferries}`, 'tags']));
    expect(log.keys()).not.toContain(`lt:${transport}`);
  });

  it('logs the article for a correction', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const log = changeLog(site);
    await editor.post(`/admin/articles/${id}/corrections`, { correction: 'An earlier version gave the wrong fare.' });
    expect(log.keys()).toEqual(new Set([`a:${id}`]));
  });

  it('logs the front page’s listing when an article is featured', async () => {
    const id = articleIdOf(await create(editor, { intent: 'publish' }));
    const log = changeLog(site);
    await update(editor, id, { intent: 'update', featured: 'on' });
    expect(log.keys()).toEqual(new Set([`a:${id}`, 'articles']));
  });
});

/** The tag listings (`lt:`) of an article's tags. */
async function tagListings(id: number): Promise<string[]> {
  const rows = await site.runtime.db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute();
  return rows.map((row) => `lt:${row.tag_id}`);
}

async function tagIdOf(slug: string): Promise<number> {
  return (await site.runtime.db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}
