import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addTagAlias, findOrCreateTag } from '../../src/domain/tags/tags.ts';
import { buildArticle } from '../support/factories.ts';
import { readerTakesTime } from '../support/comment-form.ts';
import {
  base,
  editedArticleId,
  flash,
  freshPage,
  loadsPage,
  localInput,
  openEditor,
  pressEditorButton,
  publicStatus,
  readerVisit,
  signedIn,
  site,
  submitSignIn,
  typeTagTerm,
  useNewsroomBrowser,
} from '../support/newsroom-browser.ts';
import { buildStaff } from '../support/staff.ts';

/** Every browser test waits for pages, scripts and the server; each gets room on a slow machine. */
const SLOW = 60_000;
const HOUR = 3_600_000;
const HK_TAG = 'Hong Kong Special Administrative Region';

// The tags the tag-suggestion test picks from, one of them by its alias.
useNewsroomBrowser(async ({ runtime }) => {
  const { store } = runtime.deps;
  await findOrCreateTag(store, 'Transport');
  await addTagAlias(store, await findOrCreateTag(store, HK_TAG), 'HKSAR');
});

describe('the newsroom in a real browser', () => {
  it('signs an editor in to the newsroom, and keeps the email when the password is wrong', { timeout: SLOW }, async () => {
    const user = await buildStaff(site, 'editor', { displayName: 'Wing Chan' });
    const page = await freshPage();
    await page.goto(`${base}/admin`);
    // A page that needs a session asks for one first.
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');

    await submitSignIn(page, user.email, 'not the right password');
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    expect(await page.locator('.form-errors').textContent()).toContain('That email and password do not match an active account.');
    expect(await page.locator('.form-errors').isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(user.email);
    expect(await page.locator('input#password').inputValue()).toBe('');

    await submitSignIn(page, user.email);
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.locator('.admin-account').textContent()).toContain('Wing Chan');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
  });

  it(
    'writes an article with tag suggestions, previews it, schedules it, and it appears when its time comes',
    { timeout: SLOW },
    async () => {
      const { page } = await signedIn('author');
      await Promise.all([page.waitForURL(`${base}/admin/articles/new`), page.getByRole('link', { name: 'New article' }).click()]);

      const headline = 'Cross-harbour tunnel tolls fall at night';
      const paragraphs = [
        'Drivers using the cross-harbour tunnel after 10pm will pay less from next month.',
        'The transport department says the change should spread traffic more evenly.',
        'Taxi associations welcomed the move but asked for a review after six months.',
      ];
      await page.getByRole('textbox', { name: 'Headline' }).fill(headline);
      await page.getByRole('textbox', { name: 'Standfirst' }).fill('Night-time tolls drop by a third to ease rush-hour queues.');
      await page.getByRole('textbox', { name: 'Body' }).fill(paragraphs.join('\n\n'));

      // The script turns the tags field into a combobox.
      const tags = page.getByRole('combobox', { name: 'Tags' });
      const suggestions = page.locator('#tags-listbox');
      await tags.click();
      await typeTagTerm(page, 'Trans');
      await suggestions.getByRole('option', { name: 'Transport', exact: true }).waitFor();
      await tags.press('ArrowDown');
      expect(await tags.getAttribute('aria-activedescendant')).toBe('tags-option-0');
      expect(await page.locator('#tags-option-0').textContent()).toBe('Transport');
      await tags.press('Enter');
      expect(await tags.inputValue()).toBe('Transport, ');
      expect(await suggestions.isHidden()).toBe(true);

      await typeTagTerm(page, 'HKS');
      const alias = suggestions.getByRole('option', { name: `HKSAR → ${HK_TAG}` });
      await alias.waitFor();
      await alias.click();
      expect(await tags.inputValue()).toBe(`Transport, ${HK_TAG}, `);

      // The live preview renders the Markdown as readers will get it.
      const livePreview = page.locator('#live-preview-body p');
      await expect.poll(() => livePreview.allTextContents()).toEqual(paragraphs);
      expect(await page.locator('#live-preview').isVisible()).toBe(true);

      await pressEditorButton(page, 'Save draft');
      expect(await flash(page)).toBe('Draft saved.');
      const articleId = editedArticleId(page);
      expect(await page.getByRole('combobox', { name: 'Tags' }).inputValue()).toBe(`Transport, ${HK_TAG}`);
      const slug = (await site.runtime.deps.store.articles.findById(articleId))!.slug;

      const [previewTab] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('button', { name: 'Preview', exact: true }).click(),
      ]);
      await previewTab.waitForLoadState();
      expect(await previewTab.locator('.preview-banner').isVisible()).toBe(true);
      expect(await previewTab.locator('.preview-banner').textContent()).toContain('Preview — not published.');
      expect(await previewTab.locator('h1.story-headline').textContent()).toBe(headline);
      expect(await previewTab.locator('.story-body p').allTextContents()).toEqual(paragraphs);
      await previewTab.close();
      expect(await publicStatus(`/articles/${slug}`)).toBe(404);

      const publishAt = new Date(site.clock.now().getTime() + 2 * HOUR);
      await page.getByLabel('Publication date and time').fill(localInput(publishAt));
      await pressEditorButton(page, 'Schedule');
      expect(await flash(page)).toMatch(/^Scheduled for /);
      expect((await site.runtime.deps.store.articles.findById(articleId))?.status).toBe('scheduled');

      const early = await readerVisit('/');
      expect(await early.page.locator('main').textContent()).not.toContain(headline);
      expect(await publicStatus(`/articles/${slug}`)).toBe(404);

      site.clock.advance(3 * HOUR);
      const home = await readerVisit('/');
      const link = home.page.getByRole('link', { name: headline });
      expect(await link.count()).toBeGreaterThan(0);
      expect(await link.first().getAttribute('href')).toBe(`/articles/${slug}`);

      const { status, page: story } = await readerVisit(`/articles/${slug}`);
      expect(status).toBe(200);
      const tagLinks = story.locator('nav.tag-line a');
      expect(await tagLinks.allTextContents()).toEqual(['Transport', HK_TAG]);
      expect(await tagLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
        '/tag/transport',
        '/tag/hong-kong-special-administrative-region',
      ]);
      await Promise.all([story.waitForURL(`${base}/tag/hong-kong-special-administrative-region`), tagLinks.nth(1).click()]);
      expect(await story.getByRole('link', { name: headline }).count()).toBeGreaterThan(0);
    },
  );

  it('restores an earlier revision of a published article, in the editor and on the site', { timeout: SLOW }, async () => {
    const original = 'Ferry fares frozen for another year';
    const article = await buildArticle(site.runtime.deps, { headline: original });
    const { page } = await signedIn('editor');
    await openEditor(page, article.id);

    await page.getByRole('textbox', { name: 'Headline' }).fill('Ferry fares to rise by five per cent');
    await pressEditorButton(page, 'Update');
    expect(await flash(page)).toBe('Updated on the site.');
    const { page: changed } = await readerVisit(`/articles/${article.slug}`);
    expect(await changed.locator('h1.story-headline').textContent()).toBe('Ferry fares to rise by five per cent');

    await Promise.all([page.waitForURL(/\/revisions$/), page.getByRole('link', { name: 'Revisions' }).click()]);
    const rows = page.locator('table.list tbody tr');
    const headlineIn = (row: Locator) => row.locator('td').nth(3).textContent();
    expect(await rows.count()).toBe(2);
    expect(await headlineIn(rows.first())).toBe('Ferry fares to rise by five per cent');
    // Newest first: the article as first stored is the last row.
    const first = rows.last();
    expect(await headlineIn(first)).toBe(original);
    await Promise.all([page.waitForURL(`${base}/admin/articles/${article.id}`), first.getByRole('button', { name: 'Restore' }).click()]);

    expect(await flash(page)).toContain('Revision restored.');
    expect(await page.getByRole('textbox', { name: 'Headline' }).inputValue()).toBe(original);
    const { page: restored } = await readerVisit(`/articles/${article.slug}`);
    expect(await restored.locator('h1.story-headline').textContent()).toBe(original);
    expect((await site.runtime.deps.store.revisions.listFor(article.id)).length).toBe(3);
  });

  it('moderates a reader’s pending comment through to the published article', { timeout: SLOW }, async () => {
    const article = await buildArticle(site.runtime.deps, { headline: 'Lantau cable car closed for maintenance' });
    const articlePath = `/articles/${article.slug}`;

    /** A signed-out reader posting through the article's own form. */
    async function postAsReader(name: string, email: string, text: string): Promise<Page> {
      const { page } = await readerVisit(articlePath);
      const typed = readerTakesTime(page, site);
      await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(text);
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
      await typed();
      await Promise.all([page.waitForURL(/\?comment=pending/), page.getByRole('button', { name: 'Post comment' }).click()]);
      expect(await page.locator('#comment-notice').textContent()).toContain('awaiting moderation');
      expect(await page.locator('main').textContent()).not.toContain(text);
      return page;
    }

    const firstText = 'Will the ferries run extra sailings while it is shut?';
    const reader = await postAsReader('Siu Ming', 'siu.ming@example.com', firstText);

    const { page: editor } = await signedIn('editor');
    const badge = editor.getByRole('navigation', { name: 'Newsroom' }).locator('.badge');
    expect(await badge.textContent()).toBe('1');
    await Promise.all([editor.waitForURL(`${base}/admin/comments`), editor.getByRole('link', { name: /^Comments/ }).click()]);
    const row = editor.locator('tr.queue-item', { hasText: firstText });
    expect(await row.count()).toBe(1);
    await loadsPage(editor, () => row.getByRole('button', { name: 'Approve comment by Siu Ming' }).click());
    expect(await flash(editor)).toBe('Comment approved.');
    expect(await badge.count()).toBe(0);
    expect(await editor.locator('tr.queue-item', { hasText: firstText }).count()).toBe(0);

    // The reader's browser may keep the article it showed for CACHE_MAX_AGE seconds; a reload asks the site.
    await reader.goto(`${base}${articlePath}`);
    await reader.reload();
    expect(await reader.locator('.comment-list .comment-body').allTextContents()).toEqual([expect.stringContaining(firstText)]);

    // The second comment is approved from the keyboard: j moves to it, a approves it.
    const secondText = 'The bus to Ngong Ping is a fine alternative meanwhile.';
    await postAsReader('Ka Yan', 'ka.yan@example.com', secondText);
    await editor.goto(`${base}/admin/comments`);
    expect(await badge.textContent()).toBe('1');
    expect(await editor.locator('tr.queue-item').count()).toBe(1);
    await editor.keyboard.press('j');
    expect(await editor.evaluate(() => document.activeElement?.classList.contains('queue-item'))).toBe(true);
    await loadsPage(editor, () => editor.keyboard.press('a'));
    expect(await flash(editor)).toBe('Comment approved.');
    expect(await editor.locator('.empty-queue').textContent()).toBe('No pending comments.');

    await reader.reload();
    expect(await reader.locator('.comment-list .comment-body').allTextContents()).toEqual([
      expect.stringContaining(firstText),
      expect.stringContaining(secondText),
    ]);

    // r opens a reply form under the comment; without the script, Reply is a link to the reply page.
    await editor.goto(`${base}/admin/comments?status=approved`);
    const replyLink = editor.locator('tr.queue-item', { hasText: secondText }).getByRole('link', { name: 'Reply to Ka Yan' });
    expect(await replyLink.getAttribute('href')).toMatch(/^\/admin\/comments\/\d+\/reply\?back=/);
    await editor.keyboard.press('j');
    await editor.keyboard.press('r');
    const replyField = editor.getByRole('textbox', { name: 'Your reply' });
    expect(await replyField.evaluate((field) => field === document.activeElement)).toBe(true);
    const replyText = 'The ferry company adds two sailings on Sundays.';
    await replyField.fill(replyText);
    await loadsPage(editor, () => editor.getByRole('button', { name: 'Send reply' }).click());
    expect(await flash(editor)).toBe('Reply published.');
    await reader.reload();
    expect(await reader.locator('.comment-list .comment-body').allTextContents()).toEqual([
      expect.stringContaining(firstText),
      expect.stringContaining(secondText),
      expect.stringContaining(replyText),
    ]);
  });

  it('refuses, on the server, a contributor’s request to publish', { timeout: SLOW }, async () => {
    const { page } = await signedIn('contributor');
    await openEditor(page, 'new');
    await page.getByRole('textbox', { name: 'Headline' }).fill('Contributor wants this on the front page');
    await page.getByRole('textbox', { name: 'Body' }).fill('A paragraph the editor has not read yet.');
    await pressEditorButton(page, 'Save draft');
    expect(await flash(page)).toBe('Draft saved.');
    const articleId = editedArticleId(page);

    expect(await page.getByRole('button', { name: 'Save draft' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Schedule' }).count()).toBe(0);

    // The button is missing, but a request can still be made: the page's own form, its real
    // CSRF token and the browser's session cookie, with intent=publish.
    const answer = await page.evaluate(async () => {
      const form = document.getElementById('editor') as HTMLFormElement;
      const fields = new URLSearchParams();
      for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields.append(name, value);
      fields.set('intent', 'publish');
      // A save would answer 303; not following it keeps that answer visible.
      const response = await fetch(form.action, { method: 'POST', body: fields, credentials: 'same-origin', redirect: 'manual' });
      return { status: response.status, text: await response.text(), sentToken: fields.get('_csrf') ?? '' };
    });
    expect(answer.sentToken).not.toBe('');
    expect(answer.status).toBe(403);
    // The policy refused it, not the CSRF check: the token and the session were good.
    expect(answer.text).toContain('Your role cannot publish this article.');

    const article = await site.runtime.deps.store.articles.findById(articleId);
    expect(article?.status).toBe('draft');
    expect(await publicStatus(`/articles/${article!.slug}`)).toBe(404);
  });

  it('refuses a form another site makes the signed-in browser post', { timeout: SLOW }, async () => {
    const { page } = await signedIn('admin');
    const forged: Record<string, { action: string; fields: Record<string, string> }> = {
      '/tag': { action: `${base}/admin/tags`, fields: { name: 'Forged', description: 'Made by another site' } },
      '/user': {
        action: `${base}/admin/users`,
        fields: { email: 'forged@attacker.test', displayName: 'Forged Admin', role: 'admin', password: 'attacker password 123' },
      },
    };
    // Another origin, and another site too: localhost is not 127.0.0.1.
    const attacker = http.createServer((request, response) => {
      const attack = forged[request.url ?? ''];
      if (!attack) return void response.writeHead(404).end();
      const inputs = Object.entries(attack.fields)
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
        .join('');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!DOCTYPE html><title>Win a prize</title><form id="f" method="post" action="${attack.action}">${inputs}</form>` +
          `<script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerPort = (attacker.address() as AddressInfo).port;
    try {
      for (const [path, attack] of Object.entries(forged)) {
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url() === attack.action && r.request().method() === 'POST'),
          // The page posts its form as soon as it is parsed: its own load is never waited for.
          page.goto(`http://localhost:${attackerPort}${path}`, { waitUntil: 'commit' }),
        ]);
        expect(response.status(), `POST ${attack.action}`).toBe(403);
        await page.waitForURL(attack.action);
        expect(await page.locator('main').textContent()).toContain('it was sent from another site');
      }
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }

    const { store } = site.runtime.deps;
    expect(await store.tags.findByNameOrAlias('Forged')).toBeNull();
    expect(await store.users.findByEmail('forged@attacker.test')).toBeNull();
    // The admin's own session was not harmed: the newsroom still opens.
    await page.goto(`${base}/admin/tags`);
    expect(new URL(page.url()).pathname).toBe('/admin/tags');
  });

  it('keeps the text typed when the session ends mid-edit, and saves it after signing in again', { timeout: SLOW }, async () => {
    const article = await buildArticle(site.runtime.deps, { headline: 'Typhoon signal guide', status: 'draft' });
    const { page, user } = await signedIn('editor');
    await openEditor(page, article.id);
    const body = page.getByRole('textbox', { name: 'Body' });
    const started = 'Signal No. 8 means gale or storm force winds are expected.';
    await body.fill(started);

    await site.runtime.deps.store.sessions.deleteForUser(user.id);
    const typed = `${started}\n\nSchools close when it is raised before 6am.`;
    await body.fill(typed);
    // The autosave, every few seconds, finds the session gone and says so.
    const status = page.locator('#autosave-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('Your session has ended — your text is kept');

    await pressEditorButton(page, 'Save draft');
    expect(await page.locator('h1').textContent()).toBe('Sign in to the newsroom');
    expect(await page.locator('.auth-card .notice').textContent()).toContain('what you typed is kept');
    expect((await site.runtime.deps.store.articles.findById(article.id))?.bodySource).not.toContain('Schools close');

    await submitSignIn(page, user.email);
    expect(new URL(page.url()).pathname).toBe(`/admin/articles/${article.id}`);
    expect(await page.locator('.restored-notice').isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Body' }).inputValue()).toBe(typed);

    await pressEditorButton(page, 'Save draft');
    expect(await flash(page)).toBe('Draft saved.');
    expect(await page.locator('.restored-notice').count()).toBe(0);
    expect((await site.runtime.deps.store.articles.findById(article.id))?.bodySource).toBe(typed);
  });
});
