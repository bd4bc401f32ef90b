import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';
import { startTestSite, tempDataDir, type TestSite } from './support/app.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';
import { snapshotDatabase } from './support/db-snapshot.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/wordpress');
const NEWSROOM = path.join(FIXTURES, 'newsroom.xml');
const EMPTY = { BROADSHEET_DEMO: 'off' };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const dir = tempDataDir();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function site(dir: string): Promise<TestSite> {
  const started = await startTestSite({ dataDir: dir, env: EMPTY });
  cleanups.push(async () => {
    await started.app.close();
    await started.runtime.close();
  });
  return started;
}

async function openData(dir: string): Promise<Runtime> {
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dir, ...EMPTY }));
  cleanups.push(() => runtime.close());
  return runtime;
}

function readReport(file: string) {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as {
    outcome: string;
    counts: Record<string, { created: number; updated: number; skipped: number; skippedBecause: Record<string, number> }>;
    notes: Array<{ kind: string; externalId: string; code: string; detail?: string }>;
  };
}

describe('broadsheet import wordpress', () => {
  it('brings a WordPress export over, and the site serves it with its comments and old addresses', async () => {
    const dir = dataDir();
    const reportFile = path.join(dir, 'report.json');
    const result = await runCli(dir, ['import', 'wordpress', NEWSROOM, '--report', reportFile], EMPTY);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported from WordPress site https://kowlooncourier.example:');
    expect(result.stdout).toMatch(/Comments\s+\d+ created/);
    const report = readReport(reportFile);
    expect(report.outcome).toBe('complete');
    expect(report.counts.article!.skippedBecause).toMatchObject({ trash: 1, auto_draft: 1 });
    expect(report.notes).toContainEqual(expect.objectContaining({ kind: 'article', externalId: '18', code: 'password_protected' }));
    expect(report.notes).toContainEqual(expect.objectContaining({ kind: 'article', externalId: '16', code: 'private' }));

    const { app, runtime } = await site(dir);
    const page = await app.inject({ method: 'GET', url: '/articles/star-ferry-fares-to-rise' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Star Ferry fares to rise 8 per cent from July');
    // Threaded: the reply to a reply sits two levels down, and neither the pending nor the spam comment shows.
    const article = await runtime.deps.store.articles.findBySlug('star-ferry-fares-to-rise');
    const comments = await runtime.deps.store.comments.listApproved(article!.id);
    expect(Math.max(...comments.map((c) => c.depth))).toBeGreaterThanOrEqual(2);
    expect(comments.every((c) => c.status === 'approved')).toBe(true);
    for (const comment of comments) expect(page.body).toContain(`id="comment-${comment.id}"`);
    expect(article!.image?.externalUrl).toMatch(/^https:\/\/kowlooncourier\.example\/wp-content\/uploads\//);

    const chinese = await app.inject({ method: 'GET', url: `/articles/${encodeURIComponent('立法會通過渡輪資助計劃')}` });
    expect(chinese.statusCode).toBe(200);
    expect(chinese.body).toContain('立法會通過渡輪資助計劃');
    // Each batch puts what it published into the search index; drafts stay out of it.
    const search = async (q: string) =>
      (await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}` })).body.replaceAll(/<\/?mark>/g, '');
    expect(await search('ferry fares')).toContain('Star Ferry fares to rise 8 per cent from July');
    expect(await search('渡輪資助')).toContain('立法會通過渡輪資助計劃');
    expect(await search('harbourfront cycle track')).not.toContain('Harbourfront cycle track: route still undecided');

    for (const old of ['/2024/05/star-ferry-fares-to-rise/', '/?p=11']) {
      const moved = await app.inject({ method: 'GET', url: old });
      expect(moved.statusCode, old).toBe(301);
      expect(moved.headers.location).toBe('/articles/star-ferry-fares-to-rise');
    }
    // A draft's old address leads nowhere public; the trashed post was never imported.
    expect((await app.inject({ method: 'GET', url: '/?p=14' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/?p=19' })).statusCode).toBe(404);
    const scheduled = await runtime.deps.store.articles.findBySlug('mtr-timetable-tuen-mun-extension');
    expect(scheduled?.status).toBe('scheduled');
    expect((await runtime.deps.store.articles.findBySlug('subscribers-briefing-budget'))?.status).toBe('draft');
    expect((await app.inject({ method: 'GET', url: '/about-us/' })).headers.location).toBe('/pages/about-us');
    expect((await app.inject({ method: 'GET', url: '/pages/about-us' })).statusCode).toBe(200);
    // A new publication takes the WordPress site's name and tagline.
    const home = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(home).toContain('Kowloon Courier');
    expect(home).toContain('News from both sides of the harbour');
  });

  it('keeps the name of a publication that has one', async () => {
    const dir = dataDir();
    const { runtime } = await site(dir);
    await runtime.deps.store.settings.set('site.title', 'The Harbour Ledger');
    expect((await runCli(dir, ['import', 'wordpress', NEWSROOM], EMPTY)).code).toBe(0);
    expect(await runtime.deps.store.settings.get('site.title')).toBe('The Harbour Ledger');
  });

  it('changes nothing when the same file is imported again', async () => {
    const dir = dataDir();
    expect((await runCli(dir, ['import', 'wordpress', NEWSROOM], EMPTY)).code).toBe(0);
    const runtime = await openData(dir);
    const before = await snapshotDatabase(runtime.db);

    const reportFile = path.join(dir, 'again.json');
    const again = await runCli(dir, ['import', 'wordpress', NEWSROOM, '--report', reportFile], EMPTY);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing changed: the publication already matches this file.');
    expect(await snapshotDatabase(runtime.db)).toEqual(before);
    const counts = readReport(reportFile).counts;
    for (const [kind, count] of Object.entries(counts)) {
      expect([kind, count.created, count.updated]).toEqual([kind, 0, 0]);
    }
  });

  it('updates what a newer export changed and adds what it added, leaving the rest alone', async () => {
    const dir = dataDir();
    expect((await runCli(dir, ['import', 'wordpress', NEWSROOM], EMPTY)).code).toBe(0);
    const reportFile = path.join(dir, 'newer.json');
    const newer = await runCli(dir, ['import', 'wordpress', path.join(FIXTURES, 'newsroom-updated.xml'), '--report', reportFile], EMPTY);
    expect(newer.code).toBe(0);

    const { counts } = readReport(reportFile);
    expect(counts.article).toMatchObject({ created: 1, updated: 1 });
    expect(counts.comment).toMatchObject({ created: 1, updated: 1 });
    const runtime = await openData(dir);
    const edited = await runtime.deps.store.articles.findBySlug('star-ferry-fares-to-rise');
    expect(edited!.headline).toBe('Star Ferry fares to rise 9 per cent from July');
    const revisions = await runtime.deps.store.revisions.listFor(edited!.id);
    expect(revisions.map((r) => r.headline)).toEqual([
      'Star Ferry fares to rise 9 per cent from July',
      'Star Ferry fares to rise 8 per cent from July',
    ]);
    expect(await runtime.deps.store.articles.findBySlug('lamma-pier-reopens')).not.toBeNull();
  });

  describe('refuses a file it cannot import, naming the place, and leaves the database as it was', () => {
    for (const [file, message] of [
      ['not-xml.xml', /not an XML file/i],
      ['truncated.xml', /truncated/i],
      ['rss-not-wxr.xml', /not a WordPress export/i],
      ['broken-item.xml', /item/i],
    ] as const) {
      it(file, async () => {
        const dir = dataDir();
        expect((await runCli(dir, ['import', 'wordpress', NEWSROOM], EMPTY)).code).toBe(0);
        const runtime = await openData(dir);
        const before = await snapshotDatabase(runtime.db);

        const result = await runCli(dir, ['import', 'wordpress', path.join(FIXTURES, file)], EMPTY);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(message);
        expect(result.stdout).toMatch(/line \d+, column \d+/);
        expect(result.stdout).toContain('Nothing was imported: the database is as it was.');
        expect(await snapshotDatabase(runtime.db)).toEqual(before);
      });
    }

    it('a file that does not exist', async () => {
      const result = await runCli(dataDir(), ['import', 'wordpress', '/nowhere/export.xml'], EMPTY);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('no such file');
    });
  });

  it('explains how to call it when the format or the file is missing', async () => {
    const result = await runCli(dataDir(), ['import', 'drupal', NEWSROOM], EMPTY);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('say what to import from: wordpress, ghost, broadsheet');
  });
});
