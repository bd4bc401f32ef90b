import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, tempDataDir, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { hostileGhostExport, hostileWxr } from '../support/hostile-exports.ts';
import { auditingPage, auditPage, injected, QUEUE_MARKUP, signedInContext, type PageAudit } from '../support/hostile-page.ts';
import { HOSTILE_STRINGS } from '../support/hostile-strings.ts';
import { staffAgent } from '../support/staff.ts';

/**
 * Hostile-input suite, the importers: a WordPress export and a Ghost export holding every string in
 * titles, excerpts, HTML bodies, tags and (WordPress) comment names, websites and bodies, imported
 * with the real CLI and rendered in Chromium.
 */

/** What the article sanitizer lets an imported body keep, besides text markup; none of it can run script. */
const IMPORTED_MARKUP = new Set(
  ['hr', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'dl', 'dt', 'dd', 'b', 'i', 'u', 's', 'del', 'ins'].concat(
    ['sub', 'sup', 'abbr', 'cite', 'q', 'img', 'figure', 'figcaption', 'picture', 'source', 'audio', 'video', 'track', 'table'],
    ['caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'col', 'colgroup', 'aside', 'details', 'summary', 'ruby', 'rt', 'rp'],
  ),
);
const PER_POST = 50;
const BENIGN = Array.from({ length: PER_POST }, (_, i) => `Benign words number ${i}.`);

let site: TestSite;
let address: string;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = tempDataDir();
  // The first post of each file is benign: the page every hostile one is compared with.
  const wxr = path.join(dir, 'hostile.xml');
  fs.writeFileSync(wxr, hostileWxr([...BENIGN, ...HOSTILE_STRINGS], PER_POST));
  const ghost = path.join(dir, 'hostile-ghost.json');
  fs.writeFileSync(ghost, hostileGhostExport([...BENIGN, ...HOSTILE_STRINGS], PER_POST));
  for (const args of [
    ['import', 'wordpress', wxr],
    ['import', 'ghost', ghost],
  ]) {
    const result = await runCli(dir, args, { DATABASE_URL: '' });
    if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
  site = await startTestSite({ dataDir: dir });
  address = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function articleSlugs(prefix: string): Promise<string[]> {
  const rows = await site.runtime.db.selectFrom('articles').select('slug').where('slug', 'like', `${prefix}%`).orderBy('id').execute();
  return rows.map((r) => r.slug);
}

describe('hostile input through the importers', () => {
  it('renders every imported post, its tags and its comments with nothing injected', async () => {
    const tab = await auditingPage(browser);
    const problems: string[] = [];
    const slugs = await articleSlugs('hostile-post-');
    // Both files' posts, the WordPress ones and then the Ghost ones (which took the next free slugs).
    expect(slugs.length).toBeGreaterThanOrEqual(2 * Math.ceil(HOSTILE_STRINGS.length / PER_POST));
    const benign = new Map<string, PageAudit>();
    const tagLinks = new Set<string>();
    for (const slug of slugs) {
      const audit = await auditPage(tab, `${address}/articles/${slug}`);
      const source = (await site.runtime.deps.store.articles.findBySlug(slug))!.commentCount > 0 ? 'wordpress' : 'ghost';
      if (!benign.has(source)) {
        benign.set(source, audit);
        continue;
      }
      const found = injected(audit, benign.get(source)!, IMPORTED_MARKUP);
      if (found.length > 0) problems.push(`${slug} (${source}): ${found.join('; ')}`);
      const links = await tab.page.evaluate(() => [...document.querySelectorAll('a[href^="/tags/"]')].map((a) => a.getAttribute('href')!));
      for (const link of links.slice(0, 2)) tagLinks.add(link);
    }
    const tagBenign = await auditPage(tab, `${address}/tags/hostile-0-0`);
    for (const link of [...tagLinks].slice(0, 30)) {
      const found = injected(await auditPage(tab, `${address}${link}`), tagBenign, IMPORTED_MARKUP);
      if (found.length > 0) problems.push(`${link}: ${found.join('; ')}`);
    }

    // The moderation queue shows commenters' names, emails and websites: its first pages, signed in.
    const { agent } = await staffAgent(site, 'editor');
    const context = await signedInContext(browser, agent, address);
    const admin = await auditingPage(context);
    const queueBenign = await auditPage(admin, `${address}/admin/comments?status=pending`);
    for (let page = 1; page <= 8; page++) {
      const found = injected(
        await auditPage(admin, `${address}/admin/comments?status=approved&page=${page}`),
        queueBenign,
        new Set([...IMPORTED_MARKUP, ...QUEUE_MARKUP]),
      );
      if (found.length > 0) problems.push(`queue page ${page}: ${found.join('; ')}`);
    }
    await context.close();
    await tab.page.close();
    expect(problems).toEqual([]);
  }, 300_000);
});
