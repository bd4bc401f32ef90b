import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { createStaffUserFromConsole } from '../src/domain/people/accounts.ts';
import { storeArticle } from '../src/domain/articles/articles.ts';
import { moderateComments, replyAsStaff } from '../src/domain/comments/moderation.ts';
import { actorOf } from '../src/domain/shared/policy.ts';
import { renderArticleBody } from '../src/domain/shared/markdown.ts';
import { addCorrection } from '../src/domain/articles/revisions.ts';
import { tempDataDir } from './support/app.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';

const GHOST_SITE = path.join(REPO_ROOT, 'test/fixtures/ghost/site.json');
const WORDPRESS_SITE = path.join(REPO_ROOT, 'test/fixtures/wordpress/newsroom.xml');
const EMPTY = { BROADSHEET_DEMO: 'off' };

let work: string;
const dir = (name: string) => path.join(work, name);

async function cli(dataDir: string, args: string[]): Promise<string> {
  const result = await runCli(dataDir, args, EMPTY);
  if (result.code !== 0) throw new Error(`broadsheet ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * The publication to carry over: the demo (sections, aliases, threads), a Ghost site (a page,
 * a lead image, the old site's addresses, HTML bodies), WordPress's fixture when there is one, and
 * what only the newsroom makes: corrections, a changed slug, a featured article, every comment
 * status, a staff reply, a site setting and an image uploaded to an article.
 */
async function buildPublication(dataDir: string): Promise<void> {
  await cli(dataDir, ['demo']);
  await cli(dataDir, ['import', 'ghost', GHOST_SITE]);
  if (fs.existsSync(WORDPRESS_SITE)) await cli(dataDir, ['import', 'wordpress', WORDPRESS_SITE]);

  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dataDir }));
  try {
    const { deps } = runtime;
    const { store } = deps;
    const { user } = await createStaffUserFromConsole(deps, {
      fields: { email: 'editor@ledger.test', displayName: 'Desk Editor', role: 'admin' },
      password: 'a long enough password',
    });
    const actor = actorOf(user);
    const ferries = (await store.articles.findBySlug('ferry-fares-frozen-until-next-summer'))!;
    await addCorrection(deps, { actor, articleId: ferries.id, correction: 'An earlier version gave the wrong number of routes.' });
    const renamed = {
      ...ferries,
      slug: 'ferry-fares-frozen',
      featured: true,
      bodySource: ferries.bodySource,
      bodyFormat: ferries.bodyFormat,
      bodyHtml: ferries.bodyHtml,
    };
    await store.transaction((inner) =>
      storeArticle(inner, {
        existing: ferries,
        record: { ...renamed, authorId: ferries.authorId },
        tags: ferries.tags.map((t) => t.name),
        savedBy: user.id,
        now: deps.clock.now(),
      }),
    );
    const comments = await store.comments.listApproved(ferries.id);
    await moderateComments(deps, { actor, ids: [comments.at(-1)!.id], action: 'spam' });
    await moderateComments(deps, { actor, ids: [comments.at(-2)!.id], action: 'trash' });
    await replyAsStaff(deps, { actor, commentId: comments[0]!.id, body: 'Thanks: the stored-value fare applies to every sailing.' });
    await store.settings.set('site.title', 'The Harbour Ledger (moved)');
    const imageId = await store.media.insert({
      url: 'https://images.ledger.test/ferry-pier.jpg',
      title: 'Ferry pier',
      alt: 'Passengers queue at the pier',
      caption: 'The Old Wharf pier at rush hour',
      mimeType: 'image/jpeg',
      articleId: ferries.id,
      createdAt: new Date('2024-05-01T00:00:00Z'),
    });
    await store.media.setArticleImage(ferries.id, imageId);
  } finally {
    await runtime.close();
  }
}

type Doc = Record<string, unknown> & {
  authors: Array<{ id: number; slug: string }>;
  tags: Array<{ id: number; slug: string; parentId: number | null }>;
  media: Array<{ id: number; url: string; articleId: number | null }>;
  articles: Array<{
    id: number;
    slug: string;
    authorId: number;
    tagIds: number[];
    imageId: number | null;
    comments: Array<{ id: number; parentId: number | null }>;
  }>;
  pages: Array<{ id: number; authorId: number }>;
};

const readDoc = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Doc;

/** The document with every id replaced by what names the same thing on any site: slugs, URLs, a comment's place. */
function withStableReferences(doc: Doc) {
  const authorSlug = new Map(doc.authors.map((a) => [a.id, a.slug]));
  const tagSlug = new Map(doc.tags.map((t) => [t.id, t.slug]));
  const mediaUrl = new Map(doc.media.map((m) => [m.id, m.url]));
  const articleSlug = new Map(doc.articles.map((a) => [a.id, a.slug]));
  const { exportedAt: _when, ...header } = doc.broadsheet as Record<string, unknown>;
  return {
    broadsheet: header,
    settings: doc.settings,
    authors: doc.authors.map(({ id: _id, ...author }) => author),
    tags: doc.tags.map(({ id: _id, parentId, ...tag }) => ({ ...tag, parent: parentId && tagSlug.get(parentId) })),
    media: doc.media.map(({ id: _id, articleId, ...media }) => ({ ...media, article: articleId && articleSlug.get(articleId) })),
    articles: doc.articles.map(({ id: _id, authorId, tagIds, imageId, comments, ...article }) => {
      const place = new Map(comments.map((c, index) => [c.id, index]));
      return {
        ...article,
        author: authorSlug.get(authorId),
        tags: tagIds.map((id) => tagSlug.get(id)),
        image: imageId && mediaUrl.get(imageId),
        comments: comments.map(({ id: _cid, parentId, ...c }) => ({ ...c, parent: parentId && place.get(parentId) })),
      };
    }),
    pages: doc.pages.map(({ id: _id, authorId, ...page }) => ({ ...page, author: authorSlug.get(authorId) })),
  };
}

beforeAll(async () => {
  work = tempDataDir();
  await buildPublication(dir('original'));
  await cli(dir('original'), ['export', '--output', dir('a.json')]);
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('export, then import into an empty database', () => {
  it('gives back the same publication: exporting the copy writes the same document', async () => {
    const summary = await cli(dir('copy'), ['import', 'broadsheet', dir('a.json')]);
    expect(summary).toContain('Imported from Broadsheet site');
    await cli(dir('copy'), ['export', '--output', dir('b.json')]);

    const [original, copy] = [readDoc(dir('a.json')), readDoc(dir('b.json'))];
    expect(withStableReferences(copy)).toEqual(withStableReferences(original));
    // The comparison covers what the publication was built with, not an empty document.
    const ferries = original.articles.find((a) => a.slug === 'ferry-fares-frozen') as unknown as Record<string, unknown>;
    expect(ferries).toMatchObject({ featured: true, oldSlugs: ['ferry-fares-frozen-until-next-summer'] });
    expect(ferries.corrections).toHaveLength(1);
    expect(new Set((ferries.comments as Array<{ status: string }>).map((c) => c.status))).toEqual(new Set(['approved', 'spam', 'trash']));
    expect(original.media.find((m) => m.url.endsWith('ferry-pier.jpg'))?.articleId).toBe((ferries as { id: number }).id);
    expect(original.pages).not.toHaveLength(0);
    // The WordPress import filled in the tagline the publication did not have.
    expect(original.settings).toEqual({
      'site.title': 'The Harbour Ledger (moved)',
      'site.description': 'News from both sides of the harbour',
    });
  });

  it('changes nothing when the same export is imported again', async () => {
    const again = await cli(dir('copy'), ['import', 'broadsheet', dir('a.json')]);
    expect(again).not.toMatch(/[1-9]\d* created/);
    expect(again).not.toMatch(/[1-9]\d* updated/);
  });
});

/** What WordPress keeps of an article, in a form both sides can be compared in. */
function wordpressView(doc: Doc) {
  const tagName = new Map(doc.tags.map((t) => [t.id, (t as unknown as { name: string }).name]));
  const html = (text: string) => text.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
  const text = (markup: string) =>
    markup
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const toSecond = (date: string | null) => date && date.slice(0, 19);
  return new Map(
    (doc.articles as unknown as ExportedArticleJson[]).map((article) => {
      // WordPress has no trash to export into, and a draft has no publication date there.
      const comments = article.comments.filter((c) => c.status !== 'trash');
      const place = new Map(comments.map((c, index) => [c.id, index]));
      return [
        article.slug,
        {
          headline: article.headline,
          status: article.status,
          publishedAt: article.status === 'draft' ? null : toSecond(article.publishedAt),
          // WordPress never dates a post's last change before the post itself.
          updatedAt: toSecond(article.status === 'draft' ? null : [article.updatedAt, article.publishedAt!].sort().at(-1)!),
          body: html(renderArticleBody(article.bodySource, article.bodyFormat)),
          tags: article.tagIds.map((id) => tagName.get(id)).sort(),
          comments: comments.map((c) => ({
            authorName: c.authorName,
            authorEmail: c.authorEmail,
            status: c.status,
            createdAt: toSecond(c.createdAt),
            parent: c.parentId && place.get(c.parentId),
            text: text(c.bodyHtml),
          })),
        },
      ];
    }),
  );
}

interface ExportedArticleJson {
  slug: string;
  headline: string;
  status: string;
  publishedAt: string | null;
  updatedAt: string;
  bodySource: string;
  bodyFormat: 'markdown' | 'html';
  tagIds: number[];
  comments: Array<{
    id: number;
    parentId: number | null;
    authorName: string;
    authorEmail: string;
    status: string;
    createdAt: string;
    bodyHtml: string;
  }>;
}

describe('WXR export, then WordPress import into an empty database', () => {
  it('brings the same articles (slug, headline, status, dates, body, tags) and the same comment threads', async () => {
    await cli(dir('original'), ['export', '--format', 'wxr', '--output', dir('a.xml')]);
    await cli(dir('from-wxr'), ['import', 'wordpress', dir('a.xml')]);
    await cli(dir('from-wxr'), ['export', '--output', dir('c.json')]);

    const [original, imported] = [wordpressView(readDoc(dir('a.json'))), wordpressView(readDoc(dir('c.json')))];
    expect(imported).toEqual(original);
    const statuses = new Set([...original.values()].flatMap((article) => article.comments.map((c) => c.status)));
    expect(statuses).toEqual(new Set(['approved', 'pending', 'spam']));
    expect([...original.values()].some((article) => article.comments.some((c) => c.parent !== null))).toBe(true);
  });
});
