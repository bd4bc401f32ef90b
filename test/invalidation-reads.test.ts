import { afterEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';

let site: TestSite;
let other: Runtime | undefined;
afterEach(async () => {
  await other?.close();
  other = undefined;
  await site.close();
});

/** The same database opened by a second process (the command line, another instance). */
async function anotherProcess(): Promise<Runtime> {
  other = await openRuntime(site.config, site.clock);
  return other;
}

const get = (url: string) => site.app.inject({ method: 'GET', url });

/**
 * With the page cache off, the site's settings, navigation and footer links are still kept in
 * memory between requests; a change to them by any process shows on the very next page.
 */
describe('what every page reads, with the page cache off', () => {
  it("shows another process's new site title on the next page", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    expect((await get('/')).body).not.toContain('The Harbour Gazette');
    await (await anotherProcess()).deps.store.settings.set('site.title', 'The Harbour Gazette');
    expect((await get('/articles/ferry-fares')).body).toContain('The Harbour Gazette');
  });

  it("shows another process's new section in the navigation and new page in the footer on the next page", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', tags: ['Transport'] });
    const before = (await get('/')).body;
    expect(before).not.toContain('href="/tag/transport"');
    expect(before).not.toContain('Letters policy');
    const { db } = await anotherProcess();
    await db.updateTable('tags').set({ is_section: 1, position: 1 }).where('slug', '=', 'transport').execute();
    const author = await db.selectFrom('authors').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto('pages')
      .values({
        slug: 'letters',
        title: 'Letters policy',
        status: 'published',
        published_at: now,
        created_at: now,
        updated_at: now,
        author_id: author.id,
        body_format: 'markdown',
        body_source: 'Write to us.',
        body_html: '<p>Write to us.</p>',
      })
      .execute();
    const after = (await get('/')).body;
    expect(after).toContain('href="/tag/transport"');
    expect(after).toContain('Letters policy');
  });
});

describe('what listings and related articles read, with the page cache off', () => {
  it("shows a tag's page once another process publishes its first article, and again once it is unpublished", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', tags: ['Transport'], status: 'draft' });
    expect((await get('/tag/transport')).statusCode).toBe(404);
    await buildArticle((await anotherProcess()).deps, { slug: 'ferry-fares', tags: ['Transport'] });
    expect((await get('/tag/transport')).statusCode).toBe(200);
    await buildArticle(other!.deps, { slug: 'ferry-fares', tags: ['Transport'], status: 'draft' });
    expect((await get('/tag/transport')).statusCode).toBe(404);
  });

  it("shows the home page's second page once another process publishes its eleventh article", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    for (let n = 1; n <= 10; n++) await buildArticle(site.runtime.deps, { slug: `story-${n}` });
    expect((await get('/')).body).not.toContain('?page=2');
    await buildArticle((await anotherProcess()).deps, { slug: 'story-11' });
    expect((await get('/')).body).toContain('?page=2');
  });

  it("shows another process's new headline and new featured story on the home page", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen' });
    await buildArticle(site.runtime.deps, { slug: 'opera', headline: 'Opera festival opens' });
    expect((await get('/')).body).toContain('Ferry fares frozen');
    const { deps, db } = await anotherProcess();
    await buildArticle(deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen until summer' });
    expect((await get('/')).body).toContain('Ferry fares frozen until summer');
    const leads = (body: string) => body.indexOf('Ferry fares frozen until summer') < body.indexOf('Opera festival opens');
    expect(leads((await get('/')).body)).toBe(false);
    await db.updateTable('articles').set({ featured: 1 }).where('slug', '=', 'ferry-fares').execute();
    expect(leads((await get('/')).body)).toBe(true);
  });

  it("shows another process's new tag name, and a tag within it once that has a public article, on a tag's page", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', tags: ['Transport'] });
    await buildArticle(site.runtime.deps, { slug: 'new-pier', headline: 'A new pier', tags: ['Ferries'], status: 'draft' });
    const { deps, db } = await anotherProcess();
    const transport = await db.selectFrom('tags').select('id').where('slug', '=', 'transport').executeTakeFirstOrThrow();
    await db.updateTable('tags').set({ parent_id: transport.id }).where('slug', '=', 'ferries').execute();
    expect((await get('/tag/transport')).body).not.toContain('href="/tag/ferries"');
    await db.updateTable('tags').set({ name: 'Getting around' }).where('id', '=', transport.id).execute();
    expect((await get('/tag/transport')).body).toContain('Getting around');
    await buildArticle(deps, { slug: 'new-pier', headline: 'A new pier', tags: ['Ferries'] });
    expect((await get('/tag/transport')).body).toContain('href="/tag/ferries"');
  });

  it('shows a scheduled article on its tag page the moment its time comes, with no change to announce it', async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    const at = new Date(site.clock.now().getTime() + 3_600_000);
    await buildArticle(site.runtime.deps, {
      slug: 'later',
      headline: 'Embargoed story',
      tags: ['Transport'],
      status: 'scheduled',
      date: at,
    });
    expect((await get('/tag/transport')).statusCode).toBe(404);
    site.clock.advance(3_600_000);
    const page = await get('/tag/transport');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Embargoed story');
  });

  it("lists another process's new article among an article's related ones, and its new headline", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await buildArticle(site.runtime.deps, { slug: 'ferry-fares', tags: ['Transport'] });
    expect((await get('/articles/ferry-fares')).body).not.toContain('Tram line extended');
    await buildArticle((await anotherProcess()).deps, { slug: 'tram', headline: 'Tram line extended', tags: ['Transport'] });
    expect((await get('/articles/ferry-fares')).body).toContain('Tram line extended');
    await buildArticle(other!.deps, { slug: 'tram', headline: 'Tram line extended to the harbour', tags: ['Transport'] });
    expect((await get('/articles/ferry-fares')).body).toContain('Tram line extended to the harbour');
  });
});

describe('what an article page reads, with the page cache off', () => {
  it("shows another process's new headline, correction, tag name and byline on the next page", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    const ferry = await buildArticle(site.runtime.deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen', tags: ['Transport'] });
    expect((await get('/articles/ferry-fares')).body).toContain('Ferry fares frozen');
    const { deps, db } = await anotherProcess();
    await buildArticle(deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen until summer', tags: ['Transport'] });
    const edited = (await get('/articles/ferry-fares')).body;
    expect(edited).toContain('<h1 class="story-headline">Ferry fares frozen until summer</h1>');
    // The social tags and JSON-LD are kept beside the article: they follow it.
    expect(edited).toContain('<meta property="og:title" content="Ferry fares frozen until summer"/>');
    expect(edited).toContain('"headline":"Ferry fares frozen until summer"');
    const at = new Date().toISOString();
    await db
      .insertInto('article_corrections')
      .values({ article_id: ferry.id, user_id: null, body: 'The fares freeze ends in June.', created_at: at })
      .execute();
    expect((await get('/articles/ferry-fares')).body).toContain('The fares freeze ends in June.');
    await db.updateTable('tags').set({ name: 'Getting around' }).where('slug', '=', 'transport').execute();
    expect((await get('/articles/ferry-fares')).body).toContain('Getting around');
    await db.updateTable('authors').set({ name: 'Ada Harbour' }).where('id', '=', ferry.authorId).execute();
    expect((await get('/articles/ferry-fares')).body).toContain('Ada Harbour');
  });

  it('shows the article another process publishes at a slug a draft gave up, whose change nothing logs', async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    const draft = await buildArticle(site.runtime.deps, { slug: 'ferry-fares', status: 'draft' });
    expect((await get('/articles/ferry-fares')).statusCode).toBe(404);
    const { deps, db } = await anotherProcess();
    await db.updateTable('articles').set({ slug: 'ferry-fares-draft' }).where('id', '=', draft.id).execute();
    await buildArticle(deps, { slug: 'ferry-fares', headline: 'Ferry fares frozen' });
    const page = await get('/articles/ferry-fares');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ferry fares frozen');
  });
});

describe('what an article page reads of its comments, with the page cache off', () => {
  /** Another process's approved comment on the article, counted on the article as every writer counts it. */
  async function commentFromAnotherProcess(articleId: number, body: string, parentId: number | null = null): Promise<number> {
    const { db, deps } = other ?? (await anotherProcess());
    const row = await db
      .insertInto('comments')
      .values({
        article_id: articleId,
        parent_id: parentId,
        depth: parentId === null ? 0 : 1,
        author_name: 'Ada',
        author_email: 'ada@example.com',
        author_url: null,
        body_source: body,
        body_html: `<p>${body}</p>`,
        status: 'approved',
        created_at: new Date().toISOString(),
        client_address_hash: 'elsewhere',
        user_agent: 'another process',
        staff_user_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.store.articles.refreshCommentCount(articleId);
    return row.id;
  }

  it("shows another process's new, edited and removed comment on the next page", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    const ferry = await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    const first = await commentFromAnotherProcess(ferry.id, 'First to the ferry');
    expect((await get('/articles/ferry-fares')).body).toContain('First to the ferry');
    await commentFromAnotherProcess(ferry.id, 'Second on the quay', first);
    expect((await get('/articles/ferry-fares')).body).toContain('Second on the quay');
    await other!.db.updateTable('comments').set({ body_html: '<p>First off the ferry</p>' }).where('id', '=', first).execute();
    expect((await get('/articles/ferry-fares')).body).toContain('First off the ferry');
    await other!.db.updateTable('comments').set({ status: 'spam' }).where('id', '=', first).execute();
    await other!.deps.store.articles.refreshCommentCount(ferry.id);
    const page = (await get('/articles/ferry-fares')).body;
    expect(page).not.toContain('First off the ferry');
    expect(page).toContain('Second on the quay');
  });

  it("shows another process's new comment on a later page of threads, and the page count it adds", async () => {
    site = await startTestSite({ env: { PAGE_CACHE_MB: '0' } });
    await site.runtime.deps.store.settings.set('site.commentsPerPage', '2');
    const ferry = await buildArticle(site.runtime.deps, { slug: 'ferry-fares' });
    for (const body of ['One', 'Two', 'Three']) await commentFromAnotherProcess(ferry.id, `Thread ${body}`);
    expect((await get('/articles/ferry-fares/comment-page-2')).body).toContain('Thread Three');
    expect((await get('/articles/ferry-fares/comment-page-3')).statusCode).toBe(404);
    await commentFromAnotherProcess(ferry.id, 'Thread Four');
    expect((await get('/articles/ferry-fares/comment-page-2')).body).toContain('Thread Four');
    await commentFromAnotherProcess(ferry.id, 'Thread Five');
    const third = await get('/articles/ferry-fares/comment-page-3');
    expect(third.statusCode).toBe(200);
    expect(third.body).toContain('Thread Five');
  });
});
