import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitComment } from '../src/domain/comments/comments.ts';
import { issueCommentFormToken } from '../src/domain/comments/spam/form-token.ts';
import { FORM_WAIT_MS } from './support/comment-form.ts';
import type { Article, Role } from '../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { Agent, buildStaff, staffAgent } from './support/staff.ts';

/**
 * The whole permission matrix, walked over HTTP the way a browser or a forged request would send
 * it: every role against every action, each either done or refused with 403 by the server.
 */

interface Fixtures {
  readonly site: TestSite;
  readonly agent: Agent;
  /** Someone else's draft and someone else's published article. */
  readonly othersDraft: Article;
  readonly othersPublished: Article;
  /** A draft and a published article of the signed-in user's own. */
  readonly ownDraft: Article;
  readonly ownPublished: Article;
  readonly pendingCommentId: number;
  /** A published standalone page. */
  readonly pageId: number;
}

type Action = (f: Fixtures) => Promise<{ statusCode: number }>;

const articleFields = (headline: string) => ({
  headline,
  standfirst: '',
  body: 'A paragraph of text.',
  tags: 'Testing',
  slug: '',
  publishedAt: '',
  language: '',
});

const ALL: readonly Role[] = ['contributor', 'author', 'editor', 'admin'];
const AUTHORS_UP: readonly Role[] = ['author', 'editor', 'admin'];
const EDITORS_UP: readonly Role[] = ['editor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

const MATRIX: ReadonlyArray<{ action: string; allowed: readonly Role[]; run: Action }> = [
  { action: 'open the article list', allowed: ALL, run: ({ agent }) => agent.get('/admin') },
  {
    action: 'write a draft',
    allowed: ALL,
    run: ({ agent }) => agent.post('/admin/articles', { ...articleFields('A fresh draft'), intent: 'draft' }),
  },
  {
    action: 'edit their own draft',
    allowed: ALL,
    run: ({ agent, ownDraft }) => agent.post(`/admin/articles/${ownDraft.id}`, { ...articleFields('Own draft, edited'), intent: 'draft' }),
  },
  {
    action: 'publish a new article',
    allowed: AUTHORS_UP,
    run: ({ agent }) => agent.post('/admin/articles', { ...articleFields('Straight to print'), intent: 'publish' }),
  },
  {
    action: 'publish their own draft',
    allowed: AUTHORS_UP,
    run: ({ agent, ownDraft }) =>
      agent.post(`/admin/articles/${ownDraft.id}`, { ...articleFields('Own draft, published'), intent: 'publish' }),
  },
  {
    action: 'edit their own published article',
    allowed: AUTHORS_UP,
    run: ({ agent, ownPublished }) =>
      agent.post(`/admin/articles/${ownPublished.id}`, {
        ...articleFields('Own story, updated'),
        slug: ownPublished.slug,
        intent: 'update',
      }),
  },
  {
    action: 'unpublish their own article',
    allowed: AUTHORS_UP,
    run: ({ agent, ownPublished }) =>
      agent.post(`/admin/articles/${ownPublished.id}`, { ...articleFields('Own story'), slug: ownPublished.slug, intent: 'unpublish' }),
  },
  {
    action: 'correct their own article',
    allowed: AUTHORS_UP,
    run: ({ agent, ownPublished }) =>
      agent.post(`/admin/articles/${ownPublished.id}/corrections`, { correction: 'An earlier version misspelt a name.' }),
  },
  {
    action: 'open someone else’s draft',
    allowed: EDITORS_UP,
    run: ({ agent, othersDraft }) => agent.get(`/admin/articles/${othersDraft.id}`),
  },
  {
    action: 'edit someone else’s draft',
    allowed: EDITORS_UP,
    run: ({ agent, othersDraft }) =>
      agent.post(`/admin/articles/${othersDraft.id}`, { ...articleFields('Someone else’s draft, edited'), intent: 'draft' }),
  },
  {
    action: 'publish someone else’s draft',
    allowed: EDITORS_UP,
    run: ({ agent, othersDraft }) =>
      agent.post(`/admin/articles/${othersDraft.id}`, { ...articleFields('Someone else’s draft, published'), intent: 'publish' }),
  },
  {
    action: 'correct someone else’s article',
    allowed: EDITORS_UP,
    run: ({ agent, othersPublished }) =>
      agent.post(`/admin/articles/${othersPublished.id}/corrections`, { correction: 'The figure was 12, not 21.' }),
  },
  { action: 'open the moderation queue', allowed: EDITORS_UP, run: ({ agent }) => agent.get('/admin/comments') },
  {
    action: 'approve a comment',
    allowed: EDITORS_UP,
    run: ({ agent, pendingCommentId }) => agent.post(`/admin/comments/${pendingCommentId}/approve`, {}),
  },
  {
    action: 'bulk-trash comments',
    allowed: EDITORS_UP,
    run: ({ agent, pendingCommentId }) => agent.post('/admin/comments/bulk', { ids: [String(pendingCommentId)], action: 'trash' }),
  },
  {
    action: 'reply as staff',
    allowed: EDITORS_UP,
    run: ({ agent, pendingCommentId }) =>
      agent.post(`/admin/comments/${pendingCommentId}/reply`, { comment: 'Thank you, we have corrected it.' }),
  },
  {
    action: 'close comments on an article',
    allowed: EDITORS_UP,
    run: ({ agent, othersPublished }) => agent.post(`/admin/articles/${othersPublished.id}/comments`, { open: '0' }),
  },
  { action: 'open tag management', allowed: EDITORS_UP, run: ({ agent }) => agent.get('/admin/tags') },
  { action: 'create a tag', allowed: EDITORS_UP, run: ({ agent }) => agent.post('/admin/tags', { name: 'Weather', description: '' }) },
  { action: 'add a tag alias', allowed: EDITORS_UP, run: ({ agent }) => agent.post('/admin/tags/testing/aliases', { alias: 'Tests' }) },
  { action: 'open the pages list', allowed: EDITORS_UP, run: ({ agent }) => agent.get('/admin/pages') },
  { action: 'open the new page form', allowed: EDITORS_UP, run: ({ agent }) => agent.get('/admin/pages/new') },
  {
    action: 'write a page',
    allowed: EDITORS_UP,
    run: ({ agent }) =>
      agent.post('/admin/pages', { title: 'Corrections policy', slug: '', body: 'We correct errors promptly.', status: 'published' }),
  },
  {
    action: 'edit a page',
    allowed: EDITORS_UP,
    run: ({ agent, pageId }) =>
      agent.post(`/admin/pages/${pageId}`, { title: 'Contact us', slug: `contact-${pageId}`, body: 'Call the desk.', status: 'draft' }),
  },
  { action: 'delete a page', allowed: EDITORS_UP, run: ({ agent, pageId }) => agent.post(`/admin/pages/${pageId}/delete`) },
  { action: 'open the staff list', allowed: ADMINS, run: ({ agent }) => agent.get('/admin/users') },
  {
    action: 'add a member of staff',
    allowed: ADMINS,
    run: ({ agent }) =>
      agent.post('/admin/users', {
        email: 'new.hire@newsroom.test',
        displayName: 'New Hire',
        role: 'author',
        password: 'a long enough password',
      }),
  },
  { action: 'open the site settings', allowed: ADMINS, run: ({ agent }) => agent.get('/admin/settings') },
  {
    action: 'change the site settings',
    allowed: ADMINS,
    run: ({ agent }) =>
      agent.post('/admin/settings', {
        title: 'The Harbour Ledger',
        description: 'News.',
        language: 'en',
        timeZone: 'UTC',
        commentPolicy: 'hold_first_time',
        closeCommentsAfterDays: '0',
      }),
  },
];

describe.each(ALL)('a signed-in %s', (role) => {
  let site: TestSite;
  let fixtures: () => Promise<Fixtures>;
  beforeAll(async () => {
    site = await startTestSite();
    fixtures = async () => {
      const { agent, user } = await staffAgent(site, role);
      const deps = site.runtime.deps;
      const othersDraft = await buildArticle(deps, { author: 'Other Writer', status: 'draft' });
      const othersPublished = await buildArticle(deps, { author: 'Other Writer', tags: ['Testing'] });
      const ownDraft = await buildArticle(deps, { author: user.displayName, status: 'draft' });
      const ownPublished = await buildArticle(deps, { author: user.displayName });
      const formToken = await issueCommentFormToken(deps, { articleSlug: othersPublished.slug });
      site.clock.advance(FORM_WAIT_MS);
      const comment = await submitComment(deps, {
        articleSlug: othersPublished.slug,
        parentId: null,
        name: 'A Reader',
        email: `reader${Math.random()}@example.com`,
        website: '',
        body: `Is the figure in the third paragraph of ${othersPublished.headline} right?`,
        honeypot: '',
        clientAddress: `198.51.100.${Math.floor(Math.random() * 250)}`,
        userAgent: 'test',
        formToken,
      });
      const now = deps.clock.now();
      const pageId = await deps.store.pages.insert({
        slug: `contact-${Math.random().toString(36).slice(2)}`,
        title: 'Contact us',
        status: 'published',
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
        authorId: othersPublished.authorId,
        bodyFormat: 'markdown',
        bodySource: 'Write to the desk.',
        bodyHtml: '<p>Write to the desk.</p>\n',
      });
      return { site, agent, othersDraft, othersPublished, ownDraft, ownPublished, pendingCommentId: comment.id, pageId };
    };
  });
  afterAll(async () => site.close());

  it.each(MATRIX.map((entry) => [entry.action, entry] as const))('may %s only if the matrix allows it', async (_name, entry) => {
    const response = await entry.run(await fixtures());
    if (entry.allowed.includes(role)) {
      expect(response.statusCode, `${role} should be allowed to ${entry.action}`).toBeGreaterThanOrEqual(200);
      expect(response.statusCode, `${role} should be allowed to ${entry.action}`).toBeLessThan(400);
    } else {
      expect(response.statusCode, `${role} should be refused to ${entry.action}`).toBe(403);
    }
  });
});

describe('the refusals change nothing', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => site.close());

  it('a contributor’s direct publish request leaves the draft a draft', async () => {
    const { agent, user } = await staffAgent(site, 'contributor');
    const draft = await buildArticle(site.runtime.deps, { author: user.displayName, status: 'draft', headline: 'Still a draft' });
    const response = await agent.post(`/admin/articles/${draft.id}`, { ...articleFields('Still a draft'), intent: 'publish' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your role cannot publish this article.');
    expect((await site.runtime.deps.store.articles.findById(draft.id))?.status).toBe('draft');
    expect((await site.app.inject({ url: `/articles/${draft.slug}` })).statusCode).toBe(404);
  });

  it('nobody signed out gets anything: pages ask for sign-in, forms are refused', async () => {
    const staff = await buildStaff(site, 'admin');
    expect(staff.role).toBe('admin');
    const anonymous = new Agent(site);
    for (const path of [
      '/admin',
      '/admin/articles/new',
      '/admin/comments',
      '/admin/tags',
      '/admin/pages',
      '/admin/users',
      '/admin/settings',
      '/admin/account',
    ]) {
      const response = await anonymous.get(path);
      expect(response.statusCode, path).toBe(303);
      expect(response.headers.location).toBe(`/admin/sign-in?next=${encodeURIComponent(path)}`);
    }
    await anonymous.get('/admin/sign-in');
    const post = await anonymous.post('/admin/users', {
      email: 'x@newsroom.test',
      displayName: 'X',
      role: 'admin',
      password: 'a long enough password',
    });
    expect(post.statusCode).toBe(401);
    expect(await site.runtime.deps.store.users.findByEmail('x@newsroom.test')).toBeNull();
  });

  it('a form without its CSRF token is refused even with a valid session', async () => {
    const { agent } = await staffAgent(site, 'admin');
    const forged = await agent.post('/admin/tags', { _csrf: '', name: 'Forged tag', description: '' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('it has expired, or it was sent from another site');
    expect(await site.runtime.deps.store.tags.findByNameOrAlias('Forged tag')).toBeNull();
  });
});
