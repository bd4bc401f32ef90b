import { describe, expect, it } from 'vitest';
import { articleIdOf, create, editor, site, stored, update, useEditorSite } from './support/editor.ts';
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
});
