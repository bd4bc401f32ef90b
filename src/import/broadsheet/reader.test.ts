import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, type ImportRecord } from '../../domain/importing/records.ts';
import { broadsheetReader } from './reader.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const comment = (id: number, parentId: number | null, bodySource: string, bodyHtml: string) => ({
  id,
  parentId,
  authorName: `Reader ${id}`,
  authorEmail: `reader${id}@example.com`,
  authorUrl: null,
  clientAddressHash: `hash${id}`,
  bodySource,
  bodyHtml,
  status: 'approved',
  createdAt: '2024-05-02T01:00:00.000Z',
  editedAt: null,
});

const DOCUMENT = {
  broadsheet: { format: 'broadsheet-export', version: 1, exportedAt: '2024-05-03T00:00:00.000Z', siteUrl: 'https://ledger.example/' },
  settings: { 'site.title': 'The Harbour Ledger', client_address_salt: 'never sent' },
  authors: [{ id: 4, slug: 'mei-lin', name: 'Mei Lin Chau', bio: '', legacyPaths: ['/author/mei'] }],
  tags: [
    { id: 9, slug: 'ferries', name: 'Ferries', description: '', isSection: false, parentId: 3, aliases: [], legacyPaths: [] },
    {
      id: 3,
      slug: 'transport',
      name: 'Transport',
      description: 'Getting about',
      isSection: true,
      parentId: null,
      aliases: [{ name: 'Transit', slug: 'transit' }],
      legacyPaths: [],
    },
  ],
  media: [
    {
      id: 7,
      url: 'https://img.example/pier.jpg',
      title: 'Pier',
      alt: 'The pier',
      caption: '',
      mimeType: 'image/jpeg',
      articleId: 12,
      createdAt: '2024-05-01T00:00:00.000Z',
      legacyPaths: [],
    },
  ],
  articles: [
    {
      id: 12,
      slug: 'ferry-fares-frozen',
      headline: 'Ferry fares frozen',
      standfirst: 'No rise this year.',
      status: 'published',
      publishedAt: '2024-05-01T08:00:00.000Z',
      createdAt: '2024-05-01T07:00:00.000Z',
      updatedAt: '2024-05-01T09:00:00.000Z',
      authorId: 4,
      featured: true,
      commentsOpen: false,
      language: 'zh-Hant',
      bodyFormat: 'markdown',
      bodySource: 'Fares stay at **$5**.',
      imageId: 7,
      tagIds: [3, 9],
      oldSlugs: ['ferry-fares'],
      corrections: [{ body: 'The fare is $5, not $6.', createdAt: '2024-05-02T00:00:00.000Z' }],
      legacyPaths: ['?p=77'],
      comments: [
        comment(31, 30, 'A reply listed before its parent', '<p>A reply listed before its parent</p>\n'),
        comment(30, null, 'Plain text & a link https://ferry.example', '<p>ignored</p>'),
        comment(32, null, '<b>From WordPress</b>', '<p><b>From WordPress</b><script>alert(1)</script></p>'),
      ],
      somethingNewer: 'readers ignore fields they do not know',
    },
  ],
  pages: [
    {
      id: 2,
      slug: 'about',
      title: 'About us',
      status: 'published',
      publishedAt: null,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-02T00:00:00.000Z',
      authorId: 4,
      bodyFormat: 'html',
      bodySource: '<p>Hello</p><iframe src="https://evil.example/"></iframe>',
      legacyPaths: [],
    },
  ],
};

function write(name: string, document: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(document));
  return file;
}

async function readAll(file: string): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of broadsheetReader(file).read()) records.push(record);
  return records;
}

describe('broadsheetReader', () => {
  it('plans the import from the header: the site is the source', async () => {
    const plan = await broadsheetReader(write('good.json', DOCUMENT)).check();
    expect(plan.source).toEqual({ key: 'broadsheet:https://ledger.example', label: 'Broadsheet site https://ledger.example' });
    expect(plan.entries).toBe(2);
  });

  it('yields settings first, then authors, tags (parents first), articles and pages, and media last', async () => {
    const records = await readAll(write('good.json', DOCUMENT));
    expect(records.map((r) => r.kind)).toEqual(['setting', 'author', 'tag', 'tag', 'article', 'page', 'media']);
    expect(records[0]).toEqual({ kind: 'setting', values: { 'site.title': 'The Harbour Ledger' } });
    expect(records.filter((r) => r.kind === 'tag').map((t) => [t.externalId, t.parentExternalId, t.isSection, t.aliases])).toEqual([
      ['3', null, true, [{ name: 'Transit', slug: 'transit' }]],
      ['9', '3', false, []],
    ]);
    expect(records.at(-1)).toMatchObject({ kind: 'media', externalId: '7', attachedToExternalId: '12', featuredOnExternalIds: ['12'] });
  });

  it('maps an article with everything the newsroom gave it, its HTML made again from its source', async () => {
    const article = (await readAll(write('good.json', DOCUMENT))).find((r) => r.kind === 'article');
    expect(article).toMatchObject({
      externalId: '12',
      authorExternalId: '4',
      tagExternalIds: ['3', '9'],
      featuredMediaExternalId: '7',
      featured: true,
      commentsOpen: false,
      language: 'zh-Hant',
      oldSlugs: ['ferry-fares'],
      corrections: [{ body: 'The fare is $5, not $6.', createdAt: new Date('2024-05-02T00:00:00.000Z') }],
      legacyPaths: ['?p=77'],
      bodyHtml: '<p>Fares stay at <strong>$5</strong>.</p>\n',
    });
  });

  it('puts parents before replies, renders plain-text comments as here and sanitizes HTML ones', async () => {
    const article = (await readAll(write('good.json', DOCUMENT))).find((r) => r.kind === 'article');
    if (article?.kind !== 'article') throw new Error('no article');
    expect(article.comments.map((c) => [c.externalId, c.parentExternalId])).toEqual([
      ['30', null],
      ['32', null],
      ['31', '30'],
    ]);
    const [plain, html, reply] = article.comments;
    expect(reply).toMatchObject({
      clientAddress: null,
      clientAddressHash: 'hash31',
      bodyHtml: '<p>A reply listed before its parent</p>\n',
    });
    // Not what Broadsheet renders from its text, so sanitized as HTML from elsewhere would be.
    expect(plain!.bodyHtml).toBe('<p>ignored</p>');
    expect(html!.bodyHtml).toBe('<p><b>From WordPress</b></p>');
  });

  it('sanitizes an HTML page body again rather than trusting the file', async () => {
    const page = (await readAll(write('good.json', DOCUMENT))).find((r) => r.kind === 'page');
    expect(page).toMatchObject({ kind: 'page', title: 'About us', status: 'published' });
    // The frame from an unknown host goes altogether, not just its address.
    expect(page?.kind === 'page' && page.bodyHtml).toBe('<p>Hello</p>');
  });

  it('keeps a commenter’s website only when it is an http or https address, and notes the one it left out', async () => {
    const article = DOCUMENT.articles[0]!;
    const websites = ['javascript:alert(document.cookie)', '//evil.example/', 'https://ferry.example/me'];
    const comments = websites.map((authorUrl, i) => ({ ...comment(40 + i, null, `Comment ${i}`, `<p>Comment ${i}</p>\n`), authorUrl }));
    const records = await readAll(write('websites.json', { ...DOCUMENT, articles: [{ ...article, comments }] }));
    const imported = records.find((r) => r.kind === 'article');
    if (imported?.kind !== 'article') throw new Error('no article');
    expect(imported.comments.map((c) => [c.authorUrl, c.notes])).toEqual([
      [null, [{ code: 'website_dropped', detail: 'javascript:alert(document.cookie)' }]],
      [null, [{ code: 'website_dropped', detail: '//evil.example/' }]],
      ['https://ferry.example/me', []],
    ]);
  });

  it.each([
    [
      'an unknown version',
      { ...DOCUMENT, broadsheet: { ...DOCUMENT.broadsheet, version: 3 } },
      /version 3 .* reads version 1.*\(at broadsheet\.version\)$/,
    ],
    [
      'another format',
      { ...DOCUMENT, broadsheet: { ...DOCUMENT.broadsheet, format: 'other' } },
      /this is not a Broadsheet export \(at broadsheet\.format\)$/,
    ],
    ['no header', { articles: [] }, /^no broadsheet\.format: this is not a Broadsheet export$/],
    [
      'a comment with an unknown status',
      { ...DOCUMENT, articles: [{ ...DOCUMENT.articles[0], comments: [{ ...comment(1, null, 'x', 'x'), status: 'hidden' }] }] },
      /expected one of pending, approved, spam, trash, got "hidden" \(at articles\[0\]\.comments\[0\]\.status\)$/,
    ],
    [
      'a tag id that is not a number',
      { ...DOCUMENT, articles: [{ ...DOCUMENT.articles[0], tagIds: [3, 'ferries'] }] },
      /got "ferries" \(at articles\[0\]\.tagIds\[1\]\)$/,
    ],
  ])('refuses %s, naming the place', async (_what, document, message) => {
    const failure = await broadsheetReader(write('bad.json', document))
      .check()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportFileError);
    expect((failure as Error).message).toMatch(message);
  });
});
