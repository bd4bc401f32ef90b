import type { LightMyRequestResponse } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load.ts';
import { issueSetupLink } from '../../src/domain/people/accounts.ts';
import { requestPasswordReset } from '../../src/domain/people/password-resets.ts';
import { readArticleForEditing, saveArticle } from '../../src/domain/articles/editor.ts';
import { draftOf, editorFormValues } from '../../src/http/admin/editor-form.ts';
import { listComments, moderateComments } from '../../src/domain/comments/moderation.ts';
import { actorOf, type StaffActor } from '../../src/domain/shared/policy.ts';
import { addCorrection } from '../../src/domain/articles/revisions.ts';
import { viewSiteSettings } from '../../src/domain/site/site-settings.ts';
import type { Deps } from '../../src/domain/store.ts';
import { SESSION_COOKIE } from '../../src/http/admin/session.ts';
import { settingsFormValues } from '../../src/views/admin/settings.tsx';
import { startTestSite, TestOutbox, type TestSite } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { axeProblems, crawl, validateHtml, type FetchedPage } from '../support/html-checks.ts';
import { Agent, buildStaff, signInAgent, STAFF_PASSWORD } from '../support/staff.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** Enough pages of one route (editor, revisions, comment edit...) to check its template, not its data. */
const PAGES_PER_ROUTE = 3;

type Viewer = 'admin' | 'contributor' | 'visitor';
interface CheckedPage {
  readonly name: string;
  readonly path: string;
  readonly status: number;
  readonly html: string;
  readonly viewer: Viewer;
  /** The answer to a POST, or a page only reachable before the admin existed: the browser is handed the recorded answer. */
  readonly replay?: { readonly headers: Record<string, string> };
}

let site: TestSite;
let base: string;
let browser: Browser;
let crawled: Map<string, FetchedPage>;
const checked: CheckedPage[] = [];
const cookies: Partial<Record<Viewer, string>> = {};
const find = (name: string) => checked.find((page) => page.name === name)!;

/**
 * The route a newsroom link belongs to: ids and tag slugs become placeholders, and so does any query
 * value but a plain word, which names a tab or filter (?status=spam) worth a look of its own.
 */
function routeOf(link: string): string {
  const [pathname = '', search = ''] = link.split('?');
  const route = pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/^\/admin\/tags\/[^/]+/, '/admin/tags/:slug');
  const query = [...new URLSearchParams(search)].map(([key, value]) => `${key}=${/^[a-z]+$/.test(value) ? value : '*'}`);
  return query.length > 0 ? `${route}?${query.sort().join('&')}` : route;
}

function newsroomLinksToFollow(): (link: string) => boolean {
  const followed = new Map<string, number>();
  return (link) => {
    if (!/^\/admin(\/|\?|$)/.test(link)) return false;
    const count = followed.get(routeOf(link)) ?? 0;
    followed.set(routeOf(link), count + 1);
    return count < PAGES_PER_ROUTE;
  };
}

function sessionOf(agent: Agent): string {
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(agent.cookieHeader)?.[1];
  if (!token) throw new Error('the agent is not signed in');
  return token;
}

/** Records a page the app answered through `inject`; `replay` for a page the browser cannot ask for by URL. */
function record(name: string, path: string, res: LightMyRequestResponse, viewer: Viewer, replay = false): void {
  const headers: Record<string, string> = {};
  for (const header of ['content-type', 'content-security-policy']) {
    if (res.headers[header] !== undefined) headers[header] = String(res.headers[header]);
  }
  checked.push({ name, path, status: res.statusCode, html: res.body, viewer, ...(replay ? { replay: { headers } } : {}) });
}

/** Opens the page holding a form, posts the form as that page would, and records the answer. */
async function submit(viewer: Viewer, agent: Agent, name: string, form: { on: string; to: string; fields: Record<string, string> }) {
  await agent.get(form.on);
  record(name, form.to, await agent.post(form.to, form.fields), viewer, true);
}

const fieldError = (html: string, id: string) => new RegExp(`<span class="field-error" id="${id}-error">([^<]*)</span>`).exec(html)?.[1];

/** A second revision to compare, a correction for the editor to list, and a comment in every tab of the queue. */
async function giveEveryPageSomethingToShow(deps: Deps, actor: StaffActor, timeZone: string): Promise<Record<string, string>> {
  const edited = (await deps.store.articles.listPublic({ now: deps.clock.now(), limit: 1, offset: 0 })).items[0]!;
  const fields = editorFormValues(await readArticleForEditing(deps, { actor, articleId: edited.id }), timeZone);
  const changed = { ...fields, standfirst: `${fields.standfirst} Updated.` };
  await saveArticle(deps, { actor, articleId: edited.id, draft: draftOf(changed, timeZone), intent: 'update', timeZone });
  await addCorrection(deps, { actor, articleId: edited.id, correction: 'An earlier version gave the wrong date.' });
  const [toSpam, toTrash] = await listComments(deps, { actor, status: 'approved', limit: 2 });
  await moderateComments(deps, { actor, ids: [toSpam!.id], action: 'spam' });
  await moderateComments(deps, { actor, ids: [toTrash!.id], action: 'trash' });
  return fields;
}

beforeAll(async () => {
  site = await startTestSite({ mailer: new TestOutbox() });
  const { deps } = site.runtime;
  await loadDemo(deps);
  base = await site.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();

  // The set-up page exists only while the newsroom has no staff at all.
  const setupPath = `/admin/setup/${await issueSetupLink(deps)}`;
  record('set-up page', setupPath, await site.app.inject({ url: setupPath }), 'visitor', true);

  const adminUser = await buildStaff(site, 'admin');
  const actor = actorOf(adminUser);
  const settings = settingsFormValues(await viewSiteSettings(deps, { actor, defaults: site.config.site }));
  const fields = await giveEveryPageSomethingToShow(deps, actor, settings.timeZone);
  const [pending] = await listComments(deps, { actor, status: 'pending', limit: 1 });

  const admin = await signInAgent(site, adminUser);
  cookies.admin = sessionOf(admin);
  crawled = await crawl(base, '/admin', newsroomLinksToFollow(), { cookie: `${SESSION_COOKIE}=${cookies.admin}` });
  for (const { path, status, html } of crawled.values()) checked.push({ name: path, path, status, html, viewer: 'admin' });
  for (const path of ['/admin?q=harbour&status=published', `/admin/comments/${pending!.id}/reply`, '/admin/articles/999999']) {
    record(path, path, await admin.get(path), 'admin');
  }

  const emptyArticle = {
    ...Object.fromEntries(Object.keys(fields).map((name) => [name, ''])),
    body: 'A first paragraph.',
    intent: 'draft',
  };
  await submit('admin', admin, 'refused article', { on: '/admin/articles/new', to: '/admin/articles', fields: emptyArticle });
  await submit('admin', admin, 'refused tag', { on: '/admin/tags', to: '/admin/tags', fields: { name: 'Politics', description: '' } });
  const badZone = { ...settings, timeZone: 'Mars/Olympus_Mons' };
  await submit('admin', admin, 'refused settings', { on: '/admin/settings', to: '/admin/settings', fields: badZone });
  await admin.post('/admin/settings', settings);
  record('settings saved', '/admin/settings', await admin.get('/admin/settings'), 'admin', true);
  const newStaff = { displayName: 'Nell Reporter', role: 'author', password: '' };
  const staffForm = (email: string) => ({ on: '/admin/users', to: '/admin/users', fields: { ...newStaff, email } });
  await submit('admin', admin, 'refused staff member', staffForm('not-an-email'));
  await submit('admin', admin, 'generated password', staffForm('nell@newsroom.test'));

  const contributor = await signInAgent(site, await buildStaff(site, 'contributor'));
  cookies.contributor = sessionOf(contributor);
  record('staff list refused to a contributor', '/admin/users', await contributor.get('/admin/users'), 'contributor');

  const visitor = new Agent(site);
  const { token } = (await requestPasswordReset(deps, { email: adminUser.email }))!;
  for (const path of ['/admin/sign-in', '/admin/forgot', `/admin/reset/${token}`]) record(path, path, await visitor.get(path), 'visitor');
  const wrongPassword = { email: adminUser.email, password: `not ${STAFF_PASSWORD}`, next: '/admin' };
  await submit('visitor', visitor, 'refused sign-in', { on: '/admin/sign-in', to: '/admin/sign-in', fields: wrongPassword });
  await submit('visitor', visitor, 'reset link sent', { on: '/admin/forgot', to: '/admin/forgot', fields: { email: adminUser.email } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the newsroom, page by page', () => {
  it('every newsroom link an administrator can follow answers 200, and the crawl reaches every kind of page', () => {
    const broken = [...crawled.values()]
      .filter((p) => p.status !== 200)
      .map((p) => `${p.path} answered ${p.status} (linked from ${p.from})`);
    expect(broken.length, broken.join('\n')).toBe(0);

    const kinds = [
      /^\/admin$/,
      /^\/admin\/articles\/new$/,
      /^\/admin\/articles\/\d+$/,
      /^\/admin\/articles\/\d+\/preview$/,
      /^\/admin\/articles\/\d+\/revisions$/,
      /^\/admin\/articles\/\d+\/revisions\/compare\?from=\d+&to=\d+$/,
      /^\/admin\/comments$/,
      ...['approved', 'spam', 'trash', 'all'].map((tab) => new RegExp(`^/admin/comments\\?status=${tab}$`)),
      /^\/admin\/comments\/\d+\/edit\?back=/,
      /^\/admin\/tags$/,
      /^\/admin\/tags\/[^/?]+$/,
      /^\/admin\/users$/,
      /^\/admin\/users\/\d+$/,
      /^\/admin\/settings$/,
      /^\/admin\/account$/,
    ];
    const paths = [...crawled.keys()];
    expect(kinds.filter((kind) => !paths.some((p) => kind.test(p))).map(String)).toEqual([]);
  });

  it('answers the pages no link leads to: a filtered list, a reply form, the pages before sign-in, a 404 and a 403', () => {
    expect(find('/admin?q=harbour&status=published').html).toMatch(/\d+ articles? match/);
    expect(checked.find((p) => /^\/admin\/comments\/\d+\/reply$/.test(p.name))!.html).toContain('Send reply');
    expect(find('set-up page').status).toBe(200);
    expect(find('/admin/sign-in').status).toBe(200);
    expect(find('/admin/forgot').status).toBe(200);
    expect(checked.find((p) => p.name.startsWith('/admin/reset/'))!.status).toBe(200);
    expect(find('/admin/articles/999999').status).toBe(404);
    expect(find('staff list refused to a contributor').status).toBe(403);
  });

  it('gives each refused form back with its status and the message beside the field, and confirms a saved one', () => {
    expect(find('refused article').status).toBe(422);
    expect(fieldError(find('refused article').html, 'headline')).toMatch(/\w/);
    expect([409, 422]).toContain(find('refused tag').status);
    expect(fieldError(find('refused tag').html, 'new-name')).toMatch(/\w/);
    expect(find('refused settings').status).toBe(422);
    expect(fieldError(find('refused settings').html, 'timeZone')).toMatch(/time zone/);
    expect(find('refused staff member').status).toBe(422);
    expect(fieldError(find('refused staff member').html, 'email')).toMatch(/\w/);
    expect(find('settings saved').html).toContain('<p class="flash" role="status">Settings saved.</p>');
    expect(find('generated password').status).toBe(200);
    expect(find('generated password').html).toMatch(/<code>[^<]{8,}<\/code>/);
    expect(find('refused sign-in').status).toBe(422);
    expect(find('reset link sent').status).toBe(200);
  });

  it('every page passes the HTML checks (html-validate, and the Nu HTML Checker where Java is)', { timeout: 120_000 }, async () => {
    expect(checked.length).toBeGreaterThan(35);
    const problems = await validateHtml(checked.map(({ name, html }) => ({ name, html })));
    expect(problems.length, problems.join('\n')).toBe(0);
  });

  describe('axe-core finds no accessibility violations', () => {
    const contexts = new Map<string, BrowserContext>();
    beforeAll(async () => {
      const sizes = { desktop: { viewport: DESKTOP }, phone: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } };
      for (const viewer of ['admin', 'contributor', 'visitor'] as const) {
        for (const [size, options] of Object.entries(sizes)) {
          const context = await browser.newContext(options);
          const value = cookies[viewer];
          if (value) await context.addCookies([{ name: SESSION_COOKIE, value, domain: '127.0.0.1', path: '/admin', httpOnly: true }]);
          contexts.set(`${viewer} ${size}`, context);
        }
      }
    });
    afterAll(async () => {
      for (const context of contexts.values()) await context.close();
    });

    /** Opens the page as its viewer would, by URL or, for a recorded answer, handed to the browser at that URL. */
    async function check(page: CheckedPage, size: 'desktop' | 'phone'): Promise<string[]> {
      const tab = await contexts.get(`${page.viewer} ${size}`)!.newPage();
      try {
        const url = base + page.path;
        const { replay } = page;
        const answer = { status: page.status, headers: replay?.headers ?? {}, body: page.html };
        if (replay)
          await tab.route(
            (target) => target.href === url,
            (route) => route.fulfill(answer),
            { times: 1 },
          );
        const response = await tab.goto(url);
        expect(response?.status(), `${page.name} status`).toBe(page.status);
        return await axeProblems(tab, `${page.name} (${size})`);
      } finally {
        await tab.close();
      }
    }

    // One run in about six, a navigation of the npm-shipped Chromium never reached its load event
    // (page.goto timed out after 30 s on a page the server had answered). A real violation fails
    // every try, so a second try hides no accessibility problem, only that stall.
    it('on every page at desktop width', { timeout: 300_000, retry: 1 }, async () => {
      const found: string[] = [];
      // Two tabs at a time: axe is CPU-bound, and each tab has its own renderer.
      const next = checked.values();
      const tab = async () => {
        for (const page of next) found.push(...(await check(page, 'desktop')));
      };
      await Promise.all([tab(), tab()]);
      expect(found.length, found.join('\n')).toBe(0);
    });

    it('on the article list, the editor and the moderation queue on a phone', { timeout: 60_000 }, async () => {
      const editor = checked.find((p) => /^\/admin\/articles\/\d+$/.test(p.path))!;
      const problems: string[] = [];
      for (const page of [find('/admin'), find('/admin/articles/new'), editor, find('refused article'), find('/admin/comments')]) {
        problems.push(...(await check(page, 'phone')));
      }
      expect(problems.length, problems.join('\n')).toBe(0);
    });
  });
});
