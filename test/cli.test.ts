import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, tempDataDir } from './support/app.ts';
import { runCli, startServer } from './support/cli.ts';
import { postCommentForm } from './support/comment-form.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = tempDataDir();
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function writeArticle(name: string, frontMatter: string, paragraphs: string[]): string {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, `---\n${frontMatter}\n---\n\n${paragraphs.join('\n\n')}\n`);
  return file;
}

/** Looks at the data directory through the real app, as a reader would. */
async function readerView<T>(look: (get: (url: string) => Promise<{ statusCode: number; body: string }>) => Promise<T>): Promise<T> {
  const site = await startTestSite({ dataDir });
  try {
    return await look(async (url) => site.app.inject({ method: 'GET', url }));
  } finally {
    await site.app.close();
    await site.runtime.close();
  }
}

const SEVEN_TAGS = ['Chinese mainland', 'HKSAR', 'Hong Kong', 'Legislative Council', 'Trade', 'Greater Bay Area', 'Innovation'];
const SEVEN_PARAGRAPHS = Array.from({ length: 7 }, (_, i) => `Paragraph ${i + 1} of the story, with its own sentence.`);

describe('broadsheet publish', () => {
  it('publishes a Markdown file: headline in h1, seven tag links in order, seven paragraphs and the comment form', async () => {
    const file = writeArticle(
      'story.md',
      `title: Border trade talks resume\nstandfirst: Officials meet again.\ntags: [${SEVEN_TAGS.join(', ')}]\nauthor: Mei Lin Chau\ndate: 2026-01-05T09:00:00Z`,
      SEVEN_PARAGRAPHS,
    );
    const result = await runCli(dataDir, ['publish', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created \(published\) "Border trade talks resume" http:\/\/\S+\/articles\/border-trade-talks-resume/);

    const html = await readerView(async (get) => (await get('/articles/border-trade-talks-resume')).body);
    expect(html).toContain('<h1 class="story-headline">Border trade talks resume</h1>');
    const tags = [...html.matchAll(/rel="tag">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(tags).toEqual(SEVEN_TAGS);
    const body = /<div class="story-body">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(body.match(/<p>/g)).toHaveLength(7);
    expect(html).toContain('<textarea id="comment" name="comment"');
    expect(html).toContain('<input id="author"');
    expect(html).toContain('<input id="email"');
  });

  it('updates the article when the same slug is published again', async () => {
    const first = writeArticle('a.md', 'title: First version\nslug: evolving-story\nauthor: A. Writer\ntags: [One]', ['Old text.']);
    const second = writeArticle('b.md', 'title: Second version\nslug: evolving-story\nauthor: A. Writer\ntags: [Two]', ['New text.']);
    expect((await runCli(dataDir, ['publish', first])).code).toBe(0);
    const result = await runCli(dataDir, ['publish', second]);
    expect(result.stdout).toContain('Updated (published) "Second version"');
    await readerView(async (get) => {
      const html = (await get('/articles/evolving-story')).body;
      expect(html).toContain('Second version');
      expect(html).toContain('New text.');
      expect(html).not.toContain('Old text.');
      expect((await get('/')).body.match(/class="teaser-headline"/g)).toHaveLength(1);
    });
  });

  it('refuses bad front matter naming each problem, exits non-zero and stores nothing', async () => {
    const good = writeArticle('good.md', 'title: Fine\nauthor: A', ['Body.']);
    const bad = writeArticle('bad.md', 'title: ""\nstatus: live\ndate: someday', ['Body.']);
    const result = await runCli(dataDir, ['publish', good, bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${bad}: date: Must be a date`);
    expect(result.stdout).toContain(`${bad}: status: Must be one of draft, scheduled, published`);
    expect(result.stdout).toContain('Nothing was published.');

    const missing = await runCli(dataDir, ['publish', writeArticle('c.md', 'title: No author here', ['Body.'])]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/author: Name the author/);
    expect(await readerView(async (get) => (await get('/')).body)).toContain('Nothing has been published here yet.');
  });

  it('says what is wrong when the file does not exist or no file is named', async () => {
    const missing = await runCli(dataDir, ['publish', 'nowhere.md']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('nowhere.md: no such file');
    const none = await runCli(dataDir, ['publish']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name at least one Markdown file');
  });
});

describe('broadsheet comments', () => {
  it('lists pending comments and approves them onto the page', async () => {
    expect((await runCli(dataDir, ['publish', writeArticle('s.md', 'title: Story\nslug: story\nauthor: A', ['Body.'])])).code).toBe(0);
    const site = await startTestSite({ dataDir });
    const posted = await postCommentForm(site, 'story', {
      comment: 'Waiting for a moderator',
      author: 'Bo',
      email: 'bo@example.com',
      url: '',
      fax: '',
    });
    expect(posted.statusCode).toBe(303);
    await site.app.close();
    await site.runtime.close();

    const list = await runCli(dataDir, ['comments', 'list', '--status', 'pending']);
    expect(list.code).toBe(0);
    const id = /^#(\d+)\s+pending.*Bo <bo@example.com>/m.exec(list.stdout)?.[1];
    expect(id).toBeDefined();

    const approve = await runCli(dataDir, ['comments', 'approve', id!]);
    expect(approve.stdout).toContain(`#${id} by Bo: approved`);
    expect(await readerView(async (get) => (await get('/articles/story')).body)).toContain('Waiting for a moderator');

    const unknown = await runCli(dataDir, ['comments', 'spam', id!, '999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Comment 999 was not found');
    expect(await readerView(async (get) => (await get('/articles/story')).body)).toContain('Waiting for a moderator');
  });

  it('closes an article to comments and explains usage mistakes', async () => {
    await runCli(dataDir, ['publish', writeArticle('s.md', 'title: Story\nslug: story\nauthor: A', ['Body.'])]);
    expect((await runCli(dataDir, ['comments', 'close', 'story'])).stdout).toContain('Comments are now closed on "Story"');
    expect(await readerView(async (get) => (await get('/articles/story')).body)).toContain('Comments are closed on this article.');

    const bad = await runCli(dataDir, ['comments', 'approve', 'seven']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"seven" is not a comment ID');
    const badStatus = await runCli(dataDir, ['comments', 'list', '--status', 'hidden']);
    expect(badStatus.stderr).toContain('--status must be one of pending, approved, spam, trash or all');
  });
});

describe('broadsheet serve, migrate, demo and help', () => {
  it('serves the demo publication on first start at the address it prints', async () => {
    const server = await startServer(dataDir);
    try {
      expect(server.output()).toContain('Loaded the demo publication');
      const home = await fetch(server.url);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain('The Harbour Ledger');
      expect(html.match(/class="teaser-headline"/g)?.length).toBe(10);
      expect(html).toContain('/?page=2');
    } finally {
      server.process.kill('SIGTERM');
    }
  });

  it('prints a one-time set-up link for the first administrator, and the sign-in address once one exists', async () => {
    const first = await startServer(dataDir);
    try {
      const link = await waitFor(() => /(http:\/\/\S+\/admin\/setup\/\S+)/.exec(first.output())?.[1]);
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const csrfCookie = page.headers
        .getSetCookie()
        .find((cookie) => cookie.startsWith('broadsheet_csrf='))!
        .split(';')[0]!;
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const created = await fetch(link, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
        body: new URLSearchParams({
          _csrf: token,
          displayName: 'Ada Founder',
          email: 'ada@harbour.test',
          password: 'a long enough password',
        }),
      });
      expect(created.status).toBe(303);
      expect(created.headers.get('location')).toBe('/admin');
      expect((await fetch(link)).status).toBe(404);
    } finally {
      first.process.kill('SIGTERM');
    }
    const second = await startServer(dataDir);
    try {
      await waitFor(() => (second.output().includes('Newsroom:') ? true : undefined));
      expect(second.output()).toMatch(/Newsroom: {3}sign in at http:\/\/\S+\/admin/);
      expect(second.output()).not.toContain('/admin/setup/');
    } finally {
      second.process.kill('SIGTERM');
    }
  });

  it('migrates once and reports an up-to-date database after', async () => {
    expect((await runCli(dataDir, ['migrate'])).stdout).toContain('Applied: 001-initial');
    expect((await runCli(dataDir, ['migrate'])).stdout).toContain('The database is up to date.');
  });

  it('loads the demo on request without duplicating its comments', async () => {
    expect((await runCli(dataDir, ['demo'])).stdout).toMatch(/14 articles and \d+ new comments/);
    expect((await runCli(dataDir, ['demo'])).stdout).toContain('14 articles and 0 new comments');
  });

  it('rejects an unknown command and bad configuration with exit code 2', async () => {
    const unknown = await runCli(dataDir, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const config = await runCli(dataDir, ['migrate'], { PORT: 'abc' });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('PORT must be a port number');
    expect((await runCli(dataDir, ['help'])).stdout).toContain('broadsheet publish FILE.md');
  });
});

/** Polls until `probe` returns a value (the server prints its lines as they come). */
async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the server output');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
