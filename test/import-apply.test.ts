import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImportBatch } from '../src/domain/importing/apply.ts';
import type { ImportRun } from '../src/domain/importing/batch.ts';
import type { ImportRecord } from '../src/domain/importing/records.ts';
import { ImportReport } from '../src/domain/importing/report.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { snapshotDatabase } from './support/db-snapshot.ts';
import { importedArticle, importedComment, TEST_SOURCE } from './support/import-records.ts';
import { buildArticle } from './support/factories.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

function newRun(): ImportRun {
  return { actor: consoleOperator, source: TEST_SOURCE, report: new ImportReport(TEST_SOURCE), fallbackAuthor: 'Newsroom' };
}

const author: ImportRecord = {
  kind: 'author',
  externalId: 'jane',
  name: 'Jane Lam',
  slug: 'jane',
  bio: 'Covers transport.',
  legacyPaths: ['/author/jane/'],
};
const news: ImportRecord = {
  kind: 'tag',
  externalId: 'category:news',
  name: 'News',
  slug: 'news',
  description: '',
  parentExternalId: null,
  legacyPaths: ['/category/news/'],
};
const transport: ImportRecord = {
  kind: 'tag',
  externalId: 'category:transport',
  name: 'Transport',
  slug: 'transport',
  description: 'Ferries, trams and buses',
  parentExternalId: 'category:news',
  legacyPaths: ['/category/news/transport/'],
};

function threadedPost(): ImportRecord {
  return importedArticle('101', {
    tagExternalIds: ['category:transport', 'category:news'],
    comments: [
      importedComment('1'),
      importedComment('2', { parentExternalId: '1' }),
      importedComment('3', { parentExternalId: '2', status: 'pending' }),
      importedComment('4', { status: 'spam' }),
      importedComment('5', { parentExternalId: '999' }),
    ],
  });
}

describe('applying an import batch', () => {
  it('creates authors, nested tags, articles with threaded comments, and the old addresses', async () => {
    const run = newRun();
    await applyImportBatch(site.runtime.deps, run, [author, news, transport, threadedPost()]);
    const { store } = site.runtime.deps;

    const article = await store.articles.findBySlug('post-101');
    expect(article).toMatchObject({ headline: 'Imported post 101', bodyFormat: 'html', author: { name: 'Jane Lam' }, commentCount: 3 });
    expect(article!.tags.map((t) => t.name)).toEqual(['Transport', 'News']);
    const tag = await store.tags.findBySlug('transport');
    expect(tag!.parentId).toBe((await store.tags.findBySlug('news'))!.id);

    const approved = await store.comments.listApproved(article!.id);
    expect(approved.map((c) => [c.authorName, c.depth])).toEqual([
      ['Reader 1', 1],
      ['Reader 2', 2],
      ['Reader 5', 1],
    ]);
    expect(approved[1]!.parentId).toBe(approved[0]!.id);
    expect(await store.comments.countByStatus()).toMatchObject({ pending: 1, spam: 1 });

    expect(await store.redirects.find('/2024/05/post-101')).toEqual({ kind: 'article', id: article!.id });
    expect(await store.redirects.find('?p=101')).toEqual({ kind: 'article', id: article!.id });
    expect(await store.redirects.find('/category/news/transport')).toEqual({ kind: 'tag', id: tag!.id });
    expect(run.report.counts.comment).toMatchObject({ created: 5 });
    expect(run.report.notes).toContainEqual(expect.objectContaining({ kind: 'comment', externalId: '5', code: 'missing_parent' }));
  });

  it('changes nothing when the same records come again', async () => {
    await applyImportBatch(site.runtime.deps, newRun(), [author, news, transport, threadedPost()]);
    const before = await snapshotDatabase(site.runtime.db);
    const again = newRun();
    await applyImportBatch(site.runtime.deps, again, [author, news, transport, threadedPost()]);

    expect(await snapshotDatabase(site.runtime.db)).toEqual(before);
    expect(again.report.changedAnything).toBe(false);
    expect(again.report.counts.article).toMatchObject({ created: 0, updated: 0, skipped: 1, skippedBecause: { unchanged: 1 } });
    expect(again.report.counts.comment.skippedBecause).toEqual({ unchanged: 5 });
  });

  it('updates what changed at the source and adds what is new, keeping a revision of the old text', async () => {
    await applyImportBatch(site.runtime.deps, newRun(), [author, news, transport, threadedPost()]);
    const post = threadedPost() as ReturnType<typeof importedArticle>;
    const newer = {
      ...post,
      headline: 'Imported post 101, corrected',
      comments: [
        ...post.comments.map((c) => (c.externalId === '3' ? { ...c, status: 'approved' as const } : c)),
        importedComment('6', { parentExternalId: '3' }),
      ],
    };
    const run = newRun();
    await applyImportBatch(site.runtime.deps, run, [author, news, transport, newer]);

    const article = await site.runtime.deps.store.articles.findBySlug('post-101');
    expect(article!.headline).toBe('Imported post 101, corrected');
    expect(article!.commentCount).toBe(5);
    const revisions = await site.runtime.deps.store.revisions.listFor(article!.id);
    expect(revisions.map((r) => r.headline)).toEqual(['Imported post 101, corrected', 'Imported post 101']);
    expect(run.report.counts.article).toMatchObject({ updated: 1, created: 0 });
    expect(run.report.counts.comment).toMatchObject({ created: 1, updated: 1, skipped: 4 });
    const reply = (await site.runtime.deps.store.comments.listApproved(article!.id)).find((c) => c.authorName === 'Reader 6');
    expect(reply!.depth).toBe(4);
  });

  it('gives a post whose slug an article here already has another slug, and says so', async () => {
    await buildArticle(site.runtime.deps, { slug: 'post-7', headline: 'Already here' });
    const run = newRun();
    await applyImportBatch(site.runtime.deps, run, [importedArticle('7')]);

    expect((await site.runtime.deps.store.articles.findBySlug('post-7'))!.headline).toBe('Already here');
    expect((await site.runtime.deps.store.articles.findBySlug('post-7-2'))!.headline).toBe('Imported post 7');
    expect(run.report.notes).toContainEqual(expect.objectContaining({ code: 'slug_taken', detail: 'post-7' }));
  });

  it('files an imported tag under the canonical tag its name is an alias of', async () => {
    await buildArticle(site.runtime.deps, { tags: ['Hong Kong Special Administrative Region'] });
    const canonical = await site.runtime.deps.store.tags.findByNameOrAlias('Hong Kong Special Administrative Region');
    await site.runtime.deps.store.tags.addAlias({ tagId: canonical!.id, name: 'HKSAR', slug: 'hksar' });
    const hksar: ImportRecord = {
      kind: 'tag',
      externalId: 'post_tag:hksar',
      name: 'HKSAR',
      slug: 'hksar',
      description: '',
      parentExternalId: null,
      legacyPaths: [],
    };
    await applyImportBatch(site.runtime.deps, newRun(), [hksar, importedArticle('8', { tagExternalIds: ['post_tag:hksar'] })]);

    const article = await site.runtime.deps.store.articles.findBySlug('post-8');
    expect(article!.tags.map((t) => t.name)).toEqual(['Hong Kong Special Administrative Region']);
  });

  it('links a featured image whichever comes first, the post or its attachment', async () => {
    const image = (id: string, post: string): ImportRecord => ({
      kind: 'media',
      externalId: id,
      url: `https://old.example.com/wp-content/uploads/${id}.jpg`,
      title: 'Ferry pier',
      alt: 'The Central ferry pier at dusk',
      caption: 'Central pier',
      mimeType: 'image/jpeg',
      attachedToExternalId: post,
      featuredOnExternalIds: [post],
      createdAt: new Date('2024-05-01T00:00:00Z'),
      legacyPaths: [],
    });
    await applyImportBatch(site.runtime.deps, newRun(), [image('50', '20'), importedArticle('20', { featuredMediaExternalId: '50' })]);
    await applyImportBatch(site.runtime.deps, newRun(), [importedArticle('21', { featuredMediaExternalId: '51' })]);
    await applyImportBatch(site.runtime.deps, newRun(), [image('51', '21')]);

    const first = await site.runtime.deps.store.articles.findBySlug('post-20');
    const second = await site.runtime.deps.store.articles.findBySlug('post-21');
    expect(first!.image).toMatchObject({
      externalUrl: 'https://old.example.com/wp-content/uploads/50.jpg',
      alt: 'The Central ferry pier at dusk',
    });
    expect(second!.image).toMatchObject({ externalUrl: 'https://old.example.com/wp-content/uploads/51.jpg' });
  });

  it('writes nothing of a batch that fails part-way', async () => {
    const before = await snapshotDatabase(site.runtime.db);
    // The last record breaks only at the very end, in the database: a comment status it refuses.
    const broken = importedArticle('31', { comments: [importedComment('9', { status: 'deleted' as never })] });
    await expect(applyImportBatch(site.runtime.deps, newRun(), [author, importedArticle('30'), broken])).rejects.toThrow();
    expect(await snapshotDatabase(site.runtime.db)).toEqual(before);
  });
});
