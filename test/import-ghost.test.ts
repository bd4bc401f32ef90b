import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, tempDataDir } from './support/app.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';

const fixture = (name: string) => path.join(REPO_ROOT, 'test/fixtures/ghost', name);
const EMPTY = { BROADSHEET_DEMO: 'off' };

let dataDir: string;
let firstRun: { code: number; stdout: string };
/** The publication as exported before the refused imports, to compare with after each. */
let exportBefore: { stdout: string } | undefined;

beforeAll(async () => {
  dataDir = tempDataDir();
  firstRun = await runCli(dataDir, ['import', 'ghost', fixture('site.json'), '--report', path.join(dataDir, 'report.json')], EMPTY);
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Looks at the imported publication through the real app, as a reader would. */
async function readerView<T>(
  look: (get: (url: string) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>) => Promise<T>,
) {
  const site = await startTestSite({ dataDir });
  try {
    return await look(async (url) => site.app.inject({ method: 'GET', url }));
  } finally {
    await site.app.close();
    await site.runtime.close();
  }
}

describe('broadsheet import ghost', () => {
  it('imports the export and says what it did, with what is worth a look', () => {
    expect(firstRun.code).toBe(0);
    expect(firstRun.stdout).toContain('Imported from Ghost site “The Kowloon Courier”');
    expect(firstRun.stdout).toMatch(/Authors +2 created/);
    expect(firstRun.stdout).toMatch(/Tags +4 created, 0 updated, 2 skipped/);
    expect(firstRun.stdout).toMatch(/Articles +8 created/);
    expect(firstRun.stdout).toMatch(/Pages +1 created/);
    expect(firstRun.stdout).toMatch(/Media +1 created/);
    const report = JSON.parse(fs.readFileSync(path.join(dataDir, 'report.json'), 'utf8')) as { noteCounts: Record<string, number> };
    expect(report.noteCounts).toEqual({ members_only: 1, body_empty: 1, unsupported_type: 2 });
  });

  it('publishes what was public, with its lead image, byline and tags, and keeps the rest unpublished', async () => {
    await readerView(async (get) => {
      const article = await get('/articles/night-minibus-routes-extended');
      expect(article.statusCode).toBe(200);
      expect(article.body).toContain('Night minibus routes extended to Tseung Kwan O');
      expect(article.body).toContain('src="/content/images/2024/05/minibus-night.jpg"');
      expect(article.body).toContain('Photo by Kit Lau &amp; team');
      expect(article.body).toContain('Mei Ling Chan');
      expect(article.body).toContain('href="/tag/hong-kong"');
      expect(article.body).not.toContain('<script>alert');

      expect((await get('/articles/star-ferry-fare-rise')).body).toContain('天星小輪下月起加價一角');
      for (const hidden of ['members-briefing-tunnel-tolls', 'wet-market-rents-review', 'dragon-boat-races-stanley']) {
        expect((await get(`/articles/${hidden}`)).statusCode).toBe(404);
      }
    });
  });

  it('answers the Ghost site’s old addresses with a redirect to the new ones', async () => {
    await readerView(async (get) => {
      const moved = await get('/night-minibus-routes-extended/');
      expect(moved.statusCode).toBe(301);
      expect(moved.headers.location).toBe('/articles/night-minibus-routes-extended');
      expect((await get('/about/')).headers.location).toBe('/pages/about');
      expect((await get('/pages/about')).body).toContain('The Kowloon Courier is a reader-funded newsroom');
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const again = await runCli(dataDir, ['import', 'ghost', fixture('site.json')], EMPTY);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/[1-9]\d* (created|updated)/);
    expect(again.stdout).toMatch(/Articles +0 created, 0 updated, 8 skipped/);
  });

  it.each([
    ['truncated.json.part', 'it looks cut short; export it again (at line 97, column 22)'],
    ['not-json.xml', 'this is not valid JSON: unexpected "<" (at line 1, column 1)'],
    ['not-ghost.json', 'no db[0].data.posts: this is not a Ghost export'],
    ['broken-date.json', '"next Tuesday" is not a date (at db[0].data.posts[3].published_at)'],
  ])('refuses %s with the place of the problem and leaves the database as it was', async (name, message) => {
    exportBefore ??= await runCli(dataDir, ['export'], EMPTY);
    const before = exportBefore;
    const result = await runCli(dataDir, ['import', 'ghost', fixture(name)], EMPTY);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(message);
    expect(result.stdout).toContain('Nothing was imported: the database is as it was.');
    const after = await runCli(dataDir, ['export'], EMPTY);
    const withoutTime = (text: string) => text.replace(/"exportedAt":"[^"]+"/, '');
    expect(withoutTime(after.stdout)).toBe(withoutTime(before.stdout));
  });
});
