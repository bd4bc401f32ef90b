import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Role, StaffUser } from '../../src/domain/shared/model.ts';
import { toZonedLocal } from '../../src/domain/shared/zoned-time.ts';
import { startTestSite, type TestSite } from './app.ts';
import { launchBrowser } from './browser.ts';
import { buildStaff, STAFF_PASSWORD } from './staff.ts';

// One site, served on a real port, and one Chromium for a whole test file; each test's pages
// are closed after it. Set by `useNewsroomBrowser`.
export let site: TestSite;
/** The site's address, `http://127.0.0.1:PORT`. */
export let base: string;
let browser: Browser;
/** The browser profiles a test opened; closed after it, pass or fail, so no page keeps running. */
let contexts: BrowserContext[] = [];

/**
 * Starts the site (with what `seed` puts in it) and the browser before the calling file's tests,
 * closes each test's pages after it, and both after the last test.
 */
export function useNewsroomBrowser(seed: (site: TestSite) => Promise<void> = async () => {}): void {
  beforeAll(async () => {
    site = await startTestSite();
    await seed(site);
    base = await site.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // Fail within the test's own time limit, naming the step that did not happen.
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

/** A page in a browser profile of its own (own cookies, own storage), accepting every confirm dialog. */
export async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return newPage(context);
}

/** Does what makes `page` load another document (or the same one again), and waits until it has loaded. */
export async function loadsPage(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }), action()]);
  await page.waitForLoadState();
}

/** Fills the sign-in form the page shows and sends it. */
export async function submitSignIn(page: Page, email: string, password = STAFF_PASSWORD): Promise<void> {
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.locator('input#password').fill(password);
  await loadsPage(page, () => page.getByRole('button', { name: 'Sign in' }).click());
}

/** A staff member of `role`, signed in through the real form in a browser of their own. */
export async function signedIn(role: Role): Promise<{ page: Page; user: StaffUser }> {
  const user = await buildStaff(site, role);
  const page = await freshPage();
  await page.goto(`${base}/admin/sign-in`);
  await submitSignIn(page, user.email);
  expect(new URL(page.url()).pathname).toBe('/admin');
  return { page, user };
}

/** Opens the editor for an article, or for a new one. */
export async function openEditor(page: Page, articleId: number | 'new'): Promise<void> {
  const response = await page.goto(`${base}/admin/articles/${articleId}`);
  expect(response?.status()).toBe(200);
}

/** Presses one of the editor's buttons and waits for the page the server answers with. */
export async function pressEditorButton(page: Page, label: string): Promise<void> {
  await loadsPage(page, () => page.getByRole('button', { name: label, exact: true }).click());
}

/** Types a term into the tags field, key by key, and waits for the suggestions for the whole term. */
export async function typeTagTerm(page: Page, term: string): Promise<void> {
  const answered = page.waitForResponse(
    (r) => r.url().includes('/admin/articles/tag-suggestions?') && new URL(r.url()).searchParams.get('q') === term,
  );
  await page.getByRole('combobox', { name: 'Tags' }).pressSequentially(term);
  await (await answered).finished();
}

/** The text of the message the newsroom shows after an action. */
export async function flash(page: Page): Promise<string | null> {
  return page.locator('.flash').textContent();
}

/** The id in the editor's address, /admin/articles/ID. */
export function editedArticleId(page: Page): number {
  const match = /^\/admin\/articles\/(\d+)$/.exec(new URL(page.url()).pathname);
  expect(match, `not an editor address: ${page.url()}`).not.toBeNull();
  return Number(match![1]);
}

/** A time as the publication-date field takes it, in the site's time zone. */
export function localInput(date: Date): string {
  return toZonedLocal(date, site.config.site.timeZone);
}

/**
 * A public address as a signed-out reader arriving opens it, in a profile of their own: a browser
 * that showed the page before may keep its copy for CACHE_MAX_AGE seconds (docs/caching.md), and
 * the test clock's jumps are no time to the browser.
 */
export async function readerVisit(path: string): Promise<{ status: number; page: Page }> {
  const reader = await browser.newContext();
  contexts.push(reader);
  const page = await newPage(reader);
  const response = await page.goto(`${base}${path}`);
  return { status: response?.status() ?? 0, page };
}

/** The status a reader gets at a public address. */
export async function publicStatus(path: string): Promise<number> {
  const { status, page } = await readerVisit(path);
  await page.close();
  return status;
}
