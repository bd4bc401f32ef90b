import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { createStaffUserFromConsole } from '../src/domain/people/accounts.ts';
import { exportPublication, type ExportHead, type PublicationWriter } from '../src/domain/exporting/export-publication.ts';
import type { ExportedArticle } from '../src/domain/exporting/export-store.ts';
import { tempDataDir } from './support/app.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';

let dataDir: string;
let exported: Record<string, unknown> & { articles: Array<Record<string, unknown>> };

beforeAll(async () => {
  dataDir = tempDataDir();
  expect((await runCli(dataDir, ['demo'])).code).toBe(0);
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dataDir }));
  try {
    await createStaffUserFromConsole(runtime.deps, {
      fields: { email: 'night.editor@ledger.test', displayName: 'Night Editor', role: 'editor' },
      password: 'a long enough password',
    });
  } finally {
    await runtime.close();
  }
  const result = await runCli(dataDir, ['export']);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  exported = JSON.parse(result.stdout) as typeof exported;
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The fields docs/export-format.md lists under a heading: the first column of its table. */
function documentedFields(heading: string): string[] {
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs/export-format.md'), 'utf8');
  const section = docs.split(/^#{2,3} /m).find((part) => part.startsWith(`\`${heading}\``));
  if (!section) throw new Error(`docs/export-format.md has no section ${heading}`);
  return [...section.matchAll(/^\| `([A-Za-z.]+)` +\|/gm)].map((match) => match[1]!);
}

describe('broadsheet export (JSON)', () => {
  it('writes the document to stdout, declaring its format, version, time and site', () => {
    expect(exported.broadsheet).toEqual({
      format: 'broadsheet-export',
      version: 1,
      exportedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      siteUrl: 'http://127.0.0.1:3000',
    });
    expect(Object.keys(exported)).toEqual(['broadsheet', 'settings', 'authors', 'tags', 'media', 'articles', 'pages']);
    expect(exported.articles).toHaveLength(14);
  });

  it('has exactly the fields docs/export-format.md documents, at every level', () => {
    const first = (list: string) => (exported[list] as Array<Record<string, unknown>>)[0]!;
    const withComments = exported.articles.find((a) => (a.comments as unknown[]).length > 0)!;
    expect(Object.keys(exported.broadsheet as object)).toEqual(documentedFields('broadsheet'));
    expect(Object.keys(first('authors'))).toEqual(documentedFields('authors[]'));
    expect(Object.keys(first('tags'))).toEqual(documentedFields('tags[]'));
    expect(Object.keys(withComments)).toEqual(documentedFields('articles[]'));
    expect(Object.keys((withComments.comments as Array<Record<string, unknown>>)[0]!)).toEqual(documentedFields('articles[].comments[]'));
    expect(documentedFields('media[]')).toContain('articleId');
    expect(documentedFields('pages[]')).toContain('bodySource');
  });

  it('leaves out staff accounts, their passwords and the salt of commenters’ address hashes', async () => {
    const text = JSON.stringify(exported);
    expect(text).not.toContain('night.editor@ledger.test');
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain('client_address_salt');
    expect((exported.authors as Array<{ name: string }>).map((a) => a.name)).toContain('Night Editor');
  });

  it('writes to a file with --output and says what it wrote; a bad --format is a usage error', async () => {
    const file = path.join(dataDir, 'ledger.json');
    const result = await runCli(dataDir, ['export', '--output', file]);
    expect(result.stdout.trim()).toBe(`Exported 14 articles, 15 comments, 0 pages, 0 media, 26 tags and 5 authors to ${file} (json).`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ articles: expect.any(Array) });
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    const wrong = await runCli(dataDir, ['export', '--format', 'xml']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--format must be one of json, wxr (got "xml")');
  });

  it('reads the articles page by page, each once, with all of their comments', async () => {
    const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dataDir }));
    const pages: number[][] = [];
    const seen: ExportedArticle[] = [];
    const writer: PublicationWriter = {
      start: async (_head: ExportHead) => {},
      media: async () => {},
      articles: async (page) => {
        pages.push(page.map((a) => a.id));
        seen.push(...page);
      },
      pages: async () => {},
      finish: async () => {},
    };
    try {
      const summary = await exportPublication(runtime.deps, {
        writer,
        siteUrl: 'http://news.test',
        defaults: loadConfig({}).site,
        pageSize: 4,
      });
      expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 2]);
      expect(seen.map((a) => a.id)).toEqual([...seen.map((a) => a.id)].sort((a, b) => a - b));
      expect(new Set(seen.map((a) => a.id)).size).toBe(14);
      expect(summary).toMatchObject({ articles: 14, comments: 15 });
      for (const article of seen) {
        const stored = await runtime.deps.store.comments.listApproved(article.id);
        expect(article.comments.filter((c) => c.status === 'approved').map((c) => c.id)).toEqual(stored.map((c) => c.id));
      }
    } finally {
      await runtime.close();
    }
  });
});

describe('broadsheet import broadsheet: files it refuses', () => {
  const write = (name: string, document: unknown) => {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, JSON.stringify(document));
    return file;
  };

  it.each([
    [
      'a later version',
      (doc: typeof exported) => ({ ...doc, broadsheet: { ...(doc.broadsheet as object), version: 2 } }),
      'this file is version 2 of Broadsheet',
    ],
    ['another format', () => ({ db: [{ data: { posts: [] } }] }), 'no broadsheet.format: this is not a Broadsheet export'],
    [
      'an article with a broken date',
      (doc: typeof exported) => ({ ...doc, articles: [{ ...doc.articles[0], publishedAt: 'soon' }] }),
      'expected an ISO 8601 date, got "soon" (at articles[0].publishedAt)',
    ],
  ])('refuses %s, names the place and imports nothing', async (_what, change, message) => {
    const target = tempDataDir();
    try {
      const result = await runCli(target, ['import', 'broadsheet', write('changed.json', change(exported))], { BROADSHEET_DEMO: 'off' });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(message);
      expect(result.stdout).toContain('Nothing was imported');
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });
});
